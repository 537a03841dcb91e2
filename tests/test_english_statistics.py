"""The English edition's statistics (issue #22 point 1): the model's Vietnamese figures said in
English where they are printed, the Vietnamese unchanged.

The model builds every label, title and note in Vietnamese; a sentence with numbers or names is
a `Phrase` (its Vietnamese text, its msgid and arguments), and data labels have their English in
the site's `StatEnglish`. `StatWords` says them in an edition's words; the charts draw with it.
The whole English pages are scanned by tests/test_english_words.py, and the Vietnamese ones
compared with the golden tree (tests/test_golden.py).
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.model.entries import Site
from generator.model.phrases import Count, Lowered, Phrase
from generator.model.site import build_site
from generator.model.statistics import (
    Figure,
    Section,
    SiteStatistics,
    compute_statistics,
    join_notes,
    recorded_place,
)
from generator.templating.charts import campaign_timeline, section_chart
from generator.templating.i18n import Msgid, extract_messages, extract_vietnamese
from generator.templating.statwords import StatWords
from tests.projects import write_small_project
from tests.test_english_words import kept_names, vietnamese_left

TODAY = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, SiteStatistics]:
    root = write_small_project(tmp_path_factory.mktemp("stats") / "project")
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    return site, compute_statistics(site, TODAY)


# --- phrases ----------------------------------------------------------------------------------


def test_a_phrase_is_its_vietnamese_text_and_keeps_what_it_was_made_from() -> None:
    said = Phrase("Gồm cả danh sách của {lists} quyết định.", lists=3)
    assert said == "Gồm cả danh sách của 3 quyết định." and isinstance(said, str)
    assert (said.msgid, said.args) == ("Gồm cả danh sách của {lists} quyết định.", {"lists": 3})
    # A count in a Vietnamese sentence has a dot for thousands; a lowered label keeps its case.
    assert Phrase("{size} người", size=Count(12345)) == "12.345 người"
    level = Lowered("Cấp Nhà nước")
    assert (level, level.label) == ("cấp nhà nước", "Cấp Nhà nước")
    # Notes joined keep their sentences; the build's caches copy them whole.
    note = join_notes("Câu một.", "", said)
    assert note == "Câu một. Gồm cả danh sách của 3 quyết định."
    assert isinstance(note, Phrase) and note.parts == ("Câu một.", said)
    copy = pickle.loads(pickle.dumps(note))
    assert copy == note and copy.parts == note.parts and copy.parts[1].args == {"lists": 3}
    assert pickle.loads(pickle.dumps(level)).label == "Cấp Nhà nước"
    # Braces in an argument (a name) are text, not fields, once formatted and copied.
    braced = Phrase("{name}: {n}", name="Tổ {1}", n=2)
    assert pickle.loads(pickle.dumps(braced)) == "Tổ {1}: 2"
    assert join_notes("", "Một.") == "Một." and join_notes() == ""


LISTS = "Gồm cả danh sách của {lists} quyết định do cơ quan trên địa bàn ban hành."


def _lists(n: int) -> Phrase:
    """statistics.py's note on a province's decisions' lists, with its count."""
    return Phrase.counted(LISTS, LISTS, n, lists=n)


def test_a_count_s_phrase_takes_the_english_plural_form() -> None:
    one, two = _lists(1), _lists(2)
    # Vietnamese writes its one text whatever the count; the phrase keeps both msgids.
    assert one == "Gồm cả danh sách của 1 quyết định do cơ quan trên địa bàn ban hành."
    assert (two.msgid, two.plural, two.n, two.args) == (LISTS, LISTS, 2, {"lists": 2})
    vi, en = StatWords("vi"), StatWords("en")
    assert vi.say(one) is one and vi.plain(two) is two
    assert en.plain(one) == "Includes the list of 1 decision issued by an authority in the area."
    assert en.plain(_lists(0)) == (
        "Includes the lists of 0 decisions issued by authorities in the area."
    )
    # In a joined note, and once copied by the build's caches, the count still picks the form.
    note = pickle.loads(pickle.dumps(join_notes("Theo tệp của từng cụm, khối.", one)))
    assert isinstance(note, Phrase) and note.parts[1].plural == LISTS
    assert en.plain(note) == (
        "From each cluster's or block's file. "
        "Includes the list of 1 decision issued by an authority in the area."
    )
    copied = pickle.loads(pickle.dumps(two))
    assert (copied, copied.plural, copied.n) == (two, LISTS, 2)
    assert en.plain(copied) == (
        "Includes the lists of 2 decisions issued by authorities in the area."
    )


