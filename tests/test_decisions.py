"""Decisions honouring many (decisions/<slug>.yml): check, page, search, statistics, API, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from pathlib import Path

import pytest

from generator.commands.build import build_project
from generator.model.site import build_site
from generator.model.statistics import LISTS_NOT_COUNTED, Section, compute_statistics
from generator.search.records import iter_search_records
from tests.projects import write_small_project as write_project
from tests.test_check import errors_for, line_of, run_check
from tests.test_households import HOUSEHOLD

TODAY = dt.date(2026, 1, 15)
NAMES = ["Hộ ông Lò Văn A", "Hộ bà Đặng Thị Đào", "Gia đình ông Cà Văn Ơn", "Hộ ông Lò Văn Bun"]
DECISION = """\
slug: muong-phang-gdvh-2025
decision_number: 45/QĐ-UBND
decision_date: 2025-12-20
issuer: Chủ tịch UBND xã Mường Phăng
issuer_level: commune
award: gia-dinh-van-hoa
year: 2025
subject: công nhận 4 hộ gia đình đạt danh hiệu Gia đình văn hóa năm 2025
kind: household
locality: {province: Điện Biên, commune: Mường Phăng, as_of: 2025-12-20}
recipients:
""" + "".join(f"  - {name}\n" for name in NAMES)
FILE = "decisions/muong-phang-gdvh-2025.yml"


def decision_errors(tmp_path: Path, text: str, *args: str) -> list[str]:
    return errors_for(tmp_path, *args, **{FILE.replace("/", "__"): text})


def test_a_valid_decision_passes_and_is_counted_in_the_summary(tmp_path: Path) -> None:
    root = write_project(tmp_path, **{FILE.replace("/", "__"): DECISION})
    code, lines = run_check(root, "--lang", "vi")
    assert (code, lines) == (0, ["Đã kiểm tra 2 hồ sơ, 1 phong trào, 1 quyết định: không có lỗi."])
    _, lines = run_check(root, "--lang", "en")
    assert lines == ["Checked 2 profiles, 1 campaign, 1 decision: no errors."]


def test_unknown_award_points_at_its_line(tmp_path: Path) -> None:
    text = DECISION.replace("award: gia-dinh-van-hoa", "award: gia-dinh-van-hoaa")
    assert decision_errors(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'award:')}:1: award: unknown award id 'gia-dinh-van-hoaa' "
        "('gia-dinh-van-hoa'?)"
    ]


def test_recipient_kind_must_be_allowed_by_the_award(tmp_path: Path) -> None:
    text = DECISION.replace("kind: household", "kind: individual")
    lines = decision_errors(tmp_path, text)
    assert lines == [
        f"{FILE}:{line_of(text, 'kind:')}:1: kind: 'gia-dinh-van-hoa' is not given to a "
        "individual (only to: household)"
    ]
    mixed = DECISION + "  - {name: Nguyễn Văn Tư, kind: individual}\n"
    assert decision_errors(tmp_path, mixed)[0].startswith(
        f"{FILE}:{line_of(mixed, 'Nguyễn Văn Tư')}:27: recipients[4].kind: "
    )


def test_conferral_powers_by_the_decisions_date(tmp_path: Path) -> None:
    text = DECISION.replace("award: gia-dinh-van-hoa", "award: chien-si-thi-dua-toan-quoc")
    lines = decision_errors(tmp_path, text)
    assert any(
        # After 2025-07-01 the commune chair's powers are unverified: a warning, by that date.
        line.startswith(f"{FILE}:{line_of(text, 'issuer_level:')}:1: warning: issuer_level: ")
        for line in lines
    ), lines


def test_a_decision_needs_a_list_or_a_count(tmp_path: Path) -> None:
    bare = DECISION.split("recipients:")[0]
    assert decision_errors(tmp_path, bare) == [
        f"{FILE}:1:1: recipients: a decision needs a recipients list or a count"
    ]
    code, lines = run_check(
        write_project(tmp_path, **{FILE.replace("/", "__"): bare + "count: 1255\n"})
    )
    assert code == 0, lines
    short = DECISION + "count: 2\n"
    assert decision_errors(tmp_path, short) == [
        f"{FILE}:{line_of(short, 'count:')}:1: count: count 2 is smaller than the list (4 lines)"
    ]


def test_a_future_decision_is_an_error_on_the_builds_day(tmp_path: Path) -> None:
    lines = decision_errors(tmp_path, DECISION, "--today", "2025-12-01")
    assert lines == [
        f"{FILE}:{line_of(DECISION, 'decision_date:')}:1: decision_date: the award decision is "
        "dated 2025-12-20, after the build date 2025-12-01: a page cannot state what has not "
        "happened yet"
    ]


def test_a_list_of_thousands_loads_fast_and_under_the_cap(tmp_path: Path) -> None:
    many = (
        DECISION.split("recipients:")[0]
        + "recipients:\n"
        + "".join(f"  - Hộ ông Lò Văn Số{i}\n" for i in range(3000))
    )
    assert len(many.encode()) < 512 * 1024  # limits.max_file_bytes
    root = write_project(tmp_path, **{FILE.replace("/", "__"): many})
    started = time.perf_counter()
    site, report = build_site(root)
    assert time.perf_counter() - started < 5
    assert site is not None and not report.errors, report.errors
    assert site.decisions[0].count == 3000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project with a household profile and a decision listing that household."""
    root = write_project(
        tmp_path_factory.mktemp("decisions"),
        **{"profiles__ho-ong-lo-van-a.yml": HOUSEHOLD, FILE.replace("/", "__"): DECISION},
    )
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    return root


