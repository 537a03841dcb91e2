"""A workbook's text cells reuse the XML of a text met before (xlsxout._tails): the same bytes
as a cell made afresh, whatever the quote style, and the memo stays within its bound."""

from __future__ import annotations

import pytest

from generator.opendata import xlsxout

TEXTS = ["Nguyễn Văn An", "=HYPERLINK(1)", " lề trái", "a\x01b", "Tân & Cư <x>", "-5", ""]


def fresh(quoted: str, start: str, value: str) -> str:
    """The cell made with the memo empty, after `start` (its reference, if any)."""
    xlsxout._tails.clear()
    return xlsxout._text_cell(quoted)(start, value)


def test_a_reused_cell_is_the_cell_made_afresh() -> None:
    expected = {(q, t): fresh(q, '<c r="B7"', t) for q in ("1", "2") for t in TEXTS}
    assert expected["1", "=HYPERLINK(1)"] != expected["2", "=HYPERLINK(1)"]  # the style is kept
    xlsxout._tails.clear()
    for quoted in ("1", "2", "1"):  # the second time round, every cell from the memo
        cell = xlsxout._text_cell(quoted)
        for text in TEXTS:
            assert cell('<c r="B7"', text) == expected[quoted, text]
            moved = expected[quoted, text].replace('r="B7"', 'r="C12"', 1)
            assert cell('<c r="C12"', text) == moved
            # A cell of an unnumbered sheet: no reference at all.
            assert cell("<c", text) == expected[quoted, text].replace(' r="B7"', "", 1)
    assert ("1", "Nguyễn Văn An") in xlsxout._tails


def test_the_memo_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxout, "_TAILS_MAX", 5)
    xlsxout._tails.clear()
    cell = xlsxout._text_cell("1")
    for n in range(40):
        made = cell('<c r="A2"', f"tên {n}")
        assert made == f'<c r="A2" t="inlineStr"><is><t>tên {n}</t></is></c>'
        assert len(xlsxout._tails) <= 5
