"""Households (hộ gia đình) as a recipient kind: name form, check, import, rolls, statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.editors.cells import kind_of_name
from generator.editors.drafts import name_fields
from generator.model.entries import split_household_name
from generator.model.site import build_site
from tests.projects import write_small_project as write_project
from tests.test_check import errors_for, run_check

HOUSEHOLD = """\
slug: ho-ong-lo-van-a
kind: household
name: {form: ho-ong, family: Lò, middle: Văn, given: A}
locality: {province: Điện Biên, commune: Mường Phăng, as_of: 2025-08-01}
awards:
  - award: gia-dinh-van-hoa
    year: 2025
    decision_number: 45/QĐ-UBND
    decision_date: 2025-12-20
    issuer: Chủ tịch UBND xã Mường Phăng
    issuer_level: commune
"""


def test_household_with_gia_dinh_van_hoa_passes(tmp_path: Path) -> None:
    code, lines = run_check(write_project(tmp_path, **{"profiles__ho-ong-lo-van-a.yml": HOUSEHOLD}))
    assert code == 0, lines


def test_gia_dinh_van_hoa_is_not_for_a_collective(tmp_path: Path) -> None:
    text = HOUSEHOLD.replace("kind: household", "kind: collective").replace(
        "name: {form: ho-ong, family: Lò, middle: Văn, given: A}", "name: {full: Hộ ông Lò Văn A}"
    )
    lines = errors_for(tmp_path, **{"profiles__ho-ong-lo-van-a.yml": text})
    assert lines == [
        "profiles/ho-ong-lo-van-a.yml:6:5: awards[0].award: 'gia-dinh-van-hoa' is not given "
        "to a collective (only to: household)"
    ]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("{family: Lò, middle: Văn, given: A}", "name"),  # no form
        ("{form: ho-ong, full: Hộ ông Lò Văn A}", "name"),  # full is for collectives
    ],
)
def test_household_name_needs_form_and_parts(tmp_path: Path, name: str, field: str) -> None:
    text = HOUSEHOLD.replace("{form: ho-ong, family: Lò, middle: Văn, given: A}", name)
    lines = errors_for(tmp_path, **{"profiles__ho-ong-lo-van-a.yml": text})
    assert len(lines) == 1
    assert lines[0].startswith(f"profiles/ho-ong-lo-van-a.yml:3:1: {field}: a household needs")


def test_form_is_for_households_only(tmp_path: Path) -> None:
    text = HOUSEHOLD.replace("kind: household", "kind: individual")
    lines = errors_for(tmp_path, **{"profiles__ho-ong-lo-van-a.yml": text})
    assert any("name.form is for households only" in line for line in lines), lines


def test_posthumous_stays_for_individuals(tmp_path: Path) -> None:
    text = HOUSEHOLD + "    posthumous: true\n"
    lines = errors_for(tmp_path, **{"profiles__ho-ong-lo-van-a.yml": text})
    assert any("only individuals can be honoured posthumously" in line for line in lines)


def test_display_name_and_sort_by_the_heads_given_name(tmp_path: Path) -> None:
    other = HOUSEHOLD.replace("ho-ong-lo-van-a", "gia-dinh-ba-bach-thi-ba").replace(
        "{form: ho-ong, family: Lò, middle: Văn, given: A}",
        "{form: gia-dinh-ba, family: Bạch, middle: Thị, given: Ba}",
    )
    root = write_project(
        tmp_path,
        **{
            "profiles__ho-ong-lo-van-a.yml": HOUSEHOLD,
            "profiles__gia-dinh-ba-bach-thi-ba.yml": other,
        },
    )
    site, report = build_site(root)
    assert site is not None and not report.errors
    households = [e for e in site.published() if e.profile.kind == "household"]
    # "A" before "Ba": by the head's given name, never by the "Hộ"/"Gia đình" words.
    assert [e.display_name for e in households] == ["Hộ ông Lò Văn A", "Gia đình bà Bạch Thị Ba"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hộ ông Lò Văn A", ("ho-ong", "Lò Văn A")),
        ("hộ bà Bạch Thị Ba", ("ho-ba", "Bạch Thị Ba")),
        ("Hộ gia đình ông Nguyễn Văn Tư", ("ho-gia-dinh-ong", "Nguyễn Văn Tư")),
        ("Gia đình bà Trần Thị Năm", ("gia-dinh-ba", "Trần Thị Năm")),
        ("Hồ Văn Sáu", None),  # Hồ is a family name, Hộ a household
        ("Hộ", None),
    ],
)
def test_split_household_name(text: str, expected: tuple[str, str] | None) -> None:
    assert split_household_name(text) == expected


def test_name_fields_and_kind_of_name() -> None:
    assert name_fields("household", "Gia đình ông Lò Văn A") == {
        "form": "gia-dinh-ong",
        "family": "Lò",
        "middle": "Văn",
        "given": "A",
    }
    assert kind_of_name("Hộ gia đình ông Lò Văn A") == "household"
    assert kind_of_name("Gia đình bà Bạch Thị Ba") == "household"
    assert kind_of_name("Hồ Văn Sáu") is None
    assert kind_of_name("Hợp tác xã Tân Phú") == "collective"


def test_import_files_household_rows_as_households(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli
    from generator.source.load import load_yaml_document

    root = write_project(tmp_path / "site")
    table = tmp_path / "ds.csv"
    table.write_text(
        "STT,Họ và tên,Tỉnh,Xã,Khen thưởng,Số quyết định,Ngày quyết định\n"
        "1,Hộ ông Lò Văn A,Điện Biên,Mường Phăng,Gia đình văn hóa,45/QĐ-UBND,20/12/2025\n"
        "2,Gia đình bà Bạch Thị Ba,Điện Biên,Mường Phăng,Gia đình văn hóa,45/QĐ-UBND,20/12/2025\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import", str(table), "--root", str(root)])
    assert result.exit_code == 0, result.output
    written = sorted((root / "profiles").rglob("*.yml"))
    docs = [load_yaml_document(p.read_bytes(), p.name).data for p in written]
    households = {d["slug"]: d for d in docs if d["kind"] == "household"}
    assert len(households) == 2, [d["kind"] for d in docs]
    names = sorted(json.dumps(d["name"], ensure_ascii=False) for d in households.values())
    assert names == [
        '{"form": "gia-dinh-ba", "family": "Bạch", "middle": "Thị", "given": "Ba"}',
        '{"form": "ho-ong", "family": "Lò", "middle": "Văn", "given": "A"}',
    ]


def test_new_profile_scaffolds_a_household(tmp_path: Path) -> None:
    from editors_project import check, run

    from generator.source.load import load_yaml_document
    from tests.projects import write_editors_project

    root = write_editors_project(tmp_path)
    code, output = run(
        "new", "profile", "--root", str(root), "--lang", "en", "--yes",
        "--kind", "household", "--name", "Hộ bà Lò Thị Xuân", "--province", "Điện Biên",
        "--commune", "Mường Phăng", "--as-of", "2025-08-01", "--award", "Gia đình văn hóa",
        "--year", "2025", "--decision-number", "45/QĐ-UBND", "--decision-date", "2025-12-20",
    )  # fmt: skip
    assert code == 0, output
    relpath = "profiles/dien-bien/ho-ba-lo-thi-xuan.yml"
    data = load_yaml_document((root / relpath).read_bytes(), relpath).data
    assert data["kind"] == "household"
    assert data["name"] == {"form": "ho-ba", "family": "Lò", "middle": "Thị", "given": "Xuân"}
    assert check(root)[0] == 0
