"""Faithful to the law (issue 15): precedence and the highest award, conferring powers by date,
look-alike letters, dates the check refuses, revocation wording, the rules table in docs/."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import pytest

from generator.model.entries import Site
from generator.model.site import build_site
from generator.search.records import profile_record
from tests.projects import write_small_project as write_project
from tests.test_check import line_of, run_check

# Ngô Văn Khải (demo): Huân chương Kháng chiến hạng Nhì 1958, HCLĐ hạng Ba 1962, Anh hùng Lao
# động 1967, HCLĐ hạng Nhất 1978. Cited "Anh hùng Lao động Ngô Văn Khải" (Decree 98/2023 order
# for the rest: orders before medals, honorary titles before prizes).
HERO = "ngo-van-khai"
HERO_TITLE = "Anh hùng Lao động"


def _site(root: Path) -> Site:
    site, report = build_site(root)
    assert site is not None and not report.errors, [p.format("en") for p in report]
    return site


def _text(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


@pytest.mark.slow
def test_highest_award_is_the_honorary_title_everywhere(demo_project: Path) -> None:
    """Profile table, rolls, citation, embed card, social card, API, CSV and search agree."""
    site_dir = demo_project / "site"
    page = (site_dir / "ho-so" / HERO / "index.html").read_text(encoding="utf-8")
    # The profile's award table starts with the title, then the orders in the decree's order.
    table = page[page.index('<table class="vd-awards">') :]
    rows = re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>", table[: table.index("</table>")], re.S)
    names = [html.unescape(re.sub(r"<[^>]+>", "", r)).split("\n")[0].strip() for r in rows]
    assert names == [
        "Anh hùng Lao động",
        "Huân chương Lao động hạng Nhất",
        "Huân chương Lao động hạng Ba",
        "Huân chương Kháng chiến hạng Nhì",
    ]
    text = _text(site_dir / "ho-so" / HERO / "index.html")
    assert f"Ngô Văn Khải — {HERO_TITLE} (1967)" in text  # the citation ("Trích dẫn")
    embed = html.unescape(page[page.index("vd-embed__code") :])
    assert f">{HERO_TITLE} (1967)</p>" in embed

    # The individuals' roll: "Khen thưởng cao nhất" column, on the page that lists him (a
    # long roll is cut by the given name's first letter).
    pages = sorted((site_dir / "danh-sach" / "ca-nhan").rglob("index.html"))
    [roll] = [t for t in map(_text, pages) if "Ngô Văn Khải" in t]
    row = roll[roll.index("Ngô Văn Khải") : roll.index("Ngô Văn Khải") + 300]
    assert HERO_TITLE in row and "hạng Nhất" not in row

    api = json.loads((site_dir / "api" / "v1" / "profiles" / f"{HERO}.json").read_text("utf-8"))
    assert api["top_award"] == "anh-hung-lao-dong"
    assert api["awards"][0]["award"] == "anh-hung-lao-dong"

    with (site_dir / "du-lieu" / "vinh-danh.csv").open(encoding="utf-8-sig") as fh:
        rows_csv = [r for r in csv.DictReader(fh) if r["Mã hồ sơ"] == HERO]
    tops = [r["Mã danh hiệu"] for r in rows_csv if r["Khen thưởng cao nhất của hồ sơ"] == "Có"]
    assert tops == ["anh-hung-lao-dong"]
    with (site_dir / "du-lieu" / "honours.csv").open(encoding="utf-8-sig") as fh:
        english = [r for r in csv.DictReader(fh) if r["id"] == HERO]
    tops_en = [r["award_id"] for r in english if r["top_award"] == "yes"]
    assert tops_en == ["anh-hung-lao-dong"]

    site = _site(demo_project)
    entry = next(e for e in site.entries if e.slug == HERO)
    assert entry.top_award is not None and entry.top_award.award.id == "anh-hung-lao-dong"
    record = profile_record(site, entry, 0, 1)
    assert record.meta["sub"] == HERO_TITLE


@pytest.mark.slow
def test_hero_on_home_page_is_not_shown_by_a_lesser_order(demo_project: Path) -> None:
    """Every card names the entry's highest award (no 'HCLĐ hạng Nhì' for a Hero of Labour)."""
    site = _site(demo_project)
    for entry in site.published():
        best = entry.top_award
        titles = [a for a in entry.active_awards if a.award.kind == "title"]
        if titles:
            assert best is titles[0], entry.slug


@pytest.mark.slow
@pytest.mark.parametrize("csv_name", ["vinh-danh.csv"])
def test_csv_top_award_column_once_per_profile(demo_project: Path, csv_name: str) -> None:
    """Exactly one row per profile with an award in force is marked as its highest award."""
    data = (demo_project / "site" / "du-lieu" / csv_name).read_text(encoding="utf-8-sig")
    marked: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(data)):
        marked.setdefault(row["Mã hồ sơ"], 0)
        if row["Khen thưởng cao nhất của hồ sơ"] == "Có":
            marked[row["Mã hồ sơ"]] += 1
            assert row["Trạng thái"] == "Còn hiệu lực"
    assert marked and all(count <= 1 for count in marked.values())
    # Only a profile whose every award is revoked has no highest award.
    assert sum(marked.values()) >= len(marked) - 3


