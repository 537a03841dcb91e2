"""Accessibility: the axe-core engine (npm's axe-core) finds nothing serious on any kind of page.

axe runs inside the real Chromium of tests/browser.py on one page of each kind, at desktop
width and, for the pages most read on phones, at phone width (the navigation becomes a drawer).
A violation of impact "serious" or "critical" fails the test; lesser ones are listed in the
failure message of a serious one but do not fail on their own.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import (
    DEMO_PAGES,
    NOT_FOUND_PATH,
    PageProbe,
    node_tool,
)

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

AXE = "axe-core/axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
PHONE_PAGES = ["home", "profile-old-locality", "province", "listing", "statistics"]


def run_axe(probe: PageProbe) -> list[dict[str, Any]]:
    """axe's violations on the page now open in `probe`."""
    probe.page.add_script_tag(path=str(node_tool(AXE)))
    result: dict[str, Any] = probe.page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: impact, rule, help, the first elements and why."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def check_page(probe: PageProbe, name: str) -> None:
    """Open page `name` of the demo and assert axe finds nothing serious or critical."""
    path = DEMO_PAGES[name][0]
    probe.goto(path, expect_status=404 if path == NOT_FOUND_PATH else 200)
    violations = run_axe(probe)
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"{path or '/'}:\n{describe(violations)}"


@pytest.mark.parametrize("name", list(DEMO_PAGES))
def test_no_serious_accessibility_violation(name: str, probe: PageProbe) -> None:
    check_page(probe, name)


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_no_serious_accessibility_violation_on_a_phone(name: str, phone_probe: PageProbe) -> None:
    check_page(phone_probe, name)
