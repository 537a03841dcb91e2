"""Compare two folders of published JSON Schemas by meaning, not by text.

    python tools/compare_schemas.py OLD_DIR NEW_DIR

For every schema file in OLD_DIR, every property reachable from its root (through `$ref`,
`anyOf`, `items`, `additionalProperties`) is compared with the same path in NEW_DIR: the JSON
types (a nullable written `{"type": ["string", "null"]}` or `anyOf [..., {"type": "null"}]` is
the same), the enum values, `format`, `pattern`, `minimum`, requiredness and whether the object
is closed. Each difference is printed with its path; descriptions and titles are not compared.
Exits 1 when there is a difference, so a change to the API's schemas can be reviewed as a list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

JSON = dict[str, Any]
_TYPE_OF = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}
_KEYWORDS = ("format", "pattern", "minimum")


def _resolve(schema: JSON, root: JSON) -> JSON:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def normalise(schema: JSON, root: JSON) -> JSON:
    """One schema as a canonical record: types, enum, keywords, properties, items, closedness."""
    schema = _resolve(schema, root)
    branches = [normalise(b, root) for b in schema.get("anyOf", [])]
    types: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, str):
        types.add(declared)
    elif isinstance(declared, list):
        types.update(declared)
    enum: set[Any] | None = None
    if "enum" in schema:
        enum = set(schema["enum"])
        if not declared:
            types.update(_TYPE_OF[type(v)] for v in schema["enum"])
    record: JSON = {k: schema[k] for k in _KEYWORDS if k in schema}
    if "properties" in schema or schema.get("type") == "object":
        record["properties"] = {
            k: normalise(v, root) for k, v in schema.get("properties", {}).items()
        }
        record["required"] = set(schema.get("required", []))
        extra = schema.get("additionalProperties", True)
        record["additional"] = normalise(extra, root) if isinstance(extra, dict) else extra
    if "items" in schema:
        record["items"] = normalise(schema["items"], root)
    for branch in branches:
        types |= branch["types"]
        if branch["enum"] is not None:
            enum = (enum or set()) | branch["enum"]
        for key, value in branch.items():
            if key not in ("types", "enum"):
                record.setdefault(key, value)
    if enum is not None and "null" in types:
        enum.add(None)
    record["types"] = types
    record["enum"] = enum
    return record


def compare(old: JSON, new: JSON, path: str) -> list[str]:
    """Every difference between two normalised schemas, with the path where it is."""
    found = []
    for key in ("types", "enum", *_KEYWORDS, "required"):
        if old.get(key) != new.get(key):
            found.append(f"{path or '/'}: {key} {_show(old.get(key))} -> {_show(new.get(key))}")
    old_extra, new_extra = old.get("additional"), new.get("additional")
    if isinstance(old_extra, dict) and isinstance(new_extra, dict):
        found += compare(old_extra, new_extra, f"{path}/*")
    elif old_extra != new_extra:
        found.append(f"{path or '/'}: additionalProperties {old_extra!r} -> {new_extra!r}")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name in sorted(old_props.keys() - new_props.keys()):
        found.append(f"{path}/{name}: removed")
    for name in sorted(new_props.keys() - old_props.keys()):
        found.append(f"{path}/{name}: added")
    for name in sorted(old_props.keys() & new_props.keys()):
        found += compare(old_props[name], new_props[name], f"{path}/{name}")
    if "items" in old or "items" in new:
        found += compare(old.get("items", {}), new.get("items", {}), f"{path}[]")
    return found


def _show(value: Any) -> str:
    if isinstance(value, set):
        return "{" + ", ".join(sorted(map(json.dumps, value))) + "}"
    return json.dumps(value)


def main() -> None:
    """Compare every schema of OLD_DIR with its namesake in NEW_DIR; print the differences."""
    old_dir, new_dir = (Path(a) for a in sys.argv[1:3])
    differences = 0
    for old_path in sorted(old_dir.glob("*.json")):
        new_path = new_dir / old_path.name
        if not new_path.exists():
            print(f"{old_path.name}: removed")
            differences += 1
            continue
        old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (old_path, new_path))
        found = compare(normalise(old, old), normalise(new, new), "")
        for line in found:
            print(f"{old_path.name}: {line}")
        differences += len(found)
    for new_path in sorted(new_dir.glob("*.json")):
        if not (old_dir / new_path.name).exists():
            print(f"{new_path.name}: added")
            differences += 1
    print(f"{differences} difference(s)")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
