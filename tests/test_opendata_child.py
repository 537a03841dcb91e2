"""The open data's child of an edit that makes the listings again (issue #21): what it reads
of the whole roll is made once, not again beside the render."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.commands import rendering
from generator.commands.build import build_project
from generator.incremental.pagecache import PageCache
from generator.model import keys
from generator.model.entries import Site
from generator.model.keys import listing_digest
from generator.model.resolved import ResolvedAward
from generator.model.rolls import iter_rolls
from generator.model.site import build_site
from generator.model.urls import profile_api_path
from generator.opendata import datapage, profiledocs, profileindex, publish, tables
from generator.opendata.linesplice import LineManifest
from generator.pages import render

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A synthetic project of 60 profiles, checked (no page made)."""
    root = tmp_path_factory.mktemp("child") / "project"
    write_project(root, 60, seed=5)
    found, report = build_site(root)
    assert found is not None, report
    yield found


def _logged(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on, a line per grouping of the rolls by the render, the open data (in this
    process or a child) or the build before them, with the process's id."""

    def logging(real: Callable[..., Any]) -> Callable[..., Any]:
        def logged(*args: Any, **kwargs: Any) -> Any:
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
            return real(*args, **kwargs)

        return logged

    for module in (render, publish):
        monkeypatch.setattr(module, "iter_rolls", logging(iter_rolls))
    # The build's own grouping (the rolls outside the provinces spliced from the last
    # build's: generator.model.rollsplice).
    monkeypatch.setattr(rendering, "group_rolls", logging(rendering.group_rolls))


@pytest.mark.slow
def test_an_edit_groups_the_rolls_once_for_the_render_and_the_open_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "rolls.log"
    _logged(monkeypatch, log)
    for kind, groupings in (("award", 1), ("summary", 0), ("name", 1)):
        log.write_text("", "utf-8")
        EDITS[kind](root, 1)
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        # Grouped by this process, before the open data's child is forked (it grouped them
        # again beside the render); a summary's edit keeps every listing: none.
        assert log.read_text("utf-8").split() == [str(os.getpid())] * groupings, kind


@pytest.mark.slow
def test_an_edit_makes_the_key_of_the_listings_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A string and a hash per entry: the choice to group the rolls, the render and the open
    # data's child each made it again (issue #21).
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "keys.log"
    real: Callable[..., str] = keys.page_key

    def logged(*parts: str) -> str:
        if parts[1:2] == ("listings",):
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
        return real(*parts)

    monkeypatch.setattr(keys, "page_key", logged)
    for kind in ("award", "summary", "name"):
        log.write_text("", "utf-8")
        EDITS[kind](root, 1)
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        # By this process's page keys, before any child is forked; read by all after.
        assert log.read_text("utf-8").split() == [str(os.getpid())], kind


def test_the_keys_of_the_roll_workbooks_compare_no_award(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = {e.slug: f"digest {e.slug}" for e in site.entries}
    cache = PageCache(
        context="context",
        entries=entries,
        listing={e.slug: (entries[e.slug], listing_digest(e)) for e in site.entries},
    )
    made = publish._OpenData(site, TODAY, cache=cache)
    rolls = [roll for roll in iter_rolls(site) if roll.kind == "awards"]
    rows = [row for roll in rolls for row in roll.rows if row.award is not None]
    assert rows
    # The index each row's key holds is the award's among its entry's awards.
    assert all(row.award and row.award_index == row.entry.awards.index(row.award) for row in rows)
    calls = [0]
    real = ResolvedAward.__eq__

    def counted(self: ResolvedAward, other: object) -> bool:
        calls[0] += 1
        return real(self, other)

    monkeypatch.setattr(ResolvedAward, "__eq__", counted)
    assert all(made._roll_key(tables.RollPageWorkbook(made.ctx, roll, {})) for roll in rolls)
    assert calls[0] == 0  # found among its entry's by identity


def _summaries_logged(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on (in this process and the build's children), the slug of every profile's
    line of the API's profile index made is appended to `log`."""
    real = profiledocs.profile_summary

    def logged(ctx: Any, entry: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{entry.slug}\n")
        return real(ctx, entry)

    monkeypatch.setattr(profiledocs, "profile_summary", logged)
    page = publish._OpenData._profile_page

    def page_logged(
        self: publish._OpenData, path: str, count: int, number: int, chunk: Any
    ) -> bytes:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"page-{number}\n")
        return page(self, path, count, number, chunk)

    monkeypatch.setattr(publish._OpenData, "_profile_page", page_logged)


def _api(root: Path) -> dict[str, bytes]:
    folder = root / "site" / "api"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}


@pytest.mark.slow
def test_an_edit_makes_the_line_of_its_profile_in_the_api_index_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profileindex, "PER_PAGE", 4)  # 30 profiles: 8 pages
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "summaries.log"
    _summaries_logged(monkeypatch, log)
    # The data page is the build's, made with the pages that read many entries: kept with
    # them by a summary edit (the site engine starts without waiting for the open data).
    data_pages: list[str] = []
    real_data_page = datapage.data_page

    def data_page(*args: Any) -> str:
        data_pages.append(str(os.getpid()))
        return real_data_page(*args)

    monkeypatch.setattr(datapage, "data_page", data_page)
    # Only manifests are read as manifests (another part's bytes read as marshal can ask
    # for gigabytes): each read in the child logged, every one a manifest.
    manifests = tmp_path / "manifests.log"
    real_loads = LineManifest.loads.__func__  # type: ignore[attr-defined]

    def loads(cls: type[LineManifest], data: bytes) -> LineManifest | None:
        found: LineManifest | None = real_loads(cls, data)
        with manifests.open("a", encoding="utf-8") as out:
            out.write("manifest\n" if found is not None else f"not a manifest: {data[:20]!r}\n")
        return found

    monkeypatch.setattr(LineManifest, "loads", classmethod(loads))
    for kind in ("award", "name", "new", "summary"):
        log.write_text("", "utf-8")
        data_pages.clear()
        slug = Path(EDITS[kind](root, 1)).stem
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        assert data_pages == ([] if kind == "summary" else [str(os.getpid())]), kind
        # A new profile changes the count on every page: each spliced from its last file.
        logged = log.read_text("utf-8").split()
        made = [line for line in logged if not line.startswith("page-")]
        assert made == ([] if kind == "summary" else [slug]), kind
        slugs = sorted(p.stem for p in (root / "site/api/v1/profiles").glob("*.json"))
        slugs = [s for s in slugs if s != "index" and not s.startswith("page-")]
        page = f"page-{slugs.index(slug) // 4 + 1}"
        pages = {"summary": [], "new": [f"page-{n}" for n in range(1, 9)]}.get(kind, [page])
        assert [line for line in logged if line.startswith("page-")] == pages, kind
        document = json.loads((root / "site" / profile_api_path(slug)).read_bytes())
        assert document["slug"] == slug
    assert set(manifests.read_text("utf-8").splitlines()) == {"manifest"}
    # A profile removed moves every later one back a page's place, one line from each next
    # page's last file (still the one written when the page before it is made): none made;
    # put back, its own line only.
    gone = next((root / "profiles").rglob(f"{slugs[0]}.yml"))
    text = gone.read_text("utf-8")
    for step in ("removed", "back"):
        log.write_text("", "utf-8")
        if step == "removed":
            gone.unlink()
        else:
            gone.write_text(text, "utf-8")
        assert build_project(root, today=TODAY).built
        made = [line for line in log.read_text("utf-8").split() if not line.startswith("page-")]
        assert made == ([] if step == "removed" else [slugs[0]]), step
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("profiles", "content", "site_config.yml"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, clean / name)
        elif source.exists():
            shutil.copy2(source, clean / name)
    assert build_project(clean, today=TODAY).built
    expected = _api(clean)
    assert "v1/profiles/page-8.json" in expected and _api(root) == expected
    indexes = [json.loads(expected[f"v1/profiles/page-{n}.json"]) for n in (2, 8)]
    assert [index["meta"]["count"] for index in indexes] == [31, 31]
    # Each page made again is spliced from its last file (`linesplice`): without the
    # manifests (a cache of the code before), every line of the pages made is made.
    monkeypatch.setattr(LineManifest, "loads", classmethod(lambda cls, data: None))
    log.write_text("", "utf-8")
    EDITS["new"](root, 2)
    assert build_project(root, today=TODAY).built
    made = [line for line in log.read_text("utf-8").split() if not line.startswith("page-")]
    assert len(made) == 32
