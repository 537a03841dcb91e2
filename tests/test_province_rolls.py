"""Province rolls: today's 34 provinces, their communes, and the pre-2025 names that lead there."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.commands.build import build_project, render_project
from generator.model.rolls import commune_roll_target, province_counts, unit_in_text
from generator.model.site import build_site
from generator.output import Rendered
from generator.pages.rolls import FORMER_PAGES_FILE
from generator.reference.adminunits import NEW_ERA
from tests.browser import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "golden-project"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The golden fixture project (published entries in Quảng Trị and Hà Nội), rendered."""
    root = tmp_path_factory.mktemp("provinces") / "project"
    shutil.copytree(FIXTURE, root)
    _result, out = render_project(root, today=dt.date(2026, 1, 15))
    assert out is not None
    return out


def doc(rendered: Rendered, path: str) -> str:
    """The Markdown page served at site path `path`."""
    return rendered.docs[f"{path}index.md"]


def test_province_page_lists_communes_with_entries(rendered: Rendered) -> None:
    page = doc(rendered, "danh-sach/tinh/quang-tri/")
    communes = re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a> <span class="vd-muted">\((\d+) hồ sơ', page
    )
    assert communes == [
        # One entry, under `rolls.commune_page_min` (3): its rows on this page, at its id.
        ("./#xa-dan-hoa", "Xã Dân Hóa", "1"),
        ("xa-trieu-binh/", "Xã Triệu Bình", "3"),
        ("xa-trieu-phong/", "Xã Triệu Phong", "4"),  # with the household (ho-ong-le-van-tam)
    ]
    assert 'id="xa-dan-hoa"><th colspan="5" scope="colgroup">Xã Dân Hóa ' in page
    assert "danh-sach/tinh/quang-tri/xa-dan-hoa/index.md" not in rendered.docs


def test_old_place_names_lead_to_todays_commune(rendered: Rendered) -> None:
    page = doc(rendered, "danh-sach/tinh/quang-tri/")
    assert (
        "<li>xã Triệu Thành, huyện Triệu Phong "
        '(nay là <a href="xa-trieu-phong/">xã Triệu Phong</a>)</li>'
    ) in page
    # A commune of a province merged in 2025 keeps its old province in the name.
    assert (
        "<li>xã Dân Hóa, huyện Minh Hóa, tỉnh Quảng Bình "
        '(nay là <a href="./#xa-dan-hoa">xã Dân Hóa</a>)</li>'
    ) in page
    # The roll's later pages (none here: 8 rows) do not repeat the commune lists: see
    # tests/test_roll_pages.py.


def test_commune_roll_lists_its_entries_and_former_units(rendered: Rendered) -> None:
    page = doc(rendered, "danh-sach/tinh/quang-tri/xa-trieu-phong/")
    assert "<h1>Xã Triệu Phong, Tỉnh Quảng Trị</h1>" in page
    assert "Trước ngày 01/07/2025 gồm: thị trấn Ái Tử, huyện Triệu Phong; xã Triệu Thành" in page
    assert '<li><a href="../">Tỉnh Quảng Trị</a></li>' in page  # breadcrumbs
    names = re.findall(r'ho-so/[^"]+/">([^<]+)</a>', page)
    assert names == [
        "Trần Văn Bình",
        "Nguyễn Thị Hoa",
        "Hợp tác xã Nông nghiệp Triệu Thành",
        "Hộ ông Lê Văn Tám",  # by the head's given name
    ]


def test_commune_rolls_stay_out_of_the_rolls_index(rendered: Rendered) -> None:
    index = doc(rendered, "danh-sach/")
    assert "tinh/quang-tri/" in index
    assert "xa-trieu-phong" not in index
    assert 'href="tinh/"' in index


def test_province_index_lists_all_34_provinces(rendered: Rendered) -> None:
    page = doc(rendered, "danh-sach/tinh/")
    rows = re.findall(r"<tr>\n<td>(.*?)</td>\n<td>(\d+)</td>\n</tr>", page)
    assert len(rows) == 34
    linked = {re.sub(r"<[^>]+>", "", cell): int(n) for cell, n in rows if cell.startswith("<a ")}
    assert linked == {"Thành phố Hà Nội": 1, "Tỉnh Quảng Trị": 8}
    unlinked = [cell for cell, n in rows if not cell.startswith("<a ")]
    assert all(int(n) == 0 for cell, n in rows if cell in unlinked)
    assert "Tỉnh Lạng Sơn" in unlinked


def test_province_counts_cover_every_current_province() -> None:
    site, report = build_site(FIXTURE)
    assert site is not None and not report.errors
    counts = province_counts(site, site.published())
    assert len(counts) == len(site.admin.provinces(NEW_ERA)) == 34
    assert sum(n for _unit, n, _path in counts) == len(site.published())


def test_unit_names_inside_a_sentence() -> None:
    site, _report = build_site(FIXTURE)
    assert site is not None
    units = {u.name: u for u in site.admin.provinces(NEW_ERA)}
    assert unit_in_text(units["Hà Nội"]) == "thành phố Hà Nội"
    assert unit_in_text(units["Quảng Trị"]) == "tỉnh Quảng Trị"


# --- communes folded into their province's roll (issue #21, the output budget) -------------


