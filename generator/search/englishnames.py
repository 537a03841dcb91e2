"""The English edition's search tables: English words of a query read as the Vietnamese award
names the records hold, and the English of the result lines, each one JSON file for the site
beside the English search page (not English text in every record: issue #21's output budget)."""

from __future__ import annotations

import json
import re

from generator.model.englishtext import (
    UNIT_TYPES_EN,
    UNKNOWN_PLACE_EN,
    AwardName,
    recorded_place,
    resolved_award_name,
    unit_name,
)
from generator.model.entries import Entry, Site
from generator.model.labels import CAMPAIGN_LEVEL, CAMPAIGN_STATUS
from generator.model.resolved import UNKNOWN_PLACE_TEXT
from generator.model.urls import SEARCH_PATH, edition_path
from generator.search.records import KIND_PAGE, campaign_lines, decision_sub
from generator.templating.i18n import translations
from generator.vntext import fold

# The English edition's search finds Vietnamese records from English words: its query-side
# table (not English text in every record, which would grow the index of both editions, issue
# #21) maps the words of each award's English name to its Vietnamese name.
SYNONYMS_EN = f"{edition_path('en', SEARCH_PATH)}synonyms.json"
# Beside it, the English of the lines the results show (a record's `sub` and `place`), once
# for the site rather than in every record; search.js finds it next to the synonyms.
AWARD_NAMES_EN = f"{edition_path('en', SEARCH_PATH)}names.json"
# A place line is said in English by a rule, not listed: a table of every line grew with the
# roll (200 KB at 1,000 profiles), the rule's words are a few dozen bytes. The line's units,
# "Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị (nay thuộc tỉnh Quảng Trị)", each become
# name and type as `englishtext.unit_name` writes them, the names kept as written.
_NOW_VI, _NOW_EN = "(nay thuộc ", "(now in "
# Set around each name a place line keeps as written, then split on (`english_place_line`).
_NAME_MARK = "\x00"
_ENGLISH_WORD = re.compile(r"[a-z0-9]+")
# Words an English award name holds that a reader's query need not ("Hero of Labour" is found
# by "labour hero"); a class ("First Class") is not searched for by its number.
_ENGLISH_STOPWORDS = frozenset({"of", "the", "for", "and", "or", "in", "on", "a", "an", "s"})


def english_words(text: str) -> list[str]:
    """The words of an English text as the search page compares them: lower case, without
    the stop words, British spelling ("labor" is "labour")."""
    words = _ENGLISH_WORD.findall(fold(text).lower())
    return [
        re.sub(r"or$", "our", w) if w in ("labor", "honor", "color") else w
        for w in words
        if w not in _ENGLISH_STOPWORDS
    ]


def english_synonyms(site: Site) -> str:
    """The English search page's table, JSON: [[English words], Vietnamese name] per award of
    the taxonomy (longest first, so that the fullest name a query holds wins)."""
    pairs: dict[tuple[str, ...], str] = {}
    for award in site.taxonomy:
        words = tuple(sorted(set(english_words(award.en))))
        if words and words not in pairs:
            pairs[words] = award.name_on(None)
    ordered = sorted(pairs.items(), key=lambda p: (-len(p[0]), p[0]))
    return json.dumps([[list(w), vi] for w, vi in ordered], ensure_ascii=False) + "\n"


def english_award_names(site: Site) -> str:
    """The English search page's result lines, JSON: `lines`, {Vietnamese line: English} for
    the award each profile's record shows (`profile_record`'s `sub`) when the taxonomy names it
    in English and the fixed words of the campaigns', decisions' and pages' lines (a line that
    keeps a name as written is a list, English and names in turn); `places`, the words
    search.js says a place line with (`place_words`). A line left out stays Vietnamese."""
    lines = _english_fixed_lines(site)
    for entry in site.published():
        top = entry.top_award
        if top is not None and top.display not in lines:
            english = resolved_award_name(top)
            if english.lang == "en":
                lines[top.display] = _award_line(english)
    table = {"lines": dict(sorted(lines.items())), "places": place_words()}
    return json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n"


def place_words() -> dict[str, object]:
    """What search.js says a place line with: each unit type's English by its Vietnamese (lower
    case: "xã" commune, "thành phố" city at either level; longest first, "thị xã" before
    "xã") and the words of today's province after a change."""
    types: dict[str, str] = {}
    for (_level, vietnamese), english in UNIT_TYPES_EN.items():
        if types.setdefault(vietnamese.lower(), english) != english:
            raise ValueError(f"unit type {vietnamese!r} has two English types")
    ordered = sorted(types.items(), key=lambda t: (-len(t[0]), t[0]))
    return {"types": [list(t) for t in ordered], "now": [_NOW_VI, _NOW_EN]}


def _award_line(named: AwardName, before: str = "") -> str | list[str]:
    """An English award line: the text, or a list around the name it keeps as written."""
    text = before + named.text
    if not named.kept or named.kept not in text:
        return text
    head, kept, tail = text.partition(named.kept)
    return [head, kept, tail]


def _marked(name: str) -> str:
    return f"{_NAME_MARK}{name}{_NAME_MARK}"


def english_place_line(entry: Entry) -> list[str]:
    """The English of a profile's place line (`records.place_line`), as search.js says it from
    `place_words`: English and names kept as written in turn, ["", "Triệu Thành", " commune, ",
    "Triệu Phong", " district, ", "Quảng Trị", " province (now in ", "Quảng Trị", " province)"]
    (the reference its tests compare the page with)."""
    locality = entry.locality
    text = recorded_place(locality, _marked)
    if locality.changed and locality.current_province is not None:
        text += f" {_NOW_EN}{unit_name(locality.current_province, _marked)})"
    return text.split(_NAME_MARK)


def _english_fixed_lines(site: Site) -> dict[str, str | list[str]]:
    """The English of the campaigns', decisions' and pages' result lines (`campaign_lines`,
    `decision_record`, `page_record`): their fixed words from the catalogue; a decision's
    line only when its award has an English name (a half-English line would be marked wrong)."""
    gettext = translations("en").gettext
    # KIND_PAGE written out, for the catalogue's extraction (a model's "Website" is the same
    # Vietnamese with a context: pgettext in _model.md).
    names: dict[str, str | list[str]] = {
        KIND_PAGE: gettext("Trang thông tin"),
        UNKNOWN_PLACE_TEXT: UNKNOWN_PLACE_EN,  # a place line with no unit
    }
    campaign_word, present = gettext("Phong trào"), gettext("nay")
    for campaign, _doc in site.campaigns.values():
        sub, place = campaign_lines(campaign)
        status = gettext(CAMPAIGN_STATUS[campaign.status])
        level = gettext(CAMPAIGN_LEVEL[campaign.level])
        end = str(campaign.end.year) if campaign.end else present
        names[sub] = f"{campaign_word} · {status}"
        names[place] = f"{level} · {campaign.start.year}–{end}"
    decision_word = gettext("Quyết định theo danh sách")
    for found in site.decisions:
        english = resolved_award_name(found.award) if found.award is not None else None
        if english is not None and english.lang == "en":
            names[decision_sub(found)] = _award_line(english, f"{decision_word} · {found.count} ")
    return names
