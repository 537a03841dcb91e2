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

import datetime as dt
import hashlib
import io
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Lang, Report, say
from generator.model.rolls import iter_rolls
from generator.model.site import (
    DECISIONS_DIR,
    PROFILES_DIR,
    SENSITIVE_FIELDS,
    DecisionEntry,
    Entry,
    Site,
    build_site,
)
from generator.model.statistics import decision_province
from generator.model.urls import DECISIONS_PATH, campaign_path, decision_path, profile_path
from generator.source.config import CONFIG_FILE
from generator.source.documents import Campaign

SOURCES = (CONFIG_FILE, PROFILES_DIR, DECISIONS_DIR, "content")
MAX_PROBLEMS = 30
LONG_TEXT = 80
# Names of a decision's new lines quoted in the comment; a list of 1,000 is summed up.
MAX_NAMES = 10

KIND_LABELS: dict[str, tuple[str, str]] = {
    "individual": ("cá nhân", "individual"),
    "collective": ("tập thể", "collective"),
    "model": ("mô hình", "model"),
    "household": ("hộ gia đình", "household"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "published": ("công bố", "published"),
    "proposed": ("lấy ý kiến", "proposed"),
    "withdrawn": ("đã gỡ", "withdrawn"),
}
AWARD_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "active": ("có hiệu lực", "active"),
    "revoked": ("bị hủy bỏ quyết định", "annulled"),
    "stripped": ("bị tước danh hiệu", "stripped"),
    "refused": ("từ chối nhận", "refused"),
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "slug": ("slug", "slug"),
    "former_slugs": ("slug cũ", "former slugs"),
    "kind": ("loại", "kind"),
    "illustrative": ("dữ liệu minh họa", "illustrative"),
    "name": ("tên", "name"),
    "gender": ("giới tính", "gender"),
    "birth_date": ("ngày sinh", "birth date"),
    "birth_year": ("năm sinh", "birth year"),
    "death_year": ("năm mất", "year of death"),
    "ethnicity": ("dân tộc", "ethnicity"),
    "religion": ("tôn giáo", "religion"),
    "health": ("sức khỏe", "health"),
    "address": ("địa chỉ", "address"),
    "position": ("chức vụ", "position"),
    "unit": ("đơn vị", "unit"),
    "sector": ("lĩnh vực", "sector"),
    "target_groups": ("đối tượng", "target groups"),
    "work_role": ("vai trò", "work role"),
    "locality": ("địa phương", "locality"),
    "campaigns": ("phong trào", "campaigns"),
    "summary": ("tóm tắt", "summary"),
    "story": ("câu chuyện", "story"),
    "sources": ("nguồn", "sources"),
    "photos": ("ảnh", "photos"),
    "consent": ("đồng ý công bố", "consent"),
    "proposal": ("lấy ý kiến", "proposal"),
    "withdrawal": ("gỡ hồ sơ", "withdrawal"),
    "updated": ("ngày cập nhật", "updated"),
    # campaign fields
    "title": ("tên", "title"),
    "short_name": ("tên ngắn", "short name"),
    "launched_by": ("phát động", "launched by"),
    "legal_basis": ("căn cứ", "legal basis"),
    "level": ("cấp", "level"),
    "province": ("tỉnh", "province"),
    "start": ("bắt đầu", "start"),
    "end": ("kết thúc", "end"),
    "criteria": ("tiêu chí", "criteria"),
    "milestones": ("các mốc", "milestones"),
    "cluster": ("cụm, khối thi đua", "emulation cluster"),
    "status": ("trạng thái", "status"),
    "body": ("nội dung", "body"),
    # decision fields
    "decision_number": ("số quyết định", "decision number"),
    "decision_date": ("ngày quyết định", "decision date"),
    "issuer": ("người ký", "issuer"),
    "issuer_level": ("cấp khen thưởng", "issuer level"),
    "award": ("danh hiệu, hình thức", "award"),
    "class": ("hạng", "class"),
    "year": ("năm", "year"),
    "campaign": ("phong trào", "campaign"),
    "subject": ("trích yếu", "subject"),
    "count": ("số được khen", "count"),
}
# Named but never quoted: sensitive data, and texts too long for a comment line.
HIDDEN_VALUES = frozenset(SENSITIVE_FIELDS) | {"story", "summary", "photos", "sources", "body"}
# Compared apart (awards, status) or not worth a line (the record of the change itself).
SKIPPED_FIELDS = frozenset({"awards", "status", "withdrawal", "updated"})


def _label(table: Mapping[str, tuple[str, str]], key: str, lang: Lang) -> str:
    pair = table.get(key)
    return pair[0 if lang == "vi" else 1] if pair else key


