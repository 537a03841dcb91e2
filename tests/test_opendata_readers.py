"""An award, name or new-profile edit's open-data child reads the kept entries' rows
(model.checkrows), not their profiles: the API's awards and localities, the data page, the
models table and the roll pages' workbooks are made or kept without a kept entry's profile,
locality or awards (issue #21; docs/performance.md, "The open-data child's readers on rows");
and the site is a clean build's."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.commands import rendering
from generator.commands.build import build_project
from generator.model import checkrows
from generator.model.checkrows import KeptEntry, Made
from generator.model.site import build_site
from generator.opendata import publish, xlsxout

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import TODAY, assert_same_as_clean_build  # noqa: E402


def _watch(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Log, in the open data's child, every read of a kept entry's unpickled fields (field,
    reader, entry), whether or not its block was unpickled before the child was forked."""
    child: list[int] = []

    def kept(self: KeptEntry, name: str) -> Any:
        state = self.__dict__
        if "_fill" in state:
            state["_fill"](self)
        if child and child[0] == os.getpid():
            caller = sys._getframe(1)
            while caller.f_code.co_filename.endswith("checkrows.py"):
                caller = caller.f_back  # type: ignore[assignment]
            reader = f"{caller.f_code.co_filename.rsplit('/generator/', 1)[-1]}:"
            reader += caller.f_code.co_name
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{name}\t{reader}\t{self.relpath}\n")
        return state[name]

    def filled(self: KeptEntry, made: Made) -> None:  # stays a KeptEntry: every read seen
        state = self.__dict__
        del state["_fill"]
        state["profile"], state["locality"], state["awards"], state["photos"] = made[:4]
        state["practice"] = made[4]

    real: Callable[..., Any] = rendering._make_open_data

    def make_open_data(*args: Any) -> Any:
        child[:] = [os.getpid()]  # called in the child, once forked
        with log.open("a", encoding="utf-8") as out:
            out.write(f"child\t{os.getpid()}\t\n")
        return real(*args)

    monkeypatch.setattr(checkrows.KeptEntry, "_kept", kept)
    monkeypatch.setattr(checkrows.KeptEntry, "filled", filled)
    monkeypatch.setattr(rendering, "_make_open_data", make_open_data)


@pytest.mark.slow
def test_an_award_name_or_new_profile_edit_makes_the_open_data_of_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "project"
    write_project(root, 120, seed=3)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "reads.log"
    _watch(log, monkeypatch)
    for number, kind in enumerate(("award", "name", "new"), start=1):
        log.write_text("", "utf-8")
        edited = EDITS[kind](root, number)
        result = build_project(root, today=TODAY)
        assert result.built and not result.listings_reused, kind
        reads = [line.split("\t") for line in log.read_text("utf-8").splitlines()]
        assert reads[0][0] == "child" and int(reads[0][1]) != os.getpid(), kind  # forked
        del reads[0]
        # Only the edited entry is read whole (its API document, table lines, press kit and
        # Atom entry); of every other, its row (and a roll's row its award's index). Before,
        # the awards, localities, data page, models table and roll pages' workbooks read
        # every published entry (its awards, place or profile): the whole roll in the child.
        others = {(field, reader) for field, reader, relpath in reads if relpath != edited}
        assert others == set(), kind
        assert_same_as_clean_build(root, tmp_path / f"clean-{kind}")


def test_the_roll_pages_workbooks_share_one_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its columns, skeleton and cells' writer are the same for every roll page: made for each
    # roll, ~0.1 ms a roll of every edit that makes the listings again (issue #21).
    root = tmp_path / "project"
    write_project(root, 40, seed=2)
    site, report = build_site(root)
    assert site is not None, report
    made = [0]
    real = xlsxout.Sheet.__init__

    def counted(self: xlsxout.Sheet, *args: Any, **kwargs: Any) -> None:
        made[0] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(xlsxout.Sheet, "__init__", counted)
    built = publish._OpenData(site, TODAY)
    built.roll_workbooks()
    workbooks = [path for path in built.files if path.endswith(".xlsx")]
    assert len(workbooks) > 10
    assert made[0] == 1
