"""The report of `vinhdanh diff`: Markdown for a pull-request comment, or plain text."""

from __future__ import annotations

from generator.editors.rolldiff import Item, RollDiff
from generator.errors import Lang, say

MAX_PROBLEMS = 30


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
