"""Each profile's check kept between builds: the validated profile, the problems its check
raised and what it resolved (locality, awards, photos, model practice), reused while its
source, the photo files it names and everything its check reads are the same (`CheckCache`,
saved as ``checks.marshal`` and ``profiles.marshal``)."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.model import profilepickle
from generator.model.entries import Entry, ResolvedAward, ResolvedLocality, ResolvedPractice
from generator.reference.adminunits import AdminUnits, Unit
from generator.reference.taxonomy import Taxonomy
from generator.source.documents import Photo, Profile
from generator.source.load import PhotoFinding

# Profiles validated since the whole pickle was written, past which it is written again
# (beside an eighth of the roll).
_SINCE_MIN = 200
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


@dataclass
class Reused:
    """A profile's check as an earlier build made it."""

    problems: list[Problem]
    locality: ResolvedLocality
    awards: list[ResolvedAward]
    photos: list[tuple[Photo, Path]]
    practice: ResolvedPractice | None


class CheckCache:
    """Profiles' checks made by an earlier build, by source path; see the module docstring."""

    # Validating and checking every profile (awards, locality, photos, consent, privacy,
    # English) was most of an edit build's check: 1.4 s at 10,000 profiles, 5.4 s at 30,000,
    # for one changed file (issue #21). The validated profiles are kept as one pickle
    # (`_unpickled`), and with each what its check resolved, pointing into the profile and,
    # by reference, into the taxonomy and the unit table (model.profilepickle): an unchanged
    # profile's check is taken back whole, its objects made by the unpickling alone.

    def __init__(
        self,
        known: dict[str, tuple[Any, ...]] | None = None,
        package: str = "",
        profiles: dict[str, Any] | None = None,
        delta: dict[str, Any] | None = None,
    ) -> None:
        self.known = known or {}
        self.package = package  # the generator's digest: the code that checked
        # The validated profiles of earlier builds, pickled ({"package", "pickle"}: see
        # `saved_profiles`): all of them as they were when last written whole, and those
        # validated or checked since; unpickled when first asked for. This build's, to be saved.
        self._pickled = [profiles or {}, delta or {}]
        self._profiles: dict[str, Kept] | None = None
        self._in_base: dict[str, Kept] = {}  # the profiles of the whole pickle
        self.profiles: dict[str, Kept] = {}
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
    ) -> None:
        """Start a check: `context` is everything a profile's check reads besides its own
        file and photos (configuration, campaigns); `findings` what a photo's header tells."""
        self._taxonomy, self._admin, self._findings = taxonomy, admin, findings
        self._root, self._real_root = root, root.resolve()
        self._modes = {}
        # The root as given and resolved: the photos' paths an Entry holds are resolved ones.
        parts = [self.package, str(root), str(self._real_root), str(admin.digest), *context]
        self._context = hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()

    def profile(self, relpath: str, source: str) -> Profile | None:
        """The profile in `relpath` as the last build validated it, if its content digest
        was `source` then and the code is the same (None: validate it)."""
        known = self._profiles
        if known is None:
            known = self._profiles = self._unpickled()
        found = known.get(relpath)
        if found is None or found[0] != source:
            return None
        self.profiles[relpath] = found
        return found[1]

    def validated(self, relpath: str, source: str, profile: Profile) -> None:
        """Note a profile validated now (content digest `source`), for the next build."""
        self.profiles[relpath] = (source, profile, None)

    def saved_profiles(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """This build's profiles to save (for marshal, each with the package digest): the
        whole pickle, or None to keep the one saved (its profiles are this build's but
        those in the second), and the profiles validated or checked since it was written."""
        # After one edit, one profile is pickled, not 10,000 (0.3 s of the saver's CPU while
        # MkDocs and the search index run): the whole pickle is written again only when
        # those since have grown to an eighth of it, or it is of other code.
        # A profile taken back from the whole pickle, and its check with it, is the very tuple
        # read (`profile`; `keep` makes another).
        base = self._in_base
        since = {r: v for r, v in self.profiles.items() if base.get(r) is not v}
        whole = None
        if not base or len(since) > max(_SINCE_MIN, len(self.profiles) // 8):
            whole, since = self._pickle(self.profiles), {}
        return whole, self._pickle(since)

    def _pickle(self, profiles: dict[str, Kept]) -> dict[str, Any]:
        data = profilepickle.dumps(profiles)
        return {"package": self.package, "pickle": data}

    def _unpickled(self) -> dict[str, Kept]:
        # One pickle of every profile, not one each: its memo shares the field names and
        # classes, and 10,000 profiles come back in 0.29 s of CPU (model.profilepickle; 0.33 s
        # through pydantic's __setstate__) where validating their parses takes 0.41 s plus
        # 0.16 s to unmarshal the parses (one pickle per profile: 0.55 s). Only pickles of this
        # very code are read (the classes are pickled by name).
        base, since = (self._read(saved) for saved in self._pickled)
        self._pickled = [{}, {}]
        self._in_base = base
        return {**base, **since}

    def _read(self, saved: dict[str, Any]) -> dict[str, Kept]:
        if not self.package or saved.get("package") != self.package:
            return {}
        # A byte damaged inside a text still unpickles into a valid Profile, which would be
        # published as the profile's: these bytes come only from BuildCache.load_marshal,
        # which checked the file's CRC-32 trailer (a second CRC-32 here cost 6.5 ms an edit
        # for the 25 MB of 10,000 profiles).
        data = saved.get("pickle")
        if not isinstance(data, bytes):
            return {}
        enabled = gc.isenabled()
        gc.disable()  # 70,000 new objects: no collection finds garbage among them
        try:
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
        if not ok:
            return {}
        kept: dict[str, Kept] = found
        if missing:
            # A unit or award the tables no longer hold: those checks' context has changed
            # (it holds the table's digest and the configuration), so none is reused.
            return {relpath: (v[0], v[1], None) for relpath, v in kept.items()}
        return kept

    def find(self, relpath: str, source: str, profile: Profile) -> Reused | None:
        """The check of `profile` (file `relpath`, content digest `source`) if an earlier
        build made it under the same key and the photo files it names are as they were."""
        saved = self.known.get(relpath)
        if self._findings is None or saved is None or len(saved) != _SAVED_FIELDS:
            return None
        key, files, state, problems = saved
        if key != f"{source} {self._context}":
            return None
        kept = self.profiles.get(relpath)
        resolved = kept[2] if kept is not None and kept[1] is profile else None
        if resolved is None or resolved[:3] != (self._context, files, state):
            return None
        if files and self._photo_states(relpath, files) != state:
            return None
        self.used[relpath] = saved
        self.reused += 1
        _context, _files, _state, locality, awards, photos, practice = resolved
        return Reused([Problem(*p) for p in problems], locality, awards, photos, practice)

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
