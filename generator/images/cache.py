"""The image cache under CACHE_DIR: photo entries, cards per drawing, and the photos' digests
that spare a no-change build reading photos (on the stamps of `generator.incremental`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeGuard

from generator.images.cards import _drawing
from generator.images.jobs import (
    _CARD_EXTENSIONS,
    _CARD_SUFFIXES,
    _EXTENSIONS,
    MIME_TYPES,
    PHOTO_DIR,
    CardFormat,
    PhotoSet,
    Variant,
)
from generator.incremental.folders import write_replacing
from generator.incremental.stamps import same, stamp


def _photo_entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / "photos" / key[:2] / key


def _cards_dir(cache_dir: Path) -> str:
    """The cache folder of the cards this drawing (`_drawing`) makes: one per drawing, so
    that the cards of another are removed as a whole (`_retire_cards`)."""
    return f"{cache_dir}/cards/{_drawing()[:16]}"


def _card_entry(cache_dir: Path, key: str, fmt: CardFormat) -> str:
    # A string, not a Path: 10,000 at scale.
    return f"{_cards_dir(cache_dir)}/{key[:2]}/{key}.{_CARD_EXTENSIONS[fmt]}"


def _retire_cards(cache_dir: Path) -> None:
    """Remove the cards another drawing left in the cache (a new `CARD_PIPELINE_VERSION`,
    fonts or encoders, or the layout before folders per drawing): every key names its
    drawing, so they are never used again, and a kept cache (CI) would carry them forever."""
    current = Path(_cards_dir(cache_dir)).name
    stale: list[tuple[str, bool]] = []  # no cards folder yet: nothing to remove
    with contextlib.suppress(OSError), os.scandir(cache_dir / "cards") as entries:
        stale = [(e.path, e.is_dir(follow_symlinks=False)) for e in entries if e.name != current]
    for path, is_dir in stale:
        if is_dir:
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _cached_cards(cache_dir: Path) -> set[str]:
    """The file names (key and extension) of the cards in the cache: one listing, not a
    look-up per card."""
    found: set[str] = set()
    with contextlib.suppress(OSError), os.scandir(_cards_dir(cache_dir)) as folders:
        for folder in folders:
            if not folder.is_dir(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError), os.scandir(folder.path) as files:
                found.update(
                    f.name
                    for f in files
                    if f.name.endswith(_CARD_SUFFIXES) and f.is_file(follow_symlinks=False)
                )
    return found


def _store_entry(final: Path, files: dict[str, bytes], meta: dict[str, Any]) -> None:
    """Write a cache entry atomically: a temporary folder renamed into place, meta last."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if _read_meta(final) is not None:
                return  # another build stored the same entry first: identical bytes
            shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _read_meta(entry: Path) -> dict[str, Any] | None:
    """A cache entry's metadata, or None when missing or not what this code writes."""
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not _well_formed(meta):
        return None
    for fmt, width, _height in meta["variants"]:
        if not (entry / f"{width}.{_EXTENSIONS[fmt]}").is_file():
            return None
    return meta


def _well_formed(meta: object) -> TypeGuard[dict[str, Any]]:
    """Whether `meta` has the shape this code writes: sizes and variants' widths as integers
    (a variant's file is named by them: nothing else may become a path)."""
    if not isinstance(meta, dict) or not isinstance(meta.get("variants"), list):
        return False
    if not all(isinstance(meta.get(k), int) for k in ("width", "height")):
        return False
    return all(
        isinstance(item, list)
        and len(item) == 3
        and item[0] in _EXTENSIONS
        and all(isinstance(n, int) and not isinstance(n, bool) for n in item[1:])
        for item in meta["variants"]
    )


def _photo_set(key: str, meta: dict[str, Any]) -> PhotoSet:
    variants = tuple(
        Variant(
            f"{PHOTO_DIR}/{key[:12]}-{width}.{_EXTENSIONS[fmt]}", width, height, MIME_TYPES[fmt]
        )
        for fmt, width, height in meta["variants"]
    )
    widest = max(variants, key=lambda v: v.width)
    return PhotoSet(key, variants, widest.width, widest.height)


_KEY = re.compile(r"[0-9a-f]{16,128}")


