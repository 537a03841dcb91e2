"""A roll saved as CSV: its bytes decoded (UTF-8, UTF-16, Windows-1258 or -1252, legacy fonts)
and its rows parsed with the delimiter guessed."""

from __future__ import annotations

import codecs
import csv
import io

from generator.editors import rolltable
from generator.editors.legacyencodings import decode, detect, reading
from generator.editors.rolltable import Cell, TableError
from generator.vntext import nfc

_VIETNAMESE = frozenset(
    nfc(ch) for ch in "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)


def _vietnamese_score(text: str) -> int:
    """Higher for text that reads as Vietnamese: letters beyond Latin-1 ("ế", "ư", "đ") count
    most, since Windows-1252 can only produce Latin-1; letters Vietnamese never uses ("Ð",
    "Þ", "ä") count against."""
    score = 0
    for ch in text.lower():
        if ch in _VIETNAMESE:
            score += 3 if ord(ch) > 0xFF else 1
        elif ch.isalpha() and not ch.isascii():
            score -= 5
    return score


def decode_csv(raw: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16, else the likelier of
    Windows-1258 (Vietnamese) and Windows-1252, judged by how many Vietnamese letters result."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return nfc(raw.decode("utf-16")), "utf-16"  # Excel's "Unicode Text" export
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return nfc(raw[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return nfc(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    found: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate(("cp1258", "cp1252")):
        try:
            text = nfc(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
        found.append((_vietnamese_score(text), -rank, encoding))
    if not found:
        raise TableError("import.encoding")
    _, _, encoding = max(found)
    text = nfc(raw.decode(encoding))
    # A CSV saved from a sheet typed with a TCVN3 or VNI font: its bytes are the font's codes.
    # They are kept as the Latin-1 characters they are (as a workbook holds them) and the
    # columns converted by `convert_legacy_columns`, which reports each.
    latin = raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else raw.decode("latin-1")
    legacy = detect(latin.splitlines())
    if legacy is not None and reading(decode(latin, legacy)).good > reading(text).good:
        return latin, legacy
    return text, encoding


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def parse_csv(text: str) -> list[tuple[int, tuple[Cell, ...]]]:
    """Rows of a CSV text with their starting line numbers; the delimiter is guessed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = "\n".join(text.split("\n", 40)[:40])
    # The delimiter that splits some row into the most cells: title rows above the header
    # hold commas in their text, so csv.Sniffer's consistency test often guesses wrong.
    best = max(
        (",", ";", "\t"),
        key=lambda d: max((len(r) for r in csv.reader(io.StringIO(head), delimiter=d)), default=0),
    )
    reader = csv.reader(io.StringIO(text), delimiter=best)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    start = 1
    for cells in reader:
        if len(rows) >= rolltable.MAX_ROWS:
            raise TableError("import.too_many_rows", limit=rolltable.MAX_ROWS)
        if any(c.strip() for c in cells):
            rows.append((start, tuple(cells)))
        start = reader.line_num + 1
    return rows
