"""The model's cached properties (generator.model.entries.cached_once): computed on the first
read, kept by the instance, and read without the lock functools.cached_property takes."""

from __future__ import annotations

import functools

from generator.model import entries
from generator.model.entries import Entry, cached_once


class Box:
    """An object with one cached property, counting its computations."""

    def __init__(self) -> None:
        self.computed = 0

    @cached_once
    def value(self) -> int:
        """The value."""
        self.computed += 1
        return self.computed * 10


def test_a_property_is_computed_once_and_kept_by_its_instance() -> None:
    first, second = Box(), Box()
    assert (first.value, first.value, second.value) == (10, 10, 10)
    assert (first.computed, second.computed) == (1, 1)
    assert vars(first) == {"computed": 1, "value": 10}
    assert isinstance(Box.value, cached_once) and Box.value.__doc__ == "The value."


def test_no_type_of_the_model_takes_a_lock_on_a_first_read() -> None:
    # Python 3.11's cached_property takes an RLock on every first read (3.5 against 1.2 µs):
    # ~10 an entry, read by the check, rolls, statistics, search and open data (issue #21).
    types = [
        t
        for t in vars(entries).values()
        if isinstance(t, type) and t.__module__ == entries.__name__
    ]
    assert Entry in types
    locked = [
        f"{t.__name__}.{name}"
        for t in types
        for name, value in vars(t).items()
        if isinstance(value, functools.cached_property)
    ]
    assert locked == []
    assert sum(isinstance(v, cached_once) for v in vars(Entry).values()) >= 9