# --- words and numbers ------------------------------------------------------------------------


def test_numbers_are_written_the_edition_s_way() -> None:
    vi, en = StatWords("vi"), StatWords("en")
    assert (vi.count(12345), vi.share(0.8283), vi.share(None)) == ("12.345", "82,8%", "—")
    assert (en.count(12345), en.share(0.8283), en.share(None)) == ("12,345", "82.8%", "—")


def test_the_vietnamese_edition_says_everything_unchanged(
    counted: tuple[Site, SiteStatistics],
) -> None:
    _site, stats = counted
    vi = StatWords("vi", stats.english)
    for section in stats.sections:
        for text in (section.title, section.note, section.column, *(r.label for r in section.rows)):
            assert vi.say(text) is text and vi.plain(text) is text
        # The charts drawn in the Vietnamese edition's words are those drawn without any.
        assert section_chart(section, vi) == section_chart(section)


def test_labels_titles_and_notes_in_english(counted: tuple[Site, SiteStatistics]) -> None:
    site, stats = counted
    en = StatWords("en", stats.english)
    labels = {r.label: str(en.say(r.label)) for s in stats.sections for r in s.rows}
    # Data labels from the taxonomy and the unit list; fixed ones from the catalogue.
    assert labels["Cấp Nhà nước"] == "State level"
    assert labels["Huân chương Lao động"] == "Labour Order"
    assert labels["Tỉnh Quảng Trị"] == '<span lang="vi">Quảng Trị</span> province'
    assert labels["Không gắn với phong trào thi đua"] == "Not tied to an emulation campaign"
    # A campaign's title with no English and a signer are names: kept, marked.
    campaign = "Cả nước chung sức xây dựng nông thôn mới"
    assert labels[campaign] == f'<span lang="vi">{campaign}</span>'
    assert labels["2019: Chủ tịch nước (cấp nhà nước)"] == (
        '2019: <span lang="vi">Chủ tịch nước</span> (state level)'
    )
    # A phrase's arguments are said too: the place, and the era from the catalogue.
    _key, label, _name = recorded_place(site.published()[0].locality)
    assert re.fullmatch(r"\S+ \S+ province \(list (before|from) 1 July 2025\)", en.plain(label))
    # A note of several sentences: each in English, numbers the English way.
    note = join_notes("Một hồ sơ có thể thuộc nhiều đối tượng.", _lists(1234))
    assert str(en.say(note)) == (
        "A profile may belong to several target groups. "
        "Includes the lists of 1,234 decisions issued by authorities in the area."
    )
    # Every title, heading, note and label of every section: no Vietnamese left unmarked.
    names = kept_names(site)
    every = [*stats.sections, *(s for v in stats.provinces.values() for s in v)]
    every += [s for v in stats.campaigns.values() for s in v]
    for section in every:
        texts = [section.title, section.note, section.column, section.unit, section.base]
        texts += [section.stack_column, section.share_header, section.count_header]
        texts += [r.label for r in section.rows] + [s.label for s in section.stacks]
        for text in filter(None, texts):
            assert not vietnamese_left(f"<p>{en.say(text)}</p>", names), (section.id, text)
    # Escaped as any text: a name with markup stays text.
    assert str(en.say("<b>Tổ 1</b>")) == '<span lang="vi">&lt;b&gt;Tổ 1&lt;/b&gt;</span>'


# --- charts -----------------------------------------------------------------------------------


def test_charts_in_english(counted: tuple[Site, SiteStatistics]) -> None:
    site, stats = counted
    en = StatWords("en", stats.english)
    names = kept_names(site)
    # Every section but the table-only ones (and those with nothing counted) has a chart.
    drawn = [chart for s in stats.sections if (chart := str(section_chart(s, en)))]
    assert len(drawn) >= 10, len(drawn)
    for chart in drawn:
        assert not vietnamese_left(chart, names), chart
    level = str(section_chart(stats.section("level"), en))
    assert '<title id="tk-level-bieu-do-t">By award level (number of awards)</title>' in level
    assert "Full figures in the table alongside." in level and "State level" in level
    # English numbers: a decimal point in the shares.
    assert re.search(r"\(\d+\.\d%\)", level) and not re.search(r"\d,\d%", level)
    # A chart's line holding a name is marked as Vietnamese, English lines are not.
    campaign = str(section_chart(stats.section("campaign"), en))
    assert '<text lang="vi"' not in level
    assert re.search(r'lang="vi">Cả nước chung', campaign)


