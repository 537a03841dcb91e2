"""The bundle folder kept in step with the merge: a file written only when its content changed,
trusted by the stamps of its folders (generator.search.index makes the files)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.incremental.folders import remove_unlisted, sealed, unsealed, write_replacing
from generator.incremental.ledger import Ledger
from generator.incremental.listings import CLOCK_TICK_SECONDS, dir_stamp
from generator.search.bundle import bundle_path

OUTPUT_FILE = "output.marshal"  # the search child's Ledger: what the bundle folder holds
SEARCH_NS = "search"  # its namespace, at the bundle folder


def sync_output(
    output: Path, wanted: dict[str, str], contents: Callable[[str], bytes], record: Path
) -> tuple[int, frozenset[str] | None]:
    """Make `output` hold the files `wanted` (path -> content id); the count of files changed
    and their paths (None when the folder was walked: not as the last sync left it).

    The search child's ledger (`record`, namespace SEARCH_NS) says which file is still the
    one written for its content id: such a file is neither read nor rewritten. Not
    `folders.sync_folder`, which wants every file's bytes: here the bytes of a file are made
    (`contents`: decompressed from the shard cache) only when the ledger has no match, and
    most of the 20,000 files of a large bundle are kept. Changed files are replaced
    (`folders.write_replacing`, never in place: site/ may link the old one); the others are
    removed by the one `folders.remove_unlisted`.

    The record also holds `bundle_stamps` of the folders the sync left, taken once it was
    done (a clock tick after its last write): while the folders' stamps are those, no file was
    added, removed or replaced since, so the ledger's rows are the folder as they say, and
    neither a file's stamp nor the folder's names are read again (a stat of each of 10,000
    files and a walk: ~0.1 s an edit at 10,000 profiles). A file written in place, which
    leaves its folder's stamp, is then not seen, as the no-change build already trusts
    build/search by its folders' stamps (`BuildState.search_tree`).
    """
    ledger, tree = output_ledger(record)
    ledger.at(SEARCH_NS, str(output))
    rows = ledger.rows(SEARCH_NS)
    trusted = bool(tree) and tree == bundle_stamps(output, rows)
    changed = 0
    touched: list[str] = []  # what the assembly of site/ has to look at (issue #21)
    for rel, content_id in sorted(wanted.items()):
        if trusted:
            row = rows.get(rel)
            if row is not None and row[0] == content_id:
                continue  # the folder is as the last sync left it: this file is that one
        elif ledger.kept(SEARCH_NS, rel, content_id):
            continue  # still the file this sync wrote: neither read nor written
        path = bundle_path(output, rel)
        write_replacing(path, contents(rel), compare=False)
        ledger.wrote(SEARCH_NS, rel, content_id, path.stat())
        changed += 1
        touched.append(rel)
    unwanted = [rel for rel in rows if rel not in wanted]
    ledger.keep_only(SEARCH_NS, wanted)
    if trusted:
        for rel in unwanted:  # the folder holds no other file
            path = bundle_path(output, rel)
            path.unlink()
            # Folders left empty go too, so that the folders are those of the files kept
            # (`bundle_stamps` looks at those alone).
            with contextlib.suppress(OSError):
                for folder in path.parents:
                    if folder == output:
                        break
                    folder.rmdir()  # only when empty
        changed += len(unwanted)
        touched += unwanted
    elif output.is_dir():
        changed += len(remove_unlisted(output, wanted.keys()))
    if changed:
        time.sleep(CLOCK_TICK_SECONDS)  # a later change of a folder then changes its stamp
    data = marshal.dumps((ledger.dumps(), bundle_stamps(output, wanted)))
    write_replacing(record, sealed(data), compare=False)
    return changed, frozenset(touched) if trusted else None


def bundle_stamps(output: Path, files: Iterable[str]) -> str:
    """A digest of the stamps (inode, times) of `output` and of each of its folders that holds
    one of `files` (paths under it): those of the bundle as a sync leaves it ("": one missing).

    Any file added, removed or replaced there, and any folder added or removed, changes one
    of them; unlike `tree_stamps`, no folder is read to find its folders: fragment/ holds a
    file a record (issue #21: it was read whole twice an edit)."""
    folders = {""}
    for rel in {rel.rpartition("/")[0] for rel in files}:  # a few: bundle files are shallow
        while rel and rel not in folders:
            folders.add(rel)
            rel = rel.rpartition("/")[0]
    h = hashlib.blake2b(digest_size=20)
    try:
        for rel in sorted(folders):
            h.update(f"{rel}\0{dir_stamp(os.lstat(output / rel))}\n".encode())
    except OSError:
        return ""
    return h.hexdigest()


def output_ledger(record: Path) -> tuple[Ledger, str]:
    """The ledger `sync_output` saved and the folders' stamps it saved with it (an empty
    ledger and no stamps if none, of another layout or damaged: its CRC-32 is checked)."""
    try:
        body = unsealed(record.read_bytes())
        if body is not None:
            saved, tree = marshal.loads(body)
            if isinstance(saved, bytes) and isinstance(tree, str):
                return Ledger.loads(saved), tree
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return Ledger(), ""
