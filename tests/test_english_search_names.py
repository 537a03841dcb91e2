"""The English search's result lines (issue #22 point 3, and point 1 of its leftovers): a
result's award line in English where the taxonomy names it (a table shipped once for the site,
en/tim-kiem/names.json, not English in every record: issue #21's budget), marked `lang="en"`
inside the Vietnamese record; its place line in English by a rule whose words are in the same
file (unit types: a table of every line would grow with the roll), the names marked
`lang="vi"`; the Vietnamese line as recorded where neither can say it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.model.site import build_site
from generator.search.englishnames import english_award_names, english_place_line
from generator.search.records import place_line, profile_record
from tests.browser import PageProbe
from tests.projects import PERSON, write_small_project
from tests.test_english_words import VIETNAMESE_LETTER


def test_the_table_names_each_profiles_award_line_in_english(tmp_path: Path) -> None:
    site, report = build_site(write_small_project(tmp_path))
    assert site is not None, [p.format("en") for p in report]
    table = json.loads(english_award_names(site))["lines"]
    # The small project's two profiles: a class of an order; a prime minister's certificate.
    assert table["Huân chương Lao động hạng Ba"] == "Labour Order, Third Class"
    # Every profile's award line is named; the rest are the fixed words of campaign, decision
    # and page lines (their kind, state and level).
    awards = {e.top_award.display for e in site.published() if e.top_award}
    assert awards <= set(table), table
    # English words and the lines' own punctuation (a middle dot, an en dash), no Vietnamese
    # letter; a line naming a name gives it apart (English and names in turn).
    ascii_ = set(map(chr, range(128))) | {"·", "–"}
    for english in table.values():
        words = english[0::2] if isinstance(english, list) else [english]
        assert all(set(part) <= ascii_ for part in words), english


def test_place_lines_are_said_by_a_rule_that_does_not_grow_with_the_roll(tmp_path: Path) -> None:
    # #22 point 1: the place line as the pages say places, by unit types; the records (the
    # index) keep their one Vietnamese line, and the table holds no line of a profile's place.
    site, report = build_site(write_small_project(tmp_path / "small"))
    assert site is not None, [p.format("en") for p in report]
    table = json.loads(english_award_names(site))
    an = next(e for e in site.published() if e.slug == "nguyen-van-an")
    line = place_line(an)
    assert line == "Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị (nay thuộc tỉnh Quảng Trị)"
    assert profile_record(site, an, 0, 1).meta["place"] == line
    assert english_place_line(an) == [
        "", "Triệu Thành", " commune, ", "Triệu Phong", " district, ", "Quảng Trị",
        " province (now in ", "Quảng Trị", " province)",
    ]  # fmt: skip
    assert line not in table["lines"]
    types = dict(table["places"]["types"])
    assert (
        types["xã"] == "commune"
        and types["thị xã"] == "town"
        and types["đặc khu"] == ("special zone")
    )
    assert table["places"]["now"] == ["(nay thuộc ", "(now in "]
    # A profile in another place, with the same award: the same table.
    other = PERSON.replace("slug: nguyen-van-an", "slug: le-thi-ba").replace(
        "  district: Triệu Phong\n  commune: Triệu Thành\n", "  district: Hải Lăng\n"
    )
    bigger, report = build_site(
        write_small_project(tmp_path / "bigger", **{"profiles__le-thi-ba.yml": other})
    )
    assert bigger is not None, [p.format("en") for p in report]
    assert len(bigger.published()) == len(site.published()) + 1
    assert english_award_names(bigger) == english_award_names(site)


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
    names = json.loads((demo_project / "site/en/tim-kiem/names.json").read_text(encoding="utf-8"))
    table = names["lines"]
    model, _report = build_site(demo_project)
    assert model is not None
    # What search.js says each place line as: the Python reference, joined.
    places = {"".join(english_place_line(e)): english_place_line(e) for e in model.published()}
    page = probe.goto("en/tim-kiem/?q=labour+hero")
    subs = _results(page)
    assert {"text": "Hero of Labour", "lang": "en"} in subs, subs
    for sub in subs:
        # In English where the table has it; else the Vietnamese, inside the lang="vi" record.
        assert sub["lang"] == ("en" if sub["text"] in table.values() else None), sub
        assert sub["text"] not in table, sub
    # The place line in English, as the Python reference says it, its names marked Vietnamese.
    shown = page.locator(".vd-result__place").all()
    assert shown, subs
    for place in shown:
        assert place.get_attribute("lang") == "en", place.inner_html()
        expected = places[place.text_content() or ""]
        names = [n.text_content() for n in place.locator('span[lang="vi"]').all()]
        assert names == [n for n in expected[1::2] if n], place.inner_html()
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
