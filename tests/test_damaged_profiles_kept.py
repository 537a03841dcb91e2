"""A damaged block of the kept profiles' pickle never fails a build nor reaches the site.

The validated profiles of the last build are kept in blocks, each read when first asked
for and checked by its own CRC-32 (model.checkcache.StoredBlocks). A block found damaged
is made again from the profiles' files: also after the build let their parses go, in a
child process (the open data, the search index), where the first try of issue #21 failed
every build until `--clean`. The finding is noted beside the pickle, so that the next build
writes it whole again even when only a child saw the damage.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from generator.commands.build import build_project
from generator.incremental import indexedfiles
from generator.incremental.buildcache import BuildCache
from generator.model import site as model_site

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import assert_same_as_clean_build  # noqa: E402

TODAY = dt.date(2026, 11, 20)
PROFILES_FILE = "profiles.marshal"


def damage_every_block(path: Path) -> int:
    """Change one byte inside each block of an indexed pickle (its index left sound)."""
    found = indexedfiles.load_indexed(path)
    assert found is not None
    _head, index, parts = found
    start = parts._start
    data = bytearray(path.read_bytes())
    blocks = [(at, length) for key, (_f, at, length) in index.items() if key != "\0"]
    for at, length in blocks:
        data[start + at + length // 2] ^= 0x55
    path.write_bytes(bytes(data))
    return len(blocks)


def sound_blocks(path: Path) -> list[bool]:
    """For each block of an indexed pickle, whether its CRC-32 holds."""
    found = indexedfiles.load_indexed(path)
    assert found is not None
    _head, index, parts = found
    blocks = [(at, length) for key, (_f, at, length) in index.items() if key != "\0"]
    return [parts.read(at, length) is not None for at, length in blocks]


@pytest.mark.slow
def test_a_damaged_block_is_made_again_in_any_process_and_repaired_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 240, seed=3)
    assert build_project(root, today=TODAY).built
    cache = BuildCache(root).folder
    pickle_file = cache / PROFILES_FILE
    assert all(sound_blocks(pickle_file))
    assert damage_every_block(pickle_file) >= 2

    # Every profile read again from its file is counted, with the process that read it.
    read_again = model_site.read_again
    log = tmp_path / "read-again.log"

    def counted(root_: Path, relpath: str, digest: str, limit: int, fm: bool):  # type: ignore[no-untyped-def]
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {relpath}\n")
        return read_again(root_, relpath, digest, limit, fm)

    monkeypatch.setattr(model_site, "read_again", counted)
    # An edit of a summary: a block of the kept profiles is read, in a child process.
    edited = sorted((root / "profiles").rglob("*.yml"))[5]
    text = edited.read_text("utf-8")
    assert 'summary: "' in text
    edited.write_text(text.replace('summary: "', 'summary: "Nay ', 1), "utf-8")
    assert build_project(root, today=TODAY).built
    assert log.exists(), "no profile of a damaged block was read: the test proves nothing"
    readers = {line.split()[0] for line in log.read_text("utf-8").splitlines()}
    assert str(os.getpid()) not in readers  # read by a child, after the parses were let go
    assert (cache / f"{PROFILES_FILE}.damaged").exists() or all(sound_blocks(pickle_file))
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # The next build that checks (a build with no change checks nothing) writes the pickle
    # whole again: every block sound, the note gone.
    edited.write_text(text, "utf-8")
    assert build_project(root, today=TODAY).built
    assert all(sound_blocks(pickle_file))
    assert not (cache / f"{PROFILES_FILE}.damaged").exists()
    log.unlink()
    edited.write_text(text.replace('summary: "', 'summary: "Nay ', 1), "utf-8")
    assert build_project(root, today=TODAY).built
    assert not log.exists()  # nothing damaged any longer: no file read again
    assert_same_as_clean_build(root, tmp_path / "clean-2")


def test_a_profile_read_again_is_the_file_the_build_checked(tmp_path: Path) -> None:
    # Made again after its parse was let go, a profile is read from its file: only if the
    # file still holds the bytes the build took (else the build stops; the next reads it).
    from generator.incremental.buildcache import content_digest
    from generator.model.sourcefiles import read_again

    path = tmp_path / "profiles" / "a.yml"
    path.parent.mkdir()
    path.write_text("slug: a\nkind: individual\n", "utf-8")
    digest = content_digest(path.read_bytes())
    doc = read_again(tmp_path, "profiles/a.yml", digest, 1 << 20, False)
    assert (doc.relpath, doc.data, doc.pos(("kind",))) == (
        "profiles/a.yml", {"slug": "a", "kind": "individual"}, (2, 1),
    )  # fmt: skip
    path.write_text("slug: a\nkind: collective\n", "utf-8")
    with pytest.raises(RuntimeError, match="changed during the build"):
        read_again(tmp_path, "profiles/a.yml", digest, 1 << 20, False)
