"""Vietnamese administrative units before and after the 2025-07-01 reform: pure data access.

Two eras share one table (``generator/data/admin_units.tsv``, built by
``tools/build_admin_units.py``; attribution in ``generator/data/NOTICE-admin-units.md``):

* ``"2025-03"``: the list before the reform, 63 provinces → 696 districts → 10,047 communes;
* ``"2025-07"``: the current list, 34 provinces → 3,321 communes (no districts any more).

Codes are GSO codes, unique within an era but reused across eras for different units: old
commune 00004 is Phường Trúc Bạch, new commune 00004 is Phường Ba Đình; old province 44 is
Quảng Bình, new province 44 is Quảng Trị. Hence the ``era`` argument everywhere.

Names are matched on a folded key (:func:`generator.vntext.fold`: no case, no diacritics, so old
and new tone placement — "Hoà"/"Hòa" — agree), after stripping a type prefix such as "xã",
"TP.", "H." from the query.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Final, Literal

from generator.incremental.memos import register as register_memo
from generator.vntext import fold, nfc, search_key

Era = Literal["2025-03", "2025-07"]
OLD_ERA: Final = "2025-03"
NEW_ERA: Final = "2025-07"
ERAS: Final[tuple[Era, Era]] = (OLD_ERA, NEW_ERA)

REFORM_DATE: Final = date(2025, 7, 1)
"""First day of the current list (the old one, including districts, ended the day before)."""

PROVINCE: Final = 1
DISTRICT: Final = 2
COMMUNE: Final = 3


def era_at(day: date) -> Era:
    """The era whose list was in force on ``day`` (the old list for any day before the reform)."""
    return OLD_ERA if day < REFORM_DATE else NEW_ERA


@dataclass(frozen=True, slots=True)
class Unit:
    era: Era
    level: int  # 1 province, 2 district (old era only), 3 commune
    code: str
    type: str  # "Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Xã", "Phường", ...
    name: str  # without the type: "Triệu Thành"
    parent: str | None  # code of the parent unit, same era
    successors: tuple[str, ...] = ()  # old units: codes of the new units they went into
    partial: bool = False  # old units: split, only part of it went into each successor

    @property
    def full_name(self) -> str:
        """Type and name: "Xã Triệu Thành", "Tỉnh Quảng Trị", "Thành phố Hà Nội"."""
        return f"{self.type} {self.name}"

    @property
    def running_name(self) -> str:
        """The name inside a sentence (Decree 30/2020, Appendix II): "xã Triệu Thành", "tỉnh
        Quảng Trị", but "Phường 1", "Thành phố Hồ Chí Minh" (a number or a person's name)."""
        if self.name[:1].isdigit() or self.name in PROPER_NAMED_UNITS:
            return self.full_name
        return f"{self.type.lower()} {self.name}"


# Units named after a person or a historic event keep the type capitalised (Decree 30/2020,
# Appendix II: "Quận 1, Phường Điện Biên Phủ, Thành phố Hồ Chí Minh"). Names of that kind in
# the official lists; a name missing here is written with a lower-case type.
PROPER_NAMED_UNITS: frozenset[str] = frozenset(
    {
        "Hồ Chí Minh", "Điện Biên Phủ", "Lê Lợi", "Trần Hưng Đạo", "Quang Trung", "Hùng Vương",
        "Nguyễn Trãi", "Lê Hồng Phong", "Trần Phú", "Hoàng Văn Thụ", "Lý Thường Kiệt",
        "Ngô Quyền", "Hai Bà Trưng", "Bà Triệu", "Nguyễn Du", "Phan Bội Châu", "Phan Chu Trinh",
        "Võ Thị Sáu", "Minh Khai", "Nguyễn Thái Học", "Trần Quang Khải", "Hàm Nghi", "Lê Lai",
        "Hoàng Diệu", "Nguyễn Văn Cừ", "Trưng Vương", "Trưng Trắc", "Trưng Nhị", "Lê Thánh Tông",
        "Chu Văn An", "Phan Đình Phùng", "Trần Quốc Toản", "Nguyễn Huệ", "Kim Đồng", "Bế Văn Đàn",
        "Tô Hiệu", "Hoàng Hoa Thám", "Đinh Tiên Hoàng", "Lý Thái Tổ", "Ba Đình", "Đống Đa",
    }
)  # fmt: skip


