"""The open-data child reports the build/files paths it wrote (`BuildResult.open_data_written`),
so that the build's listing of build/files need not read its folders of one file a profile
whole to find what an edit changed (issue #21)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from generator.commands.build import build_project
from generator.commands.buildfolder import BUILD_DIR, FILES_DIR
from generator.model.urls import profile_api_path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.build import add_award  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)
# Only the open data writes these folders of build/files (the build adds pages and the
# statistics' CSV elsewhere).
OPEN_DATA_ONLY = ("api/", "bao-chi/", "feeds/")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_the_open_data_child_reports_the_files_whose_bytes_it_wrote(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=3, photos=0)
    first = build_project(root, today=TODAY)
    assert first.built, [p.format("en") for p in first.report]
    files = root / BUILD_DIR / FILES_DIR
    assert first.open_data_written is not None
    # A first build writes every open-data file.
    assert {p for p in _files(files) if p.startswith(OPEN_DATA_ONLY)} <= set(
        first.open_data_written
    )

    before = _files(files)
    edited = add_award(root, 1)
    again = build_project(root, today=TODAY)
    assert again.built and again.open_data_written is not None
    after = _files(files)
    changed = {p for p, data in after.items() if before.get(p) != data}
    written = set(again.open_data_written)
    # Exactly the files whose bytes changed: none left unchanged reported, none missed.
    assert written <= changed
    assert {p for p in changed if p.startswith(OPEN_DATA_ONLY)} <= written
    slug = Path(edited).stem
    assert profile_api_path(slug) in written
    # An award edit writes few of the profiles' documents, not the folder.
    assert (
        len([p for p in written if p.startswith("api/v1/profiles/")])
        < len([p for p in after if p.startswith("api/v1/profiles/")]) // 2
    )
