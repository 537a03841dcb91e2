"""The English edition's words for what the model holds: places, dates and award names.

Names stay as the Vietnamese record writes them, with their diacritics (a person, a collective,
a commune); only what a reader abroad could not read is put into English: the type of an
administrative unit after its name ("Triệu Phong commune, Quảng Trị province", the word order
of the Foreign Ministry's Circular 03/2009/TT-BNG on English names of units, in lower case
inside a line), the date ("5 December 2026") and the award, from the taxonomy's English name
and class ("Labour Order, Third Class"), a category its issuer names in the issuer's English
("Certificate of Merit of the Chairperson of the Quảng Trị Provincial People's Committee").
A place or award with no English form keeps its Vietnamese text: `award_name` says which it
gave, and which name an English one keeps as written, so the edition can mark it `lang="vi"`.

The unit types (`UNIT_TYPES_EN`) were checked on 2026-12-05 against the state's English:

- since 2025-07-01, Law 72/2025/QH15 on Organization of Local Administration, Art. 1 (the
  Official Gazette's English, english.luatvietnam.vn): "provinces and centrally run cities"
  and "communes, wards and special zones" (đặc khu): province, city, commune, ward, special
  zone;
- before, Circular 03/2009/TT-BNG's table (Tỉnh: Province; Thành phố: City; Quận, Huyện:
  District; Xã: Commune; Phường: Ward; Thị xã, Thị trấn: Town) and the Gazette's English of
  Law 47/2019/QH14 amending Law 77/2015/QH13 ("rural districts, urban districts, district-level
  towns, provincial-affiliated cities and municipality-controlled cities") and of Resolution
  76/2025/UBTVQH15 ("communes, wards, and townships"). The Circular names a thị xã and a thị
  trấn both "Town"; the Gazette's "township" for a thị trấn keeps the two apart, as the
  Vietnamese does, so it is kept. Every type in the table matched; none changed.

The Chairperson of a People's Committee: Circular 03/2009/TT-BNG's "Chairman/Chairwoman of the
People's Committee", without the gender the record does not give.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from generator.model.resolved import ResolvedAward, ResolvedLocality, award_date
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
    """An award's name for the English edition, and the language it is in; `kept`: the name
    an English text holds as written, in Vietnamese (an issuer's, or the place in it), which a
    page marks `lang="vi"`."""

    text: str
    lang: Literal["en", "vi"]
    kept: str = ""


# People's Committees by the level word the issuer's name holds: "Ủy ban nhân dân tỉnh Quảng
# Trị" is "the Quảng Trị Provincial People's Committee" (the Government's English texts).
_COMMITTEE_LEVELS_EN: Final = {
    "tỉnh": "Provincial",
    "thành phố": "City",
    "huyện": "District",
    "quận": "District",
    "thị xã": "Town",
    "xã": "Commune",
    "phường": "Ward",
    "thị trấn": "Township",
    "đặc khu": "Special Zone",
}
_COMMITTEE = re.compile(
    r"(?P<chair>Chủ tịch )?Ủy ban nhân dân (?P<level>(?i:"  # "tỉnh" or "Tỉnh"
    + "|".join(sorted(_COMMITTEE_LEVELS_EN, key=len, reverse=True))
    + r")) (?P<name>\S.*)"
)
# Ministries by the name after "Bộ" (the ministries of 2025 and those an older record names).
_MINISTRIES_EN: Final = {
    "Công an": "Public Security",
    "Công Thương": "Industry and Trade",
    "Dân tộc và Tôn giáo": "Ethnic and Religious Affairs",
    "Giáo dục và Đào tạo": "Education and Training",
    "Giao thông vận tải": "Transport",
    "Kế hoạch và Đầu tư": "Planning and Investment",
    "Khoa học và Công nghệ": "Science and Technology",
    "Lao động - Thương binh và Xã hội": "Labour, Invalids and Social Affairs",
    "Ngoại giao": "Foreign Affairs",
    "Nội vụ": "Home Affairs",
    "Nông nghiệp và Môi trường": "Agriculture and Environment",
    "Nông nghiệp và Phát triển nông thôn": "Agriculture and Rural Development",
    "Quốc phòng": "National Defence",
    "Tài chính": "Finance",
    "Tài nguyên và Môi trường": "Natural Resources and Environment",
    "Thông tin và Truyền thông": "Information and Communications",
    "Tư pháp": "Justice",
    "Văn hóa, Thể thao và Du lịch": "Culture, Sports and Tourism",
    "Xây dựng": "Construction",
    "Y tế": "Health",
}
_MINISTRY = re.compile(r"(?P<minister>Bộ trưởng )?Bộ (?P<name>\S.*)")
_OFFICES_EN: Final = {
    "Thủ tướng Chính phủ": "the Prime Minister",
    "Thủ tướng": "the Prime Minister",
    "Chính phủ": "the Government",
    "Chủ tịch nước": "the President",
}


def issuer_name(issuer: str, mark: NameMark = _as_written) -> tuple[str, str]:
    """An award's issuer as an English name says it, and the Vietnamese it keeps as written:
    ("the Chairperson of the Quảng Trị Provincial People's Committee", "Quảng Trị"), ("the
    Minister of Health", ""); an issuer of another form is kept whole, as written ("Giám đốc
    Công an tỉnh Gia Lai"), as a page keeps an office's name."""
    written = " ".join(issuer.replace("UBND", "Ủy ban nhân dân").replace("Uỷ", "Ủy").split())
    if written in _OFFICES_EN:
        return _OFFICES_EN[written], ""
    found = _COMMITTEE.fullmatch(written)
    if found is not None:
        level = _COMMITTEE_LEVELS_EN[found["level"].lower()]
        committee = f"the {mark(found['name'])} {level} People's Committee"
        chair = "the Chairperson of " if found["chair"] else ""
        return chair + committee, found["name"]
    found = _MINISTRY.fullmatch(written.replace("–", "-"))
    if found is not None and found["name"] in _MINISTRIES_EN:
        head = "the Minister of" if found["minister"] else "the Ministry of"
        return f"{head} {_MINISTRIES_EN[found['name']]}", ""
    return mark(issuer), issuer


def _named_by_issuer(
    award: Award, klass: str | None, level: str | None, issuer: str | None
) -> AwardName | None:
    """The English of `Award.display_for`: the category named from its issuer, or None where
    the Vietnamese keeps the category's name."""
    names = dict(award.named_by_issuer_en)
    template = names.get(level or "") or names.get("*")
    if template is None or ("{issuer}" in template and not issuer):
        return None
    english, kept = issuer_name(issuer or "") if "{issuer}" in template else ("", "")
    name = template.replace("{issuer}", english)
    if klass in CLASS_NAMES_EN:
        name = f"{name}, {CLASS_NAMES_EN[klass]}"
    return AwardName(name, "en", kept)


def award_name(
    award: Award,
    klass: str | None,
    when: dt.date | None = None,
    level: str | None = None,
    issuer: str | None = None,
) -> AwardName:
    """The English name with its class ("Labour Order, Third Class"); a category named from
    its issuer (`level`, `issuer`: a record's) as the Vietnamese names it ("Certificate of
    Merit of the Chairperson of the Quảng Trị Provincial People's Committee"); a local award
    whose site gave no English name keeps its Vietnamese one (`lang` "vi")."""
    named = _named_by_issuer(award, klass, level, issuer)
    if named is not None:
        return named
    local_without_english = award.en == award.vi
    name = award.name_on(when) if local_without_english else award.en
    if klass is None:
        return AwardName(name, "vi" if local_without_english else "en")
    if local_without_english:
        return AwardName(award.display(klass, when), "vi")
    return AwardName(f"{name}, {CLASS_NAMES_EN[klass]}", "en")


def resolved_award_name(award: ResolvedAward) -> AwardName:
    """`award_name` of an award record, by its decision's date, level and issuer; a name the
    decision used instead of the title's ("Ấp văn hóa", `local_names`) as the Vietnamese does,
    by the title's English."""
    record = award.record
    if record.recorded_name and record.recorded_name in award.award.local_names:
        return award_name(award.award, record.award_class, award_date(record))
    return award_name(
        award.award, record.award_class, award_date(record), record.issuer_level, record.issuer
    )
