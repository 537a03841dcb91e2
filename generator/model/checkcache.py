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
from generator.model.entries import (
    Entry,
    ResolvedAward,
    ResolvedLocality,
    ResolvedPractice,
    ResolvedRecognition,
    ResolvedReplication,
)
from generator.reference.adminunits import AdminUnits, Era, Unit
from generator.reference.taxonomy import Taxonomy
from generator.source.documents import Locality, Photo, Profile
from generator.source.load import PhotoFinding

# Profiles validated since the whole pickle was written, past which it is written again
# (beside an eighth of the roll).
_SINCE_MIN = 200
# A saved check: its key (source digest and context), the photo files the profile names and
# their state, the problems (a Problem's fields as a tuple) and what it resolved (`_encode`).
_SAVED_FIELDS = 5
# A photo file's state: the file types of its path inside the project (the file first), then
# what its header told (None: not a regular file reached without a link).
PhotoState = tuple[tuple[int, ...], list[PhotoFinding] | None]
# A locality resolved: era, units, today's province and units, as (era, code) pairs.
_Place = tuple[Era | None, tuple[tuple[Era, str], ...], tuple[Era, str] | None, tuple[Any, ...]]
# What a profile's check resolved besides its problems.
_Resolved = tuple[
    ResolvedLocality, list[ResolvedAward], list[tuple[Photo, Path]], ResolvedPractice | None
]


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
    # for one changed file (issue #21). What a check resolved is saved as plain data pointing
    # into the profile, the taxonomy and the unit table, and taken back only if it points at
    # the very objects a check makes; the validated profiles as one pickle (`_unpickled`).

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
        # validated since; unpickled when first asked for. This build's, to be saved.
        self._pickled = [profiles or {}, delta or {}]
        self._profiles: dict[str, tuple[str, Profile]] | None = None
        self._in_base: dict[str, str] = {}  # relpath -> source digest, in the whole pickle
        self.profiles: dict[str, tuple[str, Profile]] = {}
        self.used: dict[str, tuple[Any, ...]] = {}  # what the next build may reuse
        self.reused = 0  # this build: profiles whose check was reused, and those checked
        self.checked = 0
        self._context = ""
        self._taxonomy: Taxonomy | None = None
        self._admin: AdminUnits | None = None
        self._root = self._real_root = Path()
        self._modes: dict[str, int] = {}  # file type by path, this build (folders are shared)
        # A place's units by its saved form, this build.
        self._places: dict[
            _Place, tuple[Era | None, tuple[Unit, ...], Unit | None, tuple[Unit, ...]]
        ] = {}
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
        self._places = {}
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
        self.profiles[relpath] = (source, profile)

    def saved_profiles(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """This build's profiles to save (for marshal, each with the package digest): the
        whole pickle, or None to keep the one saved (its profiles are this build's but
        those in the second), and the profiles validated since it was written."""
        # After one edit, one profile is pickled, not 10,000 (0.3 s of the saver's CPU while
        # MkDocs and the search index run): the whole pickle is written again only when
        # those since have grown to an eighth of it, or it is of other code.
        since = {r: v for r, v in self.profiles.items() if self._in_base.get(r) != v[0]}
        whole = None
        if not self._in_base or len(since) > max(_SINCE_MIN, len(self.profiles) // 8):
            whole, since = self._pickle(self.profiles), {}
        return whole, self._pickle(since)

    def _pickle(self, profiles: dict[str, tuple[str, Profile]]) -> dict[str, Any]:
        data = profilepickle.dumps(profiles)
        return {"package": self.package, "pickle": data}

    def _unpickled(self) -> dict[str, tuple[str, Profile]]:
        # One pickle of every profile, not one each: its memo shares the field names and
        # classes, and 10,000 profiles come back in 0.29 s of CPU (model.profilepickle; 0.33 s
        # through pydantic's __setstate__) where validating their parses takes 0.41 s plus
        # 0.16 s to unmarshal the parses (one pickle per profile: 0.55 s). Only pickles of this
        # very code are read (the classes are pickled by name).
        base, since = (self._read(saved) for saved in self._pickled)
        self._pickled = [{}, {}]
        self._in_base = {relpath: found[0] for relpath, found in base.items()}
        return {**base, **since}

    def _read(self, saved: dict[str, Any]) -> dict[str, tuple[str, Profile]]:
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
            found = profilepickle.loads(data)
        except (pickle.UnpicklingError, AttributeError, EOFError, ImportError, KeyError,
                TypeError, ValueError):  # fmt: skip
            found = {}
        finally:
            if enabled:
                gc.enable()
        ok = isinstance(found, dict) and all(
            isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], Profile)
            for v in found.values()
        )
        return found if ok else {}

    def find(self, relpath: str, source: str, profile: Profile) -> Reused | None:
        """The check of `profile` (file `relpath`, content digest `source`) if an earlier
        build made it under the same key and the photo files it names are as they were."""
        saved = self.known.get(relpath)
        if self._findings is None or saved is None or len(saved) != _SAVED_FIELDS:
            return None
        key, files, state, problems, resolved = saved
        if key != f"{source} {self._context}":
            return None
        if files and self._photo_states(relpath, files) != state:
            return None
        try:
            locality, awards, photos, practice = self._decode(profile, resolved)
        except (KeyError, IndexError, TypeError, ValueError):
            return None  # damaged: the key was right, so nothing else explains it
        self.used[relpath] = saved
        self.reused += 1
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
        resolved = self._encode(entry)
        if self._findings is None or resolved is None:
            return
        rows = [(p.path, p.line, p.col, p.field, p.code, p.params, p.severity) for p in problems]
        self.used[relpath] = (f"{source} {self._context}", *photos, rows, resolved)

    # -- what a check resolved, as plain data ---------------------------------------------------

    def _encode(self, entry: Entry) -> tuple[Any, ...] | None:
        """What `entry` resolved as plain data; None if any of it is not a reference to the
        profile's own records, the taxonomy or the unit table (then it is not kept)."""
        profile, taxonomy = entry.profile, self._taxonomy
        if taxonomy is None:
            return None
        place = self._encode_place(entry.locality, profile.locality)
        awards = []
        for resolved in entry.awards:
            index = _index(profile.awards, resolved.record)
            ground = resolved.ground
            if index is None or taxonomy.get(resolved.award.id) is not resolved.award:
                return None
            if ground is not None and taxonomy.revocation_grounds.get(ground.id) is not ground:
                return None
            awards.append((index, resolved.award.id, ground.id if ground is not None else None))
        photos = []
        for photo, path in entry.photos:
            index = _index(profile.photos, photo)
            if index is None:
                return None
            photos.append((index, str(path)))
        practice = self._encode_practice(entry)
        if place is None or practice is False:
            return None
        return (place, awards, photos, practice)

    def _encode_practice(self, entry: Entry) -> tuple[Any, ...] | bool | None:
        """A model's practice: each recognition's award (its index, -1: none) and each
        replication's place; None without one; False when it cannot be kept."""
        resolved, practice = entry.practice, entry.profile.model
        if resolved is None:
            return None
        if practice is None or resolved.record is not practice:
            return False
        recognitions: list[int] = []
        for i, recognition in enumerate(resolved.recognitions):
            if recognition.record is not practice.recognised[i]:
                return False
            award = recognition.award
            index = (
                -1
                if award is None
                else next((n for n, a in enumerate(entry.awards) if a is award), None)
            )
            if index is None:
                return False
            recognitions.append(index)
        places = []
        for i, copy in enumerate(resolved.replications):
            record = practice.replicated_in[i]
            place = self._encode_place(copy.locality, record.locality)
            if copy.record is not record or place is None:
                return False
            places.append(place)
        if len(recognitions) != len(practice.recognised) or len(places) != len(
            practice.replicated_in
        ):
            return False
        return (tuple(recognitions), tuple(places))

    def _encode_place(self, place: ResolvedLocality, recorded: Locality) -> _Place | None:
        if place.recorded is not recorded:
            return None
        units = [self._unit(u) for u in place.units]
        current = [self._unit(u) for u in place.current_units]
        province = self._unit(place.current_province) if place.current_province else None
        if None in units or None in current or (place.current_province and province is None):
            return None
        return (place.era, tuple(units), province, tuple(current))  # type: ignore[arg-type]

    def _unit(self, unit: Unit) -> tuple[Era, str] | None:
        assert self._admin is not None
        return (unit.era, unit.code) if self._admin.by_code(unit.era, unit.code) is unit else None

    def _decode(self, profile: Profile, resolved: tuple[Any, ...]) -> _Resolved:
        assert self._taxonomy is not None
        place, award_rows, photo_rows, practice_rows = resolved
        taxonomy, grounds = self._taxonomy, self._taxonomy.revocation_grounds
        awards = []
        for index, award_id, ground_id in award_rows:
            award = taxonomy.get(award_id)
            if award is None:
                raise KeyError(award_id)
            ground = grounds[ground_id] if ground_id is not None else None
            awards.append(ResolvedAward(profile.awards[index], award, ground))
        photos = [(profile.photos[index], Path(path)) for index, path in photo_rows]
        practice = None
        if practice_rows is not None:
            model = profile.model
            if model is None:
                raise ValueError("no practice")
            indexes, places = practice_rows
            recognitions = tuple(
                ResolvedRecognition(r, awards[i] if i >= 0 else None)
                for r, i in zip(model.recognised, indexes, strict=True)
            )
            replications = tuple(
                ResolvedReplication(r, self._decode_place(r.locality, p))
                for r, p in zip(model.replicated_in, places, strict=True)
            )
            practice = ResolvedPractice(model, recognitions, replications)
        return self._decode_place(profile.locality, place), awards, photos, practice

    def _decode_place(self, recorded: Locality, place: _Place) -> ResolvedLocality:
        found = self._places.get(place)
        if found is None:  # a commune's profiles share its units (3,300 places for 10,000)
            assert self._admin is not None
            era, units, province, current = place
            by_codes = self._admin.by_codes
            today = by_codes([province])[0] if province is not None else None
            found = self._places[place] = (era, by_codes(units), today, by_codes(current))
        return ResolvedLocality(recorded, *found)

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


def _index(items: Sequence[object], item: object) -> int | None:
    """The position of `item` itself (not an equal one) in `items`."""
    return next((i for i, x in enumerate(items) if x is item), None)
