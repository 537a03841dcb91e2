"""Rebuilds redo only what changed, and give exactly the bytes of a clean full build.

Covers generator.incremental.buildcache (input digests, the persistent MkDocs output, recycling the
previous site), the caches of pages, open data and parsed documents, and
generator.commands.htmlblocks (MkDocs converting pages without their HTML blocks, which are
put back afterwards).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.commands import build as build_stage
from generator.commands.build import build_project, render_project, run_mkdocs
from generator.commands.buildfolder import BUILD_DIR, MKDOCS_FILE
from generator.commands.htmlblocks import (
    BlockError,
    is_single_element,
    restore_blocks,
    split_blocks,
)
from generator.commands.htmlspace import compact_html
from generator.commands.outcome import BuildError
from generator.commands.sitengine import is_unused_asset
from generator.model import keys
from generator.opendata import context as opendata
from generator.templating import environment
from generator.templating.environment import front_matter
from tests.projects import failing_engine
from tests.test_search_index import count_profile_records, move_to_first

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)
FIXTURE = ROOT / "tests" / "fixtures" / "golden-project"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def sources(root: Path, into: Path) -> Path:
    """A copy of the project's sources only (what a fresh checkout holds)."""
    into.mkdir(parents=True)
    for name in ("profiles", "content", "decisions"):
        if (root / name).is_dir():
            shutil.copytree(root / name, into / name)
    shutil.copy2(root / "site_config.yml", into / "site_config.yml")
    return into


def assert_same_as_clean_build(root: Path, work: Path) -> None:
    """site/ of `root` equals a full build of the same sources in another folder."""
    clean = sources(root, work)
    assert build_project(clean, today=TODAY).built
    built, expected = snapshot(root / "site"), snapshot(clean / "site")
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []


def fixture_or_synthetic(root: Path, project: str, n: int, seed: int, photos: int) -> Path:
    """The golden fixture ("fixture") or a synthetic project of `n` profiles, at `root`."""
    if project == "fixture":
        shutil.copytree(FIXTURE, root)
    else:
        write_project(root, n, seed=seed, photos=photos)
    return root


def published_profile(root: Path) -> Path:
    """A published profile with a summary, a story and at least one award."""
    for path in sorted((root / "profiles").rglob("*.yml")):
        text = path.read_text("utf-8")
        if "status: published" in text and "summary:" in text and "story:" in text:
            return path
    raise AssertionError("no published profile")


@pytest.mark.slow
def test_incremental_builds_equal_clean_builds(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=5, photos=2)
    first = build_project(root, today=TODAY)
    assert first.built, [p.format("en") for p in first.report]

    # One edit: the profile's page, its rows in listings, JSON, press kit, search record.
    profile = published_profile(root)
    text = profile.read_text("utf-8")
    text = re.sub(r'^summary: "', 'summary: "Đã sửa: ', text, count=1, flags=re.M)
    profile.write_text(text, "utf-8")
    edited = build_project(root, today=TODAY)
    assert edited.built and 1 <= edited.docs.written < first.docs.written
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # A story only (not in the search records: the index is kept), then a removed profile.
    profile.write_text(
        profile.read_text("utf-8").replace("story: |\n", "story: |\n  Mở đầu.\n\n", 1)
    )
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-2")
    gone = [p for p in sorted((root / "profiles").rglob("*.yml")) if p != profile][3]
    gone.unlink()
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-3")

    # The configuration (mkdocs.yml changes: MkDocs rebuilds everything) and another date.
    config = root / "site_config.yml"
    text = config.read_text("utf-8").replace("page_size: 50", "page_size: 20", 1)
    config.write_text(text.replace('site_description: "', 'site_description: "Sửa. ', 1), "utf-8")
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-4")
    assert build_project(root, today=TODAY + dt.timedelta(days=3)).built
    clean = sources(root, tmp_path / "clean-5")
    assert build_project(clean, today=TODAY + dt.timedelta(days=3)).built
    assert snapshot(root / "site") == snapshot(clean / "site")


