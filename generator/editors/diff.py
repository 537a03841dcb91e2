"""`vinhdanh diff`: what a change does to the roll, in plain words, for a pull-request comment.

Both sides are built into Site models by the model stage: the base revision from a
`git archive` of its sources into a scratch folder, the working tree as it is. Comparing
models, not text, says what a reviewer needs: which profiles appear, change (which fields,
old → new), leave the site (withdrawn or deleted); which awards are added or revoked; which
campaigns change; which decisions honouring many appear, change (fields, lines of the list) or
go; which public pages (profile pages and the listings by award, province,
year, campaign …) will look different; and what `check` says about the result.

Sensitive fields (birth date, ethnicity, religion, health, address) and long texts are named,
never quoted: the comment is public.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.editors.decisiondiff import compare_decisions
from generator.editors.revisions import default_base, extract_revision
from generator.editors.rolldiff import (
    AWARD_STATUS_LABELS,
    FIELD_LABELS,
    HIDDEN_VALUES,
    KIND_LABELS,
    SKIPPED_FIELDS,
    STATUS_LABELS,
    Item,
    RollDiff,
    field_line,
    label_in,
    value_text,
)
from generator.errors import Lang, say
from generator.model.entries import Entry, Site
from generator.model.rolls import iter_rolls
from generator.model.site import build_site
from generator.model.urls import campaign_path, profile_path
from generator.source.documents import Campaign


def _award_key(record: Any) -> tuple[str, str, int, str]:
    return (record.award, record.award_class or "", record.year, record.decision_number or "")


def _award_text(record: Any, site: Site, lang: Lang) -> str:
    award = site.taxonomy.get(record.award)
    name = (
        award.display_for(record.award_class, None, record.issuer_level, record.issuer)
        if award is not None
        else record.award
    )
    facts = [str(record.year)]
    if record.decision_number:
        facts.append(say("diff.decision", lang, number=record.decision_number))
    return f"{name} ({', '.join(facts)})"


def _name_text(entry: Entry) -> str:
    return entry.display_name


def _block_changes(
    label: str, before: Mapping[str, Any], after: Mapping[str, Any], lang: Lang
) -> list[str]:
    """ "đồng ý công bố (photo): có → không" for each changed key of a nested block."""
    lines = []
    for key, value in after.items():
        was = before.get(key)
        if was != value:
            lines.append(
                say(
                    "diff.field",
                    lang,
                    field=f"{label} ({key})",
                    old=value_text(was, lang),
                    new=value_text(value, lang),
                )
            )
    return lines


def _field_changes(old: Entry, new: Entry, site: Site, lang: Lang) -> list[str]:
    """ "chức vụ: “A” → “B”" lines for every changed field, hiding what must not be quoted."""
    lines: list[str] = []
    before = old.profile.model_dump(by_alias=True)
    after = new.profile.model_dump(by_alias=True)
    for key in after:
        if key in SKIPPED_FIELDS or before.get(key) == after.get(key):
            continue
        label = label_in(FIELD_LABELS, key, lang)
        if key == "name":
            lines.append(
                say(
                    "diff.field",
                    lang,
                    field=label,
                    old=f"“{_name_text(old)}”",
                    new=f"“{_name_text(new)}”",
                )
            )
        elif key == "locality":
            lines.append(
                say(
                    "diff.field",
                    lang,
                    field=label,
                    old=f"“{old.locality.recorded_text()}”",
                    new=f"“{new.locality.recorded_text()}”",
                )
            )
        elif key == "proposal":
            # Closing the window shows as the status change; opening it says what is proposed.
            proposal = new.profile.proposal
            if proposal is not None and before.get(key) is None:
                known = site.taxonomy.get(proposal.award)
                award = known.display(proposal.award_class) if known else proposal.award
                lines.append(
                    say(
                        "diff.proposal_opened",
                        lang,
                        award=award,
                        start=proposal.window_start.isoformat(),
                        end=proposal.window_end.isoformat(),
                    )
                )
            elif proposal is not None:
                lines.extend(_block_changes(label, before[key], after[key], lang))
        elif key == "consent":
            lines.extend(_block_changes(label, before[key], after[key], lang))
        else:
            lines.append(
                field_line(label, before.get(key), after.get(key), lang, key in HIDDEN_VALUES)
            )
    return lines


def _award_changes(
    old: Entry, new: Entry, base: Site, head: Site, lang: Lang, result: RollDiff
) -> list[str]:
    lines: list[str] = []
    before = {_award_key(r): r for r in old.profile.awards}
    after = {_award_key(r): r for r in new.profile.awards}
    for key, record in after.items():
        previous = before.get(key)
        text = _award_text(record, head, lang)
        if previous is None:
            lines.append(say("diff.award_added", lang, award=text))
            if record.status == "active":
                result.awards_added += 1
            continue
        if previous.status != record.status:
            if record.status in ("revoked", "stripped"):
                result.awards_revoked += 1
                revocation = record.revocation
                detail = (
                    say(
                        "diff.revocation",
                        lang,
                        number=revocation.number,
                        date=revocation.date.isoformat(),
                    )
                    if revocation is not None
                    else ""
                )
                code = f"diff.award_{record.status}"
                lines.append(say(code, lang, award=text, detail=detail))
            else:
                lines.append(
                    say(
                        "diff.award_status",
                        lang,
                        award=text,
                        old=label_in(AWARD_STATUS_LABELS, previous.status, lang),
                        new=label_in(AWARD_STATUS_LABELS, record.status, lang),
                    )
                )
            continue
        old_fields = previous.model_dump(by_alias=True)
        new_fields = record.model_dump(by_alias=True)
        changed = [k for k in new_fields if old_fields.get(k) != new_fields.get(k)]
        if changed:
            lines.append(say("diff.award_changed", lang, award=text, fields=", ".join(changed)))
    for key, record in before.items():
        if key not in after:
            lines.append(say("diff.award_removed", lang, award=_award_text(record, base, lang)))
    return lines


def _entry_line(entry: Entry, lang: Lang) -> str:
    kind = label_in(KIND_LABELS, entry.profile.kind, lang)
    place = entry.locality.recorded_text()
    status = label_in(STATUS_LABELS, entry.profile.status, lang)
    return say(
        "diff.profile_line", lang, name=entry.display_name, path=entry.relpath, kind=kind,
        place=place, status=status,
    )  # fmt: skip


def _fingerprint(entry: Entry) -> str:
    return hashlib.sha256(entry.profile.model_dump_json().encode("utf-8")).hexdigest()


def _roll_signatures(site: Site) -> dict[str, tuple[object, ...]]:
    """Each listing's path -> what it shows (entries, awards listed, and their content)."""
    signatures: dict[str, tuple[object, ...]] = {}
    prints = {e.slug: _fingerprint(e) for e in site.entries}
    for roll in iter_rolls(site):
        signatures[roll.path] = tuple(
            (
                row.entry.slug,
                _award_key(row.award.record) if row.award is not None else None,
                prints[row.entry.slug],
            )
            for row in roll.rows
        )
    return signatures