# --- who may confer what, on which date (Law 06/2022 Art. 80) ----------------------------------

COMMUNE_AWARD = """\
slug: le-thi-binh
kind: individual
name: {{family: Lê, middle: Thị, given: Bình}}
locality: {{province: Quảng Trị, commune: Triệu Phong, as_of: 2025-08-01}}
awards:
  - award: {award}
    year: {year}
    decision_number: 12/QĐ-UBND
    decision_date: {date}
    issuer: Chủ tịch Ủy ban nhân dân xã Triệu Thành
    issuer_level: commune
"""


def _check_one(tmp_path: Path, award: str, date: str, lang: str = "en") -> tuple[int, list[str]]:
    text = COMMUNE_AWARD.format(award=award, year=date[:4], date=date)
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    return run_check(root, "--lang", lang)


def test_commune_chair_cannot_confer_cstd_co_so_in_2024(tmp_path: Path) -> None:
    """A 2024 "Chiến sĩ thi đua cơ sở" from a commune chair: error at file:line with the article."""
    code, lines = _check_one(tmp_path, "chien-si-thi-dua-co-so", "2024-05-10", "vi")
    text = COMMUNE_AWARD.format(award="x", year="2024", date="2024-05-10")
    line = line_of(text, "issuer_level:")
    assert code == 1
    assert lines[0] == (
        f"profiles/le-thi-binh.yml:{line}:5: awards[0].issuer_level: Chủ tịch UBND cấp xã không "
        "có thẩm quyền tặng 'Chiến sĩ thi đua cơ sở' ngày 2024-05-10: theo khoản 3 Điều 80 Luật "
        "Thi đua, khen thưởng 06/2022/QH15 (áp dụng 2024-01-01 – 2025-06-30), cấp này chỉ tặng "
        "Gia đình văn hóa, Giấy khen, Lao động tiên tiến"
    )


def test_commune_chair_may_confer_what_art_80_3_lists(tmp_path: Path) -> None:
    for award in ("lao-dong-tien-tien", "giay-khen"):
        code, lines = _check_one(tmp_path, award, "2024-05-10")
        assert code == 0, lines


def test_conferring_powers_follow_the_decision_date(tmp_path: Path) -> None:
    """After the 2025 reform the commune holds the district's powers (rule not verified: no
    error); before 2024 the 2003 regime's unverified rule only warns."""
    code, lines = _check_one(tmp_path, "chien-si-thi-dua-co-so", "2025-09-10")
    assert code == 0 and not any("issuer_level" in line for line in lines), lines
    code, lines = _check_one(tmp_path, "chien-si-thi-dua-co-so", "2020-05-10")
    assert code == 0
    warnings = [line for line in lines if "issuer_level" in line]
    assert len(warnings) == 1 and "may not have been able to confer" in warnings[0]
    assert "not verified" in warnings[0]


# --- the rules table in docs/ --------------------------------------------------------------------


def test_rules_table_in_docs_is_generated_from_the_checkers_data() -> None:
    """docs/quy-tac-phap-ly.md is exactly `vinhdanh rules` (regenerate it with awards.yml)."""
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0, result.output
    doc = Path(__file__).resolve().parent.parent / "docs" / "quy-tac-phap-ly.md"
    assert doc.read_text(encoding="utf-8") == result.output, "run: vinhdanh rules > " + str(doc)
    # Every conferral rule of the data, with its article and period, is a row of the table.
    from generator.reference.taxonomy import load_taxonomy

    for rule in load_taxonomy().conferral_rules:
        assert f"| {rule.period_text()} |" in result.output
        assert rule.law in result.output
    english = CliRunner().invoke(cli, ["rules", "--lang", "en"]).output
    assert "Conferring powers by date" in english and "khoản 3 Điều 80" in english


# --- look-alike letters -----------------------------------------------------------------------


@pytest.mark.parametrize("letter", ["\u00d0", "\u0189"])
def test_lookalike_capital_d_becomes_dj_with_a_warning(tmp_path: Path, letter: str) -> None:
    """Ð (U+00D0) and Ɖ (U+0189) are read as Đ, with a warning at file:line:col."""
    text = COMMUNE_AWARD.format(award="giay-khen", year="2024", date="2024-05-10").replace(
        "family: Lê", f"family: {letter}ỗ"
    )
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0, lines
    line = line_of(text, letter)
    col = text.splitlines()[line - 1].index(letter) + 1
    assert lines[0] == (
        f"profiles/le-thi-binh.yml:{line}:{col}: warning: the letter '{letter}' "
        f"(U+{ord(letter):04X}) looks like 'Đ' but is another letter (search and sorting would "
        "go wrong): read as 'Đ'; fix it in the file"
    )
    assert run_check(root, "--strict")[0] == 1  # an editor's CI can refuse it
    site = _site(root)
    entry = next(e for e in site.entries if e.slug == "le-thi-binh")
    assert entry.display_name == "Đỗ Thị Bình"
    assert entry.profile.name.family == "Đỗ"


