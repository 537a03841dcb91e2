"""The award taxonomy: every award and title, its classes, recipients, issuers and legal period.

The data ships in `generator/data/awards.yml` (see the comment at its top for the precedence
rule and the sources), read by `generator.reference.awardsfile`; a site adds its own provincial
titles with `Taxonomy.with_local`. This module only answers questions about the data; the
validator turns the answers into messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from generator.vntext import slugify

ClassId = Literal["nhat", "nhi", "ba"]
IssuerLevel = Literal[
    "state", "government", "ministry", "province", "district", "commune", "organisation"
]
Recipient = Literal["individual", "collective", "household"]
Level = Literal["state", "ministry_province", "grassroots"]
Kind = Literal["order", "medal", "title", "prize", "certificate", "emulation_title", "badge"]

CLASS_NAMES: Final[dict[str, str]] = {"nhat": "hạng Nhất", "nhi": "hạng Nhì", "ba": "hạng Ba"}
# The classes in English, as the state's English texts name them ("Labour Order, Third Class").
CLASS_NAMES_EN: Final[dict[str, str]] = {
    "nhat": "First Class", "nhi": "Second Class", "ba": "Third Class"
}  # fmt: skip
CLASS_ORDER: Final[dict[str, int]] = {"nhat": 0, "nhi": 1, "ba": 2}
DISTRICT_ABOLISHED: Final = dt.date(2025, 7, 1)

CLASS_IDS: Final = frozenset(get_args(ClassId))
ISSUER_LEVELS: Final = frozenset(get_args(IssuerLevel))
RECIPIENTS: Final = frozenset(get_args(Recipient))
LEVELS: Final = frozenset(get_args(Level))
KINDS: Final = frozenset(get_args(Kind))


def in_period(valid_from: dt.date | None, valid_to: dt.date | None, when: dt.date) -> bool:
    """True if `when` falls in the period (both ends inclusive, None = open)."""
    if valid_from is not None and when < valid_from:
        return False
    return valid_to is None or when <= valid_to


def period_text(valid_from: dt.date | None, valid_to: dt.date | None, open_end: str = "nay") -> str:
    """A period for messages and tables: "2024-01-01 – 2025-06-30", "… – nay"."""
    start = valid_from.isoformat() if valid_from else "…"
    return f"{start} – {valid_to.isoformat() if valid_to else open_end}"


@dataclass(frozen=True)
class Award:
    """One award or title: the facts needed to validate, name and sort an award record."""

    id: str
    vi: str  # the name at valid_from; later names are in `renamed`
    en: str
    form: str
    kind: str
    level: str
    classes: tuple[str, ...]  # current class ids, empty if none
    recipients: frozenset[str]
    conferred_by: frozenset[str]
    precedence: float
    valid_from: dt.date | None
    valid_to: dt.date | None  # inclusive
    renamed: tuple[tuple[dt.date, str], ...]  # (from, new name), oldest first
    local: bool = False  # True for site-specific (provincial) titles from site_config.yml
    basis: str = ""
    verified: bool = True  # False: the period or its basis is not confirmed by a source
    law: str = ""
    earlier_classes: tuple[tuple[dt.date, tuple[str, ...]], ...] = field(default=())
    # (last day, classes) of earlier periods, oldest first; later dates use `classes`
    note: str = ""
    end_unknown: bool = False  # valid_to is None because the end is not known, not because open
    # Issuer level (or "*") -> the name a reader expects for a generic category, "{issuer}"
    # standing for the record's issuer: "Bằng khen của {issuer}".
    named_by_issuer: tuple[tuple[str, str], ...] = field(default=())
    # The same in English (key by key; "Certificate of Merit of {issuer}"): model/englishtext.py.
    named_by_issuer_en: tuple[tuple[str, str], ...] = field(default=())
    local_names: tuple[str, ...] = ()  # names a decision may use instead ("Ấp văn hóa")
    pending_rename: str = ""  # a rename proposed but not in force: recorded, never shown

    def name_on(self, when: dt.date | None) -> str:
        """Display name valid on that date (the latest name if None)."""
        name = self.vi
        for since, new_name in self.renamed:
            if when is None or when >= since:
                name = new_name
        return name

    def names(self) -> tuple[str, ...]:
        """Every name the award has borne, oldest first."""
        return (self.vi, *(name for _, name in self.renamed))

    def classes_on(self, when: dt.date | None) -> tuple[str, ...]:
        """Class ids that existed on that date (the current ones if None)."""
        if when is not None:
            for last_day, classes in self.earlier_classes:
                if when <= last_day:
                    return classes
        return self.classes

    def display(self, klass: str | None, when: dt.date | None = None) -> str:
        """Name with class, e.g. "Huân chương Lao động hạng Ba", as of `when`."""
        name = self.name_on(when)
        if klass is None:
            return name
        if klass not in CLASS_NAMES:
            raise ValueError(f"unknown class id {klass!r}")
        return f"{name} {CLASS_NAMES[klass]}"

    def display_for(
        self, klass: str | None, when: dt.date | None, level: str | None, issuer: str | None
    ) -> str:
        """The name on a personal page: the category named from its issuer where the data
        says so ("Bằng khen của Chủ tịch UBND tỉnh Thanh Hóa", "Chiến sĩ thi đua cấp tỉnh")."""
        names = dict(self.named_by_issuer)
        template = names.get(level or "") or names.get("*")
        if template is None or ("{issuer}" in template and not issuer):
            return self.display(klass, when)
        name = template.replace("{issuer}", issuer or "")
        return f"{name} {CLASS_NAMES[klass]}" if klass in CLASS_NAMES else name

    def in_force(self, when: dt.date) -> bool:
        """True if the award existed on that date (both ends inclusive, None = open)."""
        return in_period(self.valid_from, self.valid_to, when)

    def period_text(self) -> str:
        """The period for messages: "1950-05-01 – nay", "… – 2023-12-31", "1958-02-02 – …"."""
        return period_text(self.valid_from, self.valid_to, "…" if self.end_unknown else "nay")


@dataclass(frozen=True)
class IssuerRule:
    """The period in which an issuer level could confer awards at all."""

    issuer: str
    valid_from: dt.date | None
    valid_to: dt.date | None  # inclusive
    basis: str = ""
    verified: bool = True

    def in_force(self, when: dt.date) -> bool:
        """True if that issuer level existed on that date."""
        return in_period(self.valid_from, self.valid_to, when)


@dataclass(frozen=True)
class ConferralRule:
    """What one issuer level may confer during a period (Law 06/2022 Art. 80 and earlier)."""

    issuer: str
    valid_from: dt.date | None
    valid_to: dt.date | None  # inclusive
    awards: frozenset[str]
    law: str
    basis: str = ""
    verified: bool = True

    def in_force(self, when: dt.date) -> bool:
        """True if the rule governs decisions of that date."""
        return in_period(self.valid_from, self.valid_to, when)

    def period_text(self) -> str:
        """The period for messages and the rules table: "2024-01-01 – 2025-06-30"."""
        return period_text(self.valid_from, self.valid_to)


@dataclass(frozen=True)
class CommentRule:
    """Which proposals go to public comment, and for how long, in one period."""

    valid_from: dt.date | None
    valid_to: dt.date | None  # inclusive
    forms: frozenset[str]
    awards: frozenset[str]
    working_days: int
    law: str
    verified: bool = True

    def applies(self, award: Award, when: dt.date) -> bool:
        """True if a proposal of `award` whose window opens on `when` needs public comment."""
        in_forms = award.form in self.forms or award.id in self.awards
        return in_forms and in_period(self.valid_from, self.valid_to, when)


@dataclass(frozen=True)
class RevocationGround:
    """A ground in law for annulling a decision (status revoked) or stripping a title."""

    id: str
    status: str  # "revoked" (hủy bỏ, Art. 93(2)) or "stripped" (tước, Art. 93(3)–(4))
    vi: str
    en: str
    law: str
    valid_from: dt.date | None = None  # acts dated earlier fall under an earlier regime


@dataclass(frozen=True)
class Label:
    """A code with its Vietnamese and English names (levels, issuers, forms)."""

    id: str
    vi: str
    en: str


class Taxonomy:
    """All awards by id, iterated highest precedence first."""

    def __init__(
        self,
        awards: Iterable[Award],
        *,
        issuer_rules: Iterable[IssuerRule] = (),
        conferral_rules: Iterable[ConferralRule] = (),
        revocation_grounds: Iterable[RevocationGround] = (),
        comment_rules: Iterable[CommentRule] = (),
        posthumous_forms: Iterable[str] = (),
        posthumous_law: str = "",
        levels: Iterable[Label] = (),
        issuers: Iterable[Label] = (),
        forms: Iterable[Label] = (),
    ) -> None:
        by_id: dict[str, Award] = {}
        for award in awards:
            if award.id in by_id:
                raise ValueError(f"duplicate award id {award.id!r}")
            by_id[award.id] = award
        self._awards = by_id
        self._order = sorted(by_id.values(), key=lambda a: (a.precedence, a.id))
        self.issuer_rules: Mapping[str, IssuerRule] = {r.issuer: r for r in issuer_rules}
        self.conferral_rules: tuple[ConferralRule, ...] = tuple(conferral_rules)
        self.revocation_grounds: Mapping[str, RevocationGround] = {
            g.id: g for g in revocation_grounds
        }
        self.comment_rules: tuple[CommentRule, ...] = tuple(comment_rules)
        self.posthumous_forms = frozenset(posthumous_forms)  # empty: no rule to apply
        self.posthumous_law = posthumous_law
        for rule in self.conferral_rules:
            if unknown := sorted(rule.awards - set(by_id)):
                raise ValueError(f"conferral rule of {rule.issuer!r}: unknown awards {unknown}")
        self.levels: Mapping[str, Label] = {label.id: label for label in levels}
        self.issuers: Mapping[str, Label] = {label.id: label for label in issuers}
        self.forms: Mapping[str, Label] = {label.id: label for label in forms}

    def get(self, award_id: str) -> Award | None:
        """The award with that id, or None."""
        return self._awards.get(award_id)

    def __iter__(self) -> Iterator[Award]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._awards)

    def __contains__(self, award_id: object) -> bool:
        return award_id in self._awards

    def suggest(self, award_id: str, n: int = 3) -> list[str]:
        """Closest known ids, for "did you mean"; a Vietnamese name is matched by its slug."""
        queries = [award_id]
        slug = slugify(award_id)
        if slug and slug != award_id:
            queries.insert(0, slug)
        candidates: dict[str, str] = {a.id: a.id for a in self._order}
        for award in self._order:  # names (current and former) lead to their id too
            for name in award.names():
                candidates.setdefault(slugify(name), award.id)
        found: list[str] = []
        for query in queries:
            for match in difflib.get_close_matches(query, list(candidates), n=n * 3, cutoff=0.6):
                target = candidates[match]
                if target not in found:
                    found.append(target)
        return found[:n]

    def sort_key(self, award_id: str, klass: str | None) -> tuple[float, int, str]:
        """Sort key, highest first: precedence, then class (Nhất, Nhì, Ba); unknown ids last."""
        award = self._awards.get(award_id)
        precedence = award.precedence if award is not None else math.inf
        class_rank = CLASS_ORDER.get(klass, len(CLASS_ORDER)) if klass is not None else 0
        return precedence, class_rank, award_id

    def rank_key(self, award_id: str, klass: str | None) -> tuple[int, float, int, str]:
        """A recipient's order, highest first: state honorary titles, then by precedence.

        Vietnamese cites a person by their honorary title ("Anh hùng Lao động Ngô Văn Khải"),
        not by an order they also hold, so the awards of one recipient — and the "highest
        award" every output shows — put the `title` kind first (awards.yml, precedence rule 5).
        """
        award = self._awards.get(award_id)
        title_first = 0 if award is not None and award.kind == "title" else 1
        return (title_first, *self.sort_key(award_id, klass))

    def issuer_in_force(self, issuer: str, when: dt.date) -> bool:
        """True if the issuer level could confer anything on that date (districts: < 2025-07-01)."""
        rule = self.issuer_rules.get(issuer)
        return rule is None or rule.in_force(when)

    def conferral_on(self, issuer: str, when: dt.date) -> tuple[ConferralRule, ...]:
        """The rules saying what that issuer level could confer on that date (often none)."""
        return tuple(r for r in self.conferral_rules if r.issuer == issuer and r.in_force(when))

    def comment_rule(self, award: Award, when: dt.date) -> CommentRule | None:
        """The public-comment rule a proposal of `award` opened on `when` falls under."""
        return next((r for r in self.comment_rules if r.applies(award, when)), None)

    def with_local(self, extra: Iterable[Award]) -> Taxonomy:
        """A new taxonomy with site-specific awards added; ValueError if an id is taken."""
        added = list(extra)
        for award in added:
            if award.id in self._awards:
                raise ValueError(f"local award id {award.id!r} clashes with the taxonomy")
        return Taxonomy(
            [*self._awards.values(), *added],
            issuer_rules=self.issuer_rules.values(),
            conferral_rules=self.conferral_rules,
            revocation_grounds=self.revocation_grounds.values(),
            comment_rules=self.comment_rules,
            posthumous_forms=self.posthumous_forms,
            posthumous_law=self.posthumous_law,
            levels=self.levels.values(),
            issuers=self.issuers.values(),
            forms=self.forms.values(),
        )


@functools.cache
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy (read once per process)."""
    # Imported here: the file's reader builds this module's classes, so it imports this module.
    from generator.reference.awardsfile import read_taxonomy

    return read_taxonomy()
