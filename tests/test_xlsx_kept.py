"""The workbooks of an edit build (issue #21). openpyxl's parts of a workbook are kept in a
lasting memo (`xlsxout.SKELETONS`), so that a build that finds them never imports openpyxl
(with numpy, 1.0–1.5 s of an edit's open-data child); each profile's rows are kept as XML
with their numbers left open (`publish.XLSX_CHUNK`), so that an edit makes the rows of the
profile it changed only; and every workbook is the bytes a clean build makes."""

from __future__ import annotations

import datetime as dt
import html
import io
import marshal
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from generator.commands.build import build_project
from generator.commands.rendering import LINES_SHARDS
from generator.commands.reuse import OPEN_DATA_LINES_FILE
from generator.incremental.folders import sealed
from generator.incremental.lasting import LASTING_DIR, LastingMemo
from generator.incremental.shardedparts import ShardedParts
from generator.opendata import publish, tables, xlsxout
from generator.opendata.xlsxout import SKELETONS, column_letter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)
MEMO_FILE = f"{SKELETONS.name}.marshal"

# Makes a workbook with the lasting memos kept in argv[1] (as a build does: attached, then
# saved), writes its bytes to argv[2] and prints which of openpyxl and numpy it imported.
_MAKE = """
import datetime as dt, sys
from pathlib import Path
from generator.incremental import lasting
from generator.opendata.xlsxout import Column, workbook
lasting.attach(Path(sys.argv[1]))
columns = [Column("Mã"), Column("Họ và tên", width=28), Column("Năm", "number", 8),
           Column("Ngày quyết định", "date", 12)]
rows = [["a-1", "Nguyễn Văn An", 2020, "2020-05-01"], ["b-2", "=SUM(A1)", None, ""]]
Path(sys.argv[2]).write_bytes(workbook("Danh sách", columns, rows, dt.date(2026, 11, 20)))
lasting.save_lasting(prune=False)
print(sorted(name for name in ("openpyxl", "numpy") if name in sys.modules))
"""


