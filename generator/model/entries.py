"""The Site model's types: a profile's Entry (what its records resolve to is in
model.resolved), decisions, clusters, the Site itself, and the vocabulary they carry.

`build_site` (model.site) makes them; every later stage reads them. This module checks
nothing and imports no check, so the outputs depend on the types without the checks.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar, overload

from generator.model.resolved import ResolvedAward, ResolvedLocality, ResolvedPractice, award_date
from generator.reference.adminunits import AdminUnits
from generator.reference.taxonomy import Award, Taxonomy
from generator.source.config import SiteConfig
from generator.source.documents import (
    HOUSEHOLD_FORMS,
    AwardRecord,
    Campaign,
    Cluster,
    ClusterFlag,
    ClusterMember,
    Decision,
    DecisionRecipient,
    Photo,
    Profile,
    Proposal,
)
from generator.source.load import Document
from generator.vntext import (
    collation_key,
    fold,
    name_sort_key,
    nfc,
    search_key,
    split_full_name,
)

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Sensitive field -> the consent flag that must allow it (DOMAIN.md, personal data).
SENSITIVE_FIELDS: dict[str, str] = {
    "birth_date": "birth_date",
    "birth_year": "birth_date",
    "ethnicity": "ethnicity",
    "religion": "religion",
    "health": "health",
    "address": "address",
}
# Slugs that name files of the open data (generator.opendata.publish) beside the per-slug ones: the
# profile list's pages, the campaigns' index and sitemap of feeds.
PROFILE_API = "api/v1/profiles/"
CAMPAIGN_API = "api/v1/campaigns/"
DECISION_API = "api/v1/decisions/"
# A profile kind's name and its roll's path (pages, statistics, search and open data say the
# same).
KIND_NAMES = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "model": "Mô hình",
    "household": "Hộ gia đình",
}
KIND_ROLLS = {
    "individual": "ca-nhan",
    "collective": "tap-the",
    "model": "mo-hinh",
    "household": "ho-gia-dinh",
}
RECIPIENT_OF_KIND = {
    "individual": "individual",
    "collective": "collective",
    "model": "collective",
    "household": "household",
}
# Household forms, longest words first, keyed as search_key writes them (with diacritics:
# "Hồ" is a family name, "Hộ" a household).
_HOUSEHOLD_WORDS = sorted(
    ((search_key(words), form) for form, words in HOUSEHOLD_FORMS.items()),
    key=lambda item: -len(item[0]),
)


def split_household_name(text: str) -> tuple[str, str] | None:
    """ "Hộ ông Lò Văn A" → ("ho-ong", "Lò Văn A"); None when no household form starts it."""
    words = nfc(text).split()
    key = search_key(" ".join(words))
    for prefix, form in _HOUSEHOLD_WORDS:
        size = len(prefix.split())
        if key.startswith(prefix + " ") and len(words) > size:
            return form, " ".join(words[size:])
    return None


_Owner = TypeVar("_Owner")
_Value = TypeVar("_Value")


class cached_once(Generic[_Owner, _Value]):
    """`functools.cached_property` without its lock: the value is computed on first read and
    stored in the instance, which answers every later read itself."""

    # Python 3.11's cached_property takes an RLock on every first read (3.12 dropped it): 3.5
    # against 1.2 µs, for each of the ~10 properties of each entry that the check, rolls,
    # statistics, search and open data read (issue #21). Two threads reading one first
    # compute the same value twice: the model is never changed once built.

    def __init__(self, func: Callable[[_Owner], _Value]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type[_Owner], name: str) -> None:
        self.name = name

    @overload
    def __get__(
        self, obj: None, owner: type[_Owner] | None = None
    ) -> cached_once[_Owner, _Value]: ...

    @overload
    def __get__(self, obj: _Owner, owner: type[_Owner] | None = None) -> _Value: ...

    def __get__(
        self, obj: _Owner | None, owner: type[_Owner] | None = None
    ) -> _Value | cached_once[_Owner, _Value]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass
class Entry:
    """A profile in the Site model, with everything resolved."""

    profile: Profile
    doc: Document
    locality: ResolvedLocality
    awards: list[ResolvedAward]  # highest first: honorary titles, precedence, class, date
    photos: list[tuple[Photo, Path]]  # photos whose files passed the path and header checks
    practice: ResolvedPractice | None = None  # a model's structured facts (`model:`)

    # Cached (as the properties below): rolls, statistics, search and open data ask for them
    # many times per entry (at 10,000 profiles, 300,000 times). An Entry is never changed once
    # the model is built.
    @cached_once
    def active_awards(self) -> tuple[ResolvedAward, ...]:
        """Awards in force (neither revoked nor refused), highest first."""
        return tuple(a for a in self.awards if a.record.status == "active")

    @cached_once
    def shown_awards(self) -> tuple[ResolvedAward, ...]:
        """Awards a profile shows: active, annulled and stripped (marked as such), highest first."""
        shown = ("active", "revoked", "stripped")
        return tuple(a for a in self.awards if a.record.status in shown)

    @cached_once
    def shown_proposals(self) -> tuple[Proposal, ...]:
        """Proposals that may be published for comment: a candidate's, and those of a
        published entry (which keeps every decision already made on every page)."""
        profile = self.profile
        found: list[Proposal] = []
        if profile.status == "proposed" and profile.proposal is not None:
            found.append(profile.proposal)
        if profile.status in ("proposed", "published"):
            found += profile.proposals
        return tuple(found)

    def proposals_open(self, today: dt.date, upcoming: bool = False) -> list[Proposal]:
        """The entry's proposals whose comment window is open on `today` (with `upcoming`,
        also those still to open)."""
        return [
            p
            for p in self.shown_proposals
            if (upcoming or p.window_start <= today) and today <= p.window_end
        ]

    @cached_once
    def top_award(self) -> ResolvedAward | None:
        """The highest award in force, if any."""
        active = self.active_awards
        return active[0] if active else None

    @cached_once
    def updated(self) -> dt.date | None:
        """The "cập nhật" date: the stated one, else the latest dated fact in the profile."""
        if self.profile.updated is not None:
            return self.profile.updated
        dates = [r.decision_date for r in self.profile.awards if r.decision_date is not None]
        dates += [r.revocation.date for r in self.profile.awards if r.revocation is not None]
        return max(dates) if dates else None

    @cached_once
    def campaign_slugs(self) -> tuple[str, ...]:
        """Campaigns the entry belongs to: listed, or named by one of its awards in force."""
        slugs = list(self.profile.campaigns)
        for record in self.profile.awards:
            if record.campaign and record.status == "active" and record.campaign not in slugs:
                slugs.append(record.campaign)
        return tuple(slugs)

    @property
    def consented_facts(self) -> dict[str, object]:
        """Sensitive fields the person consented to publish, by field name; nothing else.

        Every output (pages, API, search, feeds) takes sensitive data from here only, so a
        withdrawn consent is one flag and a rebuild.
        """
        profile, consent = self.profile, self.profile.consent
        facts: dict[str, object] = {}
        for key, flag in SENSITIVE_FIELDS.items():
            value = getattr(profile, key)
            if value is not None and getattr(consent, flag) is True:
                facts[key] = value
        return facts

    @property
    def public_photos(self) -> list[tuple[Photo, Path]]:
        """Photos with their checked files, only when the person consented to publication."""
        if self.profile.consent.photo is not True:
            return []
        return list(self.photos)

    @property
    def relpath(self) -> str:
        """The source file, relative to the project root."""
        return self.doc.relpath

    def release_source(self) -> None:
        """Let the parsed data of the entry's source go (`Document.release`)."""
        self.doc.release()

    @cached_once
    def slug(self) -> str:
        """The stored slug."""
        return self.profile.slug

    @cached_once
    def display_name(self) -> str:
        """The name as shown: "Nguyễn Thị Hoa" or the collective's full name."""
        name = self.profile.name
        if self.profile.kind in ("individual", "household"):
            parts = [name.family, name.middle, name.given]
            person = " ".join(p for p in parts if p)
            if self.profile.kind == "household" and name.form is not None:
                return f"{HOUSEHOLD_FORMS[name.form]} {person}"
            return person
        return name.full or ""

    @cached_once
    def sort_names(self) -> tuple[str | None, ...]:
        """The words `sort_key` orders by (`sort_names` of the profile)."""
        return sort_names(self.profile)

    @cached_once
    def sort_key(self) -> tuple[object, ...]:
        """Vietnamese order: given, middle, family for people and heads of households; the
        full name otherwise."""
        return name_order(self.sort_names, self.slug)

    @property
    def status(self) -> str:
        """The profile's status (published, proposed, withdrawn...)."""
        return self.profile.status

    @cached_once
    def proposal_windows(self) -> tuple[tuple[int, int, str], ...]:
        """Each shown proposal's comment window (first and last day, as ordinals) and award
        id: what the proposals' pages are found and keyed by (`Site.open_windows`)."""
        return tuple(
            (p.window_start.toordinal(), p.window_end.toordinal(), p.award)
            for p in self.shown_proposals
        )


