"""benchmarks/kept_readers.py: the readers of kept entries' unpickled fields, counted per
process, field and caller, the entries left as rows so that every read is seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.kept_readers import report, watch
from generator.model import checkcache, profilepickle
from generator.model.checkrows import KeptEntry
from tests.test_check_cache import Saved, check, demo  # noqa: F401 (the fixture)


def test_every_read_of_a_kept_entry_is_counted_by_its_reader(
    demo: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = Saved()
    check(demo, saved)
    site = check(demo, saved)[0]
    kept = [e for e in site.entries if isinstance(e, KeptEntry)]
    assert len(kept) == len(site.entries) > 70
    # Undone when the test ends: watch() replaces KeptEntry's methods.
    monkeypatch.setattr(KeptEntry, "_kept", KeptEntry._kept)
    monkeypatch.setattr(KeptEntry, "filled", KeptEntry.filled)
    monkeypatch.setattr(profilepickle, "loads", profilepickle.loads)
    logs = tmp_path / "logs"
    logs.mkdir()
    watch(logs)
    # The name order is the rows' (model.checkrows): nothing read yet.
    published = site.published()
    assert report(logs, os.getpid(), saved.profiles["counts"]) == []
    statuses = [e.profile.status for e in site.entries]  # a reader of every entry's profile
    first = published[0]
    first.profile, first.locality  # noqa: B018 (read, as a reader does)
    # Filled once (their blocks unpickled), the entries stay KeptEntry: later reads are
    # counted, each reader's with the blocks its entries are in.
    assert all(type(e) is KeptEntry for e in site.entries)
    assert first.profile is first.__dict__["profile"]
    counts = saved.profiles["counts"]
    lines = report(logs, os.getpid(), counts)
    read = [x.split() for x in lines if " unpickled " not in x]
    by_reader = {" ".join(x[3:5]): (int(x[1].replace(",", "")), int(x[2])) for x in read}
    status = next(k for k in by_reader if "test_kept_readers.py:<listcomp>" in k)
    blocks = {checkcache._block_of(e.relpath, counts) for e in site.entries}
    assert by_reader[status] == (len(site.entries), len(blocks))
    assert len(statuses) == len(site.entries)
    # Every block unpickled once (the statuses read every entry's profile), in this process.
    unpickled = [x for x in lines if " unpickled " in x]
    assert unpickled == [x for x in unpickled if x.startswith("build")]
    assert f"unpickled {len(blocks)} pickles, {len(site.entries)} profiles" in unpickled[0]
    ours = [k for k in by_reader if "test_kept_readers.py" in k and k != status]
    # Profile twice, locality once.
    assert sorted(by_reader[k] for k in ours) == [(1, 1), (1, 1), (1, 1)]
    assert all(line.startswith("build") for line in lines)