@pytest.mark.slow
def test_a_rename_or_an_added_profile_makes_only_its_search_record_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit outside `OWN_PAGE_ONLY` renders the search page again, which lists the facets
    # of every record: those of unchanged profiles come from the records' cache rows, so this
    # process makes the changed profile's record alone (the search child, forked, makes those
    # its re-indexed shard reads), though the rename and the addition move the ranks of
    # nearly every record; the site, search bundle and its sort orders included, is a clean
    # build's.
    root = tmp_path / "project"
    write_project(root, 40, seed=5, photos=2)
    assert build_project(root, today=TODAY).built
    calls = count_profile_records(monkeypatch)
    for change in ("renamed", "added"):
        slug = move_to_first(root, change)
        calls.clear()
        assert build_project(root, today=TODAY).built
        # Made here, or not at all: the search child, forked before the render, may have
        # saved this build's rows (its own included) by the time the search page is made.
        assert calls in ([], [slug]), calls
        assert_same_as_clean_build(root, tmp_path / f"clean-{change}")


def _change_own_page_fields(root: Path) -> list[str]:
    """Give every profile another summary, story and sources; the docs/ paths of their pages."""
    pages = []
    for path in sorted((root / "profiles").rglob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        data["summary"] = f"Tóm tắt khác của {data['slug']}."
        data["story"] = "Một **câu chuyện** khác.\n\n- có danh sách\n"
        data["sources"] = [{"title": "Nguồn khác", "publisher": "Báo khác", "date": TODAY}]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        pages.append(f"ho-so/{data['slug']}/index.md")
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("project", ["fixture", "synthetic"])
def test_fields_of_a_profiles_own_page_change_no_listing(tmp_path: Path, project: str) -> None:
    # generator.model.keys.OWN_PAGE_ONLY: fields no page made from many entries reads, so that
    # editing them keeps every listing, index, statistic and the home page. If a template
    # starts showing one of them, this fails: take the field out of OWN_PAGE_ONLY.
    root = fixture_or_synthetic(tmp_path / "project", project, 40, seed=11, photos=2)
    assert set(keys.OWN_PAGE_ONLY) == {"summary", "story", "sources"}  # all changed below
    result, before = render_project(root, today=TODAY)
    assert before is not None, [p.format("en") for p in result.report]
    own = _change_own_page_fields(root)
    result, after = render_project(root, today=TODAY)
    assert after is not None, [p.format("en") for p in result.report]
    assert [d for d in own if d in before.docs and before.docs[d] != after.docs[d]]  # changed
    listings = {d for d in before.docs if d not in own}
    assert len(listings) > 20 and "tim-kiem/index.md" in listings
    assert [d for d in sorted(listings) if before.docs[d] != after.docs.get(d)] == []
    assert before.extra == after.extra  # redirects and "withdrawn" pages
    assert before.extra or project == "synthetic"  # the fixture has some
    statistics = {k: v for k, v in before.files.items() if k.startswith("thong-ke/")}
    assert statistics and all(after.files[k] == v for k, v in statistics.items())
    # Open data made from many entries (publish._OpenData.listing_file) is kept too.
    api = opendata.API_ROOT
    many = [f"{api}awards.json", f"{api}localities.json", f"{api}index.json"]
    many += [opendata.CSV_VI, opendata.CSV_EN]
    many += [k for k in before.files if re.fullmatch(rf"{api}profiles/(index|page-\d+)\.json", k)]
    assert len(many) >= 6 and all(after.files[k] == before.files[k] for k in many)


@pytest.mark.slow
def test_an_edit_of_own_page_fields_keeps_the_listings(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=12, photos=2)
    assert build_project(root, today=TODAY).built
    profile = published_profile(root)
    text = profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1)
    profile.write_text(text.replace("story: |\n", "story: |\n  Mở đầu khác.\n\n", 1), "utf-8")
    edited = build_project(root, today=TODAY)
    assert edited.built and edited.listings_reused and edited.docs.written == 1
    assert_same_as_clean_build(root, tmp_path / "clean-1")
    # The name is read by listings: they are made again.
    text = profile.read_text("utf-8")
    profile.write_text(re.sub(r'(full|given): "', r'\1: "Ánh ', text, count=1), "utf-8")
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused and edited.docs.written > 1
    assert_same_as_clean_build(root, tmp_path / "clean-2")


