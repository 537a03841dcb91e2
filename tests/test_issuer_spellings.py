"""One issuer, one row: the statistics group issuing authorities (and units) whatever the tone
placement ("Ủy ban"/"Uỷ ban"), case or spacing of each record, and show the spelling most
records use."""

from __future__ import annotations

from pathlib import Path

from generator.model.site import build_site
from generator.model.statsfigures import DirectiveFigures
from tests.test_directive_figures import CONFIG, HOANG_MAI

# One authority as four clerks typed it: old and new tone placement, capitals, double space.
SPELLINGS = [
    "Chủ tịch Ủy ban nhân dân phường Hoàng Mai",
    "Chủ tịch Uỷ ban nhân dân phường Hoàng Mai",
    "Chủ tịch Uỷ ban nhân dân  phường Hoàng Mai",
    "CHỦ TỊCH UỶ BAN NHÂN DÂN PHƯỜNG HOÀNG MAI",
    "Chủ tịch Uỷ ban nhân dân phường Hoàng Mai",
]
UNITS = ["Trường tiểu học Hòa Bình", "Trường Tiểu học Hoà Bình", "Trường Tiểu học Hoà Bình"]
GIVEN = ["An", "Bình", "Cúc", "Dung", "Em"]


def _profile(i: int, issuer: str) -> str:
    return f"""slug: nguoi-{i}
kind: individual
name: {{family: Lê, middle: Thị, given: {GIVEN[i]}}}
unit: {UNITS[i % len(UNITS)]}
locality: {HOANG_MAI}
awards:
  - {{award: giay-khen, year: 2024, issuer: "{issuer}"}}
"""


def test_spellings_of_one_issuer_are_one_row(tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    for i, issuer in enumerate(SPELLINGS):
        (tmp_path / "profiles" / f"nguoi-{i}.yml").write_text(_profile(i, issuer), "utf-8")
    site, report = build_site(tmp_path)
    assert site is not None, [p.format("en") for p in report]
    sections = {s.id: s for s in DirectiveFigures(site, site.published()).sections()}
    issuers = [(r.label, r.value) for r in sections["issuer_year"].rows if r.value]
    # The spelling three records share names the row (not the first met, nor the capitals).
    assert issuers == [("2024: Chủ tịch Uỷ ban nhân dân phường Hoàng Mai (cấp cơ sở)", 5)]
    units = [(r.label, r.value) for r in sections["unit_year"].rows if r.value]
    assert units == [("2024: Trường Tiểu học Hoà Bình", 5)]
