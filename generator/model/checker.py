"""The one way a model check reports: a problem at the line and column of the key it concerns."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from generator.errors import Report, Severity, make_problem
from generator.source.load import Document, Loc
from generator.source.validate import field_path


class Checker:
    """Collects problems for one document, pointing at the key each one concerns."""

    def __init__(self, doc: Document, report: Report) -> None:
        self.doc = doc
        self.report = report

    def add(self, loc: Loc, code: str, severity: Severity = "error", /, **params: object) -> None:
        line, col = self.doc.pos(loc)
        self.report.add(
            make_problem(self.doc.relpath, line, col, field_path(loc), code, severity, **params)
        )


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" ('{close[0]}'?)" if close else ""