@pytest.mark.slow
def test_no_change_rebuild_does_nothing_and_a_damaged_site_is_rebuilt(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 12, seed=2)
    assert build_project(root, today=TODAY).built
    before = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()}
    again = build_project(root, today=TODAY)
    assert again.built and again.docs.written == 0 and again.pages > 0
    assert "site/ unchanged" in again.timings  # recognised as such: nothing was redone
    assert {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()} == before
    # Someone deletes and edits files in site/: the next build puts back the right bytes.
    expected = snapshot(root / "site")
    (root / "site" / "index.html").unlink()
    # Changed in place, files share their inode with build/: a profile's page (not in the
    # nav, so not among the pages MkDocs is always shown), its JSON and a search file.
    profile_page = sorted((root / "site" / "ho-so").glob("*/index.html"))[0]
    profile_json = sorted((root / "site" / "api" / "v1" / "profiles").glob("*-*.json"))[0]
    search_file = sorted((root / "site" / "pagefind").rglob("*.pf_*"))[0]
    for tampered in (profile_page, profile_json, search_file):
        with tampered.open("ab") as handle:
            handle.write(b"<!-- tampered -->")
    assert build_project(root, today=TODAY).built
    assert snapshot(root / "site") == expected
    # A file removed from a folder deep in site/ is found too (its folder's times changed).
    roll = sorted((root / "site" / "danh-sach").rglob("index.html"))[-1]
    roll.unlink()
    assert build_project(root, today=TODAY).built
    assert snapshot(root / "site") == expected


@pytest.mark.slow
def test_a_damaged_build_folder_is_rendered_again(tmp_path: Path) -> None:
    # Reused pages are not held in the cache: their files in build/docs are, as they were
    # written (inode, size, time). A file changed, replaced or removed since is rendered again.
    root = tmp_path / "project"
    write_project(root, 16, seed=6, photos=2)  # profiles with photos have press kits
    assert build_project(root, today=TODAY).built
    docs = root / BUILD_DIR / "docs"
    pages = sorted((docs / "ho-so").rglob("index.md"))
    with pages[0].open("ab") as handle:  # in place, same size class: the time tells
        handle.write(b"\ntampered\n")
    pages[1].unlink()
    pages[2].write_text(pages[2].read_text("utf-8").replace("a", "b"), "utf-8")  # replaced
    rolls = sorted((docs / "danh-sach").rglob("index.md"))
    rolls[0].unlink()
    # Open data made from one profile is left in build/files while its key and file stay the
    # same: a file changed in place or removed is made again (a press kit from the JSON left).
    files = root / BUILD_DIR / "files"
    documents = sorted(
        p
        for p in (files / "api" / "v1" / "profiles").glob("*.json")
        if p.name != "index.json" and not p.name.startswith("page-")
    )
    intact = documents[-1].read_bytes()
    with documents[-1].open("ab") as handle:
        handle.write(b" ")
    kits = sorted(files.rglob("*.zip"))
    assert kits, "no press kit to damage"
    kits[0].unlink()
    # An input change elsewhere, so the build is not skipped as a no-op.
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    again = build_project(root, today=TODAY)
    assert again.built
    assert again.docs.written >= 4  # the damaged ones and the edit's
    assert_same_as_clean_build(root, tmp_path / "clean")
    for page in (pages[0], pages[1], pages[2], rolls[0]):
        assert b"tampered" not in page.read_bytes()
    assert kits[0].is_file() and documents[-1].read_bytes() == intact


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False])
def test_pages_of_a_failed_build_never_reach_a_later_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    # A build that wants the same build/docs and build/files names as the last successful one
    # does not walk them for files to remove (the listings in the build's ledger): a failed
    # build in between must not defeat that. Warm, the failed build saved its ledger (a child,
    # while MkDocs ran); cold (a campaign page changed too: every page rendered again), it
    # saved nothing, so the ledger on disk lists the names the next build wants again.
    root = tmp_path / "project"
    write_project(root, 16, seed=8, photos=0)
    assert build_project(root, today=TODAY).built
    profile = published_profile(root)
    text = profile.read_text("utf-8")
    extra = profile.with_name("ho-so-them.yml")
    extra.write_text(re.sub(r"^slug: .*$", "slug: ho-so-them", text, count=1, flags=re.M))
    campaign = sorted((root / "content").rglob("*.md"))[0]
    campaign_text = campaign.read_text("utf-8")
    if not warm:
        campaign.write_text(campaign_text + "\nThêm một dòng.\n", "utf-8")

    with monkeypatch.context() as patch:
        patch.setattr(build_stage, "build_pages", failing_engine)
        with pytest.raises(BuildError):  # after its page was written to build/
            build_project(root, today=TODAY)
    assert (root / BUILD_DIR / "docs" / "ho-so" / "ho-so-them" / "index.md").is_file()
    assert (root / BUILD_DIR / "files" / "api" / "v1" / "profiles" / "ho-so-them.json").is_file()
    extra.unlink()
    campaign.write_text(campaign_text, "utf-8")
    assert build_project(root, today=TODAY).built
    assert not (root / "site" / "ho-so" / "ho-so-them").exists()
    assert not (root / "site" / "api" / "v1" / "profiles" / "ho-so-them.json").exists()
    assert_same_as_clean_build(root, tmp_path / "clean")


