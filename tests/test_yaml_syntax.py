"""YAML syntax errors as an editor reads them: Vietnamese first, the line, and a hint for the
usual mistakes (a tab, `key:value`, an unquoted ':' in a text, a quote left open)."""

from __future__ import annotations

import pytest

from generator.errors import SourceError
from generator.source.load import load_front_matter_document, load_yaml_document

PATH = "profiles/a.yml"


def syntax_error(text: str, lang: str, front_matter: bool = False) -> str:
    """The one problem the file has, formatted in `lang`."""
    loader = load_front_matter_document if front_matter else load_yaml_document
    with pytest.raises(SourceError) as caught:
        loader(text.encode(), PATH)
    (problem,) = caught.value.problems
    assert problem.code.startswith("yaml.syntax")
    return problem.format("vi" if lang == "vi" else "en")


# (source, line:col, Vietnamese words, English words): the line is where the mistake is, which
# PyYAML often reports one line further down.
CASES = {
    "tab in a list": (
        "name: An\nawards:\n\t- award: x\n",
        "3:1",
        ["có ký tự Tab ở phần thụt lề", "«⇥- award: x»", "không dùng phím Tab"],
        ["a tab character in the indentation", "never with the Tab key"],
    ),
    "tab in a mapping": (
        "name: An\nlocality:\n  province: Quảng Trị\n\tcommune: Triệu Thành\n",
        "4:1",
        ["có ký tự Tab ở phần thụt lề", "«⇥commune: Triệu Thành»", "dấu cách"],
        ["a tab character in the indentation", "indent with spaces"],
    ),
    "no space after a top-level colon": (
        "name: An\nkind:individual\nyear: 2019\n",
        "2:5",
        ["«kind:individual»", "thêm một dấu cách sau dấu ':'"],
        ["put a space after the ':'"],
    ),
    "no space after a nested colon": (
        "name: An\nlocality:\n  province:Quảng Trị\n  commune: Triệu Thành\n",
        "3:11",
        ["«province:Quảng Trị»", "thêm một dấu cách sau dấu ':'"],
        ["write 'key: value', not 'key:value'"],
    ),
    "unquoted colon in a text": (
        "name: An\nsummary: Thành tích: xuất sắc\n",
        "2:10",
        ["có dấu ':' ở chỗ không được có", "phải đặt trong dấu nháy"],
        ["a ':' where none is allowed", "must be quoted"],
    ),
    "quote left open": (
        "name: 'Lê Văn Tám\nkind: individual\n",
        "1:7",
        ["dấu nháy mở ở dòng này không được đóng", "đóng dấu nháy"],
        ["the quote opened on this line is never closed", "close the quote"],
    ),
    "misaligned key": (
        "name: An\nawards:\n  - award: x\n    year: 2019\n   decision_number: 12\n",
        "5:1",
        ["không thẳng cột", "kiểm tra thụt lề"],
        ["not aligned", "check the indentation"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_vietnamese_message_with_line_and_hint(name: str) -> None:
    text, where, vietnamese, _english = CASES[name]
    message = syntax_error(text, "vi")
    assert message.startswith(f"{PATH}:{where}: lỗi cú pháp YAML: "), message
    for words in vietnamese:
        assert words in message, message
    # Nothing of PyYAML's English is left in the Vietnamese message.
    for english in ("found", "expected", "mapping values", "while scanning"):
        assert english not in message, message


@pytest.mark.parametrize("name", CASES)
def test_english_message_with_line_and_hint(name: str) -> None:
    text, where, _vietnamese, english = CASES[name]
    message = syntax_error(text, "en")
    assert message.startswith(f"{PATH}:{where}: YAML syntax error: "), message
    assert "hint: " in message
    for words in english:
        assert words in message, message


def test_front_matter_lines_count_from_the_top_of_the_file() -> None:
    text = "---\ntitle: Phong trào\nslug:abc\nlevel: national\n---\nNội dung.\n"
    message = syntax_error(text, "vi", front_matter=True)
    assert message.startswith(f"{PATH}:3:5: lỗi cú pháp YAML: "), message
    assert "«slug:abc»" in message


def test_a_line_starting_with_at_sign_is_quoted_not_taken_for_a_message_code() -> None:
    message = syntax_error("name: An\n@x: 1\n", "vi")
    assert message.startswith(f"{PATH}:2:1: "), message
    assert "«@x: 1»" in message
