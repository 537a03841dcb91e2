"""The English edition's words for what the model holds: places, dates and award names.

Names stay as the Vietnamese record writes them, with their diacritics (a person, a collective,
a commune); only what a reader abroad could not read is put into English: the type of an
administrative unit after its name ("Triệu Phong commune, Quảng Trị province", the word order
of the Foreign Ministry's Circular 03/2009/TT-BNG on English names of units, in lower case
inside a line), the date ("5 December 2026") and the award, from the taxonomy's English name
and class ("Labour Order, Third Class"). A place or award with no English form keeps its
Vietnamese text: `award_name` says which it gave, so the edition can mark it `lang="vi"`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from generator.model.entries import ResolvedAward, ResolvedLocality, award_date
from generator.reference.adminunits import COMMUNE, DISTRICT, PROVINCE, Unit
from generator.reference.taxonomy import CLASS_NAMES_EN, Award

MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# (level, Vietnamese type) -> the English type. A "Thành phố" is a city at both levels (a
# centrally run city, or a provincial city before 2025); "Quận" and "Huyện" are both districts
# in the Circular's table (urban and rural), "Thị xã" a town, "Thị trấn" a township, "Đặc khu"
# (island districts made special zones on 2025-07-01) a special zone.
UNIT_TYPES_EN: Final[dict[tuple[int, str], str]] = {
    (PROVINCE, "Tỉnh"): "province",
    (PROVINCE, "Thành phố"): "city",
    (DISTRICT, "Huyện"): "district",
    (DISTRICT, "Quận"): "district",
    (DISTRICT, "Thành phố"): "city",
    (DISTRICT, "Thị xã"): "town",
    (COMMUNE, "Xã"): "commune",
    (COMMUNE, "Phường"): "ward",
    (COMMUNE, "Thị trấn"): "township",
    (COMMUNE, "Đặc khu"): "special zone",
}

UNKNOWN_PLACE_EN: Final = "Place not recorded"


def _as_written(name: str) -> str:
    return name


# How a Vietnamese name is set into the English (the pages mark it `lang="vi"`, escaping it).
NameMark = Callable[[str], str]


def date_text(value: dt.date | None) -> str:
    """A date as English prose writes it: "5 December 2026" ("" for none)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def unit_type(unit: Unit) -> str:
    """The English type of a unit ("commune", "province"); KeyError for a type not in the
    table, which the tests rule out over the whole unit list."""
    return UNIT_TYPES_EN[(unit.level, unit.type)]


def unit_name(unit: Unit, mark: NameMark = _as_written) -> str:
    """A unit in English: its name, then its type ("Triệu Phong commune", "Hà Nội city"); a
    numbered unit the other way round, capitalised ("Ward 1", "District 3")."""
    kind = unit_type(unit)
    if unit.name[:1].isdigit():
        return f"{kind.capitalize()} {mark(unit.name)}"
    return f"{mark(unit.name)} {kind}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def recorded_place(locality: ResolvedLocality, mark: NameMark = _as_written) -> str:
    """The place as recorded, smallest unit first ("Triệu Thành commune, Triệu Phong district,
    Quảng Trị province"); a foreign country as recorded; "Place not recorded". `mark` sets
    each name written in Vietnamese (a page's `lang="vi"` span)."""
    if locality.recorded.unknown:
        return UNKNOWN_PLACE_EN
    if locality.recorded.country is not None:
        return mark(locality.recorded.country)
    if locality.units:
        return ", ".join(unit_name(u, mark) for u in reversed(locality.units))
    parts = [locality.recorded.commune, locality.recorded.district, locality.recorded.province]
    return ", ".join(mark(p) for p in parts if p)


def current_place(locality: ResolvedLocality, mark: NameMark = _as_written) -> str:
    """Today's unit(s) and province ("Triệu Phong commune, Quảng Trị province"; "A ward and
    B ward, Hà Nội city"), or "" when the place resolves to none."""
    if locality.current_province is None:
        return ""
    communes = [unit_name(u, mark) for u in locality.current_units if u.level == COMMUNE]
    province = unit_name(locality.current_province, mark)
    return f"{_join(communes)}, {province}" if communes else province


def short_place(locality: ResolvedLocality, mark: NameMark = _as_written) -> str:
    """The place in one line: today's unit(s), else the place as recorded."""
    return current_place(locality, mark) or recorded_place(locality, mark)


def now_place(locality: ResolvedLocality, mark: NameMark = _as_written) -> str:
    """ "now Triệu Phong commune, Quảng Trị province", or "now part of …" when the recorded
    unit was split; "" when unchanged or unresolved (the English of `now_text`)."""
    today = current_place(locality, mark)
    if not locality.changed or not today:
        return ""
    split = len([u for u in locality.current_units if u.level == COMMUNE]) > 1
    split = split or any(u.partial for u in locality.units[-1:])
    return f"{'now part of' if split else 'now'} {today}"


@dataclass(frozen=True)
class AwardName:
    """An award's name for the English edition, and the language it is in."""

    text: str
    lang: Literal["en", "vi"]


def award_name(award: Award, klass: str | None, when: dt.date | None = None) -> AwardName:
    """The English name with its class ("Labour Order, Third Class"); a local award whose
    site gave no English name keeps its Vietnamese one (`lang` "vi")."""
    local_without_english = award.en == award.vi
    name = award.name_on(when) if local_without_english else award.en
    if klass is None:
        return AwardName(name, "vi" if local_without_english else "en")
    if local_without_english:
        return AwardName(award.display(klass, when), "vi")
    return AwardName(f"{name}, {CLASS_NAMES_EN[klass]}", "en")


def resolved_award_name(award: ResolvedAward) -> AwardName:
    """`award_name` of an award record, by its decision's date."""
    record = award.record
    return award_name(award.award, record.award_class, award_date(record))
