"""The site engine fed the pages as they are written: a full build's engine overlapped with
the render.

A full build used to render every page, then run the engine on all of them: one core idle
for most of each phase (docs/performance.md, Scale). When the engine would build every page
anyway (no output of the last build to bring up to date), it now starts in its own
interpreter before the first page is rendered: `StreamedDocs` announces the pages as they are
written into build/docs, the engine builds them in parts (`enginestream.build_streamed`: each
part beside an empty page at each nav path, the seam of the partitioned build), and once the
render is done `EngineFeed.finish` has it build the rest and the sitemap with its dirty build
of the whole tree. An incremental build, whose engine rebuilds only what changed, runs it after
the render as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path

from generator.commands.buildfolder import (
    MKDOCS_FILE,
    OVERRIDES_DIR,
    WrittenDocs,
    theme_files,
    write_tree,
)
from generator.commands.enginestream import (
    LastPages,
    PagesWritten,
    StreamedStats,
    build_streamed,
)
from generator.commands.processes import Outbox, Spawned
from generator.commands.sitengine import engine_logger
from generator.incremental.folders import write_replacing

STREAMING = True  # False: the engine runs after the render, as an incremental build's does
# Pages a part holds at least: each part costs the engine a start (its configuration, theme,
# templates and nav: 0.07 s of CPU, against 3.6 ms a profile page), and the pages announced
# since the last part wait for the render's end.
PART_SIZE = 500
ANNOUNCE_EVERY = 100  # pages written between two messages to the engine


class EngineFeed:
    """The site engine of a full build, started before the render and fed its pages."""

    def __init__(
        self,
        build_dir: Path,
        site_dir: Path,
        epoch: str,
        stage: Path,
        templates: Path,
        build: Callable[..., object],
    ) -> None:
        # `build`: the engine's build of one part (`sitengine.build_pages`; pickled by name).
        self.sending = 0.0  # seconds this process spent sending
        self.outbox = Outbox()
        self.job: Spawned[StreamedStats] = Spawned(
            build_streamed,
            build_dir / MKDOCS_FILE,
            site_dir,
            epoch,
            self.outbox.inbox,
            stage=stage,
            templates=templates,
            part_size=PART_SIZE,
            build=build,
            logger=engine_logger().name,
            outbox=self.outbox,
        )

    def send(self, message: PagesWritten | LastPages) -> None:
        """Send the engine `message` (an engine that failed says why when waited for)."""
        began = time.perf_counter()
        self.outbox.send(message)
        self.sending += time.perf_counter() - began  # a full pipe would hold the render up

    def finish(self, docs: StreamedDocs, lastmod: Mapping[str, str] | None) -> None:
        """Every page is in build/docs: the engine builds the rest, then ends."""
        docs.announce()
        self.send(LastPages(frozenset(docs.again), lastmod))
        self.outbox.close()

    def discard(self) -> None:
        """Stop the engine if it still runs (the build failed elsewhere)."""
        self.outbox.close()
        self.job.discard()


class StreamedDocs(WrittenDocs):
    """build/docs written page by page (`WrittenDocs`), each page announced to the engine
    once it is whole, `ANNOUNCE_EVERY` at a time."""

    def __init__(self, folder: Path, feed: EngineFeed) -> None:
        super().__init__(folder)
        self.feed = feed
        self.fresh: list[str] = []
        self.announced: set[str] = set()
        self.again: set[str] = set()  # written again after they were announced

    def written(self, rel: str) -> None:
        """Announce the page with the next ones (or note that it was written again)."""
        if rel in self.announced:
            self.again.add(rel)
            return
        self.fresh.append(rel)
        if len(self.fresh) >= ANNOUNCE_EVERY:
            self.announce()

    def announce(self) -> None:
        """Tell the engine about the pages written since the last message."""
        if self.fresh:
            self.feed.send(PagesWritten(tuple(self.fresh)))
            self.announced.update(self.fresh)
            self.fresh = []


def write_engine_folder(build_dir: Path, mkdocs_yml: str) -> None:
    """build/overrides and build/mkdocs.yml as the render will leave them (the engine reads
    them before the render ends)."""
    write_tree(build_dir / OVERRIDES_DIR, theme_files())
    write_replacing(build_dir / MKDOCS_FILE, mkdocs_yml.encode("utf-8"))