def capitalise_first(text: str) -> str:
    """The text with its first letter upper-case, as at the start of a line or a cell."""
    return text[:1].upper() + text[1:]


def join_vi(items: list[str]) -> str:
    """ "a", "a và b", "a, b và c": a list in running Vietnamese text."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


# -- name keys and type prefixes ---------------------------------------------------------------

_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_APOSTROPHES = re.compile(r"\s*['’ʼ‘`´]\s*")
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")
_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """Matching key of a name: folded, dashes as spaces, no apostrophes, "P. 01" = "P. 1"."""
    key = _DASHES.sub(" ", fold(text))
    key = _APOSTROPHES.sub("", key)
    key = _LEADING_ZEROS.sub("", key)
    return _SPACES.sub(" ", key).strip()


# Written with diacritics or abbreviated ("TP.", "TX", "H."), these are certainly a type.
_CERTAIN_PREFIX = re.compile(
    r"^(?:(thành phố|thị trấn|thị xã|đặc khu|phường|huyện|quận|tỉnh|xã)(?:\s+|\.\s*)"
    r"|(tp|tx|tt|đk|dk)(?:\.\s*|\s+)|([thqpx])\.\s*)"
)
# Without diacritics they may also begin a name: "Tinh Bien" is Tịnh Biên, "Xa Ly" is Xa Lý.
_FOLDED_PREFIX = re.compile(r"^(thanh pho|thi tran|thi xa|dac khu|phuong|huyen|quan|tinh|xa)\s+")

_TYPE_OF_PREFIX: Final = {
    "thanh pho": "Thành phố",
    "thi tran": "Thị trấn",
    "thi xa": "Thị xã",
    "dac khu": "Đặc khu",
    "phuong": "Phường",
    "huyen": "Huyện",
    "quan": "Quận",
    "tinh": "Tỉnh",
    "xa": "Xã",
    "tp": "Thành phố",
    "tx": "Thị xã",
    "tt": "Thị trấn",
    "dk": "Đặc khu",
    "t": "Tỉnh",
    "h": "Huyện",
    "q": "Quận",
    "p": "Phường",
    "x": "Xã",
}

# Province-level names in common use that the lists do not carry (both eras, same code).
_PROVINCE_ALIASES: Final = {
    "thua thien hue": "46",  # Tỉnh Thừa Thiên Huế became Thành phố Huế on 2025-01-01
    "hcm": "79",  # "TP.HCM", "TP. HCM"
    "tphcm": "79",
}


@dataclass(frozen=True, slots=True)
class _Query:
    full: str  # key of the whole text
    stripped: str | None  # key without the type prefix, if there seemed to be one
    type: str | None  # the type the prefix names
    certain: bool  # the prefix was written with diacritics or abbreviated
    spellings: frozenset[str]  # search_key() of the whole text and of the text without prefix


@lru_cache(maxsize=65536)
def _unit_key(name: str) -> str:
    return search_key(name)


@lru_cache(maxsize=4096)  # the same province/commune names recur across thousands of profiles
def _parse(text: str) -> _Query:
    text = _SPACES.sub(" ", nfc(text)).strip()
    full = name_key(text)
    stripped: str | None = None
    type_: str | None = None
    certain = False
    spellings = {search_key(text)}
    match = _CERTAIN_PREFIX.match(text.lower())
    if match and name_key(text[match.end() :]):
        prefix = fold(next(g for g in match.groups() if g))
        stripped, type_, certain = name_key(text[match.end() :]), _TYPE_OF_PREFIX[prefix], True
        spellings.add(search_key(text[match.end() :]))
    else:
        # Only a prefix written without diacritics is in doubt: "tịnh" is never "tỉnh".
        match = _FOLDED_PREFIX.match(text.lower())
        if match and name_key(text[match.end() :]):
            stripped, type_ = name_key(text[match.end() :]), _TYPE_OF_PREFIX[match.group(1)]
            spellings.add(search_key(text[match.end() :]))
    return _Query(full, stripped, type_, certain, frozenset(spellings))


# -- the table ---------------------------------------------------------------------------------


class AdminUnits:
    """Lookup over both eras. Get the shared instance with :func:`load_admin_units`."""

    def __init__(self, units: list[Unit], digest: str | None = None) -> None:
        # With the table's digest, name lookups are remembered in _FOUND (kept between builds).
        self._digest = digest
        self._found_here: FoundMemo = {}
        self._by_code: dict[tuple[str, str], Unit] = {}
        self._children: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        self._by_level: dict[tuple[str, int], list[Unit]] = defaultdict(list)
        for unit in sorted(units, key=lambda u: (u.era, u.level, u.code)):
            key = (unit.era, unit.code)
            if key in self._by_code:
                raise ValueError(f"duplicate unit {unit.era} {unit.code}")
            self._by_code[key] = unit
            self._by_level[(unit.era, unit.level)].append(unit)
            if unit.parent is not None:
                self._children[(unit.era, unit.parent)].append(unit)
        # (era, level) → name key → units; built on first use
        self._names: dict[tuple[str, int], dict[str, list[Unit]]] = {}

    # -- by code and by structure --------------------------------------------------------------

    @property
    def digest(self) -> str | None:
        """A digest of the table (None for a table made in memory)."""
        return self._digest

    def by_codes(self, keys: Iterable[tuple[Era, str]]) -> tuple[Unit, ...]:
        """The units of these (era, code) pairs, every one in the table (KeyError if not)."""
        return tuple(map(self._by_code.__getitem__, keys))

    def by_code(self, era: Era, code: str) -> Unit | None:
        return self._by_code.get((era, code))

    def children(self, era: Era, parent_code: str) -> list[Unit]:
        """Direct children: an old province's districts, a district's or new province's communes."""
        return list(self._children.get((era, parent_code), ()))

    def provinces(self, era: Era) -> list[Unit]:
        return self.units(era, PROVINCE)

    def units(self, era: Era, level: int) -> list[Unit]:
        """All units of one level, by code."""
        return list(self._by_level.get((era, level), ()))

    def ancestors(self, unit: Unit) -> list[Unit]:
        """Parent, grandparent, ... (same era), nearest first."""
        found: list[Unit] = []
        current = unit
        while current.parent is not None:
            parent = self._by_code.get((current.era, current.parent))
            if parent is None:
                break
            found.append(parent)
            current = parent
        return found

    def is_within(self, unit: Unit, ancestor_code: str) -> bool:
        return any(a.code == ancestor_code for a in self.ancestors(unit))

    # -- by name -------------------------------------------------------------------------------

    def find(self, era: Era, level: int, name: str, parent_code: str | None = None) -> list[Unit]:
        """Units of ``level`` whose name matches ``name``, by code.

        ``name`` may carry a type prefix ("xã Triệu Thành", "TP. Hồ Chí Minh", "H. Triệu Phong",
        "tỉnh Quảng Trị"), lack diacritics or place tones the old way. When the prefix names a
        type, units of that type are preferred ("huyện Kỳ Anh" → the district, not the town
        "thị xã Kỳ Anh"); without a prefix every type matches. ``parent_code`` restricts the
        search to units under that unit (parent or any ancestor, same era).
        """
        memo = self._found_here if self._digest is None else _FOUND.setdefault(self._digest, {})
        key = (era, level, name, parent_code)
        codes = memo.get(key)
        if codes is not None:
            return [self._by_code[(era, code)] for code in codes]
        found = self._find(era, level, name, parent_code)
        memo[key] = tuple(unit.code for unit in found)
        return found

    def _find(self, era: Era, level: int, name: str, parent_code: str | None) -> list[Unit]:
        query = _parse(name)
        index = self._name_index(era, level)

        def lookup(key: str | None, type_: str | None = None) -> list[Unit]:
            if not key:
                return []
            found = [
                u
                for u in index.get(key, ())
                if (type_ is None or u.type == type_)
                and (parent_code is None or self.is_within(u, parent_code))
            ]
            if not found and level == PROVINCE and key in _PROVINCE_ALIASES:
                alias = self.by_code(era, _PROVINCE_ALIASES[key])
                found = [alias] if alias is not None else []
            return found

        if query.stripped is None:
            found = lookup(query.full)
        elif query.certain:
            found = lookup(query.stripped)
            found = [u for u in found if u.type == query.type] or found or lookup(query.full)
        else:  # "Tinh Bien": Tỉnh Biên or Tịnh Biên? Both, if both exist.
            found = lookup(query.stripped, query.type)
            found += [u for u in lookup(query.full) if u not in found]
            found = sorted(found, key=lambda u: u.code) or lookup(query.stripped)
        # Written with diacritics, "Phường Đúc" means Phường Đúc, not Phượng Dực.
        spelled = [u for u in found if _unit_key(u.name) in query.spellings]
        return spelled or found

    def suggest(
        self, era: Era, level: int, name: str, parent_code: str | None = None, n: int = 3
    ) -> list[Unit]:
        """Up to ``n`` units with the names closest to ``name``, best first ("did you mean")."""
        query = _parse(name)
        candidates: dict[str, list[Unit]] = defaultdict(list)
        for key, units in self._name_index(era, level).items():
            for unit in units:
                if parent_code is None or self.is_within(unit, parent_code):
                    candidates[key].append(unit)
        scores: dict[str, float] = {}
        for wanted in (query.stripped, query.full):
            if not wanted:
                continue
            matcher = difflib.SequenceMatcher(b=wanted, autojunk=False)
            for key in candidates:
                matcher.set_seq1(key)
                if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.6 and ratio > scores.get(key, 0.0):
                    scores[key] = ratio
        ranked = sorted(scores, key=lambda key: (-scores[key], key))
        return [unit for key in ranked for unit in candidates[key]][:n]

    def _name_index(self, era: Era, level: int) -> dict[str, list[Unit]]:
        index = self._names.get((era, level))
        if index is None:
            index = defaultdict(list)
            for unit in self._by_level.get((era, level), ()):
                index[name_key(unit.name)].append(unit)
            self._names[(era, level)] = index = dict(index)
        return index

    # -- across the reform ---------------------------------------------------------------------

    def current_units(self, unit: Unit) -> list[Unit]:
        """Today's unit(s) for ``unit``.

        A new unit is its own answer. An old commune gives the new communes it went into (more
        than one if it was split, ``unit.partial``); an old province its new province; an old
        district (districts were abolished) the new province of its province, except the five
        island districts without communes, which became special zones (đặc khu) and give that.
        An old commune the source maps nowhere usable gives its new province (one known case,
        see the TSV header).
        """
        if unit.era == NEW_ERA:
            return [unit]
        found = [u for code in unit.successors if (u := self.by_code(NEW_ERA, code)) is not None]
        return found or [self.current_province(unit)]

    def current_province(self, unit: Unit) -> Unit:
        """Today's province (one of the 34) for a unit of either era."""
        province = unit
        if unit.level != PROVINCE:
            province = self.ancestors(unit)[-1]
        if province.era == NEW_ERA:
            return province
        new = self.by_code(NEW_ERA, province.successors[0])
        if new is None:  # pragma: no cover - the table is checked when built
            raise LookupError(f"no current province for {province.full_name}")
        return new


