"""Figures of the emulation clusters and blocks (cụm, khối thi đua) on the statistics page
(issue #20 point 4): their members, the flags recorded per cluster, and each year's outcome.

A year of a cluster whose flags are not recorded is counted as "chưa ghi kết quả", apart from a
year recorded with no flag: the two mean different things and are never folded together.
Only the cluster files count here; a flag also recorded on a member's profile is counted among
the awards by `generator.model.statistics` as any other award.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from generator.model.entries import ClusterEntry, Site
from generator.model.phrases import Phrase
from generator.model.statistics import UNKNOWN, Figure, Link, Section, Stack, join_notes

CLUSTERS_PATH = "cum-thi-dua/"
GOVERNMENT_FLAG = "co-thi-dua-chinh-phu"
# A year's outcome for one cluster: the highest flag it records, none, or not recorded.
OUTCOME_LABELS = {
    "government": "Có Cờ thi đua của Chính phủ",
    "other": "Chỉ có cờ thi đua của bộ, ban, ngành, tỉnh",
    "none": "Không có cờ thi đua",
    UNKNOWN: "Chưa ghi kết quả bình xét",
}


def cluster_path(slug: str) -> str:
    """Site path of a cluster's page."""
    return f"{CLUSTERS_PATH}{slug}/"


def clusters_of_profiles(clusters: Sequence[ClusterEntry]) -> dict[str, list[tuple[str, str]]]:
    """Profile slug -> (page path, name) of every cluster it is a member of, by name."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cluster in clusters:
        for member in cluster.members:
            if member.entry is not None:
                found[member.entry.slug].append((cluster_path(cluster.slug), cluster.cluster.name))
    return dict(found)


def year_outcome(cluster: ClusterEntry, year: int) -> str:
    """The outcome key of `year` for `cluster` (it must record that year)."""
    recorded = next(y for y in cluster.cluster.years if y.year == year)
    if recorded.flags is None:
        return UNKNOWN
    awards = {f.award.id for f in cluster.flags_of(year)}
    if GOVERNMENT_FLAG in awards:
        return "government"
    return "other" if awards else "none"


def _share(value: int, total: int) -> float | None:
    return value / total if total else None


def cluster_sections(site: Site) -> list[Section]:
    """The clusters' sections of the statistics page and its CSV, in page order."""
    clusters = site.clusters
    index = Link(CLUSTERS_PATH)
    members = sum(len(c.members) for c in clusters)
    member_rows = [
        Figure(
            c.slug,
            c.cluster.name,
            len(c.members),
            _share(len(c.members), members),
            Link(cluster_path(c.slug)),
        )
        for c in clusters
    ]
    flags = sum(len(c.flags) for c in clusters)
    unrecorded = sum(1 for c in clusters for y in c.cluster.years if y.flags is None)
    flag_rows = [
        Figure(
            c.slug,
            c.cluster.name,
            len(c.flags),
            _share(len(c.flags), flags),
            Link(cluster_path(c.slug)),
        )
        for c in clusters
    ]
    per_year: dict[int, Counter[str]] = defaultdict(Counter)
    for c in clusters:
        for y in {y.year for y in c.cluster.years}:
            per_year[y][year_outcome(c, y)] += 1
    stacks = []
    overall: Counter[str] = Counter()
    for year in sorted(per_year):
        overall.update(per_year[year])
        stacks.append(_outcome_stack(str(year), str(year), per_year[year], index))
    stacks.insert(0, _outcome_stack("all", "Tất cả các năm", overall, index))
    return [
        Section(
            "cluster_members",
            "Cụm, khối thi đua và số thành viên",
            "Cụm, khối thi đua",
            "thành viên",
            members,
            member_rows,
            "hbar",
            base="Tổng số thành viên",
            count_label="Số thành viên",
            note=Phrase.counted(
                "{count} cụm, khối thi đua; liên kết dẫn đến trang của từng cụm, khối "
                "(thành viên, giao ước, cờ thi đua từng năm).",
                "{count} cụm, khối thi đua; liên kết dẫn đến trang của từng cụm, khối "
                "(thành viên, giao ước, cờ thi đua từng năm).",
                len(clusters),
                count=len(clusters),
            ),
        ),
        Section(
            "cluster_flags",
            "Cờ thi đua của từng cụm, khối (mọi năm đã ghi)",
            "Cụm, khối thi đua",
            "cờ thi đua",
            flags,
            flag_rows,
            "hbar",
            base="Tổng số cờ thi đua đã ghi",
            count_label="Số cờ",
            note=join_notes(
                "Theo tệp của từng cụm, khối.",
                Phrase.counted(
                    "{count} năm thi đua chưa ghi kết quả bình xét: không tính là không có cờ.",
                    "{count} năm thi đua chưa ghi kết quả bình xét: không tính là không có cờ.",
                    unrecorded,
                    count=unrecorded,
                ),
            ),
        ),
        Section(
            "cluster_years",
            "Kết quả bình xét cờ thi đua của các cụm, khối theo năm",
            "Kết quả",
            "năm thi đua của cụm, khối",
            sum(overall.values()),
            list(stacks[0].rows),
            "stacked",
            stacks=stacks,
            stack_column="Năm thi đua",
            count_label="Số cụm, khối",
            note="Mỗi cụm, khối một lần mỗi năm đã ghi, theo cờ cao nhất được tặng; năm chưa ghi "
            "kết quả được tính riêng là “chưa ghi kết quả bình xét”.",
        ),
    ]


def _outcome_stack(key: str, label: str, counts: Counter[str], link: Link) -> Stack:
    total = sum(counts.values())
    rows = tuple(
        Figure(
            k,
            text,
            counts.get(k, 0),
            _share(counts.get(k, 0), total),
            link if counts.get(k) else None,
        )
        for k, text in OUTCOME_LABELS.items()
    )
    return Stack(key, label, total, rows, link)
