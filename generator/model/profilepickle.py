"""The validated profiles as pickle bytes that load fast: each pydantic model is pickled as its
class, its fields and the names of the fields set (`dumps`), taken back without pydantic's
`__setstate__` (`loads`), so the check of one edit unpickles the roll in less time. What the
profiles' checks resolved rides in the same pickle: the units, awards and revocation grounds
it points to are pickled as their key in their table and taken back as the very objects of
the tables `loads` is given."""

from __future__ import annotations

import io
import pickle
from typing import Any, NoReturn

from pydantic import BaseModel

from generator.reference.adminunits import AdminUnits, Unit
from generator.reference.taxonomy import Award, RevocationGround, Taxonomy
from generator.source.validate import SharedFieldsSet, shared_fields_set

_set_attribute = object.__setattr__


def rebuilt(cls: type[BaseModel], fields: dict[str, Any], names: SharedFieldsSet) -> BaseModel:
    """A model of `cls` holding `fields` (already validated once), `names` its fields set."""
    # What pydantic's own __setstate__ does, with its state dict unpacked here: that dict, and
    # a set pickled per model (a profile holds seven models), were a third of the unpickling.
    model = cls.__new__(cls)
    _set_attribute(model, "__dict__", fields)
    # The fields set shared with every model of the same names, as a fresh validation gives:
    # pickled once (SharedFieldsSet.__reduce__, then the memo), not looked up per model.
    _set_attribute(model, "__pydantic_fields_set__", names)
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model


# The names a table's object is pickled under, with its key as arguments; `loads` answers them
# from its tables (`_Unpickler.find_class`), so these are never called.
def unit_in_table(era: str, code: str) -> NoReturn:
    """A unit of the unit table (pickled by reference; taken back by `loads` only)."""
    raise pickle.UnpicklingError(f"unit {era} {code}: read with profilepickle.loads")


def award_in_taxonomy(award_id: str) -> NoReturn:
    """An award of the taxonomy (pickled by reference; taken back by `loads` only)."""
    raise pickle.UnpicklingError(f"award {award_id}: read with profilepickle.loads")


def ground_in_taxonomy(ground_id: str) -> NoReturn:
    """A revocation ground of the taxonomy (pickled by reference; taken back by `loads` only)."""
    raise pickle.UnpicklingError(f"ground {ground_id}: read with profilepickle.loads")


class _Pickler(pickle.Pickler):
    """Pickles each model as `rebuilt(class, fields, names)`, the names' sets shared, and the
    tables' objects by reference."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=5)

    def reducer_override(self, obj: Any) -> Any:
        """`rebuilt`'s arguments for a model without extra or private attributes; a table's
        object as its key."""
        kind = type(obj)
        # The caller keeps only objects that are their table's (CheckCache.keep); each is
        # pickled once (the memo) however many profiles point to it.
        if kind is Unit:
            return unit_in_table, (obj.era, obj.code)
        if kind is Award:
            return award_in_taxonomy, (obj.id,)
        if kind is RevocationGround:
            return ground_in_taxonomy, (obj.id,)
        if (
            not isinstance(obj, BaseModel)
            or obj.__pydantic_extra__ is not None
            or obj.__pydantic_private__
        ):
            return NotImplemented  # pickled as pickle would
        # Models of one class mostly have the same fields set: pickled once, then referenced.
        names = obj.__pydantic_fields_set__
        if type(names) is not SharedFieldsSet:
            names = shared_fields_set(names)
        return rebuilt, (type(obj), obj.__dict__, names)


class _Unpickler(pickle.Unpickler):
    """Takes the tables' objects back from `taxonomy` and `admin`; notes a key they lack."""

    def __init__(self, data: bytes, taxonomy: Taxonomy | None, admin: AdminUnits | None) -> None:
        super().__init__(io.BytesIO(data))
        self.taxonomy, self.admin = taxonomy, admin
        self.missing = False

    def find_class(self, module: str, name: str) -> Any:
        """The tables' lookups for the names objects of theirs are pickled under."""
        if module == __name__ and self.taxonomy is not None and self.admin is not None:
            if name == unit_in_table.__name__:
                return self._unit
            if name == award_in_taxonomy.__name__:
                return self._award
            if name == ground_in_taxonomy.__name__:
                return self._ground
        return super().find_class(module, name)

    def _unit(self, era: Any, code: str) -> Unit | None:
        assert self.admin is not None
        found = self.admin.by_code(era, code)
        self.missing = self.missing or found is None
        return found

    def _award(self, award_id: str) -> Award | None:
        assert self.taxonomy is not None
        found = self.taxonomy.get(award_id)
        self.missing = self.missing or found is None
        return found

    def _ground(self, ground_id: str) -> RevocationGround | None:
        assert self.taxonomy is not None
        found = self.taxonomy.revocation_grounds.get(ground_id)
        self.missing = self.missing or found is None
        return found


def dumps(value: object) -> bytes:
    """`value` pickled, its pydantic models as `rebuilt` takes them back and the tables'
    objects by reference."""
    out = io.BytesIO()
    _Pickler(out).dump(value)
    return out.getvalue()


def loads(
    data: bytes, taxonomy: Taxonomy | None = None, admin: AdminUnits | None = None
) -> tuple[Any, bool]:
    """What `dumps` pickled, the tables' objects taken from `taxonomy` and `admin`, and True
    if a key was not in them (its objects are None); pickle's own errors if the bytes are not
    such a pickle, or hold tables' objects and no tables are given."""
    unpickler = _Unpickler(data, taxonomy, admin)
    return unpickler.load(), unpickler.missing