def test_lookalike_small_eth_in_a_campaign_body(tmp_path: Path) -> None:
    from tests.projects import CAMPAIGN

    campaign = CAMPAIGN.replace("Phong trào thử nghiệm.", "Phong trào ðoàn kết.")
    root = write_project(tmp_path, **{"content__campaigns__nong-thon-moi.md": campaign})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0
    assert any("'ð' (U+00F0) looks like 'đ'" in line for line in lines), lines
    site = _site(root)
    assert "đoàn kết" in site.campaigns["nong-thon-moi"][1].body


# --- dates the check refuses --------------------------------------------------------------------


def test_published_profile_without_award_is_an_error(tmp_path: Path) -> None:
    text = (
        "slug: le-thi-binh\nkind: individual\nname: {family: Lê, middle: Thị, given: Bình}\n"
        "locality: {province: Quảng Trị}\nawards: []\nstatus: published\n"
    )
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 1
    assert lines[0] == (
        "profiles/le-thi-binh.yml:5:1: awards: a published profile needs at least one award; "
        "without a decision, use 'draft' or 'proposed'"
    )


@pytest.mark.parametrize(("year", "ok"), [("2024", True), ("2023", True), ("2022", False)])
def test_award_year_must_match_its_decision(tmp_path: Path, year: str, ok: bool) -> None:
    """Decided 2024-05-10: the year is 2024, or 2023 for the titles of 2023; never 2022."""
    text = COMMUNE_AWARD.format(award="giay-khen", year=year, date="2024-05-10")
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    code, lines = run_check(root, "--lang", "en")
    if ok:
        assert code == 0, lines
        return
    assert code == 1
    assert lines[0] == (
        f"profiles/le-thi-binh.yml:{line_of(text, 'year:')}:5: awards[0].year: the award year "
        "2022 does not match the decision date 2024-05-10 (the year must be the decision's, or "
        "the year before for a year's titles)"
    )
    # The year's own check ("award.year_mismatch") is also a decision year after the year.
    text = COMMUNE_AWARD.format(award="giay-khen", year="2024", date="2023-12-30")
    write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    code, lines = run_check(tmp_path, "--lang", "en")
    assert code == 1 and "does not match the decision date 2023-12-30" in lines[0]


@pytest.mark.slow
def test_future_decision_and_withdrawal_fail_the_build_and_the_dated_check(
    tmp_path: Path,
) -> None:
    """A decision or withdrawal after the build's "today" is an error; the old site stays."""
    from generator.commands.build import build_project

    text = COMMUNE_AWARD.format(award="giay-khen", year="2025", date="2025-09-10")
    withdrawn = (
        "slug: tran-van-nam\nkind: individual\nname: {family: Trần, middle: Văn, given: Nam}\n"
        "locality: {province: Quảng Trị}\nawards:\n  - {award: giay-khen, year: 2020}\n"
        "status: withdrawn\nwithdrawal: {date: 2025-12-01, reason: Rút đồng ý}\n"
    )
    root = write_project(
        tmp_path,
        **{"profiles__le-thi-binh.yml": text, "profiles__tran-van-nam.yml": withdrawn},
    )
    code, lines = run_check(root, "--lang", "en", "--today", "2025-08-01")
    assert code == 1
    assert lines[:2] == [
        f"profiles/le-thi-binh.yml:{line_of(text, 'decision_date:')}:5: awards[0].decision_date: "
        "the award decision is dated 2025-09-10, after the build date 2025-08-01: a page cannot "
        "state what has not happened yet",
        "profiles/tran-van-nam.yml:8:14: withdrawal.date: the withdrawal is dated 2025-12-01, "
        "after the build date 2025-08-01: a page cannot state what has not happened yet",
    ]
    assert run_check(root, "--today", "2025-12-01")[0] == 0
    assert build_project(root, today=dt.date(2025, 12, 1)).built
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    failed = build_project(root, today=dt.date(2025, 8, 1))
    assert not failed.built
    assert any(p.code == "date.future" for p in failed.report.errors)
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


# --- annulment (hủy bỏ) and stripping (tước), Art. 93 ------------------------------------------

