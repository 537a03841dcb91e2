"""Sentences the model builds from numbers and names, kept so that another edition can say them.

A `Phrase` is the Vietnamese text every Vietnamese page prints (a `str`, so nothing that reads
it changes), carrying the msgid it was made from and its arguments, or the sentences it joins;
the English edition translates the msgid and formats the arguments its own way
(generator.templating.statwords). The msgids are Vietnamese string constants of the statistics
modules, which the catalogue's extraction reads (generator.templating.i18n). A sentence with a
count (`Phrase.counted`) carries a plural msgid too, as a template's `ngettext`: one catalogue
entry, "1 decision" / "2 decisions" in English, the Vietnamese text given twice.
"""

from __future__ import annotations

from typing import Any


class Count(int):
    """A count a Vietnamese sentence writes with a dot for thousands ("10.000")."""

    def __format__(self, spec: str) -> str:
        return f"{int(self):,}".replace(",", ".") if not spec else format(int(self), spec)


class Lowered(str):
    """A label a Vietnamese sentence writes in lower case ("cấp nhà nước"); `label` as it is."""

    label: str

    def __new__(cls, label: str) -> Lowered:
        self = super().__new__(cls, label.lower())
        self.label = label
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return Lowered, (self.label,)


def _restore(
    msgid: str,
    args: dict[str, Any],
    parts: tuple[str, ...],
    plural: str | None = None,
    n: int = 0,
) -> Phrase:
    if parts:
        return Phrase.joined(*parts)  # type: ignore[return-value]
    if plural is not None:
        return Phrase.counted(msgid, plural, n, **args)
    return Phrase(msgid, **args)


class Phrase(str):
    """Vietnamese text made from `msgid` and its `args` (or joining `parts`)."""

    msgid: str
    args: dict[str, Any]
    parts: tuple[str, ...]
    # A count's sentence: the msgid's plural and the count that picks the form (`counted`).
    plural: str | None
    n: int

    def __new__(cls, msgid: str, /, **args: Any) -> Phrase:
        self = super().__new__(cls, msgid.format(**args) if args else msgid)
        self.msgid, self.args, self.parts = msgid, args, ()
        self.plural, self.n = None, 0
        return self

    @classmethod
    def counted(cls, msgid: str, plural: str, n: int, /, **args: Any) -> Phrase:
        """A sentence with a count, as `ngettext(msgid, plural, n)`: `msgid` for one, `plural`
        for more (Vietnamese, which has no plural, writes its one text twice); `args` hold the
        count under the name the text gives it."""
        self = cls(msgid if n == 1 else plural, **args)
        self.msgid, self.plural, self.n = msgid, plural, n
        return self

    @classmethod
    def joined(cls, *parts: str) -> str:
        """The non-empty `parts` in one paragraph, each kept to be said in another edition."""
        kept = tuple(part for part in parts if part)
        if len(kept) < 2:
            return kept[0] if kept else ""
        self = super().__new__(cls, " ".join(kept))
        self.msgid, self.args, self.parts = "", {}, kept
        self.plural, self.n = None, 0
        return self

    # A copy (pickle, the build's caches) keeps what the sentence was made from.
    def __reduce__(self) -> tuple[Any, ...]:
        return _restore, (self.msgid, self.args, self.parts, self.plural, self.n)
