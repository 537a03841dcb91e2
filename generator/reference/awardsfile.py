"""The award taxonomy's data file (`generator/data/awards.yml`) read and checked into a Taxonomy.

Every malformed entry is a ValueError naming where it is (`awards[3].classes: unknown …`).
The classes it builds and the vocabularies it checks against are `generator.reference.taxonomy`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Final

import yaml

from generator.reference.taxonomy import (
    CLASS_IDS,
    CLASS_NAMES,
    CLASS_NAMES_EN,
    ISSUER_LEVELS,
    KINDS,
    LEVELS,
    RECIPIENTS,
    Award,
    CommentRule,
    ConferralRule,
    IssuerRule,
    Label,
    RevocationGround,
    Taxonomy,
)

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
        "named_by_issuer_en",
        "local_names",
        "pending_rename",
    }
)


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
    named_en: list[tuple[str, str]] = []
    for level_id, template in _mapping(entry.get("named_by_issuer_en") or {}, what).items():
        named_en.append((level_id, _text(template, f"{what}.named_by_issuer_en.{level_id}")))
    # The English edition names the award as the Vietnamese does: the same keys, each with
    # {issuer} where the Vietnamese has it.
    if [k for k, _ in named_en] != [k for k, _ in named] or any(
        ("{issuer}" in vi) != ("{issuer}" in en)
        for (_, vi), (_, en) in zip(named, named_en, strict=True)
    ):
        raise ValueError(
            f"{what}.named_by_issuer_en: expected the keys of named_by_issuer, in order, "
            "with {issuer} where it has it"
        )
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
        named_by_issuer_en=tuple(named_en),
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


def read_taxonomy() -> Taxonomy:
    """The shipped taxonomy, read and checked (`taxonomy.load_taxonomy` keeps it per process)."""
    return parse_taxonomy(yaml.load(read_taxonomy_text(), Loader=_LOADER))
