"""Decisions honouring many, compared: which appear, change (fields, lines of the list) or go."""

from __future__ import annotations

from collections import Counter

from generator.editors.rolldiff import (
    FIELD_LABELS,
    HIDDEN_VALUES,
    KIND_LABELS,
    Item,
    RollDiff,
    field_line,
    label_in,
)
from generator.errors import Lang, say
from generator.model.entries import DecisionEntry, Site
from generator.model.statistics import decision_province
from generator.model.urls import DECISIONS_PATH, campaign_path, decision_path

# Names of a decision's new lines quoted in the comment; a list of 1,000 is summed up.
MAX_NAMES = 10


def _decision_facts(found: DecisionEntry, lang: Lang) -> dict[str, object]:
    """What `diff.decision_added`/`_removed` say of a decision."""
    d = found.decision
    return {
        "title": found.title,
        "path": found.relpath,
        "award": found.award_text,
        "year": d.year,
        "count": found.count,
        "kind": label_in(KIND_LABELS, d.kind, lang),
    }


def _list_lines(found: DecisionEntry) -> Counter[tuple[object, ...]]:
    """The lines of a decision's list with their multiplicity (the same name may recur)."""
    return Counter(
        (r.line.name, r.kind, r.line.position, r.line.unit, r.line.commune)
        for r in found.recipients
    )


def _decision_changes(
    old: DecisionEntry, new: DecisionEntry, lang: Lang
) -> tuple[list[str], int, int]:
    """Lines saying what changed in a decision, and how many recipients it gains and loses."""
    lines: list[str] = []
    before = old.decision.model_dump(by_alias=True, exclude={"recipients", "updated"})
    after = new.decision.model_dump(by_alias=True, exclude={"recipients", "updated"})
    for key in after:
        if before.get(key) == after.get(key):
            continue
        label = label_in(FIELD_LABELS, key, lang)
        if key == "locality":
            old_text, new_text = old.locality.recorded_text(), new.locality.recorded_text()
            lines.append(
                say("diff.field", lang, field=label, old=f"“{old_text}”", new=f"“{new_text}”")
            )
        else:
            lines.append(
                field_line(label, before.get(key), after.get(key), lang, key in HIDDEN_VALUES)
            )
    was, now = _list_lines(old), _list_lines(new)
    added, removed = now - was, was - now
    # A line whose name stays but whose position, unit or commune changed is an edit.
    same = Counter(k[0] for k in added.elements()) & Counter(k[0] for k in removed.elements())
    edited = same.total()
    gained, lost = added.total() - edited, removed.total() - edited
    if added or removed:
        lines.append(
            say(
                "diff.decision_list",
                lang,
                added=gained,
                removed=lost,
                edited=edited,
                lines=len(new.recipients),
            )
        )
        # New names are quoted (they are about to be published); removed ones never: a line
        # is removed when its person asks to be taken off, and the comment is public.
        new_names = Counter(k[0] for k in added.elements()) - same
        names = [str(name) for name in new_names.elements()]
        if names:
            shown = ", ".join(f"“{n}”" for n in names[:MAX_NAMES])
            if len(names) > MAX_NAMES:
                shown += ", " + say("diff.more_names", lang, count=len(names) - MAX_NAMES)
            lines.append(say("diff.decision_names", lang, names=shown))
    elif old.count != new.count:
        # No list, or the same partial list: the recorded total says who is added or gone.
        gained, lost = max(new.count - old.count, 0), max(old.count - new.count, 0)
    return lines, gained, lost


def compare_decisions(
    base: Site | None,
    head: Site,
    lang: Lang,
    result: RollDiff,
    affected: set[str],
    rolls: set[str],
) -> None:
    """Fill the decisions section of `result` and the pages the decisions change (`rolls`:
    the listings of either side)."""
    old = {d.slug: d for d in base.decisions} if base is not None else {}
    new = {d.slug: d for d in head.decisions}
    touched: list[DecisionEntry] = []
    for slug in [d.slug for d in head.decisions if d.slug not in old]:
        found = new[slug]
        result.decisions.append(
            Item(say("diff.decision_added", lang, **_decision_facts(found, lang)))
        )
        result.decisions_added += 1
        result.names_added += found.count
        touched.append(found)
    for slug in [d.slug for d in head.decisions if d.slug in old]:
        lines, gained, lost = _decision_changes(old[slug], new[slug], lang)
        if lines:
            found = new[slug]
            result.decisions.append(
                Item(
                    say("diff.decision_changed", lang, title=found.title, path=found.relpath), lines
                )
            )
            result.decisions_changed += 1
            result.names_added += gained
            result.names_removed += lost
            touched += [old[slug], found]
    for found in [d for d in old.values() if d.slug not in new]:
        result.decisions.append(
            Item(say("diff.decision_removed", lang, **_decision_facts(found, lang)))
        )
        result.decisions_removed += 1
        result.names_removed += found.count
        touched.append(found)
    # The decision's page and index, and the figures of its province roll and campaign page.
    for found in touched:
        affected.update((decision_path(found.slug), DECISIONS_PATH))
        province = decision_province(found)
        if province is not None and f"danh-sach/tinh/{province[0]}/" in rolls:
            affected.add(f"danh-sach/tinh/{province[0]}/")
        campaign = found.decision.campaign
        if campaign and (campaign in head.campaigns or (base and campaign in base.campaigns)):
            affected.add(campaign_path(campaign))
