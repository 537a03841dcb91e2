"""The one ledger of what was written under which key: per namespace, path -> (key, FileStamp),
and the digest of the names the namespace's folder was last synced to hold."""

from __future__ import annotations

import marshal
import os
from collections.abc import Container
from dataclasses import dataclass, field

from generator.incremental.stamps import FileStamp, same_output, stamp

# One row: the key the file was made under, then the stamp it had right after the write.
Row = tuple[str, int, int, int, int]


@dataclass
class Ledger:
    """What one process wrote, by namespace: per path the key it was made under and its stamp.

    A namespace is one output folder (build/docs, build/search): `folders` says where. One
    ledger per owning process (the build, the search child), each saved in one file of its own;
    a file is taken as still written under `key` only while its stamp is the recorded one
    (`stamps.same_output`), so a file replaced or written in place since is made again.

    Per namespace also the folder's listing (`listed`): the `folders.names_listing` of every
    name it held after its owner last made it hold exactly those (`folders.sync_folder`), so
    that the next sync removes the names no longer wanted without a walk. The owner trusts
    it only when the build that saved it succeeded: a failed build may have added files."""

    folders: dict[str, str] = field(default_factory=dict)
    tables: dict[str, dict[str, Row]] = field(default_factory=dict)
    listings: dict[str, str] = field(default_factory=dict)

    def at(self, ns: str, folder: str) -> None:
        """Say where namespace `ns` is; a ledger kept for another folder is dropped."""
        if self.folders.get(ns) != folder:
            self.tables.pop(ns, None)
            self.listings.pop(ns, None)
        self.folders[ns] = folder

    def kept(self, ns: str, path: str, key: str, st: os.stat_result | None = None) -> bool:
        """True if the file at `path` of `ns` is still the one written under `key`.

        `st`: its stat when the caller has it (a folder scanned once), else it is stat'ed."""
        found = self.tables.get(ns, {}).get(path)
        if found is None or found[0] != key:
            return False
        return self.row_kept(ns, path, found, st)

    def row_kept(self, ns: str, path: str, row: Row, st: os.stat_result | None = None) -> bool:
        """`kept` of the file at `path` of `ns` under the key of `row`, its row here."""
        if st is None:
            folder = self.folders.get(ns)
            if folder is None:
                return False
            try:
                # Not os.path.join: a page path is relative, and this runs for every page
                # kept, ~10,000 times an edit at 10,000 profiles (issue #21).
                st = os.stat(f"{folder}/{path}")
            except OSError:
                return False
        return same_output(row[1:], st)

    def wrote(self, ns: str, path: str, key: str, st: os.stat_result | None = None) -> None:
        """Note that the file at `path` of `ns` now holds what `key` names (stat'ed now)."""
        if st is None:
            st = os.stat(os.path.join(self.folders[ns], path))
        found: FileStamp = stamp(st)
        self.tables.setdefault(ns, {})[path] = (key, *found)

    def keep_only(self, ns: str, paths: Container[str]) -> None:
        """Forget the rows of `ns` whose path is not in `paths` (files no longer made)."""
        table = self.tables.get(ns, {})
        self.tables[ns] = {path: row for path, row in table.items() if path in paths}

    def listed(self, ns: str) -> str:
        """The names digest the folder of `ns` was last synced to hold ("": not known)."""
        return self.listings.get(ns, "")

    def synced(self, ns: str, listed: str) -> None:
        """Note that the folder of `ns` now holds exactly the names `listed` lists."""
        self.listings[ns] = listed

    def forget_listings(self) -> None:
        """Drop every folder's listing (its folders are walked next time)."""
        self.listings.clear()

    def rows(self, ns: str) -> dict[str, Row]:
        """The rows of `ns` (path -> (key, *FileStamp))."""
        return self.tables.get(ns, {})

    def dumps(self) -> bytes:
        """The ledger as marshal bytes (`loads` reads them back)."""
        return marshal.dumps((LEDGER_FORMAT, self.folders, self.tables, self.listings))

    @classmethod
    def loads(cls, data: bytes) -> Ledger:
        """A ledger from `dumps`; an empty one if the bytes are of another format or damaged."""
        try:
            version, folders, tables, listings = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return cls()
        if version != LEDGER_FORMAT or not all(
            isinstance(part, dict) for part in (folders, tables, listings)
        ):
            return cls()
        return cls(folders, tables, listings)


# Bump when what is saved changes shape. 2: the folders' listings (`listed`); 3: listings
# of the names themselves, not their digest.
LEDGER_FORMAT = 3