@pytest.mark.slow
def test_a_failed_build_leaves_no_trusted_state(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 12, seed=4)
    assert build_project(root, today=TODAY).built
    before = snapshot(root / "site")
    profile = published_profile(root)
    good = profile.read_text("utf-8")
    profile.write_text(good.replace("status: published", "status: publishd"), "utf-8")
    failed = build_project(root, today=TODAY)
    assert not failed.built and failed.report.errors
    assert snapshot(root / "site") == before
    profile.write_text(good, "utf-8")  # back as it was: nothing to rebuild, site/ intact
    assert build_project(root, today=TODAY).built
    assert snapshot(root / "site") == before


@pytest.mark.slow
def test_the_build_after_a_fixed_source_error_trusts_the_last_state(tmp_path: Path) -> None:
    # A build stopped by the sources' errors writes nothing into build/: it puts the last
    # build's state back, so that the sources fixed as they were are that build replayed
    # (it was forgotten: the engine built every page again), and an edit after is one.
    root = tmp_path / "project"
    write_project(root, 12, seed=4)
    assert build_project(root, today=TODAY).built
    profile = published_profile(root)
    good = profile.read_text("utf-8")
    profile.write_text(good.replace("status: published", "status: publishd"), "utf-8")
    assert not build_project(root, today=TODAY).built
    profile.write_text(good, "utf-8")
    again = build_project(root, today=TODAY)
    assert again.built and "site/ unchanged" in again.timings
    profile.write_text(good.replace('summary: "', 'summary: "Sửa. ', 1), "utf-8")
    assert not build_project(root, today=TODAY, wait=0).report.errors
    assert_same_as_clean_build(root, tmp_path / "clean")


# --- MkDocs without the HTML blocks -------------------------------------------------------------


def _plain_mkdocs(config_file: Path, site_dir: Path) -> None:
    """MkDocs as `mkdocs build` runs it: no plugin of ours."""
    os.environ["SOURCE_DATE_EPOCH"] = "1768435200"
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@pytest.mark.slow
@pytest.mark.parametrize("project", ["fixture", "synthetic"])
def test_pages_are_byte_identical_to_plain_mkdocs(tmp_path: Path, project: str) -> None:
    root = fixture_or_synthetic(tmp_path / "project", project, 30, seed=9, photos=1)
    today = dt.date(2026, 1, 15)
    result, rendered = render_project(root, today=today)
    assert rendered is not None, [p.format("en") for p in result.report]
    config = root / BUILD_DIR / MKDOCS_FILE
    _plain_mkdocs(config, tmp_path / "plain")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1768435200")
        run_mkdocs(config, tmp_path / "fast", today)
    plain, fast = snapshot(tmp_path / "plain"), snapshot(tmp_path / "fast")
    # Like with like: our output plugin compacts the whitespace of every page it writes
    # (generator.commands.htmlspace) and leaves out the theme's unused assets; plain MkDocs
    # does neither.
    plain = {
        p: compact_html(data.decode("utf-8")).encode("utf-8") if p.endswith(".html") else data
        for p, data in plain.items()
        if not is_unused_asset(p)
    }
    assert any(fast[p] != snapshot(tmp_path / "plain")[p] for p in fast if p.endswith(".html"))
    assert sorted(fast) == sorted(plain)
    assert [p for p in plain if fast[p] != plain[p]] == []
    assert len([p for p in plain if p.endswith(".html")]) > 20