HERO_STRIPPED = """\
slug: pham-van-hung
kind: individual
name: {{family: Phạm, middle: Văn, given: Hùng}}
locality: {{province: Quảng Trị}}
awards:
  - award: huan-chuong-lao-dong
    class: ba
    year: 2015
    decision_number: 100/QĐ-CTN
    decision_date: 2015-04-20
    issuer: Chủ tịch nước
    issuer_level: state
  - award: {award}
    year: 2018
    decision_number: 200/QĐ-CTN
    decision_date: 2018-08-20
    issuer: Chủ tịch nước
    issuer_level: state
    status: {status}
    revocation:
      number: 300/QĐ-CTN
      date: {date}
      issuer: Chủ tịch nước
      ground: {ground}
"""


def _stripped(award: str = "anh-hung-lao-dong", status: str = "stripped", **kw: str) -> str:
    values = {"date": "2025-03-01", "ground": "bi-ket-an", **kw}
    return HERO_STRIPPED.format(award=award, status=status, **values)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _stripped(award="huan-chuong-dung-cam"),
            "awards[1].status: only state honorary titles are stripped (Art. 93(3) of the Law on "
            "Emulation and Commendation); for 'Huân chương Dũng cảm' the decision is annulled: use "
            "'status: revoked'",
        ),
        (
            _stripped(status="revoked"),
            "awards[1].revocation.ground: the ground 'bi-ket-an' (khoản 3, khoản 4 Điều 93 Luật "
            "Thi đua, khen thưởng 06/2022/QH15) strips a title, it does not annul a decision: use "
            "'status: stripped'",
        ),
        (
            _stripped(ground="tham-nhung"),
            "awards[1].revocation.ground: unknown ground 'tham-nhung' (grounds of Art. 93 of the "
            "Law on Emulation and Commendation: bi-ket-an)",
        ),
        (
            _stripped(status="revoked", ground="gian-doi", date="2022-03-01"),
            "awards[1].revocation.ground: the ground 'gian-doi' (điểm a khoản 2 Điều 93 Luật Thi "
            "đua, khen thưởng 06/2022/QH15) applies from 2024-01-01; a decision of 2022-03-01 "
            "falls under the earlier rules: remove 'ground' and state the basis in 'reason'",
        ),
    ],
    ids=["strip-an-order", "annul-on-a-strip-ground", "unknown-ground", "ground-before-2024"],
)
def test_annulment_and_stripping_follow_art_93(tmp_path: Path, text: str, message: str) -> None:
    root = write_project(tmp_path, **{"profiles__pham-van-hung.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [message], lines


@pytest.mark.slow
def test_stripped_title_in_the_laws_words_everywhere(tmp_path: Path) -> None:
    """A stripped Hero title: shown struck with "Đã bị tước danh hiệu" and Art. 93(3); no
    longer the highest award; the API and CSV say "stripped" with the ground."""
    from generator.commands.build import build_project

    root = write_project(tmp_path, **{"profiles__pham-van-hung.yml": _stripped()})
    result = build_project(root, today=dt.date(2026, 1, 15))
    assert result.built, [p.format("en") for p in result.report]
    page = (root / "site" / "ho-so" / "pham-van-hung" / "index.html").read_text("utf-8")
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert "Anh hùng Lao động Đã bị tước danh hiệu" in text
    assert (
        "Tước danh hiệu theo Quyết định số 300/QĐ-CTN ngày 01/03/2025 của Chủ tịch nước. Căn cứ "
        "khoản 3, khoản 4 Điều 93 Luật Thi đua, khen thưởng 06/2022/QH15: bị kết án bằng bản án "
        "có hiệu lực pháp luật." in text
    )
    assert "thu hồi" not in text.split("Trích dẫn")[0].split("Khen thưởng")[1]
    api = json.loads((root / "site/api/v1/profiles/pham-van-hung.json").read_text("utf-8"))
    assert api["top_award"] == "huan-chuong-lao-dong"
    stripped = next(a for a in api["awards"] if a["award"] == "anh-hung-lao-dong")
    assert stripped["status"] == "stripped"
    assert stripped["revocation"]["ground"]["id"] == "bi-ket-an"
    with (root / "site/du-lieu/vinh-danh.csv").open(encoding="utf-8-sig") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Mã danh hiệu"] == "anh-hung-lao-dong")
    assert row["Trạng thái"] == "Đã bị tước danh hiệu"
    assert row["Căn cứ hủy bỏ, tước danh hiệu"].startswith("khoản 3, khoản 4 Điều 93")
    stats = _text(root / "site" / "thong-ke" / "index.html")
    assert "Khen thưởng bị hủy bỏ, danh hiệu bị tước" in stats


@pytest.mark.slow
def test_demo_annulment_cites_its_ground(demo_project: Path) -> None:
    text = _text(demo_project / "site" / "ho-so" / "le-hoang-phuc-ben-thanh" / "index.html")
    assert "Quyết định đã bị hủy bỏ" in text
    assert "hiện vật khen thưởng và tiền thưởng bị thu hồi. Căn cứ điểm b khoản 2 Điều 93" in text
    assert "Đã thu hồi" not in text


# --- names as a reader expects them -------------------------------------------------------------


def test_generic_awards_are_named_from_their_issuer(tmp_path: Path) -> None:
    """ "Bằng khen của Chủ tịch UBND tỉnh …", never the statute's category, on every output."""
    text = """\
slug: le-thi-binh
kind: individual
name: {family: Lê, middle: Thị, given: Ngọc Anh}
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, as_of: 2020-01-01}
awards:
  - award: bang-khen-bo-ban-nganh-tinh
    year: 2020
    issuer: Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị
    issuer_level: province
  - award: chien-si-thi-dua-bo-ban-nganh-tinh
    year: 2021
    issuer: Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị
    issuer_level: province
  - award: giay-khen
    year: 2019
"""
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    site = _site(root)
    entry = next(e for e in site.entries if e.slug == "le-thi-binh")
    names = [a.display for a in entry.awards]
    assert names == [
        "Chiến sĩ thi đua cấp tỉnh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
        "Giấy khen",  # no issuer recorded: the category stays
    ]
    # Unit types lower-case inside the line (Decree 30/2020), the line's first letter capital.
    assert entry.locality.recorded_text() == ("Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị")
    assert entry.locality.now_text() == "nay là xã Triệu Phong, tỉnh Quảng Trị"


def test_running_unit_names_follow_decree_30() -> None:
    from generator.reference.adminunits import NEW_ERA, Unit

    def unit(type_: str, name: str) -> Unit:
        return Unit(NEW_ERA, 3, "1", type_, name, None)

    assert unit("Xã", "Triệu Phong").running_name == "xã Triệu Phong"
    assert unit("Thành phố", "Hà Nội").running_name == "thành phố Hà Nội"
    assert unit("Thành phố", "Hồ Chí Minh").running_name == "Thành phố Hồ Chí Minh"
    assert unit("Phường", "1").running_name == "Phường 1"
    assert unit("Phường", "Điện Biên Phủ").running_name == "Phường Điện Biên Phủ"


@pytest.mark.slow
def test_split_commune_reads_nay_thuoc(demo_project: Path) -> None:
    """A commune split in 2025: "nay thuộc phường A và phường B", not "A / B"."""
    text = _text(demo_project / "site" / "ho-so" / HERO / "index.html")
    assert (
        "Phường Thượng Đình, quận Thanh Xuân, thành phố Hà Nội (nay thuộc phường Thanh Xuân và "
        "phường Khương Đình, thành phố Hà Nội)" in text
    )
    assert " / " not in text.split("Địa phương")[1][:200]


def test_rolls_sort_by_the_last_syllable_of_the_given_name(tmp_path: Path) -> None:
    from generator.vntext import name_sort_key

    people = [("Trần", "Thị", "Ngọc Anh"), ("Lê", "Thị", "Ngân"), ("Vũ", "Văn", "Bình")]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert [p[2] for p in ordered] == ["Ngọc Anh", "Bình", "Ngân"]


# --- the demo tells the truth about itself -----------------------------------------------------


@pytest.mark.slow
def test_demo_has_an_open_comment_window_at_its_default_build_date(demo_project: Path) -> None:
    """Built with no --today (the latest date in the data), at least one window is open."""
    page = _text(demo_project / "site" / "lay-y-kien" / "index.html")
    assert "Đang lấy ý kiến nhân dân" in page or "đang lấy ý kiến" in page.lower()
    site = _site(demo_project)
    from generator.commands.today import resolve_today

    assert site.open_proposals(resolve_today(site, None))


def test_demo_checks_clean_on_the_reviewed_build_date() -> None:
    """No decision or withdrawal of the demo is dated after 2026-01-01 (the review's date)."""
    root = Path(__file__).resolve().parent.parent
    code, lines = run_check(root, "--today", "2026-01-01")
    assert code == 0, lines


def test_demo_covers_every_form_kind_and_status() -> None:
    root = Path(__file__).resolve().parent.parent
    site = _site(root)
    published = site.published()
    forms = {a.award.form for e in published for a in e.awards}
    assert forms >= {
        "huan-chuong", "huy-chuong", "danh-hieu-vinh-du-nha-nuoc", "giai-thuong",
        "ky-niem-chuong", "bang-khen", "giay-khen", "danh-hieu-thi-dua", "huy-hieu",
    }  # fmt: skip
    statuses = {a.record.status for e in published for a in e.awards}
    assert {"active", "revoked", "stripped"} <= statuses
    assert {"individual", "collective", "model"} <= {e.profile.kind for e in published}
    # No fictional person among the first Labour Heroes (1952): that list is real and short.
    heroes_1952 = [
        e.slug
        for e in published
        for a in e.awards
        if a.award.id == "anh-hung-lao-dong" and a.record.year == 1952 and e.profile.illustrative
    ]
    assert heroes_1952 == []


@pytest.mark.slow
def test_real_movements_are_not_called_fictional(demo_project: Path) -> None:
    for page in (demo_project / "site" / "phong-trao").glob("*/index.html"):
        assert "phong trào này là hư cấu" not in _text(page), page


# --- a proposal is per award, not per profile --------------------------------------------------

HONOURED_AND_PROPOSED = """\
slug: le-thi-binh
kind: individual
name: {{family: Lê, middle: Thị, given: Bình}}
locality: {{province: Quảng Trị}}
awards:
  - award: bang-khen-thu-tuong
    year: 2022
    decision_number: 77/QĐ-TTg
    decision_date: 2022-05-05
    issuer: Thủ tướng Chính phủ
    issuer_level: government
status: published
proposals:
  - award: {award}
    class: ba
    window_start: {start}
    window_end: {end}
    comments_to: gopy@example.vn
    council_date: {council}
"""


def _proposed(**kw: str) -> str:
    values = {
        "award": "huan-chuong-lao-dong",
        "start": "2025-03-03",
        "end": "2025-03-17",
        "council": "2025-03-28",
        **kw,
    }
    return HONOURED_AND_PROPOSED.format(**values)


@pytest.mark.slow
def test_an_honoured_person_proposed_for_more_stays_on_every_roll(tmp_path: Path) -> None:
    from generator.commands.build import build_project

    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": _proposed()})
    assert run_check(root)[0] == 0
    result = build_project(root, today=dt.date(2025, 3, 10))
    assert result.built, [p.format("en") for p in result.report]
    site_dir = root / "site"
    profile = _text(site_dir / "ho-so" / "le-thi-binh" / "index.html")
    assert "Đang lấy ý kiến nhân dân về đề nghị tặng Huân chương Lao động hạng Ba" in profile
    assert "Bằng khen của Thủ tướng Chính phủ" in profile  # the decision already made stays
    assert "Lê Thị Bình" in _text(site_dir / "danh-sach" / "ca-nhan" / "index.html")
    api = json.loads((site_dir / "api/v1/profiles/le-thi-binh.json").read_text("utf-8"))
    assert [a["award"] for a in api["awards"]] == ["bang-khen-thu-tuong"]
    comments = _text(site_dir / "lay-y-kien" / "index.html")
    assert "Lê Thị Bình" in comments and "Huân chương Lao động hạng Ba" in comments
    assert "Ngày họp Hội đồng 28/03/2025" in comments
    # After the window: the decisions stay, the proposal leaves the pages.
    result = build_project(root, today=dt.date(2025, 3, 20))
    assert result.built
    assert "Đang lấy ý kiến" not in _text(site_dir / "ho-so" / "le-thi-binh" / "index.html")
    assert "Lê Thị Bình" not in _text(site_dir / "lay-y-kien" / "index.html")
    assert "Lê Thị Bình" in _text(site_dir / "danh-sach" / "ca-nhan" / "index.html")


def test_working_days_leave_out_tet(tmp_path: Path) -> None:
    """20/01–03/02/2025 spans Tết Ất Tỵ (27–31/01 off): 6 working days, not 11."""
    from generator.model.workdays import load_holidays

    holidays = load_holidays()
    assert holidays.count(dt.date(2025, 1, 20), dt.date(2025, 2, 3)) == 6
    assert holidays.count(dt.date(2025, 3, 3), dt.date(2025, 3, 17)) == 11
    text = _proposed(start="2025-01-20", end="2025-02-03", council="2025-02-20")
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0
    assert any(
        "the comment window has only 6 working days, public holidays excluded (at least 10 "
        "under khoản 1, khoản 2 Điều 46 Nghị định 98/2023/NĐ-CP)" in line
        for line in lines
    ), lines


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"council": "2025-03-17"},
            "proposals[0].council_date: the council meets on 2025-03-17, not after the comment "
            "window ends (2025-03-17): comments must be in before the meeting",
        ),
        (
            {"award": "nha-giao-nhan-dan"},
            "proposals[0].class: 'nha-giao-nhan-dan' has no classes: remove 'class'",
        ),
    ],
    ids=["council-too-early", "class-checked"],
)
def test_proposals_are_checked_like_awards(
    tmp_path: Path, kw: dict[str, str], message: str
) -> None:
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": _proposed(**kw)})
    code, lines = run_check(root, "--lang", "en")
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [message]


