"""Contributor Markdown refused before conversion when python-markdown would take too long.

python-markdown is quadratic on some shapes: each unclosed "[" (also "![", "[^", "[a][",
"[a](") makes a pattern scan to the end of its paragraph, each unclosed backtick run looks for
its closing run, and the raw-HTML pass (Python's html.parser) rescans the rest of the text at
every "<" that does not close ("<a ", "<http://", "<![CDATA["). 8,000 "[" take ~10 s, a 200 KB
campaign body hours. `markdown_work` estimates, in one linear pass, the characters those
scans read: a bracket is charged the distance to its matching bracket (or to the end of its
paragraph), a backtick run the rest of its paragraph, each "<" an eighth of the text. Above
`WORK_BUDGET` (measured worst case: about a quarter of a second) the text is refused: by
`vinhdanh check` at file:line:col, and by the build, which calls the same function before every
conversion, so both refuse exactly the same texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters the quadratic scans read. Measured (docs/security.md): the slowest shape,
# unclosed "[", converts at ~2.5 M units a second, so a text at the budget takes ~0.25 s;
# an honest paragraph with a dozen links costs a few hundred units.
WORK_BUDGET = 600_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class MarkdownWork:
    """The estimated work of converting a text, and the offset of its costliest opener."""

    work: int
    offset: int

    @property
    def too_much(self) -> bool:
        """True when the build refuses to convert the text."""
        return self.work > WORK_BUDGET


def _brackets(block: str, base: int, charge: list[int]) -> int:
    """Charge each "[" the distance to its "]" (and a following "(" to its ")")."""
    total = 0
    open_square: list[int] = []
    open_round: list[int] = []
    closes_at: dict[int, int] = {}
    for i, ch in enumerate(block):
        if ch == "[":
            open_square.append(i)
        elif ch == "]" and open_square:
            closes_at[open_square.pop()] = i
        elif ch == "(":
            open_round.append(i)
        elif ch == ")" and open_round:
            closes_at[open_round.pop()] = i
    end = len(block)
    for i, ch in enumerate(block):
        if ch != "[":
            continue
        close = closes_at.get(i)
        if close is None:
            cost = end - i
        else:
            cost = close - i
            if close + 1 < end and block[close + 1] == "(":
                cost += closes_at.get(close + 1, end) - close
        total += cost
        if cost > charge[0]:
            charge[0], charge[1] = cost, base + i
    return total


def _backticks(block: str, base: int, charge: list[int]) -> int:
    """Charge each backtick run the rest of its paragraph (code spans are rare in stories)."""
    total = 0
    for m in _BACKTICKS.finditer(block):
        cost = len(block) - m.start()
        total += cost
        if cost > charge[0]:
            charge[0], charge[1] = cost, base + m.start()
    return total


def markdown_work(text: str) -> MarkdownWork:
    """The characters python-markdown's quadratic scans would read in `text`, and where."""
    charge = [0, 0]  # the costliest opener: cost, offset
    total = 0
    start = 0
    for end in [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]:
        block = text[start:end]
        if "[" in block:
            total += _brackets(block, start, charge)
        if "`" in block:
            total += _backticks(block, start, charge)
        start = end
    # html.parser reads on from every "<" it cannot close, over the whole text.
    less = text.count("<")
    if less:
        total += less * len(text) // 8
        if charge[0] == 0:
            charge[1] = text.index("<")
    return MarkdownWork(total, charge[1])


class MarkdownTooComplex(ValueError):
    """A text the build refuses to convert (`vinhdanh check` reports it first)."""


def check_markdown(text: str) -> None:
    """Raise `MarkdownTooComplex` when `text` is over the work budget."""
    found = markdown_work(text)
    if found.too_much:
        raise MarkdownTooComplex(f"Markdown too complex ({found.work} > {WORK_BUDGET})")
