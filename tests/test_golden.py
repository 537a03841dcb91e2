"""Golden output: the Markdown tree rendered from a fixed fixture project, byte for byte.

tests/fixtures/<name>/ is a small project; tests/golden/<name>/ holds what rendering it must
give: ``docs/`` (build/docs), ``mkdocs.yml``, ``extra/`` (the post-build HTML pages) and ``site/``
(the open data that is text: API, CSV, feeds; press kits as lists of members). A change
to the output shows up here as a unified diff. When the change is intended, regenerate with

    pytest tests/test_golden.py --update-golden      (or VINHDANH_UPDATE_GOLDEN=1)

and review the diff of tests/golden/ before committing it (see tests/golden/README.md).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.commands.build import render_project
from generator.commands.buildfolder import BUILD_DIR, DOCS_DIR, MKDOCS_FILE
from generator.pages.rolls import FORMER_PAGES_FILE
from tests.browser import ROOT, is_ci

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
PROJECTS = ["golden-project"]
# Inside the proposal's public-comment window of the fixture, after every dated fact in it.
TODAY = dt.date(2026, 1, 15)
MAX_DIFF_LINES = 400
# Photos and social cards (tests/test_images.py tests them) are binary, and their names carry
# a digest of the encoder libraries' versions: the golden tree keeps neither.
IMAGE_FOLDERS = ("docs/anh/", "docs/the/")
IMAGE_DIGEST = re.compile(rb"(?<=[/-])[0-9a-f]{12}(?=(?:-\d+)?\.(?:png|jpg|webp)\b)")
# The open data (build/files, published under site/) that is text: the API documents and their
# JSON Schemas, the CSV downloads, the Atom feeds and robots.txt. The statistics CSVs are checked
# against independent counts (tests/test_statistics.py) and the workbooks by
# tests/test_xlsx_downloads.py; press kits are kept as the list of their members.
OPEN_DATA = ("api/", "du-lieu/", "feeds/", "robots.txt")
# Beside them, where the rolls' former pages lead (read by the 404 page's script).
SITE_TEXT = (*OPEN_DATA, FORMER_PAGES_FILE)
BINARY = (".xlsx", ".zip")
PRESS_KITS = "bao-chi/"


def update_requested(config: pytest.Config) -> bool:
    """--update-golden, or VINHDANH_UPDATE_GOLDEN=1."""
    return bool(config.getoption("--update-golden")) or (
        os.environ.get("VINHDANH_UPDATE_GOLDEN", "") not in ("", "0")
    )


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by POSIX relative path."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def render_tree(name: str, work: Path) -> dict[str, bytes]:
    """Render fixture project `name` in a copy under `work`; the files the golden tree holds."""
    root = work / name
    shutil.copytree(FIXTURES / name, root)
    result, rendered = render_project(root, today=TODAY)
    problems = "\n".join(p.format("en") for p in result.report)
    assert rendered is not None, f"the fixture {name} does not render:\n{problems}"
    tree = {f"docs/{rel}": data for rel, data in files_under(root / BUILD_DIR / DOCS_DIR).items()}
    tree["mkdocs.yml"] = (root / BUILD_DIR / MKDOCS_FILE).read_bytes()
    tree.update({f"extra/{rel}": text.encode("utf-8") for rel, text in rendered.extra.items()})
    for rel, data in rendered.files.items():
        if rel.startswith(PRESS_KITS) and rel.endswith(".zip"):
            tree[f"site/{rel}.txt"] = zip_members(data)
        elif rel.startswith(SITE_TEXT) and not rel.endswith(BINARY):
            tree[f"site/{rel}"] = data
    return {
        rel: IMAGE_DIGEST.sub(b"DIGEST", data)
        for rel, data in tree.items()
        if not rel.startswith(IMAGE_FOLDERS)
    }


def zip_members(data: bytes) -> bytes:
    """One line per member of a zip archive, in archive order: name, date, size and CRC-32.

    Size and CRC are of the member with image digests blanked, as in the rest of the tree."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            member = IMAGE_DIGEST.sub(b"DIGEST", archive.read(info))
            when = dt.datetime(*info.date_time).isoformat()
            lines.append(f"{info.filename}\t{when}\t{len(member)}\t{zlib.crc32(member):08x}\n")
    return "".join(lines).encode("utf-8")


def write_golden(target: Path, tree: dict[str, bytes]) -> None:
    """Make `target` hold exactly `tree`."""
    if target.exists():
        shutil.rmtree(target)
    for rel, data in tree.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def describe_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """Missing and unexpected files, then a unified diff of each changed file."""
    lines: list[str] = []
    lines += [
        f"missing (in golden, not rendered): {rel}"
        for rel in sorted(expected.keys() - actual.keys())
    ]
    lines += [
        f"unexpected (rendered, not in golden): {rel}"
        for rel in sorted(actual.keys() - expected.keys())
    ]
    for rel in sorted(expected.keys() & actual.keys()):
        if expected[rel] != actual[rel]:
            lines += difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(),
                actual[rel].decode("utf-8", "replace").splitlines(),
                fromfile=f"golden/{rel}",
                tofile=f"rendered/{rel}",
                lineterm="",
            )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"… {len(lines) - MAX_DIFF_LINES} more lines"]
    return "\n".join(lines)


@pytest.mark.parametrize("name", PROJECTS)
def test_rendered_tree_matches_golden(
    name: str, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    actual = render_tree(name, tmp_path)
    target = GOLDEN / name
    if update_requested(pytestconfig):
        if is_ci():
            pytest.fail("golden files are regenerated by a person who reviews them, not by CI")
        write_golden(target, actual)
        pytest.skip(f"rewrote {target.relative_to(ROOT)}: review `git diff -- tests/golden`")
    expected = files_under(target)
    assert expected, (
        f"no golden tree at {target.relative_to(ROOT)}: "
        "run `pytest tests/test_golden.py --update-golden`"
    )
    if expected != actual:
        pytest.fail(
            f"rendered output differs from {target.relative_to(ROOT)}; if intended, run "
            "`pytest tests/test_golden.py --update-golden` and review the diff.\n"
            + describe_differences(expected, actual),
            pytrace=False,
        )


def test_rendering_twice_gives_the_same_tree(tmp_path: Path) -> None:
    first = render_tree(PROJECTS[0], tmp_path / "a")
    second = render_tree(PROJECTS[0], tmp_path / "b")
    assert first == second
