"""The check's row of a profile: the few facts of its Entry that the phases after the profile
phase read (slug, names, status, places, cited decisions, model-practice links) and those the
later stages read of every entry (name order, dates, photos, cards, campaigns, province), kept
with its check between builds, and the Entry of an unchanged profile made of its row alone
(`KeptEntry`), its validated profile and what its check resolved unpickled when first read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from generator.model import englishtext
from generator.model.annexshown import SavedRevoked, saved_revoked
from generator.model.entries import Entry, cached_once, name_order, sort_names
from generator.model.resolved import (
    ResolvedAward,
    ResolvedLocality,
    ResolvedPractice,
    award_date,
)
from generator.model.rowshown import EntryShown, packed, saved_shown, shown_digests, shown_view
from generator.source.documents import Photo, Profile
from generator.source.load import Document
from generator.vntext import folded_name

# A replication of a model, as its practice check reads it: the profile it names, the places
# it was copied to today (commune codes) and its place in one line.
Replication = tuple[str | None, tuple[str, ...], str]
# What localities.json reads of an entry's place besides its form (`CheckRow.form`): the
# recorded units (era, code), today's province's code, the foreign country as recorded (name,
# ISO code).
PlaceFacts = tuple[tuple[tuple[str, str], ...], str | None, tuple[str, str | None] | None]


class CheckRow(NamedTuple):
    """What the model's phases after the profile phase read of an entry (see `row_of`)."""

    slug: str
    former_slugs: tuple[str, ...]
    kind: str
    status: str
    display_name: str
    # An individual's folded name and today's first commune code, the probable duplicates'
    # key (else None): made once by its check, not by every edit's (`site._take_kept`).
    people: tuple[str, str] | None
    # The recorded era and the code of its smallest unit (`profilechecks.same_place`).
    place: tuple[str | None, str | None]
    # (decision number, award id) of each award in force with a number (decisions' counts).
    cited: tuple[tuple[str, str], ...]
    awarded: tuple[tuple[str, int], ...]  # (award id, year) in force (clusters' flags)
    communes: tuple[str, ...]  # today's commune codes
    place_text: str  # `ResolvedLocality.short_text`
    # Consented facts or photos published (the privacy notice's check).
    personal: bool
    # A model's practice: its replications, and the decision slugs of its recognitions.
    practice: tuple[tuple[Replication, ...], tuple[str | None, ...]] | None
    # Dates as ordinals (marshal stores no date): the latest fact that has happened (the
    # build's "today", commands.today), the latest decision, revocation or withdrawal (one
    # after "today" is an error: profilechecks.check_dates).
    latest: int | None
    dated: int | None
    # An individual on the roll or proposed, of a known birth, without a guardian's consent:
    # the birth date as an ordinal (or None) and year (check_dates: under 16 is an error).
    minor: tuple[int | None, int | None] | None
    # What the stages after the check read of every entry, so that an edit that keeps the
    # listings (a summary's) unpickles only the blocks of the entries it shows whole (issue
    # #21; docs/performance.md, "Readers on rows"): the name's words of its order
    # (`Entry.sort_key`), the shown proposals' windows (`Site.open_windows`), the checked
    # photos' files (page keys), the consented ones (index in `photos:`, file as named, file),
    # the texts of its own social card when it has one (Vietnamese award, English award and
    # place), its highest award's id (its card otherwise), its sitemap date
    # (`linkeddata.entry_lastmod`) and its feed's dates (`opendata.feeds.feed_dates`) as
    # ordinals, its campaigns and its province's slug (the search index's partition).
    names: tuple[str | None, ...]
    proposal_windows: tuple[tuple[int, int, str], ...]
    photo_paths: tuple[str, ...]
    public: tuple[tuple[int, str, str], ...]
    card: tuple[str, str, str] | None
    top: str | None
    lastmod: int | None
    feed: tuple[int | None, int] | None
    campaigns: tuple[str, ...]
    province: str | None
    # What the build's process reads of every entry when an edit makes the listings again (an
    # award, a name, a new profile): `Entry.updated` as an ordinal (the home page's latest),
    # the locality's form (the rolls outside the provinces) and the withdrawal's date as an
    # ordinal and tombstone flag (the post-build pages), so that those pages unpickle none of
    # the roll (issue #21; docs/performance.md, "The build's readers of an award edit").
    updated: int | None
    form: str
    withdrawal: tuple[int, bool] | None
    # Each annulled or stripped award (`ResolvedAward.withdrawn`): its place in `awards`, the
    # year and date (ordinal) of the act, else the award's year and `dt.date.min`, its id
    # (`model.statistics.RevokedAward`: the statistics' annex is ordered and counted by them)
    # and what the annex shows of it (`annexshown.saved_revoked`), so that the statistics page
    # made again unpickles none of these entries (session 21).
    revoked: tuple[tuple[int, int, int, str, SavedRevoked], ...]
    # The rolls' readers (R, session 19): each award in force as the award and year rolls
    # order and group it (its index among the entry's awards, award id, class, the date it is
    # judged by as an ordinal, `award_date`, and its year), so that an edit's splice places a
    # changed row among kept ones without unpickling them (generator.model.rollsplice).
    listed: tuple[tuple[int, str, str | None, int, int], ...]
    # What the open data's child reads of every entry on an edit that makes the listings
    # again (issue #21; docs/performance.md, "The open-data child's readers on rows"): each
    # award's place among those the profile shows (`Entry.shown_awards`; -1: refused, not
    # shown), in the order of `Entry.awards`, and its highest award's in force
    # (`Entry.top_award`; -1: none), which the roll pages' workbooks and the data page read;
    # and what localities.json reads of its place (`place_facts`).
    shown_at: tuple[int, ...]
    top_at: int
    place_facts: PlaceFacts
    # What a roll's page shows of the entry, as digests (`rowshown.shown_digests`): its own
    # columns, and each of its awards' (by index among its awards). A roll page is keyed by
    # them, not by the entry's source: an award that does not change its highest leaves the
    # entry's rows on every other roll as they were, and their pages are not made again.
    shown: tuple[str, tuple[str, ...]]
    # What a roll's row and a card show of the entry besides its slug, name, place and
    # photos (`rowshown.saved_shown`), which the templates render (`shown_of`) and the digests
    # are made of: a page made again reads no kept profile (session 20).
    roll_view: bytes


