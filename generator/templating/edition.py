"""What a template prints from the model, in its edition's language.

Fixed words go through the gettext catalogue (generator.templating.i18n); this module holds
what is built from data: dates, places, award names, the sentences of a comment window or a
campaign's period, names kept in Vietnamese and the English fields an editor may add (`en:`).
The Vietnamese edition's helpers return exactly what the templates printed before them (plain
strings, escaped by autoescape as ever), so its pages stay byte-identical. The English one marks
every Vietnamese text it keeps `lang="vi"` (names of people, collectives and places, an award
with no English name, free text with no translation, followed by a short note): screen readers
pronounce it as Vietnamese, and tests/test_english_words.py scans for any Vietnamese left out
of such a mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from generator.model import englishtext
from generator.model.entries import DECISION_KIND_WORDS, DecisionEntry
from generator.model.resolved import ResolvedAward, ResolvedLocality
from generator.model.rowshown import AwardShown, EntryShown, english_place
from generator.reference.adminunits import Unit
from generator.reference.taxonomy import Award
from generator.templating.i18n import translate
from generator.templating.statwords import StatWords
from generator.vntext import vi_date

VIETNAMESE_ONLY_NOTE = "Available in Vietnamese only"


def vietnamese(text: object) -> Markup:
    """`text` marked as Vietnamese inside an English page (escaped)."""
    return Markup('<span lang="vi">{}</span>').format(text)


# Around the English an editor wrote (`en:` fields) on an English page: it may quote names in
# Vietnamese ("the Triệu Thành cooperative"), which tests/test_english_words.py allows there
# and nowhere else outside `lang="vi"`.
EDITORS_ENGLISH = "data-vd-en"


def editors_english(text: object) -> Markup:
    """An editor's English text (escaped) in its mark."""
    return Markup("<span {}>{}</span>").format(Markup(EDITORS_ENGLISH), text)


def _mark_name(name: str) -> str:
    return str(vietnamese(name))


def award_markup(named: englishtext.AwardName) -> object:
    """An English award name for a page: the Vietnamese marked `lang="vi"` where the award has
    no English name, the name it keeps as written (an issuer, a place) marked in the English."""
    if named.lang == "vi":
        return vietnamese(named.text)
    if not named.kept or named.kept not in named.text:
        return named.text
    before, kept, after = named.text.partition(named.kept)
    return Markup("{}{}{}").format(before, vietnamese(kept), after)


def _english_window_left(start: dt.date, end: dt.date, today: dt.date) -> str:
    """English of `window_left`: "5 days left, until the end of 30 November 2026"."""
    day = englishtext.date_text
    if today < start:
        days = (start - today).days
        return f"opens on {day(start)}, in {days} day{'s' if days != 1 else ''}"
    if today > end:
        return f"closed on {day(end)}"
    left = (end - today).days + 1  # today counts, as in the Vietnamese
    if left == 1:
        return f"today, {day(end)}, is the last day"
    return f"{left} days left, until the end of {day(end)}"


def english_proposals_text(windows: Iterable[tuple[dt.date, dt.date]], today: dt.date) -> str:
    """English of `proposals_text`."""
    states = [
        "upcoming" if today < start else "closed" if today > end else "open"
        for start, end in windows
    ]
    for state, words in (
        ("open", "open for public comment"),
        ("upcoming", "soon open for public comment"),
    ):
        count = states.count(state)
        if count:
            plural = "proposals" if count != 1 else "proposal"
            return f"{count} award {plural} {words}"
    return ""


def _english_campaign_stage(start: dt.date, end: dt.date | None, today: dt.date) -> str:
    """English of `campaign_stage`."""
    day = englishtext.date_text
    if today < start:
        return f"not started (starts on {day(start)})"
    if end is not None and today > end:
        return f"period over (ended on {day(end)})"
    if end is None:
        return "under way"
    left = (end - today).days + 1
    return f"under way, {left} day{'s' if left != 1 else ''} left (until the end of {day(end)})"


def english_decision_title(found: DecisionEntry, mark: Callable[[str], str] = str) -> str:
    """English of a decision's title: "Decision No. 45/QĐ-UBND of 20 December 2025 by …"."""
    d = found.decision
    date = englishtext.date_text(d.decision_date)
    return f"Decision No. {mark(d.decision_number)} of {date} by {mark(d.issuer)}"


