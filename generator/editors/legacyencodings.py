"""Text typed with the legacy Vietnamese fonts offices still use: TCVN3 (ABC) and VNI.

Before Unicode, Vietnamese was typed with 8-bit fonts: TCVN3 ("ABC", the .VnTime fonts) puts
each precomposed lower-case letter at one code between 0xA1 and 0xFE; VNI (the VNI-Times fonts)
writes a base letter followed by a mark byte ("Nguyeãn" for "Nguyễn"). A workbook typed with
those fonts holds, once opened without them, Latin-1 look-alikes ("NguyÔn" for "Nguyễn" in
TCVN3). This module holds both tables as data, converts such text to Unicode, and tells which
encoding a run of cells was typed in by counting the words that read as Vietnamese syllables
before and after conversion. Tables written from TCVN 5712:1993 (its VN3 subset) and the VNI
Windows font layout; checked against the Unikey converter's tables.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from generator.vntext import is_vietnamese_word, nfc

LegacyEncoding = Literal["tcvn3", "vni"]
LEGACY_ENCODINGS: Final[tuple[LegacyEncoding, ...]] = ("tcvn3", "vni")
LEGACY_NAMES: Final[dict[str, str]] = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# TCVN3 (VN3): code -> letter. Upper-case toned letters have no code: .VnTimeH fonts draw the
# lower-case codes as capitals, so "NGUYÔN" is "NGUYỄN" (the case is restored per word).
_TCVN3_CODES: Final[dict[int, str]] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI Windows: a vowel's shape and tone are mark bytes after the base letter (lower-case mark
# codes shown; the upper-case letter's mark is the upper-case code). Letters of their own:
# đ ơ ư and the i, y with tones below.
_VNI_MARKS: Final[dict[str, str]] = {
    "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï",  # tones
    "\u0302": "â", "\u0306": "ê",  # circumflex, breve
    "\u0302\u0301": "á", "\u0302\u0300": "à", "\u0302\u0309": "å", "\u0302\u0303": "ã",
    "\u0302\u0323": "ä",
    "\u0306\u0301": "é", "\u0306\u0300": "è", "\u0306\u0309": "ú", "\u0306\u0303": "ü",
    "\u0306\u0323": "ë",
}  # fmt: skip
_VNI_LETTERS: Final[dict[str, str]] = {
    "đ": "ñ", "ơ": "ô", "ư": "ö", "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
}  # fmt: skip


def _tcvn3_table() -> dict[str, str]:
    """Unicode letter -> TCVN3 text (as Latin-1 characters), capitals included."""
    table = {letter: chr(code) for code, letter in _TCVN3_CODES.items()}
    for code, letter in _TCVN3_CODES.items():
        upper = letter.upper()
        if upper not in table:  # a capital toned letter: its lower-case code, drawn as capital
            table[upper] = chr(code)
    return table


_LETTERS: Final = frozenset(_TCVN3_CODES.values())  # every Vietnamese letter beyond ASCII


def _vni_table() -> dict[str, str]:
    """Unicode letter -> VNI text (as Windows-1252 characters), capitals included."""
    import unicodedata

    table: dict[str, str] = {}
    for letter, code in _VNI_LETTERS.items():
        table[letter] = code
        table[letter.upper()] = code.upper()
    for base in "aeiouy":
        for marks, code in _VNI_MARKS.items():
            letter = unicodedata.normalize("NFC", base + marks)
            if letter not in _LETTERS or letter in table:
                continue  # not Vietnamese ("î", "ŏ"), or a letter of its own (ì, í)
            table[letter] = base + code
            table[letter.upper()] = base.upper() + code.upper()
    # ơ and ư with a tone: the own letter followed by the tone mark ("ôù" for "ớ").
    for own, code in (("ơ", "ô"), ("ư", "ö")):
        for tone in ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323"):
            letter = unicodedata.normalize("NFC", own + tone)
            table[letter] = code + _VNI_MARKS[tone]
            table[letter.upper()] = code.upper() + _VNI_MARKS[tone].upper()
    return table


ENCODE_TABLES: Final[dict[LegacyEncoding, dict[str, str]]] = {
    "tcvn3": _tcvn3_table(),
    "vni": _vni_table(),
}


def _decoder(table: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    inverse: dict[str, str] = {}
    for letter, code in sorted(table.items()):
        # TCVN3 gives capitals and small letters one code: decode to the small letter.
        if code not in inverse or letter.islower():
            inverse[code] = letter
    codes = sorted((c for c, letter in inverse.items() if c != letter), key=lambda c: -len(c))
    return re.compile("|".join(re.escape(c) for c in codes)), inverse


_DECODERS: Final = {name: _decoder(table) for name, table in ENCODE_TABLES.items()}
# Words as legacy text holds them: TCVN3 codes include symbols ("V¨n", "T¸m"), so a word is a
# run of Latin letters and any character of the Latin-1 upper half and the Vietnamese letters.
_LEGACY_WORDS = re.compile("[A-Za-z\u00a1-\u00fe\u0100-\u01b0\u1ea0-\u1ef9]+")


def encode(text: str, encoding: LegacyEncoding) -> str:
    """Unicode text as typed with the legacy font (for tests and examples)."""
    table = ENCODE_TABLES[encoding]
    return "".join(table.get(ch, ch) for ch in nfc(text))


def decode(text: str, encoding: LegacyEncoding) -> str:
    """Legacy-font text (as Latin-1/Windows-1252 characters) to Unicode NFC."""
    pattern, inverse = _DECODERS[encoding]
    converted = pattern.sub(lambda m: inverse[m.group()], text)
    if encoding == "tcvn3" and _all_capitals(text):
        # .VnTimeH capitals: the toned letters have only lower-case codes.
        converted = converted.upper()
    return nfc(converted)


def _all_capitals(text: str) -> bool:
    # A cell whose plain letters are all capitals ("NGUYÔN V¡N AN"); one letter ("Lª") is
    # too little to tell "LÊ" from "Lê".
    plain = [ch for ch in text if ch.isascii() and ch.isalpha()]
    # Title case ("Lª Hµ": L, H) has only word-initial plain capitals: a capital inside a
    # word is what tells a capitals font.
    inner = [ch for word in text.split() for ch in word[1:] if ch.isascii() and ch.isalpha()]
    return len(plain) >= 2 and all(ch.isupper() for ch in plain) and bool(inner)


@dataclass(frozen=True)
class Reading:
    """How many words with non-ASCII letters read as Vietnamese, and how many do not."""

    good: int
    bad: int


# A roll repeats its words (names, communes, award texts) thousands of times.
_is_word = functools.lru_cache(maxsize=65_536)(is_vietnamese_word)
# Enough cells to tell an encoding; a whole 10,000-row column adds nothing but time.
DETECT_SAMPLE = 2_000


def reading(text: str) -> Reading:
    """Count the words with letters beyond ASCII that are, or are not, Vietnamese syllables."""
    good = bad = 0
    for word in _LEGACY_WORDS.findall(text):
        if word.isascii():
            continue
        if _is_word(word):
            good += 1
        else:
            bad += 1
    return Reading(good, bad)


def improves(before: Reading, after: Reading) -> bool:
    """The conversion clearly reads better: fewer than half the odd words remain, more
    Vietnamese words result."""
    return before.bad > 0 and after.bad * 2 < before.bad and after.good > before.good


def _candidate(text: str) -> bool:
    # Both legacy layouts use only Latin-1 characters: a letter beyond them ("ư", "ễ") means
    # the text is Unicode already (a cell pasted from elsewhere into a TCVN3 column).
    return any("\u00a1" <= ch <= "\u00fe" for ch in text) and not any(
        ord(ch) > 0xFF and ch.isalpha() for ch in text
    )


def detect(texts: Iterable[str]) -> LegacyEncoding | None:
    """The legacy encoding these texts (one column's cells) were typed in, if one clearly
    reads better than the texts as they are."""
    sample = list(itertools.islice((t for t in texts if _candidate(t)), DETECT_SAMPLE))
    if not sample:
        return None
    joined = "\n".join(sample)
    before = reading(joined)
    best: tuple[int, int, int, LegacyEncoding] | None = None
    for encoding in LEGACY_ENCODINGS:
        converted = decode(joined, encoding)
        after = reading(converted)
        # Ties (a short text both read as Vietnamese): VNI joins a letter and its mark, so
        # the shorter result is the likelier one.
        rank = (after.good, -after.bad, -len(converted))
        if improves(before, after) and (best is None or rank > best[:3]):
            best = (*rank, encoding)
    return best[3] if best else None


@functools.lru_cache(maxsize=65_536)
def convert_cell(text: str, encoding: LegacyEncoding) -> str | None:
    """The cell of a column typed in `encoding`, converted; None to leave it as it is (a
    Unicode cell pasted in, or one the conversion reads worse)."""
    if not _candidate(text):
        return None
    converted = decode(text, encoding)
    before, after = reading(text), reading(converted)
    if converted == text or after.bad > before.bad or after.good < before.good:
        return None
    # A cell that reads as well either way ("Ghi chó" is TCVN3 for "Ghi chú", but a word too)
    # is converted: in a column typed with the legacy font, a Unicode cell pasted in nearly
    # always has a letter beyond Latin-1 (ă, đ, ơ, ư, ạ …), which `_candidate` keeps out.
    # Not always: a pasted "Lê Hà" (Latin-1 letters only) is converted wrongly; the import's
    # warning names the columns converted, for the editor to look at.
    return converted