@pytest.mark.slow
def test_the_decision_page_lists_names_in_vietnamese_order(built: Path) -> None:
    html = (built / "site/quyet-dinh/muong-phang-gdvh-2025/index.html").read_text("utf-8")
    assert "Quyết định số 45/QĐ-UBND ngày 20/12/2025 của Chủ tịch UBND xã Mường Phăng" in html
    names = [html.index(f">{name}<") for name in NAMES]
    # By given name: A, Bun, Đào, Ơn (not by "Hộ"/"Gia đình", nor by family name).
    assert sorted(names) == [names[0], names[3], names[1], names[2]]
    index = (built / "site/quyet-dinh/index.html").read_text("utf-8")
    assert 'href="muong-phang-gdvh-2025/"' in index
    rolls = (built / "site/danh-sach/index.html").read_text("utf-8")
    assert 'href="../quyet-dinh/"' in rolls


@pytest.mark.slow
def test_households_have_their_roll(built: Path) -> None:
    roll = (built / "site/danh-sach/ho-gia-dinh/index.html").read_text("utf-8")
    assert "Hộ ông Lò Văn A" in roll


@pytest.mark.slow
def test_statistics_count_list_recipients_once(built: Path) -> None:
    rows = list(
        csv.reader(io.StringIO((built / "site/thong-ke/thong-ke.csv").read_text("utf-8-sig")))
    )
    award = {r[1]: r[2] for r in rows if r[0] == "award"}
    # Four households listed, one also with a profile citing the same decision: four in all.
    assert award["Gia đình văn hóa"] == "4"
    kind = {r[1]: r[2] for r in rows if r[0] == "kind"}
    assert kind["Hộ gia đình"] == "4"
    page = (built / "site/thong-ke/index.html").read_text("utf-8")
    assert "người đã có hồ sơ riêng ghi cùng số quyết định" in page


def figures(section: Section) -> dict[str, tuple[int, str | None]]:
    """key -> (value, link target) of a statistics section's rows."""
    return {r.key: (r.value, r.link.target if r.link else None) for r in section.rows}


def test_lists_count_in_their_province_and_campaign_once(tmp_path: Path) -> None:
    named = DECISION.replace("kind: household", "campaign: nong-thon-moi\nkind: household")
    root = write_project(
        tmp_path, **{"profiles__ho-ong-lo-van-a.yml": HOUSEHOLD, FILE.replace("/", "__"): named}
    )
    site, report = build_site(root)
    assert site is not None and not report.errors, report.errors
    stats = compute_statistics(site, TODAY)
    # Four households in Điện Biên: the profile's award and three more from the list (the
    # fourth is the profile citing the same decision, counted once).
    province = stats.section("province")
    assert figures(province)["dien-bien"] == (4, "danh-sach/tinh/dien-bien/")
    assert province.total == 6 and "cơ quan ra quyết định" in province.note
    assert stats.section("province_recorded").total == 6
    campaign = figures(stats.section("campaign"))
    assert campaign["nong-thon-moi"] == (4, "danh-sach/phong-trao/nong-thon-moi/")  # 1 + 3
    level = stats.campaigns["nong-thon-moi"][-1]
    assert (level.id, level.total) == ("campaign_level", 4)
    compact = {s.id: s for s in stats.provinces["dien-bien"]}
    assert compact["province_level"].total == 4 and compact["province_kind"].total == 4
    assert "1 quyết định" in compact["province_level"].note
    assert compact["province_work_role"].total == 1  # profiles only, and said so
    assert LISTS_NOT_COUNTED in compact["province_work_role"].note
    assert stats.provinces["quang-tri"][0].total == 1  # another province's list is not here
    for section_id in ("sector", "area", "area_coverage"):
        assert LISTS_NOT_COUNTED in stats.section(section_id).note, section_id
    # A list alone in its province: counted there, linked to the decisions (no roll).
    alone = write_project(tmp_path / "alone", **{FILE.replace("/", "__"): DECISION})
    site, _ = build_site(alone)
    assert site is not None
    stats = compute_statistics(site, TODAY)
    assert figures(stats.section("province"))["dien-bien"] == (4, "quyet-dinh/")
    assert figures(stats.section("campaign"))["chua-ro"][0] == 5
    assert "dien-bien" not in stats.provinces


