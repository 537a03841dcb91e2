"""Find a place typed by an editor in the administrative-unit table, for `new` and `import`.

`check` (`model.localities`) judges a locality already written in a profile. The editors'
tools come earlier: they turn what a person typed or a spreadsheet holds — separate columns
or a free address such as "thôn 3, xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị" — into
official unit names and a code, or say what was not found and which names are close. They are
stricter than `check`: a commune name found in two districts is refused, not guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import weakref
from dataclasses import dataclass
from typing import Literal

from generator.reference.adminunits import (
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
from generator.vntext import fold, nfc, search_key, slugify

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


# --- rows without a Vietnamese place (vinhdanh import) ----------------------------------------

# The date of the pre-reform list the table holds (generator/data/NOTICE-admin-units.md): a
# record older than that is checked against a later list, and the report says so.
OLD_LIST_DATE = dt.date(2025, 3, 1)
UNKNOWN_FOLDER = "chua-ro-dia-phuong"
FOREIGN_FOLDER = "nuoc-ngoai"


@dataclass(frozen=True)
class UnknownPlace:
    """A row that names no place: the profile records `locality: {unknown: true}`."""

    units: tuple[Unit, ...] = ()
    folder: str = UNKNOWN_FOLDER  # under profiles/: beside the provinces, never in one

    def locality_fields(self, as_of: dt.date | None) -> dict[str, object]:
        """The `locality:` mapping of a profile whose place is unknown."""
        return {"unknown": True}


@dataclass(frozen=True)
class ForeignPlace:
    """A foreign recipient: the profile records the country, never a Vietnamese unit."""

    country: str
    code: str | None = None
    units: tuple[Unit, ...] = ()
    folder: str = FOREIGN_FOLDER

    def locality_fields(self, as_of: dt.date | None) -> dict[str, object]:
        """The `locality:` mapping of a foreign recipient."""
        fields: dict[str, object] = {"country": self.country}
        if self.code is not None:
            fields["country_code"] = self.code
        return fields


AnyPlace = Place | UnknownPlace | ForeignPlace


def other_place_key(form: str, unit: str | None, country: str | None) -> tuple[str, ...]:
    """What identifies a person without a Vietnamese place, beside the name: the unit they
    worked in when the place is unknown (two people of one name in different units stay
    apart), the country abroad."""
    if form == "foreign":
        return ("?foreign", fold(country or ""))
    return ("?unknown", fold(unit or ""))


@dataclass(frozen=True)
class Inference:
    """A province found in a row's texts: which text, the name as written, the unit it is."""

    place: Place  # the province alone, in the era of the list it was found in
    source: str  # the row's field: "unit", "address", "position" or "name"
    text: str  # that field's text
    found: str  # the name as written there: "Cẩm Phả"
    unit: Unit  # what the name is in that list: the province, or a district of it


@dataclass(frozen=True)
class InferenceConflict:
    """Texts that name places in more than one province: nothing is inferred."""

    found: tuple[tuple[str, Unit], ...]  # (name as written, unit), one per province


# Words of a text, as written (letters and digits; "TP.HCM" is "TP", "HCM").
_WORD = re.compile(r"[^\W_]+")
# Province-level names in common use that the lists do not carry (with the province's code,
# the same in both lists). "HCM" alone is left out: "Đoàn TNCS HCM" is the Youth Union.
_INFER_ALIASES = {
    "thừa thiên huế": "46",
    "thừa thiên": "46",
    "sài gòn": "79",
    "tp hcm": "79",
    "tphcm": "79",
}
# Names that are also a person's or a common word's ("Hồ Chí Minh" the President, "Huế" the
# one-syllable city): taken only after "thành phố" / "TP".
_NEEDS_CITY_PREFIX = frozenset({"hồ chí minh", "huế"})
_CITY_PREFIXES = (("thành", "phố"), ("tp",), ("t", "p"))
# A name right after these words is a street ("đường Thái Bình", "phố Huế"), not a place.
_STREET_WORDS = frozenset({"đường", "ngõ", "hẻm", "phố"})
# Phrases that hold a province's name without naming it ("Thái Bình Dương": the Pacific).
_NOT_PLACES = (("thái", "bình", "dương"),)
# District-level names that units commonly take from people, events and islands ("Trường
# THPT Ngô Quyền", "Nhà máy Thống Nhất", "Hải đội Hoàng Sa"): never a place by themselves.
_NOT_DISTRICTS = frozenset(
    {
        "ngô quyền", "lê chân", "hai bà trưng", "trần văn thời", "thống nhất", "hồng bàng",
        "dương minh châu", "hoàng sa", "trường sa", "đống đa", "ba đình", "hoàn kiếm",
    }
)  # fmt: skip


