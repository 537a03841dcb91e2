"""The workbooks' bytes do not hang on what else is installed: openpyxl serializes their parts
with lxml when it can import it and with the standard library's ElementTree otherwise (other
bytes for the same workbook), so lxml is a declared dependency, and the kept parts
(`xlsxout.SKELETONS`) are those of the writer they were made by."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

from generator.opendata import xlsxout

COLUMNS = (
    xlsxout.Column("STT", "number", 6),
    xlsxout.Column("Họ và tên"),
    xlsxout.Column("Ngày", "date"),
)

# The parts made for COLUMNS, by a fresh process, the identity of its kept parts first.
MADE = """
import datetime as dt, hashlib
from generator.opendata import xlsxout
print(xlsxout.SKELETONS.identity)
from tests.test_xlsx_writer import COLUMNS
made = xlsxout._made_skeleton(COLUMNS, dt.date(2026, 12, 7), "Vinh danh")
print(hashlib.sha256(repr(sorted(made.parts.items())).encode()).hexdigest())
"""


def made_by(lxml: bool) -> tuple[str, str]:
    """(identity of the kept parts, digest of the parts) in a process where openpyxl may or
    may not use lxml."""
    env = {**os.environ, "OPENPYXL_LXML": "True" if lxml else "False"}
    out = subprocess.run(
        [sys.executable, "-c", MADE],
        env=env,
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return out[0], out[1]


def test_lxml_is_a_declared_dependency() -> None:
    requires = importlib.metadata.requires("vinhdanh") or []
    plain = [r for r in requires if "extra ==" not in r]
    assert any(re.match(r"lxml\b", r) for r in plain), plain
    assert xlsxout.xml_writer() == f"lxml {importlib.metadata.version('lxml')}"


def test_each_writer_keeps_its_own_parts() -> None:
    with_lxml, without = made_by(True), made_by(False)
    # The premise: the two writers make other bytes of the same workbook.
    assert with_lxml[1] != without[1]
    # So a part kept by one is never taken by the other.
    assert with_lxml[0] != without[0]
    assert "lxml" in with_lxml[0] and " etree " in without[0]
    # And in this process (lxml installed, as declared): lxml's.
    assert xlsxout.SKELETONS.identity == with_lxml[0]
    here = xlsxout._made_skeleton(COLUMNS, dt.date(2026, 12, 7), "Vinh danh")
    assert hashlib.sha256(repr(sorted(here.parts.items())).encode()).hexdigest() == with_lxml[1]