class GitError(Exception):
    """A git command failed; the message is git's own."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def default_base(root: Path) -> str:
    """`origin/main` when that branch is known, else `HEAD`."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "origin/main^{commit}")
    except GitError:
        return "HEAD"
    return "origin/main"


def extract_revision(root: Path, rev: str, target: Path) -> str:
    """Write the sources of `rev` (config, profiles, content) into `target`; return its commit."""
    commit = _git(root, "rev-parse", "--verify", f"{rev}^{{commit}}").decode().strip()
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{commit}:{prefix}" if prefix else commit
    listed = _git(root, "ls-tree", "--name-only", tree).decode("utf-8").splitlines()
    paths = [p for p in SOURCES if p in listed]
    if paths:
        archive = _git(root, "archive", "--format=tar", tree, "--", *paths)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            # Only files and folders: the loader refuses symbolic links anyway, and a link in
            # an old revision must not point the extraction outside the scratch folder.
            members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
            tar.extractall(target, members=members, filter="data")
    return commit


# --- comparing --------------------------------------------------------------------------------


@dataclass
class Item:
    """One line of the report with the lines under it."""

    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class RollDiff:
    """Everything the change does, ready to print."""

    base: str
    commit: str
    added: list[Item] = field(default_factory=list)
    changed: list[Item] = field(default_factory=list)
    withdrawn: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    campaigns: list[Item] = field(default_factory=list)
    decisions: list[Item] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    awards_added: int = 0
    awards_revoked: int = 0
    decisions_added: int = 0
    decisions_changed: int = 0
    decisions_removed: int = 0
    names_added: int = 0  # recipients of decisions' lists (their count, or lines of the list)
    names_removed: int = 0
    report: Report = field(default_factory=Report)
    profiles: int = 0
    campaign_count: int = 0

    @property
    def empty(self) -> bool:
        """True when the roll is not affected at all."""
        return not (
            self.added
            or self.changed
            or self.withdrawn
            or self.removed
            or self.campaigns
            or self.decisions
            or self.pages
        )


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


