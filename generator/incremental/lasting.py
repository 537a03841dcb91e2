"""Memos of pure functions of content, kept across every build, full ones and --clean too.

A value here depends only on its key and on its memo's identity, which the owner gives when
it registers the memo: the source of the code that makes the values and the versions of the
libraries it calls (a QR code's path of a URL, python-markdown's HTML of a text); `register`
adds the Python that runs them and its Unicode database (`runtime`). Never on the project,
the package digest or the day. So, unlike the build cache (``.vinhdanh-cache/build``,
removed by a full build's reset and by ``--clean``, every key holding the package digest),
they are kept beside the image cache, and a build computes only the values it has not met
(docs/performance.md, Scale).

One file a memo, ``LASTING_DIR/<name>.marshal``: the marshal bytes of ``(identity, {key:
value})`` (both ``str`` keys and ``bytes`` values), then the CRC-32 of those bytes, checked
before they are read. A file of another identity, of another shape, damaged or missing is
read as an empty memo, and the next save writes it whole. Memos are read on first use, in
whichever process uses them (a forked child reads them as its parent had them, or itself);
only the build process saves them (`save_lasting`), after the render, with what a child read
and put of them (`hand_over`, `take_over`: the open data's child makes the workbooks).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import unicodedata
from pathlib import Path

from generator.incremental.folders import sealed, unsealed, write_replacing

LASTING_DIR = ".vinhdanh-cache/lasting"


def source_digest(*files: str | Path) -> str:
    """A digest of the source files given (a memo's code, in its identity)."""
    digest = hashlib.blake2b(digest_size=16)
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


class LastingMemo:
    """One memo: values by key, read from its file on first use, saved by `save_lasting`."""

    def __init__(self, name: str, identity: str) -> None:
        self.name = name
        self.identity = identity
        self._kept: dict[str, bytes] | None = None  # from the file (None: not read yet)
        self._made: dict[str, bytes] = {}  # values put since the memo was attached
        self._used: set[str] = set()  # keys of the file's values this build read

    def get(self, key: str) -> bytes | None:
        """The value kept for `key`, or None (then compute it and `put` it)."""
        found = self._made.get(key)
        if found is not None:
            return found
        if _folder is None:
            return None
        if self._kept is None:
            self._kept = self._load(_folder / f"{self.name}.marshal")
        found = self._kept.get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put(self, key: str, value: bytes) -> None:
        """Keep `value` for `key` (a value `get` found wrong is replaced so)."""
        if _folder is not None:
            self._made[key] = value

    def save(self, folder: Path, prune: bool) -> bool:
        """Write the memo if it changed (True); `prune`: keep only the values this build used
        (a build that made every page), else add the new ones to those kept."""
        if self._kept is None and not self._made:
            return False  # not used by this build: left as it is
        kept = self._kept if self._kept is not None else {}
        entries = {key: kept[key] for key in self._used} if prune else dict(kept)
        entries.update(self._made)
        if self._kept is not None and entries == kept:
            return False
        data = marshal.dumps((self.identity, dict(sorted(entries.items()))))
        write_replacing(folder / f"{self.name}.marshal", sealed(data), compare=False)
        return True

    def handed(self) -> Handed:
        """What this process read of the memo's file and put in it (a child's, for its parent's
        `take_over`)."""
        return self.identity, sorted(self._used), dict(self._made)

    def adopt(self, used: list[str], made: dict[str, bytes]) -> None:
        """Take what a child read (`used`) and put (`made`) as if this process had."""
        if _folder is None:
            return
        if self._kept is None:  # saved with the file's other values, not over them
            self._kept = self._load(_folder / f"{self.name}.marshal")
        self._used.update(key for key in used if key in self._kept)
        self._made.update(made)

    def forget(self) -> None:
        """Let every value go (the memo is read again on its next use)."""
        self._kept, self._made, self._used = None, {}, set()

    def _load(self, path: Path) -> dict[str, bytes]:
        """The memo's values as saved in `path`, or none (missing, damaged or another one's)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return {}
        data = unsealed(raw)
        if data is None:
            return {}
        try:
            loaded = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return {}
        if not (isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == self.identity):
            return {}
        entries = loaded[1]
        if not isinstance(entries, dict) or not all(
            isinstance(key, str) and isinstance(value, bytes) for key, value in entries.items()
        ):
            return {}
        return entries


# A memo as a child hands it to the build process: (identity, keys read, values put).
Handed = tuple[str, list[str], dict[str, bytes]]

_folder: Path | None = None
"""Where the memos are kept (None: not attached, every `get` misses and nothing is kept)."""
_MEMOS: dict[str, LastingMemo] = {}


def runtime() -> str:
    """The Python running this build and its Unicode database, in every memo's identity."""
    # Every memo's code runs on them: python-markdown's regexes (\w, case folding) and the
    # toc's slugs (vntext: unicodedata's NFD and categories) change with the Unicode
    # database, segno's text modes with Python's codecs; a value made by another Python is
    # made again, not read.
    return f"python {sys.version} unicode {unicodedata.unidata_version}"


def register(name: str, identity: str) -> LastingMemo:
    """The memo `name` of `identity` and this `runtime` (called once, when its owner's module
    is imported)."""
    memo = _MEMOS[name] = LastingMemo(name, f"{identity} {runtime()}")
    return memo


def hand_over(*memos: LastingMemo) -> dict[str, Handed]:
    """What this process (a child of the build) read and put of `memos`, for `take_over`."""
    return {memo.name: memo.handed() for memo in memos}


def take_over(handed: dict[str, Handed]) -> None:
    """Take what a child `hand_over`ed as read and put here: saved by `save_lasting`, the one
    saver, as this process's own (a memo of a module only the child imported is known here
    by the identity it hands)."""
    for name, (identity, used, made) in handed.items():
        memo = _MEMOS.get(name)
        if memo is None:
            memo = _MEMOS[name] = LastingMemo(name, identity)
        if memo.identity == identity:  # else made by other code: not kept
            memo.adopt(used, made)


def attach(root: Path) -> None:
    """Keep the memos in `root`'s LASTING_DIR from now on (the build calls it first)."""
    global _folder
    _folder = root / LASTING_DIR
    for memo in _MEMOS.values():
        memo.forget()


def save_lasting(prune: bool) -> list[str]:
    """Save every memo that changed and let them all go; the names of those saved."""
    global _folder
    folder, _folder = _folder, None
    saved: list[str] = []
    for name in sorted(_MEMOS):
        memo = _MEMOS[name]
        if folder is not None and memo.save(folder, prune):
            saved.append(name)
        memo.forget()
    return saved


def detach() -> None:
    """Stop keeping the memos and let them go, unsaved (a failed or ended build)."""
    global _folder
    _folder = None
    for memo in _MEMOS.values():
        memo.forget()
