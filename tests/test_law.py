"""Faithful to the law (issue 15): precedence and the highest award, conferring powers by date,
look-alike letters, dates the check refuses, revocation wording, the rules table in docs/."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from generator.model import Site, build_site
from generator.search import profile_record
from tests.test_check import line_of, run_check, write_project

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

    # The individuals' roll: "Khen thưởng cao nhất" column.
    roll = _text(site_dir / "danh-sach" / "ca-nhan" / "index.html")
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


def test_hero_on_home_page_is_not_shown_by_a_lesser_order(demo_project: Path) -> None:
    """Every card names the entry's highest award (no 'HCLĐ hạng Nhì' for a Hero of Labour)."""
    site = _site(demo_project)
    for entry in site.published():
        best = entry.top_award
        titles = [a for a in entry.active_awards if a.award.kind == "title"]
        if titles:
            assert best is titles[0], entry.slug


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
    from generator.taxonomy import load_taxonomy

    for rule in load_taxonomy().conferral_rules:
        assert f"| {rule.period_text()} |" in result.output
        assert rule.law in result.output
    english = CliRunner().invoke(cli, ["rules", "--lang", "en"]).output
    assert "Conferring powers by date" in english and "khoản 3 Điều 80" in english
