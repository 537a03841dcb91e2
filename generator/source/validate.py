"""Validate stage: check each loaded document against its schema, reporting every problem.

Pydantic's errors carry a `loc` path such as ("awards", 1, "year"); the loader recorded the
line and column of each such path, so each problem points at the key the editor must fix.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, make_problem
from generator.source.documents import COUNTRY_CODE_PATTERN, SCHEMA_ERROR
from generator.source.load import Document, Loc

ModelT = TypeVar("ModelT", bound=BaseModel)


def field_path(loc: Loc) -> str:
    """Render ("awards", 1, "year") as `awards[1].year`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the schema accepts at `loc`, to suggest a correction for a misspelt one."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = next(
            (f for name, f in current.model_fields.items() if (f.alias or name) == part), None
        )
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside `X | None` or `list[X]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _problem_for(error: Any, doc: Document, model: type[BaseModel], prefix: Loc) -> Problem:
    """Translate one pydantic error into our Problem with position and message."""
    loc: Loc = (*prefix, *error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    line, col = doc.pos(loc)
    path = field_path(loc)

    def make(code: str, **params: object) -> Problem:
        return make_problem(doc.relpath, line, col, path, code, **params)

    if kind == "missing":
        return make("schema.missing")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, _allowed_keys(model, error["loc"][:-1]), n=1)
        hint = f" ('{close[0]}'?)" if close else ""
        return make("schema.extra", key=key, hint=hint)
    if kind in ("literal_error", "enum"):
        choices = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return make("schema.choice", value=_short(value), choices=choices)
    if kind == SCHEMA_ERROR:
        # Our own validators (documents.py) name the key at fault: point there.
        key = str(ctx.get("key", ""))
        where: Loc = (*loc, key) if key else loc
        params = {k: v for k, v in ctx.items() if k not in ("code", "key")}
        line, col = doc.pos(where)
        return make_problem(doc.relpath, line, col, field_path(where), str(ctx["code"]), **params)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == COUNTRY_CODE_PATTERN:
            return make("schema.country_code", value=_short(value))
        if "\\d" in pattern:
            return make("schema.code", value=_short(value))
        return make("schema.slug", value=_short(value))
    if kind == "string_too_short":
        return make("schema.empty")
    if kind == "string_too_long":
        return make("schema.too_long", limit=ctx.get("max_length", "?"))
    if kind == "string_type":
        return make("schema.string", value=_short(value))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return make("schema.int", value=_short(value))
    if kind in ("bool_type", "bool_parsing"):
        return make("schema.bool", value=_short(value))
    if kind.startswith("date"):
        return make("schema.date", value=_short(value))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = " ".join(f"{k} {v}" for k, v in ctx.items())
        bound = bound.replace("ge ", ">= ").replace("le ", "<= ")
        return make("schema.range", value=_short(value), bound=bound)
    if kind == "list_type":
        return make("schema.list")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return make("schema.mapping")
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        if reason == "unsafe_url":
            return make("text.unsafe_url", url=_short(value))
        if reason.startswith("choice:"):
            bad, _, choices = reason[len("choice:") :].partition("|")
            return make("schema.choice", value=_short(bad), choices=choices)
    return make("schema.other", detail=error.get("msg", kind))


def validate_document(
    doc: Document, model: type[ModelT], prefix: Loc = ()
) -> tuple[ModelT | None, list[Problem]]:
    """Validate a document's data against `model`; return the model or every problem found."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return None, [_problem_for(err, doc, model, prefix) for err in errors]
