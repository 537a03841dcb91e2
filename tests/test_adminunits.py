"""Tests for generator.reference.adminunits against real facts of the shipped table.

Only ``test_table_matches_source`` reads the source data (../shared/data/admin-units beside the
repository); it is skipped where that is absent. Everything else uses the packaged table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from generator.reference.adminunits import (
    NEW_ERA,
    OLD_ERA,
    REFORM_DATE,
    AdminUnits,
    Era,
    Unit,
    era_at,
    load_admin_units,
    name_key,
    parse_table,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "admin-units"


@pytest.fixture(scope="module")
def au() -> AdminUnits:
    return load_admin_units()


def codes(units: list[Unit]) -> list[str]:
    return [u.code for u in units]


def unit(au: AdminUnits, era: Era, code: str) -> Unit:
    found = au.by_code(era, code)
    assert found is not None, (era, code)
    return found


# -- the table -----------------------------------------------------------------------------------


def test_counts(au: AdminUnits) -> None:
    assert len(au.provinces(OLD_ERA)) == 63
    assert len(au.units(OLD_ERA, 2)) == 696
    assert len(au.units(OLD_ERA, 3)) == 10_047
    assert len(au.provinces(NEW_ERA)) == 34
    assert au.units(NEW_ERA, 2) == []
    assert len(au.units(NEW_ERA, 3)) == 3_321


def test_types_are_normalised(au: AdminUnits) -> None:
    def types(era: Era, level: int) -> Counter[str]:
        return Counter(u.type for u in au.units(era, level))

    assert types(OLD_ERA, 1) == {"Tỉnh": 57, "Thành phố": 6}
    # The source writes "Thị Xã" 3 times, "Thành Phố" twice and "Thị Trấn" 12 times.
    assert types(OLD_ERA, 2) == {"Huyện": 508, "Thành phố": 87, "Thị xã": 52, "Quận": 49}
    assert types(OLD_ERA, 3) == {"Xã": 7704, "Phường": 1726, "Thị trấn": 617}
    assert types(NEW_ERA, 1) == {"Tỉnh": 28, "Thành phố": 6}
    assert types(NEW_ERA, 3) == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}
    assert unit(au, OLD_ERA, "30341").full_name == "Thị trấn Long Bình"  # "Thị Trấn" in the source
    assert unit(au, OLD_ERA, "24667").name == "Đắk Lao"  # " Đắk Lao" in the source


def test_table_is_consistent(au: AdminUnits) -> None:
    for era in (OLD_ERA, NEW_ERA):
        for level in (1, 2, 3):
            for u in au.units(era, level):
                assert u.name == unicodedata.normalize("NFC", u.name) == u.name.strip()
                if level == 1:
                    assert u.parent is None
                else:
                    parent = unit(au, era, u.parent or "")
                    expected = 1 if era == NEW_ERA or level == 2 else 2
                    assert parent.level == expected
                for code in u.successors:
                    assert au.by_code(NEW_ERA, code) is not None
                if era == NEW_ERA:
                    assert u.successors == ()


def test_every_old_province_goes_into_exactly_one_new_province(au: AdminUnits) -> None:
    new = {u.code for u in au.provinces(NEW_ERA)}
    went_into: Counter[str] = Counter()
    for old in au.provinces(OLD_ERA):
        assert len(old.successors) == 1 and old.successors[0] in new and not old.partial
        went_into[old.successors[0]] += 1
    assert set(went_into) == new
    assert sum(went_into.values()) == 63
    assert went_into["44"] == 2  # Quảng Bình + Quảng Trị
    assert went_into["79"] == 3  # Hồ Chí Minh + Bình Dương + Bà Rịa - Vũng Tàu
    # Old communes stay in their province's new province, with one source error left out.
    for old in au.units(OLD_ERA, 3):
        province = au.current_province(old)
        for new_commune in au.current_units(old):
            assert au.current_province(new_commune) == province


def test_codes_are_reused_across_eras_for_different_units(au: AdminUnits) -> None:
    assert unit(au, OLD_ERA, "44").full_name == "Tỉnh Quảng Bình"
    assert unit(au, NEW_ERA, "44").full_name == "Tỉnh Quảng Trị"
    assert unit(au, OLD_ERA, "45").full_name == "Tỉnh Quảng Trị"
    assert au.by_code(NEW_ERA, "45") is None
    assert unit(au, OLD_ERA, "00004").full_name == "Phường Trúc Bạch"
    assert unit(au, NEW_ERA, "00004").full_name == "Phường Ba Đình"
    assert au.by_code(NEW_ERA, "469") is None  # no districts today


def test_structure(au: AdminUnits) -> None:
    assert [u.name for u in au.provinces(NEW_ERA)][:3] == ["Hà Nội", "Cao Bằng", "Tuyên Quang"]
    assert unit(au, NEW_ERA, "01").full_name == "Thành phố Hà Nội"
    assert unit(au, NEW_ERA, "46").full_name == "Thành phố Huế"
    assert len(au.children(NEW_ERA, "01")) == 126
    assert len(au.children(NEW_ERA, "44")) == 78
    triệu_phong = au.children(OLD_ERA, "469")
    assert len(triệu_phong) == 16
    assert all(u.parent == "469" and u.level == 3 for u in triệu_phong)
    assert "Triệu Thành" in {u.name for u in triệu_phong}
    assert [u.full_name for u in au.ancestors(unit(au, OLD_ERA, "19678"))] == [
        "Huyện Triệu Phong",
        "Tỉnh Quảng Trị",
    ]
    assert au.children(OLD_ERA, "471") == []  # Huyện Cồn Cỏ had no communes


# -- across the reform ---------------------------------------------------------------------------


def test_quang_tri_and_quang_binh_merged(au: AdminUnits) -> None:
    today = unit(au, NEW_ERA, "44")
    for old_code in ("44", "45"):
        assert au.current_units(unit(au, OLD_ERA, old_code)) == [today]
    # Huyện Triệu Phong, Tỉnh Quảng Trị: every commune now in today's Tỉnh Quảng Trị.
    for commune in au.children(OLD_ERA, "469"):
        assert au.current_province(commune) == today
        assert all(u.parent == "44" for u in au.current_units(commune))
    triệu_thành = unit(au, OLD_ERA, "19678")
    assert [u.full_name for u in au.current_units(triệu_thành)] == ["Xã Triệu Phong"]
    # ... and so is Đồng Hới, from Quảng Bình.
    đồng_hới = au.find(OLD_ERA, 2, "thành phố Đồng Hới")
    assert codes(đồng_hới) == ["450"] and au.current_province(đồng_hới[0]) == today


def test_ha_noi_wards(au: AdminUnits) -> None:
    trúc_bạch = unit(au, OLD_ERA, "00004")
    assert trúc_bạch.successors == ("00004",) and not trúc_bạch.partial
    assert [u.full_name for u in au.current_units(trúc_bạch)] == ["Phường Ba Đình"]
    phúc_xá = unit(au, OLD_ERA, "00001")
    assert [(u.code, u.full_name) for u in au.current_units(phúc_xá)] == [
        ("00097", "Phường Hồng Hà")
    ]
    cống_vị = unit(au, OLD_ERA, "00007")  # split between two new wards
    assert cống_vị.partial
    assert [u.full_name for u in au.current_units(cống_vị)] == [
        "Phường Ngọc Hà",
        "Phường Giảng Võ",
    ]
    assert unit(au, OLD_ERA, "001").full_name == "Quận Ba Đình"
    ba_đình = unit(au, NEW_ERA, "00004")
    assert au.current_units(ba_đình) == [ba_đình]
    assert au.current_province(ba_đình).full_name == "Thành phố Hà Nội"


def test_current_province_for_each_level(au: AdminUnits) -> None:
    quảng_trị = unit(au, NEW_ERA, "44")
    assert au.current_province(unit(au, OLD_ERA, "19678")) == quảng_trị  # commune
    assert au.current_province(unit(au, OLD_ERA, "469")) == quảng_trị  # district
    assert au.current_province(unit(au, OLD_ERA, "45")) == quảng_trị  # province
    assert au.current_province(unit(au, OLD_ERA, "44")) == quảng_trị  # Quảng Bình
    assert au.current_province(quảng_trị) == quảng_trị
    assert au.current_province(unit(au, NEW_ERA, "19624")) == quảng_trị
    # Thủ Dầu Một (Bình Dương) is now in Thành phố Hồ Chí Minh.
    thủ_dầu_một = au.find(OLD_ERA, 2, "TP Thủ Dầu Một")
    assert au.current_province(thủ_dầu_một[0]).full_name == "Thành phố Hồ Chí Minh"


def test_districts(au: AdminUnits) -> None:
    # An ordinary district went into its province's new province ...
    assert au.current_units(unit(au, OLD_ERA, "469")) == [unit(au, NEW_ERA, "44")]
    # ... the island districts without communes became special zones.
    côn_cỏ = unit(au, OLD_ERA, "471")
    assert [u.full_name for u in au.current_units(côn_cỏ)] == ["Đặc khu Cồn Cỏ"]
    islands = [u for u in au.units(OLD_ERA, 2) if u.successors]
    assert sorted(u.name for u in islands) == [
        "Bạch Long Vĩ",
        "Côn Đảo",
        "Cồn Cỏ",
        "Hoàng Sa",
        "Lý Sơn",
    ]


def test_source_error_left_out(au: AdminUnits) -> None:
    # The source maps Xã Tân Phú (Châu Thành, An Giang) into Tân Phú Trung, Đồng Tháp.
    tân_phú = unit(au, OLD_ERA, "30622")
    assert tân_phú.full_name == "Xã Tân Phú" and tân_phú.successors == ()
    assert au.current_units(tân_phú) == [unit(au, NEW_ERA, "91")]
    assert au.current_province(tân_phú).full_name == "Tỉnh An Giang"


def test_era_at() -> None:
    assert date(2025, 7, 1) == REFORM_DATE
    assert era_at(date(2019, 5, 1)) == OLD_ERA
    assert era_at(date(2025, 6, 30)) == OLD_ERA
    assert era_at(date(2025, 7, 1)) == NEW_ERA


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("era", "level", "name", "parent", "expected"),
    [
        (OLD_ERA, 1, "tỉnh Quảng Trị", None, ["45"]),
        (NEW_ERA, 1, "tỉnh Quảng Trị", None, ["44"]),
        (NEW_ERA, 1, "Quảng Trị", None, ["44"]),
        (NEW_ERA, 1, "TP. Hồ Chí Minh", None, ["79"]),
        (NEW_ERA, 1, "TP.HCM", None, ["79"]),
        (NEW_ERA, 1, "Thành phố Huế", None, ["46"]),
        (OLD_ERA, 1, "tỉnh Thừa Thiên Huế", None, ["46"]),
        (NEW_ERA, 1, "ha noi", None, ["01"]),
        (OLD_ERA, 1, "Bà Rịa-Vũng Tàu", None, ["77"]),
        (OLD_ERA, 1, "Hòa Bình", None, ["17"]),  # the source writes "Hoà Bình"
        (OLD_ERA, 1, "Hoà Bình", None, ["17"]),
        (OLD_ERA, 2, "H. Triệu Phong", None, ["469"]),
        (OLD_ERA, 2, "huyen trieu phong", "45", ["469"]),
        (OLD_ERA, 2, "Kỳ Anh", "42", ["447", "449"]),  # huyện and thị xã
        (OLD_ERA, 2, "huyện Kỳ Anh", "42", ["447"]),
        (OLD_ERA, 2, "TX Kỳ Anh", "42", ["449"]),
        (OLD_ERA, 2, "Tịnh Biên", None, ["890"]),  # not "tỉnh Biên"
        (OLD_ERA, 2, "Tinh Bien", None, ["890"]),
        (OLD_ERA, 2, "Q.1", "79", ["760"]),
        (OLD_ERA, 2, "Cư M’gar", None, ["648"]),
        (OLD_ERA, 3, "xã Triệu Thành", None, ["15685", "19678"]),  # Thanh Hóa, Quảng Trị
        (OLD_ERA, 3, "xã Triệu Thành", "469", ["19678"]),
        (OLD_ERA, 3, "Xa Trieu Thanh", "45", ["19678"]),  # any ancestor
        (OLD_ERA, 3, "Triệu  Thành", "45", ["19678"]),
        (OLD_ERA, 3, "Phường 01", "770", ["27160"]),
        (OLD_ERA, 3, "Phường Đúc", None, ["19780"]),  # Phường Phường Đúc in Huế
        (OLD_ERA, 3, "Phuong Duc", None, ["10279", "19780"]),  # or Xã Phượng Dực
        (OLD_ERA, 3, "Phường Trúc Bạch", "01", ["00004"]),
        (NEW_ERA, 3, "phường Ba Đình", "01", ["00004"]),
        (NEW_ERA, 3, "Đặc khu Côn Đảo", None, ["26732"]),
        (NEW_ERA, 3, "Xã Triệu Phong", "44", ["19624"]),
        (NEW_ERA, 3, "Triệu Thành", None, []),  # gone
        (OLD_ERA, 3, "Triệu Thành", "46", []),  # not there
    ],
)
def test_find(
    au: AdminUnits, era: Era, level: int, name: str, parent: str | None, expected: list[str]
) -> None:
    assert codes(au.find(era, level, name, parent)) == expected


def test_find_nfd_and_tone_placement(au: AdminUnits) -> None:
    nfd = unicodedata.normalize("NFD", "Xã Triệu Thành")
    assert nfd != "Xã Triệu Thành"
    assert codes(au.find(OLD_ERA, 3, nfd, "469")) == ["19678"]
    nfd_province = unicodedata.normalize("NFD", "Tỉnh Quảng Trị")
    assert codes(au.find(NEW_ERA, 1, nfd_province)) == ["44"]
    # Old and new tone placement: the source writes "Quận Bình Thuỷ".
    for spelling in ("Bình Thuỷ", "Bình Thủy", "binh thuy"):
        assert [u.full_name for u in au.find(OLD_ERA, 2, spelling, "92")] == ["Quận Bình Thuỷ"]


def test_name_key() -> None:
    assert name_key("Bà Rịa – Vũng Tàu") == name_key("Ba Ria-Vung Tau") == "ba ria vung tau"
    assert name_key("Ea H’leo") == name_key("Ea H'Leo") == "ea hleo"
    assert name_key("Phường 05") == "phuong 5"


def test_suggest(au: AdminUnits) -> None:
    hints = au.suggest(OLD_ERA, 3, "xã Triệu Thàng", "469")
    assert hints[0].code == "19678"
    assert len(hints) <= 3
    assert au.suggest(NEW_ERA, 1, "Quang Tri")[0].full_name == "Tỉnh Quảng Trị"
    assert au.suggest(NEW_ERA, 1, "Thành phố Hồ Chí Min")[0].code == "79"
    assert au.suggest(NEW_ERA, 3, "Phường Ba Đìnhh", "01", n=1) == [unit(au, NEW_ERA, "00004")]
    assert au.suggest(OLD_ERA, 2, "Triệu Fong", "45")[0].code == "469"
    assert au.suggest(NEW_ERA, 1, "xyzzy") == []


# -- loading -------------------------------------------------------------------------------------


def shipped_bytes() -> bytes:
    return resources.files("generator").joinpath("data/admin_units.tsv").read_bytes()


def test_shipped_file() -> None:
    data = shipped_bytes()
    assert len(data) < 1_000_000
    text = data.decode("utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert text.startswith("# ") and "daohoangson/dvhcvn" in text.splitlines()[0]
    assert "dvhcvn/20250701" in text.splitlines()[0]
    notice = resources.files("generator").joinpath("data/NOTICE-admin-units.md").read_text("utf-8")
    assert "GPL-3.0" in notice and "MIT" in notice


def test_load_is_cached() -> None:
    # Its speed (~40 ms, ~50 ms of a build's check) is a benchmark's figure, not a test's: a
    # time limit failed under CI's load (the check's stages: docs/performance.md).
    assert load_admin_units() is load_admin_units()
    units = parse_table(shipped_bytes().decode("utf-8"))
    codes = [(u.era, u.code) for u in units]
    assert len(codes) > 10_000  # both eras' provinces, districts and communes
    assert load_admin_units().by_codes(codes) == AdminUnits(units).by_codes(codes)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/admin-units not present")
def test_table_matches_source(tmp_path: Path, au: AdminUnits) -> None:
    """The only test that reads the source: rebuild the table, and check it against the JSON."""
    out = tmp_path / "admin_units.tsv"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_admin_units.py"), str(SHARED), "--out", out],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == shipped_bytes()

    # Independently of the build script: every old unit with its parent, every new commune
    # with its province, every merge with its successor.
    units = json.loads((SHARED / "units-2025-03-01.json").read_text("utf-8"))
    seen = 0
    for prov in units:
        assert unit(au, OLD_ERA, prov[0]).parent is None
        for dist in prov[4]:
            assert unit(au, OLD_ERA, dist[0]).parent == prov[0]
            for comm in dist[4] if len(dist) > 4 else []:
                old = unit(au, OLD_ERA, comm[0])
                assert old.parent == dist[0]
                assert name_key(old.name) == name_key(comm[1])
                seen += 1
    assert seen == 10_047
    merges = json.loads((SHARED / "merger-2025-07-01-new-to-old.json").read_text("utf-8"))
    assert len(merges["data"]) == 34
    assert sum(len(p["level2s"]) for p in merges["data"]) == 3_321
    for prov in merges["data"]:
        assert unit(au, NEW_ERA, prov["level1_id"]).full_name == prov["name"]
        for comm in prov["level2s"]:
            new = unit(au, NEW_ERA, comm["level2_id"])
            assert new.parent == prov["level1_id"] and new.full_name == comm["name"]
            for merge in comm["merges"]:
                old = unit(au, OLD_ERA, merge["old_id"])
                assert (new.code in old.successors) or (old.code, new.code) == ("30622", "30259")
                assert old.partial == (merge["type"] == "partial")
