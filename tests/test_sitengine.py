"""The site engine seam (commands.sitengine): MkDocs today, its drop-in fork ProperDocs tested.

The demo is built by the real `vinhdanh build` twice in one folder, first with MkDocs, then with
ProperDocs (VINHDANH_ENGINE=properdocs), each in its own process (one engine per process). The
two sites must hold the same files with the same bytes, but for exactly one listed difference:
Material's ``<meta name="generator">`` names the engine, on every page the engine rendered.
Switching engines must also rebuild every page (no page left over from the other engine).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from generator.commands.build import build_project
from generator.commands.outcome import BuildError
from generator.commands.sitengine import ENGINE_VARIABLE, EngineError, build_pages, engine_id
from tests.browser import ROOT, copy_demo
from tests.projects import write_small_project
from tests.test_incremental import snapshot

BUILD = [sys.executable, "-c", "from generator.cli import main; main()", "build"]
MATERIAL = importlib.metadata.version("mkdocs-material")
# The one difference ProperDocs makes: Material prints the engine's version in this tag
# (ProperDocs passes "ProperDocs <version>" as `mkdocs_version`; commands/build.py).
GENERATOR = '<meta name="generator" content="mkdocs-{engine}, mkdocs-material-{material}">'


def generator_tag(engine: str) -> bytes:
    """Material's generator tag as `engine` (mkdocs or properdocs) has it rendered."""
    name = (
        importlib.metadata.version("mkdocs")
        if engine == "mkdocs"
        else f"ProperDocs {importlib.metadata.version('properdocs')}"
    )
    return GENERATOR.format(engine=name, material=MATERIAL).encode()


def build_with(root: Path, engine: str) -> dict[str, bytes]:
    """`vinhdanh build` of `root` in a new process with `engine`; every file of site/."""
    env = {**os.environ, ENGINE_VARIABLE: engine}
    done = subprocess.run(
        [*BUILD, "--root", str(root), "--lang", "en"],
        cwd=ROOT,  # the generator under test, whatever is installed
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = root / "site"
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_properdocs_builds_the_demo_as_mkdocs_does(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "demo")
    by_mkdocs = build_with(root, "mkdocs")
    by_properdocs = build_with(root, "properdocs")
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    ours, theirs = generator_tag("mkdocs"), generator_tag("properdocs")
    assert ours != theirs
    rendered = {rel for rel, data in by_mkdocs.items() if ours in data}
    # Every page MkDocs renders with Material carries the tag; post-build pages do not.
    assert {"index.html", "404.html", "tim-kiem/index.html"} <= rendered
    assert len(rendered) > 50, sorted(rendered)
    differing = {rel for rel in by_mkdocs if by_mkdocs[rel] != by_properdocs[rel]}
    # Exactly the engine's pages differ (all of them: switching engines rebuilt every page)...
    assert differing == rendered
    for rel in sorted(differing):
        # ... and only by the tag, once per page.
        assert by_mkdocs[rel].count(ours) == 1, rel
        assert by_mkdocs[rel].replace(ours, theirs) == by_properdocs[rel], rel


def test_a_dirty_build_removes_the_outputs_of_removed_pages_without_a_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walked: list[str]
) -> None:
    # A page added or removed shows the engine every page (no staging); what is gone from
    # its output is found from the docs/ files removed, not by a walk of build/site (a folder
    # a profile), and the folders left empty go too.
    root = write_small_project(tmp_path / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root).built
    build = root / "build"
    pages = sorted((build / "docs" / "ho-so").glob("*/index.md"))
    assert len(pages) > 1
    gone, slug, kept = pages[0], pages[0].parent.name, pages[1].parent.name
    gone.unlink()
    gone.parent.rmdir()
    site = build / "site"
    output = f"ho-so/{slug}/index.html"
    assert (site / output).is_file()
    walked.clear()  # from here on
    rel = gone.relative_to(build / "docs").as_posix()
    changes = build_pages(build / "mkdocs.yml", site, "1795132800", dirty=True, changed={rel})
    assert not (site / "ho-so" / slug).exists()
    assert changes is not None and {output, f"ho-so/{slug}/"} <= changes
    assert (site / f"ho-so/{kept}/index.html").is_file()
    assert not [top for top in walked if top.startswith(str(site))]


