"""Each profile's check kept between builds: the validated profile, the problems its check
raised and what it resolved (locality, awards, photos, model practice), reused while its
source, the photo files it names and everything its check reads are the same (`CheckCache`,
saved as ``checks.marshal`` and ``profiles.marshal``). An unchanged profile's Entry is its
check's row (model.checkrows), read from the index beside the pickle: the pickle is made of
blocks (by folder, then a hash of the source path), and a block is unpickled only when a field
of one of its entries is first read."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.incremental.buildcache import BuildCache
from generator.incremental.indexedfiles import Parts, seal_part
from generator.model import profilepickle
from generator.model.checkrows import CheckRow, KeptEntry, Made, loaded_row, row_of, saved_row
from generator.model.entries import Entry
from generator.model.resolved import ResolvedAward, ResolvedLocality, ResolvedPractice
from generator.reference.adminunits import AdminUnits, Unit
from generator.reference.taxonomy import Taxonomy
from generator.source.documents import Photo, Profile
from generator.source.load import Document, PhotoFinding

# Profiles validated since the whole pickle was written, past which it is written again
# (beside an eighth of the roll).
_SINCE_MIN = 200
# Profiles a block of the pickle holds at most on average (`_block_of`): an edit's readers
# unpickle the blocks of the entries they read, not the roll (10,000 profiles: the roll
# 392 ms, a block of 64 2.8 ms; the whole roll in blocks of 64 as fast as in one pickle, of
# 16 +12 %).
_BLOCK = 64
# A saved check: its key (source digest and context), the photo files the profile names and
# their state, the problems (a Problem's fields as a tuple). What it resolved is pickled with
# the profile (`Kept`).
_SAVED_FIELDS = 4
# A photo file's state: the file types of its path inside the project (the file first), then
# what its header told (None: not a regular file reached without a link).
PhotoState = tuple[tuple[int, ...], list[PhotoFinding] | None]
# What a profile's check resolved besides its problems, with what it was made from besides
# the profile's source: the context (`CheckCache.begin`), the photo files named and their
# state. Kept in another file than the check's problems (checks.marshal): each is taken back
# only under the same key, so one file written by a later build than the other is safe.
Resolved = tuple[
    str,
    tuple[str, ...],
    list[PhotoState],
    ResolvedLocality,
    list[ResolvedAward],
    list[tuple[Photo, Path]],
    ResolvedPractice | None,
]
# A validated profile as kept: its content digest, the model, what its check resolved (None:
# not kept, or to be checked again).
Kept = tuple[str, Profile, Resolved | None]
# Beside each pickle, by source path, what it holds without unpickling it (marshal): the
# content digest, and for a checked profile the context, photo files and their state it was
# checked under and its row (model.checkrows).
Indexed = tuple[Any, ...]
# The two pickles: all profiles as last written whole, and those validated or checked since.
_BASE, _SINCE = 0, 1


def _block_of(relpath: str, counts: dict[str, int]) -> str:
    """The block that holds a profile: its folder's (a province's: the search index's shards
    are grouped by province, so a changed shard's records are in one folder's blocks), one
    of `counts[folder]` by a hash of its path, so that an edit changes one block."""
    folder = relpath.rpartition("/")[0]
    count = counts.get(folder, 1)
    return f"{folder}:{zlib.crc32(relpath.encode()) % count if count > 1 else 0}"


def _counts_of(relpaths: list[str]) -> dict[str, int]:
    """The blocks of each folder for a pickle of `relpaths`: ~`_BLOCK` profiles a block."""
    sizes: dict[str, int] = {}
    for relpath in relpaths:
        folder = relpath.rpartition("/")[0]
        sizes[folder] = sizes.get(folder, 0) + 1
    return {folder: max(1, size // _BLOCK) for folder, size in sizes.items()}


# The index entry of a saved pickle that holds its package, counts and rows (a block's key
# is "folder:n": never this).
_ABOUT = "\0"
# Beside a saved pickle, the note that a build found one of its blocks damaged.
_DAMAGED = ".damaged"


class StoredBlocks:
    """The blocks of a pickle saved by `save_profiles`, each read from its file when asked."""

    # The pickles of 30,000 profiles are 123 MB: read, checked and unmarshalled whole, they
    # were 0.6 s of every edit before the open data's child is forked, though an edit
    # unpickles no block in the build's process (issue #21); and each forked child held them.

    def __init__(self, where: dict[str, tuple[int, int]], parts: Parts, note: Path) -> None:
        self._where, self._parts, self._note = where, parts, note

    def get(self, key: str, default: bytes = b"") -> bytes | None:
        """The block's bytes (`default`: none); None if damaged (its own CRC-32 differs),
        noted for the next build (`load_profiles`)."""
        at = self._where.get(key)
        if at is None:
            return default
        found = self._parts.read(*at)
        if found is None:
            # Found by a child process too, whose own findings die with it: the next build
            # writes the whole pickle again (`CheckCache.saved_profiles`).
            with contextlib.suppress(OSError):
                self._note.touch()
        return found

    def pop(self, key: str, default: bytes = b"") -> bytes | None:
        """The block's bytes, read once (as `dict.pop`)."""
        found = self.get(key, default)
        self._where.pop(key, None)
        return found


