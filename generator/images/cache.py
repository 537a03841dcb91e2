"""The image cache under CACHE_DIR: photo entries, cards per drawing, and the memos that spare
a no-change build reading photos or hashing card texts."""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.images.cards import (
    _drawing,
    card_key,
)
from generator.images.jobs import (
    _CARD_EXTENSIONS,
    _CARD_SUFFIXES,
    _EXTENSIONS,
    MIME_TYPES,
    PHOTO_DIR,
    CardFormat,
    CardJob,
    PhotoSet,
    Variant,
)


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
    if not isinstance(meta, dict) or not isinstance(meta.get("variants"), list):
        return None
    if not all(isinstance(meta.get(k), int) for k in ("width", "height")):
        return None
    for item in meta["variants"]:
        if not (
            isinstance(item, list)
            and len(item) == 3
            and item[0] in _EXTENSIONS
            and all(isinstance(n, int) for n in item[1:])
            and (entry / f"{item[1]}.{_EXTENSIONS[item[0]]}").is_file()
        ):
            return None
    return meta


def _photo_set(key: str, meta: dict[str, Any]) -> PhotoSet:
    variants = tuple(
        Variant(
            f"{PHOTO_DIR}/{key[:12]}-{width}.{_EXTENSIONS[fmt]}", width, height, MIME_TYPES[fmt]
        )
        for fmt, width, height in meta["variants"]
    )
    widest = max(variants, key=lambda v: v.width)
    return PhotoSet(key, variants, widest.width, widest.height)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `path` through a file of this process renamed into place: never half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class _DigestMemo:
    """Source digests remembered by file identity, so a no-change rebuild reads no photo.

    The identity includes the inode change time, which every write updates and no tool can
    set back (unlike mtime), so a rewritten file is always hashed again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict):
            self.old = {k: v for k, v in loaded.items() if isinstance(v, list) and len(v) == 5}

    def digest(self, source: Path, st: os.stat_result) -> str:
        """The SHA-256 of the file's bytes, from the memo when the file is unchanged."""
        identity = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.old.get(str(source))
        if known is not None and known[:4] == identity and isinstance(known[4], str):
            digest = known[4]
        else:
            with source.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        self.new[str(source)] = [*identity, digest]
        return digest

    def save(self) -> None:
        """Write the memo back when it changed (atomically; a lost race only costs hashing)."""
        if self.new == self.old:
            return
        _write_atomically(self.path, json.dumps(self.new, sort_keys=True).encode("utf-8"))


class _CardKeyMemo:
    """Card keys of the last run by their job's texts, for the same drawing (`_drawing`)."""

    # Normalising and hashing the texts of 10,000 cards took 0.07 s a build; a look-up by
    # the texts themselves gives the same key. Kept: the keys used by this run only.

    def __init__(self, path: Path) -> None:
        self.path = path
        self.new: dict[tuple[Any, ...], str] = {}
        try:
            version, drawing, old = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            version, drawing, old = None, None, {}
        ok = version == 1 and drawing == _drawing() and isinstance(old, dict)
        self.old: dict[tuple[Any, ...], str] = old if ok else {}

    def key(self, job: CardJob) -> str:
        """`card_key(job)`, remembered."""
        texts = (job.kind, job.title, job.subtitle, job.lines, job.site_name, job.photo_digest)
        found = self.old.get(texts)
        if found is None:
            found = card_key(job)
        self.new[texts] = found
        return found

    def save(self) -> None:
        """Write the memo back when it changed (atomically; a lost race only costs hashing)."""
        if self.new == self.old:
            return
        _write_atomically(self.path, marshal.dumps((1, _drawing(), self.new)))


def _forget_cards(cache_dir: Path, names: Iterable[str]) -> None:
    """Remove cards of this drawing that the site no longer shows (an edited name, a profile
    gone, or one that now shows its award's card): a kept cache (CI) would carry them all."""
    folder = _cards_dir(cache_dir)
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(f"{folder}/{name[:2]}/{name}")
