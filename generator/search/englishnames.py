"""The English edition's search tables: English words of a query read as the Vietnamese award
names the records hold, and the English of the result lines, each one JSON file for the site
beside the English search page (not English text in every record: issue #21's output budget)."""

from __future__ import annotations

import json
import re

from generator.model.englishtext import resolved_award_name
from generator.model.entries import Site
from generator.model.labels import CAMPAIGN_LEVEL, CAMPAIGN_STATUS
from generator.model.urls import SEARCH_PATH, edition_path
from generator.search.records import KIND_PAGE, campaign_lines, decision_sub
from generator.templating.i18n import translations
from generator.vntext import fold

# The English edition's search finds Vietnamese records from English words: its query-side
# table (not English text in every record, which would grow the index of both editions, issue
# #21) maps the words of each award's English name to its Vietnamese name.
SYNONYMS_EN = f"{edition_path('en', SEARCH_PATH)}synonyms.json"
# Beside it, the English of the award lines the results show (a record's `sub`), once for the
# site rather than in every record; search.js finds it next to the synonyms.
AWARD_NAMES_EN = f"{edition_path('en', SEARCH_PATH)}names.json"
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
    """The English search page's result lines, JSON: {Vietnamese line: English} for the award
    each profile's record shows (`profile_record`'s `sub`) when the taxonomy names it in
    English, and the fixed words of the campaigns', decisions' and pages' lines; a line left
    out stays Vietnamese on the page."""
    names = _english_fixed_lines(site)
    for entry in site.published():
        top = entry.top_award
        if top is None or top.display in names:
            continue
        english = resolved_award_name(top)
        if english.lang == "en":
            names[top.display] = english.text
    return json.dumps(dict(sorted(names.items())), ensure_ascii=False, separators=(",", ":")) + "\n"


def _english_fixed_lines(site: Site) -> dict[str, str]:
    """The English of the campaigns', decisions' and pages' result lines (`campaign_lines`,
    `decision_record`, `page_record`): their fixed words from the catalogue; a decision's
    line only when its award has an English name (a half-English line would be marked wrong)."""
    gettext = translations("en").gettext
    # KIND_PAGE written out, for the catalogue's extraction (a model's "Website" is the same
    # Vietnamese with a context: pgettext in _model.md).
    names = {KIND_PAGE: gettext("Trang thông tin")}
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
            names[decision_sub(found)] = f"{decision_word} · {found.count} {english.text}"
    return names