def _words(text: str, folded: bool) -> list[str]:
    key = fold if folded else search_key
    return [key(w) for w in _WORD.findall(nfc(text))]


@dataclass
class _NameIndex:
    """Names of one list's provinces, and the district names that point at one province."""

    provinces: dict[tuple[str, ...], list[Unit]]
    districts: dict[tuple[str, ...], list[Unit]]  # one unit each
    longest: int


class _Names:
    """Name indexes of a unit table, with diacritics and folded (for texts typed without)."""

    def __init__(self, admin: AdminUnits) -> None:
        self.admin = admin
        self._built: dict[tuple[Era, bool], _NameIndex] = {}

    def index(self, era: Era, folded: bool) -> _NameIndex:
        """The index of `era`'s names (districts: the old list only, the one that has them)."""
        found = self._built.get((era, folded))
        if found is None:
            found = self._built[(era, folded)] = self._build(era, folded)
        return found

    def _build(self, era: Era, folded: bool) -> _NameIndex:
        admin = self.admin
        provinces: dict[tuple[str, ...], list[Unit]] = {}
        for unit in admin.provinces(era):
            provinces.setdefault(tuple(_words(unit.name, folded)), []).append(unit)
        for alias, code in _INFER_ALIASES.items():
            unit_ = admin.by_code(era, code)
            if unit_ is not None:
                provinces.setdefault(tuple(_words(alias, folded)), []).append(unit_)
        districts: dict[tuple[str, ...], list[Unit]] = {}
        if era == OLD_ERA:
            districts = self._districts(folded, set(provinces))
        longest = max(map(len, [*provinces, *districts]))
        return _NameIndex(provinces, districts, longest)

    def _districts(
        self, folded: bool, province_names: set[tuple[str, ...]]
    ) -> dict[tuple[str, ...], list[Unit]]:
        """District names that can only mean one place: one district of that name in the
        country, of two words or more, not a province's name, not a name units take from
        people, and no commune of that name (in either list) in another province."""
        admin = self.admin
        elsewhere: dict[tuple[str, ...], set[str]] = {}
        for era in (OLD_ERA, NEW_ERA):
            for commune in admin.units(era, COMMUNE):
                key = tuple(_words(commune.name, folded))
                elsewhere.setdefault(key, set()).add(admin.current_province(commune).code)
        named: dict[tuple[str, ...], list[Unit]] = {}
        for district in admin.units(OLD_ERA, DISTRICT):
            named.setdefault(tuple(_words(district.name, folded)), []).append(district)
        denied = {tuple(_words(name, folded)) for name in _NOT_DISTRICTS}
        found: dict[tuple[str, ...], list[Unit]] = {}
        for key, units in named.items():
            if len(units) != 1 or len(key) < 2 or key in province_names or key in denied:
                continue
            today = admin.current_province(units[0]).code
            if elsewhere.get(key, {today}) <= {today}:
                found[key] = units
        return found


_NAME_INDEXES: weakref.WeakKeyDictionary[AdminUnits, _Names] = weakref.WeakKeyDictionary()


def _names(admin: AdminUnits) -> _Names:
    found = _NAME_INDEXES.get(admin)
    if found is None:
        found = _NAME_INDEXES[admin] = _Names(admin)
    return found


def _has_diacritics(text: str) -> bool:
    return fold(text) != " ".join(text.lower().split())


@dataclass(frozen=True)
class _Phrases:
    """The constant phrases above as word keys, with or without diacritics."""

    not_places: tuple[tuple[str, ...], ...]
    needs_prefix: frozenset[tuple[str, ...]]
    prefixes: tuple[tuple[str, ...], ...]
    streets: frozenset[str]


@functools.cache
def _phrases(folded: bool) -> _Phrases:
    return _Phrases(
        tuple(tuple(_words(" ".join(p), folded)) for p in _NOT_PLACES),
        frozenset(tuple(_words(name, folded)) for name in _NEEDS_CITY_PREFIX),
        tuple(tuple(_words(" ".join(p), folded)) for p in _CITY_PREFIXES),
        frozenset(_words(w, folded)[0] for w in _STREET_WORDS),
    )


