"""What a build lets go of (issue #21, memory that fits): the open-data files written as they
are made, none held; each profile's parsed YAML released once the page keys are made, its
parse kept compactly (marshal bytes) for the next build and its lines kept for problems; the
stories' HTML once the pages are rendered; on a full build, the parses and the search records'
cache saved before MkDocs starts and let go, the index keeping of each record what it reads;
Pagefind's index of each shard deleted once its files are taken."""

from __future__ import annotations

import datetime as dt
import marshal
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.commands import build as build_stage
from generator.commands.build import build_project
from generator.commands.buildfolder import WrittenFiles
from generator.commands.rendering import indexed_form
from generator.commands.reuse import DOCUMENTS_FILE
from generator.incremental.buildcache import FileDigests
from generator.model import sourcefiles
from generator.model.site import build_site
from generator.opendata import ledger, publish
from generator.opendata.context import OpenDataError
from generator.output import Rendered
from generator.progress import SILENT
from generator.search.bundle import bundle_files
from generator.search.index import write_sharded
from generator.search.pagefind import PagefindService, SearchIndexError
from generator.search.recordcache import RECORDS_FILE, unpacked_rows
from generator.search.records import iter_search_records
from generator.source.load import Document, ReleasedError, load_yaml_document
from generator.templating import sanitise
from tests.browser import ROOT
from tests.projects import write_build_project

TODAY = dt.date(2024, 2, 1)


def _folder_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_open_data_is_written_as_it_is_made_and_not_held(tmp_path: Path) -> None:
    from test_opendata import write_photo_project

    root = tmp_path / "project"
    write_photo_project(root)  # a consented photo: one press kit, which reads its API document
    site, report = build_site(root)
    assert site is not None and not report.errors
    held = Rendered()
    sanitise.forget_sanitised()
    names = publish.add_open_data(held, site, TODAY)
    # Each story is read once by its API document: none kept for the rest of the run.
    stories = {e.profile.story for e in site.entries if e.profile.story}
    assert stories and not stories & {text for text, _headings in sanitise._sanitised}
    assert "bao-chi/nguyen-thi-hoa.zip" in held.files and len(held.files) > 20
    assert names == list(held.files)

    folder = tmp_path / "files"
    streamed = Rendered()
    made = publish._OpenData(site, TODAY, output=WrittenFiles(folder))
    made.build(streamed)
    assert made.files.held == {} and streamed.files == {}  # no file's bytes kept
    assert made.files.names == names
    # The same bytes as made in memory; the press kit read its API document back from disk.
    assert _folder_files(folder) == held.files
    assert streamed.docs == held.docs  # the data page is still handed back


def test_a_file_produced_twice_is_refused_when_streamed_too(tmp_path: Path) -> None:
    files = ledger.MadeFiles(WrittenFiles(tmp_path))
    files["api/v1/index.json"] = b"first"
    with pytest.raises(OpenDataError, match="produced twice"):
        files["api/v1/index.json"] = b"second"
    assert (tmp_path / "api" / "v1" / "index.json").read_bytes() == b"first"
    assert files.read("api/v1/index.json") == b"first" and list(files) == ["api/v1/index.json"]


def test_a_released_document_refuses_every_read_and_keeps_its_lines() -> None:
    doc = load_yaml_document(b"slug: a\nname:\n  full: B\n", "profiles/a.yml")
    assert doc.data == {"slug": "a", "name": {"full": "B"}}
    doc.release()
    for read in (
        lambda: doc.data["slug"],
        lambda: doc.data.get("slug"),
        lambda: doc.data.items(),
        lambda: list(doc.data),
        lambda: "slug" in doc.data,
        lambda: repr(doc.data),
        lambda: len(doc.data),
    ):
        with pytest.raises(ReleasedError):
            read()
    assert doc.pos(("name", "full")) == (3, 3)


def test_a_build_releases_every_profiles_parse_after_its_page_keys(tmp_path: Path) -> None:
    root = write_build_project(tmp_path)
    result = build_project(root, TODAY)
    assert result.built and result.site is not None
    entries = result.site.entries
    assert len(entries) >= 5
    for entry in entries:
        with pytest.raises(ReleasedError):
            entry.doc.data.get("slug")
        assert entry.doc.pos(("name",))[0] > 1  # a problem still finds its line
    # Nor are the stories' HTML held past the pages (the open data's child makes its own).
    assert not sanitise._sanitised
    # An edit after it: the page keys of the edited profile read a fresh parse.
    hoa = root / "profiles" / "nguyen-thi-hoa.yml"
    text = hoa.read_text("utf-8")
    assert "dạy học ở xã." in text
    hoa.write_text(text.replace("dạy học ở xã.", "dạy học ở xã bốn mươi năm."), "utf-8")
    again = build_project(root, TODAY)
    assert again.built
    page = (root / "site" / "ho-so" / "nguyen-thi-hoa" / "index.html").read_text("utf-8")
    assert "bốn mươi năm" in page


