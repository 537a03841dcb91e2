"""PyYAML's syntax errors in plain words: what is wrong, on which line, and a hint read from
that line (a tab, a missing space after ':', an unquoted ':' in a text, a quote left open,
the indentation).

PyYAML (libyaml or not) says "did not find expected key" or "mapping values are not allowed
here", often one line below the mistake. The mistake is looked for on the lines PyYAML names
(the problem and its context) and the line above, and the error is reported where it is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.errors import Problem, make_problem

TEXT_LIMIT = 80  # characters of the offending line quoted in the message
TAB_SHOWN = "⇥"  # a tab, visible in the quoted line

# PyYAML's problem text (both parsers' wordings) -> our reason code (errors.MESSAGES "yaml.why.*").
_REASONS: tuple[tuple[str, str], ...] = (
    ("tab character", "tab"),
    ("found character '\\t'", "tab"),
    ("cannot start any token", "bad_char"),
    ("could not find expected ':'", "no_colon"),
    ("mapping values are not allowed", "colon_here"),
    ("did not find expected key", "indent_key"),
    ("did not find expected '-' indicator", "indent_list"),
    ("expected <block end>", "indent_list"),
    ("expected ',' or ']'", "flow_seq"),
    ("did not find expected ',' or ']'", "flow_seq"),
    ("expected ',' or '}'", "flow_map"),
    ("did not find expected ',' or '}'", "flow_map"),
    ("unknown escape character", "escape"),
)

_LEADING_TAB = re.compile(r"^[ ]*\t")
# `key:value`: a plain key glued to its value (a URL's "https://" is not one).
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?[\w.-]+:(?=[^\s:/'\"])")
# `key: text: more`: an unquoted value holding ": ".
_SECOND_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:\s+[^\s'\"|>&*!\[{][^#]*?:(\s|$)")
_QUOTED_START = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*:\s+)?(['\"])")


@dataclass(frozen=True)
class _Found:
    line: int  # 0-based, in the parsed text
    col: int  # 0-based
    hint: str


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, relpath: str, offset: int) -> Problem:
    """The problem for PyYAML's error `exc` on `text` (lines start at offset + 1)."""
    lines = text.split("\n")
    problem = exc.problem or exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    col = mark.column if mark else 0
    reason = next((code for needle, code in _REASONS if needle in problem), "")
    here = lines[line][col : col + 1] if 0 <= line < len(lines) else ""
    if reason == "bad_char" and here == "\t":  # libyaml does not name the character
        reason = "tab"
    if reason in ("flow_seq", "flow_map") and exc.context_mark is not None:
        line, col = exc.context_mark.line, exc.context_mark.column  # where it opens
    if "end of stream" in problem and "quoted scalar" in (exc.context or ""):
        reason = "unclosed_quote"
        if exc.context_mark is not None:  # where the quote opens, not the end of the file
            line, col = exc.context_mark.line, exc.context_mark.column
    context = exc.context_mark.line if exc.context_mark else None
    found = _find_hint(lines, line, col, context, reason)
    if found is not None:
        line, col = found.line, found.col
    where = (relpath, line + 1 + offset, col + 1)
    if not reason:  # wording not known: PyYAML's own words, the line and any hint still help
        if found is None:
            return make_problem(*where, "", "yaml.syntax", reason=problem or "invalid YAML")
        reason = "other"
    quoted = lines[line] if 0 <= line < len(lines) else ""
    quoted = quoted.replace("\t", TAB_SHOWN).strip()
    if len(quoted) > TEXT_LIMIT:
        quoted = quoted[: TEXT_LIMIT - 1] + "…"
    # Quoted here: a parameter starting with "@" would be read as a message code.
    params: dict[str, object] = {"reason": f"@yaml.why.{reason}", "text": f"«{quoted}»"}
    if reason == "other":
        params["reason"] = problem
    if found is None:
        return make_problem(*where, "", "yaml.syntax_at", **params)
    return make_problem(*where, "", "yaml.syntax_hint", hint=f"@yaml.hint.{found.hint}", **params)


def _find_hint(
    lines: list[str], line: int, col: int, context: int | None, reason: str
) -> _Found | None:
    """The usual mistake on the lines PyYAML points at, first the likeliest."""
    candidates = [line, line - 1] if context is None else [line, context, line - 1]
    candidates = [n for n in dict.fromkeys(candidates) if 0 <= n < len(lines)]
    if reason == "unclosed_quote":
        return _Found(line, _quote_col(lines[line]), "quote")
    for number in candidates:
        if _LEADING_TAB.match(lines[number]):
            return _Found(number, lines[number].index("\t"), "tab")
    for number in candidates:
        glued = _NO_SPACE.match(lines[number])
        if glued:
            return _Found(number, glued.end() - 1, "space")
    for number in candidates:
        if _SECOND_COLON.match(lines[number]):
            return _Found(number, lines[number].index(":") + 2, "colon")
    for number in candidates:
        if _unbalanced_quote(lines[number]):
            return _Found(number, _quote_col(lines[number]), "quote")
    if reason == "bad_char":
        return _Found(line, col, "quote_value")
    if reason in ("indent_key", "indent_list", "colon_here", "no_colon"):
        return _Found(line, 0, "indent")
    return None


def _quote_col(text: str) -> int:
    start = _QUOTED_START.match(text)
    return start.start(1) if start else 0


def _unbalanced_quote(text: str) -> bool:
    """A value that opens a quote it does not close on its line."""
    start = _QUOTED_START.match(text)
    if not start:
        return False
    quote, rest = start.group(1), text[start.end(1) :]
    # '' is a quote inside single quotes, \" one inside double quotes
    rest = rest.replace("''", "") if quote == "'" else rest.replace('\\"', "")
    return quote not in rest