def sort_names(profile: Profile) -> tuple[str | None, ...]:
    """The words of a profile's name order (`name_order`): family, middle and given names
    of people and heads of households; the short or full name otherwise."""
    name = profile.name
    if profile.kind in ("individual", "household"):
        return (name.family or "", name.middle, name.given or "")
    return (name.short or name.full or "",)


def _sort_key(entry: Entry) -> tuple[object, ...]:
    return entry.sort_key


def name_order(names: tuple[str | None, ...], slug: str) -> tuple[object, ...]:
    """`Entry.sort_key` of the words `sort_names` gave and the slug."""
    if len(names) == 3:
        return (name_sort_key(names[0] or "", names[1], names[2] or ""), slug)
    # Same shape as a person's key so mixed lists (all kinds together) still sort.
    return ((collation_key(names[0] or ""), collation_key(""), collation_key("")), slug)


@dataclass
class Recipient:
    """One line of a decision's list, with its kind and Vietnamese sort key."""

    line: DecisionRecipient
    kind: str  # individual, collective or household

    @cached_once
    def sort_key(self) -> tuple[object, ...]:
        """People and heads of households by given name (as `Entry.sort_key`); collectives
        by their full name."""
        name = self.line.name
        if self.kind == "household":
            name = (split_household_name(name) or ("", name))[1]
        if self.kind == "collective":
            return (collation_key(name), collation_key(""), collation_key(""))
        family, middle, given = split_full_name(name)
        return name_sort_key(family, middle, given)


