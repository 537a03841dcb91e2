"""The build's "today": never the wall clock, so the same input builds the same bytes."""

from __future__ import annotations

import datetime as dt
import os

from generator.commands.outcome import BuildError
from generator.model.checkrows import row_of
from generator.model.entries import Site

EPOCH_FALLBACK = dt.date(1970, 1, 1)


def latest_data_date(site: Site) -> dt.date:
    """The latest date of something that has happened in the data (never a planned date)."""
    # From the entries' rows (model.checkrows): a kept profile is not unpickled.
    latest = [row.latest for row in map(row_of, site.entries) if row.latest is not None]
    dates = [dt.date.fromordinal(max(latest))] if latest else []
    dates += [campaign.start for campaign, _ in site.campaigns.values()]
    dates += [found.decision.decision_date for found in site.decisions]
    return max(dates, default=EPOCH_FALLBACK)


def source_date_epoch() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH (UTC), if set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildError([f"SOURCE_DATE_EPOCH={raw!r} is not a Unix timestamp"]) from None


def resolve_today(site: Site, today: dt.date | None) -> dt.date:
    """`--today`, else SOURCE_DATE_EPOCH, else the latest date in the data."""
    return today or source_date_epoch() or latest_data_date(site)


def epoch_of(day: dt.date) -> int:
    """Midnight UTC of `day` as a Unix timestamp."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
