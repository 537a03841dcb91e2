"""The counts every statistic is made from, summed from each published entry's facts and kept
from one build to the next by entry key (issue #21).

Every figure of the statistics page, of a province and of a campaign counts published entries
or their awards in force. What a section reads of one entry is its `facts` (plain data: kind,
place, role, areas, and per award its level, year, issuer…), and an entry adds the same to the
counts whatever the others are: the counts are a sum. So an edit's counts are the last build's
less the facts of the entries that changed or left, plus those they have now
(`kept_counts`): it reads its own profiles, not the roll, where `compute_statistics` made
every section from every entry (~0.1 ms a profile, ~10 s at 100,000).

What is not a sum is settled after the counts, by the roll's order (`Counts.in_order`): the
spelling that names an issuer's or unit's group (the most frequent, ties by the first met),
and the label of a place recorded abroad (the last met: two spellings of a country may share
its key). The revoked awards are listed by entry (`Counts.revoked`, few).
"""

from __future__ import annotations

import marshal
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from generator.model.areaclasses import AreaClassifier
from generator.model.entries import Entry, Site
from generator.model.overawarding import spelling, text_key, unit_name
from generator.model.phrases import Phrase
from generator.model.statistics import (
    AREA_LABELS,
    CLASSIFIED,
    UNKNOWN,
    place_key,
    province_key,
    recorded_place,
)
from generator.model.statsfigures import collective_scale

# What `facts` returns, by position (a tuple: ~100,000 of them are kept, marshalled).
KIND, SECTOR, GROUPS, ROLE, GENDER, SCALE, AREAS, PLACE, PLACE_LABEL, ZERO = range(10)
PROVINCE, FORM, RECORDED, UNIT, UNIT_INDEX, CAMPAIGNS, PROFILE_AREAS, REVOKED, AWARDS = range(
    10, 19
)
# And of each award in force, in `facts[AWARDS]`.
LEVEL, AWARD_FORM, AWARD_ID, RECORD_AWARD, YEAR, CAMPAIGN, ISSUER, ISSUER_INDEX, TYPE = range(9)

Facts = tuple[Any, ...]

# The first field of `Counts.dumps` (a head of the code before, which held every entry's
# facts, is not taken).
HEAD = "counts-head-2"


class MissingFacts(KeyError):
    """An entry's facts are not kept under the key it was counted with."""


def entry_facts(entry: Entry, classifier: AreaClassifier, sizes: SizeIndex) -> Facts:
    """What the statistics read of `entry` (and its awards in force), as plain data."""
    profile, locality = entry.profile, entry.locality
    found = classifier.classify(entry)
    place, place_label = place_key(locality)
    province = locality.current_province
    recorded, label, name = recorded_place(locality)
    unit = unit_name(entry)
    awards = tuple(
        (
            a.award.level,
            a.award.form,
            a.award.id,
            a.record.award,
            a.record.year,
            a.record.campaign,
            (text_key(issuer), spelling(issuer)) if (issuer := a.record.issuer) else None,
            sizes.issuers.get(text_key(issuer), -1) if issuer else -1,
            a.record.commendation_type or UNKNOWN,
        )
        for a in entry.active_awards
    )
    return (
        profile.kind,
        profile.sector or UNKNOWN,
        tuple(profile.target_groups or [UNKNOWN]),
        profile.work_role or UNKNOWN,
        profile.gender or UNKNOWN,
        collective_scale(entry),
        tuple((area, tuple(sorted(sources))) for area, sources in found.items()),
        place,
        place_label,
        province is not None or locality.form != "place",
        province_key(province) if province is not None else None,
        locality.form,
        (recorded, _label_spec(label), name),
        (text_key(unit), spelling(unit)) if unit is not None else None,
        sizes.units.get(text_key(unit), -1) if unit is not None else -1,
        entry.campaign_slugs,
        tuple(profile.locality.area),
        sum(1 for a in entry.awards if a.withdrawn),
        awards,
    )


class SizeIndex:
    """The units of `unit_sizes` (site_config.yml) by the grouping key of their name and of
    their issuers' names: which sizes an award counts for (overawarding.by_unit_size)."""

    def __init__(self, site: Site) -> None:
        sizes = site.config.unit_sizes
        self.units = {text_key(s.name): i for i, s in enumerate(sizes)}
        self.issuers = {text_key(name): i for i, s in enumerate(sizes) for name in s.issuers}


