"""Results that do not depend on the caller's environment (tests, and the build itself).

Packaging and reproducible-build setups export SOURCE_DATE_EPOCH; editors set VINHDANH_LANG;
machines differ in TZ and LANG. tests/conftest.py removes or pins these at import, and the
build passes only its own PAGEFIND_* settings to Pagefind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.search import pagefind as search

HOSTILE = {
    "SOURCE_DATE_EPOCH": "1767225600",
    "TZ": "Asia/Ho_Chi_Minh",
    "LANG": "vi_VN.UTF-8",
    "VINHDANH_LANG": "en",
    "PAGEFIND_FORCE_LANGUAGE": "en",
}
# Tests that failed under the variables above before conftest.py set them aside.
SENSITIVE = [
    "tests/test_build.py::test_today_comes_from_the_data_or_source_date_epoch",
    "tests/test_build_images.py::test_check_reports_unusable_photos_consented_or_not",
    "tests/test_environment.py::test_the_callers_variables_are_set_aside",
]


def test_the_callers_variables_are_set_aside() -> None:
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert "VINHDANH_LANG" not in os.environ
    assert (os.environ["TZ"], os.environ["LANG"]) == ("UTC", "C.UTF-8")


@pytest.mark.slow
def test_tests_pass_in_a_hostile_environment() -> None:
    if os.environ.get("VINHDANH_INNER_RUN"):
        pytest.skip("already the inner run")
    env = {**os.environ, **HOSTILE, "VINHDANH_INNER_RUN": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SENSITIVE],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_pagefind_gets_only_our_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str] = {}

    class Recorder:
        def __init__(self, args: list[str], **kwargs: object) -> None:
            env = kwargs["env"]
            assert isinstance(env, dict)
            seen.update(env)
            raise OSError("not started in this test")

    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "en")
    monkeypatch.setenv("PAGEFIND_SITE", "/somewhere/else")
    monkeypatch.setattr(search.subprocess, "Popen", Recorder)
    with pytest.raises(OSError, match="not started"):
        search.PagefindService(Path("/bin/true"))
    pagefind = {k: v for k, v in seen.items() if k.startswith("PAGEFIND_")}
    assert pagefind == {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(search.INDEX_CHUNK_SIZE)}
    assert seen["PATH"] == os.environ["PATH"]
