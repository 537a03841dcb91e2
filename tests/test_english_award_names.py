"""Award names that name their issuer, in English (issue #22 point 2).

A generic category the Vietnamese names from its issuer ("Bằng khen của Chủ tịch Ủy ban nhân
dân tỉnh Quảng Trị") is named the same way in English from the taxonomy's `named_by_issuer_en`
and the issuer's English ("Certificate of Merit of the Chairperson of the Quảng Trị Provincial
People's Committee"), on pages (the place's name marked `lang="vi"`), cards, press kits,
JSON-LD, the search's result lines, the API's English label and the CSV's English column,
instead of the category's generic English name.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.model import englishtext
from generator.model.linkeddata import award_names
from generator.model.site import build_site
from generator.opendata.context import OpenDataContext
from generator.opendata.profiledocs import profile_document
from generator.opendata.tables import CSV_COLUMNS, csv_rows, decision_csv_rows
from generator.pages.render import render_site
from generator.reference.taxonomy import Award, load_taxonomy
from generator.search.englishnames import english_award_names
from generator.templating.edition import award_markup
from tests.projects import COLLECTIVE, CONFIG, write_small_project

TAXONOMY = load_taxonomy()


def _award(award_id: str) -> Award:
    found = TAXONOMY.get(award_id)
    assert found is not None, award_id
    return found


CERTIFICATE = _award("bang-khen-bo-ban-nganh-tinh")
COMMENDATION = _award("giay-khen")
FIGHTER = _award("chien-si-thi-dua-bo-ban-nganh-tinh")


@pytest.mark.parametrize(
    ("award", "level", "issuer", "english", "kept"),
    [
        (
            CERTIFICATE,
            "province",
            "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
            "Certificate of Merit of the Chairperson of the Quảng Trị Provincial People's "
            "Committee",
            "Quảng Trị",
        ),
        (
            CERTIFICATE,
            "province",
            "UBND thành phố Hà Nội",
            "Certificate of Merit of the Hà Nội City People's Committee",
            "Hà Nội",
        ),
        (
            CERTIFICATE,
            "ministry",
            "Bộ trưởng Bộ Giáo dục và Đào tạo",
            "Certificate of Merit of the Minister of Education and Training",
            "",
        ),
        (
            COMMENDATION,
            "commune",
            "Chủ tịch Ủy ban nhân dân đặc khu Cô Tô",
            "Certificate of Commendation of the Chairperson of the Cô Tô Special Zone People's "
            "Committee",
            "Cô Tô",
        ),
        (  # an issuer of another form: its name as written, kept (and marked on a page)
            COMMENDATION,
            "organisation",
            "Giám đốc Công an tỉnh Gia Lai",
            "Certificate of Commendation of Giám đốc Công an tỉnh Gia Lai",
            "Giám đốc Công an tỉnh Gia Lai",
        ),
        (FIGHTER, "province", None, "Provincial-level Emulation Fighter", ""),
        # No issuer recorded: the category's own English, as the Vietnamese keeps its name.
        (CERTIFICATE, "province", None, "Certificate of merit of a ministry, central body or "
         "province", ""),
    ],
)  # fmt: skip
def test_a_category_is_named_from_its_issuer(
    award: Award, level: str, issuer: str | None, english: str, kept: str
) -> None:
    named = englishtext.award_name(award, None, None, level, issuer)
    assert (named.text, named.lang, named.kept) == (english, "en", kept)


def test_every_category_named_by_its_issuer_has_its_english() -> None:
    named = [a for a in TAXONOMY if a.named_by_issuer]
    assert len(named) >= 4
    for award in named:
        assert [k for k, _ in award.named_by_issuer_en] == [k for k, _ in award.named_by_issuer]


def test_a_page_marks_the_name_the_english_keeps() -> None:
    named = englishtext.AwardName(
        "Certificate of Merit of the Chairperson of the Quảng Trị Provincial People's Committee",
        "en",
        "Quảng Trị",
    )
    assert str(award_markup(named)) == (
        'Certificate of Merit of the Chairperson of the <span lang="vi">Quảng Trị</span> '
        "Provincial People&#39;s Committee"
    )


# The small project's collective with a province's certificate, its issuer written out.
PROVINCE_CERTIFICATE = COLLECTIVE.replace(
    "  - award: bang-khen-thu-tuong\n    year: 2020\n    issuer_level: government\n",
    "  - award: bang-khen-bo-ban-nganh-tinh\n    year: 2021\n    issuer_level: province\n"
    "    issuer: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn\n",
)
ENGLISH = "Certificate of Merit of the Chairperson of the Lạng Sơn Provincial People's Committee"


def test_the_english_edition_names_the_issuer(tmp_path: Path) -> None:
    files = {
        "site_config.yml": CONFIG + "english_edition: true\n",
        "profiles__htx-tan-phu.yml": PROVINCE_CERTIFICATE,
    }
    site, report = build_site(write_small_project(tmp_path, **files))
    assert site is not None, [p.format("en") for p in report]
    entry = next(e for e in site.published() if e.slug == "htx-tan-phu")
    assert entry.top_award is not None
    assert entry.top_award.display == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"
    assert englishtext.resolved_award_name(entry.top_award).text == ENGLISH
    # JSON-LD, the search's result line (the name kept as written, in its own part).
    assert award_names(entry, "en") == [f"{ENGLISH} (2021)"]
    table = json.loads(english_award_names(site))["lines"]
    assert table[entry.top_award.display] == [
        "Certificate of Merit of the Chairperson of the ",
        "Lạng Sơn",
        " Provincial People's Committee",
    ]
    # The English page, the name marked; the Vietnamese page as before.
    docs = render_site(site, dt.date(2026, 12, 5)).docs
    page = docs["en/ho-so/htx-tan-phu/index.md"]
    assert (
        'Certificate of Merit of the Chairperson of the <span lang="vi">Lạng Sơn</span> '
        "Provincial People&#39;s Committee"
    ) in page
    assert "Certificate of merit of a ministry" not in page
    assert (
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn" in docs["ho-so/htx-tan-phu/index.md"]
    )


# A decision's list honoured by a commune's chairperson: a Giấy khen named from its issuer.
COMMUNE_DECISION = """\
slug: qd-giay-khen-tan-phu
decision_number: "45/QĐ-UBND"
decision_date: 2025-12-20
issuer: "Chủ tịch Ủy ban nhân dân xã Tân Phú"
issuer_level: commune
award: giay-khen
year: 2025
kind: individual
locality: {province: Lạng Sơn}
recipients: [Lê Văn Bình]
"""


def test_the_api_and_the_csv_name_the_issuer_as_the_pages(tmp_path: Path) -> None:
    files = {
        "site_config.yml": CONFIG + "english_edition: true\n",
        "profiles__htx-tan-phu.yml": PROVINCE_CERTIFICATE,
        "decisions__qd-giay-khen-tan-phu.yml": COMMUNE_DECISION,
    }
    site, report = build_site(write_small_project(tmp_path, **files))
    assert site is not None, [p.format("en") for p in report]
    ctx = OpenDataContext(site, dt.date(2026, 12, 5))
    entry = next(e for e in site.published() if e.slug == "htx-tan-phu")
    # The API's label: the Vietnamese as the page, the English as the English page.
    [award] = profile_document(ctx, entry)["awards"]
    assert award["name"] == {
        "vi": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        "en": ENGLISH,
    }
    # The CSV's English name, in both files (honours.csv and vinh-danh.csv).
    column = [en for _vi, en in CSV_COLUMNS].index("award_en")
    for english in (True, False):
        [row] = csv_rows(ctx, entry, english)
        assert row[column] == ENGLISH
    # A decision's list, each line named as its page names the award.
    [found] = site.decisions
    assert found.award is not None
    commune = (
        "Certificate of Commendation of the Chairperson of the Tân Phú Commune People's Committee"
    )
    assert englishtext.resolved_award_name(found.award).text == commune
    assert [row[column] for row in decision_csv_rows(ctx, found, True)] == [commune]
