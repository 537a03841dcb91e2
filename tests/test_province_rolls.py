"""Province rolls: today's 34 provinces, their communes, and the pre-2025 names that lead there."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from generator.commands.build import render_project
from generator.model.rolls import province_counts, unit_in_text
from generator.model.site import build_site
from generator.output import Rendered
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
        ("xa-dan-hoa/", "Xã Dân Hóa", "1"),
        ("xa-trieu-binh/", "Xã Triệu Bình", "3"),
        ("xa-trieu-phong/", "Xã Triệu Phong", "4"),  # with the household (ho-ong-le-van-tam)
    ]


def test_old_place_names_lead_to_todays_commune(rendered: Rendered) -> None:
    page = doc(rendered, "danh-sach/tinh/quang-tri/")
    assert (
        "<li>xã Triệu Thành, huyện Triệu Phong "
        '(nay là <a href="xa-trieu-phong/">xã Triệu Phong</a>)</li>'
    ) in page
    # A commune of a province merged in 2025 keeps its old province in the name.
    assert (
        "<li>xã Dân Hóa, huyện Minh Hóa, tỉnh Quảng Bình "
        '(nay là <a href="xa-dan-hoa/">xã Dân Hóa</a>)</li>'
    ) in page
    # Page 2 of the roll does not repeat the commune lists.
    assert "Tra theo địa danh" not in doc(rendered, "danh-sach/tinh/quang-tri/trang-2/")


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
