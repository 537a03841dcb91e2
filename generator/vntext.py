"""Vietnamese text: NFC normalisation, folding for search keys, slugs and collation keys.

This module is the one place Vietnamese text rules live. Display text always keeps the
editor's spelling; the keys built here (search, duplicates, slugs, sorting) are never shown.

Tone placement: keys use the "new" placement (kiểu mới), the tone sits on the main vowel:
"hoà", "khoẻ", "thuỷ". Both "hòa" and "hoà" map to "hoà". Only open syllables with the
glide o/u (oa, oe, uy) actually differ between the two styles; every other syllable has
the same placement in both, and gets it here too.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from generator.incremental.memos import register as register_memo

_SPACES = re.compile(r"\s+")

# Combining tone marks -> weight in the common dictionary order:
# none (0) < huyền < hỏi < ngã < sắc < nặng (a < à < ả < ã < á < ạ).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Breve, circumflex and horn make distinct letters (ă â ê ô ơ ư), so they are primary.
_SHAPES = "\u0306\u0302\u031b"

_VOWELS = "aăâeêioôơuưy"
_SHAPED_VOWELS = "ăâêôơư"
# initial consonant? + vowels + final consonant? "gi" and "qu" are initials only before
# another vowel ("già", "quý"), so in "gìn" the i is the vowel and "quý" keeps the tone on y.
_SYLLABLE = re.compile(
    rf"(ngh|ng|nh|ch|gh|gi(?=[{_VOWELS}])|kh|ph|qu(?=[{_VOWELS}])|th|tr|[bcdđghklmnpqrstvx])?"
    rf"([{_VOWELS}]+)(c|ch|m|n|ng|nh|p|t)?"
)
_LETTERS = re.compile(r"[^\W\d_]+")

# Vietnamese alphabet with f, j, w, z in their Latin places (foreign words).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_FIRST_LETTER_WEIGHT = 100  # a letter's weight is this plus its place in _ALPHABET
_LETTER_WEIGHT = {ch: _FIRST_LETTER_WEIGHT + i for i, ch in enumerate(_ALPHABET)}
_OTHER_WEIGHT = 1000  # letters of other scripts sort after Latin, by code point
# One base character with the combining marks (of the common block) that follow it.
_CLUSTER = re.compile(r"(.)([\u0300-\u036f]*)", re.DOTALL)

# Letters that NFD does not decompose, spelled out for slugs of foreign names.
_SLUG_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "ð": "d", "þ": "th", "ı": "i"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

CollationKey = tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...], str]


# Letters that look like Đ/đ but are other letters (Icelandic eth, African D): typed from the
# wrong keyboard layout or pasted from old fonts, they make a name look right and sort, fold
# and match wrongly. Each is replaced by the Vietnamese letter when a source is loaded.
LOOKALIKES: dict[str, str] = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ"}
_LOOKALIKE = re.compile("[" + "".join(LOOKALIKES) + "]")


def replace_lookalikes(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Text with look-alike letters made Đ/đ, and (index, original letter) of each replaced."""
    found = [(m.start(), m.group()) for m in _LOOKALIKE.finditer(text)]
    if not found:
        return text, found
    return _LOOKALIKE.sub(lambda m: LOOKALIKES[m.group()], text), found


# The Unicode policy for every text an editor writes (docs/security.md): direction overrides,
# embeddings and isolates make a name read differently from what it is ("Trojan Source"), so
# they are refused. C0/C1 controls (Word's vertical tab, pasted junk) and the other invisible
# format characters (zero-width space, word joiner, BOM, soft hyphen, direction marks, tag
# characters) are removed with a warning, except a zero-width joiner between two emoji
# (👨‍👩‍👧), which is kept. Tab and newline are text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZWJ = "\u200d"
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f"
                      r"\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
                      r"\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                      r"\U0001d173-\U0001d17a\U000e0001-\U000e007f]")  # fmt: skip
# Emoji a joiner may join (pictographs, dingbats, skin tones), with the emoji variation selector.
_EMOJI = re.compile(r"[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")


