"""The statistics in an edition's words: their labels, titles, notes and numbers.

The model builds the statistics in Vietnamese (generator.model.statistics and its sections):
fixed words are the catalogue's msgids, sentences with numbers are `Phrase`s (msgid and
arguments), and data labels (levels, forms, awards, sectors, provinces) have their English in
the site's `StatEnglish`. The Vietnamese edition prints them unchanged; the English one says
each here, where a template or a chart prints it, and keeps what has no English (a campaign's
title, a unit's name) as written, marked `lang="vi"` in HTML.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from generator.model.englishtext import unit_name
from generator.model.phrases import Lowered, Phrase
from generator.model.statistics import format_count, format_share
from generator.model.statsenglish import StatEnglish
from generator.templating.i18n import translate, translate_count

# Letters only Vietnamese writes: a label still holding one after translation is a name.
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323]|[^\x00-\u024f]")
_LATIN_TONED = re.compile(
    "[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)


def is_vietnamese(text: str) -> bool:
    """True when `text` holds a letter only Vietnamese writes."""
    return bool(_VIETNAMESE.search(text) or _LATIN_TONED.search(text))


def _mark(name: str) -> str:
    return str(Markup('<span lang="vi">{}</span>').format(name))


class StatWords:
    """The statistics' words in one edition ("vi" or "en")."""

    def __init__(self, language: str, english: StatEnglish | None = None) -> None:
        self.language = language
        self.english = language == "en"
        self._data = english or StatEnglish()

    # --- numbers ------------------------------------------------------------------------------

    def count(self, value: int) -> str:
        """A count: "10.000" in Vietnamese, "10,000" in English."""
        return f"{value:,}" if self.english else format_count(value)

    def share(self, value: float | None) -> str:
        """A share with one decimal: "35,4%" / "35.4%"; "—" without a total."""
        if not self.english or value is None:
            return format_share(value)
        return f"{value * 100:.1f}%"

    # --- words --------------------------------------------------------------------------------

    def say(self, text: str) -> Any:
        """A label, title or note for a page: escaped, names marked `lang="vi"` in English."""
        if not self.english or not text:
            return text
        return Markup(self._say(text, html=True))

    def plain(self, text: str) -> str:
        """A label or sentence as plain text (a chart's): names as written."""
        return self._say(text, html=False) if self.english else text

    def kept(self, line: str) -> bool:
        """True when a line a chart draws in English holds a name kept as written: marked
        `lang="vi"` as a whole (a wrapped label cannot be split into marked parts, and the
        English around a name there is a word or two: "province", a level)."""
        return self.english and is_vietnamese(line)

    def t(self, msgid: str, **args: object) -> str:
        """A fixed sentence (a chart's) in the edition's words, its arguments already said."""
        template = translate(self.language, msgid) if self.english else msgid
        return template.format(**args) if args else template

    def _say(self, text: str, html: bool) -> str:
        """`text` in English: HTML (escaped, names marked) or plain."""
        if isinstance(text, Phrase):
            if text.parts:
                return " ".join(self._say(part, html) for part in text.parts)
            template = (
                translate(self.language, text.msgid)
                if text.plural is None
                else translate_count(self.language, text.msgid, text.plural, text.n)
            )
            args = {key: self._argument(value, html) for key, value in text.args.items()}
            if html:
                return str(
                    Markup(escape(template)).format(**{k: Markup(v) for k, v in args.items()})
                )
            return template.format(**args)
        words = self._data.words.get(text)
        if words is None:
            unit = self._data.units.get(text)
            if unit is not None:
                return unit_name(unit, _mark) if html else unit_name(unit)
            words = translate(self.language, text)
            if words == text and is_vietnamese(text):
                return _mark(text) if html else text
        return str(escape(words)) if html else words

    def _argument(self, value: object, html: bool) -> str:
        if isinstance(value, Lowered):
            said = self._say(value.label, html)
            return said.lower() if not is_vietnamese(said) else said
        if isinstance(value, int):
            return f"{value:,}"
        return self._say(str(value), html)