def _label_spec(label: str) -> tuple[str, ...]:
    """A recorded place's label as plain data (`recorded_place` makes a Phrase or a str)."""
    if not isinstance(label, Phrase):
        return (str(label),)
    return (label.msgid, *(f"{k}\0{v}" for k, v in sorted(label.args.items())))


def _label(spec: tuple[str, ...]) -> str:
    """The label `_label_spec` made plain data of."""
    if len(spec) == 1:
        return spec[0]
    return Phrase(spec[0], **dict(arg.split("\0", 1) for arg in spec[1:]))


def iter_parts(slug: str, facts: Facts) -> Iterator[tuple[str, Any]]:
    """(count, key) of each thing `facts` add one to; a count of a province's or campaign's
    figures is named after its scope ("p/<slug>/level", "c/<slug>/level")."""
    kind, role, areas, place = facts[KIND], facts[ROLE], facts[AREAS], facts[PLACE]
    coverage = CLASSIFIED if areas else UNKNOWN
    area_keys = [area for area, _sources in areas]
    year_areas = [a for a in AREA_LABELS if a in area_keys] if areas else [UNKNOWN]
    province = facts[PROVINCE]
    scope = f"p/{province[0]}/" if province is not None else ""
    unit = facts[UNIT]
    yield "form_of_place", facts[FORM]
    if facts[ZERO]:
        yield "place_zero", place
    if province is not None:
        yield "province", province[0]
    if facts[REVOKED]:
        yield "revoked", slug
    for source in sorted(set().union(*(sources for _area, sources in areas))):
        yield "source", source
    for area in set(facts[PROFILE_AREAS]):
        yield "profile_area", area
    for award in facts[AWARDS]:
        level, year = award[LEVEL], award[YEAR]
        yield "pairs", ""
        yield "level", level
        yield "form", award[AWARD_FORM]
        yield "award_id", award[AWARD_ID]
        yield "award", award[RECORD_AWARD]
        yield "year", str(year)
        yield "campaign", award[CAMPAIGN] or UNKNOWN
        yield "place", place
        yield "recorded", facts[RECORDED][0]
        yield "recorded_label", facts[RECORDED]
        yield "kind", kind
        yield "sector", facts[SECTOR]
        for group in facts[GROUPS]:
            yield "group", group
        yield "role", role
        yield "level_role", (level, role)
        yield "coverage", coverage
        for area in area_keys:
            yield "area", area
        issuer = award[ISSUER]
        if issuer is None:
            yield "issuer_unknown", ""
        else:
            yield "issuer", (issuer[0], str(year), level)
            yield "issuer_spelling", issuer
        if kind != "household":
            yield "unit_total", ""
            if unit is None:
                yield "unit_unknown", ""
            else:
                yield "unit", (unit[0], str(year))
                yield "unit_spelling", unit
        # Once for a unit even when both the recipient's unit and the signer belong to it.
        for i in {facts[UNIT_INDEX], award[ISSUER_INDEX]} - {-1}:
            yield "unit_size", (i, str(year))
        yield "year_role", (year, role)
        yield "year_coverage", (year, coverage)
        for area in year_areas:
            yield "year_area", (year, area)
        if kind in ("collective", "model"):
            yield "level_scale", (level, facts[SCALE])
        yield "level_type", (level, award[TYPE])
        if kind == "individual":
            yield "level_gender", (level, facts[GENDER])
            yield "year_gender", (year, facts[GENDER])
        if scope:
            yield f"{scope}pairs", ""
            yield f"{scope}level", level
            yield f"{scope}kind", kind
            yield f"{scope}role", role
            yield f"{scope}coverage", coverage
    # A campaign's members: listed, or named by an award in force (Entry.campaign_slugs).
    for campaign in facts[CAMPAIGNS]:
        scope = f"c/{campaign}/"
        yield f"{scope}members", ""
        yield f"{scope}place", place
        for group in facts[GROUPS]:
            yield f"{scope}group", group
        for award in facts[AWARDS]:
            if award[CAMPAIGN] == campaign:
                yield f"{scope}pairs", ""
                yield f"{scope}level", award[LEVEL]


