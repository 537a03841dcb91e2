"""Vietnamese text: NFC normalisation, folding for search keys, slugs and collation keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Normalise to NFC (text from Windows-1258 or old fonts arrives decomposed)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, strip every diacritic (đ→d) and collapse white space: a search key."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()