def _campaign_changes(
    base: Mapping[str, tuple[Campaign, Any]],
    head: Mapping[str, tuple[Campaign, Any]],
    lang: Lang,
) -> list[Item]:
    items: list[Item] = []
    for slug in sorted(set(base) | set(head)):
        if slug not in base:
            campaign, doc = head[slug]
            items.append(
                Item(say("diff.campaign_added", lang, title=campaign.title, path=doc.relpath))
            )
        elif slug not in head:
            campaign, doc = base[slug]
            items.append(
                Item(say("diff.campaign_removed", lang, title=campaign.title, path=doc.relpath))
            )
        else:
            (old, old_doc), (new, new_doc) = base[slug], head[slug]
            before, after = old.model_dump(), new.model_dump()
            lines = []
            for key in after:
                if before.get(key) == after.get(key):
                    continue
                label = label_in(FIELD_LABELS, key, lang)
                hidden = key in HIDDEN_VALUES or key in ("criteria", "milestones", "legal_basis")
                lines.append(field_line(label, before.get(key), after.get(key), lang, hidden))
            if old_doc.body.strip() != new_doc.body.strip():
                lines.append(
                    say("diff.field_hidden", lang, field=label_in(FIELD_LABELS, "body", lang))
                )
            if lines:
                items.append(
                    Item(
                        say("diff.campaign_changed", lang, title=new.title, path=new_doc.relpath),
                        lines,
                    )
                )
    return items


