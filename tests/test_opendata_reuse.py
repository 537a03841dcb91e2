"""The open data of an edit build: what no listing changed is neither computed again nor
scanned over the whole roll, and the files are the bytes a clean build makes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.opendata.apidocuments as apidocuments
import generator.opendata.publish as publish
from generator.commands.buildfolder import WrittenFiles
from generator.commands.today import resolve_today
from generator.incremental import pagecache
from generator.incremental.pagecache import KeptParts, PageCache
from generator.model import checkrows
from generator.model.entries import Site
from generator.model.keys import listing_digest, listings_key
from generator.model.site import build_site
from generator.model.urls import SITE_FEED_PATH
from generator.opendata import feeds, jsonapi
from generator.opendata.context import API_ROOT, CSV_EN, CSV_VI
from generator.opendata.feeds import FEED_LIMIT
from generator.output import Rendered
from tests.browser import ROOT


def _counted(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Any]:
    """The calls of `owner.name` from now on (each call's first argument), the real one run."""
    calls: list[Any] = []
    real: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0] if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _demo_with_page_cache() -> tuple[Site, dt.date, PageCache]:
    """The demo's model, its build day and a pages cache giving each entry a digest of its own."""
    site, _ = build_site(ROOT)
    assert site is not None
    entries = {e.slug: f"digest {e.slug}" for e in site.entries}
    cache = PageCache(
        context="context",
        entries=entries,
        listing={e.slug: (entries[e.slug], listing_digest(e)) for e in site.entries},
    )
    return site, resolve_today(site, None), cache


def test_an_edit_of_a_summary_keeps_the_schemas_and_the_feeds_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, today, cache = _demo_with_page_cache()
    folder = tmp_path / "files"
    cache.load_files({}, str(folder))
    dated = _counted(monkeypatch, feeds, "feed_dates")
    made = publish.add_open_data(Rendered(), site, today, None, cache, WrittenFiles(folder))
    scanned = len(dated)  # every published entry, once per feed it may be in
    monkeypatch.undo()
    cache.note_written(made)
    # One profile's summary edited: its own files change, no listing does (OWN_PAGE_ONLY).
    published = site.published()
    edited = published[0]
    summary = "Một câu tóm tắt mới, chỉ trang của hồ sơ đọc."
    edited.profile = edited.profile.model_copy(update={"summary": summary})
    cache.entries[edited.slug] = "digest edited"
    schemas = _counted(monkeypatch, apidocuments, "api_schemas")
    dated = _counted(monkeypatch, feeds, "feed_dates")
    rendered = Rendered()
    publish.add_open_data(rendered, site, today, None, cache, WrittenFiles(folder))
    assert schemas == []
    # The feeds list the entries they listed: no feed reads the dates of the whole roll.
    assert len(published) > FEED_LIMIT and len(dated) < scanned
    assert len(dated) <= FEED_LIMIT * (1 + len(site.campaigns))
    clean = Rendered()
    publish.add_open_data(clean, site, today)
    assert rendered.docs == clean.docs
    files = _tree(folder)
    assert files == clean.files
    assert summary.encode() in files[SITE_FEED_PATH]


def test_a_feed_is_made_again_only_when_an_entry_it_lists_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every feed was rendered by every build, a no-change build's too (~40 ms of the child's
    # CPU for a site's feeds, issue #21): each is kept now while its entries' keys are.
    site, today, cache = _demo_with_page_cache()
    folder = tmp_path / "files"
    cache.load_files({}, str(folder))
    made = publish.add_open_data(Rendered(), site, today, None, cache, WrittenFiles(folder))
    feeds_made = {p for p in made if p.startswith("feeds/") and not p.endswith("/sitemap.xml")}
    assert SITE_FEED_PATH in feeds_made and len(feeds_made) >= 3
    cache.note_written(made)
    rendered = Rendered()
    drawn = _counted(monkeypatch, publish, "feed")
    made = publish.add_open_data(rendered, site, today, None, cache, WrittenFiles(folder))
    assert drawn == [] and feeds_made <= rendered.files_kept
    cache.note_written(made)
    # A summary edited, of a profile the site's feed lists: that feed only is made again.
    in_feed = (folder / SITE_FEED_PATH).read_bytes()
    edited = next(
        e for e in site.published() if not e.campaign_slugs and f"/{e.slug}/".encode() in in_feed
    )
    summary = "Một câu tóm tắt mới, chỉ trang của hồ sơ đọc."
    edited.profile = edited.profile.model_copy(update={"summary": summary})
    cache.entries[edited.slug] = "digest edited"
    drawn = _counted(monkeypatch, publish, "feed")
    rendered = Rendered()
    publish.add_open_data(rendered, site, today, None, cache, WrittenFiles(folder))
    assert len(drawn) == 1  # the site's feed (each call's first argument is the context)
    clean = Rendered()
    publish.add_open_data(clean, site, today)
    assert _tree(folder) == clean.files
    assert summary.encode() in clean.files[SITE_FEED_PATH]


