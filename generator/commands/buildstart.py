"""The start of every build: take the lock, digest the inputs, and replay the last build's
result when nothing changed and site/ is as it left it (generator.commands.build: the rest).

Kept apart, with the few modules it needs, so that a build which finds nothing changed does
not import the model, pydantic, Jinja, Pillow or the site engine: that start-up was most of
a no-change build's CPU (docs/performance.md, "The start-up of a build (session 16)").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands.inputs import inputs_digest
from generator.commands.outcome import BuildError, BuildResult, replay_of
from generator.commands.trash import trash_or_remove
from generator.errors import make_problem
from generator.incremental.buildcache import BuildCache, BuildState, package_digest
from generator.incremental.listings import Listings
from generator.incremental.lock import LOCK_FILE, LOCK_WAIT_SECONDS, BuildLocked, build_lock
from generator.progress import SILENT, Progress

if TYPE_CHECKING:
    from generator.commands.enginefeed import EngineFeed
    from generator.commands.enginestream import StreamedStats
    from generator.commands.processes import Forked, Job, Spawned
    from generator.commands.rendering import Indexed, OpenDataJob
    from generator.commands.reuse import Reuse
    from generator.errors import Problem

# The folders of a project the start looks at (generator.commands.buildfolder: the others)
BUILD_DIR = "build"
SITE_DIR = "site"
FILES_DIR = "files"  # build/files: what is added to MkDocs' output (open data, post-build pages)
SEARCH_DIR = "search"  # build/search: the Pagefind bundle


def build_project(
    root: Path,
    today: dt.date | None = None,
    clean: bool = False,
    wait: float = LOCK_WAIT_SECONDS,
    progress: Progress = SILENT,
) -> BuildResult:
    """Build the whole site into root/site; `site/` changes only if every step succeeded.

    One build at a time per project: a second one waits up to `wait` seconds, then fails.
    `progress` hears the stages and the images done (the command shows them on stderr)."""
    # MkDocs reads a relative site_dir against the folder of mkdocs.yml (build/), not ours.
    root = root.absolute()
    with contextlib.ExitStack() as held:
        hold_build_lock(held, root, wait)
        start = BuildStart(root, today, clean, progress)
        start.digest_inputs()
        replay = start.replay_if_unchanged()
        if replay is not None:
            return replay
        # Only now the rest of the build: the model, the pages, the engine (~0.6 s to import).
        from generator.commands.build import build_changed

        return build_changed(start)


def hold_build_lock(held: contextlib.ExitStack, root: Path, wait: float) -> None:
    """Take the project's build lock into `held`; BuildError (in words) if it cannot."""
    try:
        held.enter_context(build_lock(root, wait))
    except BuildLocked as exc:
        seconds = f"{exc.waited:g}"
        problem = make_problem(LOCK_FILE, 1, 1, "", "build.locked", pid=exc.holder, seconds=seconds)
        raise BuildError([], [problem]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = make_problem(LOCK_FILE, 1, 1, "", "build.lock_failed", reason=reason)
        raise BuildError([], [problem]) from None


class BuildStart:
    """One build of a project, its first phases (generator.commands.build's `_Build`: the rest)."""

    def __init__(self, root: Path, today: dt.date | None, clean: bool, progress: Progress) -> None:
        self.started = time.perf_counter()
        self.digested_ns = time.time_ns()  # file digests taken from now on may be trusted next time
        self.root, self.today, self.clean, self.progress = root, today, clean, progress
        self.timings: dict[str, float] = {}
        self.cache = BuildCache(root)
        if clean:
            trash_or_remove(self.cache.folder, root)  # nothing earlier is reused
        self.previous = self.cache.load()
        self.state = BuildState(digests=self.previous.digests)
        self.package, self.unchanged = "", False
        self.listings = Listings()  # what folders hold: loaded when needed
        self.damaged: list[str] = []
        self.leftovers: list[Problem] = []
        self.site_dir = root / SITE_DIR
        self.build_dir = root / BUILD_DIR
        self.files_dir = self.build_dir / FILES_DIR
        self.search_dir = self.build_dir / SEARCH_DIR
        self.output = self.build_dir / SITE_DIR
        self.new = root  # the folder site/ is assembled in (prepare_folders)
        self.compiled = contextlib.ExitStack()
        self.mkdocs: Spawned[frozenset[str] | None] | Spawned[StreamedStats] | None = None
        # What this build wrote or removed in each source of site/ (None: not known; BuildState)
        self.changes: list[frozenset[str] | None] = [None, None, None]
        self.feed: EngineFeed | None = None  # the engine fed pages as they are written
        self.index: Job[Indexed] | None = None
        self.saver: Forked[None] | None = None
        self.opendata: OpenDataJob | None = None  # the open data's child (render_outputs)
        self.memo_size: tuple[int, ...] = ()
        self.reuse: Reuse | None = None

    def digest_inputs(self) -> None:
        """Phase 1: one digest of every input (sources, configuration, code, date, engine)."""
        self.package = package_digest(self.state.digests)
        self.state.inputs = inputs_digest(self.root, self.state.digests, self.package, self.today)
        previous = self.previous
        self.unchanged = previous.result is not None and previous.inputs == self.state.inputs
        self.timings["input digest"] = time.perf_counter() - self.started

    def replay_if_unchanged(self) -> BuildResult | None:
        """Phase 2: the last build's result if the inputs and site/ are as it left them."""
        if not self.unchanged:
            return None
        # Files of site/ changed in place are changed in build/ too (hard links): made again.
        self.listings = Listings.load_seen(self.cache)  # site/'s (the rest: load_caches)
        intact, self.damaged = self.listings.check(self.site_dir, self.previous.site_top)
        if not intact:
            return None
        replay = replay_of(self.previous.result)
        replay.seconds = time.perf_counter() - self.started
        spent = replay.seconds - sum(self.timings.values())
        replay.timings = {**self.timings, "site/ unchanged": spent}
        return replay
