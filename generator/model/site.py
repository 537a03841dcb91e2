"""Model stage: gather every document, resolve cross-references, and build the Site model.

Everything is read and checked before anything is written (as MkDocs and Pelican do): this
module turns validated documents into one consistent `Site`, collecting every problem it
finds — unknown awards, classes, recipients, regimes, campaigns, duplicate slugs, unsafe
photo paths and files, consent, proposals, revocations, localities — instead of stopping at
the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
import stat
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Report, Severity, SourceError, class_codes, make_problem
from generator.incremental.buildcache import content_digest
from generator.incremental.memos import register as register_memo
from generator.model import englishfields, privacy
from generator.model.workdays import load_holidays
from generator.reference.adminunits import (
    NEW_ERA,
    OLD_ERA,
    AdminUnits,
    Era,
    Unit,
    capitalise_first,
    era_at,
    join_vi,
    load_admin_units,
)
from generator.reference.taxonomy import Award, RevocationGround, Taxonomy, load_taxonomy
from generator.source.config import Limits, SiteConfig, config_path
from generator.source.documents import (
    HOUSEHOLD_FORMS,
    AwardRecord,
    Campaign,
    Cluster,
    ClusterFlag,
    ClusterMember,
    Decision,
    DecisionRecipient,
    Locality,
    LocalityForm,
    ModelPractice,
    ModelRecognition,
    ModelReplication,
    Photo,
    Profile,
    Proposal,
)
from generator.source.load import (
    MAX_PHOTO_PIXELS,
    PHOTO_RULES,
    Document,
    Loc,
    PackedPositions,
    PhotoFinding,
    check_photo_header,
    iter_source_names,
    load_front_matter_document,
    load_yaml_document,
    pack_positions,
    read_source,
    relative_path,
)
from generator.source.markdownguard import WORK_BUDGET, markdown_work
from generator.source.validate import field_path, validate_document
from generator.vntext import (
    LOOKALIKES,
    collation_key,
    confusable_key,
    fold,
    name_sort_key,
    nfc,
    search_key,
    slugify,
    split_full_name,
)

PROFILES_DIR = "profiles"
CAMPAIGNS_DIR = "content/campaigns"
DECISIONS_DIR = "decisions"
CLUSTERS_DIR = "clusters"  # emulation clusters and blocks (cụm, khối thi đua)
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
RESERVED_PROFILE_SLUG = re.compile(r"^(index|page-\d+)$")
RESERVED_CAMPAIGN_SLUGS = frozenset({"index", "sitemap"})
DECISION_API = "api/v1/decisions/"
# Art. 93 of Law 06/2022: a decision is annulled (hủy bỏ; insignia and money recovered, thu
# hồi); a state honorary title is stripped (tước).
WITHDRAWAL_LABELS = {"revoked": "Quyết định đã bị hủy bỏ", "stripped": "Đã bị tước danh hiệu"}
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


# What a profile shows, and statistics count, for a locality that names no Vietnamese unit.
UNKNOWN_PLACE_TEXT = "Chưa rõ địa phương"
FOREIGN_PLACE_TEXT = "Nước ngoài"


@dataclass(frozen=True)
class ResolvedLocality:
    """A locality as recorded, and the units it resolves to then and now.

    A place the source does not give (`form == "unknown"`) or a foreign country ("foreign")
    resolves to no unit at all: no era, no province then or now, so no province roll, figure or
    facet can take it for one.
    """

    recorded: Locality
    era: Era | None
    units: tuple[Unit, ...]  # province, [district], [commune] in the recorded era
    current_province: Unit | None
    current_units: tuple[Unit, ...]  # today's commune(s), or the province alone

    @property
    def form(self) -> LocalityForm:
        """The form: "place" (a Vietnamese unit, resolved or not), "unknown" or "foreign"."""
        return self.recorded.form

    @property
    def country(self) -> str | None:
        """The foreign country as recorded ("Liên bang Nga"), else None."""
        return self.recorded.country

    def recorded_text(self) -> str:
        """The locality as the record gives it, smallest unit first; the country abroad;
        "Chưa rõ địa phương" when the source gives no place."""
        if self.recorded.unknown:
            return UNKNOWN_PLACE_TEXT
        if self.recorded.country is not None:
            return self.recorded.country
        if self.units:
            # Unit types lower-case inside the line (Decree 30/2020): "Xã Triệu Thành, huyện
            # Triệu Phong, tỉnh Quảng Trị".
            names = ", ".join(u.running_name for u in reversed(self.units))
            return capitalise_first(names)
        parts = [self.recorded.commune, self.recorded.district, self.recorded.province]
        return ", ".join(p for p in parts if p)

    def current_text(self, inline: bool = False) -> str:
        """Today's unit(s): commune(s) and province after the 2025 reform ("" without);
        capitalised as a line's start unless `inline` ("nay là xã Triệu Phong, …")."""
        if self.current_province is None:
            return ""
        communes = [u.running_name for u in self.current_units if u.level == 3]
        prov = self.current_province.running_name
        text = f"{join_vi(communes)}, {prov}" if communes else prov
        return text if inline else capitalise_first(text)

    def short_text(self) -> str:
        """The place in one line where space is short (cards, rolls, embeds, search, JSON-LD):
        today's unit(s), else the place as recorded."""
        return self.current_text() or self.recorded_text()

    def now_text(self) -> str:
        """ "nay là xã Triệu Phong, tỉnh Quảng Trị", or "nay thuộc phường A và phường B, …"
        when the recorded unit was split; "" when unchanged or unresolved."""
        today = self.current_text(inline=True)
        if not self.changed or not today:
            return ""
        split = len([u for u in self.current_units if u.level == 3]) > 1
        split = split or any(u.partial for u in self.units[-1:])
        return f"{'nay thuộc' if split else 'nay là'} {today}"

    @property
    def province_slug(self) -> str | None:
        """URL slug of today's province ("quang-tri"), or None when unresolved."""
        return slugify(self.current_province.name) if self.current_province else None

    @property
    def changed(self) -> bool:
        """True when the recorded units are not today's (shown as "nay là …")."""
        return self.era == OLD_ERA


@dataclass(frozen=True)
class ResolvedAward:
    """An award record with its taxonomy entry."""

    record: AwardRecord
    award: Award
    ground: RevocationGround | None = None  # the Art. 93 ground of an annulment or stripping

    @property
    def withdrawn(self) -> bool:
        """True when the decision was annulled (hủy bỏ) or the title stripped (tước)."""
        return self.record.status in ("revoked", "stripped")

    @property
    def withdrawal_label(self) -> str:
        """ "Quyết định đã bị hủy bỏ" / "Đã bị tước danh hiệu" (Art. 93), or ""."""
        return WITHDRAWAL_LABELS.get(self.record.status, "")

    @property
    def withdrawal_text(self) -> str:
        """The annulling or stripping act in the law's words, as plain text (press kit, feed)."""
        act = self.record.revocation
        if not self.withdrawn or act is None:
            return ""
        verb = "Tước danh hiệu" if self.record.status == "stripped" else "Hủy bỏ"
        text = f"{verb} theo Quyết định số {act.number} ngày {act.date.strftime('%d/%m/%Y')}"
        if act.issuer:
            text += f" của {act.issuer}"
        if self.record.status == "revoked":
            text += "; hiện vật khen thưởng và tiền thưởng bị thu hồi"
        if self.ground is not None:
            text += f". Căn cứ {self.ground.law}: {self.ground.vi}"
        if act.reason:
            text += f". {act.reason}"
        return text + "."

    @property
    def display(self) -> str:
        """Display name with class as of the award's date; a generic category ("Bằng khen cấp
        Bộ, ban, ngành, tỉnh") named from its issuer, as a reader expects."""
        record = self.record
        if record.recorded_name and record.recorded_name in self.award.local_names:
            return record.recorded_name
        return self.award.display_for(
            record.award_class, award_date(record), record.issuer_level, record.issuer
        )


@dataclass(frozen=True)
class ResolvedReplication:
    """A place that copied a model, with its units then and now."""

    record: ModelReplication
    locality: ResolvedLocality


@dataclass(frozen=True)
class ResolvedRecognition:
    """Who recognised a model, with the profile's award given by the same decision if any."""

    record: ModelRecognition
    award: ResolvedAward | None