def test_short_window_only_warns_where_the_law_asks_for_comment(tmp_path: Path) -> None:
    """A Giấy khen needs no public comment: a 3-day window is not reported."""
    text = _proposed(award="giay-khen", start="2025-03-03", end="2025-03-05").replace(
        "    class: ba\n", ""
    )
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0 and not any("window" in line for line in lines), lines


def test_a_village_title_keeps_the_name_its_decision_used(tmp_path: Path) -> None:
    """ "Ấp văn hóa" in the South, "Bản văn hóa" in the North-West (Decree 86/2023 Art. 2)."""
    village = """\
slug: ap-tan-hoa
kind: collective
name: {full: Ấp Tân Hòa}
locality: {province: Quảng Trị}
awards:
  - award: thon-to-dan-pho-van-hoa
    year: 2020
    recorded_name: %s
"""
    root = write_project(tmp_path, **{"profiles__ap-tan-hoa.yml": village % "Ấp văn hóa"})
    entry = next(e for e in _site(root).entries if e.slug == "ap-tan-hoa")
    assert entry.awards[0].display == "Ấp văn hóa"
    write_project(tmp_path, **{"profiles__ap-tan-hoa.yml": village % "Ấp kiểu mẫu"})
    code, lines = run_check(tmp_path, "--lang", "en")
    assert code == 1
    assert lines[0].endswith(
        "awards[0].recorded_name: 'Thôn, tổ dân phố văn hóa' cannot be recorded as 'Ấp kiểu "
        "mẫu'; the names a decision may use: Thôn văn hóa, Làng văn hóa, Ấp văn hóa, Bản văn "
        "hóa, Buôn văn hóa, Bon văn hóa, Phum văn hóa, Sóc văn hóa, Tổ dân phố văn hóa, Khu phố "
        "văn hóa, Khu dân cư văn hóa"
    )


