"""What the statistics page's annex shows of an annulled award or a stripped title, in either
edition: made once when its entry's check row is made (`saved_revoked`, kept in the row's
`CheckRow.revoked`), read back as the view the annex renders from (`RevokedShown`) and keyed
by it: one source of truth, so the page made again on an award edit reads no kept profile,
and a field the annex shows is in the page's key (issue #21; docs/performance.md, "The
statistics' annex from the row (session 21)")."""

from __future__ import annotations

from typing import Any, NamedTuple

from generator.model.resolved import ResolvedAward
from generator.model.rowshown import AwardShown, award_view, saved_award


class RevokedShown(NamedTuple):
    """A line of the annex: whose award, the award as a roll shows it (name in either
    edition, posthumous, year, decision), and the act that annulled or stripped it. The
    template reads nothing else: an attribute it lacks is undefined (StrictUndefined)."""

    slug: str
    display_name: str
    award: AwardShown
    act: str  # `ResolvedAward.withdrawal_text` when the award names its act, else ""
    label: str  # `ResolvedAward.withdrawal_label`, said when no act is named


# `RevokedShown` as marshal stores it in the row, beside the slug and name it holds anyway.
SavedRevoked = tuple[Any, ...]


def saved_revoked(award: ResolvedAward) -> SavedRevoked:
    """What the annex shows of an annulled or stripped award resolved now, as stored."""
    act = award.withdrawal_text if award.record.revocation is not None else ""
    return saved_award(award), act, award.withdrawal_label


def revoked_view(slug: str, display_name: str, saved: SavedRevoked) -> RevokedShown:
    """The view of a `saved_revoked` its entry's row kept."""
    award, act, label = saved
    return RevokedShown(slug, display_name, award_view(award), act, label)
