"""The output budget (issue #21): a 1,000-profile roll's site/ holds at most 50 KB and 4 files
per profile on average, everything included (pages, cards, open data, search index, assets)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.outputbudget import BUDGET_BYTES, BUDGET_FILES, breakdown  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

PROFILES = 1_000


@pytest.mark.slow
def test_a_thousand_profiles_fit_the_output_budget(tmp_path: Path) -> None:
    root = tmp_path / "roll"
    # As benchmarks/build.py makes it: a photo for one profile in a hundred.
    write_project(root, PROFILES, seed=1, photos=PROFILES // 100)
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--lang", "en"])
    assert result.exit_code == 0, result.output
    found = breakdown(root / "site", PROFILES)
    report = "\n".join(found.lines(top=12))
    assert found.files > PROFILES * 2, report  # a site, not an empty folder
    assert found.bytes_per_profile <= BUDGET_BYTES, report
    assert found.files_per_profile <= BUDGET_FILES, report
