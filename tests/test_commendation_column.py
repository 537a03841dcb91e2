"""The Art. 8 commendation type recorded per award (Law 06/2022) is in the open data: a
`commendation_type` column in the English CSV (the id), the Vietnamese CSV and workbook (the
label, header "Loại hình khen thưởng"), empty where nothing is recorded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import cli
from tests.projects import write_opendata_project
from tests.test_opendata import read_csv


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_opendata_project(tmp_path_factory.mktemp("commendation"))
    profile = root / "profiles" / "nguyen-thi-hoa.yml"
    text = profile.read_text("utf-8")
    recorded = "    issuer_level: state\n    commendation_type: dot-xuat\n"
    assert text.count("    issuer_level: state\n") == 1
    profile.write_text(text.replace("    issuer_level: state\n", recorded), "utf-8")
    args = ["build", "--root", str(root), "--today", "2024-02-01"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return root / "site"


def test_the_csvs_carry_the_commendation_type(site: Path) -> None:
    en = read_csv(site / "du-lieu" / "honours.csv")
    vi = read_csv(site / "du-lieu" / "vinh-danh.csv")
    assert "commendation_type" in en[0] and "Loại hình khen thưởng" in vi[0]
    assert en[0].index("commendation_type") == vi[0].index("Loại hình khen thưởng")
    english = [dict(zip(en[0], row, strict=True)) for row in en[1:]]
    vietnamese = [dict(zip(vi[0], row, strict=True)) for row in vi[1:]]
    hoa = [r for r in english if r["award_id"] == "huan-chuong-lao-dong"]
    assert [r["commendation_type"] for r in hoa] == ["dot-xuat"]
    hoa_vi = [r for r in vietnamese if r["Mã danh hiệu"] == "huan-chuong-lao-dong"]
    assert [r["Loại hình khen thưởng"] for r in hoa_vi] == ["Khen thưởng đột xuất"]
    # Awards without a recorded type, and the lines of a decision's list: empty, not guessed.
    others = [r for r in english if r["award_id"] != "huan-chuong-lao-dong"]
    assert others and all(r["commendation_type"] == "" for r in others)


def test_the_workbook_carries_the_commendation_type(site: Path) -> None:
    data = (site / "du-lieu" / "vinh-danh.xlsx").read_bytes()
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Loại hình khen thưởng" in r)
    column, award = header.index("Loại hình khen thưởng"), header.index("Mã danh hiệu")
    body = rows[rows.index(header) + 1 :]
    assert [r[column] for r in body if r[award] == "huan-chuong-lao-dong"] == [
        "Khen thưởng đột xuất"
    ]