def compare_sites(base: Site | None, head: Site, lang: Lang, result: RollDiff) -> None:
    """Fill `result` with what changes from `base` to `head`."""
    old_entries = {e.slug: e for e in base.entries} if base is not None else {}
    new_entries = {e.slug: e for e in head.entries}
    renamed: dict[str, str] = {}  # old slug -> new slug, when a profile changed its slug
    for slug, entry in new_entries.items():
        for former in entry.profile.former_slugs:
            if former in old_entries and former not in new_entries and slug not in old_entries:
                renamed[former] = slug
    affected: set[str] = set()
    for slug in sorted(new_entries, key=lambda s: new_entries[s].sort_key):
        entry = new_entries[slug]
        previous_slug = next((o for o, n in renamed.items() if n == slug), slug)
        old = old_entries.get(previous_slug)
        if old is None:
            item = Item(_entry_line(entry, lang))
            for record in entry.awards:
                item.details.append(
                    say(
                        "diff.award_added",
                        lang,
                        award=_award_text(record.record, head, lang),
                    )
                )
                if record.record.status == "active":
                    result.awards_added += 1
            result.added.append(item)
            if entry.profile.status == "published":
                affected.add(profile_path(slug))
            continue
        assert base is not None
        details: list[str] = []
        if previous_slug != slug:
            details.append(
                say("diff.renamed", lang, old=profile_path(previous_slug), new=profile_path(slug))
            )
        was, now = old.profile.status, entry.profile.status
        details.extend(_field_changes(old, entry, head, lang))
        details.extend(_award_changes(old, entry, base, head, lang, result))
        if was != now and now == "withdrawn":
            withdrawal = entry.profile.withdrawal
            when = withdrawal.date.isoformat() if withdrawal is not None else "?"
            result.withdrawn.append(
                Item(
                    say(
                        "diff.withdrawn_line",
                        lang,
                        name=entry.display_name,
                        path=entry.relpath,
                        date=when,
                    ),
                    details,
                )
            )
            affected.add(profile_path(slug))
            continue
        if was != now:
            details.insert(
                0,
                say(
                    "diff.status",
                    lang,
                    old=label_in(STATUS_LABELS, was, lang),
                    new=label_in(STATUS_LABELS, now, lang),
                ),
            )
        if details:
            result.changed.append(
                Item(
                    say("diff.changed_line", lang, name=entry.display_name, path=entry.relpath),
                    details,
                )
            )
            if "published" in (was, now):
                affected.add(profile_path(slug))
            if previous_slug != slug:
                affected.add(profile_path(previous_slug))
    for slug in sorted(set(old_entries) - set(new_entries) - set(renamed)):
        old = old_entries[slug]
        result.removed.append(
            Item(say("diff.removed_line", lang, name=old.display_name, path=old.relpath))
        )
        if old.profile.status == "published":
            affected.add(profile_path(slug))

    old_campaigns = base.campaigns if base is not None else {}
    result.campaigns = _campaign_changes(old_campaigns, head.campaigns, lang)
    for slug in set(old_campaigns) ^ set(head.campaigns):
        affected.add(campaign_path(slug))
    for slug in set(old_campaigns) & set(head.campaigns):
        (old_c, old_doc), (new_c, new_doc) = old_campaigns[slug], head.campaigns[slug]
        if old_c != new_c or old_doc.body != new_doc.body:
            affected.add(campaign_path(slug))

    old_rolls = _roll_signatures(base) if base is not None else {}
    new_rolls = _roll_signatures(head)
    compare_decisions(base, head, lang, result, affected, set(old_rolls) | set(new_rolls))
    for path in set(old_rolls) | set(new_rolls):
        if old_rolls.get(path) != new_rolls.get(path):
            affected.add(path)
            if path.startswith("danh-sach/phong-trao/"):
                affected.add(campaign_path(path.rstrip("/").rsplit("/", 1)[-1]))
    old_proposed = {
        e.slug: _fingerprint(e)
        for e in (base.entries if base else [])
        if e.profile.status == "proposed"
    }
    new_proposed = {e.slug: _fingerprint(e) for e in head.entries if e.profile.status == "proposed"}
    if old_proposed != new_proposed:
        affected.add("lay-y-kien/")
    result.pages = sorted(f"/{p}" for p in affected)


def diff_roll(root: Path, base: str | None = None, lang: Lang = "vi") -> RollDiff:
    """Compare the roll at git revision `base` (default: origin/main, else HEAD) with the tree."""
    rev = base or default_base(root)
    with tempfile.TemporaryDirectory(prefix="vinhdanh-diff-") as scratch:
        commit = extract_revision(root, rev, Path(scratch))
        base_site, _ = build_site(Path(scratch))
        head_site, report = build_site(root)
        result = RollDiff(base=rev, commit=commit[:12], report=report)
        if head_site is None:
            return result
        result.profiles = len(head_site.entries)
        result.campaign_count = len(head_site.campaigns)
        compare_sites(base_site, head_site, lang, result)
    return result
