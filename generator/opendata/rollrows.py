"""The rows of each roll page's workbook as the last build had them, so that an edit compares
only its changed entries' rows to know whether a workbook is the same.

A roll page's workbook is keyed by its rows' bytes (`tables.RollPageWorkbook.facts`), asked
when one of its entries changed as the listings read them. Most such workbooks come out the
same (an award added below a profile's top award leaves its row of the kind's, province's and
sector's rolls alone: 7 of the 10 an award edit asked at 10,000), yet each fetched and hashed
every row, the kind roll holding every individual (issue #21). Kept per workbook: the facts
its key was made from, a digest of its rows' entries in order and a digest of each row's
bytes. While the rows' entries are the same in the same places, a steady entry's rows are the
same bytes (made from the entry, its awards and the context alone), so only the changed
entries' rows are made and compared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from generator.model.rolls import Roll

ROLL_ROWS_NOTE = "\0xlsx/roll-shown/"
"""Cache paths of a roll page workbook's rows as its last build had them, by the workbook's
path: (its facts, `rows_note`)."""

_ORDER = 16  # bytes of the digest of the rows' entries in order
_ROW = 8  # bytes of each row's digest


def rows_note(roll: Roll, rows: list[bytes]) -> bytes:
    """What is kept of `roll`'s workbook rows: the digest of their entries in order, then
    each row's digest."""
    digests = (hashlib.blake2b(row, digest_size=_ROW).digest() for row in rows)
    return _order(roll) + b"".join(digests)


def kept_facts(
    found: tuple[str, bytes] | None,
    roll: Roll,
    steady: set[str],
    row: Callable[[int], bytes],
) -> str | None:
    """The facts of the last build's workbook of `roll` (`found`: them and its `rows_note`)
    when its rows are the same now: the same entries in the same places, a steady entry's row
    taken as it was and every other entry's made (`row`, by place) and compared; else None."""
    if found is None or not steady:
        return None  # nothing steady: every row would be made, as `facts` makes them
    facts, note = found
    rows = roll.rows
    if not isinstance(note, bytes) or len(note) != _ORDER + _ROW * len(rows):
        return None
    if not facts.startswith(f"{roll.title}\n") or note[:_ORDER] != _order(roll):
        return None
    for place, listed in enumerate(rows):
        if listed.entry.slug in steady:
            continue
        at = _ORDER + _ROW * place
        if hashlib.blake2b(row(place), digest_size=_ROW).digest() != note[at : at + _ROW]:
            return None
    return facts


def _order(roll: Roll) -> bytes:
    """A digest of the rows' entries, in order."""
    # Not their awards' indexes: an award added moves those of its entry's other awards (its
    # row is compared anyway), and a steady entry's rows of a roll, which awards and in which
    # order, are its own. Slugs hold no newline (they are file names): the text reads one way.
    text = "\n".join([row.entry.slug for row in roll.rows])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=_ORDER).digest()
