"""Write profiles and campaigns as YAML that editors can read and the safe loader reads back.

The loader (`generator.source.load`) resolves unquoted values only to null, booleans and plain
integers, and editors copy what they see. So text is written double-quoted (JSON escapes are
valid YAML) unless it is a plain slug or code, dates are written bare (the schema parses them),
and comments above a key explain it in Vietnamese. Only `new` and `import` write source files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence

Path_ = tuple[str | int, ...]

# Slugs and enum values ("huan-chuong-lao-dong", "individual") read back as the same text.
_PLAIN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Words other YAML tools (YAML 1.1) would read as booleans or null: always quoted.
_RESERVED = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def yaml_scalar(value: object) -> str:
    """One scalar as YAML text that reads back as the same value with `generator.source.load`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_block_text(value: object) -> bool:
    """Multi-line text that reads well as a `|` block (and reads back unchanged)."""
    if not isinstance(value, str) or "\n" not in value.rstrip("\n"):
        return False
    if value.endswith("\n\n") or "\r" in value or "\t" in value:
        return False
    first = value.split("\n", 1)[0]
    return bool(first) and not first[0].isspace()


def _flow_list(values: Sequence[object]) -> str | None:
    """`[a, b]` for a short list of slugs, else None (written as a block)."""
    if not all(isinstance(v, str) and _PLAIN.match(v) and v not in _RESERVED for v in values):
        return None
    text = "[" + ", ".join(str(v) for v in values) + "]"
    return text if len(text) <= 80 else None


def _comment(lines: list[str], text: str | None, indent: int) -> None:
    if not text:
        return
    for line in text.splitlines():
        lines.append(" " * indent + ("# " + line if line else "#"))


def _emit_value(
    lines: list[str],
    key_text: str,
    value: object,
    path: Path_,
    indent: int,
    comments: Mapping[Path_, str],
) -> None:
    """Append `key_text` (already indented, e.g. "  name:" or "  - name:") and its value."""
    if isinstance(value, Mapping):
        if not value:
            lines.append(f"{key_text} {{}}")
            return
        lines.append(key_text)
        _emit_mapping(lines, value, path, indent + 2, comments)
    elif isinstance(value, list | tuple):
        if not value:
            lines.append(f"{key_text} []")
            return
        flow = _flow_list(value)
        if flow is not None:
            lines.append(f"{key_text} {flow}")
            return
        lines.append(key_text)
        for i, item in enumerate(value):
            item_path = (*path, i)
            if isinstance(item, Mapping) and item:
                _emit_mapping(lines, item, item_path, indent + 4, comments, dash=indent + 2)
            else:
                _emit_value(lines, " " * (indent + 2) + "-", item, item_path, indent + 2, comments)
    elif _is_block_text(value):
        assert isinstance(value, str)
        chomp = "" if value.endswith("\n") else "-"
        lines.append(f"{key_text} |{chomp}")
        for line in value.rstrip("\n").split("\n"):
            lines.append(" " * (indent + 2) + line if line else "")
    else:
        lines.append(f"{key_text} {yaml_scalar(value)}")


def _emit_mapping(
    lines: list[str],
    data: Mapping[str, object],
    path: Path_,
    indent: int,
    comments: Mapping[Path_, str],
    dash: int | None = None,
) -> None:
    """Keys at `indent`; with `dash`, the first key shares the line of a list item's "- "."""
    for n, (key, value) in enumerate(data.items()):
        key_path = (*path, key)
        key_yaml = key if _KEY.match(key) and key not in _RESERVED else yaml_scalar(key)
        comment = comments.get(key_path)
        if dash is not None and n == 0:
            _comment(lines, comment, dash)
            prefix = " " * dash + "- "
        else:
            if comment and indent == 0 and lines:
                lines.append("")  # a commented top-level key starts a paragraph
            _comment(lines, comment, indent)
            prefix = " " * indent
        _emit_value(lines, f"{prefix}{key_yaml}:", value, key_path, indent, comments)


def dump_yaml(
    data: Mapping[str, object],
    comments: Mapping[Path_, str] | None = None,
    header: str = "",
) -> str:
    """A mapping as block YAML, with `comments` (by key path) above keys and a header."""
    lines: list[str] = []
    _comment(lines, header, 0)
    _emit_mapping(lines, data, (), 0, comments or {})
    return "\n".join(lines) + "\n"


def dump_items(items: Sequence[Mapping[str, object]], indent: int) -> str:
    """List items (mappings) as block YAML lines with "- " at `indent`, for insertion."""
    lines: list[str] = []
    for item in items:
        _emit_mapping(lines, item, (), indent + 2, {}, dash=indent)
    return "\n".join(lines) + "\n"