def make_row(entry: Entry) -> CheckRow:
    """The row of an entry resolved now."""
    profile, locality = entry.profile, entry.locality
    communes = tuple(u.code for u in locality.current_units if u.level == 3)
    practice = None
    if entry.practice is not None:
        replications = tuple(
            (
                copy.record.profile,
                tuple(u.code for u in copy.locality.current_units if u.level == 3),
                copy.locality.short_text(),
            )
            for copy in entry.practice.replications
        )
        decisions = tuple(r.record.decision for r in entry.practice.recognitions)
        practice = (replications, decisions)
    happened = _happened(profile)
    view = saved_shown(entry)
    public, lastmod = _public_photos(entry), _lastmod(entry)
    dated = [r.decision_date for r in profile.awards if r.decision_date is not None]
    dated += [r.revocation.date for r in profile.awards if r.revocation is not None]
    dated += [profile.withdrawal.date] if profile.withdrawal is not None else []
    minor = None
    if (
        profile.kind == "individual"
        and profile.status in ("published", "proposed")
        and (profile.birth_date is not None or profile.birth_year is not None)
        and profile.consent.guardian is not True
    ):
        birth = profile.birth_date.toordinal() if profile.birth_date is not None else None
        minor = (birth, profile.birth_year)
    return CheckRow(
        entry.slug,
        tuple(profile.former_slugs),
        profile.kind,
        profile.status,
        entry.display_name,
        _people(entry.display_name, profile.kind, communes),
        (locality.era, locality.units[-1].code if locality.units else None),
        tuple(
            (a.record.decision_number, a.record.award)
            for a in entry.active_awards
            if a.record.decision_number
        ),
        tuple((a.record.award, a.record.year) for a in entry.active_awards),
        communes,
        locality.short_text(),
        bool(entry.consented_facts or entry.public_photos),
        practice,
        max(happened).toordinal() if happened else None,
        max(dated).toordinal() if dated else None,
        minor,
        sort_names(profile),
        entry.proposal_windows,
        tuple(str(path) for _photo, path in entry.photos),
        public,
        _card_texts(entry) if public else None,
        entry.top_award.award.id if entry.top_award is not None else None,
        lastmod.toordinal() if lastmod is not None else None,
        _feed_span(entry),
        entry.campaign_slugs,
        locality.province_slug,
        entry.updated.toordinal() if entry.updated is not None else None,
        locality.form,
        _withdrawal(profile),
        _revoked(entry),
        _listed(entry),
        *_shown_at(entry),
        _place_facts(locality),
        shown_digests(entry.slug, entry.display_name, locality.short_text(), view),
        packed(view),
    )


