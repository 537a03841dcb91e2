"""The optional English fields (`en:` blocks) of profiles, campaigns, decisions and clusters.

Their shape and limits are the Vietnamese fields' (generator.source.documents: the same `Text`
and `LongText`); invisible and direction characters are handled for the whole file on load,
an English story passes the same Markdown guard and, at render time, the same sanitiser as the
Vietnamese one, and the personal-data scan reads English text too (`english_texts`). What only
a translation can get wrong is checked here, as warnings at the English key:

* a translation without its original (the Vietnamese page would lack what the English has);
* a step list of another length than the original's (steps are shown side by side);
* English text whose words mostly carry Vietnamese diacritics (the original pasted twice).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from generator.errors import Severity
from generator.source.documents import Campaign, Cluster, Decision, Profile
from generator.source.load import Loc
from generator.source.markdownguard import WORK_BUDGET, markdown_work
from generator.source.validate import field_path

# Share of words with Vietnamese diacritics above which English text is taken for Vietnamese.
# English about Vietnam names people and places with their diacritics ("Nguyễn Thị Hoa chairs
# the Triệu Thành cooperative": 4 of 7 words), so only a clear majority is reported, from two
# such words (a lone name is not a pasted sentence), and a text of under four words ("Tân Phú
# cooperative") only when every word is marked ("Nông dân").
LOOKS_VIETNAMESE_SHARE = 0.6
_MIN_VIETNAMESE_WORDS = 2
_SHORT_TEXT_WORDS = 4


class _Check(Protocol):
    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        """Report a problem at a key of the document."""


@dataclass(frozen=True)
class EnglishField:
    """One English value and the Vietnamese original it translates."""

    loc: Loc  # where the English is: ("awards", 0, "en", "citation")
    original_loc: Loc  # where the original is: ("awards", 0, "citation")
    english: str | list[str]
    original: str | list[str] | None


def _pairs(
    at: Loc,
    english: BaseModel | None,
    originals: Mapping[str, object],
    original_at: Mapping[str, Loc] | None = None,
) -> Iterator[EnglishField]:
    """The English values of one block with their originals, in the block's key order;
    `original_at` names an original kept elsewhere than beside the block."""
    if english is None:
        return
    for key in type(english).model_fields:
        value = getattr(english, key)
        if value is None or value == []:
            continue
        original = originals.get(key)
        yield EnglishField(
            (*at, "en", key),
            (original_at or {}).get(key, (*at, key)),
            value,
            original if isinstance(original, str | list) else None,
        )


def profile_fields(profile: Profile) -> Iterator[EnglishField]:
    """Every English value of a profile: its own, its awards', its photos' and its model's."""
    yield from _pairs((), profile.en, vars(profile))
    for i, award in enumerate(profile.awards):
        yield from _pairs(("awards", i), award.en, vars(award))
    for i, photo in enumerate(profile.photos):
        yield from _pairs(("photos", i), photo.en, vars(photo))
    if profile.model is not None:
        yield from _pairs(("model",), profile.model.en, vars(profile.model))


def campaign_fields(campaign: Campaign, body: str) -> Iterator[EnglishField]:
    """A campaign's English values; its English story translates the page's Markdown body."""
    originals = {**vars(campaign), "story": body.strip() or None}
    yield from _pairs((), campaign.en, originals, {"story": ("body",)})


def decision_fields(decision: Decision) -> Iterator[EnglishField]:
    """A decision's English subject."""
    yield from _pairs((), decision.en, vars(decision))


def cluster_fields(cluster: Cluster) -> Iterator[EnglishField]:
    """A cluster's English summary."""
    yield from _pairs((), cluster.en, vars(cluster))


def vietnamese_share(text: str) -> tuple[float, int, int]:
    """The share of words in `text` carrying a Vietnamese diacritic (a tone or vowel mark, or
    "đ"), how many do, and how many words there are."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    if not words:
        return 0.0, 0, 0
    marked = sum(1 for w in words if _has_vietnamese_mark(w))
    return marked / len(words), marked, len(words)


def _has_vietnamese_mark(word: str) -> bool:
    for ch in word:
        if ch in "đĐ":
            return True
        if ch.isalpha() and ord(ch) > 0x7F:
            # A Latin letter with a combining mark: the five tones, the hook, breve, circumflex
            # and horn Vietnamese uses. Other scripts' letters are not Vietnamese.
            base = unicodedata.decomposition(ch)
            if base and "LATIN" in unicodedata.name(ch, ""):
                return True
    return False


def looks_vietnamese(text: str) -> int | None:
    """The percentage of Vietnamese-marked words when English text looks Vietnamese, else None."""
    share, marked, words = vietnamese_share(text)
    if share <= LOOKS_VIETNAMESE_SHARE or marked < _MIN_VIETNAMESE_WORDS:
        return None
    if words < _SHORT_TEXT_WORDS and marked < words:
        return None
    return round(share * 100)


def _excerpt(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def check_fields(fields: Iterator[EnglishField], check: _Check) -> None:
    """Warn about English without an original, lists of another length and English that looks
    Vietnamese; refuse an English story python-markdown would take too long to convert."""
    for field in fields:
        original = field_path(field.original_loc)
        if not field.original:
            check.add(field.loc, "english.no_original", "warning", original=original)
        elif (
            isinstance(field.english, list)
            and isinstance(field.original, list)
            and len(field.english) != len(field.original)
        ):
            check.add(
                field.loc,
                "english.count_differs",
                "warning",
                original=original,
                english=len(field.english),
                vietnamese=len(field.original),
            )
        texts = field.english if isinstance(field.english, list) else [field.english]
        for i, text in enumerate(texts):
            where = (*field.loc, i) if isinstance(field.english, list) else field.loc
            share = looks_vietnamese(text)
            if share is not None:
                check.add(
                    where,
                    "english.looks_vietnamese",
                    "warning",
                    share=share,
                    text=_excerpt(text),
                )
        if field.loc[-1] == "story" and isinstance(field.english, str):
            _check_markdown(field.loc, field.english, check)


def _check_markdown(loc: Loc, story: str, check: _Check) -> None:
    """The Vietnamese story's guard (generator.source.markdownguard), for the English one."""
    found = markdown_work(story)
    if found.too_much:
        line = story.count("\n", 0, found.offset) + 1
        col = found.offset - (story.rfind("\n", 0, found.offset) + 1) + 1
        check.add(
            loc, "markdown.too_complex_in", work=found.work, limit=WORK_BUDGET, line=line, col=col
        )


def english_texts(data: Mapping[str, Any]) -> list[tuple[Loc, object]]:
    """A profile's English free text from its parsed data, for the personal-data scan (which
    runs on data that has not been validated yet, so every level is tested for its type)."""
    found: list[tuple[Loc, object]] = []

    def block(at: Loc, parent: object) -> None:
        english = parent.get("en") if isinstance(parent, dict) else None
        if not isinstance(english, dict):
            return
        for key, value in english.items():
            if isinstance(value, list):
                found.extend(((*at, "en", key, i), item) for i, item in enumerate(value))
            else:
                found.append(((*at, "en", key), value))

    block((), data)
    awards = data.get("awards")
    if isinstance(awards, list):
        for i, award in enumerate(awards):
            block(("awards", i), award)
    block(("model",), data.get("model"))
    return found
