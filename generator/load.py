"""Load stage: read source files safely into plain data, keeping every key's line and column.

YAML from pull requests is untrusted. We drive libyaml's event parser ourselves instead of
PyYAML's constructor so that:
- anchors, aliases and tags are refused at the first event (a "billion laughs" file stops
  before anything is expanded);
- plain scalars resolve only to null, true/false and decimal integers without a leading
  zero; `no`, `0912345678` and `2019-05-01` stay strings (the schema parses dates);
- duplicate keys are errors, and every mapping key and sequence item records its position.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, SourceError, make_problem
from generator.vntext import nfc

try:  # libyaml keeps node positions too and is ~10x faster than the pure-Python parser
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_BOM = "\ufeff"


@dataclass
class Document:
    """One source file read into plain data, with the position of every key."""

    relpath: str
    data: dict[str, Any]
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0

    def pos(self, loc: Loc) -> tuple[int, int]:
        """Line and column (1-based) of the deepest known part of `loc`."""
        for end in range(len(loc), 0, -1):
            found = self.positions.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)


def _problem(relpath: str, line: int, col: int, code: str, **params: object) -> Problem:
    return make_problem(relpath, line, col, "", code, **params)


def decode_source(raw: bytes, relpath: str, limit: int = MAX_FILE_BYTES) -> str:
    """Bytes to NFC text with LF line ends; refuse oversize, NUL and invalid UTF-8."""
    if len(raw) > limit:
        raise SourceError([_problem(relpath, 1, 1, "file.too_large", size=len(raw), limit=limit)])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise SourceError([_problem(relpath, line, 1, "file.nul")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        byte = f"0x{raw[exc.start]:02X}"
        raise SourceError([_problem(relpath, line, col, "file.invalid_utf8", byte=byte)]) from None
    if text.startswith(_BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text)


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
        return SourceError([_problem(self.relpath, line, col, code, **params)])

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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise SourceError([_problem(relpath, line, col, "yaml.syntax", reason=reason)]) from None
    except yaml.YAMLError as exc:  # e.g. a reader error without a mark
        raise SourceError([_problem(relpath, 1, 1, "yaml.syntax", reason=str(exc))]) from None
    return result, builder.positions


def _as_mapping(data: Any, relpath: str, line: int) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError([_problem(relpath, line, 1, "yaml.not_mapping")])
    return data


def load_yaml_document(raw: bytes, relpath: str, limit: int = MAX_FILE_BYTES) -> Document:
    """Load a YAML file whose content is a mapping (a profile, the site configuration)."""
    text = decode_source(raw, relpath, limit)
    data, positions = parse_yaml(text, relpath)
    return Document(relpath=relpath, data=_as_mapping(data, relpath, 1), positions=positions)


_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


def load_front_matter_document(raw: bytes, relpath: str, limit: int = MAX_FILE_BYTES) -> Document:
    """Load a Markdown file with YAML front matter; lines count from the file's first line."""
    text = decode_source(raw, relpath, limit)
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise SourceError([_problem(relpath, 1, 1, "frontmatter.missing")])
    for end in range(1, len(lines)):
        if _FENCE_END.match(lines[end]):
            break
    else:
        raise SourceError([_problem(relpath, 1, 1, "frontmatter.unclosed")])
    front = "\n".join(lines[1:end]) + "\n"
    data, positions = parse_yaml(front, relpath, line_offset=1)
    body = "\n".join(lines[end + 1 :])
    return Document(
        relpath=relpath,
        data=_as_mapping(data, relpath, 2),
        positions=positions,
        body=body,
        body_line=end + 2,
    )


def relative_path(path: Path, root: Path) -> str:
    """A POSIX path relative to the project root, for messages."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def iter_source_files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files with the given suffixes under `folder`, sorted, skipping hidden entries."""
    if not folder.is_dir():
        return
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in filenames:
            if not name.startswith(".") and name.endswith(suffixes):
                found.append(Path(dirpath) / name)
    yield from sorted(found)


def read_source(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a source file's bytes without following symlinks or reading past the cap."""
    relpath = relative_path(path, root)
    if path.is_symlink():
        raise SourceError([_problem(relpath, 1, 1, "file.unreadable", reason="symbolic link")])
    try:
        size = path.stat().st_size
        if size > limit:
            # Refuse before reading: an oversized file is never loaded into memory.
            raise SourceError([_problem(relpath, 1, 1, "file.too_large", size=size, limit=limit)])
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(
            [_problem(relpath, 1, 1, "file.unreadable", reason=exc.strerror or str(exc))]
        ) from None