def test_exemplary_commune_keeps_its_statutory_name_after_2025() -> None:
    """The rename to "Xã, phường, đặc khu tiêu biểu" was only a draft amendment in 12/2025."""
    from generator.reference.taxonomy import load_taxonomy

    award = load_taxonomy().get("xa-phuong-thi-tran-tieu-bieu")
    assert award is not None
    assert award.name_on(dt.date(2026, 6, 1)) == "Xã, phường, thị trấn tiêu biểu"


def test_import_reads_lookalike_letters_as_dj(tmp_path: Path) -> None:
    """A spreadsheet cell typed "Ðỗ Văn An" is imported as "Đỗ Văn An", with a warning."""
    from click.testing import CliRunner

    from generator.cli import cli

    root = write_project(tmp_path / "site")
    source = tmp_path / "roll.csv"
    source.write_text(
        "Họ và tên,Tỉnh,Hình thức khen thưởng,Năm\n\u00d0ỗ Văn An,Quảng Trị,Giấy khen,2020\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import", str(source), "--root", str(root), "--lang", "en"])
    assert "roll.csv:2:1: warning: Họ và tên: the letter 'Ð' (U+00D0) looks like 'Đ'" in (
        result.output
    ), result.output
    written = [p.read_text("utf-8") for p in (root / "profiles").rglob("*.yml")]
    assert any("Đỗ" in text for text in written)
    assert not any("\u00d0" in text for text in written)


