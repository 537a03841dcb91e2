"""Material's icons drawn from the theme's icons file (generator/theme/assets/images/icons.svg,
partials/vd-icon.html) rather than inlined in every page: issue #21's output budget (the
palette's two icons and the logo twice were ~1.4 KB a profile at 1,000 profiles). The reader sees
the same icons: each symbol is Material's own icon, and a real browser draws every one."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from generator.pages.mkdocsconfig import PALETTE
from tests.browser import DEMO_PAGES, PageProbe

ICONS = Path(__file__).resolve().parent.parent / "generator" / "theme" / "assets" / "images"
MATERIAL_ICONS = Path(str(files("material"))) / "templates" / ".icons"
# The logo's icon: Material's default (partials/logo.html), the configuration sets none; the
# search button's (partials/vd-search.html).
THEME_ICONS = ["material/library", "material/magnify"] + [
    option["toggle"]["icon"] for option in PALETTE
]


def _svg_parts(text: str) -> tuple[str, str]:
    """An icon file's viewBox and what its root element holds."""
    found = re.fullmatch(r'\s*<svg [^>]*viewBox="([^"]+)"[^>]*>(.*)</svg>\s*', text, re.S)
    assert found, text[:200]
    return found[1], found[2]


def test_every_icon_the_theme_draws_is_materials_own() -> None:
    sprite = (ICONS / "icons.svg").read_text("utf-8")
    assert sprite.startswith('<svg xmlns="http://www.w3.org/2000/svg">')
    symbols = {
        m[1]: (m[2], m[3])
        for m in re.finditer(r'<symbol id="([^"]+)" viewBox="([^"]+)">(.*?)</symbol>', sprite)
    }
    for icon in THEME_ICONS:
        view_box, body = _svg_parts((MATERIAL_ICONS / f"{icon}.svg").read_text("utf-8"))
        # partials/vd-icon.html draws every icon in a 24 x 24 box, as Material's are.
        assert view_box == "0 0 24 24", icon
        assert symbols.get(icon.replace("/", "-")) == (view_box, body), icon


@pytest.mark.slow
def test_a_page_draws_its_icons_from_the_icons_file(probe: PageProbe) -> None:
    page = probe.goto(DEMO_PAGES["profile-old-locality"][0])
    html = page.content()
    for icon in THEME_ICONS:
        _view_box, body = _svg_parts((MATERIAL_ICONS / f"{icon}.svg").read_text("utf-8"))
        path = re.fullmatch(r'<path d="([^"]+)"/>', body)
        assert path, body
        assert path[1] not in html, icon  # not inlined: the page links the icons file
    drawn: list[dict[str, Any]] = page.evaluate(
        "[...document.querySelectorAll('header svg use, .md-nav--primary svg use')].map(u => {"
        " const box = u.getBBox();"
        " return {href: u.getAttribute('href'), shown: u.ownerSVGElement.getClientRects().length,"
        " width: box.width, height: box.height}; })"
    )
    # The logo in the header, the palette's two toggles, the search button, the drawer's logo.
    assert [d["href"].rsplit("#", 1)[1] for d in drawn] == [
        "material-library",
        "material-weather-night",
        "material-weather-sunny",
        "material-magnify",
        "material-library",
    ], drawn
    # A symbol the browser found and drew has a box; a missing file or id draws nothing. Shown
    # at this width: the header's logo, the light scheme's toggle and the search button (the
    # drawer is closed).
    shown = [d for d in drawn if d["shown"]]
    assert len(shown) == 3, drawn
    assert all(d["width"] > 10 and d["height"] > 10 for d in shown), drawn
    probe.assert_clean()