@dataclass
class DecisionEntry:
    """A decision honouring many (decisions/<slug>.yml), with everything resolved."""

    decision: Decision
    doc: Document
    locality: ResolvedLocality
    award: ResolvedAward | None  # None when the award is unknown (reported)
    recipients: list[Recipient]  # in Vietnamese name order
    # Recipients also counted through a profile (same award and decision number): the
    # statistics count them once, there.
    with_profiles: int = 0

    @property
    def slug(self) -> str:
        """The stored slug."""
        return self.decision.slug

    @property
    def relpath(self) -> str:
        """The source file, relative to the project root."""
        return self.doc.relpath

    @property
    def count(self) -> int:
        """How many the decision honours: `count` when given, else the lines of the list."""
        return self.decision.count or len(self.recipients)

    @property
    def counted(self) -> int:
        """What the statistics add for this decision: its count less those with profiles."""
        return max(self.count - self.with_profiles, 0)

    @property
    def award_text(self) -> str:
        """The award's display name with class, as of the decision's date."""
        return self.award.display if self.award is not None else self.decision.award

    @cached_once
    def title(self) -> str:
        """ "Quyết định số 45/QĐ-UBND ngày 20/12/2025 của Chủ tịch UBND xã …"."""
        d = self.decision
        return (
            f"Quyết định số {d.decision_number} ngày {d.decision_date.strftime('%d/%m/%Y')} "
            f"của {d.issuer}"
        )

    @cached_once
    def subject(self) -> str:
        """What it decides: the recorded `subject`, else "khen thưởng 30 hộ gia đình: …"."""
        if self.decision.subject:
            return self.decision.subject
        who = DECISION_KIND_WORDS[self.decision.kind]
        return f"{self.count} {who}: {self.award_text} năm {self.decision.year}"


