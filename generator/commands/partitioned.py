"""`vinhdanh build --partition` and `vinhdanh build --merge` on the command line (issue #21):
which of their options go together, the slice or merge run, and what is printed. The build
command (generator.cli) hands them here; the work is generator.commands.partition and
generator.commands.merge."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator.commands.merge import merge_partitions
from generator.commands.outcome import BuildError, build_failed, echo_timings
from generator.commands.partition import PartOutcome, build_partition, list_partitions
from generator.errors import Lang, make_problem, say
from generator.progress import make_progress


def build_partitioned(
    root: Path,
    today: dt.date | None,
    clean: bool,
    lang: Lang,
    timings: bool,
    wait: float,
    partition: str | None,
    out: Path | None,
    merge: bool,
    slices: tuple[Path, ...],
) -> None:
    """`build --partition` (a slice, or `list`) and `build --merge` (issue #21)."""
    listing = partition == "list" and out is None and not merge and not slices
    slicing = partition is not None and partition != "list" and out is not None and not merge
    # No slice at all is a merge too: a roll with no province's profiles is its shared part.
    merging = merge and partition is None and out is None
    if clean or not (listing or (slicing and not slices) or merging):
        problem = make_problem("build", 1, 1, "", "partition.options")
        click.echo(problem.format(lang), err=True)
        sys.exit(2)
    progress = make_progress(lang)
    outcome: PartOutcome | None = None
    try:
        if listing:
            click.echo(json.dumps(list_partitions(root, today)))
            return
        if slicing:
            assert partition is not None and out is not None
            outcome = build_partition(root, partition, out, today, wait, progress)
        else:
            outcome = merge_partitions(root, slices, today, wait, progress)
    except BuildError as exc:
        progress.finish()
        build_failed(exc, lang, say("cli.slice_failed", lang, out=str(out)) if slicing else "")
    finally:
        progress.finish()
    assert outcome is not None  # a listing returned above
    for problem in outcome.report:
        click.echo(problem.format(lang))
    seconds = f"{outcome.seconds:.1f}"
    if slicing:
        click.echo(
            say("cli.slice_built", lang, province=partition, today=outcome.today, out=str(out),
                pages=outcome.pages, files=outcome.files, shards=outcome.shards, seconds=seconds)
        )  # fmt: skip
    else:
        click.echo(
            say("cli.merged", lang, slices=outcome.slices, today=outcome.today,
                pages=outcome.pages, files=outcome.files, seconds=seconds)
        )  # fmt: skip
    if timings:
        echo_timings(outcome.timings)