class _Lines(KeptParts):
    """The CSV lines' file, counting its reads and writes."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.reads = self.writes = 0

    def known(self) -> dict[str, tuple[str, bytes]]:
        self.reads += self._known is None
        return super().known()

    def save(self, parts: dict[str, tuple[str, bytes]]) -> None:
        self.writes += 1
        super().save(parts)


def test_the_csv_lines_of_unchanged_profiles_are_taken_from_the_csv_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kept by key in the lines' file, every profile's CSV lines (~3 KB a profile) were read
    # and written by every edit that made a CSV (opendata.linesplice, issue #21): an edit now
    # makes only its changed profiles' lines and takes the others' from the file itself.
    site, today, cache = _demo_with_page_cache()
    folder, saved = tmp_path / "files", tmp_path / "lines.marshal"
    cache.load_files({}, str(folder))
    last: dict[str, str] = {}

    def build() -> tuple[_Lines, list[Any]]:
        # As the build's page keys set it: the entries whose digest is the last build's.
        cache.steady = {slug for slug, digest in cache.entries.items() if last.get(slug) == digest}
        last.update(cache.entries)
        lines = _Lines(saved)
        rows = _counted(monkeypatch, publish, "csv_lines")  # a profile's or decision's lines
        made = publish.add_open_data(
            Rendered(), site, today, None, cache, WrittenFiles(folder), lines=lines
        )
        monkeypatch.undo()
        cache.note_written(made)
        # As the build saves them: the parts under this build's listings, which the next
        # build's cache holds as the last saved build's.
        cache.listings = listings_key(site, cache) or ""
        cache.load_files(cache.saved_files(cache.listings), str(folder))
        return lines, rows

    lines, rows = build()
    published = site.published()
    lists = 2 * len(site.decisions)  # a decision's lines are made with its CSV
    assert len(rows) == 2 * len(published) + lists
    assert not any(p.startswith("\0csv/") for p in lines.known())  # no line kept apart
    # A summary edited: no listing changes, the CSV is kept, no line made.
    edited = published[0]
    edited.profile = edited.profile.model_copy(update={"summary": "Một câu tóm tắt mới."})
    cache.entries[edited.slug] = "digest summary"
    lines, rows = build()
    assert rows == []
    # A position edited (a listing fact): the CSV is made, every line taken from the file but
    # the edited profile's (the summary's, unchanged in the CSV, is taken too), the same bytes
    # as a clean build's.
    other = published[-1]
    other.profile = other.profile.model_copy(update={"position": "Chủ nhiệm mới"})
    cache.entries[other.slug] = "digest position"
    cache.listing[other.slug] = ("digest position", "listing position")
    lines, rows = build()
    assert len(rows) == 2 + lists
    clean = Rendered()
    publish.add_open_data(clean, site, today)
    files = _tree(folder)
    assert files[CSV_VI] == clean.files[CSV_VI] and files[CSV_EN] == clean.files[CSV_EN]
    assert "Chủ nhiệm mới".encode() in files[CSV_VI]
    # A CSV changed since it was written is not the file its manifest describes: every line
    # of it made again, the same bytes.
    written = folder / CSV_VI
    written.write_bytes(written.read_bytes().replace(b"Ch\xe1\xbb\xa7", b"Chu", 1))
    cache.entries[other.slug] = "digest position 2"
    cache.listing[other.slug] = ("digest position 2", "listing position 2")
    lines, rows = build()
    assert len(rows) == len(published) + 1 + lists  # the Vietnamese CSV's, the English edited one
    assert _tree(folder)[CSV_VI] == clean.files[CSV_VI]


def test_the_open_data_imports_openpyxl_only_to_make_a_workbook() -> None:
    # openpyxl and numpy took 0.3 s of every edit's open-data child, which mostly keeps its
    # workbooks (issue #21): imported where a workbook is made (xlsxout).
    code = (
        "import sys, generator.commands.rendering, generator.opendata.publish; "
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'; "
        "from generator.opendata.xlsxout import Column, workbook; import datetime as dt; "
        "workbook('t', [Column('a')], [['x']], dt.date(2026, 1, 1)); "
        "assert 'openpyxl' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.slow
def test_a_damaged_feed_selection_in_the_cache_is_made_again(tmp_path: Path) -> None:
    # A feed's entries are kept as slugs while the listings are the same: a slug damaged in
    # the cache named no entry (KeyError), and failed that build and every one after it.
    import marshal

    from generator.commands.build import build_project
    from generator.commands.reuse import OPEN_DATA_FILE
    from generator.incremental.buildcache import BuildCache
    from tests.projects import built_with_cache, write_build_project

    root, saved, today = built_with_cache(tmp_path / "project", OPEN_DATA_FILE)
    _version, kept = marshal.loads(saved.read_bytes())
    part = f"{publish.FEED_PART}{SITE_FEED_PATH}"
    key, slugs = kept["parts"][part]
    assert b"nguyen-thi-hoa" in slugs
    kept["parts"][part] = (key, slugs.replace(b"nguyen-thi-hoa", b"nguyen-thi-hoX"))
    BuildCache(root).save_marshal(OPEN_DATA_FILE, kept)  # its CRC-32 right: read
    # A summary edited: the listings' key is the same, so the kept selection is read.
    edited = root / "profiles" / "nguyen-thi-hoa.yml"
    text = edited.read_text("utf-8").replace("dạy giỏi nhiều năm", "dạy giỏi bảy năm")
    assert text != edited.read_text("utf-8")
    edited.write_text(text, "utf-8")
    assert build_project(root, today=today).built
    clean = write_build_project(tmp_path / "clean")
    (clean / "profiles" / "nguyen-thi-hoa.yml").write_text(text, "utf-8")
    assert build_project(clean, today=today).built
    feed = Path("site") / SITE_FEED_PATH
    assert (root / feed).read_bytes() == (clean / feed).read_bytes()
    assert build_project(root, today=today).built  # and the selection kept is right again
    assert (root / feed).read_bytes() == (clean / feed).read_bytes()
    # Bytes that are no UTF-8 there: made again too (UnicodeDecodeError before).
    _version, kept = marshal.loads(saved.read_bytes())
    kept["parts"][part] = (kept["parts"][part][0], b"\xff" + slugs)
    BuildCache(root).save_marshal(OPEN_DATA_FILE, kept)  # its CRC-32 right: read
    edited.write_text(text.replace("dạy giỏi bảy năm", "dạy giỏi nhiều năm"), "utf-8")
    assert build_project(root, today=today).built
    first = write_build_project(tmp_path / "first")
    assert build_project(first, today=today).built
    assert (root / feed).read_bytes() == (first / feed).read_bytes()


def test_localities_are_kept_through_an_edit_that_changes_no_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made from every published entry, ~13 µs a profile at 10,000, localities.json was made
    # again by every edit of a listing fact (an award, a name): it is keyed by its counts.
    site, today, cache = _demo_with_page_cache()
    folder = tmp_path / "files"
    cache.load_files({}, str(folder))
    path = f"{API_ROOT}localities.json"

    def build() -> tuple[list[Any], list[Any]]:
        counted = _counted(monkeypatch, jsonapi, "localities_facts")
        documents = _counted(monkeypatch, jsonapi, "localities_document")
        made = publish.add_open_data(Rendered(), site, today, None, cache, WrittenFiles(folder))
        monkeypatch.undo()
        cache.note_written(made)
        cache.load_files(cache.saved_files(), str(folder))
        return counted, documents

    assert [len(calls) for calls in build()] == [1, 1]
    published = site.published()
    # A position edited (a listing fact, as an award or a name is): the counts are counted
    # again, the document is kept.
    edited = published[0]
    edited.profile = edited.profile.model_copy(update={"position": "Chủ nhiệm mới"})
    cache.listing[edited.slug] = ("digest position", "listing position")
    assert [len(calls) for calls in build()] == [1, 0]
    # Nothing a listing reads changed: not even counted.
    assert [len(calls) for calls in build()] == [0, 0]
    # A profile moved to another's place: made again, the bytes of a clean build.
    moved = next(e for e in published if e.locality.units != edited.locality.units)
    edited.locality = moved.locality
    edited.__dict__.pop(checkrows._ROW, None)  # its row made again, as a changed entry's is
    cache.listing[edited.slug] = ("digest place", "listing place")
    assert [len(calls) for calls in build()] == [1, 1]
    clean = Rendered()
    publish.add_open_data(clean, site, today)
    assert _tree(folder)[path] == clean.files[path]


def test_an_edit_keys_the_open_data_of_its_profiles_without_hashing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keyed by `PageCache.entry_key`, each profile's API document, press kit, Atom entry and
    # lines of the tables cost a blake2b of its digest with the context in the open data's
    # child on every edit, unchanged profiles too (~10,000 at 10,000 profiles, issue #21).
    site, today, cache = _demo_with_page_cache()
    folder = tmp_path / "files"
    cache.load_files({}, str(folder))

    def build() -> list[Any]:
        lines = KeptParts(tmp_path / "lines.marshal")
        hashed = _counted(monkeypatch, pagecache, "_entry_base")
        made = publish.add_open_data(
            Rendered(), site, today, None, cache, WrittenFiles(folder), lines=lines
        )
        monkeypatch.undo()
        cache.note_written(made)
        cache.load_files(cache.saved_files(), str(folder))
        return hashed

    assert build() == []
    edited = site.published()[-1]  # a listing fact: the CSVs and workbooks made again
    edited.profile = edited.profile.model_copy(update={"position": "Chủ nhiệm mới"})
    cache.entries[edited.slug] = "digest position"
    cache.listing[edited.slug] = ("digest position", "listing position")
    assert build() == []
    clean = Rendered()
    publish.add_open_data(clean, site, today)
    files = _tree(folder)
    assert {p: files[p] for p in clean.files} == clean.files