def test_a_page_added_or_removed_shows_the_engine_only_the_changed_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walked: list[str]
) -> None:
    # A new profile's edit, at the engine: the stage holds the changed pages and the nav's
    # (not a walk and a Page object for every page of docs/), and the kept sitemap gets the
    # added pages' entries, each where the engine's walk puts it, and loses the removed
    # page's; the site is what a build of every page writes, the sitemap byte for byte.
    root = write_small_project(tmp_path / "project")
    epoch = "1795132800"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_project(root).built
    build, site = root / "build", root / "build" / "site"
    docs = build / "docs"
    # The pages' dates as the build gives them (generator.model.urls.own_dates).
    found = re.findall(r"<loc>https?://[^/]+/([^<]*)</loc>\s*<lastmod>([^<]*)<", _sitemap(site))
    lastmod = dict(found)
    pages = sorted(docs.glob("ho-so/*/index.md"))
    assert len(pages) > 1 and lastmod
    gone = pages[1]
    # Added: before every profile, after all of them, and a page of its own folder (walked
    # before its subfolders), with the text of a kept profile's page.
    added = ["ho-so/aaa-moi/index.md", "ho-so/zzz-moi/index.md", "ho-so/zzz-trang.md"]
    for rel in added:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pages[0], docs / rel)
    gone.unlink()
    gone.parent.rmdir()
    changed = {*added, gone.relative_to(docs).as_posix()}
    walked.clear()  # from here on
    stage = tmp_path / "stage"
    build_pages(
        build / "mkdocs.yml", site, epoch, dirty=True, changed=changed, stage=stage, lastmod=lastmod
    )
    assert str(stage) in walked and str(docs) not in walked
    clean = tmp_path / "clean"
    build_pages(build / "mkdocs.yml", clean, epoch, lastmod=lastmod)
    sitemap = _sitemap(clean)
    assert "ho-so/aaa-moi/" in sitemap and f"ho-so/{gone.parent.name}/" not in sitemap
    assert _sitemap(site) == sitemap
    assert snapshot(site) == snapshot(clean)


def _sitemap(site: Path) -> str:
    return (site / "sitemap.xml").read_text(encoding="utf-8")


def test_an_unknown_engine_stops_the_build_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_small_project(tmp_path / "project")
    monkeypatch.setenv(ENGINE_VARIABLE, "jekyll")
    with pytest.raises(BuildError) as caught:
        build_project(root)
    [problem] = caught.value.problems
    assert problem.code == "build.unknown_engine"
    assert problem.path == ENGINE_VARIABLE
    assert "jekyll" in problem.message("en") and "mkdocs, properdocs" in problem.message("en")
    assert not (root / "site").exists()
    assert not (root / "build").exists()


def test_the_engine_is_named_with_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert engine_id() == f"mkdocs {importlib.metadata.version('mkdocs')}"
    monkeypatch.setenv(ENGINE_VARIABLE, " ProperDocs ")
    assert engine_id() == f"properdocs {importlib.metadata.version('properdocs')}"


def test_one_process_never_mixes_the_two_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ProperDocs makes `import mkdocs` load itself; with the real MkDocs loaded already, Material
    # would see half of each: refused before anything of ProperDocs is imported.
    import mkdocs  # noqa: F401 (this process runs MkDocs)

    monkeypatch.setenv(ENGINE_VARIABLE, "properdocs")
    with pytest.raises(EngineError, match="mkdocs is already loaded"):
        build_pages(tmp_path / "mkdocs.yml", tmp_path / "site", "0")
    assert "properdocs.replacement" not in sys.modules


def test_the_preview_serves_with_the_chosen_engine() -> None:
    # `vinhdanh serve` subclasses the engine's live-reload server (generator.commands.preview).
    script = (
        "from generator.commands.preview import PreviewServer; "
        "print(PreviewServer.__mro__[1].__module__)"
    )
    for engine, module in (
        ("mkdocs", "mkdocs.livereload"),
        ("properdocs", "properdocs.livereload"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, ENGINE_VARIABLE: engine},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert done.stdout.strip() == module


# Material's own macros, which Material's templates call the same way since they render under
# MiniJinja: its translation macro (`{% import "partials/language.html" as lang %}` in its
# base.html, with `fallback` in language.html) and the nav's items (`item` in nav.html), called
# as Material calls them in our copies of language.html and nav.html.
MACRO_CALLS = {("lang", "t"), ("fallback", "t"), ("item", "render")}


def python_idioms(source: str) -> list[str]:
    """What in a template needs Python: method calls (`x.startswith(…)`, `d.items()`) and
    `"…" % value` formatting; MiniJinja, which Zensical renders overrides with, has neither."""
    found = []
    tree = Environment().parse(source)
    for call in tree.find_all(nodes.Call):
        target = call.node
        if isinstance(target, nodes.Getattr):
            owner = target.node.name if isinstance(target.node, nodes.Name) else "…"
            if (owner, target.attr) not in MACRO_CALLS:
                found.append(f"line {call.lineno}: {owner}.{target.attr}(…)")
    for mod in tree.find_all(nodes.Mod):
        if isinstance(mod.left, nodes.Const) and isinstance(mod.left.value, str):
            found.append(f"line {mod.lineno}: string % formatting")
    return found


def test_theme_overrides_need_no_python() -> None:
    theme = ROOT / "generator" / "theme"
    found = {
        path.relative_to(theme).as_posix(): idioms
        for path in sorted(theme.rglob("*.html"))
        if (idioms := python_idioms(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    # The check sees what it is meant to see.
    assert python_idioms('{{ "a" if name.startswith("og:") }}') == ["line 1: name.startswith(…)"]
    assert python_idioms("{% for k, v in d.items() %}{% endfor %}{{ lang.t('x') }}") == [
        "line 1: d.items(…)"
    ]
    assert python_idioms('{{ "%s!" % name }}{{ name[:3] == "og:" }}') == [
        "line 1: string % formatting"
    ]
