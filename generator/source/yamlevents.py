"""Safe YAML: libyaml's events made into plain data, refusing what untrusted YAML must not do.

YAML from pull requests is untrusted. We drive libyaml's event parser ourselves instead of
PyYAML's constructor so that:
- anchors, aliases and tags are refused at the first event (a "billion laughs" file stops
  before anything is expanded);
- plain scalars resolve only to null, true/false and decimal integers without a leading
  zero; `no`, `0912345678` and `2019-05-01` stay strings (the schema parses dates);
- duplicate keys are errors, and every mapping key and sequence item records its position.

Files become text and Documents in `generator.source.load`; this module sees only text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from generator.errors import SourceError, make_problem
from generator.source.yamlsyntax import syntax_problem

try:  # libyaml keeps node positions too and is ~10x faster than the pure-Python parser
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# generator.source.load.Loc, spelt here because load imports this module (and the modules that
# read positions import Loc from load, with the Document).
Loc = tuple[str | int, ...]

MAX_DEPTH = 32
MAX_NODES = 50_000

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def _resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar: only null, booleans and plain decimal integers."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    return value


class _Builder:
    """Builds plain Python data from libyaml events, refusing what untrusted YAML must not do."""

    def __init__(self, relpath: str, line_offset: int) -> None:
        self.relpath = relpath
        self.offset = line_offset
        self.positions: dict[Loc, tuple[int, int]] = {}
        self.nodes = 0

    def _where(self, event: Any) -> tuple[int, int]:
        mark = event.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1)

    def _fail(self, event: Any, code: str, **params: object) -> SourceError:
        line, col = self._where(event)
        return SourceError([make_problem(self.relpath, line, col, "", code, **params)])

    def _check(self, event: Any, depth: int) -> None:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            raise self._fail(event, "yaml.alias", name=anchor)
        if anchor is not None:
            raise self._fail(event, "yaml.anchor", name=anchor)
        tag = getattr(event, "tag", None)
        if tag is not None:
            # A flow/plain scalar with implicit resolution reports no tag; anything explicit
            # (!!python/object, !!binary, !custom, even !!str) is refused: editors never need it.
            raise self._fail(event, "yaml.tag", tag=tag)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fail(event, "yaml.too_many_nodes", limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise self._fail(event, "yaml.too_deep", limit=MAX_DEPTH)

    def build(self, events: Iterator[Any], first: Any, loc: Loc, depth: int) -> Any:
        """Build the value that starts with event `first`."""
        self._check(first, depth)
        if isinstance(first, yaml.ScalarEvent):
            if not first.style:  # plain (libyaml reports '', the Python parser None)
                return _resolve_plain(first.value)
            return first.value
        if isinstance(first, yaml.SequenceStartEvent):
            items: list[Any] = []
            for event in events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                here = (*loc, len(items))
                self.positions[here] = self._where(event)
                items.append(self.build(events, event, here, depth + 1))
            raise self._fail(first, "yaml.syntax", reason="unterminated sequence")
        if isinstance(first, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for event in events:
                if isinstance(event, yaml.MappingEndEvent):
                    return mapping
                self._check(event, depth + 1)
                if not isinstance(event, yaml.ScalarEvent):
                    raise self._fail(event, "yaml.complex_key")
                key = event.value
                here = (*loc, key)
                if key in mapping:
                    first_line = self.positions[here][0]
                    raise self._fail(event, "yaml.duplicate_key", key=key, first_line=first_line)
                self.positions[here] = self._where(event)
                self.nodes -= 1  # the key was counted by _check; count the value below
                mapping[key] = self.build(events, next(events), here, depth + 1)
            raise self._fail(first, "yaml.syntax", reason="unterminated mapping")
        raise self._fail(first, "yaml.syntax", reason=f"unexpected {type(first).__name__}")


def parse_yaml(
    text: str, relpath: str, line_offset: int = 0
) -> tuple[Any, dict[Loc, tuple[int, int]]]:
    """Parse one YAML document from NFC text; return the data and key positions."""
    builder = _Builder(relpath, line_offset)
    events = iter(yaml.parse(text, Loader=_Loader))
    result: Any = None
    documents = 0
    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise builder._fail(event, "yaml.multiple_documents")
            elif isinstance(event, yaml.NodeEvent):
                result = builder.build(events, event, (), 0)
    except yaml.MarkedYAMLError as exc:  # in plain words, with the line and a hint
        raise SourceError([syntax_problem(exc, text, relpath, line_offset)]) from None
    except yaml.YAMLError as exc:  # e.g. a reader error without a mark
        raise SourceError(
            [make_problem(relpath, 1, 1, "", "yaml.syntax", reason=str(exc))]
        ) from None
    return result, builder.positions