class Counts:
    """The counts of a set of published entries (`iter_parts` summed), with the labels the
    sections show for their keys, each entry's key by slug, and the facts of the entries read
    now (the others' are `stored`'s)."""

    def __init__(self) -> None:
        self.totals: dict[str, dict[Any, int]] = {}
        # Labels fixed by their key (a province's full name by its slug), never taken back.
        self.place_labels: dict[str, str] = {}
        self.province_names: dict[str, str] = {}
        # Per slug: the entry key its facts were read under.
        self.keys: dict[str, str] = {}
        # Per slug read by this build: its facts, marshalled (decoded when the entry leaves
        # or the roll's order is asked); the others' are `stored`'s (kept_counts).
        self.facts: dict[str, bytes] = {}
        self.stored: Callable[[str], tuple[str, bytes] | None] | None = None
        self.left: set[str] = set()  # counted out since `stored`'s: their facts to drop
        self._spellings: dict[str, dict[str, dict[str, int]]] = {}

    def add(self, slug: str, facts: Facts, key: str, sign: int = 1) -> None:
        """Count `facts` of the entry `slug` (read under `key`) in, or out with `sign` -1."""
        totals = self.totals
        for name, part in iter_parts(slug, facts):
            counts = totals.get(name)
            if counts is None:
                counts = totals[name] = {}
            value = counts.get(part, 0) + sign
            if value:
                counts[part] = value
            else:
                del counts[part]  # a key counted no more is not a row (nor a roll's link)
        if sign > 0:
            self.place_labels[facts[PLACE]] = facts[PLACE_LABEL]
            if facts[PROVINCE] is not None:
                self.province_names[facts[PROVINCE][0]] = facts[PROVINCE][1]
            self.keys[slug], self.facts[slug] = key, marshal.dumps(facts)
            self.left.discard(slug)
        else:
            self.keys.pop(slug, None)
            self.facts.pop(slug, None)
            self.left.add(slug)

    def count(self, name: str) -> Counter[Any]:
        """A copy of the count `name` (empty when nothing was counted)."""
        return Counter(self.totals.get(name, {}))

    def by_group(self, name: str) -> dict[Any, Counter[Any]]:
        """The count `name` of (group, key) pairs, as a Counter of keys per group."""
        groups: dict[Any, Counter[Any]] = defaultdict(Counter)
        for (group, key), n in self.totals.get(name, {}).items():
            groups[group][key] = n
        return groups

    def number(self, name: str) -> int:
        """The count of the one-key count `name` ("pairs", "unit_total"…)."""
        return self.totals.get(name, {}).get("", 0)

    def facts_of(self, slug: str) -> Facts:
        """The facts the entry `slug` was counted with (`MissingFacts`: not known)."""
        data = self.facts.get(slug)
        if data is None:
            found = self.stored(slug) if self.stored is not None else None
            # Saved under another key than the one counted: a build stopped between saving
            # the facts and the head (incremental.keptcounts).
            if found is None or found[0] != self.keys.get(slug):
                raise MissingFacts(slug)
            data = found[1]
        return marshal.loads(data)  # type: ignore[no-any-return]

    def in_order(self, published: Iterable[Entry]) -> Iterator[Facts]:
        """The facts of `published`, in that order: for what the roll's order settles."""
        for entry in published:
            yield self.facts_of(entry.slug)

    def spelling(self, name: str, key: str, published: Iterable[Entry]) -> str:
        """How the group `key` of issuers ("issuer") or units ("unit") is shown: its most
        frequent spelling; of those as frequent, the one met first in `published`' awards."""
        index = self._spellings.get(name)
        if index is None:
            index = self._spellings[name] = defaultdict(dict)
            for (group, text), n in self.totals.get(f"{name}_spelling", {}).items():
                index[group][text] = n
        found = index[key]
        most = max(found.values())
        tied = {text for text, n in found.items() if n == most}
        if len(tied) == 1:
            return tied.pop()
        for facts in self.in_order(published):
            for award in facts[AWARDS]:
                met = award[ISSUER] if name == "issuer" else facts[UNIT]
                if name == "unit" and facts[KIND] == "household":
                    break
                if met is not None and met[0] == key and met[1] in tied:
                    return str(met[1])
        raise KeyError(key)  # a counted spelling is met in the roll

    def recorded_labels(self, published: Iterable[Entry]) -> dict[str, tuple[str, str]]:
        """(label, search text) of each key of the places as recorded ("recorded"): what
        their one spelling says, or of several (a country's, by its slug), the last met in
        `published`' awards."""
        found: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for spec in self.totals.get("recorded_label", {}):
            found[spec[0]].append(spec)
        many = {key for key, specs in found.items() if len(specs) > 1}
        last = {key: specs[0] for key, specs in found.items()}
        if many:
            for facts in self.in_order(published):
                if facts[AWARDS] and facts[RECORDED][0] in many:
                    last[facts[RECORDED][0]] = facts[RECORDED]
        return {key: (_label(spec[1]), spec[2]) for key, spec in last.items()}

    def read(self, site: Site, entries: Iterable[Entry], keys: dict[str, str]) -> None:
        """Count `entries` in, each one's facts read now (`keys`: each slug's entry key, kept
        with its facts; "" where not known)."""
        classifier, sizes = AreaClassifier(site), SizeIndex(site)
        for entry in entries:
            self.add(entry.slug, entry_facts(entry, classifier, sizes), keys.get(entry.slug, ""))

    def revoked(self) -> set[str]:
        """Slugs of the entries with an annulled or stripped award."""
        return set(self.totals.get("revoked", {}))

    def dumps(self, context: str) -> bytes:
        """The counts, their labels and each entry's key as one marshal, for `kept_counts`
        under `context` (the facts are saved apart: `saved_facts`)."""
        return marshal.dumps(
            (HEAD, context, self.totals, self.place_labels, self.province_names, self.keys)
        )

    def saved_facts(self) -> tuple[dict[str, tuple[str, bytes]], set[str], bool]:
        """The facts to save beside `dumps` (by slug: entry key, marshalled facts), the slugs
        whose saved facts are to go, and whether these are all the facts (counted whole)."""
        made = {slug: (self.keys[slug], data) for slug, data in self.facts.items()}
        return made, set(self.left), self.stored is None