def test_blocks_python_markdown_would_copy_are_set_aside() -> None:
    page = (
        "## Khen thưởng\n\n"
        '<div class="a">\n<p>x &amp; y</p>\n\n<p>after a blank line</p>\n</div>\n\n'
        "Văn bản **Markdown**.\n\n"
        "<header>\n<h1>Tên</h1>\n</header>\n"
    )
    skeleton, blocks = split_blocks(page)
    assert skeleton == (
        "## Khen thưởng\n\n<!--vinhdanh-block-0-->\n\nVăn bản **Markdown**.\n\n"
        "<!--vinhdanh-block-1 <h1-->\n"
    )
    assert blocks == [
        '<div class="a">\n<p>x &amp; y</p>\n\n<p>after a blank line</p>\n</div>',
        "<header>\n<h1>Tên</h1>\n</header>",
    ]
    html = "<article><!--vinhdanh-block-0-->\n<p>t</p>\n<!--vinhdanh-block-1 <h1--></article>"
    assert restore_blocks(html, blocks) == f"<article>{blocks[0]}\n<p>t</p>\n{blocks[1]}</article>"


@pytest.mark.parametrize(
    "chunk",
    [
        "<p>a</p>\n<p>b</p>",  # two elements: python-markdown adds a blank line between
        "<p>a</p> tail",
        "<span>inline</span>",
        "<div><p>unclosed</div>",
        "<div>\n<pre>code</pre>\n</div>",
        "<div><script>x()</script></div>",
        "<div><!-- comment --></div>",
        "<div><textarea>&lt;b&gt; <i></textarea></div>",
        "text <div>x</div>",
    ],
)
def test_blocks_that_might_change_stay_with_mkdocs(chunk: str) -> None:
    assert not is_single_element(chunk)
    assert split_blocks(f"# T\n\n{chunk}\n") == (f"# T\n\n{chunk}\n", [])


def test_pages_with_code_or_markdown_in_html_are_left_whole() -> None:
    for page in ("```\n<div>x</div>\n```\n\n<div>y</div>\n", '<div markdown="1">\n*x*\n</div>\n'):
        assert split_blocks(page) == (page, [])
    assert is_single_element('<div title="a > b"><textarea rows="2">&lt;x&gt;</textarea></div>')


def test_a_placeholder_missing_or_repeated_fails() -> None:
    with pytest.raises(BlockError):
        restore_blocks("<p>none</p>", ["<div>x</div>"])
    with pytest.raises(BlockError):
        restore_blocks("<!--vinhdanh-block-0--><!--vinhdanh-block-0-->", ["<div>x</div>"])
    with pytest.raises(BlockError):
        restore_blocks("<!--vinhdanh-block-0-->", [])


