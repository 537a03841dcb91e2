"""The award taxonomy: every award and title, its classes, recipients, issuers and legal period.

The data ships in `generator/data/awards.yml` (see the comment at its top for the precedence
rule and the sources); a site adds its own provincial titles with `Taxonomy.with_local`. This
module only answers questions about the data; the validator turns the answers into messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final, Literal, get_args

import yaml

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

DATA_FILE: Final = "data/awards.yml"
SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The C loader is several times faster; the pure-Python one gives the same result.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_REQUIRED_KEYS: Final = frozenset(
    {
        "id", "vi", "en", "form", "kind", "level", "classes", "recipients",
        "conferred_by", "precedence", "valid_from", "valid_to",
    }
)  # fmt: skip
_OPTIONAL_KEYS: Final = frozenset(
    {
        "basis",
        "verified",
        "law",
        "renamed",
        "earlier_classes",
        "note",
        "end_unknown",
        "named_by_issuer",
        "local_names",
        "pending_rename",
    }
)


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


# --- reading the data file -------------------------------------------------------------------


def _date(value: object, what: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise ValueError(f"{what}: expected a date, got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what}: expected a date like 2024-01-01, got {value!r}")


def _text(value: object, what: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{what}: expected text, got {value!r}")
    return value.strip()


def _codes(value: object, allowed: frozenset[str], what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what}: expected a list of codes, got {value!r}")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValueError(f"{what}: unknown {unknown} (allowed: {sorted(allowed)})")
    if len(set(value)) != len(value):
        raise ValueError(f"{what}: repeated codes in {value!r}")
    return tuple(value)


def _mapping(value: object, what: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise ValueError(f"{what}: expected a mapping, got {type(value).__name__}")
    return value


def _list(value: object, what: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{what}: expected a list, got {type(value).__name__}")
    return value


def parse_award(
    entry: Mapping[str, object], *, local: bool = False, forms: Iterable[str] | None = None
) -> Award:
    """Build an Award from one mapping of the data file's shape; ValueError when malformed."""
    raw_id = entry.get("id")
    what = f"award {raw_id!r}"
    keys = set(entry)
    if missing := _REQUIRED_KEYS - keys:
        raise ValueError(f"{what}: missing {sorted(missing)}")
    if extra := keys - _REQUIRED_KEYS - _OPTIONAL_KEYS:
        raise ValueError(f"{what}: unknown keys {sorted(extra)}")
    award_id = _text(raw_id, what)
    if not SLUG_RE.match(award_id):
        raise ValueError(f"{what}: id must be a lower-case ASCII slug")
    form = _text(entry["form"], f"{what}.form")
    if forms is not None and form not in set(forms):
        raise ValueError(f"{what}.form: unknown form {form!r}")
    kind = _text(entry["kind"], f"{what}.kind")
    if kind not in KINDS:
        raise ValueError(f"{what}.kind: unknown kind {kind!r}")
    level = _text(entry["level"], f"{what}.level")
    if level not in LEVELS:
        raise ValueError(f"{what}.level: unknown level {level!r}")
    precedence = entry["precedence"]
    if isinstance(precedence, bool) or not isinstance(precedence, int | float):
        raise ValueError(f"{what}.precedence: expected a number, got {precedence!r}")
    valid_from = _date(entry["valid_from"], f"{what}.valid_from")
    valid_to = _date(entry["valid_to"], f"{what}.valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError(f"{what}: valid_to {valid_to} is before valid_from {valid_from}")
    recipients = _codes(entry["recipients"], RECIPIENTS, f"{what}.recipients")
    if not recipients:
        raise ValueError(f"{what}.recipients: at least one recipient kind is needed")
    conferred_by = _codes(entry["conferred_by"], ISSUER_LEVELS, f"{what}.conferred_by")
    if not conferred_by:
        raise ValueError(f"{what}.conferred_by: at least one issuer level is needed")

    renamed: list[tuple[dt.date, str]] = []
    for i, item in enumerate(_list(entry.get("renamed"), f"{what}.renamed")):
        row = _mapping(item, f"{what}.renamed[{i}]")
        if set(row) != {"from", "vi"}:
            raise ValueError(f"{what}.renamed[{i}]: expected the keys from and vi")
        since = _date(row["from"], f"{what}.renamed[{i}].from")
        if since is None:
            raise ValueError(f"{what}.renamed[{i}].from: a date is needed")
        renamed.append((since, _text(row["vi"], f"{what}.renamed[{i}].vi")))
    if [d for d, _ in renamed] != sorted({d for d, _ in renamed}):
        raise ValueError(f"{what}.renamed: dates must be distinct and in order")

    earlier: list[tuple[dt.date, tuple[str, ...]]] = []
    for i, item in enumerate(_list(entry.get("earlier_classes"), f"{what}.earlier_classes")):
        row = _mapping(item, f"{what}.earlier_classes[{i}]")
        if set(row) != {"to", "classes"}:
            raise ValueError(f"{what}.earlier_classes[{i}]: expected the keys to and classes")
        last_day = _date(row["to"], f"{what}.earlier_classes[{i}].to")
        if last_day is None:
            raise ValueError(f"{what}.earlier_classes[{i}].to: a date is needed")
        earlier.append(
            (last_day, _codes(row["classes"], CLASS_IDS, f"{what}.earlier_classes[{i}]"))
        )
    if [d for d, _ in earlier] != sorted({d for d, _ in earlier}):
        raise ValueError(f"{what}.earlier_classes: dates must be distinct and in order")

    verified = entry.get("verified", True)
    end_unknown = entry.get("end_unknown", False)
    if not isinstance(verified, bool) or not isinstance(end_unknown, bool):
        raise ValueError(f"{what}: verified and end_unknown must be true or false")
    if end_unknown and valid_to is not None:
        raise ValueError(f"{what}: end_unknown needs valid_to: null")
    named: list[tuple[str, str]] = []
    for level_id, template in _mapping(entry.get("named_by_issuer") or {}, what).items():
        if level_id != "*" and level_id not in ISSUER_LEVELS:
            raise ValueError(f"{what}.named_by_issuer: unknown issuer level {level_id!r}")
        named.append((level_id, _text(template, f"{what}.named_by_issuer.{level_id}")))
    return Award(
        id=award_id,
        vi=_text(entry["vi"], f"{what}.vi"),
        en=_text(entry["en"], f"{what}.en"),
        form=form,
        kind=kind,
        level=level,
        classes=_codes(entry["classes"], CLASS_IDS, f"{what}.classes"),
        recipients=frozenset(recipients),
        conferred_by=frozenset(conferred_by),
        precedence=float(precedence),
        valid_from=valid_from,
        valid_to=valid_to,
        renamed=tuple(renamed),
        local=local,
        basis=_text(entry.get("basis"), f"{what}.basis", required=False),
        verified=verified,
        law=_text(entry.get("law"), f"{what}.law", required=False),
        earlier_classes=tuple(earlier),
        note=_text(entry.get("note"), f"{what}.note", required=False),
        end_unknown=end_unknown,
        named_by_issuer=tuple(named),
        pending_rename=_text(entry.get("pending_rename"), f"{what}.pending_rename", required=False),
        local_names=tuple(
            _text(n, f"{what}.local_names") for n in _list(entry.get("local_names"), what)
        ),
    )


def _labels(value: object, what: str) -> list[Label]:
    labels = []
    for i, item in enumerate(_list(value, what)):
        row = _mapping(item, f"{what}[{i}]")
        labels.append(
            Label(
                id=_text(row.get("id"), f"{what}[{i}].id"),
                vi=_text(row.get("vi"), f"{what}[{i}].vi"),
                en=_text(row.get("en"), f"{what}[{i}].en"),
            )
        )
    return labels


def parse_taxonomy(data: object) -> Taxonomy:
    """Build the Taxonomy from the parsed data file; ValueError when malformed."""
    root = _mapping(data, "awards.yml")
    if root.get("version") != 1:
        raise ValueError(f"awards.yml: unsupported version {root.get('version')!r}")
    class_names = _mapping(root.get("class_names"), "class_names")
    if dict(class_names) != CLASS_NAMES:
        raise ValueError(f"class_names: expected {CLASS_NAMES}, got {dict(class_names)}")
    class_names_en = _mapping(root.get("class_names_en"), "class_names_en")
    if dict(class_names_en) != CLASS_NAMES_EN:
        raise ValueError(f"class_names_en: expected {CLASS_NAMES_EN}, got {dict(class_names_en)}")
    levels = _labels(root.get("levels"), "levels")
    issuers = _labels(root.get("issuers"), "issuers")
    forms = _labels(root.get("forms"), "forms")
    if {label.id for label in levels} != LEVELS:
        raise ValueError(f"levels: expected exactly {sorted(LEVELS)}")
    if {label.id for label in issuers} != ISSUER_LEVELS:
        raise ValueError(f"issuers: expected exactly {sorted(ISSUER_LEVELS)}")
    rules = []
    for i, item in enumerate(_list(root.get("issuer_rules"), "issuer_rules")):
        row = _mapping(item, f"issuer_rules[{i}]")
        issuer = _text(row.get("issuer"), f"issuer_rules[{i}].issuer")
        if issuer not in ISSUER_LEVELS:
            raise ValueError(f"issuer_rules[{i}].issuer: unknown issuer level {issuer!r}")
        verified = row.get("verified", True)
        if not isinstance(verified, bool):
            raise ValueError(f"issuer_rules[{i}].verified: expected true or false")
        rules.append(
            IssuerRule(
                issuer=issuer,
                valid_from=_date(row.get("valid_from"), f"issuer_rules[{i}].valid_from"),
                valid_to=_date(row.get("valid_to"), f"issuer_rules[{i}].valid_to"),
                basis=_text(row.get("basis"), f"issuer_rules[{i}].basis", required=False),
                verified=verified,
            )
        )
    conferral = [
        _conferral_rule(_mapping(item, f"conferral_rules[{i}]"), f"conferral_rules[{i}]")
        for i, item in enumerate(_list(root.get("conferral_rules"), "conferral_rules"))
    ]
    grounds = []
    for i, item in enumerate(_list(root.get("revocation_grounds"), "revocation_grounds")):
        row = _mapping(item, f"revocation_grounds[{i}]")
        what = f"revocation_grounds[{i}]"
        if set(row) != {"id", "status", "valid_from", "vi", "en", "law"}:
            raise ValueError(f"{what}: expected the keys id, status, valid_from, vi, en, law")
        status = _text(row["status"], f"{what}.status")
        if status not in ("revoked", "stripped"):
            raise ValueError(f"{what}.status: revoked or stripped, not {status!r}")
        grounds.append(
            RevocationGround(
                id=_text(row["id"], f"{what}.id"),
                status=status,
                vi=_text(row["vi"], f"{what}.vi"),
                en=_text(row["en"], f"{what}.en"),
                law=_text(row["law"], f"{what}.law"),
                valid_from=_date(row["valid_from"], f"{what}.valid_from"),
            )
        )
    form_ids = [label.id for label in forms]
    posthumous = _mapping(root.get("posthumous") or {}, "posthumous")
    comment_rules = [
        _comment_rule(_mapping(item, f"public_comment[{i}]"), f"public_comment[{i}]", form_ids)
        for i, item in enumerate(_list(root.get("public_comment"), "public_comment"))
    ]
    awards = [
        parse_award(_mapping(item, f"awards[{i}]"), forms=form_ids)
        for i, item in enumerate(_list(root.get("awards"), "awards"))
    ]
    return Taxonomy(
        awards,
        issuer_rules=rules,
        conferral_rules=conferral,
        revocation_grounds=grounds,
        comment_rules=comment_rules,
        posthumous_forms=_codes(posthumous.get("forms"), frozenset(form_ids), "posthumous.forms"),
        posthumous_law=_text(posthumous.get("law"), "posthumous.law", required=False),
        levels=levels,
        issuers=issuers,
        forms=forms,
    )


def _comment_rule(row: Mapping[str, object], what: str, forms: list[str]) -> CommentRule:
    known = {"valid_from", "valid_to", "forms", "awards", "working_days", "law", "verified"}
    if extra := set(row) - known:
        raise ValueError(f"{what}: unknown keys {sorted(extra)}")
    form_ids = _codes(row.get("forms"), frozenset(forms), f"{what}.forms")
    award_ids = row.get("awards") or []
    if not isinstance(award_ids, list) or not all(isinstance(a, str) for a in award_ids):
        raise ValueError(f"{what}.awards: expected a list of award ids")
    days = row.get("working_days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"{what}.working_days: expected a positive whole number")
    verified = row.get("verified", True)
    if not isinstance(verified, bool):
        raise ValueError(f"{what}.verified: expected true or false")
    return CommentRule(
        valid_from=_date(row.get("valid_from"), f"{what}.valid_from"),
        valid_to=_date(row.get("valid_to"), f"{what}.valid_to"),
        forms=frozenset(form_ids),
        awards=frozenset(award_ids),
        working_days=days,
        law=_text(row.get("law"), f"{what}.law"),
        verified=verified,
    )


def _conferral_rule(row: Mapping[str, object], what: str) -> ConferralRule:
    known = {"issuer", "valid_from", "valid_to", "awards", "law", "basis", "verified"}
    if extra := set(row) - known:
        raise ValueError(f"{what}: unknown keys {sorted(extra)}")
    issuer = _text(row.get("issuer"), f"{what}.issuer")
    if issuer not in ISSUER_LEVELS:
        raise ValueError(f"{what}.issuer: unknown issuer level {issuer!r}")
    awards = row.get("awards")
    if not isinstance(awards, list) or not awards or not all(isinstance(a, str) for a in awards):
        raise ValueError(f"{what}.awards: expected a list of award ids")
    verified = row.get("verified", True)
    if not isinstance(verified, bool):
        raise ValueError(f"{what}.verified: expected true or false")
    valid_from = _date(row.get("valid_from"), f"{what}.valid_from")
    valid_to = _date(row.get("valid_to"), f"{what}.valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError(f"{what}: valid_to {valid_to} is before valid_from {valid_from}")
    return ConferralRule(
        issuer=issuer,
        valid_from=valid_from,
        valid_to=valid_to,
        awards=frozenset(awards),
        law=_text(row.get("law"), f"{what}.law"),
        basis=_text(row.get("basis"), f"{what}.basis", required=False),
        verified=verified,
    )


def read_taxonomy_text() -> str:
    """The shipped data file's text."""
    return resources.files("generator").joinpath(DATA_FILE).read_text(encoding="utf-8")


@functools.cache
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy (read once per process)."""
    return parse_taxonomy(yaml.load(read_taxonomy_text(), Loader=_LOADER))
