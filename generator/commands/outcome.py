"""What a build reports: its result and figures, or the error that stopped it."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

import click

from generator.errors import Lang, Problem, Report
from generator.images.stats import ImageStats

if TYPE_CHECKING:  # a build that finds nothing changed reports without importing the model
    from generator.model.entries import Site


class BuildError(Exception):
    """The build could not finish; `site/` was left as it was."""

    def __init__(self, messages: list[str], problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        self.messages = messages + [p.format("vi") for p in self.problems]
        super().__init__("\n".join(self.messages))

    def __reduce__(self) -> tuple[type[BuildError], tuple[list[str], list[Problem]]]:
        # Raised in a forked child (generator.commands.processes), raised again in the parent.
        return BuildError, (self.messages[: len(self.messages) - len(self.problems)], self.problems)

    def lines(self, lang: Lang) -> list[str]:
        """The messages, those from the catalogue in `lang`."""
        count = len(self.messages) - len(self.problems)
        return self.messages[:count] + [p.format(lang) for p in self.problems]


@dataclass
class WriteStats:
    """What `write_tree` did."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: list[str] = field(default_factory=list, repr=False)  # written or removed
    listed: str = ""  # the names of the files the folder now holds (names_listing)
    linked: tuple[str, ...] = field(default=(), repr=False)  # photos and cards linked anew


@dataclass
class BuildResult:
    """The outcome of one build: the problems found and, if it ran, what it produced."""

    report: Report
    site: Site | None = None
    today: dt.date | None = None
    built: bool = False
    docs: WriteStats = field(default_factory=WriteStats)
    pages: int = 0
    extra_pages: int = 0
    seconds: float = 0.0
    images: ImageStats = field(default_factory=ImageStats)
    listings_reused: bool = False  # pages made from many entries kept (an edit they do not read)
    # A full build's engine: the pages it built in parts while the others were being written
    # (generator.commands.enginefeed); empty when it ran after the render.
    engine_parts: list[int] = field(default_factory=list)
    # The build/files paths the open-data child wrote, their bytes changed (new files too),
    # as it reported them; None when no child made the open data (then unknown). Files the
    # build removes from build/files are not in it: the parent's own sync removes them.
    open_data_written: list[str] | None = None
    # Seconds per stage, in the order they ended (`vinhdanh build --timings`); stages run in
    # child processes alongside others are marked "(child)".
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the time the block takes to `timings[stage]`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.timings[stage] = self.timings.get(stage, 0.0) + elapsed


def replay_of(result: BuildResult) -> BuildResult:
    """What a build that found nothing changed reports: the last build's figures, no writes."""
    return BuildResult(
        report=result.report,
        today=result.today,
        built=True,
        pages=result.pages,
        extra_pages=result.extra_pages,
        images=ImageStats(  # nothing encoded this time: every photo and card reused
            photos_reused=result.images.photos_encoded + result.images.photos_reused,
            cards_reused=result.images.cards_encoded + result.images.cards_reused,
        ),
    )


def build_failed(exc: BuildError, lang: Lang, left: str = "") -> NoReturn:
    """Say why a build failed and what it left as it was (`left`, else site/); exit 1."""
    for message in exc.lines(lang):
        click.echo(message, err=True)
    if not left:
        left = (
            "Dựng trang thất bại; site/ giữ nguyên."
            if lang == "vi"
            else "Build failed; site/ left unchanged."
        )
    click.echo(left, err=True)
    sys.exit(1)


def echo_timings(timings: Mapping[str, float]) -> None:
    """Print the time of each stage of a build (`--timings`)."""
    for stage, seconds in timings.items():
        click.echo(f"  {stage:<24} {seconds:7.2f} s")
