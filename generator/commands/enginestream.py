"""The engine's side of a streamed full build: pages built in parts as the render announces
them (commands/enginefeed.py is the build's side).

This runs in the engine's own interpreter (`processes.Spawned`). It reaches the engine only
through `sitengine.build_pages`, so the engine seam stays one module.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.commands.processes import Inbox
from generator.commands.sitengine import EngineError, build_pages, remove_tree


@dataclass(frozen=True)
class PagesWritten:
    """docs/ pages written in full (a streamed build's engine may build them now)."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class LastPages:
    """Every page is written: build the rest, the theme's files and the sitemap."""

    changed: frozenset[str]  # pages written again since they were announced
    lastmod: Mapping[str, str] | None


@dataclass
class StreamedStats:
    """What a streamed build did: its parts and how many pages each built."""

    parts: list[int]  # pages of each part built while the pages were being written
    last: int  # pages announced but left to the last part
    seconds_before_last: float  # spent building parts before the last message came
    waited: float = 0.0  # spent waiting for pages (the render behind the engine)


def build_streamed(
    config_file: Path,
    site_dir: Path,
    epoch: str,
    inbox: Inbox,
    *,
    stage: Path,
    templates: Path | None = None,
    part_size: int = 500,
    build: Callable[..., object] | None = None,
) -> StreamedStats:
    """A whole build of `config_file`'s project into `site_dir` (emptied first), made in
    parts as `inbox` announces pages written (`PagesWritten`), ended by `LastPages`: the
    output is what one `build_pages` of the whole tree writes."""
    # Each part (at least `part_size` pages, all that came meanwhile) is built beside the
    # nav's paths (`_stage_part`) into `site_dir`; the last part is the engine's dirty build
    # of the whole tree, which skips every page whose HTML is newer than its Markdown (those
    # built in a part and not written since) and builds the rest, the theme's files, the
    # 404 page and the sitemap of every page. A page written again after it was announced is
    # in `LastPages.changed`: built again whatever the times say. `build`: `build_pages`, or
    # what stands for it (a test's failing engine).
    build = build_pages if build is None else build
    remove_tree(site_dir)
    stats = StreamedStats([], 0, 0.0)
    waiting: list[str] = []
    last: LastPages | None = None
    try:
        while last is None:
            began = time.perf_counter()
            last = _take_messages(inbox, waiting)
            stats.waited += time.perf_counter() - began
            if last is None and len(waiting) >= part_size:
                began = time.perf_counter()
                build(
                    config_file,
                    site_dir,
                    epoch,
                    dirty=True,
                    stage=stage,
                    part=waiting,
                    templates=templates,
                )
                stats.seconds_before_last += time.perf_counter() - began
                stats.parts.append(len(waiting))
                waiting = []
    except EOFError:
        raise EngineError(["the build ended before its last pages"]) from None
    finally:
        remove_tree(stage)
    stats.last = len(waiting)
    build(
        config_file,
        site_dir,
        epoch,
        dirty=True,
        changed=last.changed,
        templates=templates,
        lastmod=last.lastmod,
    )
    return stats


def _take_messages(inbox: Inbox, waiting: list[str]) -> LastPages | None:
    """Wait for a message, then take every one that came meanwhile: the pages they announce
    added to `waiting`; the `LastPages` message if it came."""
    message = inbox.get()
    while message is not None:
        if isinstance(message, LastPages):
            return message
        assert isinstance(message, PagesWritten), message
        waiting.extend(message.paths)
        message = inbox.get(block=False)
    return None