@pytest.mark.parametrize(
    ("award", "death", "year", "warning"),
    [
        ("lao-dong-tien-tien", "death_year: 2019\n", "2020", "is not usually conferred"),
        ("huan-chuong-dung-cam", "", "2020", "posthumous, but the profile gives no death_year"),
        ("huan-chuong-dung-cam", "death_year: 2021\n", "2020", "posthumous in 2020, before"),
    ],
    ids=["form", "no-death-year", "before-death"],
)
def test_posthumous_awards_are_checked(
    tmp_path: Path, award: str, death: str, year: str, warning: str
) -> None:
    text = (
        "slug: le-van-hung\nkind: individual\nname: {family: Lê, middle: Văn, given: Hùng}\n"
        f"{death}locality: {{province: Quảng Trị}}\nawards:\n"
        f"  - {{award: {award}, year: {year}, posthumous: true}}\n"
    )
    root = write_project(tmp_path, **{"profiles__le-van-hung.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0
    assert any("warning" in line and warning in line for line in lines), lines
    ok = text.replace(f"award: {award}", "award: huan-chuong-dung-cam")
    ok = (
        ok.replace(death, "death_year: 2020\n")
        if death
        else ok.replace("locality:", "death_year: 2020\nlocality:")
    )
    write_project(tmp_path, **{"profiles__le-van-hung.yml": ok})
    assert not any("posthumous" in line for line in run_check(tmp_path, "--lang", "en")[1])


# --- personal data in free text, minors, take-down without a tombstone (issue 16, point 10) ------


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Liên hệ 0912 345 678.", "a phone number"),
        ("Điện thoại: +84 912.345.678", "a phone number"),
        ("Số máy bàn 0233 3852 123.", "a phone number"),
        ("CCCD 045190001234 cấp năm 2021.", "a citizen ID number"),
        ("Ông là thương binh hạng 2/4.", "health information (no consent.health)"),
        ("Bà là tín đồ Công giáo.", "a religion (no consent.religion)"),
        ("Ông là người Tày.", "an ethnicity (no consent.ethnicity)"),
    ],
    ids=["mobile", "plus84", "landline", "cccd", "health", "religion", "ethnicity"],
)
def test_free_text_personal_data_is_flagged(tmp_path: Path, text: str, what: str) -> None:
    person = COMMUNE_AWARD.format(award="giay-khen", year="2025", date="2025-09-10")
    person += f"summary: '{text}'\n"
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": person})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0
    flagged = [line for line in lines if "summary: warning" in line or "warning: summary" in line]
    assert len(flagged) == 1 and f"this may be {what} in public text" in flagged[0], lines
    # Reviewed by an editor: not reported again.
    found = flagged[0].split("public text: '")[1].split("'")[0]
    config = (root / "site_config.yml").read_text("utf-8")
    config += (
        f"personal_data_reviewed:\n  - {{file: profiles/le-thi-binh.yml, text: '{found}', "
        "note: 'đã xem xét'}\n"
    )
    (root / "site_config.yml").write_text(config, "utf-8")
    assert not any("public text" in line for line in run_check(root, "--lang", "en")[1])


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 1234/QĐ-UBND ngày 12/05/2020.",
        "Doanh thu 1.200.000.000 đồng mỗi năm.",
        "Giúp 120 hộ thoát nghèo từ năm 2019 đến 2024.",
        "Vùng đồng bào dân tộc thiểu số.",
    ],
)
def test_ordinary_text_is_not_flagged(tmp_path: Path, text: str) -> None:
    person = COMMUNE_AWARD.format(award="giay-khen", year="2025", date="2025-09-10")
    person += f"summary: '{text}'\n"
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": person})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0 and not any("public text" in line for line in lines), lines


