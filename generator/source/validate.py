"""Validate stage: check each loaded document against its schema, reporting every problem.

Pydantic's errors carry a `loc` path such as ("awards", 1, "year"); the loader recorded the
line and column of each such path, so each problem points at the key the editor must fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, make_problem
from generator.source.documents import COUNTRY_CODE_PATTERN, SCHEMA_ERROR
from generator.source.load import Document, Loc

ModelT = TypeVar("ModelT", bound=BaseModel)


class SharedFieldsSet(set[str]):
    """A validated model's fields set, one object shared by every model with the same names:
    its in-place changes raise, so that an assignment to a model cannot change the others'."""

    # A `set`, not a frozenset: pydantic-core's model_dump(exclude_unset=True) takes only sets.
    # Assignment to a model adds to its fields set with `.add`: that raises here, after pydantic
    # has set the value in the model's __dict__. Nothing assigns to a validated model;
    # `validate_assignment`, whose add is C's and would pass, is used by no schema. A copy
    # (model_copy, with update= too) gets a set of its own, as pydantic gives it.

    def __reduce__(self) -> tuple[Any, tuple[frozenset[str]]]:
        """Unpickled as the shared set of the same names."""
        return shared_fields_set, (frozenset(self),)

    def __copy__(self) -> set[str]:
        """A plain set of the same names, the copied model's own (pydantic's model_copy)."""
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        """A plain set of the same names, the copied model's own."""
        return set(self)

    def _refuse(self) -> NoReturn:
        raise TypeError(f"a validated model's fields set is shared and read-only: {sorted(self)}")

    def add(self, element: str, /) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def discard(self, element: object, /) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def remove(self, element: str, /) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def pop(self) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def clear(self) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def update(self, *others: Iterable[str]) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def difference_update(self, *others: Iterable[Any]) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def intersection_update(self, *others: Iterable[Any]) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    def symmetric_difference_update(self, other: Iterable[str], /) -> NoReturn:
        """Refused: see the class."""
        self._refuse()

    # (mypy: an in-place operator returning NoReturn "is incompatible with" its `__or__`.)
    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def __iand__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def __isub__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def __ixor__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()


# One fields set per distinct combination of names, for the life of the process: a profile
# holds seven models, each with its own set of ~200 bytes (~3.7 KB a profile), and a roll of
# 1,000 profiles has 118 combinations (docs/performance.md, Memory). Bounded by the schemas.
_FIELDS_SETS: dict[frozenset[str], SharedFieldsSet] = {}


def shared_fields_set(names: Iterable[str]) -> SharedFieldsSet:
    """The one read-only fields set of `names` that every model holding those names shares."""
    key = frozenset(names)
    found = _FIELDS_SETS.get(key)
    if found is None:
        found = _FIELDS_SETS.setdefault(key, SharedFieldsSet(key))
    return found


# Values that hold no model, skipped by their exact type: most of a profile's values are
# strings, and isinstance against BaseModel (an ABCMeta class) costs several times a set lookup.
_LEAVES = frozenset({str, int, float, bool, type(None), dt.date})


def share_fields_sets(value: object) -> None:
    """Give each pydantic model in `value` (in its fields, lists and dicts) the shared set."""
    if isinstance(value, BaseModel):
        object.__setattr__(
            value, "__pydantic_fields_set__", shared_fields_set(value.__pydantic_fields_set__)
        )
        items: Iterable[object] = value.__dict__.values()
    elif isinstance(value, dict):
        items = value.values()
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return
    for item in items:
        if type(item) not in _LEAVES:
            share_fields_sets(item)


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
        validated = model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return None, [_problem_for(err, doc, model, prefix) for err in errors]
    share_fields_sets(validated)
    return validated, []