# How a decision's subject names its recipients when no `subject` is recorded.
DECISION_KIND_WORDS = {
    "individual": "cá nhân",
    "collective": "tập thể",
    "household": "hộ gia đình",
}


@dataclass
class ClusterMemberEntry:
    """A member of a cluster: its published profile when it has one, else its name and place."""

    member: ClusterMember
    entry: Entry | None  # the published collective profile
    locality: ResolvedLocality | None  # a member without a profile: where it is

    @property
    def name(self) -> str:
        """The profile's display name, else the recorded name."""
        if self.entry is not None:
            return self.entry.display_name
        return self.member.name or self.member.profile or ""

    def named_by(self, ref: str) -> bool:
        """True if `ref` (a profile slug or a name, as a cluster file writes them) is this."""
        if self.member.profile is not None and ref == self.member.profile:
            return True
        return fold(ref) in {fold(self.name), fold(self.member.name or "")}


@dataclass
class ClusterFlagEntry:
    """A flag (Cờ thi đua) a cluster's year records, resolved."""

    year: int
    flag: ClusterFlag
    member: ClusterMemberEntry
    award: Award

    @cached_once
    def on_profile(self) -> ResolvedAward | None:
        """The same award and year on the member's profile, in force (read when shown: a
        kept profile is unpickled only then)."""
        entry = self.member.entry
        if entry is None:
            return None
        return next(
            (
                a
                for a in entry.active_awards
                if a.record.award == self.flag.award and a.record.year == self.year
            ),
            None,
        )

    @property
    def award_text(self) -> str:
        """The flag's name as its member's profile shows it, else the taxonomy's as of its
        decision (else its year's end)."""
        if self.on_profile is not None:
            return self.on_profile.display
        return self.award.display(None, self.flag.decision_date or dt.date(self.year, 12, 31))


@dataclass
class ClusterEntry:
    """An emulation cluster or block (clusters/<slug>.yml), with its members resolved."""

    cluster: Cluster
    doc: Document
    members: list[ClusterMemberEntry]
    flags: list[ClusterFlagEntry]  # by year, then as recorded
    campaigns: list[str] = field(default_factory=list)  # campaigns whose `cluster` names it

    @property
    def slug(self) -> str:
        """The stored slug."""
        return self.cluster.slug

    @property
    def relpath(self) -> str:
        """The source file, relative to the project root."""
        return self.doc.relpath

    def member(self, ref: str) -> ClusterMemberEntry | None:
        """The member a leader, signatory or flag names (profile slug or name)."""
        return next((m for m in self.members if m.named_by(ref)), None)

    def flags_of(self, year: int) -> list[ClusterFlagEntry]:
        """The flags recorded for `year`."""
        return [f for f in self.flags if f.year == year]


def cluster_names_campaign(cluster: Cluster, campaign: Campaign) -> bool:
    """True if the campaign's free-text `cluster` is this cluster's slug or name."""
    text = campaign.cluster
    return text is not None and (text == cluster.slug or fold(text) == fold(cluster.name))


