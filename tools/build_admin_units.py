#!/usr/bin/env python3
"""Build generator/data/admin_units.tsv from the shared administrative-unit data.

Run by hand when the source data changes::

    python tools/build_admin_units.py [SOURCE_DIR] [--out PATH]

SOURCE_DIR defaults to ../shared/data/admin-units beside the repository and must hold
``units-2025-03-01.json``, ``merger-2025-07-01-old-to-new.json`` and
``merger-2025-07-01-new-to-old.json`` (see that directory's README for their origin).

Output (UTF-8, NFC, LF, sorted by era, level, code), after two ``#`` comment lines::

    era  level  code  type  name  parent  successors

* era: ``2025-03`` (the list before the 2025-07-01 reform) or ``2025-07`` (the current list);
* level: 1 province, 2 district (old list only), 3 commune;
* type: capitalised as in ordinary text ("Thị trấn", never "Thị Trấn");
* name: without the type prefix;
* parent: code of the parent unit in the same era (empty for provinces);
* successors: old units only, the new units they went into, ``;``-separated in source order,
  ``~`` before a code when only part of the old unit went into it (``partial`` in the source).
  Ordinary districts have none (districts were abolished); the five island districts without
  communes became special zones (đặc khu) and list them.

The script checks the invariants the lookup relies on and fails loudly if one breaks, except
one: a successor outside the new province of the old commune's province (every old province went
whole into one new province) is a source error; it is dropped, with a ``#`` note in the header.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "admin-units"
DEFAULT_OUT = REPO / "generator" / "data" / "admin_units.tsv"

OLD = "2025-03"
NEW = "2025-07"

HEADER = (
    "# Vietnamese administrative units. 2025-03: General Statistics Office list as compiled in "
    "github.com/daohoangson/dvhcvn data/sorted.json (2025-03-01). 2025-07: mapping from "
    "github.com/dvhcvn/20250701 mapping/splits.json and merges.json (MIT). "
    "See NOTICE-admin-units.md. Built by tools/build_admin_units.py.\n"
)
COLUMNS = "# era\tlevel\tcode\ttype\tname\tparent\tsuccessors\n"

# Longest first, so that "Thị trấn" wins over a shorter prefix.
TYPES = ("Thành phố", "Thị trấn", "Đặc khu", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")

Row = tuple[str, int, str, str, str, str, str]


def nfc(text: str) -> str:
    """NFC with white space collapsed (the source has " Đắk Lao" with a leading space)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def norm_type(text: str) -> str:
    """Capitalise as in running text: "Thị Trấn" → "Thị trấn"."""
    text = nfc(text)
    normed = text[:1].upper() + text[1:].lower()
    if normed not in TYPES:
        raise SystemExit(f"unknown unit type {text!r}")
    return normed


def split_type(full_name: str) -> tuple[str, str]:
    """Split off the type: "Phường Ba Đình" → ("Phường", "Ba Đình")."""
    full_name = nfc(full_name)
    for type_ in TYPES:
        if full_name.lower().startswith(type_.lower() + " "):
            return type_, full_name[len(type_) + 1 :].strip()
    raise SystemExit(f"no type prefix in {full_name!r}")