def _make(root: Path, out: Path) -> tuple[bytes, str]:
    """A workbook made in a new interpreter with the memos of `root`: its bytes and the list
    of openpyxl and numpy, each if it was imported."""
    found = subprocess.run(
        [sys.executable, "-c", _MAKE, str(root), str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return out.read_bytes(), found.stdout.strip()


def test_column_letters_are_excels() -> None:
    # Written without openpyxl (a workbook whose parts are kept never imports it): the same
    # letters as its get_column_letter, up to Excel's last column, XFD.
    assert [column_letter(n) for n in range(1, 16_385)] == [
        get_column_letter(n) for n in range(1, 16_385)
    ]
    assert column_letter(16_384) == "XFD"


def test_a_workbook_whose_parts_are_kept_imports_no_openpyxl(tmp_path: Path) -> None:
    # openpyxl imports numpy only where numpy is installed (not a dependency of ours): the
    # cold path is told by openpyxl alone.
    cold, imported = _make(tmp_path, tmp_path / "cold.xlsx")
    assert "'openpyxl'" in imported
    memo = tmp_path / LASTING_DIR / MEMO_FILE
    kept = LastingMemo(SKELETONS.name, SKELETONS.identity)._load(memo)
    assert len(kept) == 1
    warm, imported = _make(tmp_path, tmp_path / "warm.xlsx")
    assert imported == "[]"
    assert warm == cold
    # A value of another shape under the right CRC-32 (other code's): made again, the same
    # bytes, and kept right for the next build.
    memo.write_bytes(sealed(marshal.dumps((SKELETONS.identity, dict.fromkeys(kept, b"\0")))))
    again, imported = _make(tmp_path, tmp_path / "again.xlsx")
    assert "'openpyxl'" in imported and again == cold
    assert _make(tmp_path, tmp_path / "last.xlsx") == (cold, "[]")


def _counting(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on (in this process and the build's children), the slug of every row
    `Sheet.rows_xml` makes and a line per skeleton openpyxl makes are appended to `log`."""
    rows_xml, made_skeleton = xlsxout.Sheet.rows_xml, xlsxout._made_skeleton

    def counted_rows(self: xlsxout.Sheet, rows: object) -> bytes:
        listed = [list(values) for values in rows]  # type: ignore[attr-defined]
        with log.open("a", encoding="utf-8") as out:
            for values in listed:
                out.write(f"{values[1] if values[0] is xlsxout.ORDINAL else values[0]}\n")
        return rows_xml(self, listed)

    def counted_skeleton(*args: object) -> object:
        with log.open("a", encoding="utf-8") as out:
            out.write("(skeleton)\n")
        return made_skeleton(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(xlsxout.Sheet, "rows_xml", counted_rows)
    monkeypatch.setattr(xlsxout, "_made_skeleton", counted_skeleton)


@pytest.mark.slow
def test_the_build_keeps_the_skeletons_its_open_data_child_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workbooks are made in the build's child; only the build process saves the lasting
    # memos, so the child hands it what it read and made (lasting.hand_over).
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    memo = LastingMemo(SKELETONS.name, SKELETONS.identity)
    kept = memo._load(root / LASTING_DIR / MEMO_FILE)
    assert len(kept) == 2  # the roll's columns, a roll page's
    log = tmp_path / "made.log"
    _counting(monkeypatch, log)
    slug, made = _edited(root, log, 1)
    assert "(skeleton)" not in made and slug in made
    # A full build keeps the values it used (the child's, here) and no other.
    shutil.rmtree(root / ".vinhdanh-cache/build")
    with_unused = {**kept, "unused": b"x"}
    (root / LASTING_DIR / MEMO_FILE).write_bytes(
        sealed(marshal.dumps((SKELETONS.identity, with_unused)))
    )
    assert build_project(root, today=TODAY).built
    assert memo._load(root / LASTING_DIR / MEMO_FILE) == kept


def _edited(root: Path, log: Path, number: int) -> tuple[str, set[str]]:
    """One award added to a profile of `root`, then built: its slug, and the slugs of the rows
    the build made (with "(skeleton)" if it made one)."""
    log.write_text("", "utf-8")
    slug = Path(EDITS["award"](root, number)).stem
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    return slug, set(log.read_text("utf-8").split())


def _workbooks(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.xlsx")}


@pytest.mark.slow
def test_an_award_edit_makes_the_rows_of_its_profile_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "made.log"
    _counting(monkeypatch, log)
    lines = ShardedParts(root / ".vinhdanh-cache/build" / OPEN_DATA_LINES_FILE, LINES_SHARDS)
    kept = lines.known()
    chunk = publish.XLSX_CHUNK
    published = {path.rpartition("/")[2] for path in kept if path.startswith(chunk)}
    assert len(published) >= 25
    # The roll's workbook keeps no row in the lines' file (it is spliced from its own file).
    assert not any(path.startswith(f"{publish.XLSX_CHUNK}roll/") for path in kept)
    # Damaged: none of the lines is read (the site equals a clean build's, below); a roll
    # page's workbook made again takes its steady rows from its own last sheet, not from the
    # lines (`rollrows`), so only the edited profile's rows are made all the same.
    for shard in filter(lambda shard: shard.path.exists(), lines.shards):
        saved = shard.path.read_bytes()
        at = len(saved) // 2
        shard.path.write_bytes(saved[:at] + bytes([saved[at] ^ 1]) + saved[at + 1 :])
    slug, made = _edited(root, log, 2)
    assert made == {slug}
    # Kept: the edited profile's rows only (of the roll's workbook and of its roll pages), and
    # no skeleton.
    slug, made = _edited(root, log, 3)
    assert made == {slug}
    monkeypatch.undo()
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("profiles", "content", "site_config.yml"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, clean / name)
        else:
            shutil.copy2(source, clean / name)
    assert build_project(clean, today=TODAY).built
    expected = _workbooks(clean)
    assert len(expected) > 10 and _workbooks(root) == expected


def _titles_made(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on (in this process and the build's children), the title of every workbook
    `Sheet.workbook` or `Sheet.segmented` makes is appended to `log`."""
    made, segmented = xlsxout.Sheet.workbook, xlsxout.Sheet.segmented

    def logged(self: xlsxout.Sheet, title: str, rows_xml: Iterable[bytes]) -> bytes:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{title}\n")
        return made(self, title, rows_xml)

    def logged_segmented(self: xlsxout.Sheet, title: str, *args: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{title}\n")
        return segmented(self, title, *args)

    monkeypatch.setattr(xlsxout.Sheet, "workbook", logged)
    monkeypatch.setattr(xlsxout.Sheet, "segmented", logged_segmented)


def _rows_fetched(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on (in this process and the build's children), each row of a roll page's
    workbook fetched or made (`RollPageWorkbook.row`) is appended to `log`: its roll's
    title and its entry's slug, tab-separated."""
    fetched = tables.RollPageWorkbook.row

    def logged(self: tables.RollPageWorkbook, place: int) -> bytes:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{self.roll.title}\t{self.roll.rows[place].entry.slug}\n")
        return fetched(self, place)

    monkeypatch.setattr(tables.RollPageWorkbook, "row", logged)


def _title(data: bytes) -> str:
    """The title a workbook's document properties give (its roll's)."""
    with zipfile.ZipFile(io.BytesIO(data)) as found:
        core = found.read(xlsxout.CORE_PROPERTIES).decode("utf-8")
    match = re.search("<dc:title[^>]*>(.*?)</dc:title>", core)
    assert match is not None
    return html.unescape(match[1])


@pytest.mark.slow
def test_an_award_edit_makes_the_workbooks_whose_rows_changed_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A roll page's workbook is keyed by its rows' bytes: the edited profile's row of the
    # individuals' roll, its province's, its sector's (its top award's) stays as it was, so
    # those workbooks are kept; the award's roll and the year's are made (issue #21).
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log, fetched = tmp_path / "made.log", tmp_path / "fetched.log"
    _titles_made(monkeypatch, log)
    _rows_fetched(monkeypatch, fetched)
    for number in (1, 2, 3):
        before = _workbooks(root)
        if number == 3:  # after a build that changed nothing, which keeps every key it read
            assert build_project(root, today=TODAY).built
            assert _workbooks(root) == before
        fetched.write_text("", "utf-8")
        slug, _rows = _edited(root, log, number)
        after = _workbooks(root)
        changed = {_title(data) for path, data in after.items() if before.get(path) != data}
        on = {_title(data) for data in after.values() if slug.encode() in _sheet(data)}
        made = set(log.read_text("utf-8").split("\n")) - {""}
        # The roll's workbook (of every profile) is made again by any such edit.
        assert made == changed and len(on - made) >= 3, (number, made, changed, on)
        # A roll page whose rows came out the same had only the edited profile's row made and
        # compared (rollrows.RollRows.facts): another entry's row is fetched only to make a
        # workbook, and then only for the segments of its sheet not taken as they were.
        rows = [line.split("\t") for line in fetched.read_text("utf-8").split("\n") if line]
        assert {title for title, row in rows if row != slug} <= made, (number, made, rows)
        assert {title for title, row in rows if row == slug} - made, (number, made, rows)
    monkeypatch.undo()
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("profiles", "content", "site_config.yml"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, clean / name)
        else:
            shutil.copy2(source, clean / name)
    assert build_project(clean, today=TODAY).built
    assert _workbooks(root) == _workbooks(clean)


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as found:
        return found.read("xl/worksheets/sheet1.xml")


def _keyed(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on (in this process and the build's children), every roll whose workbook's
    key `_roll_key` makes from its rows is appended to `log`: its path, its rows' slugs."""
    made = publish._OpenData._roll_key

    def logged(self: publish._OpenData, workbook: tables.RollPageWorkbook) -> str | None:
        roll = workbook.roll
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{roll.path}\t{' '.join(row.entry.slug for row in roll.rows)}\n")
        return made(self, workbook)

    monkeypatch.setattr(publish._OpenData, "_roll_key", logged)


@pytest.mark.slow
def test_an_edit_keys_from_their_rows_only_the_roll_workbooks_its_profile_is_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A roll none of whose entries changed keeps its workbook's key without a digest of each
    # row (publish.ROLL_ROWS_PART): before, an edit keyed every roll's rows (issue #21).
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "keyed.log"
    _keyed(monkeypatch, log)
    for number, kind in enumerate(("award", "name", "award"), 1):
        log.write_text("", "utf-8")
        slug = Path(EDITS[kind](root, number)).stem
        assert build_project(root, today=TODAY).built
        keyed = [line.split("\t") for line in log.read_text("utf-8").splitlines()]
        assert keyed and all(slug in slugs.split() for _path, slugs in keyed), (kind, keyed)
        assert len(keyed) * 2 < len(_workbooks(root)), (kind, keyed)
    monkeypatch.undo()
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("profiles", "content", "site_config.yml"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, clean / name)
        else:
            shutil.copy2(source, clean / name)
    assert build_project(clean, today=TODAY).built
    assert _workbooks(root) == _workbooks(clean)