def _shown_at(entry: Entry) -> tuple[tuple[int, ...], int]:
    """Each award's place among the shown (-1: not shown), and the top award's (-1: none)."""
    # By identity, as `Row.award` is found among them.
    at = {id(award): i for i, award in enumerate(entry.shown_awards)}
    top = entry.top_award
    return tuple(at.get(id(a), -1) for a in entry.awards), at[id(top)] if top is not None else -1


def shown_count(row: CheckRow) -> int:
    """How many awards the entry shows (`len(Entry.shown_awards)`), from its row."""
    return len(row.shown_at) - row.shown_at.count(-1)


def _place_facts(locality: ResolvedLocality) -> PlaceFacts:
    """What localities.json reads of a place (`PlaceFacts`)."""
    recorded = locality.recorded
    province = locality.current_province
    return (
        tuple((unit.era, unit.code) for unit in locality.units),
        province.code if province is not None else None,
        (recorded.country, recorded.country_code) if recorded.country is not None else None,
    )


def _revoked(entry: Entry) -> tuple[tuple[int, int, int, str, SavedRevoked], ...]:
    """(place in `awards`, year, date as an ordinal, award id, what the annex shows) of each
    annulled or stripped award: the act's year and date, else the award's year and
    `dt.date.min`."""
    found = []
    for index, award in enumerate(entry.awards):
        if award.withdrawn:
            record, act = award.record, award.record.revocation
            year, day = (act.date.year, act.date) if act is not None else (record.year, dt.date.min)
            found.append((index, year, day.toordinal(), record.award, saved_revoked(award)))
    return tuple(found)


def _withdrawal(profile: Profile) -> tuple[int, bool] | None:
    """The withdrawal's date (an ordinal) and whether its old address keeps a tombstone."""
    withdrawal = profile.withdrawal
    return None if withdrawal is None else (withdrawal.date.toordinal(), withdrawal.tombstone)


def _listed(entry: Entry) -> tuple[tuple[int, str, str | None, int, int], ...]:
    """`CheckRow.listed`: each award in force, in the entry's order of its awards."""
    active = {id(award) for award in entry.active_awards}
    found = []
    for index, award in enumerate(entry.awards):
        if id(award) in active:
            record = award.record
            day = award_date(record).toordinal()
            found.append((index, record.award, record.award_class, day, record.year))
    return tuple(found)


def _public_photos(entry: Entry) -> tuple[tuple[int, str, str], ...]:
    """The consented photos' places in `photos:`, files as named, and checked files."""
    profile = entry.profile
    found = []
    for photo, path in entry.public_photos:
        # By identity: two identical `photos:` items are still two places in the file.
        index = next(i for i, p in enumerate(profile.photos) if p is photo)
        found.append((index, photo.file, str(path)))
    return tuple(found)


def _card_texts(entry: Entry) -> tuple[str, str, str]:
    """What a profile's own social card says besides its name and Vietnamese place: its
    highest award in each edition and its English place (images.stage)."""
    best = entry.top_award
    return (
        best.display if best is not None else "",
        englishtext.resolved_award_name(best).text if best is not None else "",
        englishtext.short_place(entry.locality),
    )


def _lastmod(entry: Entry) -> dt.date | None:
    """The entry's own latest date: stated update, decisions, annulments, never the build day
    (`linkeddata.entry_lastmod`)."""
    profile = entry.profile
    dates = [profile.updated] if profile.updated is not None else []
    for resolved in entry.awards:
        record = resolved.record
        if record.decision_date is not None:
            dates.append(record.decision_date)
        if record.revocation is not None:
            dates.append(record.revocation.date)
    return max(dates) if dates else None


def _feed_span(entry: Entry) -> tuple[int | None, int] | None:
    """(first decision, latest dated fact) of an entry's shown awards and its "cập nhật"
    date, as ordinals (`opendata.feeds.feed_dates`); None without any date."""
    awards = entry.shown_awards
    decisions = [d for r in awards if (d := r.record.decision_date) is not None]
    dates = decisions + [v.date for r in awards if (v := r.record.revocation) is not None]
    if entry.updated is not None:
        dates.append(entry.updated)
    if not dates:
        return None
    return (min(decisions).toordinal() if decisions else None), max(dates).toordinal()


def _people(name: str, kind: str, communes: tuple[str, ...]) -> tuple[str, str] | None:
    """The probable duplicates' key of an entry: an individual's folded name and today's
    first commune (old and new lists reuse codes for different places, and two records of
    one person may straddle the 2025 reform)."""
    if kind != "individual" or not communes:
        return None
    return folded_name(name), min(communes)


def _happened(profile: Profile) -> list[dt.date]:
    """The dates of what has happened in a profile (never a planned date)."""
    dates = [d for d in (profile.updated,) if d is not None]
    for record in profile.awards:
        if record.decision_date is not None:
            dates.append(record.decision_date)
        if record.revocation is not None:
            dates.append(record.revocation.date)
    if profile.proposal is not None:
        dates.append(profile.proposal.window_start)
    dates += [proposal.window_start for proposal in profile.proposals]
    if profile.withdrawal is not None:
        dates.append(profile.withdrawal.date)
    dates += [s.date for s in profile.sources if s.date is not None]
    return dates


def row_of(entry: Entry) -> CheckRow:
    """The entry's row: kept (`KeptEntry`), else made once from the entry."""
    found: CheckRow | None = entry.__dict__.get(_ROW)
    if found is None:
        found = entry.__dict__[_ROW] = make_row(entry)
    return found


def shown_of(entry: Entry) -> EntryShown:
    """What a roll's row and a card show of the entry (`rowshown.EntryShown`), from its row."""
    row = row_of(entry)
    photos = tuple(index for index, _file, _path in row.public)
    return shown_view(row.slug, row.display_name, row.place_text, photos, row.roll_view)


def saved_row(row: CheckRow) -> tuple[Any, ...]:
    """The row as marshal stores it."""
    return tuple(row)


def loaded_row(saved: Any) -> CheckRow | None:
    """A row `saved_row` stored, or None if it is of another layout."""
    if not isinstance(saved, tuple) or len(saved) != len(CheckRow._fields):
        return None
    return CheckRow._make(saved)


_ROW = "check_row"
# What a KeptEntry is filled with: the profile, its locality, awards, photos and practice.
Made = tuple[
    Profile,
    ResolvedLocality,
    list[ResolvedAward],
    list[tuple[Photo, Path]],
    ResolvedPractice | None,
]


