"""Emulation clusters and blocks (cụm, khối thi đua): loaded, their members and flags checked
and resolved into the Site's ClusterEntry list."""

from __future__ import annotations

from generator.errors import Report
from generator.model import englishfields
from generator.model.checker import Checker, did_you_mean
from generator.model.checkrows import row_of
from generator.model.entries import (
    ClusterEntry,
    ClusterFlagEntry,
    ClusterMemberEntry,
    Entry,
    Site,
    cluster_names_campaign,
)
from generator.model.localities import resolve_locality
from generator.model.resolved import ResolvedLocality
from generator.model.sourcefiles import CLUSTERS_DIR, DocumentCache, checked_documents
from generator.reference.taxonomy import Taxonomy
from generator.source.documents import Cluster, ClusterFlag
from generator.source.load import Loc
from generator.vntext import collation_key


def load_clusters(
    site: Site,
    limit: int,
    report: Report,
    unvalidated: set[str],
    documents: DocumentCache | None,
) -> None:
    """Load, check and resolve clusters/ into `site.clusters` (after the profiles: members
    are collective profiles, and a flag is looked up on its member's profile)."""
    profiles = {e.slug: e for e in site.entries}
    english = englishfields.cluster_fields
    found_docs = checked_documents(
        site.root, CLUSTERS_DIR, Cluster, english, limit, report, documents
    )
    for doc, cluster, check in found_docs:
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
    check: Checker,
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
                    hint = did_you_mean(member.profile, profiles)
                    check.add(
                        (*where, "profile"),
                        "cluster.member_unknown",
                        slug=member.profile,
                        hint=hint,
                    )
                continue
            row = row_of(entry)  # a kept profile is not unpickled
            if row.kind not in ("collective", "model"):
                check.add((*where, "profile"), "cluster.member_kind", slug=member.profile)
                continue
            if row.status != "published":
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
    check: Checker,
) -> ClusterFlagEntry | None:
    """A recorded flag, checked: a known award, given to a member, as its profile records."""
    award = taxonomy.get(flag.award)
    if award is None:
        hint = did_you_mean(flag.award, (a.id for a in taxonomy))
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
    if member.entry is not None and (flag.award, year) not in row_of(member.entry).awarded:
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
    return ClusterFlagEntry(year, flag, member, award)
