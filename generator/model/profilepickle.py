"""The validated profiles as pickle bytes that load fast: each pydantic model is pickled as its
class, its fields and the names of the fields set (`dumps`), taken back without pydantic's
`__setstate__` (`loads`), so the check of one edit unpickles the roll in less time."""

from __future__ import annotations

import io
import pickle
from typing import Any

from pydantic import BaseModel

from generator.source.validate import shared_fields_set

_set_attribute = object.__setattr__


def rebuilt(cls: type[BaseModel], fields: dict[str, Any], names: frozenset[str]) -> BaseModel:
    """A model of `cls` holding `fields` (already validated once), `names` its fields set."""
    # What pydantic's own __setstate__ does, with its state dict unpacked here: that dict, and
    # a set pickled per model (a profile holds seven models), were a third of the unpickling.
    model = cls.__new__(cls)
    _set_attribute(model, "__dict__", fields)
    # The fields set shared with every model of the same names, as a fresh validation gives.
    _set_attribute(model, "__pydantic_fields_set__", shared_fields_set(names))
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model


class _Pickler(pickle.Pickler):
    """Pickles each model as `rebuilt(class, fields, names)`; the names' sets shared."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=5)
        # Models of one class mostly have the same fields set: pickled once, then referenced.
        self._names: dict[frozenset[str], frozenset[str]] = {}

    def reducer_override(self, obj: Any) -> Any:
        """`rebuilt`'s arguments for a model without extra or private attributes."""
        if (
            not isinstance(obj, BaseModel)
            or obj.__pydantic_extra__ is not None
            or obj.__pydantic_private__
        ):
            return NotImplemented  # pickled as pickle would
        names = frozenset(obj.__pydantic_fields_set__)
        return rebuilt, (type(obj), obj.__dict__, self._names.setdefault(names, names))


def dumps(value: object) -> bytes:
    """`value` pickled, its pydantic models as `rebuilt` takes them back."""
    out = io.BytesIO()
    _Pickler(out).dump(value)
    return out.getvalue()


def loads(data: bytes) -> Any:
    """What `dumps` pickled (pickle's own errors if the bytes are not such a pickle)."""
    return pickle.loads(data)
