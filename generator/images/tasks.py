"""The images stage's work: a photo encoded or a card drawn into the cache, in worker processes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from generator.images.cache import (
    _card_entry,
    _photo_entry,
    _store_entry,
)
from generator.images.cards import (
    _CardPhotoGone,
    card_format,
    render_card,
)
from generator.images.encoding import (
    _decode,
    _encode,
    target_widths,
)
from generator.images.jobs import (
    _EXTENSIONS,
    CardJob,
    ImageSettings,
    OutputFormat,
)
from generator.incremental.folders import write_replacing
from generator.progress import SILENT, Progress
from generator.source.load import (
    PhotoRefused,
    error_reason,
)


@dataclass(frozen=True)
class _PhotoTask:
    source: Path
    digest: str
    key: str
    settings: ImageSettings
    cache_dir: Path


@dataclass(frozen=True)
class _CardTask:
    job: CardJob
    key: str
    cache_dir: Path


@dataclass(frozen=True)
class _Outcome:
    key: str
    meta: dict[str, Any] | None = None
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()


def _encode_photo(task: _PhotoTask) -> _Outcome:
    """Decode, resize and encode one photo into its cache entry (runs in a worker)."""
    try:
        data = task.source.read_bytes()
    except OSError as exc:
        return _Outcome(task.key, code="image.unreadable", params=(("reason", error_reason(exc)),))
    if hashlib.sha256(data).hexdigest() != task.digest:
        return _Outcome(task.key, code="image.changed")
    try:
        base, header = _decode(data, task.settings)
    except PhotoRefused as refused:
        return _Outcome(task.key, code=refused.code, params=tuple(refused.params.items()))
    settings = task.settings
    files: dict[str, bytes] = {}
    variants: list[tuple[OutputFormat, int, int]] = []
    sized = base
    try:
        # Widest first, each from the one before: a resize costs about as much as its source
        # has pixels, so 640 from 1200 is cheaper than from the decoded image, and looks the
        # same. Sizes come from the file's own dimensions: a draft decode may be a pixel off.
        for width in reversed(target_widths(header.width, settings.widths)):
            height = max(1, round(header.height * width / header.width))
            if (width, height) != sized.size:
                sized = sized.resize((width, height), Image.Resampling.LANCZOS)
            for fmt in settings.formats:
                files[f"{width}.{_EXTENSIONS[fmt]}"] = _encode(sized, fmt, settings)
                variants.append((fmt, width, height))
    except Exception as exc:
        # The photo rules (generator.source.load) keep every size within the encoders' limits;
        # should
        # one still refuse, the editor gets the photo and profile, not a worker's traceback.
        reason = (("reason", error_reason(exc)),)
        return _Outcome(task.key, code="image.encode_failed", params=reason)
    # Grouped by format, narrowest first: the order `srcset` and `<source>` are written in.
    variants.sort(key=lambda v: (settings.formats.index(v[0]), v[1]))
    # The source's size as shown (not the draft's), for the limits rechecked on a cache hit.
    meta: dict[str, Any] = {
        "width": header.width,
        "height": header.height,
        "variants": [list(v) for v in variants],
    }
    try:
        _store_entry(_photo_entry(task.cache_dir, task.key), files, meta)
    except OSError as exc:
        where = str(_photo_entry(task.cache_dir, task.key))
        params = (("reason", error_reason(exc)), ("at", where))
        return _Outcome(task.key, code="image.write_failed", params=params)
    return _Outcome(task.key, meta=meta)


def _encode_card(task: _CardTask) -> _Outcome:
    """Draw one card into its cache entry (runs in a worker)."""
    final = Path(_card_entry(task.cache_dir, task.key, card_format(task.job)))
    try:
        write_replacing(final, render_card(task.job), compare=False)
    except _CardPhotoGone as gone:
        return _Outcome(task.key, code="image.changed", params=(("file", str(gone)),))
    except OSError as exc:
        return _Outcome(
            task.key,
            code="image.write_failed",
            params=(("reason", error_reason(exc)), ("at", str(final))),
        )
    return _Outcome(task.key, meta={})


def _run_task(task: _PhotoTask | _CardTask) -> _Outcome:
    if isinstance(task, _PhotoTask):
        return _encode_photo(task)
    return _encode_card(task)


_CARD_CHUNK = 16


def _run_all(
    tasks: Sequence[_PhotoTask | _CardTask], workers: int | None, progress: Progress = SILENT
) -> list[_Outcome]:
    """Run tasks in worker processes (not all of Pillow releases the GIL), or here for one;
    each one done is counted on `progress`."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    outcomes: list[_Outcome] = []
    if count <= 1 or len(tasks) <= 1:
        for task in tasks:
            outcomes.append(_run_task(task))
            progress.advance()
        return outcomes
    # A card takes a few ms to draw, and handing one to a worker cost the parent 0.35 ms of
    # CPU (measured, 1,000 cards): cards go in chunks (0.07 ms a card). Photos, 0.1-1 s each,
    # go one at a time so that the workers stay balanced; chunks small enough for that too.
    workers_used = min(count, len(tasks))
    photos_at = [i for i, task in enumerate(tasks) if isinstance(task, _PhotoTask)]
    cards_at = [i for i, task in enumerate(tasks) if not isinstance(task, _PhotoTask)]
    slots: dict[int, _Outcome] = {}
    card_chunk = max(1, min(_CARD_CHUNK, len(cards_at) // (4 * workers_used)))
    with ProcessPoolExecutor(max_workers=workers_used) as pool:
        # map keeps the input order, so results never depend on which worker finished first.
        runs = [
            (at, pool.map(_run_task, [tasks[i] for i in at], chunksize=chunk))
            for at, chunk in ((photos_at, 1), (cards_at, card_chunk))
        ]
        for at, done in runs:
            for i, outcome in zip(at, done, strict=True):
                slots[i] = outcome
                progress.advance()
    return [slots[i] for i in range(len(tasks))]