@dataclass(frozen=True)
class ResolvedPractice:
    """A model's structured facts (`model:`), places and acts resolved."""

    record: ModelPractice
    recognitions: tuple[ResolvedRecognition, ...]
    replications: tuple[ResolvedReplication, ...]

    @property
    def recognised_text(self) -> str:
        """ "Ban Thường vụ Thành ủy Cần Thơ (2024)"; several joined by "; "; "" when none."""
        return "; ".join(f"{r.record.by} ({r.record.year})" for r in self.recognitions)


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
    @functools.cached_property
    def active_awards(self) -> tuple[ResolvedAward, ...]:
        """Awards in force (neither revoked nor refused), highest first."""
        return tuple(a for a in self.awards if a.record.status == "active")

    @functools.cached_property
    def shown_awards(self) -> tuple[ResolvedAward, ...]:
        """Awards a profile shows: active, annulled and stripped (marked as such), highest first."""
        shown = ("active", "revoked", "stripped")
        return tuple(a for a in self.awards if a.record.status in shown)

    @functools.cached_property
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

    @functools.cached_property
    def top_award(self) -> ResolvedAward | None:
        """The highest award in force, if any."""
        active = self.active_awards
        return active[0] if active else None

    @functools.cached_property
    def updated(self) -> dt.date | None:
        """The "cập nhật" date: the stated one, else the latest dated fact in the profile."""
        if self.profile.updated is not None:
            return self.profile.updated
        dates = [r.decision_date for r in self.profile.awards if r.decision_date is not None]
        dates += [r.revocation.date for r in self.profile.awards if r.revocation is not None]
        return max(dates) if dates else None

    @functools.cached_property
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

    @functools.cached_property
    def slug(self) -> str:
        """The stored slug."""
        return self.profile.slug

    @functools.cached_property
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

    @functools.cached_property
    def sort_key(self) -> tuple[object, ...]:
        """Vietnamese order: given, middle, family for people and heads of households; the
        full name otherwise."""
        name = self.profile.name
        if self.profile.kind in ("individual", "household"):
            return (name_sort_key(name.family or "", name.middle, name.given or ""), self.slug)
        # Same shape as a person's key so mixed lists (all kinds together) still sort.
        full = collation_key(name.short or name.full or "")
        return ((full, collation_key(""), collation_key("")), self.slug)


@dataclass
class Recipient:
    """One line of a decision's list, with its kind and Vietnamese sort key."""

    line: DecisionRecipient
    kind: str  # individual, collective or household

    @functools.cached_property
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

    @functools.cached_property
    def title(self) -> str:
        """ "Quyết định số 45/QĐ-UBND ngày 20/12/2025 của Chủ tịch UBND xã …"."""
        d = self.decision
        return (
            f"Quyết định số {d.decision_number} ngày {d.decision_date.strftime('%d/%m/%Y')} "
            f"của {d.issuer}"
        )

    @functools.cached_property
    def subject(self) -> str:
        """What it decides: the recorded `subject`, else "khen thưởng 30 hộ gia đình: …"."""
        if self.decision.subject:
            return self.decision.subject
        who = DECISION_KIND_WORDS[self.decision.kind]
        return f"{self.count} {who}: {self.award_text} năm {self.decision.year}"


# How a decision's subject names its recipients when no `subject` is recorded.
DECISION_KIND_WORDS = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}


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
    on_profile: ResolvedAward | None  # the same award and year on the member's profile

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

    def published(self) -> list[Entry]:
        """Published entries in Vietnamese name order."""
        # Sorted once while `entries` holds the same entries (rendering, statistics, search
        # and open data each ask: 0.1 s a time at 10,000 profiles).
        stamp = (id(self.entries), len(self.entries), *map(id, self.entries[-1:]))
        if self._published is None or self._published[0] != stamp:
            found = [e for e in self.entries if e.profile.status == "published"]
            self._published = (stamp, sorted(found, key=lambda e: e.sort_key))
        return list(self._published[1])

    def open_proposals(
        self, today: dt.date, upcoming: bool = False
    ) -> list[tuple[Entry, Proposal]]:
        """Proposals whose public-comment window is open on `today` (with `upcoming`, also
        those still to open), with their entries: a candidate's (status proposed) and those of
        people already on the roll (`proposals`)."""
        found = [(e, p) for e in self.entries for p in e.proposals_open(today, upcoming)]
        return sorted(found, key=lambda pair: (pair[0].sort_key, pair[1].window_start))


def award_sort_key(taxonomy: Taxonomy, record: AwardRecord) -> tuple[object, ...]:
    """Listing order, highest first: taxonomy precedence, class (Nhất, Nhì, Ba), then date."""
    return (*taxonomy.sort_key(record.award, record.award_class), award_date(record))


def award_rank_key(taxonomy: Taxonomy, record: AwardRecord) -> tuple[object, ...]:
    """One recipient's order, highest first: honorary titles, precedence, class, date."""
    return (*taxonomy.rank_key(record.award, record.award_class), award_date(record))


def award_date(record: AwardRecord) -> dt.date:
    """The date an award is judged by: its decision date, else the end of its year."""
    return record.decision_date or dt.date(record.year, 12, 31)


class _Checker:
    """Collects problems for one document, pointing at the key each one concerns."""

    def __init__(self, doc: Document, report: Report) -> None:
        self.doc = doc
        self.report = report

    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        line, col = self.doc.pos(loc)
        self.report.add(
            make_problem(self.doc.relpath, line, col, field_path(loc), code, severity, **params)
        )