def _is_emoji_side(text: str, index: int, step: int) -> bool:
    """Whether the character before (step -1) or after (+1) `index` is an emoji."""
    index += step
    while 0 <= index < len(text) and text[index] == "\ufe0f":
        index += step
    return 0 <= index < len(text) and _EMOJI.match(text[index]) is not None


def find_format_characters(text: str) -> list[tuple[int, str, bool]]:
    """(index, character, refused) of every control or invisible format character to act on:
    refused ones are errors, the others are removed (see `BIDI_CONTROLS`)."""
    found = []
    for m in _SUSPECT.finditer(text):
        ch, i = m.group(), m.start()
        if ch in "\t\n":
            continue
        if ch == ZWJ and _is_emoji_side(text, i, -1) and _is_emoji_side(text, i, 1):
            continue
        found.append((i, ch, ch in BIDI_CONTROLS))
    return found


def confusable_key(text: str) -> str:
    """What a reader sees: compatibility forms folded (full-width, ligatures, mathematical
    letters), case ignored, invisible characters and spacing removed."""
    # Every profile's name, on every check (look-alike names across the roll): memoised and
    # kept between builds like the collation keys below (3 µs a name, issue #21).
    found = _CONFUSABLE_KEYS.get(text)
    if found is None:
        shown = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))
        found = _SPACES.sub(" ", unicodedata.normalize("NFKC", shown).casefold()).strip()
        _CONFUSABLE_KEYS[text] = found
    return found


def _kept_between_builds(name: str, memo: dict[str, str]) -> dict[str, str]:
    """Register the text -> text `memo` with generator.incremental.memos as `name`."""

    def remember(saved: object) -> None:
        # What an earlier run of this same code computed (the caller checks the code).
        if isinstance(saved, dict):
            memo.update(saved)

    register_memo(name, lambda: dict(memo), remember, memo.__len__)
    return memo


_CONFUSABLE_KEYS = _kept_between_builds("confusable keys", {})


def folded_name(name: str) -> str:
    """`fold` of a name, memoised and kept between builds: the check groups every person by
    folded name and commune on every build (probable duplicates; issue #21)."""
    found = _FOLDED_NAMES.get(name)
    if found is None:
        found = _FOLDED_NAMES[name] = fold(name)
    return found


_FOLDED_NAMES = _kept_between_builds("folded names", {})


def nfc(text: str) -> str:
    """Normalise to NFC (text from Windows-1258 or old fonts arrives decomposed)."""
    return unicodedata.normalize("NFC", text)


def strip_tones(text: str) -> str:
    """Tone marks dropped, letter shapes kept: "Ủy" → "Uy", "Ưu" stays (abbreviations: "NGƯT")."""
    return nfc("".join(c for c in unicodedata.normalize("NFD", text) if c not in _TONES))