def photo_metas(cache_dir: Path, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The cache entries' metadata of the photos `keys` (those the cache holds whole)."""
    found: dict[str, dict[str, Any]] = {}
    for key in keys:
        meta = _read_meta(_photo_entry(cache_dir, key))
        if meta is not None:
            found[key] = meta
    return found


def adopt_photos(cache_dir: Path, metas: dict[str, Any], folder: Path) -> int:
    """Store in the cache the photos another part of a partitioned build encoded: their
    metadata (`photo_metas`) and the files it published under `folder` (a slice's site/), so
    that this part encodes none of them again; how many entries were stored. An entry whose
    files are missing is not stored (the photo is encoded here), and one the cache holds is
    kept: the key names the photo's bytes and the encoding settings."""
    stored = 0
    for key, meta in sorted(metas.items()):
        if not isinstance(key, str) or not _KEY.fullmatch(key) or not _well_formed(meta):
            continue  # a key names a folder (hex digits only), a width a file (an integer)
        final = _photo_entry(cache_dir, key)
        if _read_meta(final) is not None:
            continue
        files: dict[str, bytes] = {}
        try:
            for fmt, width, _height in meta["variants"]:
                name = f"{width}.{_EXTENSIONS[fmt]}"
                files[name] = (folder / f"{PHOTO_DIR}/{key[:12]}-{name}").read_bytes()
        except (OSError, KeyError, TypeError, ValueError):
            continue
        _store_entry(final, files, meta)
        if _read_meta(final) is None:  # not what this code writes: encoded here instead
            shutil.rmtree(final, ignore_errors=True)
            continue
        stored += 1
    return stored


DIGESTS_FILE = "digests.json"
"""The photos' digests in the cache folder (`PhotoDigests`)."""
DIGESTS_FORMAT = 2
"""Bumped when the digests file changes shape: a file of another format is ignored (every
photo hashed once; the encoded entries stay, they are keyed by the photo's SHA-256). 2: the
one file stamp of `generator.incremental.stamps` and the time it was taken (racy rule)."""
OBSOLETE_FILES = ("card-keys.marshal",)
"""Records older code kept in the cache folder, removed by the next run: the card keys are a
memo of the registry now (`generator.images.cards.remembered_card_key`)."""


def remove_obsolete(cache_dir: Path) -> None:
    """Remove what older code kept in the cache folder and this code no longer reads."""
    for name in OBSOLETE_FILES:
        with contextlib.suppress(OSError):
            (cache_dir / name).unlink()


class PhotoDigests:
    """Photos' SHA-256 remembered by file stamp, so a no-change rebuild reads no photo.

    The stamp and its racy-time rule are the build's own (`generator.incremental.stamps.same`):
    a photo written since has another stamp, and one modified within RACY_NS of the moment
    its stamp was taken is hashed again (a coarse clock may hide a second write)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recorded_ns = time.time_ns()  # before any photo is stamped: the racy rule's "now"
        self.old: dict[str, list[Any]] = {}
        self.old_ns = 0
        self.new: dict[str, tuple[int, int, int, int, str]] = {}
        self.hashed = False  # a photo was read: its digest (or its stamp) is new
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = None
        if (
            isinstance(loaded, dict)
            and loaded.get("format") == DIGESTS_FORMAT
            and isinstance(loaded.get("recorded_ns"), int)
            and isinstance(loaded.get("files"), dict)
        ):
            self.old_ns = loaded["recorded_ns"]
            self.old = {
                k: v
                for k, v in loaded["files"].items()
                if isinstance(v, list) and len(v) == 5 and isinstance(v[4], str)
            }

    def digest(self, source: Path, st: os.stat_result) -> str:
        """The SHA-256 of the file's bytes, from the memo when the file is unchanged."""
        known = self.old.get(str(source))
        if known is not None and same(known[:4], st, self.old_ns):
            digest = str(known[4])
        else:
            with source.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
            self.hashed = True
        self.new[str(source)] = (*stamp(st), digest)
        return digest

    def save(self) -> None:
        """Write the digests back when a photo was read or is gone (atomically; a lost race
        only costs hashing). Saved at this run's time: a racy photo is trusted from then on."""
        if not self.hashed and self.new.keys() == self.old.keys():
            return
        files = {k: list(v) for k, v in self.new.items()}
        saved = {"format": DIGESTS_FORMAT, "recorded_ns": self.recorded_ns, "files": files}
        write_replacing(self.path, json.dumps(saved, sort_keys=True).encode("utf-8"))


def _forget_cards(cache_dir: Path, names: Iterable[str]) -> None:
    """Remove cards of this drawing that the site no longer shows (an edited name, a profile
    gone, or one that now shows its award's card): a kept cache (CI) would carry them all."""
    folder = _cards_dir(cache_dir)
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(f"{folder}/{name[:2]}/{name}")