class _Text:
    """A text read once for every list: its words as written, their keys, what is masked.

    Vietnamese writes place names with capitals ("Ty bưu điện Nghệ An"), so a name must be
    capitalised unless the text is all capitals; a text with diacritics is compared with
    them ("Huệ" is not "Huế"), one typed without them folded.
    """

    def __init__(self, text: str) -> None:
        self.text = nfc(text)
        self.folded = not _has_diacritics(self.text)
        found = list(_WORD.finditer(self.text))
        self.spans = [(m.start(), m.end()) for m in found]
        self.written = [m.group() for m in found]
        key = fold if self.folded else search_key
        self.keys = [key(w) for w in self.written]
        self.capitals_only = not any(ch.islower() for ch in self.text)
        self.phrases = _phrases(self.folded)
        self.masked: set[int] = set()
        for words in self.phrases.not_places:
            for i in range(len(self.keys) - len(words) + 1):
                if tuple(self.keys[i : i + len(words)]) == words:
                    self.masked.update(range(i, i + len(words)))

    def matches(
        self, names: dict[tuple[str, ...], list[Unit]], longest: int
    ) -> list[tuple[str, Unit]]:
        """(name as written, unit) for every name of `names` here, longest first at a word."""
        keys = self.keys
        found: list[tuple[str, Unit]] = []
        i = 0
        while i < len(keys):
            size = self._match_at(i, names, longest)
            if size:
                name = self.text[self.spans[i][0] : self.spans[i + size - 1][1]]
                found.extend((name, unit) for unit in names[tuple(keys[i : i + size])])
                i += size
            else:
                i += 1
        return found

    def _match_at(self, i: int, names: dict[tuple[str, ...], list[Unit]], longest: int) -> int:
        """How many words from the `i`-th make a name that counts here (0: none)."""
        keys, phrases = self.keys, self.phrases
        for size in range(min(longest, len(keys) - i), 0, -1):
            key = tuple(keys[i : i + size])
            if key not in names or self.masked.intersection(range(i, i + size)):
                continue
            if not self.capitals_only and not all(
                w[:1].isupper() for w in self.written[i : i + size]
            ):
                continue
            before = tuple(keys[max(0, i - 2) : i])
            if key in phrases.needs_prefix and not any(
                before[-len(p) :] == p for p in phrases.prefixes
            ):
                continue
            if before and before[-1] in phrases.streets and before[-2:] != phrases.prefixes[0]:
                continue
            return size
        return 0


def infer_place(
    admin: AdminUnits, eras: list[Era], texts: list[tuple[str, str]]
) -> Inference | InferenceConflict | None:
    """The province a row's texts name, when they name exactly one; else the conflict or None.

    `texts` are (field, text), most telling first (the unit, an address, the position).
    Provinces are looked for in each list of `eras` in turn (the record's date first), then
    district-level names that can only mean one place (the old list: the only one with
    districts; "Mỏ Cẩm Phả" → Thành phố Cẩm Phả, Tỉnh Quảng Ninh). The first of these tiers
    that finds anything decides; names of two provinces in it are a conflict, never a guess.
    Communes are never used: one commune name is found in many provinces.
    """
    index = _names(admin)
    read = [(fld, text, _Text(text)) for fld, text in texts if text]
    tiers: list[tuple[Era, bool]] = [(era, False) for era in eras]
    tiers.append((OLD_ERA, True))
    for era, by_district in tiers:
        hits: list[tuple[str, str, str, Unit]] = []  # field, text, name as written, unit
        for fld, text, words in read:
            names = index.index(era, words.folded)
            table = names.districts if by_district else names.provinces
            hits += [(fld, text, w, u) for w, u in words.matches(table, names.longest)]
        if not hits:
            continue
        provinces: dict[str, tuple[str, str, str, Unit]] = {}
        for hit in hits:
            province = hit[3] if hit[3].level == PROVINCE else admin.ancestors(hit[3])[-1]
            provinces.setdefault(province.code, hit)
        if len(provinces) > 1:
            return InferenceConflict(tuple((w, u) for _, _, w, u in provinces.values()))
        ((code, (fld, text, written, unit)),) = provinces.items()
        named = admin.by_code(era, code)
        assert named is not None  # the code of a unit of this era
        return Inference(_place(admin, era, [named]), fld, text, written, unit)
    return None