def test_a_campaign_timeline_in_english(counted: tuple[Site, SiteStatistics]) -> None:
    site, stats = counted
    campaign = site.campaigns["nong-thon-moi"][0]
    drawn = str(campaign_timeline("moc", campaign, TODAY, StatWords("en", stats.english)))
    assert "Period: from 1 January 2016 to 31 December 2020" in drawn
    assert "Today 5 December 2026: the campaign has ended" in drawn
    assert "Launch" in drawn and "1 April 2016" in drawn
    assert not vietnamese_left(drawn, kept_names(site))
    vietnamese = str(campaign_timeline("moc", campaign, TODAY))
    assert "Thời gian: từ 01/01/2016 đến 31/12/2020" in vietnamese


# --- the catalogue's extraction ---------------------------------------------------------------


def test_the_statistics_vietnamese_constants_are_extracted() -> None:
    source = '''"""Mô-đun thử."""
WORDS = frozenset(("tổ", "đội"))
TITLE = "Theo cấp khen thưởng"
SLUG = "chua-ro"


def f(n: int) -> str:
    """Hàm thử."""
    return f"Có {n} hồ sơ" + "Tổng số"
'''
    found = [m for _line, _f, m, _c in extract_vietnamese(io.BytesIO(source.encode()), 0, 0, 0)]
    assert found == ["Theo cấp khen thưởng", "Tổng số"]


def test_a_count_s_phrase_is_extracted_with_its_plural() -> None:
    source = """NOTE = Phrase.counted("Có {n} hồ sơ.", "Có {n} hồ sơ.", n, n=n)
TITLE = Phrase("Theo năm ({n} dòng đầu)", n=10)
"""
    found = list(extract_vietnamese(io.BytesIO(source.encode()), 0, 0, 0))
    assert [(f, m) for _line, f, m, _c in found] == [
        ("ngettext", ("Có {n} hồ sơ.", "Có {n} hồ sơ.")),
        ("_", "Theo năm ({n} dòng đầu)"),
    ]
    # The statistics' counted notes are each one catalogue entry with a plural.
    messages = extract_messages()
    assert Msgid(LISTS, LISTS) in messages and Msgid(LISTS) not in messages
    size = "{year}: {name} ({size} người)"
    assert Msgid(size, size) in messages


def test_a_section_s_table_in_english(tmp_path: Path) -> None:
    """The English twin of a section's table, as the page prints it (caption, headers, rows)."""
    from generator.templating.environment import make_environment

    root = write_small_project(tmp_path / "project")
    site, _report = build_site(root)
    assert site is not None
    stats = compute_statistics(site, TODAY)
    env = make_environment(language="en")
    blocks = env.get_template("statistics_blocks.md").make_module(
        {"url": lambda path: "/en/" + path, "stat_english": stats.english}
    )
    html = str(blocks.section(stats.section("level")))  # type: ignore[attr-defined]
    assert "<caption>By award level (number of awards)</caption>" in html
    assert '<th scope="col">Award level</th><th scope="col">Awards</th>' in html
    assert '<th scope="col">Share</th>' in html and "State level" in html
    assert '<th scope="row">Total</th>' in html and "100%" in html
    assert not vietnamese_left(html, kept_names(site))


def test_a_chart_s_total_of_one_is_not_said_with_a_plural_unit() -> None:
    # The units are plural nouns in English ("awards"): a total of one says no unit, and the
    # Vietnamese ("1 lượt khen thưởng", no plural) is unchanged.
    one = Figure(key="a", label="Cấp Nhà nước", value=1, share=1.0)
    section = Section("level", "Theo cấp", "Cấp", "lượt khen thưởng", 1, [one], "hbar")
    english = str(section_chart(section, StatWords("en")))
    assert "Total: 1." in english and "1 awards" not in english, english
    two = Section(
        "level", "Theo cấp", "Cấp", "lượt khen thưởng", 2, [replace(one, value=2)], "hbar"
    )
    assert "Total: 2 awards." in str(section_chart(two, StatWords("en")))
    assert "Tổng số: 1 lượt khen thưởng." in str(section_chart(section, StatWords("vi")))
