"""What the build's own process does once per build, not once per call or per entry
(docs/performance.md, "The parent's per-entry costs (session 18)"): counted, not timed."""

from __future__ import annotations

import datetime as dt
import marshal
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.commands import buildstart
from generator.commands.build import build_project
from generator.commands.inputs import inputs_digest
from generator.commands.reuse import DOCUMENTS_FILE, DOCUMENTS_SINCE_FILE
from generator.incremental import buildcache
from generator.incremental.buildcache import BuildCache, FileDigests
from generator.incremental.listings import LISTINGS_FILE
from generator.incremental.stamps import RACY_NS
from generator.model import sourcefiles
from generator.model.entries import Site
from generator.pages import mkdocsconfig, renderer
from tests.projects import write_small_project
from tests.test_incremental import published_profile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402

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


def test_a_no_change_build_reads_only_the_listings_site_was_made_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its check of site/ needs what the build that assembled site/ saw, not the generation
    # before it (the spare's and build/'s folders: half of listings.marshal).
    root = tmp_path / "project"
    write_project(root, 6, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    assert build_project(root, today=TODAY).built
    saved = BuildCache(root).load_marshal(LISTINGS_FILE)
    before = saved["before"]  # marshal bytes of their own (a dict in format 4)
    older = set(before if isinstance(before, dict) else marshal.loads(before))
    assert older  # the first build's folders the edit did not see again
    start = buildstart.BuildStart(root, TODAY, False, buildstart.SILENT)
    start.digest_inputs()
    assert start.replay_if_unchanged() is not None  # nothing changed: replayed
    assert not older & set(start.listings.known)
    assert set(saved["seen"]) <= set(start.listings.known)


def test_a_steady_profile_page_is_kept_with_one_docs_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every edit walks every profile page of each edition: one kept made its docs path twice
    # and read its ledger row twice (the key, then the file's stamp).
    root = tmp_path / "project"
    write_project(root, 8, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    first = build_project(root, today=TODAY)
    assert first.built
    made: list[str] = []
    doc_file = renderer.doc_file

    def counted(path: str) -> str:
        if "ho-so/" in path:
            made.append(path)
        return doc_file(path)

    monkeypatch.setattr(renderer, "doc_file", counted)
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    edited = build_project(root, today=TODAY)
    assert edited.built and edited.listings_reused and edited.docs.written == 1
    assert len(set(made)) > 3
    # Once each, but the edited profile's, whose page is written too (`PageRenderer.page`).
    again = [p for p in set(made) if made.count(p) > 1]
    assert len(again) == 1 and made.count(again[0]) == 2


def test_an_edit_makes_the_site_engines_configuration_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its text is the engine's environment (whether the engine starts with the render) and
    # build/mkdocs.yml: made for the one, then again by the render for the other.
    root = tmp_path / "project"
    write_project(root, 6, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    made: list[int] = []
    config = mkdocsconfig.mkdocs_config

    def counted(site: Site) -> dict[str, Any]:
        made.append(1)
        return config(site)

    monkeypatch.setattr(mkdocsconfig, "mkdocs_config", counted)
    profile = published_profile(root)
    text = profile.read_text("utf-8")
    profile.write_text(text.replace('summary: "', 'summary: "Sửa. ', 1))
    assert build_project(root, today=TODAY).built
    assert len(made) == 1
    before = (root / "build" / "mkdocs.yml").read_bytes()
    made.clear()
    profile.write_text(text)  # back: the same configuration written
    assert build_project(root, today=TODAY).built
    assert len(made) == 1 and (root / "build" / "mkdocs.yml").read_bytes() == before


def test_the_state_keeps_the_digests_of_the_files_a_build_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every build unpickles the file digests, a no-change one too: those of files gone (a
    # profile removed, a project copied from elsewhere: its old absolute paths) were kept
    # for ever (31,071 digests for 10,103 files in a copy of the kept 10,000-profile project).
    original = tmp_path / "original"
    write_project(original, 6, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(original, today=TODAY).built
    root = tmp_path / "copy"
    shutil.copytree(original, root, symlinks=True)
    shutil.rmtree(original)
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    removed = sorted((root / "profiles").rglob("*.yml"))[-1]
    assert removed != profile
    removed.unlink()
    time.sleep(RACY_NS / 1e9)  # the edit out of the racy window: not hashed again below
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    state = BuildCache(root.absolute()).load()
    known = set(state.digests.known)
    assert not [path for path in known if path.startswith(f"{original}/")]
    assert str(removed.absolute()) not in known
    assert str(profile.absolute()) in known
    # What the next build asks for is known: nothing changed, nothing read again.
    hashed: list[str] = []
    file_digest = buildcache.hashlib.file_digest

    def counted(handle: Any, digest: str) -> Any:
        hashed.append(handle.name)
        return file_digest(handle, digest)

    monkeypatch.setattr(buildcache.hashlib, "file_digest", counted)
    assert build_project(root, today=TODAY).built
    assert hashed == []


def test_an_edit_reads_the_parse_of_no_unchanged_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # documents.marshal by index: an edit reads of an unchanged source its digest and
    # findings; its data, positions and body (4.5 of its 4.6 KB) stay in the file.
    root = tmp_path / "project"
    write_project(root, 6, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    read: list[str] = []
    parts = sourcefiles.KeptParse.parts

    def counted(kept: sourcefiles.KeptParse) -> tuple[bytes, bytes, str] | None:
        read.append(kept.relpath)
        return parts(kept)

    monkeypatch.setattr(sourcefiles.KeptParse, "parts", counted)
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    assert build_project(root, today=TODAY).built
    profiles = sorted(p.relative_to(root).as_posix() for p in (root / "profiles").rglob("*.yml"))
    assert len(profiles) > 1
    assert [rel for rel in read if rel.startswith("profiles/")] == []
    # Saved apart: the edited profile's parse only, the others' kept in the whole file.
    since = sourcefiles.load_parses(BuildCache(root), DOCUMENTS_SINCE_FILE)
    assert list(since) == [profile.relative_to(root).as_posix()]
    whole = sourcefiles.load_parses(BuildCache(root), DOCUMENTS_FILE)
    assert [rel for rel in profiles if rel not in whole] == []