def _with_config(root: Path, extra: str) -> Path:
    """`root`'s site_config.yml with `extra` YAML appended."""
    config = root / "site_config.yml"
    config.write_text(config.read_text("utf-8").rstrip("\n") + "\n" + extra, "utf-8")
    return root


def _links(html: str) -> list[str]:
    """Every href of an HTML page, as a real parser reads them."""
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(v for k, v in attrs if k == "href" and v)

    Links().feed(html)
    return found


def _ids(html: str) -> set[str]:
    found: set[str] = set()

    class Ids(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.update(v for k, v in attrs if k == "id" and v)

    Ids().feed(html)
    return found


def broken_links(site: Path) -> list[str]:
    """Links of the built site to a page or file that is not there, and links into the rolls
    (danh-sach/) whose #fragment names no element of the page they reach."""
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text("utf-8")
        for href in _links(html):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "tel:", "data:")):
                continue
            # 404.html links from the site's root (it is served at any depth).
            start = site if parts.path.startswith("/") else page.parent
            target = (start / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
                continue
            if parts.fragment and "danh-sach" in target.relative_to(site.resolve()).parts:
                if target not in ids:
                    ids[target] = _ids(target.read_text("utf-8"))
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {href} (no such id)")
    return broken


def test_a_folded_commune_is_reached_on_the_page_of_its_first_row() -> None:
    base = "danh-sach/tinh/ha-noi/"
    assert commune_roll_target(base, "xa-a", True, base) == (f"{base}xa-a/", "")
    assert commune_roll_target(base, "xa-a", False, base) == (base, "#xa-a")
    page = f"{base}tu-nguyen-van-a/"
    assert commune_roll_target(base, "xa-a", False, page) == (page, "#xa-a")


def _sitemap_pages(site: Path) -> list[str]:
    text = (site / "sitemap.xml").read_text("utf-8")
    return [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", text)]


@pytest.mark.slow
def test_no_link_of_the_folded_fixture_leads_nowhere(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    # Every commune folded; Triệu Phong's four rows start on page 1 of Quảng Trị (5 a page:
    # Dân Hóa 1, Triệu Bình 3) and go on on page 2, which heads them again.
    _with_config(root, "rolls:\n  commune_page_min: 5\n")
    assert build_project(root, today=dt.date(2026, 1, 15)).built
    site = root / "site"
    # No commune page, and no file at the former page 2's address: the 404 page sends it on
    # to the roll (generator.pages.rolls.render_former_pages).
    assert [p.parent.name for p in (site / "danh-sach/tinh").glob("*/*/index.html")] == []
    former = json.loads((site / FORMER_PAGES_FILE).read_text("utf-8"))["rolls"]
    assert former["danh-sach/tinh/quang-tri/"] == [2]
    first = (site / "danh-sach/tinh/quang-tri/index.html").read_text("utf-8")
    assert 'href="./#xa-trieu-phong"' in first and 'id="xa-trieu-phong"' in first
    assert broken_links(site) == []
    # The sitemap lists only pages that exist.
    pages = _sitemap_pages(site)
    home = min(pages, key=len)  # the site's address's own path
    assert any("danh-sach/tinh/quang-tri/" in p for p in pages)
    for path in pages:
        rel = path.removeprefix(home)
        assert (site / rel / "index.html").is_file() or (site / rel).is_file(), path


@pytest.mark.slow
def test_no_link_of_the_demo_leads_nowhere(demo_project: Path) -> None:
    site = demo_project / "site"
    assert broken_links(site) == []
    assert any("#" in h for h in _links((site / "danh-sach/tinh/quang-tri/index.html").read_text()))


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_a_commune_crossing_the_threshold_switches_in_an_incremental_build(
    tmp_path: Path,
) -> None:
    today = dt.date(2026, 1, 15)
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    # Triệu Phong (4) has its page, Triệu Bình (3) is folded.
    _with_config(root, "rolls:\n  commune_page_min: 4\n")
    assert build_project(root, today=today).built
    tinh = root / "site/danh-sach/tinh/quang-tri"
    assert (tinh / "xa-trieu-phong/index.html").is_file()
    assert not (tinh / "xa-trieu-binh").exists()
    # One entry moves from Triệu Phong to Triệu Bình: the two communes change places.
    moved = root / "profiles/tran-van-binh-trieu-phong.yml"
    moved.write_text(
        moved.read_text("utf-8").replace("  commune: Triệu Phong\n", "  commune: Triệu Bình\n"),
        "utf-8",
    )
    assert build_project(root, today=today).built
    assert (tinh / "xa-trieu-binh/index.html").is_file()
    assert not (tinh / "xa-trieu-phong").exists()
    page = (tinh / "index.html").read_text("utf-8")
    # Triệu Phong's rows are reached at their id, on the page holding them (broken_links).
    assert 'href="xa-trieu-binh/"' in page and '#xa-trieu-phong"' in page
    assert broken_links(root / "site") == []
    # The same bytes as a clean build of the same sources.
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("profiles", "content", "decisions"):
        if (root / name).is_dir():
            shutil.copytree(root / name, clean / name)
    shutil.copy2(root / "site_config.yml", clean / "site_config.yml")
    assert build_project(clean, today=today).built
    built, expected = _tree(root / "site"), _tree(clean / "site")
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []
