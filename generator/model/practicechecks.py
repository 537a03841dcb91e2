"""Model-practice checks (`model:` of a profile): its recognitions and replications resolved,
and the profiles and decisions they name."""

from __future__ import annotations

from generator.errors import Report
from generator.model.checker import Checker, did_you_mean
from generator.model.checkrows import row_of
from generator.model.entries import Site
from generator.model.localities import resolve_locality
from generator.model.resolved import (
    ResolvedAward,
    ResolvedLocality,
    ResolvedPractice,
    ResolvedRecognition,
    ResolvedReplication,
)
from generator.reference.adminunits import AdminUnits
from generator.source.documents import Profile
from generator.source.load import Loc


def check_practice(
    profile: Profile,
    awards: list[ResolvedAward],
    home: ResolvedLocality,
    admin: AdminUnits,
    check: Checker,
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


def check_practice_links(site: Site, unvalidated: set[str], report: Report) -> None:
    """A replication's profile and a recognition's decision must be pages of this site: an
    unknown or unpublished slug would be a broken link."""
    # On the entries' rows (model.checkrows): a kept profile is not unpickled.
    entries = {e.slug: e for e in site.entries}
    decisions = {d.slug for d in site.decisions}
    for entry in site.entries:
        practice = row_of(entry).practice
        if practice is None:
            continue
        check = Checker(entry.doc, report)
        replications, recognitions = practice
        for i, (slug, ours, place) in enumerate(replications):
            if slug is None or slug in unvalidated:
                continue  # a file that failed its schema was reported already
            where: Loc = ("model", "replicated_in", i, "profile")
            target = entries.get(slug)
            if target is None:
                hint = did_you_mean(slug, entries)
                check.add(where, "model.replication_unknown_profile", slug=slug, hint=hint)
            elif target is entry:
                check.add(where, "model.replication_self")
            elif (theirs := row_of(target)).status != "published":
                check.add(
                    where,
                    "model.replication_unpublished",
                    slug=slug,
                    status=theirs.status,
                )
            elif theirs.communes and ours and not set(theirs.communes) & set(ours):
                check.add(
                    where,
                    "model.replication_elsewhere",
                    "warning",
                    slug=slug,
                    other=theirs.place_text,
                    place=place,
                )
        for i, decision in enumerate(recognitions):
            if decision is not None and decision not in decisions:
                check.add(
                    ("model", "recognised", i, "decision"),
                    "model.decision_unknown",
                    slug=decision,
                    hint=did_you_mean(decision, decisions),
                )
