"""What the build's own process does once per build, not once per call or per entry
(docs/performance.md, "The parent's per-entry costs (session 18)"): counted, not timed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.commands import buildstart
from generator.commands.inputs import inputs_digest
from generator.incremental import buildcache
from generator.incremental.buildcache import FileDigests
from tests.projects import write_small_project

TODAY = dt.date(2026, 11, 20)


def test_a_build_digests_the_package_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_small_project(tmp_path / "p")
    calls: list[int] = []
    digest = buildcache.package_digest

    def counted(digests: FileDigests) -> str:
        calls.append(1)
        return digest(digests)

    monkeypatch.setattr(buildcache, "package_digest", counted)
    monkeypatch.setattr(buildstart, "package_digest", counted)
    start = buildstart.BuildStart(root.absolute(), TODAY, False, buildstart.SILENT)
    start.digest_inputs()
    # Once, for the inputs' digest and every cache key (the input digest took it again).
    assert len(calls) == 1
    # Still a part of the inputs' digest: other code is another input.
    digests = FileDigests()
    same = inputs_digest(root, digests, start.package, TODAY)
    assert same == start.state.inputs
    assert inputs_digest(root, digests, "other code", TODAY) != same
