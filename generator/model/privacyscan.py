"""The personal-data scan of a profile's public free text, from its parsed data (run when a
file is parsed, so the DocumentCache keeps its findings)."""

from __future__ import annotations

from typing import Any

from generator.model import englishfields, privacy
from generator.source.load import Loc


def privacy_findings(data: dict[str, Any]) -> tuple[tuple[Loc, str, str], ...]:
    """What the personal-data scan finds in a profile's public free text, from its parsed data
    (the key, the kind of data, the passage); the consent flags it carries are respected."""
    raw_consent = data.get("consent")
    consent = raw_consent if isinstance(raw_consent, dict) else {}
    fields: list[tuple[Loc, object]] = [
        (("summary",), data.get("summary")),
        (("story",), data.get("story")),
        (("position",), data.get("position")),
        (("unit",), data.get("unit")),
    ]
    awards = data.get("awards")
    if isinstance(awards, list):
        fields += [
            (("awards", i, "citation"), a.get("citation"))
            for i, a in enumerate(awards)
            if isinstance(a, dict)
        ]
    fields += _practice_texts(data.get("model"))
    fields += englishfields.english_texts(data)
    return tuple(
        (loc, finding.kind, finding.text)
        for loc, text in fields
        if isinstance(text, str) and text
        for finding in privacy.scan(text, consent)
    )


def _practice_texts(block: object) -> list[tuple[Loc, object]]:
    """A model's public free text (problem, steps, conditions, notes), for the scan; the
    contact is structured and checked by its own rule (documents.ModelContact)."""
    if not isinstance(block, dict):
        return []
    found: list[tuple[Loc, object]] = [(("model", "problem"), block.get("problem"))]
    for key in ("method", "conditions"):
        items = block.get(key)
        if isinstance(items, list):
            found += [(("model", key, i), text) for i, text in enumerate(items)]
    copies = block.get("replicated_in")
    if isinstance(copies, list):
        found += [
            (("model", "replicated_in", i, "note"), c.get("note"))
            for i, c in enumerate(copies)
            if isinstance(c, dict)
        ]
    return found
