"""Award checks: an award record against the taxonomy (form, class, recipient, regime, year,
campaign, revocation), resolved into a ResolvedAward."""

from __future__ import annotations

import datetime as dt

from generator.errors import Severity, class_codes
from generator.model.checker import Checker, did_you_mean
from generator.model.entries import RECIPIENT_OF_KIND
from generator.model.resolved import ResolvedAward, award_date
from generator.reference.taxonomy import Award, RevocationGround, Taxonomy
from generator.source.documents import AwardRecord
from generator.source.load import Loc
from generator.vntext import collation_key


def check_award(
    index: int,
    record: AwardRecord,
    kind: str | None,
    taxonomy: Taxonomy,
    campaigns: set[str],
    check: Checker,
) -> ResolvedAward | None:
    """Check one award record against the taxonomy by its date; `kind` is the profile's kind
    (None: the caller checks the recipients, as a decision's list does)."""
    base: Loc = ("awards", index)
    award = taxonomy.get(record.award)
    _check_award_year(index, record, check)
    if record.campaign is not None and record.campaign not in campaigns:
        check.add(
            (*base, "campaign"),
            "campaign.unknown",
            campaign=record.campaign,
            hint=did_you_mean(record.campaign, campaigns),
        )
    if record.status in ("revoked", "stripped") and record.revocation is None:
        check.add((*base, "status"), f"award.{record.status}_no_decision")
    cited: RevocationGround | None = None  # the ground the pages cite: only one that fits
    if record.revocation is not None:
        ground_id = record.revocation.ground
        ground = taxonomy.revocation_grounds.get(ground_id) if ground_id else None
        if record.status not in ("revoked", "stripped"):
            check.add((*base, "revocation"), "award.revocation_not_revoked")
        elif ground_id is not None and ground is None:
            known = [g for g, v in taxonomy.revocation_grounds.items() if v.status == record.status]
            check.add(
                (*base, "revocation", "ground"),
                "award.ground_unknown",
                ground=ground_id,
                known=", ".join(known),
            )
        elif ground is not None and ground.status != record.status:
            check.add(
                (*base, "revocation", "ground"),
                f"award.ground_not_{record.status}",
                ground=ground.id,
                law=ground.law,
            )
        elif (
            ground is not None and ground.valid_from and record.revocation.date < ground.valid_from
        ):
            check.add(
                (*base, "revocation", "ground"),
                "award.ground_period",
                ground=ground.id,
                law=ground.law,
                since=ground.valid_from,
                date=record.revocation.date,
            )
        else:
            cited = ground
        if record.decision_date and record.revocation.date < record.decision_date:
            check.add(
                (*base, "revocation", "date"),
                "award.revocation_before",
                revoked=record.revocation.date,
                date=record.decision_date,
            )
    when = award_date(record)
    if record.issuer_level is not None and not taxonomy.issuer_in_force(record.issuer_level, when):
        check.add((*base, "issuer_level"), "award.issuer_abolished", date=when)
    if record.posthumous and kind != "individual":
        check.add((*base, "posthumous"), "award.posthumous_collective")
    elif (
        record.posthumous
        and award is not None
        and taxonomy.posthumous_forms
        and award.form not in taxonomy.posthumous_forms
    ):
        check.add(
            (*base, "posthumous"),
            "award.posthumous_form",
            "warning",
            award=award.name_on(when),
            law=taxonomy.posthumous_law,
        )
    if award is None:
        check.add(
            (*base, "award"),
            "award.unknown",
            award=record.award,
            hint=did_you_mean(record.award, [a.id for a in taxonomy]),
        )
        return None
    if record.recorded_name is not None and record.recorded_name not in award.local_names:
        check.add(
            (*base, "recorded_name"),
            "award.local_name",
            award=award.name_on(when),
            recorded=record.recorded_name,
            allowed=", ".join(award.local_names) or "@award.no_local_names",
        )
    if record.status == "stripped" and award.kind != "title":
        # Art. 93(3)-(4) strips state honorary titles only; other awards are annulled.
        check.add((*base, "status"), "award.strip_not_title", award=award.name_on(when))
    classes = award.classes_on(when)
    if classes and record.award_class is None:
        check.add(
            (*base, "award"), "award.class_required", award=award.id,
            classes=class_codes(classes), example=classes[-1],
        )  # fmt: skip
    elif record.award_class is not None and not classes:
        check.add((*base, "class"), "award.no_classes", award=award.id)
    elif record.award_class is not None and record.award_class not in classes:
        check.add(
            (*base, "class"),
            "award.class_not_allowed",
            award=award.id,
            klass=class_codes([record.award_class]),
            classes=class_codes(classes),
        )
    if kind is not None:
        check_recipient(award, RECIPIENT_OF_KIND[kind], (*base, "award"), check)
    # Judged by the rules of its own date. Without a decision date, any day of the year will do.
    in_force = award.in_force(when) or (
        record.decision_date is None and award.in_force(dt.date(record.year, 1, 1))
    )
    if not in_force:
        # An unverified start date is a lead for an editor to check, not proof of an error;
        # an end set by law (e.g. Huy hiệu dropped from 2024) is.
        after_end = award.valid_to is not None and when > award.valid_to
        certain = award.verified or (after_end and not award.end_unknown)
        code = "award.not_in_force" if certain else "award.period_unverified"
        severity: Severity = "error" if certain else "warning"
        check.add(
            (*base, "year" if record.decision_date is None else "decision_date"),
            code,
            severity,
            award=award.id,
            date=when,
            period=award.period_text(),
        )
    rules = taxonomy.conferral_on(record.issuer_level, when) if record.issuer_level else ()
    if rules:
        # Judged by the powers of the decision's own date (Law 06/2022 Art. 80 and earlier).
        allowed_ids = frozenset().union(*(rule.awards for rule in rules))
        if award.id not in allowed_ids:
            certain_rule = all(rule.verified for rule in rules)
            names = sorted(
                {a.name_on(when) for i in allowed_ids if (a := taxonomy.get(i)) is not None},
                key=collation_key,
            )
            check.add(
                (*base, "issuer_level"),
                "award.issuer_power" if certain_rule else "award.issuer_power_unverified",
                "error" if certain_rule else "warning",
                issuer=f"@issuer.{record.issuer_level}",
                award=award.name_on(when),
                date=when,
                law="; ".join(rule.law for rule in rules),
                period=", ".join(rule.period_text() for rule in rules),
                allowed=", ".join(names),
            )
    elif (
        record.issuer_level is not None
        and award.conferred_by
        and record.issuer_level not in award.conferred_by
    ):
        check.add(
            (*base, "issuer_level"),
            "award.issuer_level",
            level=record.issuer_level,
            award=award.id,
            allowed=", ".join(sorted(award.conferred_by)),
        )
    return ResolvedAward(record, award, cited)


def check_recipient(award: Award, recipient: str, where: Loc, check: Checker) -> None:
    """An error at `where` if `award` is not given to this kind of recipient."""
    if recipient not in award.recipients:
        allowed = ", ".join(f"@recipient.{r}" for r in sorted(award.recipients))
        check.add(
            where,
            "award.recipient",
            award=award.id,
            recipient=f"@recipient.{recipient}",
            allowed=allowed,
        )


def _check_award_year(index: int, record: AwardRecord, check: Checker) -> None:
    """The year must be the decision's, or the year before (a year's titles are decided after
    it ends: "Lao động tiên tiến năm 2019" by a decision of January 2020)."""
    when = record.decision_date
    if when is not None and not record.year <= when.year <= record.year + 1:
        check.add(
            ("awards", index, "year"),
            "award.year_mismatch",
            year=record.year,
            date=when,
        )