# -- loading -----------------------------------------------------------------------------------


def parse_table(text: str) -> list[Unit]:
    """Rows of admin_units.tsv (see tools/build_admin_units.py for the format)."""
    units: list[Unit] = []
    eras: dict[str, Era] = {OLD_ERA: OLD_ERA, NEW_ERA: NEW_ERA}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        era, level, code, type_, name, parent, succ = line.split("\t")
        successors: tuple[str, ...] = ()
        partial = False
        if succ:
            partial = "~" in succ
            successors = tuple(succ.replace("~", "").split(";"))
        units.append(
            Unit(eras[era], int(level), code, type_, name, parent or None, successors, partial)
        )
    return units


@cache
def load_admin_units() -> AdminUnits:
    """The shipped table, loaded once."""
    text = resources.files("generator").joinpath("data/admin_units.tsv").read_text("utf-8")
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    return AdminUnits(parse_table(text), digest)


# Name lookups by table digest: (era, level, name, parent code) -> codes of the units found.
# Ten thousand profiles name ~7,000 different places; resolving them took ~1.5 s a build.
FoundMemo = dict[tuple[str, int, str, str | None], tuple[str, ...]]
_FOUND: dict[str, FoundMemo] = {}


def remembered_lookups() -> dict[str, FoundMemo]:
    """Every name lookup made so far, by table digest (for the build cache)."""
    return _FOUND


def remember_lookups(memo: object) -> None:
    """Take lookups saved by `remembered_lookups` (from the same code: the caller checks)."""
    if isinstance(memo, dict):
        for digest, found in memo.items():
            if isinstance(digest, str) and isinstance(found, dict):
                _FOUND.setdefault(digest, {}).update(found)


register_memo(
    "place-name lookups",
    remembered_lookups,
    remember_lookups,
    lambda: sum(len(found) for found in _FOUND.values()),
)
