"""The English search's award lines (issue #22 point 3): a result's award line in English where
the taxonomy names it (a table shipped once for the site, en/tim-kiem/names.json, not English in
every record: issue #21's budget), marked `lang="en"` inside the Vietnamese record; the
Vietnamese line as recorded where the table cannot name it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.model.site import build_site
from generator.search.englishnames import english_award_names
from generator.search.records import place_line, profile_record
from tests.browser import PageProbe
from tests.projects import write_small_project
from tests.test_english_words import VIETNAMESE_LETTER


def test_the_table_names_each_profiles_award_line_in_english(tmp_path: Path) -> None:
    site, report = build_site(write_small_project(tmp_path))
    assert site is not None, [p.format("en") for p in report]
    table = json.loads(english_award_names(site))
    # The small project's two profiles: a class of an order; a prime minister's certificate.
    assert table["Huân chương Lao động hạng Ba"] == "Labour Order, Third Class"
    # Every profile's award line is named; the rest are its place lines and the fixed words
    # of campaign, decision and page lines (their kind, state and level).
    awards = {e.top_award.display for e in site.published() if e.top_award}
    assert awards <= set(table), table
    # English words and the lines' own punctuation (a middle dot, an en dash), no Vietnamese
    # letter; a line naming a name gives it apart (English and names in turn).
    ascii_ = set(map(chr, range(128))) | {"·", "–"}
    for english in table.values():
        words = english[0::2] if isinstance(english, list) else [english]
        assert all(set(part) <= ascii_ for part in words), english


def test_the_table_gives_each_place_line_in_english(tmp_path: Path) -> None:
    # #22 point 1: the result's place line as the pages say places, its names kept apart for
    # search.js to mark lang="vi"; the records (the index) keep their one Vietnamese line.
    site, report = build_site(write_small_project(tmp_path))
    assert site is not None, [p.format("en") for p in report]
    table = json.loads(english_award_names(site))
    an, htx = (
        next(e for e in site.published() if e.slug == s) for s in ("nguyen-van-an", "htx-tan-phu")
    )
    assert (
        place_line(an)
        == "Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị (nay thuộc tỉnh Quảng Trị)"
    )
    assert table[place_line(an)] == [
        "", "Triệu Thành", " commune, ", "Triệu Phong", " district, ", "Quảng Trị",
        " province (now in ", "Quảng Trị", " province)",
    ]  # fmt: skip
    assert table[place_line(htx)] == ["", "Lạng Sơn", " province"]
    assert {place_line(e) for e in site.published()} <= set(table)
    record = profile_record(site, an, 0, 1)
    assert record.meta["place"] == place_line(an)


def _results(page: Any) -> list[dict[str, str | None]]:
    page.wait_for_function(
        "() => { const s = document.querySelector('.vd-results__status').textContent;"
        " return s && !s.startsWith('Đang') && !s.startsWith('Searching'); }"
    )
    page.wait_for_load_state("networkidle")
    return [
        {"text": sub.text_content(), "lang": sub.get_attribute("lang")}
        for sub in page.locator(".vd-result__sub").all()
    ]


@pytest.mark.slow
def test_english_results_name_awards_in_english(probe: PageProbe, demo_project: Path) -> None:
    table = json.loads((demo_project / "site/en/tim-kiem/names.json").read_text(encoding="utf-8"))
    page = probe.goto("en/tim-kiem/?q=labour+hero")
    subs = _results(page)
    assert {"text": "Hero of Labour", "lang": "en"} in subs, subs
    for sub in subs:
        # In English where the table has it; else the Vietnamese, inside the lang="vi" record.
        assert sub["lang"] == ("en" if sub["text"] in table.values() else None), sub
        assert sub["text"] not in table, sub
    # The place line in English, its names marked Vietnamese (#22 point 1).
    places = page.locator(".vd-result__place").all()
    assert places, subs
    for place in places:
        assert place.get_attribute("lang") == "en", place.inner_html()
        assert place.locator('span[lang="vi"]').count() >= 1, place.inner_html()
        assert not VIETNAMESE_LETTER.search(
            place.evaluate(
                "n => [...n.childNodes].filter(c => c.nodeType === 3).map(c => c.data).join('')"
            )
        ), place.inner_html()
    # A campaign's kind and state are fixed words: in English too, marked so.
    page = probe.goto("en/tim-kiem/?q=dan+van+kheo")
    subs = _results(page)
    assert any((s["text"] or "").startswith("Campaign · ") and s["lang"] == "en" for s in subs), (
        subs
    )
    assert not any((s["text"] or "").startswith("Phong trào thi đua") for s in subs), subs
    # The header box's suggestions too.
    page = probe.goto("en/")
    page.locator("#vd-search-input").fill("labour hero")
    page.wait_for_selector(".vd-search__option .vd-search__sub")
    header = page.locator(".vd-search__sub").first
    assert header.text_content() == "Hero of Labour" and header.get_attribute("lang") == "en"
    # The Vietnamese page: the records as they are.
    page = probe.goto("tim-kiem/?q=anh+hung+lao+dong")
    subs = _results(page)
    assert {"text": "Anh hùng Lao động", "lang": None} in subs, subs
    assert not any(s["lang"] for s in subs), subs
    probe.assert_clean()