def save_profiles(cache: BuildCache, name: str, pickled: dict[str, Any]) -> None:
    """Save a pickle of `CheckCache.saved_profiles` as an indexed file: its package, counts
    and rows in the index, read whole; each block read when asked (`load_profiles`)."""
    about = (pickled.get("package"), pickled.get("counts"), pickled.get("rows"))
    blocks: dict[str, bytes] = pickled.get("blocks") or {}
    entries: list[tuple[str, Any, bytes]] = [(_ABOUT, about, b"")]
    entries += [(key, None, seal_part(block)) for key, block in blocks.items()]
    cache.save_indexed(name, entries)
    (cache.folder / f"{name}{_DAMAGED}").unlink(missing_ok=True)  # written whole: sound


def load_profiles(cache: BuildCache, name: str) -> dict[str, Any]:
    """A pickle saved by `save_profiles`, its blocks `StoredBlocks` (empty: missing, damaged
    or another format)."""
    found = cache.load_indexed(name)
    if found is None or _ABOUT not in found[0]:
        return {}
    index, parts = found
    try:
        (package, counts, rows), _at, _length = index.pop(_ABOUT)
        where = {key: (at, length) for key, (_fields, at, length) in index.items()}
    except (TypeError, ValueError):  # an index of another layout: as none
        return {}
    note = cache.folder / f"{name}{_DAMAGED}"
    blocks = StoredBlocks(where, parts, note)
    found_damaged = note.exists()  # by an earlier build, perhaps in a child process
    return {
        "package": package, "counts": counts, "rows": rows, "blocks": blocks,
        "damaged": found_damaged,
    }  # fmt: skip


@dataclass
class Reused:
    """A profile's check as an earlier build made it."""

    problems: list[Problem]
    entry: KeptEntry
    row: CheckRow  # the entry's


