"""Find a place typed by an editor in the administrative-unit table, for `new` and `import`.

`check` (in `generator.model`) judges a locality already written in a profile. The editors'
tools come earlier: they turn what a person typed or a spreadsheet holds — separate columns
or a free address such as "thôn 3, xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị" — into
official unit names and a code, or say what was not found and which names are close. They are
stricter than `check`: a commune name found in two districts is refused, not guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from generator.adminunits import (
    COMMUNE,
    DISTRICT,
    NEW_ERA,
    OLD_ERA,
    PROVINCE,
    REFORM_DATE,
    AdminUnits,
    Era,
    Unit,
    era_at,
)
from generator.vntext import slugify

Level = Literal["province", "district", "commune"]
_LEVEL_OF: dict[Level, int] = {"province": PROVINCE, "district": DISTRICT, "commune": COMMUNE}
_ADDRESS_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+-\s+")
# A part that names a commune type is never a district, whatever its name ("Phường Ba Đình").
_COMMUNE_PREFIX = re.compile(r"^(?:(?:xã|phường|thị trấn|đặc khu)\s|(?:p|x|tt)\.)", re.IGNORECASE)
_DEPTH: dict[str, int] = {"province": 0, "district": 1, "commune": 2}


def _deepest(problems: list[PlaceProblem]) -> PlaceProblem:
    """The problem found furthest down (a commune beats a province), first on ties."""
    return max(problems, key=lambda p: (_DEPTH[p.level], -problems.index(p)))


@dataclass(frozen=True)
class Place:
    """Units found for a locality: province, [district], [commune], in one era."""

    era: Era
    units: tuple[Unit, ...]
    current_province: Unit
    current_codes: tuple[str, ...]  # today's unit(s) for the smallest unit: identifies a place

    @property
    def province(self) -> Unit:
        """The province (first unit)."""
        return self.units[0]

    def unit(self, level: int) -> Unit | None:
        """The unit of that level, if recorded."""
        return next((u for u in self.units if u.level == level), None)

    def text(self) -> str:
        """Smallest unit first: "Xã Triệu Thành, Huyện Triệu Phong, Tỉnh Quảng Trị"."""
        return ", ".join(u.full_name for u in reversed(self.units))

    @property
    def folder(self) -> str:
        """Folder under profiles/: today's province slug ("quang-tri")."""
        return slugify(self.current_province.name)

    def locality_fields(self, as_of: dt.date | None) -> dict[str, object]:
        """The `locality:` mapping of a profile: official names, code, date when it agrees."""
        fields: dict[str, object] = {"province": self.province.full_name}
        district = self.unit(DISTRICT)
        commune = self.unit(COMMUNE)
        if district is not None:
            fields["district"] = district.full_name
        if commune is not None:
            fields["commune"] = commune.full_name
        # A date from the other side of the 2025 reform would make `check` read the names in
        # the wrong list; without one, a district pins the old list and its absence means the
        # new list first, so the code is written only where `check` will read the same list.
        dated = as_of is not None and era_at(as_of) == self.era
        if dated or self.era == NEW_ERA or district is not None:
            fields["code"] = self.units[-1].code
        if dated:
            fields["as_of"] = as_of
        return fields


@dataclass(frozen=True)
class PlaceProblem:
    """Why a locality was not found: the level, the name, its parent and close names."""

    level: Level
    name: str
    parent: str | None
    suggestions: tuple[str, ...]
    ambiguous: bool = False  # the name exists under several parents

    def hint(self) -> str:
        """ " (Xã A, Xã B?)" for messages, or ""."""
        return f" ({', '.join(self.suggestions)}?)" if self.suggestions else ""


def eras_for(as_of: dt.date | None, year: int | None, has_district: bool) -> list[Era]:
    """Both lists, the likely one first: the date's, a district's (old), else the year's.

    The other list stays as a fallback: a 2025 decision often still gives the old address.
    """
    if as_of is not None:
        first = era_at(as_of)
    elif has_district or (year is not None and year < REFORM_DATE.year):
        first = OLD_ERA
    else:
        first = NEW_ERA
    return [first, NEW_ERA if first == OLD_ERA else OLD_ERA]


def _place(admin: AdminUnits, era: Era, units: list[Unit]) -> Place:
    smallest = units[-1]
    current = admin.current_units(smallest)
    return Place(
        era=era,
        units=tuple(units),
        current_province=admin.current_province(smallest),
        current_codes=tuple(sorted(u.code for u in current)),
    )