def _value_text(value: Any, lang: Lang) -> str:
    if value is None or value == [] or value == "":
        return say("diff.empty_value", lang)
    if isinstance(value, bool):
        return say("diff.yes" if value else "diff.no", lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_value_text(v, lang) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value_text(v, lang)}" for k, v in value.items() if v is not None)
    text = str(value)
    return f"“{text}”" if len(text) <= LONG_TEXT else say("diff.long_text", lang)


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
                    old=_value_text(was, lang),
                    new=_value_text(value, lang),
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
        label = _label(FIELD_LABELS, key, lang)
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
        elif key in HIDDEN_VALUES:
            lines.append(say("diff.field_hidden", lang, field=label))
        else:
            lines.append(
                say(
                    "diff.field",
                    lang,
                    field=label,
                    old=_value_text(before.get(key), lang),
                    new=_value_text(after.get(key), lang),
                )
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
                        old=_label(AWARD_STATUS_LABELS, previous.status, lang),
                        new=_label(AWARD_STATUS_LABELS, record.status, lang),
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
    kind = _label(KIND_LABELS, entry.profile.kind, lang)
    place = entry.locality.recorded_text()
    status = _label(STATUS_LABELS, entry.profile.status, lang)
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
                label = _label(FIELD_LABELS, key, lang)
                if key in HIDDEN_VALUES or key in ("criteria", "milestones", "legal_basis"):
                    lines.append(say("diff.field_hidden", lang, field=label))
                else:
                    lines.append(
                        say(
                            "diff.field",
                            lang,
                            field=label,
                            old=_value_text(before.get(key), lang),
                            new=_value_text(after.get(key), lang),
                        )
                    )
            if old_doc.body.strip() != new_doc.body.strip():
                lines.append(
                    say("diff.field_hidden", lang, field=_label(FIELD_LABELS, "body", lang))
                )
            if lines:
                items.append(
                    Item(
                        say("diff.campaign_changed", lang, title=new.title, path=new_doc.relpath),
                        lines,
                    )
                )
    return items


def _decision_facts(found: DecisionEntry, lang: Lang) -> dict[str, object]:
    """What `diff.decision_added`/`_removed` say of a decision."""
    d = found.decision
    return {
        "title": found.title,
        "path": found.relpath,
        "award": found.award_text,
        "year": d.year,
        "count": found.count,
        "kind": _label(KIND_LABELS, d.kind, lang),
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
        label = _label(FIELD_LABELS, key, lang)
        if key == "locality":
            old_text, new_text = old.locality.recorded_text(), new.locality.recorded_text()
            lines.append(
                say("diff.field", lang, field=label, old=f"“{old_text}”", new=f"“{new_text}”")
            )
        elif key in HIDDEN_VALUES:
            lines.append(say("diff.field_hidden", lang, field=label))
        else:
            lines.append(
                say(
                    "diff.field",
                    lang,
                    field=label,
                    old=_value_text(before.get(key), lang),
                    new=_value_text(after.get(key), lang),
                )
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


def _compare_decisions(
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
                    old=_label(STATUS_LABELS, was, lang),
                    new=_label(STATUS_LABELS, now, lang),
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
    _compare_decisions(base, head, lang, result, affected, set(old_rolls) | set(new_rolls))
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


# --- printing ---------------------------------------------------------------------------------


def _sections(result: RollDiff, lang: Lang) -> list[tuple[str, list[Item]]]:
    return [
        (say("diff.h_added", lang), result.added),
        (say("diff.h_changed", lang), result.changed),
        (say("diff.h_withdrawn", lang), result.withdrawn),
        (say("diff.h_removed", lang), result.removed),
        (say("diff.h_campaigns", lang), result.campaigns),
        (say("diff.h_decisions", lang), result.decisions),
    ]


def _summary(result: RollDiff, lang: Lang) -> str:
    return say(
        "diff.summary", lang, added=len(result.added), changed=len(result.changed),
        withdrawn=len(result.withdrawn), removed=len(result.removed),
        awards_added=result.awards_added, awards_revoked=result.awards_revoked,
        campaigns=len(result.campaigns), decisions=_decision_summary(result, lang),
    )  # fmt: skip


def _decision_summary(result: RollDiff, lang: Lang) -> str:
    """The decisions' part of the summary; nothing when no decision changes."""
    if not result.decisions:
        return ""
    return say(
        "diff.summary_decisions", lang, added=result.decisions_added,
        changed=result.decisions_changed, removed=result.decisions_removed,
        names_added=result.names_added, names_removed=result.names_removed,
    )  # fmt: skip


def _check_lines(result: RollDiff, lang: Lang) -> tuple[str, list[str]]:
    report = result.report
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        head = say("diff.check_failed", lang, errors=errors, warnings=warnings)
    elif warnings:
        head = say("diff.check_warnings", lang, warnings=warnings)
    else:
        head = say("diff.check_ok", lang)
    problems = [p.format(lang) for p in report][:MAX_PROBLEMS]
    if len(list(report)) > MAX_PROBLEMS:
        problems.append(say("diff.more_problems", lang, count=len(list(report)) - MAX_PROBLEMS))
    return head, problems


def format_markdown(result: RollDiff, lang: Lang = "vi") -> str:
    """The report as Markdown for a pull-request comment."""
    out = [f"## {say('diff.title', lang)}", ""]
    out.append(say("diff.base", lang, base=f"`{result.base}`", commit=f"`{result.commit}`"))
    out.append("")
    if result.empty:
        out.append(say("diff.nothing", lang))
    else:
        out.append(f"**{say('diff.summary_label', lang)}** {_summary(result, lang)}")
    for title, items in _sections(result, lang):
        if not items:
            continue
        out.extend(["", f"### {title}", ""])
        for item in items:
            out.append(f"- {item.text}")
            out.extend(f"  - {detail}" for detail in item.details)
    if result.pages:
        out.extend(["", f"### {say('diff.h_pages', lang)}", ""])
        out.extend(f"- `{page}`" for page in result.pages)
    head, problems = _check_lines(result, lang)
    out.extend(["", f"### {say('diff.h_check', lang)}", "", head])
    if problems:
        out.extend(["", "```", *problems, "```"])
    return "\n".join(out) + "\n"


def _plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


def format_text(result: RollDiff, lang: Lang = "vi") -> str:
    """The report as plain text for a terminal."""
    title = say("diff.title", lang)
    out = [title, "=" * len(title)]
    out.append(_plain(say("diff.base", lang, base=result.base, commit=result.commit)))
    out.append(say("diff.nothing", lang) if result.empty else _summary(result, lang))
    for section, items in _sections(result, lang):
        if not items:
            continue
        out.extend(["", section, "-" * len(section)])
        for item in items:
            out.append(f"* {_plain(item.text)}")
            out.extend(f"    {_plain(detail)}" for detail in item.details)
    if result.pages:
        heading = say("diff.h_pages", lang)
        out.extend(["", heading, "-" * len(heading)])
        out.extend(f"  {page}" for page in result.pages)
    head, problems = _check_lines(result, lang)
    heading = say("diff.h_check", lang)
    out.extend(["", heading, "-" * len(heading), _plain(head), *problems])
    return "\n".join(out) + "\n"