def english_decision_subject(found: DecisionEntry, html: bool = False) -> str:
    """English of what a decision decides: its `en.subject`, else its count, kind and award
    when no Vietnamese subject was recorded ("" when one was, with no English). With `html`,
    text for a page: escaped, an award with no English name marked `lang="vi"`."""
    d = found.decision
    if d.en is not None and d.en.subject:
        return d.en.subject
    if d.subject:
        return ""
    who = translate("en", DECISION_KIND_WORDS[d.kind])
    award = (
        englishtext.resolved_award_name(found.award)
        if found.award is not None
        else englishtext.AwardName(d.award, "vi")
    )
    if not html:
        return f"{found.count} {who}: {award.text}, {d.year}"
    return str(Markup("{} {}: {}, {}").format(found.count, who, award_markup(award), d.year))


class Edition:
    """The template helpers of one edition ("vi" or "en")."""

    def __init__(self, language: str, vietnamese_sentences: dict[str, Callable[..., str]]) -> None:
        self.language = language
        self.english = language == "en"
        self._vi = vietnamese_sentences

    # --- fixed words and data ---------------------------------------------------------------

    def tr(self, message: str) -> str:
        """A fixed Python label ("Tập thể", a campaign's level) in the edition's language."""
        return translate(self.language, message) if self.english else message

    def words(self, text: str) -> object:
        """Vietnamese words from the model (a heading, an intro): the catalogue's English, else
        the Vietnamese marked `lang="vi"` (a title made from an editor's text)."""
        if not self.english or not text:
            return text
        english = translate(self.language, text)
        return english if english != text else vietnamese(text)

    def decision_title(self, found: DecisionEntry) -> object:
        """A decision honouring many, named: its number, date and issuer."""
        if not self.english:
            return found.title
        return Markup(english_decision_title(found, _mark_name))

    def decision_subject(self, found: DecisionEntry) -> object:
        """What a decision decides, in the edition's language (marked Vietnamese with the note
        when only the Vietnamese was recorded)."""
        if not self.english:
            return found.subject
        en = found.decision.en
        if en is not None and en.subject:
            return editors_english(en.subject)
        if not found.decision.subject:  # made from the model: names marked, the rest escaped
            return Markup(english_decision_subject(found, html=True))
        return Markup('{} <span class="vd-vi-only">({})</span>').format(
            vietnamese(found.subject), VIETNAMESE_ONLY_NOTE
        )

    def roll_title(self, roll: Any) -> object:
        """A roll's title: its English made from data (`title_en`), else `words`."""
        if self.english and roll.title_en:
            return roll.title_en
        return self.words(roll.title)

    def long_date(self, value: dt.date) -> str:
        """A date as the edition writes it: "05/12/2026" / "5 December 2026"."""
        return englishtext.date_text(value) if self.english else vi_date(value)

    def name(self, text: object) -> object:
        """A name kept as written (a person, a collective, a campaign): `lang="vi"` in English."""
        if not self.english or text is None or text == "":
            return text
        return vietnamese(text)

    def site_text(self, config: Any, key: str) -> object:
        """The site's own words (`site_name`, `site_description`, `owner`): in English the
        configuration's `en:` value, else the Vietnamese kept as written and marked."""
        english = getattr(getattr(config, "en", None), key, None) if self.english else None
        return english or self.name(getattr(config, key))

    def place(self, locality: ResolvedLocality | EntryShown, form: str = "short") -> object:
        """A locality in one line ("short"), as recorded ("recorded") or what it is now ("now",
        "" when unchanged); of a roll's row or a card (`EntryShown`), in one line."""
        if isinstance(locality, EntryShown):
            if not self.english:
                return locality.place
            return Markup(english_place(locality.place_en, _mark_name))
        if not self.english:
            if form == "recorded":
                return locality.recorded_text()
            return locality.now_text() if form == "now" else locality.short_text()
        if form == "recorded":
            text = englishtext.recorded_place(locality, _mark_name)
        elif form == "now":
            text = englishtext.now_place(locality, _mark_name)
        else:
            text = englishtext.short_place(locality, _mark_name)
        return Markup(text)

    def unit(self, unit: Unit) -> object:
        """An administrative unit by its full name ("Tỉnh Quảng Trị" / "Quảng Trị province")."""
        if not self.english:
            return unit.full_name
        return Markup(englishtext.unit_name(unit, _mark_name))

    def award(self, resolved: ResolvedAward | AwardShown) -> object:
        """An award's name with its class; in English the taxonomy's English name, or the
        Vietnamese one marked when the award has none (of a roll's row or a card: as its
        `AwardShown` holds them)."""
        if not self.english:
            return resolved.display
        if isinstance(resolved, AwardShown):
            return award_markup(resolved.english)
        return award_markup(englishtext.resolved_award_name(resolved))

    def award_of(self, award: Award, klass: str | None, when: dt.date | None = None) -> object:
        """An award from the taxonomy by its class and date (a proposal's)."""
        if not self.english:
            return award.display(klass, when)
        return award_markup(englishtext.award_name(award, klass, when))

    def text(self, owner: Any, key: str) -> object:
        """A free-text field (`summary`, `position`…) of a document: in English its `en:`
        value, else the Vietnamese marked `lang="vi"` with a note; None when absent."""
        original = getattr(owner, key)
        if not self.english or not original:
            return original
        english = getattr(getattr(owner, "en", None), key, None)
        if english:
            return editors_english(english)
        return Markup('{} <span class="vd-vi-only">({})</span>').format(
            vietnamese(original), VIETNAMESE_ONLY_NOTE
        )

    def items(self, owner: Any, key: str) -> list[object]:
        """A list field (a model's steps, conditions): in English its `en:` list, else the
        Vietnamese items marked `lang="vi"` (`vi_only` says the note is due)."""
        original = list(getattr(owner, key) or [])
        if not self.english:
            return original
        english = getattr(getattr(owner, "en", None), key, None) or []
        if len(english) == len(original):
            return [editors_english(item) for item in english]
        return [vietnamese(item) for item in original]

    def vi_only(self, owner: Any, key: str) -> Markup:
        """The note "Available in Vietnamese only" after a list `items` left in Vietnamese."""
        if not self.english or not getattr(owner, key):
            return Markup("")
        english = getattr(getattr(owner, "en", None), key, None) or []
        if len(english) == len(getattr(owner, key)):
            return Markup("")
        return Markup('<p class="vd-vi-only">{}.</p>').format(VIETNAMESE_ONLY_NOTE)

    def block(self, html: str, english_html: str | None = None) -> Markup:
        """A block of sanitised HTML (a story): the English when given; else the Vietnamese in
        a `lang="vi"` division, with the note, on English pages."""
        if not self.english:
            return Markup(html)
        if english_html:
            return Markup("<div {}>\n{}\n</div>").format(
                Markup(EDITORS_ENGLISH), Markup(english_html)
            )
        return Markup('<p class="vd-vi-only">{}.</p>\n<div lang="vi">\n{}\n</div>').format(
            VIETNAMESE_ONLY_NOTE, Markup(html)
        )

    def quantity(self, value: float, unit: str) -> object:
        """A measured figure with its unit as the editor wrote it: "1,8 tấn/tháng" in
        Vietnamese notation; in English "1.8" and the unit marked `lang="vi"`."""
        if not self.english:
            return self._vi["quantity"](value, unit)
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
        if unit == "%":
            return f"{number}%"
        return Markup("{} {}").format(number, vietnamese(unit))

    def pick(self, pair: tuple[str, str]) -> str:
        """The edition's half of a (Vietnamese, English) pair (sectors, target groups)."""
        return pair[1] if self.english else pair[0]

    # --- sentences built from dates -----------------------------------------------------------

    def window_left(self, start: dt.date, end: dt.date, today: dt.date) -> str:
        """How far `today` is from a comment window."""
        if self.english:
            return _english_window_left(start, end, today)
        return self._vi["window_left"](start, end, today)

    def proposals_text(self, windows: Iterable[tuple[dt.date, dt.date]], today: dt.date) -> str:
        """The home page's line about proposals on `today`."""
        if self.english:
            return english_proposals_text(windows, today)
        return self._vi["proposals_text"](windows, today)

    def campaign_stage(self, start: dt.date, end: dt.date | None, today: dt.date) -> str:
        """Where a campaign's period stands on `today`."""
        if self.english:
            return _english_campaign_stage(start, end, today)
        return self._vi["campaign_stage"](start, end, today)

    def stat_words(self, english: Any = None) -> StatWords:
        """The statistics' words of the edition (`english`: the site's `StatEnglish`)."""
        return StatWords(self.language, english)

    def globals(self) -> dict[str, object]:
        """The template globals of the edition."""
        return {
            "stat_words": self.stat_words,
            "name": self.name,
            "place": self.place,
            "unit_name": self.unit,
            "award_label": self.award,
            "award_of": self.award_of,
            "en_text": self.text,
            "en_block": self.block,
            "en_items": self.items,
            "vi_only": self.vi_only,
            "window_left": self.window_left,
            "proposals_text": self.proposals_text,
            "campaign_stage": self.campaign_stage,
            "english": self.english,
            "pick": self.pick,
            "quantity": self.quantity,
            "words": self.words,
            "roll_title": self.roll_title,
            "decision_title": self.decision_title,
            "decision_subject": self.decision_subject,
            "site_text": self.site_text,
        }

    def filters(self) -> dict[str, Callable[..., object]]:
        """The template filters of the edition."""
        return {"tr": self.tr, "long_date": self.long_date}
