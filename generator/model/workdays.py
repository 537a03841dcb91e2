"""Working days (ngày làm việc) between two dates: weekdays that are not public holidays.

The holidays ship in `generator/data/holidays.yml` (Labour Code 2019 Art. 112, placed each year
by the government's notice). A date in a year the table does not cover is counted as a working
day when it is a weekday, and the caller is told so (`covered`), so that a count that may be
long is never presented as exact.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

DATA_FILE = "data/holidays.yml"
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Holidays:
    """Public holidays by year, and which years the table covers and has checked."""

    days: frozenset[dt.date]
    years: frozenset[int]
    verified_years: frozenset[int]

    def is_working_day(self, day: dt.date) -> bool:
        """True for a weekday that is not a public holiday."""
        return day.weekday() < 5 and day not in self.days

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days from `start` to `end`, both included (0 if end < start)."""
        total, day = 0, start
        while day <= end:
            total += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return total

    def covered(self, start: dt.date, end: dt.date) -> bool:
        """True when every year of the period is in the table (else the count may be long)."""
        return all(year in self.years for year in range(start.year, end.year + 1))


def parse_holidays(data: object) -> Holidays:
    """The table from the parsed data file; ValueError when malformed."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError("holidays.yml: expected version: 1")
    years = data.get("years")
    if not isinstance(years, dict):
        raise ValueError("holidays.yml: expected years: {YYYY: {days: [...]}}")
    days: set[dt.date] = set()
    verified: set[int] = set()
    for year, entry in years.items():
        if not isinstance(year, int) or not isinstance(entry, dict):
            raise ValueError(f"holidays.yml: year {year!r}: expected a mapping")
        for day in entry.get("days") or []:
            if not isinstance(day, dt.date) or day.year != year:
                raise ValueError(f"holidays.yml: {year}: {day!r} is not a date of that year")
            days.add(day)
        if entry.get("verified") is True:
            verified.add(year)
    return Holidays(frozenset(days), frozenset(years), frozenset(verified))


@functools.cache
def load_holidays() -> Holidays:
    """The shipped table (read once per process)."""
    text = resources.files("generator").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_holidays(yaml.load(text, Loader=_LOADER))
