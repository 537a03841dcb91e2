"""Decisions honouring many: loaded, checked against the taxonomy and profiles, resolved into
the Site's DecisionEntry list (newest first)."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.errors import Report, Severity
from generator.model import englishfields
from generator.model.awardchecks import check_award, check_recipient
from generator.model.checker import Checker
from generator.model.checkrows import row_of
from generator.model.entries import DECISION_API, DecisionEntry, Recipient, Site
from generator.model.localities import resolve_remembered
from generator.model.sourcefiles import DECISIONS_DIR, DocumentCache, checked_documents
from generator.source.documents import AwardRecord, Decision, DecisionRecipient
from generator.source.load import Loc
from generator.vntext import search_key


class _TopLevelAward(Checker):
    """A decision's checker for `check_award`: the award fields are the decision's own keys."""

    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        """Report at the decision's key for what `check_award` places in awards[0]."""
        super().add(loc[2:] if loc[:2] == ("awards", 0) else loc, code, severity, **params)


_NOT_DIGIT = re.compile(r"\D+")


def load_decisions(site: Site, limit: int, report: Report, documents: DocumentCache | None) -> None:
    """Load, check and resolve decisions/ into `site.decisions` (after the profiles: the
    statistics count once a recipient who also has a profile)."""
    taxonomy, campaigns = site.taxonomy, set(site.campaigns)
    english = englishfields.decision_fields
    reserved = {"index": f"{DECISION_API}index.json"}  # the index of the API's decisions
    found_docs = checked_documents(
        site.root, DECISIONS_DIR, Decision, english, limit, report, documents, reserved
    )
    for doc, decision, check in found_docs:
        record = AwardRecord.model_construct(
            award=decision.award,
            award_class=decision.award_class,
            year=decision.year,
            decision_number=decision.decision_number,
            decision_date=decision.decision_date,
            issuer=decision.issuer,
            issuer_level=decision.issuer_level,
            campaign=decision.campaign,
        )
        # The profile's checks, by the decision's date; recipients are checked per kind below.
        award = check_award(0, record, None, taxonomy, campaigns, _TopLevelAward(doc, report))
        lines = [
            r if isinstance(r, DecisionRecipient) else DecisionRecipient(name=r)
            for r in decision.recipients
        ]
        recipients = [Recipient(line, line.kind or decision.kind) for line in lines]
        if award is not None:
            kinds: dict[str, Loc] = {decision.kind: ("kind",)}
            for i, line in enumerate(lines):
                if line.kind is not None:
                    kinds.setdefault(line.kind, ("recipients", i, "kind"))
            for kind, where in kinds.items():
                check_recipient(award.award, kind, where, check)
        if not lines and decision.count is None:
            check.add(("recipients",), "decision.no_recipients")
        elif decision.count is not None and decision.count < len(lines):
            check.add(
                ("count",),
                "decision.count_below_list",
                count=decision.count,
                lines=len(lines),
            )
        first: dict[tuple[str, str, str], int] = {}
        for i, line in enumerate(lines):
            key = (
                search_key(line.name),
                search_key(line.unit or ""),
                search_key(line.commune or ""),
            )
            if key in first:
                check.add(
                    ("recipients", i),
                    "decision.recipient_twice",
                    "warning",
                    line=first[key] + 1,
                )
            first.setdefault(key, i)
        locality = resolve_remembered(decision.locality, site.admin, check)
        recipients.sort(key=lambda r: r.sort_key)
        site.decisions.append(DecisionEntry(decision, doc, locality, award, recipients))
    # Recipients who also have a published profile citing the same decision and award are
    # counted there: the statistics never count one award twice.
    cited: dict[tuple[str, str], int] = defaultdict(int)
    # The key of every award's number took ~0.3 s of each 10,000-profile build; search_key
    # keeps every digit as it is, so only numbers whose digits some decision's number has
    # can match one, and only those are keyed.
    wanted = {_NOT_DIGIT.sub("", d.decision.decision_number) for d in site.decisions}
    for entry in site.entries:
        row = row_of(entry)  # a kept profile is not unpickled
        if row.status == "published":
            for number, award_id in row.cited:
                if _NOT_DIGIT.sub("", number) in wanted:
                    cited[(search_key(number), award_id)] += 1
    for found in site.decisions:
        found.with_profiles = cited.get(
            (search_key(found.decision.decision_number), found.decision.award), 0
        )
    site.decisions.sort(key=lambda d: (-d.decision.decision_date.toordinal(), d.slug))