def test_the_parse_cache_keeps_data_as_marshal_bytes_and_skips_the_older_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_build_project(tmp_path)
    digests = FileDigests()
    first = sourcefiles.DocumentCache({}, digests.digest)
    site, _report = build_site(root, documents=first)
    assert site is not None
    saved = marshal.loads(marshal.dumps(first.used))
    relpath = "profiles/nguyen-thi-hoa.yml"
    digest, parse = saved[relpath]
    assert isinstance(parse[1], bytes)
    assert marshal.loads(parse[1]) == next(e for e in site.entries if e.relpath == relpath).doc.data

    parsed: list[str] = []

    def parse_counted(raw: bytes, rel: str, limit: int = 1 << 20) -> Document:
        parsed.append(rel)
        return load_yaml_document(raw, rel, limit)

    monkeypatch.setattr(sourcefiles, "load_yaml_document", parse_counted)
    digests.recorded_ns = time.time_ns() + 10**10  # the files' stamps are trusted now
    build_site(root, documents=sourcefiles.DocumentCache(saved, digests.digest))
    assert relpath not in parsed  # unchanged: not parsed again
    # A parse saved by the older layout (the data as objects) is parsed again, not trusted.
    older = dict(saved)
    older[relpath] = (digest, (parse[0], marshal.loads(parse[1]), *parse[2:]))
    build_site(root, documents=sourcefiles.DocumentCache(older, digests.digest))
    assert parsed.count(relpath) == 1


def _render_phase(root: Path) -> build_stage._Build:
    """A full build of `root` run up to the end of its render phase (MkDocs not started)."""
    build = build_stage._Build(root.absolute(), TODAY, False, SILENT)
    build.digest_inputs()
    build.prepare_folders()
    assert build.render() is not None
    return build


def test_a_full_build_saves_its_parses_and_records_before_mkdocs_and_holds_neither(
    tmp_path: Path,
) -> None:
    root = write_build_project(tmp_path)
    build = _render_phase(root)
    try:
        reuse = build.reuse
        assert reuse is not None and not reuse.warm
        # The parses are on disk once the check is over (each trusted by its file's digest),
        # and the build process no longer holds them through MkDocs' phase (issue #21).
        saved = sourcefiles.load_parses(build.cache, DOCUMENTS_FILE)
        profiles = sorted(str(p.relative_to(root)) for p in (root / "profiles").glob("*.yml"))
        assert sorted(rel for rel in saved if rel.startswith("profiles/")) == profiles
        assert reuse.documents_saved and reuse.documents.used == {} == reuse.documents.known
        # The search records' cache too: every published profile's row.
        records = unpacked_rows(build.cache.load_marshal(RECORDS_FILE))
        site = build.result.site
        assert site is not None
        assert sorted(records) == sorted(e.slug for e in site.published())
        for slug, (_key, url, digest, sort, filters) in records.items():
            assert url == f"ho-so/{slug}/" and len(digest) == 32 and sort and filters
        assert reuse.records_saved and reuse.pages.records == {}
    finally:
        build.end_jobs()
    # The next build reuses both: nothing parsed again, the same site as a clean build's.
    again = build_project(root, TODAY)
    assert again.built
    clean = write_build_project(tmp_path / "clean")
    assert build_project(clean, TODAY, clean=True).built
    assert _folder_files(root / "site") == _folder_files(clean / "site")


def test_the_index_of_records_kept_lean_is_the_index_of_whole_records(tmp_path: Path) -> None:
    site, _report = build_site(ROOT)
    assert site is not None
    records = list(iter_search_records(site))
    lean = [indexed_form(record) for record in records]
    assert all(not r.title and not r.blocks and not r.filters and not r.meta for r in lean)
    write_sharded(records, tmp_path / "whole", tmp_path / "whole-cache")
    write_sharded(lean, tmp_path / "lean", tmp_path / "lean-cache")
    assert _folder_files(tmp_path / "lean") == _folder_files(tmp_path / "whole")


class _Remembered(PagefindService):
    """The real service, remembering the indexes it was asked to make."""

    def __init__(self) -> None:
        super().__init__()
        self.made: list[int] = []

    def new_index(self, config: Mapping[str, object]) -> int:
        """Make the index; note its id."""
        index_id = super().new_index(config)
        self.made.append(index_id)
        return index_id


def test_pagefind_forgets_each_shards_index_once_its_files_are_taken() -> None:
    site, _report = build_site(ROOT)
    assert site is not None
    records = list(iter_search_records(site))
    service = _Remembered()
    try:
        first = bundle_files(service, records[:10])
        assert bundle_files(service, records[10:20]) and first
        assert len(service.made) == 2
        # Kept, every shard's index stayed in the service to its end (231 MiB at 10,000
        # profiles; issue #21): Pagefind no longer knows the first one.
        with pytest.raises(SearchIndexError):
            service.get_files(service.made[0])
    finally:
        service.close()