class CheckCache:
    """Profiles' checks made by an earlier build, by source path; see the module docstring."""

    # Validating and checking every profile (awards, locality, photos, consent, privacy,
    # English) was most of an edit build's check: 1.4 s at 10,000 profiles, 5.4 s at 30,000,
    # for one changed file (issue #21). The validated profiles are kept as one pickle
    # (`_unpickled`), and with each what its check resolved, pointing into the profile and,
    # by reference, into the taxonomy and the unit table (model.profilepickle): an unchanged
    # profile's check is taken back whole, its objects made by the unpickling alone. Beside
    # the pickle, its index holds each checked profile's key and row (marshal), so that the
    # check itself unpickles nothing (~40 of ~78 µs a profile, issue #21).

    def __init__(
        self,
        known: dict[str, tuple[Any, ...]] | None = None,
        package: str = "",
        profiles: dict[str, Any] | None = None,
        delta: dict[str, Any] | None = None,
    ) -> None:
        self.known = known or {}
        self.package = package  # the generator's digest: the code that checked
        # The validated profiles of earlier builds, pickled in blocks ({"package", "blocks",
        # "rows"}: see `saved_profiles`): all of them as they were when last written whole,
        # and those validated or checked since; a block unpickled when first asked for.
        pickled = [profiles or {}, delta or {}]
        self._index = [self._index_of(saved) for saved in pickled]
        self._blocks = [self._blocks_of(saved) for saved in pickled]  # by `_block_of`
        self._counts = [self._counts_saved(saved) for saved in pickled]  # blocks a folder
        # Each pickle's blocks once unpickled, and the entries waiting for them.
        self._loaded: list[dict[str, dict[str, Kept]]] = [{}, {}]
        # By path: its block is known when it is unpickled (no hash of each path an edit).
        self._waiting: list[dict[str, KeptEntry]] = [{}, {}]
        # A block of the whole pickle did not unpickle, or was found damaged by a build.
        self._unreadable = bool(pickled[_BASE].get("damaged"))
        self._stale: set[str] = set()  # blocks of those since that are not kept as they are
        self._origin: dict[str, int] = {}  # the pickle a profile of this build was taken from
        self._rows: dict[str, Indexed] = {}  # this build's index entries of checked profiles
        self._order: dict[str, None] = {}  # this build's profiles, in the order checked
        self.profiles: dict[str, Kept] = {}  # this build's profiles made or unpickled
        self._remake: Callable[[Document, str], Made] | None = None
        self._filling = threading.Lock()
        self.used: dict[str, tuple[Any, ...]] = {}  # what the next build may reuse
        self.reused = 0  # this build: profiles whose check was reused, and those checked
        self.checked = 0
        self._context = ""
        self._taxonomy: Taxonomy | None = None
        self._admin: AdminUnits | None = None
        self._root = self._real_root = Path()
        self._modes: dict[str, int] = {}  # file type by path, this build (folders are shared)
        self._findings: Callable[[Path], list[PhotoFinding]] | None = None

    def begin(
        self,
        root: Path,
        taxonomy: Taxonomy,
        admin: AdminUnits,
        context: Sequence[str],
        findings: Callable[[Path], list[PhotoFinding]],
        remake: Callable[[Document, str], Made],
    ) -> None:
        """Start a check: `context` is everything a profile's check reads besides its own
        file and photos (configuration, campaigns); `findings` what a photo's header tells;
        `remake` validates and resolves a profile again (a kept one the pickle lacks), its
        Document's data read again if released (the file's content digest given)."""
        self._taxonomy, self._admin, self._findings = taxonomy, admin, findings
        self._remake = remake
        self._root, self._real_root = root, root.resolve()
        self._modes = {}
        # The root as given and resolved: the photos' paths an Entry holds are resolved ones.
        parts = [self.package, str(root), str(self._real_root), str(admin.digest), *context]
        self._context = hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()

    def profile(self, relpath: str, source: str) -> Profile | None:
        """The profile in `relpath` as the last build validated it, if its content digest
        was `source` then and the code is the same (None: validate it)."""
        # The index tells without unpickling: an edited or new profile unpickles nothing.
        origin, indexed = self._indexed(relpath)
        if indexed is None or indexed[0] != source:
            return None
        found = self._block(origin, relpath).get(relpath)
        if found is None or found[0] != source:
            return None
        self._taken(relpath, origin)
        self.profiles[relpath] = found
        return found[1]

    def validated(self, relpath: str, source: str, profile: Profile) -> None:
        """Note a profile validated now (content digest `source`), for the next build."""
        self._origin.pop(relpath, None)
        self._order[relpath] = None
        self.profiles[relpath] = (source, profile, None)

    def saved_profiles(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """This build's profiles to save (for marshal, each with the package digest): the
        whole pickle, or None to keep the one saved (its profiles are this build's but
        those in the second), and the profiles validated or checked since it was written."""
        # After one edit, one profile is pickled, not 10,000 (0.3 s of the saver's CPU while
        # MkDocs and the search index run): the whole pickle is written again only when
        # those since have grown to an eighth of it, or it is of other code or unreadable.
        # A profile taken back from the whole pickle stays in it, unpickled or not.
        order = list(self._order)
        since = [r for r in order if self._origin.get(r) != _BASE]
        whole, counts = None, self._counts[_BASE]
        if (
            not self._index[_BASE]
            or not self._counts[_BASE]
            or self._unreadable
            or len(since) > max(_SINCE_MIN, len(order) // 8)
        ):
            counts = _counts_of(order)
            whole, since = self._pickle(order, counts), []
        return whole, self._pickle(since, counts, _SINCE)

    def _pickle(
        self, relpaths: list[str], counts: dict[str, int], origin: int = _BASE
    ) -> dict[str, Any]:
        """`relpaths` pickled in blocks (`counts` a folder); of those since (`origin`), a
        block of the same profiles all taken back from it is kept as its bytes (not
        unpickled)."""
        members: dict[str, list[str]] = {}
        for relpath in relpaths:
            members.setdefault(_block_of(relpath, counts), []).append(relpath)
        earlier = self._members(origin) if counts == self._counts[origin] else {}
        blocks: dict[str, bytes] = {}
        for key, block in members.items():
            if (
                key not in self._stale
                and set(block) == set(earlier.get(key, ()))
                and all(self._origin.get(r) == origin for r in block)
            ):
                kept = self._blocks[origin].get(key)
                if kept:  # None: damaged, pickled again from its profiles
                    blocks[key] = kept
                    continue
            for relpath in block:
                if relpath not in self.profiles:  # taken as its row: in an earlier pickle
                    self._block(self._origin[relpath], relpath)
            blocks[key] = profilepickle.dumps({r: self.profiles[r] for r in block})
        index = {r: self._rows.get(r) or (self.profiles[r][0],) for r in relpaths}
        return {"package": self.package, "blocks": blocks, "counts": counts, "rows": index}

    def _members(self, origin: int) -> dict[str, list[str]]:
        """The profiles of each block of the earlier pickle of those since (none of the
        whole one: it is written only whole)."""
        if origin != _SINCE:
            return {}
        members: dict[str, list[str]] = {}
        for relpath in self._index[origin]:
            members.setdefault(_block_of(relpath, self._counts[origin]), []).append(relpath)
        return members

    def _index_of(self, saved: dict[str, Any]) -> dict[str, Indexed]:
        """The index beside a saved pickle (empty: of other code, or of another layout)."""
        index = saved.get("rows")
        if not self.package or saved.get("package") != self.package:
            return {}
        return index if isinstance(index, dict) else {}

    def _blocks_of(self, saved: dict[str, Any]) -> dict[str, bytes] | StoredBlocks:
        """The blocks of a saved pickle (none: of other code, or of another layout)."""
        blocks = saved.get("blocks")
        if not self.package or saved.get("package") != self.package:
            return {}
        if isinstance(blocks, StoredBlocks):
            return blocks  # read when asked, each checked by its own CRC-32
        if not isinstance(blocks, dict) or not all(isinstance(b, bytes) for b in blocks.values()):
            return {}
        return dict(blocks)  # a block unpickled is let go: not the caller's dict

    def _counts_saved(self, saved: dict[str, Any]) -> dict[str, int]:
        """The blocks of each folder of a saved pickle (`_counts_of`)."""
        counts = saved.get("counts")
        if not self.package or saved.get("package") != self.package:
            return {}
        if not isinstance(counts, dict) or not all(type(c) is int for c in counts.values()):
            return {}
        return counts

    def _indexed(self, relpath: str) -> tuple[int, Indexed | None]:
        """The pickle that holds a profile (the later one first) and its index entry."""
        found = self._index[_SINCE].get(relpath)
        if found is not None:
            return _SINCE, found
        return _BASE, self._index[_BASE].get(relpath)

    def _taken(self, relpath: str, origin: int) -> None:
        self._origin[relpath] = origin
        self._order[relpath] = None

    def _block(self, origin: int, relpath: str) -> dict[str, Kept]:
        """The block of one of the two pickles that holds `relpath`, unpickled the first time
        it is asked for, and the entries taken from it filled in."""
        # A block's pickle, not one a profile: its memo shares the field names and classes
        # among its 64 profiles (one pickle a profile: twice the CPU), and 10,000 profiles
        # come back in 0.29 s of CPU (model.profilepickle; 0.33 s through pydantic's
        # __setstate__) where validating their parses takes 0.41 s plus 0.16 s to unmarshal
        # the parses. Only pickles of this very code are read (the classes are pickled by name).
        key = _block_of(relpath, self._counts[origin])
        found = self._loaded[origin].get(key)
        waiting = self._waiting[origin]
        if found is None:
            blocks = self._blocks[origin]
            # Those since are kept as their bytes if unchanged (saved_profiles).
            data = blocks.pop(key, b"") if origin == _BASE else blocks.get(key, b"")
            found = self._loaded[origin][key] = self._read(origin, key, data)
            for member, kept in found.items():
                if (entry := waiting.pop(member, None)) is not None:
                    entry.filled(self._made(entry, kept))
        # Its own entry, should the block lack it (made again from its source).
        if (entry := waiting.pop(relpath, None)) is not None:
            entry.filled(self._made(entry, found.get(relpath)))
        return found

    def _made(self, entry: KeptEntry, kept: Kept | None) -> Made:
        """What the pickle holds for an entry taken as its row, checked against its index
        entry; made again from its source if the pickle lacks it (unreadable, or a table's
        object gone): never another check's objects."""
        relpath = entry.relpath
        source, context, files, state, _row = self._rows[relpath]
        resolved = kept[2] if kept is not None and kept[0] == source else None
        if kept is not None and resolved is not None and resolved[:3] == (context, files, state):
            self.profiles[relpath] = kept
            _context, _files, _state, locality, awards, photos, practice = resolved
            return kept[1], locality, awards, photos, practice
        assert self._remake is not None
        made = self._remake(entry.doc, source)
        self._origin.pop(relpath)  # pickled again, with the next build's pickle of those since
        self.profiles[relpath] = (source, made[0], (context, files, state, *made[1:]))
        return made

    def _read(self, origin: int, key: str, data: bytes | None) -> dict[str, Kept]:
        """A block's profiles (none if it does not unpickle as one, or `data` is None: the
        block is damaged)."""
        # A byte damaged inside a text still unpickles into a valid Profile, which would be
        # published as the profile's: these bytes come only from `StoredBlocks`, which
        # checked the block's own CRC-32 (a damaged block reads as none: made again).
        if data == b"":
            return {}
        enabled = gc.isenabled()
        gc.disable()  # 70,000 new objects: no collection finds garbage among them
        try:
            if data is None:
                raise ValueError("a damaged block")
            found, missing = profilepickle.loads(data, self._taxonomy, self._admin)
        except (pickle.UnpicklingError, AttributeError, EOFError, ImportError, KeyError,
                TypeError, ValueError):  # fmt: skip
            found, missing = {}, False
        finally:
            # The roll lives as long as the build: kept out of later collections, which would
            # otherwise walk it whole (a young collection soon after, then an older one), as
            # buildcache._no_gc keeps the caches it loads.
            gc.freeze()
            if enabled:
                gc.enable()
        ok = isinstance(found, dict) and all(
            isinstance(v, tuple)
            and len(v) == 3
            and isinstance(v[1], Profile)
            and (v[2] is None or (isinstance(v[2], tuple) and len(v[2]) == 7))
            for v in found.values()
        )
        if not ok or missing:
            # Of those since, such a block is pickled again; the whole pickle is written
            # again if one of its blocks does not unpickle.
            self._stale.update([key] if origin == _SINCE else [])
            self._unreadable = self._unreadable or (origin == _BASE and not ok)
        if not ok:
            return {}
        kept: dict[str, Kept] = found
        if missing:
            # A unit or award the tables no longer hold: those checks' context has changed
            # (it holds the table's digest and the configuration), so none is reused.
            return {relpath: (v[0], v[1], None) for relpath, v in kept.items()}
        return kept

    def find(
        self,
        doc: Document | str,
        source: str,
        documents: Callable[[str], Document] | None = None,
    ) -> Reused | None:
        """The check of the profile in `doc` (content digest `source`) if an earlier build
        made it under the same key and the photo files it names are as they were, with its
        Entry made of its row (nothing unpickled). `doc` may be the source's path, its
        Document made by `documents` when the entry's is first read."""
        relpath = doc if isinstance(doc, str) else doc.relpath
        saved = self.known.get(relpath)
        if self._findings is None or saved is None or len(saved) != _SAVED_FIELDS:
            return None
        key, files, state, problems = saved
        if key != f"{source} {self._context}":
            return None
        # The index beside the pickle, which holds what the check resolved, was written with
        # it (one file): made under the same key and photos, or the check is made again.
        origin, indexed = self._indexed(relpath)
        if (
            indexed is None
            or len(indexed) != 5
            or indexed[:4] != (source, self._context, files, state)
        ):
            return None
        row = loaded_row(indexed[4])
        if row is None or (files and self._photo_states(relpath, files) != state):
            return None
        self.used[relpath] = saved
        self.reused += 1
        self._taken(relpath, origin)
        self._rows[relpath] = indexed
        entry = KeptEntry(doc, row, self._fill, documents)
        self._waiting[origin][relpath] = entry
        return Reused([Problem(*p) for p in problems], entry, row)

    def _fill(self, entry: KeptEntry) -> None:
        # One unpickling and one filling of each block, should two threads read first.
        with self._filling:
            if "_fill" in entry.__dict__:
                self._block(self._origin[entry.relpath], entry.relpath)

    def photos_of(self, relpath: str, profile: Profile) -> tuple[tuple[str, ...], list[PhotoState]]:
        """The photo files a profile names and their state, taken before it is checked (a
        photo changed meanwhile is then seen by the next build)."""
        files = tuple(photo.file for photo in profile.photos)
        return files, self._photo_states(relpath, files) if files else []

    def keep(
        self,
        relpath: str,
        source: str,
        photos: tuple[tuple[str, ...], list[PhotoState]],
        problems: Sequence[Problem],
        entry: Entry,
    ) -> None:
        """Remember the check of a profile made now (`photos` from `photos_of`)."""
        self.checked += 1
        if self._findings is None or not self._in_tables(entry):
            return
        rows = [(p.path, p.line, p.col, p.field, p.code, p.params, p.severity) for p in problems]
        self.used[relpath] = (f"{source} {self._context}", *photos, rows)
        files, state = photos
        made = (entry.locality, entry.awards, entry.photos, entry.practice)
        self.profiles[relpath] = (source, entry.profile, (self._context, files, state, *made))
        self._rows[relpath] = (source, self._context, files, state, saved_row(row_of(entry)))
        self._origin.pop(relpath, None)
        self._order[relpath] = None

    def _in_tables(self, entry: Entry) -> bool:
        """True if every award, ground and unit `entry` resolved to is its table's own object
        (so it is pickled by reference and taken back as the next build's)."""
        taxonomy, admin = self._taxonomy, self._admin
        if taxonomy is None or admin is None:
            return False
        grounds = taxonomy.revocation_grounds
        for resolved in entry.awards:
            ground = resolved.ground
            if taxonomy.get(resolved.award.id) is not resolved.award:
                return False
            if ground is not None and grounds.get(ground.id) is not ground:
                return False
        places = [entry.locality]
        if entry.practice is not None:  # its recognitions' awards are among the entry's
            places += [copy.locality for copy in entry.practice.replications]
        units = [
            unit
            for place in places
            for unit in (*place.units, *place.current_units, place.current_province)
            if unit is not None
        ]
        return all(_in_table(admin, unit) for unit in units)

    # -- the photo files ----------------------------------------------------------------------

    def _photo_states(self, relpath: str, files: Sequence[str]) -> list[PhotoState]:
        """What `check_photos` reads of the file system for each photo file named."""
        assert self._findings is not None
        root = self._root
        folder = (root / relpath).parent
        states: list[PhotoState] = []
        for file in files:
            raw = Path(file)
            if raw.is_absolute() or ".." in raw.parts:
                states.append(((), None))  # refused whatever the disk holds
                continue
            candidate = folder / raw
            inside = [p for p in (candidate, *candidate.parents) if p != root]
            modes = tuple(self._mode(str(p)) for p in inside if p.is_relative_to(root))
            found = None
            if modes and stat.S_ISREG(modes[0]) and not any(map(stat.S_ISLNK, modes)):
                # No link inside the project: the file is at its place under the real root.
                found = self._findings(self._real_root / candidate.relative_to(root))
            states.append((modes, found))
        return states

    def _mode(self, path: str) -> int:
        mode = self._modes.get(path)
        if mode is None:
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                mode = 0
            self._modes[path] = mode
        return mode


def _in_table(admin: AdminUnits, unit: Unit) -> bool:
    return admin.by_code(unit.era, unit.code) is unit