def count_entries(site: Site, published: Iterable[Entry], keys: dict[str, str]) -> Counts:
    """The counts of `published`, each entry's facts read now (`keys`: each slug's entry key,
    kept with its facts; "" where not known)."""
    counts = Counts()
    counts.read(site, published, keys)
    return counts


def kept_counts(
    site: Site,
    published: list[Entry],
    keys: dict[str, str],
    context: str,
    kept: bytes,
    stored: Callable[[str], tuple[str, bytes] | None] | None = None,
) -> Counts:
    """The counts of `published`: those `kept` (a `Counts.dumps` of an earlier build) if made
    under `context`, less the entries whose key in `keys` is not the one they were counted
    under (or which are no longer published), plus those entries' facts now; else counted
    whole. An entry without a key ("") is always read again. `stored`: the facts saved with
    `kept` (`Counts.saved_facts`) by slug; an entry's facts not found there under the key
    counted: counted whole."""
    counts = Counts()
    try:
        loaded = marshal.loads(kept) if kept else None
    except (EOFError, ValueError, TypeError):
        loaded = None
    if not (
        isinstance(loaded, tuple)
        and len(loaded) == 6
        and loaded[0] == HEAD
        and loaded[1] == context
        and context
        and stored is not None
    ):
        return count_entries(site, published, keys)
    _head, _context, counts.totals, counts.place_labels, counts.province_names, known = loaded
    counts.keys, counts.stored = known, stored
    # Read again: the entries whose key is not the one they were counted under (or none).
    changed: list[Entry] = []
    current: set[str] = set()
    for entry in published:
        slug = entry.slug
        current.add(slug)
        key, found = keys.get(slug), known.get(slug)
        if not key or found is None or found != key:
            changed.append(entry)
    gone = [slug for slug in known if slug not in current]
    try:
        for slug in gone + [e.slug for e in changed if e.slug in known]:
            counts.add(slug, counts.facts_of(slug), "", -1)
    except MissingFacts:
        return count_entries(site, published, keys)
    counts.read(site, changed, keys)
    return counts
