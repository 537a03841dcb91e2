"""The one registry of module-global memos that the build keeps between runs.

A stage whose memo is worth keeping (collation keys, place-name lookups, resolved localities,
card keys: seconds a build at 10,000 profiles) registers it here when its module is imported;
the build restores every registered memo from ``memos.marshal`` if that file was written by
this very code (the package digest), and saves them all when any grew. The build names no
memo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Memo:
    """How to save, restore and measure one module's memo."""

    saved: Callable[[], object]  # its content as plain data (marshal)
    restore: Callable[[object], None]  # takes what `saved` gave (checks its shape)
    size: Callable[[], int]  # memos only grow: the same size, the same memo


_MEMOS: dict[str, Memo] = {}


def register(
    name: str,
    saved: Callable[[], object],
    restore: Callable[[object], None],
    size: Callable[[], int],
) -> None:
    """Keep the memo `name` between builds (called once, when its module is imported)."""
    _MEMOS[name] = Memo(saved, restore, size)


def registered() -> tuple[str, ...]:
    """The names of the memos registered so far, sorted."""
    return tuple(sorted(_MEMOS))


def sizes() -> tuple[int, ...]:
    """The size of every registered memo, by name: unchanged sizes, nothing to save."""
    return tuple(_MEMOS[name].size() for name in registered())


def saved_memos() -> dict[str, object]:
    """Every registered memo as plain data, by name."""
    return {name: memo.saved() for name, memo in _MEMOS.items()}


def restore_memos(saved: Mapping[str, object]) -> None:
    """Give each registered memo what `saved_memos` saved of it (unknown names ignored)."""
    for name, memo in _MEMOS.items():
        if name in saved:
            memo.restore(saved[name])