def test_a_minor_needs_a_guardians_consent(tmp_path: Path) -> None:
    person = COMMUNE_AWARD.format(award="giay-khen", year="2025", date="2025-09-10")
    person += "birth_year: 2012\nconsent: {birth_date: false}\n"
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": person})
    code, lines = run_check(root, "--lang", "en", "--today", "2026-01-01")
    assert code == 1
    assert any("born in 2012, under 16 on 2026-01-01" in line for line in lines), lines
    person = person.replace(
        "consent: {birth_date: false}", "consent: {birth_date: false, guardian: true}"
    )
    write_project(tmp_path, **{"profiles__le-thi-binh.yml": person})
    assert run_check(tmp_path, "--today", "2026-01-01")[0] == 0


@pytest.mark.slow
def test_withdrawal_without_a_tombstone_leaves_no_page(tmp_path: Path) -> None:
    from generator.commands.build import build_project

    gone = (
        "slug: tran-van-nam\nformer_slugs: [tran-nam]\nkind: individual\n"
        "name: {family: Trần, middle: Văn, given: Nam}\nlocality: {province: Quảng Trị}\n"
        "awards:\n  - {award: giay-khen, year: 2020}\nstatus: withdrawn\n"
        "withdrawal: {date: 2025-06-01, reason: Rút đồng ý, tombstone: false}\n"
    )
    root = write_project(tmp_path, **{"profiles__tran-van-nam.yml": gone})
    assert build_project(root, today=dt.date(2025, 7, 1)).built
    assert not (root / "site" / "ho-so" / "tran-van-nam").exists()
    assert not (root / "site" / "ho-so" / "tran-nam").exists()
    every = b"".join(p.read_bytes() for p in (root / "site").rglob("*") if p.is_file())
    assert b"tran-van-nam" not in every
    write_project(tmp_path, **{"profiles__tran-van-nam.yml": gone.replace("false", "true")})
    assert build_project(root, today=dt.date(2025, 7, 1)).built
    assert (root / "site" / "ho-so" / "tran-van-nam" / "index.html").exists()


@pytest.mark.slow
def test_demo_about_page_carries_the_privacy_notice(demo_project: Path) -> None:
    text = _text(demo_project / "site" / "gioi-thieu" / "index.html")
    assert "Xử lý dữ liệu cá nhân" in text and "Bên kiểm soát dữ liệu" in text
    assert "15 ngày kể từ khi nhận yêu cầu" in text


@pytest.mark.slow
def test_personal_data_warnings_survive_a_warm_build(tmp_path: Path) -> None:
    """The scan runs when a file is parsed and is kept with the parse: a build that reuses the
    parse still reports it (and a build after one edit scans one file only)."""
    from generator.commands.build import build_project

    person = COMMUNE_AWARD.format(award="giay-khen", year="2025", date="2025-09-10")
    person += "summary: 'Liên hệ 0912 345 678.'\n"
    root = write_project(tmp_path, **{"profiles__le-thi-binh.yml": person})
    for _ in range(2):
        result = build_project(root, today=dt.date(2026, 1, 1))
        assert result.built
        codes = [p.code for p in result.report if p.code == "privacy.free_text"]
        assert codes == ["privacy.free_text"]
