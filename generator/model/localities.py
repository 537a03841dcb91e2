"""Localities: a profile's or decision's place resolved against the administrative units of
its era (2025-03 list, 2025-07 merger), remembered between builds (`incremental.memos`)."""

from __future__ import annotations

from typing import Any

from generator.errors import Severity
from generator.incremental.memos import register as register_memo
from generator.model.checker import Checker
from generator.model.resolved import ResolvedLocality
from generator.reference.adminunits import NEW_ERA, OLD_ERA, AdminUnits, Era, Unit, era_at
from generator.source.documents import Locality
from generator.source.load import Loc


def _unit_hint(units: list[Unit]) -> str:
    return f" ({', '.join(u.full_name for u in units)}?)" if units else ""


def resolve_locality(
    loc: Locality, admin: AdminUnits, check: Checker, base: Loc = ("locality",)
) -> ResolvedLocality:
    """Find the recorded units in the table for their date and map them to today's units.

    An unknown place and a foreign country are never looked up: nothing is guessed for them.
    """
    if loc.province is None or loc.form != "place":
        # The schema allows no province only for those two forms.
        return ResolvedLocality(loc, None, (), None, ())
    eras: list[Era]
    if loc.as_of is not None:
        eras = [era_at(loc.as_of)]
    elif loc.district:
        eras = [OLD_ERA]
    else:
        # No date: the current list first, then the pre-reform one.
        eras = [NEW_ERA, OLD_ERA]
    if loc.district and eras == [NEW_ERA]:
        check.add((*base, "district"), "locality.district_after_reform")
        return ResolvedLocality(loc, None, (), None, ())

    era_text = {OLD_ERA: "@era.old", NEW_ERA: "@era.new"}
    severity: Severity = "warning" if loc.unlisted else "error"
    last_failure: tuple[Loc, str, dict[str, object]] | None = None
    for era in eras:
        units, failure = _match_units(loc, admin, era, base)
        if failure is None:
            if loc.code is not None:
                smallest = units[-1]
                if smallest.code != loc.code:
                    other = admin.by_code(era, loc.code)
                    if other is None:
                        check.add(
                            (*base, "code"),
                            "locality.code_unknown",
                            code=loc.code,
                            era=era_text[era],
                        )
                    else:
                        check.add(
                            (*base, "code"),
                            "locality.code_mismatch",
                            code=loc.code,
                            actual=other.full_name,
                            given=smallest.full_name,
                        )
            current = admin.current_units(units[-1])
            province = admin.current_province(units[-1])
            return ResolvedLocality(loc, era, tuple(units), province, tuple(current))
        failure[2]["era"] = era_text[era] if len(eras) == 1 else "@era.any"
        if last_failure is None:
            last_failure = failure
    assert last_failure is not None
    where, code, params = last_failure
    check.add(where, code, severity, **params)
    return ResolvedLocality(loc, None, (), None, ())


# Localities resolved before, by table digest and what the record gives: (era, units by
# (era, code), today's province, today's units, problems). 10,000 profiles: 0.15 s a check.
_RESOLVED: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def remembered_localities() -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Every locality resolved so far (for the build cache, with marshal)."""
    return _RESOLVED


def remember_localities(memo: object) -> None:
    """Take localities saved by `remembered_localities` (from the same code: the caller
    checks)."""
    if isinstance(memo, dict):
        _RESOLVED.update(memo)


register_memo("localities", remembered_localities, remember_localities, _RESOLVED.__len__)


class _Recording(Checker):
    """A checker that also keeps what it was told, to tell it again."""

    def __init__(self, inner: Checker) -> None:
        super().__init__(inner.doc, inner.report)
        self.told: list[tuple[Loc, str, Severity, tuple[tuple[str, object], ...]]] = []

    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        """Report the problem and remember it."""
        self.told.append((loc, code, severity, tuple(params.items())))
        super().add(loc, code, severity, **params)


def resolve_remembered(loc: Locality, admin: AdminUnits, check: Checker) -> ResolvedLocality:
    """`resolve_locality`, from memory when the same record was resolved with the same table."""
    if loc.form != "place":
        return resolve_locality(loc, admin, check)  # nothing to look up, nothing to remember
    as_of = loc.as_of.isoformat() if loc.as_of is not None else None
    fields = (loc.province, loc.district, loc.commune, loc.code, as_of, loc.unlisted)
    key = (admin.digest, *fields)
    found = _RESOLVED.get(key) if admin.digest else None
    if found is not None:
        era, units, province, current, told = found
        for where, code, severity, params in told:
            check.add(where, code, severity, **dict(params))

        # Every code is in the table: the same table digest.
        today = admin.by_codes([province])[0] if province else None
        return ResolvedLocality(loc, era, admin.by_codes(units), today, admin.by_codes(current))
    recording = _Recording(check)
    resolved = resolve_locality(loc, admin, recording)
    if admin.digest:
        _RESOLVED[key] = (
            resolved.era,
            tuple((u.era, u.code) for u in resolved.units),
            (resolved.current_province.era, resolved.current_province.code)
            if resolved.current_province
            else None,
            tuple((u.era, u.code) for u in resolved.current_units),
            tuple(recording.told),
        )
    return resolved


def _match_units(
    loc: Locality, admin: AdminUnits, era: Era, base: Loc
) -> tuple[list[Unit], tuple[Loc, str, dict[str, object]] | None]:
    """Match province, district and commune names in one era; say what failed if any."""
    province = loc.province or ""  # resolve_locality looks up Vietnamese places only
    provinces = admin.find(era, 1, province)
    if not provinces:
        hint = _unit_hint(admin.suggest(era, 1, province))
        return [], (
            (*base, "province"),
            "locality.unknown_province",
            {"name": province, "hint": hint},
        )
    units = [provinces[0]]
    parent = provinces[0]
    if loc.district:
        found = admin.find(era, 2, loc.district, parent.code)
        if not found:
            hint = _unit_hint(admin.suggest(era, 2, loc.district, parent.code))
            return [], (
                (*base, "district"),
                "locality.unknown_district",
                {"name": loc.district, "parent": parent.full_name, "hint": hint},
            )
        units.append(found[0])
        parent = found[0]
    if loc.commune:
        # The parent may be the province when the district is not given: find() searches
        # every descendant of the parent code.
        candidates = admin.find(era, 3, loc.commune, parent.code)
        if loc.code is not None:
            exact = [c for c in candidates if c.code == loc.code]
            candidates = exact or candidates
        if not candidates:
            hint = _unit_hint(admin.suggest(era, 3, loc.commune, parent.code))
            return [], (
                (*base, "commune"),
                "locality.unknown_commune",
                {"name": loc.commune, "parent": parent.full_name, "hint": hint},
            )
        commune = candidates[0]
        if parent.level == 1 and commune.parent and commune.parent != parent.code:
            district = admin.by_code(era, commune.parent)
            if district is not None:
                units.append(district)
        units.append(commune)
    return units, None