@dataclass
class Site:
    """The whole validated site: configuration, taxonomy, profiles and campaigns."""

    root: Path
    config: SiteConfig
    taxonomy: Taxonomy
    admin: AdminUnits
    entries: list[Entry] = field(default_factory=list)
    campaigns: dict[str, tuple[Campaign, Document]] = field(default_factory=dict)
    decisions: list[DecisionEntry] = field(default_factory=list)  # newest first
    clusters: list[ClusterEntry] = field(default_factory=list)  # by name
    _published: tuple[tuple[int, ...], list[Entry]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # The published order of the last build (`keep_order`): slug -> (rank, `sort_names`).
    _last_order: dict[str, tuple[int, tuple[str | None, ...]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def keep_order(self, slugs: list[str], names: list[tuple[str | None, ...]]) -> None:
        """Take `published` of the last build (its slugs and their `sort_names`, made by this
        very code): entries with the same slug and names are not sorted again."""
        self._last_order = {
            slug: (rank, n) for rank, (slug, n) in enumerate(zip(slugs, names, strict=True))
        }
        self._published = None

    def published(self) -> list[Entry]:
        """Published entries in Vietnamese name order."""
        # Sorted once while `entries` holds the same entries (rendering, statistics, search
        # and open data each ask: 0.1 s a time at 10,000 profiles).
        stamp = (id(self.entries), len(self.entries), *map(id, self.entries[-1:]))
        if self._published is None or self._published[0] != stamp:
            # The status and the order from a kept entry's row (model.checkrows): nothing of
            # the roll is unpickled here (issue #21).
            found = [e for e in self.entries if e.status == "published"]
            self._published = (stamp, self._sorted(found))
        return list(self._published[1])

    def _sorted(self, found: list[Entry]) -> list[Entry]:
        """`found` in name order: those of the last build's order (`keep_order`) by their
        rank there, the others' keys made and each put in its place."""
        # Every entry's sort key and a sort of them all were ~8 µs a profile on each edit
        # (issue #21); an entry's key is its names' and slug's, so one whose names are the
        # last build's has its place among the others still.
        last = self._last_order
        if last is None:
            return sorted(found, key=_sort_key)
        # Each entry in its slot of the last order: no sort. (A slot taken already: a slug
        # twice, which a checked Site never holds; that entry is put in its place by key.)
        slots: list[Entry | None] = [None] * len(last)
        fresh: list[Entry] = []
        for entry in found:
            known = last.get(entry.slug)
            if known is not None and known[1] == entry.sort_names and slots[known[0]] is None:
                slots[known[0]] = entry
            else:
                fresh.append(entry)
        if len(fresh) * 16 > len(found):
            # Each insertion moves the list's tail: with many new places, one sort is less.
            return sorted(found, key=_sort_key)
        order = [entry for entry in slots if entry is not None]
        for entry in fresh:
            bisect.insort(order, entry, key=_sort_key)
        return order

    def open_proposals(
        self, today: dt.date, upcoming: bool = False
    ) -> list[tuple[Entry, Proposal]]:
        """Proposals whose public-comment window is open on `today` (with `upcoming`, also
        those still to open), with their entries: a candidate's (status proposed) and those of
        people already on the roll (`proposals`)."""
        return [(e, e.shown_proposals[i]) for e, i in self.open_windows(today, upcoming)]

    def open_windows(self, today: dt.date, upcoming: bool = False) -> list[tuple[Entry, int]]:
        """`open_proposals` as each entry and the index of the proposal among its
        `shown_proposals`, read of a kept entry's row (model.checkrows): a page kept by its
        key reads no profile (issue #21)."""
        day = today.toordinal()
        found = [
            (e, i)
            for e in self.entries
            if e.proposal_windows
            for i, (start, end, _award) in enumerate(e.proposal_windows)
            if (upcoming or start <= day) and day <= end
        ]
        return sorted(
            found, key=lambda pair: (pair[0].sort_key, pair[0].proposal_windows[pair[1]][0])
        )


def award_sort_key(taxonomy: Taxonomy, record: AwardRecord) -> tuple[object, ...]:
    """Listing order, highest first: taxonomy precedence, class (Nhất, Nhì, Ba), then date."""
    return (*taxonomy.sort_key(record.award, record.award_class), award_date(record))


def award_rank_key(taxonomy: Taxonomy, record: AwardRecord) -> tuple[object, ...]:
    """One recipient's order, highest first: honorary titles, precedence, class, date."""
    return (*taxonomy.rank_key(record.award, record.award_class), award_date(record))
