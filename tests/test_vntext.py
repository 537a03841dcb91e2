"""Tests for generator.vntext: the Vietnamese text rules every later stage relies on."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.vntext import (
    collation_key,
    fold,
    name_sort_key,
    nfc,
    phrase_variants,
    search_key,
    slugify,
    split_full_name,
    unify_tones,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- strategies -------------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"
_BASE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
_PRECOMPOSED = {nfc(base + tone) for base in _BASE_LETTERS for tone in ("", *_TONE_MARKS)}
_VI_CHARS = sorted(c for c in _PRECOMPOSED | {c.upper() for c in _PRECOMPOSED} if len(c) == 1)
# Vietnamese letters in both cases, loose combining marks (decomposed input), digits and
# the separators editors type.
_SHAPE_MARKS = "\u0302\u0306\u031b"
vi_text = st.text(
    alphabet=st.sampled_from([*_VI_CHARS, *_TONE_MARKS, *_SHAPE_MARKS, *"09 -–/,.\t"])
)
_SYLLABLES = [
    "hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "hóa", "hoá", "quý", "gìn", "già", "của",
    "người", "Nguyễn", "Đặng", "ĐOÀN", "Doãn", "khuỷu", "hoài", "uỷ", "ủy", "Thụy", "nghĩa",
]  # fmt: skip
vi_words = st.lists(st.sampled_from(_SYLLABLES), max_size=6).map(" ".join)
any_text = st.one_of(st.text(), vi_text, vi_words, vi_words.map(nfd))

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --- nfc and fold -------------------------------------------------------------------------


def test_nfc_composes_decomposed_input() -> None:
    decomposed = "Nguye\u0302\u0303n"
    assert len(decomposed) == 8
    assert nfc(decomposed) == "Nguyễn"
    assert len(nfc(decomposed)) == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Thị Minh Khai", "nguyen thi minh khai"),
        ("ĐẶNG  VĂN\tĐƯỜNG ", "dang van duong"),
        (nfd("Phạm Bình Minh"), "pham binh minh"),
        ("nông thôn mới", "nong thon moi"),
        ("Hòa", "hoa"),
        ("Hoà", "hoa"),
        ("Quảng Trị", "quang tri"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


# --- unify_tones --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"),
        ("hóa", "hoá"),
        ("thỏa", "thoả"),
        ("tọa", "toạ"),
        ("khỏe", "khoẻ"),
        ("lòe", "loè"),
        ("thủy", "thuỷ"),
        ("Thụy", "Thuỵ"),
        ("tùy", "tuỳ"),
        ("ủy ban", "uỷ ban"),
        ("Khánh Hòa", "Khánh Hoà"),
        ("Thanh Hóa", "Thanh Hoá"),
        ("HÒA", "HOÀ"),
        ("THỦY", "THUỶ"),
        ("Hòa Bình, Thủy Nguyên", "Hoà Bình, Thuỷ Nguyên"),
    ],
)
def test_unify_tones_moves_old_placement_to_main_vowel(old: str, new: str) -> None:
    assert unify_tones(old) == new
    assert unify_tones(new) == new
    assert unify_tones(nfd(old)) == new


@pytest.mark.parametrize(
    "word",
    [
        # qu + vowel: the u belongs to the consonant, the tone stays on the vowel.
        "quý",
        "Quý",
        "quả",
        "quạ",
        "Quỳnh",
        "quyết",
        # gi + vowel: the i belongs to the consonant; "gìn" has i as its only vowel.
        "gìn",
        "già",
        "giữ",
        "giường",
        "giỏi",
        # Closed syllables and falling diphthongs are the same in both styles.
        "hoàng",
        "toán",
        "huých",
        "của",
        "mía",
        "mùa",
        "túi",
        "tài",
        "nghĩa",
        "người",
        "thuở",
        "khuỷu",
        "hoài",
        "xoáy",
        "ngoẻo",
        "Nguyễn",
        "Đặng",
        "thuế",
        "khuấy",
        "hoa",
        "Paris",
        "x",
        "",
    ],
)
def test_unify_tones_leaves_unambiguous_spellings(word: str) -> None:
    assert unify_tones(word) == word


def test_unify_tones_fixes_misplaced_tone_after_qu_and_gi() -> None:
    assert unify_tones("qúy") == "quý"
    assert unify_tones("gìa") == "già"


def test_unify_tones_keeps_other_diacritics_and_text() -> None:
    assert unify_tones("Trường THPT Thủy Sơn – 2024/25") == "Trường THPT Thuỷ Sơn – 2024/25"
    # A syllable with two tone marks is malformed: leave it as typed.
    assert unify_tones("hòá") == "hòá"
    # A loose combining mark after the word could compose with the letter left bare.
    assert unify_tones("AÀ\u0300") == "AÀ\u0300"


# --- search_key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khánh Hòa", "khánh hoà"),
        ("KHÁNH  HOÀ", "khánh hoà"),
        (nfd("Thủy  Nguyên\n"), "thuỷ nguyên"),
        ("Đặng Văn Đường", "đặng văn đường"),
        ("Anh hùng Lao động", "anh hùng lao động"),
    ],
)
def test_search_key(text: str, expected: str) -> None:
    assert search_key(text) == expected


def test_search_key_keeps_diacritics_apart() -> None:
    assert search_key("Đoàn") != search_key("Doãn")
    assert search_key("Hòa") == search_key("hoà")


# --- slugify --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Văn Đường", "dang-van-duong"),
        ("Đoàn", "doan"),
        ("Doãn", "doan"),
        (nfd("Nguyễn Thị Minh Khai"), "nguyen-thi-minh-khai"),
        ("NGUYỄN THỊ MINH KHAI", "nguyen-thi-minh-khai"),
        ("Hòa", "hoa"),
        ("Hoà", "hoa"),
        ("Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
         "ca-nuoc-chung-tay-vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau"),
        ("Số 123/QĐ-TTg, ngày 05/3/2024", "so-123-qd-ttg-ngay-05-3-2024"),
        ("  --Huyện Triệu Phong, tỉnh Quảng Trị--  ", "huyen-trieu-phong-tinh-quang-tri"),
        ("Ｎｏ．１２", "no-12"),
        ("Müller & Søren", "muller-soren"),
        ("", ""),
        ("   ", ""),
    ],
)  # fmt: skip
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slugify_never_empty_for_non_blank_input() -> None:
    assert slugify("–") == "u2013"
    assert slugify("北京") == "u5317-u4eac"


# --- collation --------------------------------------------------------------------------


def test_sort_realistic_given_names() -> None:
    expected = [
        "An", "Anh", "Ánh", "Ân", "Bình", "Châu", "Dũng", "Đức", "Hoà", "Hòa", "Ơn", "Ưng", "Yến",
    ]  # fmt: skip
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=collation_key) == expected
    assert sorted(reversed(expected), key=collation_key) == expected


def test_letter_order() -> None:
    letters = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    assert sorted(reversed(letters), key=collation_key) == letters


def test_tone_order_is_secondary() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=collation_key) == tones
    # Base letters of the whole string decide before any tone: "mạ" < "mai".
    assert sorted(["mai", "mạ", "má", "ma"], key=collation_key) == ["ma", "má", "mạ", "mai"]
    # Tones are compared word by word, from the first word.
    assert sorted(["Án Binh", "An Bình"], key=collation_key) == ["An Bình", "Án Binh"]


def test_old_and_new_tone_placement_tie_until_the_last_resort() -> None:
    old, new = collation_key("Hòa"), collation_key("Hoà")
    assert old[:2] == new[:2]
    assert old != new  # the original text keeps the order deterministic
    assert collation_key("Thủy")[:2] == collation_key("Thuỷ")[:2] != collation_key("Thuỵ")[:2]


def test_collation_is_case_insensitive_and_normalises() -> None:
    assert collation_key("ĐỨC")[:2] == collation_key("đức")[:2]
    assert collation_key(nfd("Đức")) == collation_key("Đức")
    assert sorted(["anh", "Ân", "ÁNH", "An"], key=collation_key) == ["An", "anh", "ÁNH", "Ân"]


def test_digits_and_words() -> None:
    assert sorted(["b", "2", "a", "10"], key=collation_key) == ["10", "2", "a", "b"]
    # A shorter word sorts first; punctuation only separates words.
    assert sorted(["Anh", "An Bình", "An"], key=collation_key) == ["An", "An Bình", "Anh"]
    assert collation_key("Lê-Văn")[:2] == collation_key("Lê Văn")[:2]


def test_foreign_letters_take_latin_places() -> None:
    words = ["Eva", "Êban", "Frank", "Giang", "Inh", "John", "Kim", "Vân", "Walter", "Xuân", "Zoe"]
    assert sorted(reversed(words), key=collation_key) == words


def test_name_sort_key_orders_last_syllable_then_middle_then_family() -> None:
    """Class, exam and commendation lists sort by the last syllable of the given name."""
    people = [
        ("Trần", "Văn", "Bình"),
        ("Nguyễn", "Thị", "An"),
        ("Lê", None, "An"),
        ("Phạm", "Bình", "Minh"),
        ("Đỗ", "Thị", "An"),
        ("Võ", "Văn", "Ánh"),
        ("Nguyễn", "Văn", "Bình Minh"),
    ]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert ordered == [
        ("Lê", None, "An"),
        ("Đỗ", "Thị", "An"),
        ("Nguyễn", "Thị", "An"),
        ("Võ", "Văn", "Ánh"),
        ("Trần", "Văn", "Bình"),
        ("Phạm", "Bình", "Minh"),
        ("Nguyễn", "Văn", "Bình Minh"),  # under M: "Văn Bình" comes after "Bình"
    ]
    anh = [("Trần", "Thị", "Ngọc Anh"), ("Lê", "Thị", "Ngân"), ("Vũ", "Thị", "Anh")]
    assert [p[2] for p in sorted(anh, key=lambda p: name_sort_key(*p))] == [
        "Anh",
        "Ngọc Anh",  # under A, not between Ngân and Nhuần
        "Ngân",
    ]


# --- names and variants -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Nguyễn Thị Minh Khai", ("Nguyễn", "Thị Minh", "Khai")),
        ("Phạm Bình Minh", ("Phạm", "Bình", "Minh")),
        ("Đặng Văn Đường", ("Đặng", "Văn", "Đường")),
        ("Lê Duẩn", ("Lê", "", "Duẩn")),
        ("  Võ   Nguyên  Giáp ", ("Võ", "Nguyên", "Giáp")),
        (nfd("Trần Hưng Đạo"), ("Trần", "Hưng", "Đạo")),
        ("Tôn Thất Thuyết", ("Tôn Thất", "", "Thuyết")),
        ("Tôn Nữ Thị Ninh", ("Tôn Nữ", "Thị", "Ninh")),
        ("Nguyễn Phúc Vĩnh Lộc", ("Nguyễn Phúc", "Vĩnh", "Lộc")),
        ("Âu Dương Lân", ("Âu Dương", "", "Lân")),
        ("Hoàng Phủ Ngọc Tường", ("Hoàng Phủ", "Ngọc", "Tường")),
        ("TƯ MÃ Ý", ("TƯ MÃ", "", "Ý")),
        ("Thượng Quan Minh", ("Thượng Quan", "", "Minh")),
        ("Công Tôn Trí", ("Công Tôn", "", "Trí")),
        # Too short for a compound family: a plain family + given.
        ("Tôn Thất", ("Tôn", "", "Thất")),
        ("Khai", ("", "", "Khai")),
        ("", ("", "", "")),
    ],
)
def test_split_full_name(full: str, expected: tuple[str, str, str]) -> None:
    assert split_full_name(full) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khánh Hòa", ["Khánh Hòa", "Khánh Hoà", "khanh hoa"]),
        ("Khánh Hoà", ["Khánh Hoà", "khanh hoa"]),
        (nfd("nông thôn mới"), ["nông thôn mới", "nong thon moi"]),
        ("an", ["an"]),
    ],
)
def test_phrase_variants(text: str, expected: list[str]) -> None:
    assert phrase_variants(text) == expected


# --- properties ---------------------------------------------------------------------------


@given(any_text)
def test_nfc_idempotent(text: str) -> None:
    assert nfc(nfc(text)) == nfc(text)


@given(any_text)
def test_fold_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(any_text)
def test_unify_tones_idempotent_and_nfc(text: str) -> None:
    once = unify_tones(text)
    assert unify_tones(once) == once
    assert nfc(once) == once


@given(st.one_of(vi_text, vi_words))
def test_unify_tones_only_moves_tones(text: str) -> None:
    before, after = nfc(text), unify_tones(text)
    assert fold(after) == fold(before)
    assert [c.isupper() for c in after] == [c.isupper() for c in before]


@given(any_text)
def test_fold_ignores_tone_placement(text: str) -> None:
    assert fold(unify_tones(text)) == fold(text)


@given(any_text)
def test_search_key_idempotent(text: str) -> None:
    assert search_key(search_key(text)) == search_key(text)


@given(any_text)
def test_slugify_shape_and_idempotence(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug) or (slug == "" and text.strip() == "")
    assert slugify(slug) == slug


@given(any_text)
def test_collation_ignores_tone_placement_and_case(text: str) -> None:
    key = collation_key(text)
    assert collation_key(unify_tones(text))[:2] == key[:2]
    assert collation_key(nfd(text)) == key


@given(st.one_of(vi_text, vi_words))
def test_collation_primary_is_case_insensitive(text: str) -> None:
    assert collation_key(text.upper())[0] == collation_key(text.lower())[0]


@given(any_text)
def test_phrase_variants_distinct_and_start_with_original(text: str) -> None:
    variants = phrase_variants(text)
    assert variants[0] == nfc(text)
    assert len(set(variants)) == len(variants)
    assert fold(text) in variants
