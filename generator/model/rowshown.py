"""What a roll's row and a card show of an entry, in either edition: made once when the
entry's check row is made (`saved_shown`, kept on the row: `CheckRow.roll_view`), read back
as a view the templates render from (`EntryShown`), and digested for the roll pages' keys
(`shown_digests`): one source of truth, so a page made again reads no kept profile and a field
a template shows is in its page's key (issue #21; docs/performance.md, "Roll rows from the
row (session 20)")."""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
from typing import Any, NamedTuple

from generator.model import englishtext
from generator.model.entries import Entry
from generator.model.labels import model_recognised
from generator.model.resolved import ResolvedAward

# A Vietnamese name inside an English place, as `saved_shown` cuts the place into parts: the
# names at odd places, the English words around them at even ones (no name holds a NUL).
_NAME_MARK = "\0"


class EnglishShown(NamedTuple):
    """The English an editor added (`en:`) to the fields shown: a role's, a model's problem."""

    position: str | None = None
    unit: str | None = None
    problem: str | None = None


class AwardShown(NamedTuple):
    """What a roll and a card show of an award: its name in either edition, whether it was
    posthumous, its year and decision."""

    display: str  # `ResolvedAward.display`: the Vietnamese name with its class
    english: englishtext.AwardName  # `englishtext.resolved_award_name`
    posthumous: bool
    year: int
    decision_number: str | None
    decision_date: dt.date | None


class PracticeShown(NamedTuple):
    """What the models' roll shows of a model's practice."""

    problem: str | None
    en: EnglishShown | None
    replications: int  # how many places copied it


class EntryShown(NamedTuple):
    """What a roll's row and a card show of an entry. The templates read nothing else of it:
    an attribute it lacks is undefined, which the templates' StrictUndefined raises on."""

    slug: str
    display_name: str
    position: str | None
    unit: str | None
    en: EnglishShown | None
    place: str  # `ResolvedLocality.short_text`
    place_en: tuple[str, ...]  # `englishtext.short_place`, cut at its Vietnamese names
    awards: tuple[AwardShown | None, ...]  # by index among its awards; None: not in force
    top: AwardShown | None  # its highest award in force
    practice: PracticeShown | None
    recognised: str  # a model's `model_recognised` ("" for any other kind)
    photos: tuple[int, ...]  # the consented photos' places in `photos:` (a card's picture)


# `EntryShown` as marshal stores it besides the fields the row holds anyway (slug, name, place,
# photos): plain tuples, dates as ordinals.
SavedShown = tuple[Any, ...]


def packed(saved: SavedShown) -> bytes:
    """`saved` as its row keeps it: one bytes object, read back only for the rows shown."""
    # Its ~20 objects an entry as tuples in the row were +50 % on loading the check cache's
    # index at 1,000 profiles (9.5 -> 14.3 ms), which every build does, a no-change one too;
    # one bytes object an entry, +0.7 ms (docs/performance.md, "Roll rows from the row").
    return marshal.dumps(saved)


def saved_shown(entry: Entry) -> SavedShown:
    """What a roll's row and a card show of an entry resolved now, as stored."""
    profile, locality, practice = entry.profile, entry.locality, entry.practice
    en = profile.en
    active = {id(award) for award in entry.active_awards}
    awards = tuple(saved_award(a) if id(a) in active else None for a in entry.awards)
    top = entry.top_award
    top_at = next(i for i, a in enumerate(entry.awards) if a is top) if top is not None else -1
    shown_practice = None
    if practice is not None:
        record = practice.record
        problem_en = getattr(record.en, "problem", None) if record.en is not None else None
        shown_practice = (record.problem, problem_en, len(practice.replications))
    return (
        profile.position,
        profile.unit,
        (en.position, en.unit) if en is not None else None,
        tuple(englishtext.short_place(locality, _marked).split(_NAME_MARK)),
        awards,
        top_at,
        shown_practice,
        model_recognised(entry) if profile.kind == "model" else "",
    )


def _marked(name: str) -> str:
    return f"{_NAME_MARK}{name}{_NAME_MARK}"


def saved_award(award: ResolvedAward) -> tuple[Any, ...]:
    """What a roll, a card and the statistics' annex show of an award, as stored."""
    record = award.record
    english = englishtext.resolved_award_name(award)
    day = record.decision_date
    return (
        award.display,
        (english.text, english.lang, english.kept),
        record.posthumous,
        record.year,
        record.decision_number,
        day.toordinal() if day is not None else None,
    )


def shown_view(
    slug: str, name: str, place: str, photos: tuple[int, ...], kept: bytes
) -> EntryShown:
    """The view of a `saved_shown` its row kept (`packed`), with the fields the row holds
    anyway."""
    position, unit, en, place_en, awards, top_at, practice, recognised = marshal.loads(kept)
    viewed = tuple(award_view(a) if a is not None else None for a in awards)
    return EntryShown(
        slug,
        name,
        position,
        unit,
        EnglishShown(*en) if en is not None else None,
        place,
        place_en,
        viewed,
        viewed[top_at] if top_at >= 0 else None,
        _practice_view(practice) if practice is not None else None,
        recognised,
        photos,
    )


def award_view(saved: tuple[Any, ...]) -> AwardShown:
    """The view of an award `saved_award` stored."""
    display, english, posthumous, year, number, day = saved
    when = dt.date.fromordinal(day) if day is not None else None
    return AwardShown(display, englishtext.AwardName(*english), posthumous, year, number, when)


def _practice_view(saved: tuple[Any, ...]) -> PracticeShown:
    problem, problem_en, replications = saved
    en = EnglishShown(problem=problem_en) if problem_en is not None else None
    return PracticeShown(problem, en, replications)


def english_place(place_en: tuple[str, ...], mark: englishtext.NameMark) -> str:
    """`englishtext.short_place` of the place cut by `saved_shown`, its names set by `mark`."""
    return "".join(mark(part) if i % 2 else part for i, part in enumerate(place_en))


def shown_digests(
    slug: str, name: str, place: str, saved: SavedShown
) -> tuple[str, tuple[str, ...]]:
    """`CheckRow.shown`: a digest of what a roll's row of the entry alone shows in either
    edition (all of `saved` but its awards, with its highest), and one of each award's."""
    position, unit, en, place_en, awards, top_at, practice, recognised = saved
    top = awards[top_at] if top_at >= 0 else None
    own = (slug, name, position, unit, en, place, place_en, top, practice, recognised)
    return _digest(repr(own)), tuple(_digest(repr(award)) for award in awards)


def _digest(text: str) -> str:
    """A short digest of `text` (a page key's part)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
