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