def _split_tone(ch: str) -> tuple[str, str]:
    """Split one character into (character without tone marks, its tone marks)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tones = "".join(c for c in decomposed if c in _TONES)
    return nfc("".join(c for c in decomposed if c not in _TONES)), tones


def _tone_position(syllable: str) -> int | None:
    """Index where the new-style tone goes in a toneless lower-case syllable, else None."""
    match = _SYLLABLE.fullmatch(syllable)
    if match is None:
        return None  # not a Vietnamese syllable: leave it alone
    offset, vowels, final = match.start(2), match[2], match[3]
    shaped = [i for i, v in enumerate(vowels) if v in _SHAPED_VOWELS]
    if shaped:  # ươ → ơ, iê → ê, uô → ô, ưa → ư …
        return offset + shaped[-1]
    if final or len(vowels) == 1:  # hoàng, toán, quỳnh, huých
        return offset + len(vowels) - 1
    if len(vowels) == 2:  # the glide families take the tone on the main vowel: hoà, khoẻ, thuỷ
        return offset + (1 if vowels in ("oa", "oe", "uy") else 0)  # others: mía, của, tài
    if len(vowels) == 3:  # hoài, khuỷu, ngoẻo
        return offset + 1
    return None


# The vowel groups Vietnamese syllables have (after "qu" and "gi" initials): legacy-font text
# read as Unicode makes others ("Nguyeãn" has "uyea").
_NUCLEI = frozenset((
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
))  # fmt: skip


def is_vietnamese_word(word: str) -> bool:
    """True for one Vietnamese syllable in any case ("Nguyễn", "VĂN"), at most one tone mark;
    used to tell legacy-font text ("NguyÔn") from Unicode."""
    parts = [_split_tone(ch) for ch in nfc(word).lower()]
    toneless = "".join(base for base, _ in parts)
    if sum(len(tone) for _, tone in parts) > 1 or len(toneless) != len(parts):
        return False
    match = _SYLLABLE.fullmatch(toneless)
    return match is not None and match[2] in _NUCLEI


# Memoised: names, issuers and units reuse a few thousand syllables, and the statistics key
# every issuer's and unit's name of the roll (overawarding.text_key) on every build that
# counts them again; without it a key cost ~100 µs, most of it here.
@functools.lru_cache(maxsize=65_536)
def _unify_word(word: str) -> str:
    """Move the single tone mark of one syllable to its new-style place."""
    parts = [_split_tone(ch) for ch in word]
    bases = [base for base, _ in parts]
    tones = "".join(tone for _, tone in parts)
    toneless = "".join(bases)
    if len(tones) != 1 or len(toneless) != len(word) or len(toneless.lower()) != len(word):
        return word  # no tone, several tones or odd characters: nothing safe to do
    position = _tone_position(toneless.lower())
    if position is None:
        return word
    bases[position] = nfc(bases[position] + tones)
    return "".join(bases)


def unify_tones(text: str) -> str:
    """Put tone marks in the new-style place ("hòa" → "hoà") for keys; keeps case, NFC."""
    text = nfc(text)

    def replace(match: re.Match[str]) -> str:
        # A stray combining mark after the word could compose with a letter we change.
        after = text[match.end() : match.end() + 1]
        if after and unicodedata.category(after).startswith("M"):
            return match.group()
        return _unify_word(match.group())

    return nfc(_LETTERS.sub(replace, text))


def search_key(text: str) -> str:
    """Lower-case, tone-unified, space-collapsed NFC key that keeps diacritics."""
    return _SPACES.sub(" ", unify_tones(nfc(text).lower())).strip()


def fold(text: str) -> str:
    """Lower-case, strip every diacritic (đ→d) and collapse white space: a search key."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def slugify(text: str) -> str:
    """ASCII slug ("Đặng Văn Đường" → "dang-van-duong"); "" only for blank input."""
    # NFKC first so full-width digits and ligatures become plain ASCII.
    folded = fold(unicodedata.normalize("NFKC", text)).translate(_SLUG_LETTERS)
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if slug or not text.strip():
        return slug
    # Nothing Latin survived ("–", "北京"): spell the code points so the slug is never empty.
    return "-".join(f"u{ord(ch):04x}" for ch in nfc(text) if not ch.isspace())


def _primary_weight(base: str, shapes: str) -> int:
    """Primary weight of one lower-case base character with its shape marks."""
    digit = unicodedata.decimal(base, None)
    if digit is not None:
        return 10 + digit  # digits before letters
    weight = _LETTER_WEIGHT.get(nfc(base + shapes)) or _LETTER_WEIGHT.get(base)
    return weight if weight is not None else _OTHER_WEIGHT + ord(base)


# Names repeat (a few hundred given names sort ten thousand people): memoised, without bound
# (a site of 10,000 profiles sorts about 35,000 distinct texts). The build keeps the memo
# between runs (registered with generator.incremental.memos): computing the keys of
# every commune name again took 1.5 s of each rebuild at 10,000 profiles.
_COLLATION_KEYS: dict[str, CollationKey] = {}


def collation_key(text: str) -> CollationKey:
    """Vietnamese sort key: base letters of all words, then tones per word, then the text."""
    found = _COLLATION_KEYS.get(text)
    if found is None:
        found = _COLLATION_KEYS[text] = _collation_key(text)
    return found


