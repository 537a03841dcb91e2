"""Shared test options and fixtures: `--update-golden`, and the real-browser fixtures."""

from __future__ import annotations

import os

import pytest

# Tests set what they need: the caller's SOURCE_DATE_EPOCH would change every build's "today"
# (and with it which dates are in the future), VINHDANH_LANG the language of every message,
# TZ and LANG the formatting of dates and text. (CI is read on purpose: tests/browser.py.)
os.environ.pop("SOURCE_DATE_EPOCH", None)
os.environ.pop("VINHDANH_LANG", None)
os.environ["TZ"] = "UTC"
os.environ["LANG"] = os.environ["LC_ALL"] = "C.UTF-8"

# Re-exported so every test module can ask for them by name (see tests/browser.py).
from tests.browser import (  # noqa: F401
    chromium,
    demo_project,
    demo_site,
    phone_probe,
    phone_probe_schemes,
    probe,
)

# The day the synthetic projects' tests build on, as SOURCE_DATE_EPOCH: 2026-11-20 UTC, the
# `today` they pass to the build.
BUILD_DAY_EPOCH = "1795132800"


@pytest.fixture
def build_day(monkeypatch: pytest.MonkeyPatch) -> str:
    """SOURCE_DATE_EPOCH set to BUILD_DAY_EPOCH for one test (LANG and TZ are set above for
    every test): ask for it where the build's day is read from the environment."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY_EPOCH)
    return BUILD_DAY_EPOCH


@pytest.fixture
def walked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders `os.walk` is asked to walk while the test runs, in order (to show that a
    step reads no folder whole)."""
    tops: list[str] = []
    walk = os.walk

    def counted(top: str, *args: object, **kwargs: object) -> object:
        tops.append(str(top))
        return walk(top, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "walk", counted)
    return tops


def pytest_addoption(parser: pytest.Parser) -> None:
    """--update-golden: rewrite tests/golden/ from the current output instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="regenerate tests/golden/ (or set VINHDANH_UPDATE_GOLDEN=1); review the git diff",
    )


# Fixtures that build the demo or start the browser: a test asking for one is `slow` even when
# its module forgets the marker (`pytest -m "not slow"` must stay a quick inner loop).
BUILDS_THE_DEMO = frozenset({"demo_project", "demo_site", "chromium", "probe"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `slow` every test that uses a fixture of BUILDS_THE_DEMO."""
    for item in items:
        if BUILDS_THE_DEMO & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
