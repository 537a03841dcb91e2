"""The statistics page and its CSVs are kept while their figures are the last build's: an edit
that makes the listings again (a rename) but counts the same does not make them (issue #21);
one that changes a figure (an award added) does; the site is a clean build's either way."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.model.phrases import Phrase
from generator.model.statistics import _plain, statistics_csv

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import TODAY, assert_same_as_clean_build  # noqa: E402

# Every test here builds on conftest's day (SOURCE_DATE_EPOCH); LANG and TZ are conftest's.
pytestmark = pytest.mark.usefixtures("build_day")


@pytest.mark.slow
def test_a_rename_keeps_the_statistics_and_an_added_award_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=5, photos=2)
    assert build_project(root, today=TODAY).built
    # A full build's listings are not keyed page by page: the first edit keys them.
    EDITS["new"](root, 1)
    assert build_project(root, today=TODAY).built
    made: list[bool] = []

    def counted(*args: Any, **kwargs: Any) -> str:
        made.append(True)
        return statistics_csv(*args, **kwargs)

    monkeypatch.setattr("generator.pages.statistics.statistics_csv", counted)
    for kind, number, csvs in (("name", 2, 0), ("award", 3, 2), ("name", 4, 0)):
        EDITS[kind](root, number)
        made.clear()
        result = build_project(root, today=TODAY)
        assert result.built and not result.listings_reused  # the listings were made again
        assert len(made) == csvs, kind  # the Vietnamese and the English CSV, or neither
        assert_same_as_clean_build(root, tmp_path / f"clean-{kind}-{number}")


def test_a_sentence_is_keyed_by_what_it_is_made_from() -> None:
    # The same Vietnamese text (no plural) says "1 decision" or "2 decisions" in English.
    one = Phrase.counted("{n} quyết định", "{n} quyết định", 1, n="một")
    two = Phrase.counted("{n} quyết định", "{n} quyết định", 2, n="một")
    assert str(one) == str(two)
    assert repr(_plain([one])) != repr(_plain([two]))
    with pytest.raises(TypeError):
        _plain(object())  # an entry or a model would not say all it shows
