"""The sections of the statistics page, a province's figures and a campaign's, from a `Tally`.

What was awarded (by level, form, award, year, campaign, revoked by year), to whom (by kind,
sector, target group, work role) and where (by province today and as recorded, by area
class). Each section counts awards in force unless it says otherwise; the sections that add
the decisions' lists say so in their note.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.model.entries import KIND_NAMES, KIND_ROLLS, DecisionEntry, Site
from generator.model.labels import (
    FACET_AWARD,
    FACET_CAMPAIGN,
    FACET_GROUP,
    FACET_KIND,
    FACET_PROVINCE,
)
from generator.model.statistics import (
    AREA_COVERAGE_LABELS,
    AREA_LABELS,
    DECISIONS_LINK,
    FOREIGN,
    LOCAL_FORM,
    LOCAL_FORM_LABEL,
    NO_PLACE,
    REVOKED_ANCHOR,
    UNKNOWN,
    WORK_ROLE_LABELS,
    Figure,
    Link,
    RevokedAward,
    Section,
    Stack,
    decision_province,
    join_notes,
    place_link,
    recorded_place,
    search_link,
)
from generator.model.tally import Tally, figure_rows, no_link
from generator.model.urls import STATISTICS_PATH
from generator.source.documents import SECTORS, TARGET_GROUPS

if TYPE_CHECKING:
    from generator.model.statcounts import Counts


def by_level(tally: Tally, section_id: str = "level") -> Section:
    counts = tally.count("level")
    counts += tally.listed(lambda d: d.award.award.level if d.award else None)
    labels = tally.level_labels()
    rows = figure_rows(
        counts,
        tally.total,
        labels,
        lambda k: tally.search(tally.level_facet(k)),
        order=list(labels),
        keep_zero=True,
    )
    return Section(
        section_id,
        "Theo cấp khen thưởng",
        "Cấp khen thưởng",
        "lượt khen thưởng",
        tally.total,
        rows,
        "hbar",
    )


def by_form(tally: Tally) -> Section:
    counts = tally.count("form")
    counts += tally.listed(lambda d: d.award.award.form if d.award else None)
    # The search has no form facet: a form is the set of its awards counted here.
    counted = set(tally.count("award_id"))
    counted |= {d.decision.award for d, n in tally.decisions if n}
    names: dict[str, list[str]] = defaultdict(list)
    for award in tally.taxonomy:
        if award.id in counted:
            names[award.form].append(award.name_on(None))
    labels = {key: label.vi for key, label in tally.taxonomy.forms.items()}
    labels[LOCAL_FORM] = LOCAL_FORM_LABEL
    rows = figure_rows(
        counts,
        tally.total,
        labels,
        lambda k: tally.search(*((FACET_AWARD, name) for name in names[k])),
        order=[k for k in labels if k in counts],
    )
    return Section(
        "form",
        "Theo hình thức khen thưởng",
        "Hình thức",
        "lượt khen thưởng",
        tally.total,
        rows,
        "hbar",
    )


def by_award(tally: Tally) -> Section:
    counts = tally.count("award")
    rolled = set(counts)  # awards with a roll of profiles
    counts += tally.listed(lambda d: d.decision.award if d.award else None)
    order = [award.id for award in tally.taxonomy if award.id in counts]  # highest first
    labels = {award.id: award.name_on(None) for award in tally.taxonomy if award.id in counts}
    rows = figure_rows(
        counts,
        tally.total,
        labels,
        lambda k: Link(f"danh-sach/danh-hieu/{k}/" if k in rolled else DECISIONS_LINK),
        order=order,
    )
    return Section(
        "award",
        "Theo danh hiệu, hình thức khen thưởng",
        "Danh hiệu, hình thức",
        "lượt khen thưởng",
        tally.total,
        rows,
        "hbar",
        note="Xếp theo thứ bậc, cao nhất trước.",
    )


def by_year(tally: Tally) -> Section:
    counts = tally.count("year")
    rolled = set(counts)  # years with a roll of profiles
    counts += tally.listed(lambda d: str(d.decision.year) if d.award else None)
    order = sorted(counts, key=int)
    rows = figure_rows(
        counts,
        tally.total,
        {},
        lambda k: Link(f"danh-sach/nam/{k}/" if k in rolled else DECISIONS_LINK),
        order=order,
    )
    return Section(
        "year",
        "Theo năm khen thưởng",
        "Năm",
        "lượt khen thưởng",
        tally.total,
        rows,
        "vbar",
    )


def by_province(tally: Tally) -> Section:
    counts = tally.count("place")
    # Provinces (and the unknown and foreign lines) with published entries but no award
    # in force still have a roll: show 0.
    for key in tally.count("place_zero"):
        counts.setdefault(key, 0)
    labels = {key: tally.counts.place_labels[key] for key in counts}
    rolled = set(counts)  # places with a roll of profiles
    # A decision's list counts in its issuing authority's province (a commune's Gia đình
    # văn hóa list is that commune's); `update`, not `+=`, keeps the zero rows above.
    placed: Counter[str] = Counter()
    for found, n in tally.decisions:
        province = decision_province(found)
        if province is not None and n:
            key, labels[key] = province
            placed[key] += n
    counts.update(placed)
    total = tally.pair_count + sum(placed.values())
    rows = figure_rows(
        counts,
        total,
        labels,
        lambda k: place_link(k) if k in rolled else Link(DECISIONS_LINK),
        keep_zero=True,
        last=(FOREIGN, NO_PLACE),
    )
    note = join_notes(
        "Địa danh ghi trong hồ sơ được quy về 34 tỉnh, thành phố hiện nay.",
        "Danh sách theo quyết định được tính vào tỉnh, thành phố của cơ quan ra quyết định."
        if placed
        else "",
        "Hồ sơ chưa rõ địa phương và người, tập thể nước ngoài được tính riêng, "
        "không gán vào tỉnh, thành phố nào."
        if NO_PLACE in counts or FOREIGN in counts
        else "",
    )
    return Section(
        "province",
        "Theo tỉnh, thành phố hiện nay",
        "Tỉnh, thành phố (sau sắp xếp năm 2025)",
        "lượt khen thưởng",
        total,
        rows,
        "hbar",
        note=note,
    )


def by_recorded_province(tally: Tally) -> Section:
    counts = tally.count("recorded")
    labels: dict[str, str] = {}
    names: dict[str, str] = {}
    for key, (label, name) in tally.counts.recorded_labels(tally.entries).items():
        labels[key], names[key] = label, name
    # Lists as in `by_province`: only those whose issuing authority is in a province.
    total = tally.pair_count
    for found, n in tally.decisions:
        if n and decision_province(found) is not None:
            key, labels[key], names[key] = recorded_place(found.locality)
            counts[key] += n
            total += n

    def links(key: str) -> Link:
        if key == NO_PLACE:
            return place_link(key)
        return search_link(*tally.facets, text=names[key])

    rows = figure_rows(counts, total, labels, links, last=(NO_PLACE,))
    return Section(
        "province_recorded",
        "Theo tỉnh, thành phố như được ghi tại thời điểm khen thưởng",
        "Tỉnh, thành phố (như được ghi)",
        "lượt khen thưởng",
        total,
        rows,
        "table",
        note="Mỗi hồ sơ giữ địa danh tại thời điểm được ghi nhận (63 tỉnh trước ngày "
        "01/07/2025, 34 tỉnh từ ngày đó).",
    )


def by_campaign(tally: Tally) -> Section:
    counts = tally.count("campaign")
    rolled = set(counts)  # campaigns with a roll of profiles
    counts += tally.listed(lambda d: (d.decision.campaign or UNKNOWN) if d.award else None)
    campaigns = tally.site.campaigns

    def links(key: str) -> Link | None:
        if key not in campaigns:
            return None
        return Link(f"danh-sach/phong-trao/{key}/" if key in rolled else DECISIONS_LINK)

    labels = {slug: campaign.title for slug, (campaign, _) in campaigns.items()}
    labels[UNKNOWN] = "Không gắn với phong trào thi đua"
    rows = figure_rows(counts, tally.total, labels, links)
    return Section(
        "campaign",
        "Theo phong trào thi đua",
        "Phong trào",
        "lượt khen thưởng",
        tally.total,
        rows,
        "hbar",
        note="Khen thưởng trong khuôn khổ phong trào (trường campaign của quyết định).",
    )


def by_kind(tally: Tally, section_id: str = "kind") -> Section:
    counts = tally.count("kind")
    counts += tally.listed(lambda d: d.decision.kind if d.award else None)

    def links(kind: str) -> Link:
        # The kind rolls cover the whole site; narrower sets link to a faceted search.
        if tally.facets:
            return tally.search((FACET_KIND, KIND_NAMES[kind]))
        return Link(f"danh-sach/{KIND_ROLLS[kind]}/")

    rows = figure_rows(
        counts, tally.total, KIND_NAMES, links, order=list(KIND_NAMES), keep_zero=True
    )
    return Section(
        section_id,
        "Theo loại: cá nhân, tập thể, mô hình, hộ gia đình",
        "Loại",
        "lượt khen thưởng",
        tally.total,
        rows,
        "hbar",
    )


def by_sector(tally: Tally) -> Section:
    counts = tally.count("sector")
    labels = {key: names[0] for key, names in SECTORS.items()}
    labels[UNKNOWN] = "Chưa ghi lĩnh vực"
    rows = figure_rows(counts, tally.pair_count, labels, lambda k: Link(f"danh-sach/linh-vuc/{k}/"))
    return Section(
        "sector",
        "Theo lĩnh vực",
        "Lĩnh vực",
        "lượt khen thưởng",
        tally.pair_count,
        rows,
        "hbar",
        note=tally.lists_note,
    )


def by_target_group(tally: Tally) -> Section:
    counts = tally.count("group")
    labels = {key: names[0] for key, names in TARGET_GROUPS.items()}
    labels[UNKNOWN] = "Chưa ghi đối tượng"
    rows = figure_rows(
        counts, tally.pair_count, labels, lambda k: Link(f"danh-sach/doi-tuong/{k}/")
    )
    return Section(
        "target_group",
        "Theo đối tượng",
        "Đối tượng",
        "lượt khen thưởng",
        tally.pair_count,
        rows,
        "hbar",
        overlapping=True,
        note=join_notes(
            "Một hồ sơ có thể thuộc nhiều đối tượng, nên tổng các tỷ lệ có thể vượt 100%.",
            tally.lists_note,
        ),
        base="Tổng số lượt khen thưởng",
    )


def role_stack(tally: Tally, key: str, label: str, counts: Counter[str]) -> Stack:
    total = sum(counts.values())  # each award in force has one role (or UNKNOWN)
    rows = figure_rows(
        counts,
        total,
        WORK_ROLE_LABELS,
        lambda k: tally.role_link(k),
        order=list(WORK_ROLE_LABELS),
        keep_zero=True,
    )
    return Stack(key, label, total, tuple(rows))


def by_work_role(tally: Tally, section_id: str = "work_role", per_level: bool = True) -> Section:
    overall = role_stack(tally, "all", "Tất cả các cấp", tally.count("role"))
    stacks = [overall]
    if per_level:
        per_level_roles = tally.by_group("level_role")
        for key, label in tally.level_labels().items():
            if key in per_level_roles:
                stack = role_stack(tally, key, label, per_level_roles[key])
                # No listing crosses level and role: these cells have no link.
                rows = [Figure(r.key, r.label, r.value, r.share) for r in stack.rows]
                stacks.append(Stack(stack.key, stack.label, stack.total, tuple(rows)))
    return Section(
        section_id,
        "Người trực tiếp sản xuất, lao động và người lãnh đạo, quản lý",
        "Vị trí công việc",
        "lượt khen thưởng",
        tally.pair_count,
        list(overall.rows),
        "stacked",
        stacks=stacks,
        stack_column="Cấp khen thưởng",
        note=join_notes(
            "Theo vị trí công việc ghi trong hồ sơ; hồ sơ không ghi vị trí công việc được "
            "tính là “chưa rõ”.",
            tally.lists_note,
        ),
    )


def by_area_coverage(tally: Tally, section_id: str = "area_coverage") -> Section:
    counts = tally.count("coverage")
    rows = figure_rows(
        counts,
        tally.pair_count,
        AREA_COVERAGE_LABELS,
        no_link,
        order=list(AREA_COVERAGE_LABELS),
        keep_zero=True,
    )
    stack = Stack("all", "Tất cả lượt khen thưởng", tally.pair_count, tuple(rows))
    return Section(
        section_id,
        "Khen thưởng đến vùng biên giới, hải đảo, miền núi, đặc biệt khó khăn",
        "Địa bàn",
        "lượt khen thưởng",
        tally.pair_count,
        rows,
        "stacked",
        stacks=[stack],
        note=join_notes(
            "Chỉ tính những xã đã được phân loại (các nguồn phân loại ghi ở trang Thống "
            "kê); “chưa được phân loại” không có nghĩa là không thuộc các vùng này.",
            tally.lists_note,
        ),
    )


def by_area(tally: Tally) -> Section:
    counts = tally.count("area")
    rows = figure_rows(
        counts,
        tally.pair_count,
        AREA_LABELS,
        lambda k: tally.area_link(k),
        order=list(AREA_LABELS),
        keep_zero=True,
    )
    return Section(
        "area",
        "Theo loại địa bàn",
        "Địa bàn",
        "lượt khen thưởng",
        tally.pair_count,
        rows,
        "hbar",
        overlapping=True,
        base="Tổng số lượt khen thưởng",
        note=join_notes(
            "Một xã có thể vừa là xã biên giới vừa là xã miền núi, nên tổng các tỷ lệ "
            "có thể vượt 100%. Tỷ lệ tính trên tổng số lượt khen thưởng.",
            tally.lists_note,
        ),
    )


def revoked_by_year(tally: Tally, revoked: list[RevokedAward]) -> Section:
    counts = Counter(str(r.year) for r in revoked)
    total = len(revoked) + tally.pair_count
    rows = figure_rows(
        counts,
        total,
        {},
        lambda k: Link(STATISTICS_PATH, fragment=f"#{REVOKED_ANCHOR}-{k}"),
        order=sorted(counts, key=int),
    )
    return Section(
        "revoked_by_year",
        "Khen thưởng bị hủy bỏ, danh hiệu bị tước, theo năm",
        "Năm của quyết định hủy bỏ, tước danh hiệu",
        "lượt bị hủy bỏ, tước",
        total,
        rows,
        "vbar",
        note="Tỷ lệ tính trên tổng số lượt khen thưởng (còn hiệu lực và đã bị hủy bỏ, tước).",
        base="Tổng số lượt khen thưởng (còn hiệu lực và đã bị hủy bỏ, tước)",
    )


def campaign_sections(
    site: Site,
    slug: str,
    counts: Counts,
    decisions: Sequence[tuple[DecisionEntry, int]] = (),
) -> list[Section]:
    """Figures of one campaign: exemplars by province and target group, awards by level
    (with the lists of `decisions` naming the campaign: (decision, what it adds)); `counts`
    are the site's (the campaign's are scoped "c/<slug>/": statcounts.iter_parts)."""
    facet = (FACET_CAMPAIGN, site.campaigns[slug][0].title)
    counter = Tally(site, counts, facets=(facet,), scope=f"c/{slug}/")
    members = counts.number(f"c/{slug}/members")
    provinces = counter.count("place")
    labels = {key: counts.place_labels[key] for key in provinces}
    by_province = Section(
        "campaign_province",
        "Gương điển hình theo tỉnh, thành phố hiện nay",
        "Tỉnh, thành phố",
        "hồ sơ",
        members,
        figure_rows(
            provinces,
            members,
            labels,
            lambda k: search_link(facet, (FACET_PROVINCE, labels[k])),
            last=(FOREIGN, NO_PLACE),
        ),
        "hbar",
    )
    groups = counter.count("group")
    group_labels = {key: names[0] for key, names in TARGET_GROUPS.items()}
    group_labels[UNKNOWN] = "Chưa ghi đối tượng"
    by_group = Section(
        "campaign_target_group",
        "Gương điển hình theo đối tượng",
        "Đối tượng",
        "hồ sơ",
        members,
        figure_rows(
            groups,
            members,
            group_labels,
            lambda k: search_link(facet, (FACET_GROUP, group_labels[k])),
        ),
        "hbar",
        overlapping=True,
        note="Một hồ sơ có thể thuộc nhiều đối tượng.",
        base="Tổng số hồ sơ",
    )
    # The campaign's pairs: its members' awards in force that name it.
    counter.decisions = [(d, n) for d, n in decisions if d.decision.campaign == slug]
    awards = by_level(counter, "campaign_level")
    awards.title = "Khen thưởng trong phong trào theo cấp"
    awards.note = join_notes(
        "Các lượt khen thưởng có quyết định ghi phong trào này.",
        "Gồm cả người, tập thể, hộ trong danh sách của các quyết định đó."
        if any(n for _d, n in counter.decisions)
        else "",
    )
    for section in (by_province, by_group, awards):
        section.anchor = f"so-lieu-{section.id.replace('_', '-')}"
    return [by_province, by_group, awards]