def test_front_matter_is_what_pyyaml_itself_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's emitter (five times faster) writes exactly what PyYAML's own would."""
    nasty = [
        "Nguyễn Thị Hoa", "yes", "no", "null", "~", "1e3", "0x1F", "2024-01-01", "a: b", "- x",
        "#x", "'q'", '"dq"', "tab\there", "ends ", " starts", "x" * 300, "é\u00a0z", "&amp;",
        "\u2028line", "\u0085nel", "\u2029p", "*anchor", "!tag", "%", "@", "`", "{a}", "[b]",
        "|", ">", "😀", "\ufeffbom", "a\u200bb", "a\u00adb", "x\ny", "x\r\ny", "\x00", "\x1b",
        "ộ", "a\\x85", "'", '"', "?", ": ", " #", "0", "-1", "True", "0o17", ".5", ".inf",
    ]  # fmt: skip

    def made(text: str) -> str:
        return front_matter(text, text, social_meta=[["og:title", text]], hide=["toc"])

    fast = [made(text) for text in nasty]
    monkeypatch.setattr(environment, "_FRONT_MATTER_DUMPER", yaml.SafeDumper)
    assert fast == [made(text) for text in nasty]


def test_cache_saved_by_an_older_generator_is_ignored(tmp_path: Path) -> None:
    # Unpickling skips __init__: a PageCache pickled before a field was added lacks it, and
    # using it would crash the build instead of rebuilding.
    from generator.incremental.buildcache import BuildCache
    from generator.incremental.pagecache import PageCache

    cache = BuildCache(tmp_path)
    old = PageCache(context="x")
    del old.__dict__["records"]
    cache.save_object("pages.pickle", old)
    assert cache.load_object("pages.pickle", PageCache) is None
    cache.save_object("pages.pickle", PageCache(context="x"))
    loaded = cache.load_object("pages.pickle", PageCache)
    assert loaded is not None and loaded.context == "x" and loaded.records == {}


def test_a_pickle_damaged_in_a_length_is_ignored(tmp_path: Path) -> None:
    # A length field damaged into a huge one: the unpickler raises MemoryError, which failed
    # every build (state.pickle and pages.pickle are read before anything is rebuilt).
    from generator.incremental.buildcache import BuildCache
    from generator.incremental.pagecache import PageCache

    cache = BuildCache(tmp_path)
    cache.save_object("pages.pickle", PageCache(context="x"))
    (cache.folder / "pages.pickle").write_bytes(b"\x80\x05\x8e" + (2**40).to_bytes(8, "little"))
    assert cache.load_object("pages.pickle", PageCache) is None


def test_the_package_digest_covers_every_subpackage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Caches trust the digest of the whole generator package, not of the subpackage the digest
    # code lives in: an edit of any stage (here the pages and the templates) must change it.
    import generator
    from generator.incremental import buildcache

    assert Path(generator.__file__).resolve().parent == buildcache.PACKAGE_DIR
    copy = tmp_path / "generator"
    shutil.copytree(buildcache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(buildcache, "PACKAGE_DIR", copy)
    digests = [buildcache.package_digest(buildcache.FileDigests())]
    for edited in ("pages/render.py", "model/urls.py", "templates/profile.md"):
        with (copy / edited).open("a", encoding="utf-8") as handle:
            handle.write("\n")
        digests.append(buildcache.package_digest(buildcache.FileDigests()))
    assert len(set(digests)) == len(digests), digests


@pytest.mark.slow
def test_a_cache_of_an_older_layout_is_discarded_cleanly(tmp_path: Path) -> None:
    # The caches pickle classes by module path. A cache written before a module moved names a
    # module that no longer exists: the next build must drop it and rebuild, not crash.
    import pickle
    import subprocess

    from generator.incremental.buildcache import BuildCache

    root = fixture_or_synthetic(tmp_path / "project", "fixture", 0, 0, 0)
    assert build_project(root, today=TODAY).built
    expected = snapshot(root / "site")
    pickles = sorted(BuildCache(root).folder.glob("*.pickle"))
    assert pickles, "the build keeps pickled state"
    for path in pickles:
        data = path.read_bytes()
        assert b"generator.incremental." in data
        # Same length, so the pickle stays well formed and names a module that does not exist.
        old = data.replace(b"generator.incremental.", b"generator.oldlayout_x.")
        with pytest.raises(ModuleNotFoundError):
            pickle.loads(old)
        path.write_bytes(old)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = "from generator.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", command, "build", "--today", TODAY.isoformat()],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "ModuleNotFoundError" not in output, output
    assert snapshot(root / "site") == expected
    for path in pickles:  # written again by this layout
        assert b"generator.oldlayout_x." not in path.read_bytes()


@pytest.mark.slow
def test_caches_of_the_format_before_the_ledger_are_discarded_cleanly(tmp_path: Path) -> None:
    # FORMAT 2 kept the pages written to build/docs in PageCache.written (with docs_dir), the
    # open data in one table of encoded stamps and parts, and the search bundle in a dict
    # {output, files}; FORMAT 3 keeps them in the one Ledger. A cache of the older format
    # must give a clean rebuild of the same site, no traceback.
    import marshal
    import pickle
    import subprocess

    from generator.incremental.buildcache import FORMAT, BuildCache
    from generator.incremental.ledger import Ledger
    from generator.incremental.pagecache import DOCS
    from generator.search.bundlefolder import OUTPUT_FILE, SEARCH_NS, output_ledger

    root = fixture_or_synthetic(tmp_path / "project", "fixture", 0, 0, 0)
    assert build_project(root, today=TODAY).built
    expected = snapshot(root / "site")
    folder = BuildCache(root).folder
    pages_file = folder / "pages.pickle"
    version, pages = pickle.loads(pages_file.read_bytes())
    assert version == FORMAT
    ledger = pages.__dict__.pop("ledger")
    assert ledger.rows(DOCS), "the build noted the pages it wrote"
    pages.__dict__.update(written=ledger.rows(DOCS), docs_dir=ledger.folders[DOCS])
    pages_file.write_bytes(pickle.dumps((2, pages)))
    output_file = folder / "search-shards" / OUTPUT_FILE
    search, _tree = output_ledger(output_file)
    assert search.rows(SEARCH_NS), "the search child noted the bundle files it wrote"
    old = {"output": search.folders[SEARCH_NS], "files": search.rows(SEARCH_NS)}
    output_file.write_bytes(marshal.dumps(old))
    # The open data: path -> (key, encoded stamp) and the parts, in one table.
    open_data = folder / "open-data.marshal"
    version, saved = marshal.loads(open_data.read_bytes())
    files = Ledger.loads(saved["ledger"]).rows("files")
    assert version == FORMAT and files, "the open-data child noted the files it wrote"
    table = {path: (row[0], " ".join(map(str, row[1:])).encode()) for path, row in files.items()}
    open_data.write_bytes(marshal.dumps((2, {**table, **saved["parts"]})))
    state_file = folder / "state.pickle"
    state_file.write_bytes(pickle.dumps((2, pickle.loads(state_file.read_bytes())[1])))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = "from generator.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", command, "build", "--today", TODAY.isoformat()],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output, output
    assert snapshot(root / "site") == expected
    # All written again in this format.
    for path in (pages_file, state_file):
        assert pickle.loads(path.read_bytes())[0] == FORMAT
    assert output_ledger(output_file)[0].rows(SEARCH_NS).keys() == old["files"].keys()
    version, saved = marshal.loads(open_data.read_bytes())
    assert version == FORMAT and Ledger.loads(saved["ledger"]).rows("files").keys() == files.keys()


@pytest.mark.slow
def test_memos_of_other_code_are_not_used(tmp_path: Path) -> None:
    # Collation keys and place-name lookups are kept between builds, but only those computed
    # by this very code: memos from another version (here: one that would sort every text
    # alike and find no place) are ignored.
    import marshal

    from generator.commands.reuse import MEMOS_FILE
    from generator.incremental.buildcache import FORMAT, BuildCache
    from generator.reference.adminunits import _FOUND
    from generator.vntext import _COLLATION_KEYS

    root = tmp_path / "project"
    write_project(root, 12, seed=3, photos=0)
    assert build_project(root, today=TODAY).built
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    reference = sources(root, tmp_path / "reference")  # built now, with true keys
    assert build_project(reference, today=TODAY).built
    expected = snapshot(reference / "site")

    memo_path = BuildCache(root).folder / MEMOS_FILE
    version, saved = marshal.loads(memo_path.read_bytes())
    memo = saved["memos"]
    assert version == FORMAT and len(memo["collation keys"]) > 50  # names, communes, awards
    bogus = {text: (((0,),), ((0,),), "") for text in memo["collation keys"]}
    # Place-name lookups too: here every name would be found nowhere.
    places = memo["place-name lookups"]
    assert sum(len(found) for found in places.values()) > 12
    nowhere = {digest: dict.fromkeys(found, ()) for digest, found in places.items()}
    other = {
        "package": "another",
        "memos": {"collation keys": bogus, "place-name lookups": nowhere},
    }
    try:
        BuildCache(root).save_marshal(MEMOS_FILE, other)  # its CRC-32 right: read
        _COLLATION_KEYS.clear()  # as in a new process
        _FOUND.clear()
        assert build_project(root, today=TODAY).built
        assert snapshot(root / "site") == expected
    finally:
        _COLLATION_KEYS.clear()  # whatever happened, later tests compute their own
        _FOUND.clear()


@pytest.mark.slow
@pytest.mark.parametrize("clean", [False, True])
def test_a_failed_search_index_leaves_site_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean: bool
) -> None:
    # The index is made by a forked child when pages are reused (clean=False) and by a thread
    # in a full build (clean=True): either way its failure fails the build before the swap.
    from generator.search import pagefind as search

    root = tmp_path / "project"
    write_project(root, 12, seed=4, photos=0)
    assert build_project(root, today=TODAY).built
    before = snapshot(root / "site")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\nexit 3\n", "utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: broken)
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    with pytest.raises(BuildError) as failed:
        build_project(root, today=TODAY, clean=clean)
    # Said through the catalogue: Vietnamese first, with Pagefind's own words kept inside.
    [problem] = failed.value.problems
    assert problem.code == "build.search_index_failed"
    assert any(m.startswith("build/search:1:1: ") for m in failed.value.messages)
    assert "không lập được chỉ mục tìm kiếm" in failed.value.messages[-1]
    assert snapshot(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site")]
    monkeypatch.undo()
    assert build_project(root, today=TODAY).built  # and the next build recovers
    assert_same_as_clean_build(root, tmp_path / "clean")