def check_field(value: str) -> str:
    if "\t" in value or "\n" in value or not value:
        raise SystemExit(f"bad field {value!r}")
    return value


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def build_rows(source: Path) -> tuple[list[Row], list[str]]:
    """The table rows and notes on what was left out of the source (for the header)."""
    units = load(source / "units-2025-03-01.json")
    old_to_new = load(source / "merger-2025-07-01-old-to-new.json")["data"]
    new_to_old = load(source / "merger-2025-07-01-new-to-old.json")["data"]

    # -- the current list (2025-07) and the merge type of each (old, new) pair --------------
    rows: list[Row] = []
    merge_type: dict[tuple[str, str], str] = {}
    new_province_of: dict[str, str] = {}  # new commune → new province
    new_names: dict[str, str] = {}
    for prov in new_to_old:
        pcode = prov["level1_id"]
        ptype, pname = split_type(prov["name"])
        rows.append((NEW, 1, pcode, ptype, pname, "", ""))
        new_names[pcode] = f"{ptype} {pname}"
        for merge in prov["merges"]:
            merge_type[(merge["old_id"], pcode)] = merge["type"]
        for comm in prov["level2s"]:
            ccode = comm["level2_id"]
            ctype, cname = split_type(comm["name"])
            rows.append((NEW, 3, ccode, ctype, cname, pcode, ""))
            new_province_of[ccode] = pcode
            new_names[ccode] = f"{ctype} {cname}"
            if not comm["merges"]:
                raise SystemExit(f"new commune {ccode} merges nothing")
            for merge in comm["merges"]:
                merge_type[(merge["old_id"], ccode)] = merge["type"]
    if set(merge_type.values()) - {"full", "partial"}:
        raise SystemExit(f"unknown merge types {set(merge_type.values())}")

    # -- successors of old units (splits), cross-checked against the merges ----------------
    splits: dict[str, list[str]] = {}
    old_names: dict[str, str] = {}

    def add_splits(old_code: str, name: str, items: list[dict[str, str]]) -> None:
        if old_code in splits:
            raise SystemExit(f"old unit {old_code} mapped twice")
        if not items:
            raise SystemExit(f"old unit {old_code} has no successor")
        splits[old_code] = [item["new_id"] for item in items]
        old_names[old_code] = nfc(name)

    for prov in old_to_new:
        add_splits(prov["level1_id"], prov["name"], prov["splits"])
        for dist in prov.get("level2s") or []:
            add_splits(dist["level2_id"], dist["name"], dist["splits"])
        for comm in prov["level3s"]:
            add_splits(comm["level3_id"], comm["name"], comm["splits"])
    pairs = {(old, new) for old, news in splits.items() for new in news}
    if pairs != set(merge_type):
        raise SystemExit(f"splits and merges disagree: {sorted(pairs ^ set(merge_type))[:10]} ...")

    # -- the old list (2025-03) ------------------------------------------------------------
    old_rows: list[Row] = []
    notes: list[str] = []
    new_provinces = {row[2] for row in rows if row[1] == 1}
    for prov in units:
        pcode, pname, ptype = prov[0], nfc(prov[1]), norm_type(prov[2])
        succ = splits.pop(pcode)
        if len(succ) != 1 or succ[0] not in new_provinces:
            raise SystemExit(f"old province {pcode} does not map to exactly one province: {succ}")
        if old_names[pcode].lower() != f"{ptype} {pname}".lower():
            raise SystemExit(f"name mismatch {pcode}: {old_names[pcode]!r}")
        new_prov = succ[0]
        old_rows.append((OLD, 1, pcode, ptype, pname, "", successors_str(pcode, succ, merge_type)))
        for dist in prov[4]:
            dcode, dname, dtype = dist[0], nfc(dist[1]), norm_type(dist[2])
            communes = dist[4] if len(dist) > 4 else []
            dsucc = ""
            if dcode in splits:  # island district without communes → special zone
                if communes or old_names[dcode].lower() != f"{dtype} {dname}".lower():
                    raise SystemExit(f"odd island district {dcode} {old_names[dcode]!r}")
                dsucc = successors_str(dcode, splits.pop(dcode), merge_type)
            old_rows.append((OLD, 2, dcode, dtype, dname, pcode, dsucc))
            for comm in communes:
                ccode, cname, ctype = comm[0], nfc(comm[1]), norm_type(comm[2])
                if old_names[ccode].lower() != f"{ctype} {cname}".lower():
                    raise SystemExit(f"name mismatch {ccode}: {old_names[ccode]!r}")
                csucc = []
                for new in splits.pop(ccode):
                    if new_province_of.get(new) == new_prov:
                        csucc.append(new)
                    else:  # a source error: every old province went whole into one new one
                        notes.append(
                            f"dropped {ccode}→{new} ({ctype} {cname}, {dtype} {dname}, "
                            f"{ptype} {pname} → {new_names[new]}, "
                            f"{new_names[new_province_of[new]]}): leaves {new_names[new_prov]}"
                        )
                old_rows.append(
                    (OLD, 3, ccode, ctype, cname, dcode, successors_str(ccode, csucc, merge_type))
                )
    if splits:
        raise SystemExit(f"mapped but not in the old list: {sorted(splits)[:10]}")

    rows = old_rows + rows
    for row in rows:
        for field in row[2:5]:
            check_field(str(field))
    keys = Counter((row[0], row[2]) for row in rows)
    dupes = [key for key, count in keys.items() if count > 1]
    if dupes:
        raise SystemExit(f"duplicate codes: {dupes[:10]}")
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return rows, notes


def successors_str(old_code: str, news: list[str], merge_type: dict[tuple[str, str], str]) -> str:
    return ";".join(("~" if merge_type[(old_code, new)] == "partial" else "") + new for new in news)


def render(rows: list[Row], notes: list[str]) -> str:
    header = HEADER + "".join(f"# {note}\n" for note in notes) + COLUMNS
    lines = ["\t".join((era, str(level), *rest)) + "\n" for era, level, *rest in rows]
    return unicodedata.normalize("NFC", header + "".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows, notes = build_rows(args.source)
    text = render(rows, notes)
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(text.encode("utf-8"))
    counts = Counter((row[0], row[1]) for row in rows)
    summary = ", ".join(f"{era} L{level}: {n}" for (era, level), n in sorted(counts.items()))
    print(f"wrote {args.out} ({len(text.encode('utf-8')):,} bytes; {summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