def initial_letter(key: CollationKey) -> str:
    """The letter of the alphabet a collation key files under ("ă" for "Ăn", "đ" for
    "Đức", "f" for "Fatima"); "" when the text starts with a digit or another script."""
    primary = key[0]
    if not primary or not primary[0]:
        return ""
    index = primary[0][0] - _FIRST_LETTER_WEIGHT
    return _ALPHABET[index] if 0 <= index < len(_ALPHABET) else ""


def remembered_collation_keys() -> dict[str, CollationKey]:
    """Every key computed so far in this process, by text (plain data, for marshal)."""
    return dict(_COLLATION_KEYS)


def remember_collation_keys(keys: object) -> None:
    """Take keys computed by an earlier run of this same code (the caller checks the code)."""
    if isinstance(keys, dict):
        _COLLATION_KEYS.update(keys)


register_memo(
    "collation keys", remembered_collation_keys, remember_collation_keys, _COLLATION_KEYS.__len__
)


def _collation_key(text: str) -> CollationKey:
    primary: list[tuple[int, ...]] = []
    secondary: list[tuple[int, ...]] = []
    letters: list[int] = []
    tones: list[int] = []
    # A trailing space closes the last word.
    for base, marks in _CLUSTER.findall(unicodedata.normalize("NFD", nfc(text).lower() + " ")):
        if base.isalnum():
            letters.append(_primary_weight(base, "".join(m for m in marks if m in _SHAPES)))
            tones.extend(_TONES[m] for m in marks if m in _TONES)
        elif letters:  # any other character separates words
            primary.append(tuple(letters))
            secondary.append(tuple(tones))
            letters, tones = [], []
    # Per-word tone lists, so "hòa" and "hoà" tie; the NFC text breaks remaining ties.
    return tuple(primary), tuple(secondary), nfc(text)


def name_sort_key(
    family: str, middle: str | None, given: str
) -> tuple[CollationKey, CollationKey, CollationKey]:
    """Sort key for a person: the given name's last syllable, then the syllables before it
    (middle name and the rest of a two-syllable given name), then the family name.

    Vietnamese lists sort by the "tên", the last syllable: "Trần Thị Ngọc Anh" comes under A
    (given "Ngọc Anh" keeps both syllables for addressing: "cô Ngọc Anh").
    """
    *before, last = given.split() or [""]
    rest = " ".join(part for part in (middle, *before) if part)
    return collation_key(last), collation_key(rest), collation_key(family)


# Two-syllable family names; "Nguyễn Phúc" may also be Nguyễn + middle Phúc (editors override).
_COMPOUND_FAMILIES = frozenset(
    search_key(name)
    for name in (
        "Tôn Thất",
        "Tôn Nữ",
        "Nguyễn Phúc",
        "Âu Dương",
        "Công Tôn",
        "Hoàng Phủ",
        "Tư Mã",
        "Thượng Quan",
    )
)


def split_full_name(full: str) -> tuple[str, str, str]:
    """Best-effort (family, middle, given) split; a single word is the given name."""
    words = nfc(full).split()
    if len(words) <= 1:
        return "", "", "".join(words)
    compound = len(words) > 2 and search_key(" ".join(words[:2])) in _COMPOUND_FAMILIES
    size = 2 if compound else 1
    return " ".join(words[:size]), " ".join(words[size:-1]), words[-1]


def phrase_variants(text: str) -> list[str]:
    """Distinct spellings for a search index: NFC original, tone-unified, folded."""
    original = nfc(text)
    return list(dict.fromkeys((original, unify_tones(original), fold(original))))


# How a country cell or field writes Viet Nam itself, folded ("Việt Nam", "VIET NAM", "V.N.").
_VIET_NAM = frozenset({"viet nam", "vietnam", "vn", "v n", "cong hoa xa hoi chu nghia viet nam"})


def is_viet_nam(text: str) -> bool:
    """True when `text` names Viet Nam itself, in any case, with or without diacritics."""
    return " ".join(fold(text).replace(".", " ").split()) in _VIET_NAM


def vi_date(value: dt.date | None) -> str:
    """A date as Vietnamese readers write it: 10/05/2019."""
    return value.strftime("%d/%m/%Y") if value is not None else ""