def _hint(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" ('{close[0]}'?)" if close else ""


def _unit_hint(units: list[Unit]) -> str:
    return f" ({', '.join(u.full_name for u in units)}?)" if units else ""


def resolve_locality(
    loc: Locality, admin: AdminUnits, check: _Checker, base: Loc = ("locality",)
) -> ResolvedLocality:
    """Find the recorded units in the table for their date and map them to today's units.

    An unknown place and a foreign country are never looked up: nothing is guessed for them.
    """
    if loc.province is None or loc.form != "place":
        # The schema allows no province only for those two forms.
        return ResolvedLocality(loc, None, (), None, ())
    eras: list[Era]
    if loc.as_of is not None:
        eras = [era_at(loc.as_of)]
    elif loc.district:
        eras = [OLD_ERA]
    else:
        # No date: the current list first, then the pre-reform one.
        eras = [NEW_ERA, OLD_ERA]
    if loc.district and eras == [NEW_ERA]:
        check.add((*base, "district"), "locality.district_after_reform")
        return ResolvedLocality(loc, None, (), None, ())

    era_text = {OLD_ERA: "@era.old", NEW_ERA: "@era.new"}
    severity: Severity = "warning" if loc.unlisted else "error"
    last_failure: tuple[Loc, str, dict[str, object]] | None = None
    for era in eras:
        units, failure = _match_units(loc, admin, era, base)
        if failure is None:
            if loc.code is not None:
                smallest = units[-1]
                if smallest.code != loc.code:
                    other = admin.by_code(era, loc.code)
                    if other is None:
                        check.add(
                            (*base, "code"),
                            "locality.code_unknown",
                            code=loc.code,
                            era=era_text[era],
                        )
                    else:
                        check.add(
                            (*base, "code"),
                            "locality.code_mismatch",
                            code=loc.code,
                            actual=other.full_name,
                            given=smallest.full_name,
                        )
            current = admin.current_units(units[-1])
            province = admin.current_province(units[-1])
            return ResolvedLocality(loc, era, tuple(units), province, tuple(current))
        failure[2]["era"] = era_text[era] if len(eras) == 1 else "@era.any"
        if last_failure is None:
            last_failure = failure
    assert last_failure is not None
    where, code, params = last_failure
    check.add(where, code, severity, **params)
    return ResolvedLocality(loc, None, (), None, ())


# Localities resolved before, by table digest and what the record gives: (era, units by
# (era, code), today's province, today's units, problems). 10,000 profiles: 0.15 s a check.
_RESOLVED: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def remembered_localities() -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Every locality resolved so far (for the build cache, with marshal)."""
    return _RESOLVED


def remember_localities(memo: object) -> None:
    """Take localities saved by `remembered_localities` (from the same code: the caller
    checks)."""
    if isinstance(memo, dict):
        _RESOLVED.update(memo)


register_memo("localities", remembered_localities, remember_localities, _RESOLVED.__len__)


class _Recording(_Checker):
    """A checker that also keeps what it was told, to tell it again."""

    def __init__(self, inner: _Checker) -> None:
        super().__init__(inner.doc, inner.report)
        self.told: list[tuple[Loc, str, Severity, tuple[tuple[str, object], ...]]] = []

    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        """Report the problem and remember it."""
        self.told.append((loc, code, severity, tuple(params.items())))
        super().add(loc, code, severity, **params)


def resolve_remembered(loc: Locality, admin: AdminUnits, check: _Checker) -> ResolvedLocality:
    """`resolve_locality`, from memory when the same record was resolved with the same table."""
    if loc.form != "place":
        return resolve_locality(loc, admin, check)  # nothing to look up, nothing to remember
    as_of = loc.as_of.isoformat() if loc.as_of is not None else None
    fields = (loc.province, loc.district, loc.commune, loc.code, as_of, loc.unlisted)
    key = (admin.digest, *fields)
    found = _RESOLVED.get(key) if admin.digest else None
    if found is not None:
        era, units, province, current, told = found
        for where, code, severity, params in told:
            check.add(where, code, severity, **dict(params))

        # Every code is in the table: the same table digest.
        today = admin.by_codes([province])[0] if province else None
        return ResolvedLocality(loc, era, admin.by_codes(units), today, admin.by_codes(current))
    recording = _Recording(check)
    resolved = resolve_locality(loc, admin, recording)
    if admin.digest:
        _RESOLVED[key] = (
            resolved.era,
            tuple((u.era, u.code) for u in resolved.units),
            (resolved.current_province.era, resolved.current_province.code)
            if resolved.current_province
            else None,
            tuple((u.era, u.code) for u in resolved.current_units),
            tuple(recording.told),
        )
    return resolved


def _match_units(
    loc: Locality, admin: AdminUnits, era: Era, base: Loc
) -> tuple[list[Unit], tuple[Loc, str, dict[str, object]] | None]:
    """Match province, district and commune names in one era; say what failed if any."""
    province = loc.province or ""  # resolve_locality looks up Vietnamese places only
    provinces = admin.find(era, 1, province)
    if not provinces:
        hint = _unit_hint(admin.suggest(era, 1, province))
        return [], (
            (*base, "province"),
            "locality.unknown_province",
            {"name": province, "hint": hint},
        )
    units = [provinces[0]]
    parent = provinces[0]
    if loc.district:
        found = admin.find(era, 2, loc.district, parent.code)
        if not found:
            hint = _unit_hint(admin.suggest(era, 2, loc.district, parent.code))
            return [], (
                (*base, "district"),
                "locality.unknown_district",
                {"name": loc.district, "parent": parent.full_name, "hint": hint},
            )
        units.append(found[0])
        parent = found[0]
    if loc.commune:
        # The parent may be the province when the district is not given: find() searches
        # every descendant of the parent code.
        candidates = admin.find(era, 3, loc.commune, parent.code)
        if loc.code is not None:
            exact = [c for c in candidates if c.code == loc.code]
            candidates = exact or candidates
        if not candidates:
            hint = _unit_hint(admin.suggest(era, 3, loc.commune, parent.code))
            return [], (
                (*base, "commune"),
                "locality.unknown_commune",
                {"name": loc.commune, "parent": parent.full_name, "hint": hint},
            )
        commune = candidates[0]
        if parent.level == 1 and commune.parent and commune.parent != parent.code:
            district = admin.by_code(era, commune.parent)
            if district is not None:
                units.append(district)
        units.append(commune)
    return units, None


def _check_award(
    index: int,
    record: AwardRecord,
    kind: str | None,
    taxonomy: Taxonomy,
    campaigns: set[str],
    check: _Checker,
) -> ResolvedAward | None:
    """Check one award record against the taxonomy by its date; `kind` is the profile's kind
    (None: the caller checks the recipients, as a decision's list does)."""
    base: Loc = ("awards", index)
    award = taxonomy.get(record.award)
    _check_award_year(index, record, check)
    if record.campaign is not None and record.campaign not in campaigns:
        check.add(
            (*base, "campaign"),
            "campaign.unknown",
            campaign=record.campaign,
            hint=_hint(record.campaign, campaigns),
        )
    if record.status in ("revoked", "stripped") and record.revocation is None:
        check.add((*base, "status"), f"award.{record.status}_no_decision")
    cited: RevocationGround | None = None  # the ground the pages cite: only one that fits
    if record.revocation is not None:
        ground_id = record.revocation.ground
        ground = taxonomy.revocation_grounds.get(ground_id) if ground_id else None
        if record.status not in ("revoked", "stripped"):
            check.add((*base, "revocation"), "award.revocation_not_revoked")
        elif ground_id is not None and ground is None:
            known = [g for g, v in taxonomy.revocation_grounds.items() if v.status == record.status]
            check.add(
                (*base, "revocation", "ground"),
                "award.ground_unknown",
                ground=ground_id,
                known=", ".join(known),
            )
        elif ground is not None and ground.status != record.status:
            check.add(
                (*base, "revocation", "ground"),
                f"award.ground_not_{record.status}",
                ground=ground.id,
                law=ground.law,
            )
        elif (
            ground is not None and ground.valid_from and record.revocation.date < ground.valid_from
        ):
            check.add(
                (*base, "revocation", "ground"),
                "award.ground_period",
                ground=ground.id,
                law=ground.law,
                since=ground.valid_from,
                date=record.revocation.date,
            )
        else:
            cited = ground
        if record.decision_date and record.revocation.date < record.decision_date:
            check.add(
                (*base, "revocation", "date"),
                "award.revocation_before",
                revoked=record.revocation.date,
                date=record.decision_date,
            )
    when = award_date(record)
    if record.issuer_level is not None and not taxonomy.issuer_in_force(record.issuer_level, when):
        check.add((*base, "issuer_level"), "award.issuer_abolished", date=when)
    if record.posthumous and kind != "individual":
        check.add((*base, "posthumous"), "award.posthumous_collective")
    elif (
        record.posthumous
        and award is not None
        and taxonomy.posthumous_forms
        and award.form not in taxonomy.posthumous_forms
    ):
        check.add(
            (*base, "posthumous"),
            "award.posthumous_form",
            "warning",
            award=award.name_on(when),
            law=taxonomy.posthumous_law,
        )
    if award is None:
        check.add(
            (*base, "award"),
            "award.unknown",
            award=record.award,
            hint=_hint(record.award, [a.id for a in taxonomy]),
        )
        return None
    if record.recorded_name is not None and record.recorded_name not in award.local_names:
        check.add(
            (*base, "recorded_name"),
            "award.local_name",
            award=award.name_on(when),
            recorded=record.recorded_name,
            allowed=", ".join(award.local_names) or "@award.no_local_names",
        )
    if record.status == "stripped" and award.kind != "title":
        # Art. 93(3)-(4) strips state honorary titles only; other awards are annulled.
        check.add((*base, "status"), "award.strip_not_title", award=award.name_on(when))
    classes = award.classes_on(when)
    if classes and record.award_class is None:
        check.add(
            (*base, "award"), "award.class_required", award=award.id,
            classes=class_codes(classes), example=classes[-1],
        )  # fmt: skip
    elif record.award_class is not None and not classes:
        check.add((*base, "class"), "award.no_classes", award=award.id)
    elif record.award_class is not None and record.award_class not in classes:
        check.add(
            (*base, "class"),
            "award.class_not_allowed",
            award=award.id,
            klass=class_codes([record.award_class]),
            classes=class_codes(classes),
        )
    if kind is not None:
        _check_recipient(award, RECIPIENT_OF_KIND[kind], (*base, "award"), check)
    # Judged by the rules of its own date. Without a decision date, any day of the year will do.
    in_force = award.in_force(when) or (
        record.decision_date is None and award.in_force(dt.date(record.year, 1, 1))
    )
    if not in_force:
        # An unverified start date is a lead for an editor to check, not proof of an error;
        # an end set by law (e.g. Huy hiệu dropped from 2024) is.
        after_end = award.valid_to is not None and when > award.valid_to
        certain = award.verified or (after_end and not award.end_unknown)
        code = "award.not_in_force" if certain else "award.period_unverified"
        severity: Severity = "error" if certain else "warning"
        check.add(
            (*base, "year" if record.decision_date is None else "decision_date"),
            code,
            severity,
            award=award.id,
            date=when,
            period=award.period_text(),
        )
    rules = taxonomy.conferral_on(record.issuer_level, when) if record.issuer_level else ()
    if rules:
        # Judged by the powers of the decision's own date (Law 06/2022 Art. 80 and earlier).
        allowed_ids = frozenset().union(*(rule.awards for rule in rules))
        if award.id not in allowed_ids:
            certain_rule = all(rule.verified for rule in rules)
            names = sorted(
                {a.name_on(when) for i in allowed_ids if (a := taxonomy.get(i)) is not None},
                key=collation_key,
            )
            check.add(
                (*base, "issuer_level"),
                "award.issuer_power" if certain_rule else "award.issuer_power_unverified",
                "error" if certain_rule else "warning",
                issuer=f"@issuer.{record.issuer_level}",
                award=award.name_on(when),
                date=when,
                law="; ".join(rule.law for rule in rules),
                period=", ".join(rule.period_text() for rule in rules),
                allowed=", ".join(names),
            )
    elif (
        record.issuer_level is not None
        and award.conferred_by
        and record.issuer_level not in award.conferred_by
    ):
        check.add(
            (*base, "issuer_level"),
            "award.issuer_level",
            level=record.issuer_level,
            award=award.id,
            allowed=", ".join(sorted(award.conferred_by)),
        )
    return ResolvedAward(record, award, cited)


def _check_recipient(award: Award, recipient: str, where: Loc, check: _Checker) -> None:
    """An error at `where` if `award` is not given to this kind of recipient."""
    if recipient not in award.recipients:
        allowed = ", ".join(f"@recipient.{r}" for r in sorted(award.recipients))
        check.add(
            where,
            "award.recipient",
            award=award.id,
            recipient=f"@recipient.{recipient}",
            allowed=allowed,
        )


def _check_photos(
    profile: Profile,
    doc: Document,
    root: Path,
    limits: Limits,
    check: _Checker,
    documents: DocumentCache | None = None,
) -> list[tuple[Photo, Path]]:
    """Resolve photo files: inside the project, real files, allowed types, usable headers."""
    if not profile.photos:
        return []
    folder = (root / doc.relpath).parent
    real_root = root.resolve()
    found: list[tuple[Photo, Path]] = []
    for i, photo in enumerate(profile.photos):
        where: Loc = ("photos", i, "file")
        raw = Path(photo.file)
        candidate = folder / raw
        if raw.is_absolute() or ".." in raw.parts:
            # Even a ".." that lands inside the project is refused: paths stay simple to review.
            check.add(where, "photo.outside", file=photo.file)
            continue
        # Symlinks first: a link may point anywhere, and resolving it would hide that.
        inside = [candidate, *candidate.parents]
        if any(p.is_symlink() for p in inside if p.is_relative_to(root) and p != root):
            check.add(where, "photo.symlink", file=photo.file)
            continue
        try:
            resolved = candidate.resolve()
        except OSError:
            check.add(where, "photo.missing", file=photo.file)
            continue
        if not resolved.is_relative_to(real_root):
            check.add(where, "photo.outside", file=photo.file)
            continue
        if not resolved.is_file():
            check.add(where, "photo.missing", file=photo.file)
            continue
        if resolved.suffix.lower() not in PHOTO_SUFFIXES:
            check.add(where, "photo.extension", file=photo.file)
            continue
        # Consented or not: a photo in the repository is checked either way. Named from the
        # project root, as the images stage names it, so a build reports each problem once.
        shown = resolved.relative_to(real_root).as_posix()
        if documents is not None:
            findings = documents.photo_findings(resolved, limits)
        else:
            findings = check_photo_header(resolved, limits.max_photo_bytes, limits.min_photo_width)
        for code, severity, params in findings:
            check.add(where, code, severity, file=shown, **params)
        if any(severity == "error" for _code, severity, _params in findings):
            continue
        found.append((photo, resolved))
    if profile.photos and profile.consent.photo is not True:
        check.add(("photos",), "photo.no_consent", "warning")
    return found


def _check_consent(profile: Profile, check: _Checker) -> None:
    for key, flag in SENSITIVE_FIELDS.items():
        if getattr(profile, key) is None:
            continue
        allowed = getattr(profile.consent, flag)
        if allowed is None:
            check.add((key,), "consent.missing", key=key, flag=flag)
        elif allowed is False:
            check.add((key,), "consent.refused", "warning", key=key, flag=flag)


def _same_place(a: Entry, b: Entry) -> bool:
    """True when two records name the same commune, allowing for the 2025 reform."""
    if a.locality.era != b.locality.era:
        return True
    return a.locality.units[-1].code == b.locality.units[-1].code


def _check_proposal(
    base: Loc, proposal: Proposal, kind: str, taxonomy: Taxonomy, check: _Checker
) -> None:
    """One proposal: a known award and class for this kind of recipient, a window that ends
    after it starts and before the council meets, long enough where the law asks for comment."""
    award = taxonomy.get(proposal.award)
    if award is None:
        check.add(
            (*base, "award"),
            "award.unknown",
            award=proposal.award,
            hint=_hint(proposal.award, [a.id for a in taxonomy]),
        )
    else:
        classes = award.classes_on(proposal.window_start)
        if classes and proposal.award_class is None:
            check.add(
                (*base, "award"), "award.class_required", award=award.id,
                classes=class_codes(classes), example=classes[-1],
            )  # fmt: skip
        elif proposal.award_class is not None and proposal.award_class not in classes:
            check.add((*base, "class"), "award.no_classes", award=award.id)
        _check_recipient(award, RECIPIENT_OF_KIND.get(kind, kind), (*base, "award"), check)
    if proposal.window_end <= proposal.window_start:
        check.add(
            (*base, "window_end"),
            "proposal.window",
            start=proposal.window_start,
            end=proposal.window_end,
        )
        return
    if proposal.council_date is not None and proposal.council_date <= proposal.window_end:
        check.add(
            (*base, "council_date"),
            "proposal.council_before_end",
            council=proposal.council_date,
            end=proposal.window_end,
        )
    rule = taxonomy.comment_rule(award, proposal.window_start) if award is not None else None
    if rule is None:
        return
    holidays = load_holidays()
    days = holidays.count(proposal.window_start, proposal.window_end)
    if days < rule.working_days:
        check.add(
            (*base, "window_end"),
            "proposal.window_short" if rule.verified else "proposal.window_short_unverified",
            "warning",
            days=days,
            minimum=rule.working_days,
            law=rule.law,
            approx=""
            if holidays.covered(proposal.window_start, proposal.window_end)
            else "@proposal.holidays_unknown",
        )


def _check_status(profile: Profile, taxonomy: Taxonomy, check: _Checker) -> None:
    proposal = profile.proposal
    if profile.status == "proposed":
        if proposal is None:
            check.add(("status",), "proposal.missing")
        else:
            _check_proposal(("proposal",), proposal, profile.kind, taxonomy, check)
    elif proposal is not None:
        check.add(("proposal",), "proposal.not_proposed")
    for i, item in enumerate(profile.proposals):
        _check_proposal(("proposals", i), item, profile.kind, taxonomy, check)
    if profile.proposals and profile.status in ("withdrawn", "draft"):
        check.add(("proposals",), "proposal.not_shown", status=profile.status)
    if profile.status == "withdrawn" and profile.withdrawal is None:
        check.add(("status",), "withdrawn.missing")
    if profile.status == "published" and not profile.awards:
        # A roll of honour lists what was conferred; a profile without it belongs in a proposal.
        check.add(("awards",), "profile.no_award")


def privacy_findings(data: dict[str, Any]) -> tuple[tuple[Loc, str, str], ...]:
    """What the personal-data scan finds in a profile's public free text, from its parsed data
    (the key, the kind of data, the passage); the consent flags it carries are respected."""
    raw_consent = data.get("consent")
    consent = raw_consent if isinstance(raw_consent, dict) else {}
    fields: list[tuple[Loc, object]] = [
        (("summary",), data.get("summary")),
        (("story",), data.get("story")),
        (("position",), data.get("position")),
        (("unit",), data.get("unit")),
    ]
    awards = data.get("awards")
    if isinstance(awards, list):
        fields += [
            (("awards", i, "citation"), a.get("citation"))
            for i, a in enumerate(awards)
            if isinstance(a, dict)
        ]
    fields += _practice_texts(data.get("model"))
    fields += englishfields.english_texts(data)
    return tuple(
        (loc, finding.kind, finding.text)
        for loc, text in fields
        if isinstance(text, str) and text
        for finding in privacy.scan(text, consent)
    )


def _practice_texts(block: object) -> list[tuple[Loc, object]]:
    """A model's public free text (problem, steps, conditions, notes), for the scan; the
    contact is structured and checked by its own rule (documents.ModelContact)."""
    if not isinstance(block, dict):
        return []
    found: list[tuple[Loc, object]] = [(("model", "problem"), block.get("problem"))]
    for key in ("method", "conditions"):
        items = block.get(key)
        if isinstance(items, list):
            found += [(("model", key, i), text) for i, text in enumerate(items)]
    copies = block.get("replicated_in")
    if isinstance(copies, list):
        found += [
            (("model", "replicated_in", i, "note"), c.get("note"))
            for i, c in enumerate(copies)
            if isinstance(c, dict)
        ]
    return found


def _check_free_text(doc: Document, reviewed: dict[str, list[str]], check: _Checker) -> None:
    """Warn where public free text looks like a phone or ID number or a sensitive fact the
    person did not consent to publish (Law 91/2025), unless an editor reviewed it."""
    found = doc.privacy if doc.privacy is not None else privacy_findings(doc.data)
    for loc, kind, text in found:
        if any(text in passage for passage in reviewed.get(doc.relpath, ())):
            continue
        check.add(loc, "privacy.free_text", "warning", what=f"@privacy.{kind}", text=text)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_story(profile: Profile, check: _Checker) -> None:
    """Refuse a story python-markdown would take too long to convert (the build refuses it)."""
    if not profile.story:
        return
    found = markdown_work(profile.story)
    if found.too_much:
        line, col = _line_col(profile.story, found.offset)
        limit = WORK_BUDGET
        check.add(
            ("story",), "markdown.too_complex_in", work=found.work, limit=limit, line=line, col=col
        )


def _check_campaign_body(doc: Document, report: Report) -> None:
    """Refuse a campaign body python-markdown would take too long to convert, where it is."""
    found = markdown_work(doc.body)
    if found.too_much:
        line, col = _line_col(doc.body, found.offset)
        report.add(
            make_problem(
                doc.relpath,
                doc.body_line + line - 1,
                col,
                "",
                "markdown.too_complex",
                work=found.work,
                limit=WORK_BUDGET,
            )
        )


# Slug letters a reader confuses (slugs are [a-z0-9-] already).
_SLUG_SKELETON = str.maketrans({"0": "o", "1": "l"})


def _report_confusables(entries: list[Entry], report: Report) -> None:
    """Warn about two entries whose names (or slugs) look the same but are written apart."""
    names: dict[str, Entry] = {}
    slugs: dict[str, Entry] = {}
    for entry in entries:
        first = names.setdefault(confusable_key(entry.display_name), entry)
        if first.display_name != entry.display_name:
            _Checker(entry.doc, report).add(
                ("name",),
                "name.confusable",
                "warning",
                name=entry.display_name,
                other_name=first.display_name,
                other=first.relpath,
            )
        first = slugs.setdefault(entry.slug.translate(_SLUG_SKELETON).replace("rn", "m"), entry)
        if first.slug != entry.slug:
            _Checker(entry.doc, report).add(
                ("slug",),
                "slug.confusable",
                "warning",
                slug=entry.slug,
                other_slug=first.slug,
                other=first.relpath,
            )


def _check_posthumous_dates(profile: Profile, check: _Checker) -> None:
    """A posthumous award needs the person's death year, and cannot predate it."""
    if profile.kind != "individual":
        return
    for i, record in enumerate(profile.awards):
        if not record.posthumous:
            continue
        if profile.death_year is None:
            check.add(("awards", i, "posthumous"), "award.posthumous_no_death", "warning")
        elif record.year < profile.death_year:
            check.add(
                ("awards", i, "year"),
                "award.posthumous_before_death",
                "warning",
                year=record.year,
                death=profile.death_year,
            )


_NOT_WORD = re.compile(r"[^\w]+")


def achievement_key(citation: str) -> str:
    """The wording of an achievement for comparison: folded, punctuation and spacing dropped."""
    return " ".join(_NOT_WORD.sub(" ", fold(citation)).split())


def _check_same_achievement(profile: Profile, check: _Checker) -> None:
    """Law 06/2022 Art. 5: one achievement is not rewarded several times or by several forms.
    Two awards in force of one profile in the same year with the same achievement wording are
    likely one achievement rewarded twice (a lead for the editor, not a verdict: a warning)."""
    seen: dict[tuple[int, str], int] = {}
    for i, record in enumerate(profile.awards):
        if record.status != "active" or not record.citation:
            continue
        key = (record.year, achievement_key(record.citation))
        if not key[1]:
            continue
        if key in seen:
            check.add(
                ("awards", i, "citation"),
                "award.same_achievement",
                "warning",
                other=seen[key] + 1,
                year=record.year,
            )
        else:
            seen[key] = i


def _check_directive_fields(profile: Profile, check: _Checker) -> None:
    """A scale belongs to a collective; Art. 8's "khen thưởng đối ngoại" to foreigners."""
    if profile.scale is not None and profile.kind not in ("collective", "model"):
        check.add(("scale",), "profile.scale_not_collective", "warning", kind=profile.kind)
    if profile.locality.form == "foreign":
        return
    for i, record in enumerate(profile.awards):
        if record.commendation_type == "doi-ngoai":
            check.add(("awards", i, "commendation_type"), "award.foreign_type_domestic", "warning")


def _check_practice(
    profile: Profile,
    awards: list[ResolvedAward],
    home: ResolvedLocality,
    admin: AdminUnits,
    check: _Checker,
) -> ResolvedPractice | None:
    """Check a model's structured facts that need more than their own file's shape: baselines,
    the places it was copied to (resolved like any locality), the decision that recognised it."""
    practice = profile.model
    if practice is None:
        return None
    if profile.kind != "model":
        check.add(("model",), "model.not_model", kind=profile.kind)
    for i, result in enumerate(practice.results):
        where: Loc = ("model", "results", i)
        if result.baseline_year is not None and result.baseline is None:
            check.add((*where, "baseline_year"), "model.baseline_year_alone")
        elif result.baseline_year is not None and result.baseline_year > result.year:
            check.add(
                (*where, "baseline_year"),
                "model.baseline_after",
                baseline_year=result.baseline_year,
                year=result.year,
            )
    by_number = {
        a.record.decision_number: a for a in awards if a.record.decision_number is not None
    }
    recognitions = tuple(
        ResolvedRecognition(r, by_number.get(r.decision_number or "")) for r in practice.recognised
    )
    home_communes = {u.code for u in home.current_units if u.level == 3}
    replications: list[ResolvedReplication] = []
    for i, copy in enumerate(practice.replicated_in):
        base: Loc = ("model", "replicated_in", i, "locality")
        # Not from the memo of resolve_remembered: its problems point at `locality`.
        place = resolve_locality(copy.locality, admin, check, base)
        communes = {u.code for u in place.current_units if u.level == 3}
        if communes & home_communes:
            check.add(base, "model.replication_home", "warning", place=place.short_text())
        replications.append(ResolvedReplication(copy, place))
    return ResolvedPractice(practice, recognitions, tuple(replications))


def _check_practice_links(site: Site, unvalidated: set[str], report: Report) -> None:
    """A replication's profile and a recognition's decision must be pages of this site: an
    unknown or unpublished slug would be a broken link."""
    entries = {e.slug: e for e in site.entries}
    decisions = {d.slug for d in site.decisions}
    for entry in site.entries:
        if entry.practice is None:
            continue
        check = _Checker(entry.doc, report)
        for i, copy in enumerate(entry.practice.replications):
            slug = copy.record.profile
            if slug is None or slug in unvalidated:
                continue  # a file that failed its schema was reported already
            where: Loc = ("model", "replicated_in", i, "profile")
            target = entries.get(slug)
            if target is None:
                hint = _hint(slug, entries)
                check.add(where, "model.replication_unknown_profile", slug=slug, hint=hint)
            elif target is entry:
                check.add(where, "model.replication_self")
            elif target.profile.status != "published":
                check.add(
                    where, "model.replication_unpublished", slug=slug, status=target.profile.status
                )
            else:
                theirs = {u.code for u in target.locality.current_units if u.level == 3}
                ours = {u.code for u in copy.locality.current_units if u.level == 3}
                if theirs and ours and not theirs & ours:
                    check.add(
                        where,
                        "model.replication_elsewhere",
                        "warning",
                        slug=slug,
                        other=target.locality.short_text(),
                        place=copy.locality.short_text(),
                    )
        for i, recognition in enumerate(entry.practice.recognitions):
            decision = recognition.record.decision
            if decision is not None and decision not in decisions:
                check.add(
                    ("model", "recognised", i, "decision"),
                    "model.decision_unknown",
                    slug=decision,
                    hint=_hint(decision, decisions),
                )


def _check_award_year(index: int, record: AwardRecord, check: _Checker) -> None:
    """The year must be the decision's, or the year before (a year's titles are decided after
    it ends: "Lao động tiên tiến năm 2019" by a decision of January 2020)."""
    when = record.decision_date
    if when is not None and not record.year <= when.year <= record.year + 1:
        check.add(("awards", index, "year"), "award.year_mismatch", year=record.year, date=when)


def _age_on(profile: Profile, today: dt.date) -> int:
    """Age in whole years on `today` (from the birth year alone: the youngest it can be)."""
    if profile.birth_date is not None:
        born = profile.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return today.year - (profile.birth_year or today.year) - 1


def check_dates(site: Site, today: dt.date, report: Report) -> None:
    """Errors for decisions, revocations and withdrawals dated after the build's "today",
    and for a minor (under 16 on that day) without a guardian's consent.

    Run once "today" is known (`vinhdanh build`, or `vinhdanh check --today`): a page must
    never state as done what has not happened on the day it is built.
    """
    for entry in site.entries:
        check = _Checker(entry.doc, report)
        profile = entry.profile
        for i, record in enumerate(profile.awards):
            if record.decision_date is not None and record.decision_date > today:
                check.add(
                    ("awards", i, "decision_date"),
                    "date.future",
                    what="@date.decision",
                    date=record.decision_date,
                    today=today,
                )
            revocation = record.revocation
            if revocation is not None and revocation.date > today:
                check.add(
                    ("awards", i, "revocation", "date"),
                    "date.future",
                    what="@date.revocation",
                    date=revocation.date,
                    today=today,
                )
        born = profile.birth_date.year if profile.birth_date else profile.birth_year
        if (
            profile.kind == "individual"
            and profile.status in ("published", "proposed")
            and born is not None
            and _age_on(profile, today) < 16
            and profile.consent.guardian is not True
        ):
            check.add(("consent", "guardian"), "consent.guardian_missing", born=born, today=today)
        if profile.withdrawal is not None and profile.withdrawal.date > today:
            check.add(
                ("withdrawal", "date"),
                "date.future",
                what="@date.withdrawal",
                date=profile.withdrawal.date,
                today=today,
            )
    for found in site.decisions:
        if found.decision.decision_date > today:
            _Checker(found.doc, report).add(
                ("decision_date",),
                "date.future",
                what="@date.decision",
                date=found.decision.decision_date,
                today=today,
            )


class _TopLevelAward(_Checker):
    """A decision's checker for `_check_award`: the award fields are the decision's own keys."""

    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        """Report at the decision's key for what `_check_award` places in awards[0]."""
        super().add(loc[2:] if loc[:2] == ("awards", 0) else loc, code, severity, **params)


def _load_decisions(
    site: Site, limit: int, report: Report, documents: DocumentCache | None
) -> None:
    """Load, check and resolve decisions/ into `site.decisions` (after the profiles: the
    statistics count once a recipient who also has a profile)."""
    docs = _load_documents(
        site.root, DECISIONS_DIR, (".yml", ".yaml"), False, limit, report, set(), documents
    )
    taxonomy, campaigns = site.taxonomy, set(site.campaigns)
    seen: dict[str, str] = {}
    for doc in docs:
        decision, problems = validate_document(doc, Decision)
        report.extend(problems)
        if decision is None:
            continue
        check = _Checker(doc, report)
        englishfields.check_fields(englishfields.decision_fields(decision), check)
        stem = _stem(doc.relpath)
        if decision.slug != stem:
            check.add(("slug",), "slug.filename", slug=decision.slug, stem=stem)
        if decision.slug == "index":
            check.add(("slug",), "slug.reserved", slug="index", file=f"{DECISION_API}index.json")
        if decision.slug in seen:
            check.add(("slug",), "slug.duplicate", slug=decision.slug, other=seen[decision.slug])
            continue
        seen[decision.slug] = doc.relpath
        record = AwardRecord.model_construct(
            award=decision.award,
            award_class=decision.award_class,
            year=decision.year,
            decision_number=decision.decision_number,
            decision_date=decision.decision_date,
            issuer=decision.issuer,
            issuer_level=decision.issuer_level,
            campaign=decision.campaign,
        )
        # The profile's checks, by the decision's date; recipients are checked per kind below.
        award = _check_award(0, record, None, taxonomy, campaigns, _TopLevelAward(doc, report))
        lines = [
            r if isinstance(r, DecisionRecipient) else DecisionRecipient(name=r)
            for r in decision.recipients
        ]
        recipients = [Recipient(line, line.kind or decision.kind) for line in lines]
        if award is not None:
            kinds: dict[str, Loc] = {decision.kind: ("kind",)}
            for i, line in enumerate(lines):
                if line.kind is not None:
                    kinds.setdefault(line.kind, ("recipients", i, "kind"))
            for kind, where in kinds.items():
                _check_recipient(award.award, kind, where, check)
        if not lines and decision.count is None:
            check.add(("recipients",), "decision.no_recipients")
        elif decision.count is not None and decision.count < len(lines):
            check.add(
                ("count",), "decision.count_below_list", count=decision.count, lines=len(lines)
            )
        first: dict[tuple[str, str, str], int] = {}
        for i, line in enumerate(lines):
            key = (
                search_key(line.name),
                search_key(line.unit or ""),
                search_key(line.commune or ""),
            )
            if key in first:
                check.add(
                    ("recipients", i), "decision.recipient_twice", "warning", line=first[key] + 1
                )
            first.setdefault(key, i)
        locality = resolve_remembered(decision.locality, site.admin, check)
        recipients.sort(key=lambda r: r.sort_key)
        site.decisions.append(DecisionEntry(decision, doc, locality, award, recipients))
    # Recipients who also have a published profile citing the same decision and award are
    # counted there: the statistics never count one award twice.
    cited: dict[tuple[str, str], int] = defaultdict(int)
    for entry in site.entries:
        if entry.profile.status == "published":
            for resolved in entry.active_awards:
                number = resolved.record.decision_number
                if number:
                    cited[(search_key(number), resolved.record.award)] += 1
    for found in site.decisions:
        found.with_profiles = cited.get(
            (search_key(found.decision.decision_number), found.decision.award), 0
        )
    site.decisions.sort(key=lambda d: (-d.decision.decision_date.toordinal(), d.slug))


def _load_clusters(
    site: Site,
    limit: int,
    report: Report,
    unvalidated: set[str],
    documents: DocumentCache | None,
) -> None:
    """Load, check and resolve clusters/ into `site.clusters` (after the profiles: members
    are collective profiles, and a flag is looked up on its member's profile)."""
    docs = _load_documents(
        site.root, CLUSTERS_DIR, (".yml", ".yaml"), False, limit, report, set(), documents
    )
    profiles = {e.slug: e for e in site.entries}
    seen: dict[str, str] = {}
    for doc in docs:
        cluster, problems = validate_document(doc, Cluster)
        report.extend(problems)
        if cluster is None:
            continue
        check = _Checker(doc, report)
        englishfields.check_fields(englishfields.cluster_fields(cluster), check)
        stem = _stem(doc.relpath)
        if cluster.slug != stem:
            check.add(("slug",), "slug.filename", slug=cluster.slug, stem=stem)
        if cluster.slug in seen:
            check.add(("slug",), "slug.duplicate", slug=cluster.slug, other=seen[cluster.slug])
            continue
        seen[cluster.slug] = doc.relpath
        members = _cluster_members(cluster, site, profiles, unvalidated, check)
        found = ClusterEntry(cluster, doc, members, [])
        years: dict[int, int] = {}
        for i, year in enumerate(cluster.years):
            if year.year in years:
                check.add(("years", i, "year"), "cluster.year_twice", year=year.year)
            years.setdefault(year.year, i)
            refs: list[tuple[Loc, str]] = []
            if year.leader is not None:
                refs.append((("years", i, "leader"), year.leader))
            refs += [(("years", i, "deputies", j), r) for j, r in enumerate(year.deputies)]
            if year.agreement is not None:
                signed = year.agreement.signatories
                refs += [
                    (("years", i, "agreement", "signatories", j), r) for j, r in enumerate(signed)
                ]
            for where, ref in refs:
                if found.member(ref) is None:
                    check.add(where, "cluster.not_member", ref=ref, cluster=cluster.name)
            for j, flag in enumerate(year.flags or []):
                where = ("years", i, "flags", j)
                resolved = _cluster_flag(found, year.year, flag, site.taxonomy, where, check)
                if resolved is not None:
                    found.flags.append(resolved)
        found.flags.sort(key=lambda f: f.year)
        found.campaigns = sorted(
            slug for slug, (c, _d) in site.campaigns.items() if cluster_names_campaign(cluster, c)
        )
        site.clusters.append(found)
    site.clusters.sort(key=lambda c: (collation_key(c.cluster.name), c.slug))


def _cluster_members(
    cluster: Cluster,
    site: Site,
    profiles: dict[str, Entry],
    unvalidated: set[str],
    check: _Checker,
) -> list[ClusterMemberEntry]:
    """A cluster's members, each a collective profile or a name with its place."""
    members: list[ClusterMemberEntry] = []
    for i, member in enumerate(cluster.members):
        where: Loc = ("members", i)
        if (member.profile is None) == (member.name is None) or (
            member.profile is not None and member.locality is not None
        ):
            check.add(where, "cluster.member_form")
            continue
        entry: Entry | None = None
        locality: ResolvedLocality | None = None
        if member.profile is not None:
            entry = profiles.get(member.profile)
            if entry is None:
                if member.profile not in unvalidated:  # its own file's errors say why
                    hint = _hint(member.profile, profiles)
                    check.add(
                        (*where, "profile"),
                        "cluster.member_unknown",
                        slug=member.profile,
                        hint=hint,
                    )
                continue
            if entry.profile.kind not in ("collective", "model"):
                check.add((*where, "profile"), "cluster.member_kind", slug=member.profile)
                continue
            if entry.profile.status != "published":
                entry = None  # named, not linked: a draft has no page
        elif member.locality is None:
            check.add((*where, "name"), "cluster.member_place", name=member.name)
        else:
            locality = resolve_locality(member.locality, site.admin, check, (*where, "locality"))
        added = ClusterMemberEntry(member, entry, locality)
        if any(m.named_by(added.member.profile or added.name) for m in members):
            check.add(where, "cluster.member_twice", name=added.name)
            continue
        members.append(added)
    return members


def _cluster_flag(
    found: ClusterEntry,
    year: int,
    flag: ClusterFlag,
    taxonomy: Taxonomy,
    where: Loc,
    check: _Checker,
) -> ClusterFlagEntry | None:
    """A recorded flag, checked: a known award, given to a member, as its profile records."""
    award = taxonomy.get(flag.award)
    if award is None:
        hint = _hint(flag.award, (a.id for a in taxonomy))
        check.add((*where, "award"), "award.unknown", award=flag.award, hint=hint)
        return None
    if not flag.award.startswith("co-thi-dua"):
        check.add((*where, "award"), "cluster.flag_not_flag", "warning", award=award.vi)
    member = found.member(flag.member)
    if member is None:
        # An error, not a warning: a cluster's flag goes to one of its leading members (Law
        # 06/2022 Art. 25, 26); one recorded for another unit is in the wrong file, or the
        # members list lacks it, and the cluster page would show it as the cluster's.
        check.add(
            (*where, "member"),
            "cluster.flag_not_member",
            ref=flag.member,
            cluster=found.cluster.name,
        )
        return None
    on_profile = None
    if member.entry is not None:
        on_profile = next(
            (
                a
                for a in member.entry.active_awards
                if a.record.award == flag.award and a.record.year == year
            ),
            None,
        )
        if on_profile is None:
            # A warning: the cluster's record stands, but the roll and its statistics count
            # awards from profiles, so the flag is missing there until the profile lists it.
            check.add(
                (*where, "member"),
                "cluster.flag_not_on_profile",
                "warning",
                award=award.vi,
                year=year,
                slug=member.entry.slug,
            )
    return ClusterFlagEntry(year, flag, member, award, on_profile)


def _check_name(profile: Profile, check: _Checker) -> None:
    name = profile.name
    if name.form is not None and profile.kind != "household":
        check.add(("name", "form"), "name.form_not_household")
    if profile.kind == "household":
        if name.form is None or not name.family or not name.given or name.full:
            check.add(("name",), "name.household")
    elif profile.kind == "individual":
        if not name.family or not name.given or name.full:
            check.add(("name",), "name.individual")
    elif not name.full or name.family or name.middle or name.given:
        check.add(("name",), "name.collective")


class DocumentCache:
    """Source files parsed by an earlier run, by path and content digest."""

    # Parsing YAML is most of a check's time; after one edit, one file is parsed again. A file
    # that fails to load is never kept, so it is read, parsed and reported exactly as without.
    # `known` and `used` hold plain tuples, which the build stores with marshal.

    def __init__(
        self,
        known: dict[str, tuple[str, tuple[Any, ...]]] | None = None,
        digest: Callable[[str, os.stat_result], str] | None = None,
        headers: dict[str, list[PhotoFinding]] | None = None,
    ) -> None:
        self.known = known or {}
        self.used: dict[str, tuple[str, tuple[Any, ...]]] = {}
        # What photo headers told (check_photo_header), by content digest and limits: the
        # check opens every photo's header otherwise (Pillow: 0.5 ms each).
        self.headers = headers or {}
        self.headers_used: dict[str, list[PhotoFinding]] = {}
        # A file's content digest as generator.incremental.buildcache.FileDigests gives it:
        # trusted while
        # its size, times and inode are unchanged, so an unchanged file is not even read.
        self.digest = digest

    def unchanged(self, path: str, relpath: str, limit: int) -> Document | None:
        """The file's Document if its content is the one parsed before, without reading it;
        None when it must be read (the reading reports what is wrong with it)."""
        if self.digest is None or relpath not in self.known:
            return None
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        digest = self.digest(path, st)
        found = self.known[relpath]
        if found[0] != digest or len(found[1]) != _SAVED_FIELDS:  # another format
            return None
        self.used[relpath] = found
        return _cached_document(found[1])

    def load(
        self, raw: bytes, relpath: str, limit: int, loader: Callable[[bytes, str, int], Document]
    ) -> Document:
        """The file's Document, parsed now only if its bytes are new."""
        digest = content_digest(raw)
        found = self.known.get(relpath)
        if found is not None and found[0] == digest and len(found[1]) == _SAVED_FIELDS:
            doc = _cached_document(found[1])
        else:
            doc = loader(raw, relpath, limit)
            doc.privacy = privacy_findings(doc.data)
        positions = pack_positions(doc.positions)
        saved = (
            doc.relpath, doc.data, positions, doc.body, doc.body_line, doc.lookalikes, doc.privacy
        )  # fmt: skip
        self.used[relpath] = (digest, saved)
        return doc

    def photo_findings(self, path: Path, limits: Limits) -> list[PhotoFinding]:
        """`check_photo_header` of a photo, remembered by its content while it is the same."""
        if self.digest is None:
            return check_photo_header(path, limits.max_photo_bytes, limits.min_photo_width)
        try:
            digest = self.digest(str(path), os.lstat(path))
        except OSError:
            digest = ""
        key = f"{digest} {limits.max_photo_bytes} {limits.min_photo_width} {MAX_PHOTO_PIXELS}"
        key += f" {PHOTO_RULES}"
        found = self.headers.get(key) if digest else None
        if found is None:
            found = check_photo_header(path, limits.max_photo_bytes, limits.min_photo_width)
        if digest:
            self.headers_used[key] = found
        return found


# A saved Document: relpath, data, packed positions, body, body line, look-alike letters,
# personal-data findings.
_SAVED_FIELDS = 7


def _cached_document(saved: tuple[Any, ...]) -> Document:
    relpath, data, positions, body, body_line, lookalikes, found = saved
    doc = Document(relpath, data, PackedPositions(positions), body, body_line, lookalikes)
    doc.privacy = tuple((tuple(loc), kind, text) for loc, kind, text in found)
    return doc


def _report_lookalikes(doc: Document, report: Report) -> None:
    for line, col, letter in doc.lookalikes:
        if letter not in LOOKALIKES:  # an invisible character, removed on load
            point, name = f"U+{ord(letter):04X}", unicodedata.name(letter, "CONTROL")
            problem = make_problem(
                doc.relpath, line, col, "", "text.invisible", "warning", point=point, name=name
            )
            report.add(problem)
            continue
        report.add(
            make_problem(
                doc.relpath,
                line,
                col,
                "",
                "text.lookalike",
                "warning",
                letter=letter,
                point=f"U+{ord(letter):04X}",
                fixed=LOOKALIKES[letter],
            )
        )


def _stem(relpath: str) -> str:
    """Path(relpath).stem, without making a Path (10,000 a check)."""
    return os.path.splitext(relpath.rpartition("/")[2])[0]


def _load_documents(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    front_matter: bool,
    limit: int,
    report: Report,
    failed: set[str],
    cache: DocumentCache | None = None,
) -> list[Document]:
    docs: list[Document] = []
    loader = load_front_matter_document if front_matter else load_yaml_document
    links: list[str] = []
    top = root / folder
    # content/ of content/campaigns, too: a link anywhere on the way would be followed.
    links += [
        str(p) for p in top.parents if p.is_relative_to(root) and p != root and p.is_symlink()
    ]
    names = iter_source_names(top, suffixes, links) if not links else []
    for link in links:
        report.add(make_problem(relative_path(link, root), 1, 1, "", "file.folder_symlink"))
    for name in names:
        relpath = relative_path(name, root)
        if cache is not None and (known := cache.unchanged(name, relpath, limit)) is not None:
            docs.append(known)
            _report_lookalikes(known, report)
            continue
        path = Path(name)
        try:
            raw = read_source(path, root, limit)
            if cache is None:
                docs.append(loader(raw, relpath, limit))
            else:
                docs.append(cache.load(raw, relpath, limit, loader))
            _report_lookalikes(docs[-1], report)
        except SourceError as exc:
            report.extend(exc.problems)
            failed.add(path.stem)
    return docs


def load_config(root: Path, report: Report) -> tuple[SiteConfig, Document] | None:
    """Load and validate site_config.yml, reporting problems."""
    path = config_path(root)
    relpath = relative_path(path, root)
    if not path.is_file():
        report.add(make_problem(relpath, 1, 1, "", "file.unreadable", reason="not found"))
        return None
    try:
        doc = load_yaml_document(read_source(path, root), relpath)
    except SourceError as exc:
        report.extend(exc.problems)
        return None
    _report_lookalikes(doc, report)
    config, problems = validate_document(doc, SiteConfig)
    report.extend(problems)
    return (config, doc) if config is not None else None


def build_site(
    root: Path, report: Report | None = None, documents: DocumentCache | None = None
) -> tuple[Site | None, Report]:
    """Load, validate and cross-reference everything under `root`; return the Site and problems.

    The Site is None when the configuration itself cannot be read; otherwise it holds every
    entry that passed its schema, and `report` lists every problem found in all files.
    """
    report = report if report is not None else Report()
    loaded = load_config(root, report)
    if loaded is None:
        return None, report
    config, config_doc = loaded
    taxonomy = load_taxonomy()
    local = [
        Award(
            id=a.id,
            vi=a.vi,
            en=a.en or a.vi,
            form="dia-phuong",
            kind="title",
            level=a.level,
            classes=tuple(a.classes),
            recipients=frozenset(a.recipients),
            conferred_by=frozenset(a.conferred_by),
            precedence=a.precedence,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            renamed=(),
            local=True,
        )
        for a in config.local_awards
    ]
    for i, extra in enumerate(config.local_awards):
        if extra.id in taxonomy:
            _Checker(config_doc, report).add(
                ("local_awards", i, "id"), "config.local_award_clash", award=extra.id
            )
    taxonomy = taxonomy.with_local(a for a in local if a.id not in taxonomy)
    admin = load_admin_units()
    site = Site(root=root, config=config, taxonomy=taxonomy, admin=admin)
    limit = config.limits.max_file_bytes

    # Campaigns first: profiles refer to them.
    campaign_docs = _load_documents(
        root, CAMPAIGNS_DIR, (".md",), True, limit, report, set(), documents
    )
    for doc in campaign_docs:
        campaign, problems = validate_document(doc, Campaign)
        report.extend(problems)
        if campaign is None:
            continue
        check = _Checker(doc, report)
        _check_campaign_body(doc, report)
        englishfields.check_fields(englishfields.campaign_fields(campaign, doc.body), check)
        stem = _stem(doc.relpath)
        if campaign.slug != stem:
            check.add(("slug",), "slug.filename", slug=campaign.slug, stem=stem)
        if campaign.slug in RESERVED_CAMPAIGN_SLUGS:
            file = f"{CAMPAIGN_API}{campaign.slug}.json"
            check.add(("slug",), "slug.reserved", slug=campaign.slug, file=file)
        if campaign.slug in site.campaigns:
            check.add(
                ("slug",),
                "campaign.duplicate",
                campaign=campaign.slug,
                other=site.campaigns[campaign.slug][1].relpath,
            )
            continue
        if campaign.end is not None and campaign.end < campaign.start:
            check.add(("end",), "campaign.period", start=campaign.start, end=campaign.end)
        for i, milestone in enumerate(campaign.milestones):
            end = campaign.end or dt.date.max
            if not campaign.start <= milestone.date <= end:
                check.add(
                    ("milestones", i, "date"),
                    "campaign.milestone_outside",
                    "warning",
                    milestone=milestone.kind,
                    date=milestone.date,
                    start=campaign.start,
                    end=campaign.end or "…",
                )
        site.campaigns[campaign.slug] = (campaign, doc)
    campaign_ids = set(site.campaigns)

    slugs: dict[str, str] = {}
    former: list[tuple[str, Document, int]] = []
    people: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    unvalidated: set[str] = set()
    reviewed: dict[str, list[str]] = defaultdict(list)  # file -> passages an editor reviewed
    for passage in config.personal_data_reviewed:
        reviewed[passage.file].append(passage.text)
    profile_docs = _load_documents(
        root, PROFILES_DIR, (".yml", ".yaml"), False, limit, report, unvalidated, documents
    )
    for doc in profile_docs:
        profile, problems = validate_document(doc, Profile)
        report.extend(problems)
        if profile is None:
            # Remember the slug it claims so other checks do not report a cascade.
            unvalidated.add(str(doc.data.get("slug")))
            continue
        check = _Checker(doc, report)
        stem = _stem(doc.relpath)
        if profile.slug != stem:
            check.add(("slug",), "slug.filename", slug=profile.slug, stem=stem)
        if RESERVED_PROFILE_SLUG.match(profile.slug):
            file = f"{PROFILE_API}{profile.slug}.json"
            check.add(("slug",), "slug.reserved", slug=profile.slug, file=file)
        if profile.slug in slugs:
            check.add(("slug",), "slug.duplicate", slug=profile.slug, other=slugs[profile.slug])
            continue
        slugs[profile.slug] = doc.relpath
        former.extend((old, doc, i) for i, old in enumerate(profile.former_slugs))
        _check_name(profile, check)
        _check_consent(profile, check)
        _check_status(profile, taxonomy, check)
        _check_posthumous_dates(profile, check)
        _check_same_achievement(profile, check)
        _check_directive_fields(profile, check)
        _check_free_text(doc, reviewed, check)
        _check_story(profile, check)
        englishfields.check_fields(englishfields.profile_fields(profile), check)
        for i, campaign_id in enumerate(profile.campaigns):
            if campaign_id not in campaign_ids:
                check.add(
                    ("campaigns", i),
                    "campaign.unknown",
                    campaign=campaign_id,
                    hint=_hint(campaign_id, campaign_ids),
                )
        awards = [
            resolved
            for i, record in enumerate(profile.awards)
            if (resolved := _check_award(i, record, profile.kind, taxonomy, campaign_ids, check))
        ]
        locality = resolve_remembered(profile.locality, admin, check)
        photos = _check_photos(profile, doc, root, config.limits, check, documents)
        awards.sort(key=lambda a: award_rank_key(taxonomy, a.record))
        practice = _check_practice(profile, awards, locality, admin, check)
        entry = Entry(profile, doc, locality, awards, photos, practice)
        site.entries.append(entry)
        communes = [u.code for u in locality.current_units if u.level == 3]
        if profile.kind == "individual" and communes:
            # Today's commune: old and new lists reuse codes for different places, and two
            # records of one person may straddle the 2025 reform.
            people[(fold(entry.display_name), min(communes))].append(entry)

    claimed: dict[str, str] = {}
    for old, doc, i in former:
        if old in slugs:
            _Checker(doc, report).add(
                ("former_slugs", i), "slug.former_taken", slug=old, other=slugs[old]
            )
        elif old in claimed and claimed[old] != doc.relpath:
            # Two profiles cannot both redirect the same old address.
            _Checker(doc, report).add(
                ("former_slugs", i), "slug.former_taken", slug=old, other=claimed[old]
            )
        else:
            claimed[old] = doc.relpath
    for group in people.values():
        for n, entry in enumerate(group):
            # Same recorded commune, or one record from each side of the 2025 reform; two
            # old communes merged into one new commune are different places.
            twin = next((first for first in group[:n] if _same_place(first, entry)), None)
            if twin is not None:
                _Checker(entry.doc, report).add(
                    ("name",), "duplicate.probable", "warning", other=twin.relpath
                )
    _report_confusables(site.entries, report)
    _load_decisions(site, limit, report, documents)
    _check_practice_links(site, unvalidated, report)
    _load_clusters(site, limit, report, unvalidated, documents)
    published = {e.slug for e in site.entries if e.profile.status == "published"}
    config_check = _Checker(config_doc, report)
    if config.privacy is None and any(
        e.profile.status == "published" and (e.consented_facts or e.public_photos)
        for e in site.entries
    ):
        # Publishing what a person consented to makes the site a data controller that owes a
        # notice (Law 91/2025): the about page carries it from `privacy`.
        config_check.add(("site_name",), "config.privacy_missing", "warning")
    for i, slug in enumerate(config.featured):
        if slug not in published and slug not in unvalidated:
            config_check.add(("featured", i), "profile.featured_unknown", slug=slug)
    for i, area_list in enumerate(config.area_lists):
        # A mistyped code would silently drop a commune from the area statistics.
        era_text = "@era.old" if area_list.era == OLD_ERA else "@era.new"
        for j, code in enumerate(area_list.codes):
            unit = admin.by_code(area_list.era, code)
            if unit is None or unit.level != 3:
                config_check.add(
                    ("area_lists", i, "codes", j),
                    "config.area_code_unknown",
                    "warning",
                    code=code,
                    era=era_text,
                )
    return site, report
