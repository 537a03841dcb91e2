"""What the statistics' sections count: one set of entries, its awards in force and links.

A `Tally` is the whole site's published entries, one province's or one campaign's, as counts
(`generator.model.statcounts`); the sections of `generator.model.statsections` read it.
`figure_rows` orders and links the rows of any section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from generator.model.entries import DecisionEntry, Entry, Site
from generator.model.labels import FACET_LEVEL
from generator.model.statistics import (
    AREA_ROLLS,
    LISTS_NOT_COUNTED,
    ROLE_ROLLS,
    UNKNOWN,
    Figure,
    Link,
    search_link,
    share,
)
from generator.vntext import collation_key

if TYPE_CHECKING:
    from generator.model.statcounts import Counts


def figure_rows(
    counts: Counter[str],
    total: int,
    labels: dict[str, str],
    links: Callable[[str], Link | None],
    order: Sequence[str] | None = None,
    keep_zero: bool = False,
    last: Sequence[str] = (),
) -> list[Figure]:
    """Rows in `order` (else most first), then those of `last` found; "unknown" always last."""
    keys = list(order) if order is not None else []
    keys += sorted(
        (k for k in counts if k not in keys and k not in last and k != UNKNOWN),
        # str(): a label may be a Phrase, which the saved memo (marshal) cannot hold.
        key=lambda k: (-counts[k], collation_key(str(labels.get(k) or k)), k),
    )
    keys += [k for k in last if k in counts and k not in keys]
    if UNKNOWN in counts or (order is not None and UNKNOWN in order):
        keys = [k for k in keys if k != UNKNOWN] + [UNKNOWN]
    rows = []
    for key in keys:
        value = counts.get(key, 0)
        if value or keep_zero:
            link = links(key) if value and key != UNKNOWN else None
            rows.append(Figure(key, labels.get(key, key), value, share(value, total), link))
    return rows


def no_link(_key: str) -> Link | None:
    """No link for any row (a figure no listing or search can show)."""
    return None


class Tally:
    """One set of entries to count (with the decisions' lists that add to it): the counts of
    its `scope` ("": the site's; "p/<slug>/" a province's, "c/<slug>/" a campaign's) and links;
    `facets` narrow its search links; `entries`, the site's published entries in the roll's
    order, settle what the counts do not (`statcounts.Counts.in_order`)."""

    def __init__(
        self,
        site: Site,
        counts: Counts,
        entries: Sequence[Entry] = (),
        facets: tuple[tuple[str, str], ...] = (),
        scope: str = "",
    ) -> None:
        self.site = site
        self.taxonomy = site.taxonomy
        self.counts = counts
        self.entries = entries
        self.facets = facets
        self.scope = scope
        # Decisions honouring many (site-wide figures only): each with what it adds, its
        # recipients less those counted through their own profile (DecisionEntry.counted).
        self.decisions: list[tuple[DecisionEntry, int]] = []

    def count(self, name: str) -> Counter[Any]:
        """A copy of the scope's count `name` (statcounts.iter_parts names them)."""
        return self.counts.count(self.scope + name)

    def by_group(self, name: str) -> dict[Any, Counter[Any]]:
        """The scope's count `name` of (group, key) pairs, as a Counter of keys per group."""
        return self.counts.by_group(self.scope + name)

    @property
    def pair_count(self) -> int:
        """Awards in force of the entries (each with its entry: a "pair")."""
        return self.counts.number(self.scope + "pairs")

    @property
    def total(self) -> int:
        """Awards counted by the sections that add decisions' lists: profiles' and lists'."""
        return self.pair_count + sum(n for _d, n in self.decisions)

    def listed(self, key: Callable[[DecisionEntry], str | None]) -> Counter[str]:
        """Awards of the decisions' lists by `key` (None: not counted in that section)."""
        counts: Counter[str] = Counter()
        for found, n in self.decisions:
            value = key(found)
            if value is not None and n:
                counts[value] += n
        return counts

    @property
    def lists_note(self) -> str:
        """`LISTS_NOT_COUNTED` when some decision's list is counted elsewhere, else ""."""
        return LISTS_NOT_COUNTED if any(n for _d, n in self.decisions) else ""

    def search(self, *facets: tuple[str, str]) -> Link:
        return search_link(*self.facets, *facets)

    def level_facet(self, key: str) -> tuple[str, str]:
        label = self.taxonomy.levels.get(key)
        return FACET_LEVEL, label.vi if label is not None else key

    def role_link(self, role: str) -> Link | None:
        # The role rolls cover the whole site: a narrower set (a province) has none.
        if self.facets or role not in ROLE_ROLLS:
            return None
        return Link(f"danh-sach/vi-tri/{ROLE_ROLLS[role][0]}/")

    def area_link(self, area: str) -> Link | None:
        if self.facets or area not in AREA_ROLLS:
            return None
        return Link(f"danh-sach/dia-ban/{AREA_ROLLS[area][0]}/")

    def level_labels(self) -> dict[str, str]:
        return {key: label.vi for key, label in self.taxonomy.levels.items()}
