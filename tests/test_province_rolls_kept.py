"""Province rolls kept across an edit (generator.model.provincekept, issue #21): a province none
of whose entries changed is neither cut into pages nor looked up row by row; an entry moving
between provinces, a commune's first or last entry, a commune's roll appearing or going
away give a clean build's site, in either edition."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.commands.build import build_project
from tests.test_incremental import TODAY, assert_same_as_clean_build
from tests.test_rolls_kept import cut_rolls

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402

LOCALITY = re.compile(r"(?m)^locality:\n(?:  .*\n)+")
PROVINCE = re.compile(r'(?m)^  province: "(.*)"$')


def _locality(path: Path) -> str:
    """The `locality:` block of a profile's source."""
    found = LOCALITY.search(path.read_text("utf-8"))
    assert found is not None, path
    return found.group(0)


def _moved(path: Path, locality: str) -> None:
    """Give the profile at `path` another `locality:` block."""
    text = path.read_text("utf-8")
    path.write_text(LOCALITY.sub(lambda _m: locality, text, count=1), "utf-8")


def _province_paths(cut: Counter[str]) -> set[str]:
    """The province rolls (not their communes') among the rolls cut."""
    return {p for p in cut if re.fullmatch(r"danh-sach/tinh/[^/]+/", p)}


@pytest.mark.slow
@pytest.mark.parametrize("english", [False, True])
def test_entries_moving_between_provinces_and_communes_give_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: bool
) -> None:
    root = tmp_path / "project"
    write_project(root, 120, seed=7)
    config = root / "site_config.yml"
    # Province rolls of several pages (their small communes linked on other pages than the
    # first), and a commune's own roll from two entries: one entry moved makes one or
    # takes one away.
    text = re.sub(r"(?m)^page_size:.*$", "page_size: 5", config.read_text("utf-8"))
    text = re.sub(r"(?m)^english_edition:.*\n?", "", text)
    text += f"\nenglish_edition: {str(english).lower()}\nrolls:\n  commune_page_min: 2\n"
    config.write_text(text, "utf-8")
    profiles = sorted((root / "profiles").rglob("*.yml"))
    by_province: dict[str, list[Path]] = {}
    for path in profiles:
        found = PROVINCE.search(_locality(path))
        if found is not None:
            by_province.setdefault(found.group(1), []).append(path)
    # A profile of a province of several entries, moved to the commune of another's only one.
    many = max(by_province, key=lambda p: (len(by_province[p]), p))
    lone = min((p for p in by_province if len(by_province[p]) == 1), default=None)
    assert lone is not None and len(by_province[many]) > 3
    mover, alone = by_province[many][0], by_province[lone][0]
    home, there = _locality(mover), _locality(alone)
    assert build_project(root, today=TODAY).built

    # Moved: a province loses a row, another's commune reaches two (its own roll appears).
    cut = cut_rolls(monkeypatch)
    _moved(mover, there)
    assert build_project(root, today=TODAY).built
    provinces = _province_paths(cut)
    assert 0 < len(provinces) <= 2, sorted(provinces)  # the two provinces, no other
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # Back: the commune's roll goes away, the other's first entry is back.
    cut.clear()
    _moved(mover, home)
    assert build_project(root, today=TODAY).built
    assert 0 < len(_province_paths(cut)) <= 2
    assert_same_as_clean_build(root, tmp_path / "clean-2")

    # The lone entry removed: its commune, and its province roll, go away.
    alone.unlink()
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-3")