def _suggest(
    admin: AdminUnits, era: Era, level: int, name: str, parent: str | None
) -> tuple[str, ...]:
    return tuple(u.full_name for u in admin.suggest(era, level, name, parent))


def _find_in_era(
    admin: AdminUnits, era: Era, province: str, district: str | None, commune: str | None
) -> Place | PlaceProblem:
    provinces = admin.find(era, PROVINCE, province)
    if not provinces:
        return PlaceProblem(
            "province", province, None, _suggest(admin, era, PROVINCE, province, None)
        )
    units = [provinces[0]]
    parent = provinces[0]
    if district:
        if era == NEW_ERA:
            return PlaceProblem("district", district, parent.full_name, ())
        found = admin.find(era, DISTRICT, district, parent.code)
        if not found:
            return PlaceProblem(
                "district",
                district,
                parent.full_name,
                _suggest(admin, era, DISTRICT, district, parent.code),
            )
        if commune and len(found) > 1:
            # "Long Mỹ" is both a district and a town: the one holding the commune is meant.
            holding = [d for d in found if admin.find(era, COMMUNE, commune, d.code)]
            found = holding if len(holding) == 1 else found
        units.append(found[0])
        parent = found[0]
    if commune:
        found = admin.find(era, COMMUNE, commune, parent.code)
        if not found:
            return PlaceProblem(
                "commune",
                commune,
                parent.full_name,
                _suggest(admin, era, COMMUNE, commune, parent.code),
            )
        if len(found) > 1:
            # "Xã Tân Lập" exists in several districts of one province: the editor must say which.
            options = tuple(f"{u.full_name}, {admin.ancestors(u)[0].full_name}" for u in found[:5])
            return PlaceProblem("commune", commune, parent.full_name, options, ambiguous=True)
        unit = found[0]
        if parent.level == PROVINCE and unit.parent and unit.parent != parent.code:
            middle = admin.by_code(era, unit.parent)
            if middle is not None:
                units.append(middle)
        units.append(unit)
    return _place(admin, era, units)


def find_place(
    admin: AdminUnits,
    eras: list[Era],
    province: str,
    district: str | None = None,
    commune: str | None = None,
) -> Place | PlaceProblem:
    """The units named, in the first era where they all exist; else the deepest problem."""
    problems: list[PlaceProblem] = []
    for era in eras:
        found = _find_in_era(admin, era, province, district or None, commune or None)
        if isinstance(found, Place):
            return found
        problems.append(found)
    return _deepest(problems)


def split_address(text: str) -> list[str]:
    """Parts of a free address, in writing order (smallest first in Vietnamese)."""
    return [part for part in _ADDRESS_SEPARATORS.split(text.strip()) if part]


def parse_address(
    admin: AdminUnits, eras: list[Era], text: str, default_province: str | None = None
) -> Place | PlaceProblem:
    """Read "…, xã X, huyện Y, tỉnh Z" right to left: province, district, commune.

    Parts before the commune (village, street, house number) are ignored: a home address is
    sensitive and never copied into a profile.
    """
    parts = split_address(text)
    problems: list[PlaceProblem] = []
    for era in eras:
        found = _address_in_era(admin, era, parts, default_province)
        if isinstance(found, Place):
            return found
        problems.append(found)
    return _deepest(problems)


def _address_in_era(
    admin: AdminUnits, era: Era, parts: list[str], default_province: str | None
) -> Place | PlaceProblem:
    rest = list(parts)
    province: str | None = None
    if rest and admin.find(era, PROVINCE, rest[-1]):
        province = rest.pop()
    elif default_province:
        province = default_province
    elif rest:
        last = rest[-1]
        return PlaceProblem("province", last, None, _suggest(admin, era, PROVINCE, last, None))
    else:
        return PlaceProblem("province", "", None, ())
    provinces = admin.find(era, PROVINCE, province)
    if not provinces:
        return PlaceProblem(
            "province", province, None, _suggest(admin, era, PROVINCE, province, None)
        )
    district: str | None = None
    maybe_district = bool(rest) and not _COMMUNE_PREFIX.match(rest[-1])
    if maybe_district and era == OLD_ERA and admin.find(era, DISTRICT, rest[-1], provinces[0].code):
        district = rest.pop()
    elif (
        maybe_district
        and era == NEW_ERA
        and not admin.find(era, COMMUNE, rest[-1], provinces[0].code)
        and admin.find(OLD_ERA, DISTRICT, rest[-1])
    ):
        # A district in an address means the old list; let the caller try that era.
        return PlaceProblem("district", rest[-1], provinces[0].full_name, ())
    commune = rest.pop() if rest else None
    return _find_in_era(admin, era, province, district, commune)