@pytest.mark.slow
def test_province_roll_figures_include_its_lists(built: Path) -> None:
    page = (built / "site/danh-sach/tinh/dien-bien/index.html").read_text("utf-8")
    assert "Gồm cả danh sách của 1 quyết định do cơ quan trên địa bàn ban hành." in page
    rows = list(
        csv.reader(io.StringIO((built / "site/thong-ke/thong-ke.csv").read_text("utf-8-sig")))
    )
    province = {r[1]: r[2] for r in rows if r[0] == "province"}
    assert province["Tỉnh Điện Biên"] == "4"
    assert {r[1]: r[2] for r in rows if r[0] == "province/dien-bien/province_kind"}[
        "Hộ gia đình"
    ] == "4"


@pytest.mark.slow
def test_api_and_csv(built: Path) -> None:
    api = built / "site/api/v1"
    doc = json.loads((api / "decisions/muong-phang-gdvh-2025.json").read_text("utf-8"))
    assert doc["count"] == 4 and doc["kind"] == "household"
    assert doc["recipients"][0]["name"] == "Hộ ông Lò Văn A"
    index = json.loads((api / "decisions/index.json").read_text("utf-8"))
    assert [d["id"] for d in index["decisions"]] == ["muong-phang-gdvh-2025"]
    assert json.loads((api / "index.json").read_text("utf-8"))["endpoints"]["decisions"]
    household = json.loads((api / "profiles/ho-ong-lo-van-a.json").read_text("utf-8"))
    assert household["kind"] == "household" and household["name"]["form"] == "ho-ong"
    rows = list(
        csv.DictReader(io.StringIO((built / "site/du-lieu/honours.csv").read_text("utf-8-sig")))
    )
    listed = [r for r in rows if r["row_source"] == "decision_list"]
    assert sorted(r["name"] for r in listed) == sorted(NAMES)
    assert {r["kind"] for r in listed} == {"household"}
    assert {r["row_source"] for r in rows} == {"profile", "decision_list"}


@pytest.mark.slow
def test_every_name_is_searchable_without_diacritics(built: Path) -> None:
    site, _report = build_site(built)
    assert site is not None
    record = next(
        r for r in iter_search_records(site) if r.url == "quyet-dinh/muong-phang-gdvh-2025/"
    )
    text = record.to_html()
    assert "Hộ bà Đặng Thị Đào" in text
    assert "dang" in text and "dao" in text  # "đ" folded: Pagefind folds the other marks
    assert 'data-pagefind-filter="loai">Quyết định theo danh sách<' in text


@pytest.mark.slow
def test_an_edited_decision_is_rebuilt_as_a_clean_build_would(tmp_path: Path) -> None:
    key = FILE.replace("/", "__")
    root = write_project(tmp_path / "incremental", **{key: DECISION})
    assert build_project(root, today=TODAY).built
    edited = DECISION + "  - Hộ ông Mùa A Thêm\n"
    (root / FILE).write_text(edited, encoding="utf-8")
    assert build_project(root, today=TODAY).built
    clean = write_project(tmp_path / "clean", **{key: edited})
    assert build_project(clean, today=TODAY).built
    for path in (
        "quyet-dinh/muong-phang-gdvh-2025/index.html",
        "quyet-dinh/index.html",
        "thong-ke/thong-ke.csv",
        "du-lieu/vinh-danh.csv",
        "api/v1/decisions/muong-phang-gdvh-2025.json",
    ):
        assert (root / "site" / path).read_bytes() == (clean / "site" / path).read_bytes(), path
    assert "Hộ ông Mùa A Thêm" in (
        root / "site/quyet-dinh/muong-phang-gdvh-2025/index.html"
    ).read_text("utf-8")
