"""Profile checks that resolve nothing: name, status, proposals, posthumous dates, one
achievement rewarded twice, directive fields, public free text, story and campaign Markdown,
look-alike slugs, ages on a date."""

from __future__ import annotations

import datetime as dt
import re

from generator.errors import Report, class_codes, make_problem
from generator.model.awardchecks import check_recipient
from generator.model.checker import Checker, did_you_mean
from generator.model.checkrows import row_of
from generator.model.entries import RECIPIENT_OF_KIND, Entry, Site
from generator.model.privacyscan import privacy_findings
from generator.model.workdays import load_holidays
from generator.reference.taxonomy import Taxonomy
from generator.source.documents import Profile, Proposal
from generator.source.load import Document, Loc
from generator.source.markdownguard import WORK_BUDGET, markdown_work
from generator.vntext import confusable_key, fold


def same_place(a: Entry, b: Entry) -> bool:
    """True when two records name the same commune, allowing for the 2025 reform."""
    (era, unit), (other_era, other_unit) = row_of(a).place, row_of(b).place
    return era != other_era or unit == other_unit


def _check_proposal(
    base: Loc, proposal: Proposal, kind: str, taxonomy: Taxonomy, check: Checker
) -> None:
    """One proposal: a known award and class for this kind of recipient, a window that ends
    after it starts and before the council meets, long enough where the law asks for comment."""
    award = taxonomy.get(proposal.award)
    if award is None:
        check.add(
            (*base, "award"),
            "award.unknown",
            award=proposal.award,
            hint=did_you_mean(proposal.award, [a.id for a in taxonomy]),
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
        check_recipient(award, RECIPIENT_OF_KIND.get(kind, kind), (*base, "award"), check)
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


def check_status(profile: Profile, taxonomy: Taxonomy, check: Checker) -> None:
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


def check_free_text(doc: Document, reviewed: dict[str, list[str]], check: Checker) -> None:
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


def check_story(profile: Profile, check: Checker) -> None:
    """Refuse a story python-markdown would take too long to convert (the build refuses it)."""
    if not profile.story:
        return
    found = markdown_work(profile.story)
    if found.too_much:
        line, col = _line_col(profile.story, found.offset)
        limit = WORK_BUDGET
        check.add(
            ("story",),
            "markdown.too_complex_in",
            work=found.work,
            limit=limit,
            line=line,
            col=col,
        )


def check_campaign_body(doc: Document, report: Report) -> None:
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


def report_confusables(entries: list[Entry], report: Report) -> None:
    """Warn about two entries whose names (or slugs) look the same but are written apart."""
    names: dict[str, Entry] = {}
    slugs: dict[str, Entry] = {}
    for entry in entries:
        first = names.setdefault(confusable_key(entry.display_name), entry)
        if first.display_name != entry.display_name:
            Checker(entry.doc, report).add(
                ("name",),
                "name.confusable",
                "warning",
                name=entry.display_name,
                other_name=first.display_name,
                other=first.relpath,
            )
        first = slugs.setdefault(entry.slug.translate(_SLUG_SKELETON).replace("rn", "m"), entry)
        if first.slug != entry.slug:
            Checker(entry.doc, report).add(
                ("slug",),
                "slug.confusable",
                "warning",
                slug=entry.slug,
                other_slug=first.slug,
                other=first.relpath,
            )


def check_posthumous_dates(profile: Profile, check: Checker) -> None:
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


def check_same_achievement(profile: Profile, check: Checker) -> None:
    """Law 06/2022 Art. 5: one achievement is not rewarded several times or by several forms.
    Two awards in force of one profile in the same year with the same achievement wording are
    likely one achievement rewarded twice (a lead for the editor, not a verdict: a warning)."""
    cited = [r.year for r in profile.awards if r.status == "active" and r.citation]
    if len(cited) == len(set(cited)):
        return  # no two in one year: nothing to compare (and no wording folded, every build)
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


def check_directive_fields(profile: Profile, check: Checker) -> None:
    """A scale belongs to a collective; Art. 8's "khen thưởng đối ngoại" to foreigners."""
    if profile.scale is not None and profile.kind not in ("collective", "model"):
        check.add(("scale",), "profile.scale_not_collective", "warning", kind=profile.kind)
    if profile.locality.form == "foreign":
        return
    for i, record in enumerate(profile.awards):
        if record.commendation_type == "doi-ngoai":
            check.add(
                ("awards", i, "commendation_type"),
                "award.foreign_type_domestic",
                "warning",
            )


def _age_on(birth_date: dt.date | None, birth_year: int | None, today: dt.date) -> int:
    """Age in whole years on `today` (from the birth year alone: the youngest it can be)."""
    if birth_date is not None:
        born = birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return today.year - (birth_year or today.year) - 1


def check_dates(site: Site, today: dt.date, report: Report) -> None:
    """Errors for decisions, revocations and withdrawals dated after the build's "today",
    and for a minor (under 16 on that day) without a guardian's consent.

    Run once "today" is known (`vinhdanh build`, or `vinhdanh check --today`): a page must
    never state as done what has not happened on the day it is built.
    """
    # On the entries' rows (model.checkrows), a kept profile not unpickled: only an entry
    # with a date after today is read whole.
    day = today.toordinal()
    for entry in site.entries:
        row = row_of(entry)
        if row.dated is not None and row.dated > day:
            _check_entry_dates(entry, today, Checker(entry.doc, report))
        elif row.minor is not None:
            birth, birth_year = row.minor
            birth_date = dt.date.fromordinal(birth) if birth is not None else None
            if _age_on(birth_date, birth_year, today) < 16:
                born = birth_date.year if birth_date is not None else birth_year
                Checker(entry.doc, report).add(
                    ("consent", "guardian"), "consent.guardian_missing", born=born, today=today
                )
    for found in site.decisions:
        if found.decision.decision_date > today:
            Checker(found.doc, report).add(
                ("decision_date",),
                "date.future",
                what="@date.decision",
                date=found.decision.decision_date,
                today=today,
            )


def _check_entry_dates(entry: Entry, today: dt.date, check: Checker) -> None:
    """`check_dates` of one entry, read whole."""
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
        and _age_on(profile.birth_date, profile.birth_year, today) < 16
        and profile.consent.guardian is not True
    ):
        check.add(
            ("consent", "guardian"),
            "consent.guardian_missing",
            born=born,
            today=today,
        )
    if profile.withdrawal is not None and profile.withdrawal.date > today:
        check.add(
            ("withdrawal", "date"),
            "date.future",
            what="@date.withdrawal",
            date=profile.withdrawal.date,
            today=today,
        )


def check_name(profile: Profile, check: Checker) -> None:
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