class KeptEntry(Entry):
    """The Entry of an unchanged profile as its row and Document: its profile and what its
    check resolved are filled in by `fill` when one of them is first read, and the entry is
    then an Entry like any other."""

    # At 100,000 profiles, unpickling every validated profile (~7 pydantic models and ~70
    # objects each) was half of the check of an edit (~40 of ~78 µs a profile, issue #21);
    # the check itself reads only the row. The stages after it still ask for the profile of
    # every entry: `fill` unpickles the whole roll at the first asking (as the check did).

    def __init__(
        self,
        doc: Document | str,
        row: CheckRow,
        fill: Callable[[KeptEntry], None],
        documents: Callable[[str], Document] | None = None,
    ) -> None:
        state = self.__dict__
        # Its Document, or its path and `documents` to make it when first read: an unchanged
        # profile's source is read by nothing after an edit's check but a problem's lines.
        if isinstance(doc, str):
            state["_relpath"], state["_documents"] = doc, documents
        else:
            state["doc"], state["_relpath"] = doc, doc.relpath
        state[_ROW], state["_fill"] = row, fill
        # Entry's cached properties, which would read the profile.
        state["slug"], state["display_name"] = row.slug, row.display_name
        state["campaign_slugs"] = row.campaigns

    def filled(self, made: Made) -> None:
        """Hold the kept profile and what its check resolved: an Entry from now on."""
        self.doc  # noqa: B018  (made now: an Entry holds its Document)
        state = self.__dict__
        del state["_fill"]
        state["profile"], state["locality"], state["awards"], state["photos"] = made[:4]
        state["practice"] = made[4]
        self.__class__ = Entry  # type: ignore[assignment]

    @property
    def doc(self) -> Document:  # type: ignore[override]
        """The source's Document, made when first read."""
        state = self.__dict__
        found: Document | None = state.get("doc")
        if found is None:
            found = state["doc"] = state.pop("_documents")(state["_relpath"])
            if state.pop("_released", False):
                found.release()  # as `release_source` would have
        return found

    @property
    def relpath(self) -> str:
        """The source file, relative to the project root (its Document not made)."""
        return self.__dict__["_relpath"]  # type: ignore[no-any-return]

    def release_source(self) -> None:
        """`Entry.release_source`; a Document not made yet is released when made."""
        state = self.__dict__
        if "doc" in state:
            state["doc"].release()
        else:
            state["_released"] = True

    @property
    def status(self) -> str:
        """The profile's status, from the row."""
        return self.__dict__[_ROW].status  # type: ignore[no-any-return]

    @cached_once
    def sort_names(self) -> tuple[str | None, ...]:
        """`Entry.sort_names`, from the row."""
        return self.__dict__[_ROW].names  # type: ignore[no-any-return]

    @cached_once
    def sort_key(self) -> tuple[object, ...]:
        """`Entry.sort_key`, from the row's names."""
        row: CheckRow = self.__dict__[_ROW]
        return name_order(row.names, row.slug)

    @cached_once
    def proposal_windows(self) -> tuple[tuple[int, int, str], ...]:
        """`Entry.proposal_windows`, from the row."""
        return self.__dict__[_ROW].proposal_windows  # type: ignore[no-any-return]

    def _kept(self, name: str) -> Any:
        self.__dict__["_fill"](self)
        return self.__dict__[name]

    @property
    def profile(self) -> Profile:  # type: ignore[override]
        """The validated profile, unpickled when first read."""
        return self._kept("profile")  # type: ignore[no-any-return]

    @property
    def locality(self) -> ResolvedLocality:  # type: ignore[override]
        """The resolved locality, unpickled when first read."""
        return self._kept("locality")  # type: ignore[no-any-return]

    @property
    def awards(self) -> list[ResolvedAward]:  # type: ignore[override]
        """The resolved awards, unpickled when first read."""
        return self._kept("awards")  # type: ignore[no-any-return]

    @property
    def photos(self) -> list[tuple[Photo, Path]]:  # type: ignore[override]
        """The checked photos, unpickled when first read."""
        return self._kept("photos")  # type: ignore[no-any-return]

    @property
    def practice(self) -> ResolvedPractice | None:  # type: ignore[override]
        """The resolved model practice, unpickled when first read."""
        return self._kept("practice")  # type: ignore[no-any-return]
