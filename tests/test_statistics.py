"""Statistics: every figure recomputed independently from the fixture YAML and compared with the
built CSV, the page's tables and the model's figures; SVGs, privacy, timeline, W3C and axe.

The expected figures come from plain loops over the fixture files, the award data file and the
administrative-unit table (read here as text), never from generator.model.statistics.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.build import build_project
from generator.model.site import build_site
from generator.model.statistics import compute_statistics, statistics_csv
from generator.source.documents import SECTORS, TARGET_GROUPS
from generator.vntext import slugify
from tests.browser import ServedSite, node_tool, open_probe

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 1, 15)
SITE_URL = "https://vinhdanh.example.vn/"
SVG_NS = "{http://www.w3.org/2000/svg}"

CONFIG = f"""\
site_name: Bảng vàng thống kê
site_url: {SITE_URL}
site_description: Bảng vàng minh họa cho kiểm thử thống kê
owner: Ban Thi đua - Khen thưởng
illustrative: true
data_licence: {{id: CC-BY-4.0, name: CC BY 4.0}}
page_size: 5
area_lists:
  - area: disadvantaged
    source: "Quyết định số 1/QĐ-TTg (thử nghiệm) phê duyệt danh sách xã đặc biệt khó khăn"
    url: "https://example.vn/qd-1"
    era: "2025-07"
    codes: ["19624", "99999"]
  - area: mountain
    source: "Quyết định số 2/QĐ-TTg (thử nghiệm) phê duyệt danh sách xã miền núi"
    era: "2025-03"
    codes: ["00715"]
"""

CAMPAIGNS = {
    "phong-trao-a": """\
---
slug: phong-trao-a
title: Phong trào A đã tổng kết
launched_by: Thủ tướng Chính phủ
level: national
start: 2016-01-01
end: 2020-12-31
status: completed
milestones:
  - {kind: phat-dong, date: 2016-03-01}
  - {kind: so-ket, date: 2018-06-01}
  - {kind: bao-cao, date: 2020-10-01}
  - {kind: tong-ket, date: 2020-11-01}
---
Phong trào A.
""",
    "phong-trao-b": """\
---
slug: phong-trao-b
title: Phong trào B đang triển khai, một tên rất dài để thử việc xuống dòng và cắt chữ trong biểu đồ
launched_by: Ủy ban nhân dân tỉnh
level: province
start: 2023-01-01
end: 2027-12-31
milestones:
  - {kind: phat-dong, date: 2023-02-01}
  - {kind: so-ket, date: 2025-06-30}
---
Phong trào B.
""",
}

LY_SON = '{province: Quảng Ngãi, commune: Đặc khu Lý Sơn, code: "21548", as_of: 2025-10-02}'
CON_DAO = '{province: Bà Rịa - Vũng Tàu, district: Côn Đảo, code: "755", as_of: 2020-01-01}'
HAM_NINH = (
    '{province: Kiên Giang, district: Phú Quốc, commune: Hàm Ninh, code: "31093", '
    "as_of: 2023-08-18}"
)
QUOC_KHANH = (
    '{province: Lạng Sơn, commune: Quốc Khánh, code: "06004", as_of: 2025-12-01, '
    "area: [border, mountain]}"
)
TRIEU_PHONG = '{province: Quảng Trị, commune: Triệu Phong, code: "19624", as_of: 2025-09-15}'
TRIEU_THANH = (
    '{province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, code: "19678", '
    "as_of: 2019-05-01}"
)
LUNG_CU = (
    '{province: Hà Giang, district: Đồng Văn, commune: Lũng Cú, code: "00715", as_of: 2022-11-20}'
)
HOANG_MAI = '{province: Hà Nội, commune: Hoàng Mai, code: "00331", as_of: 2025-08-15}'


def _person(slug: str, family: str, given: str, extra: str) -> str:
    return (
        f"slug: {slug}\nkind: individual\nname: {{family: {family}, middle: Văn, given: {given}}}\n"
        + extra
    )


PROFILES = {
    "tran-van-dao": _person(
        "tran-van-dao",
        "Trần",
        "Đảo",
        f"""work_role: frontline
sector: nong-nghiep
target_groups: [ngu-dan, nguoi-lao-dong-truc-tiep]
locality: {LY_SON}
campaigns: [phong-trao-b]
awards:
  - {{award: huan-chuong-lao-dong, class: ba, year: 2019, campaign: phong-trao-a}}
  - award: bang-khen-thu-tuong
    year: 2020
    status: revoked
    revocation: {{number: 9/QĐ-TTg, date: 2021-03-02}}
  - {{award: giay-khen, year: 2025, campaign: phong-trao-b}}
""",
    ),
    "le-van-con": _person(
        "le-van-con",
        "Lê",
        "Côn",
        f"""work_role: leadership
sector: hanh-chinh
target_groups: [can-bo-cong-chuc]
locality: {CON_DAO}
awards:
  - {{award: bang-khen-bo-ban-nganh-tinh, year: 2018, campaign: phong-trao-a}}
  - {{award: chien-si-thi-dua-co-so, year: 2017}}
  - {{award: lao-dong-tien-tien, year: 2016, status: refused}}
""",
    ),
    "to-ham-ninh": f"""slug: to-ham-ninh
kind: collective
name: {{full: Tổ hợp tác khai thác hải sản Hàm Ninh}}
sector: nong-nghiep
locality: {HAM_NINH}
awards:
  - {{award: bang-khen-thu-tuong, year: 2023}}
  - {{award: co-thi-dua-chinh-phu, year: 2022}}
""",
    "mo-hinh-quoc-khanh": f"""slug: mo-hinh-quoc-khanh
kind: model
name: {{full: Mô hình Tổ tự quản đường biên Quốc Khánh}}
work_role: frontline
sector: dan-van
target_groups: [dan-quan-tu-ve]
locality: {QUOC_KHANH}
campaigns: [phong-trao-b]
awards:
  - {{award: giay-khen, year: 2025, campaign: phong-trao-b}}
""",
    "pham-van-phong": _person(
        "pham-van-phong",
        "Phạm",
        "Phong",
        f"""work_role: other
target_groups: [nong-dan]
locality: {TRIEU_PHONG}
awards:
  - {{award: bang-khen-bo-ban-nganh-tinh, year: 2025}}
  - award: lao-dong-tien-tien
    year: 2024
    status: revoked
    revocation: {{number: 3/QĐ-UBND, date: 2025-02-01}}
""",
    ),
    "vo-van-thanh": _person(
        "vo-van-thanh",
        "Võ",
        "Thành",
        f"""work_role: frontline
sector: nong-nghiep
target_groups: [nong-dan]
locality: {TRIEU_THANH}
campaigns: [phong-trao-a]
awards:
  - {{award: lao-dong-tien-tien, year: 2019}}
  - {{award: chien-si-thi-dua-co-so, year: 2019}}
""",
    ),
    "giang-van-cu": _person(
        "giang-van-cu",
        "Giàng",
        "Cú",
        f"""work_role: frontline
sector: giao-duc
target_groups: [nha-giao]
locality: {LUNG_CU}
awards:
  - {{award: huan-chuong-bao-ve-to-quoc, class: nhi, year: 2021, campaign: phong-trao-b}}
""",
    ),
    "hoang-van-mai": _person(
        "hoang-van-mai",
        "Hoàng",
        "Mai",
        f"""ethnicity: Tày
birth_year: 1937
consent: {{ethnicity: false, birth_date: false}}
locality: {HOANG_MAI}
awards:
  - {{award: lao-dong-tien-tien, year: 2024}}
""",
    ),
    "nguyen-van-dexuat": _person(
        "nguyen-van-dexuat",
        "Nguyễn",
        "Đềxuất",
        f"""work_role: leadership
locality: {LY_SON}
campaigns: [phong-trao-b]
awards:
  - {{award: huan-chuong-lao-dong, class: nhat, year: 2024, campaign: phong-trao-b}}
status: proposed
proposal:
  award: anh-hung-lao-dong
  window_start: 2026-01-05
  window_end: 2026-01-30
  comments_to: banthidua@example.vn
""",
    ),
    "dinh-van-rutlui": _person(
        "dinh-van-rutlui",
        "Đinh",
        "Rútlui",
        f"""work_role: leadership
locality: {QUOC_KHANH}
campaigns: [phong-trao-a]
awards:
  - {{award: huan-chuong-lao-dong, class: nhat, year: 2020, campaign: phong-trao-a}}
status: withdrawn
withdrawal: {{date: 2025-01-01, reason: Yêu cầu gỡ}}
""",
    ),
}
HIDDEN_NAMES = ("Đềxuất", "Rútlui")

# The public wording of labels that are not vocabulary of the data (the output's spec).
KIND_LABELS = {"individual": "Cá nhân", "collective": "Tập thể", "model": "Mô hình"}
ROLE_LABELS = {
    "frontline": "Trực tiếp sản xuất, lao động, chiến đấu",
    "leadership": "Lãnh đạo, quản lý",
    "other": "Công việc khác",
    "chua-ro": "Chưa rõ",
}
AREA_LABELS = {
    "border": "Biên giới",
    "island": "Hải đảo, đặc khu",
    "mountain": "Miền núi, vùng cao",
    "disadvantaged": "Đặc biệt khó khăn",
}
COVERAGE_LABELS = {
    "da-phan-loai": "Biên giới, hải đảo, miền núi hoặc đặc biệt khó khăn",
    "chua-ro": "Chưa được phân loại",
}
NO_CAMPAIGN = "Không gắn với phong trào thi đua"
NO_SECTOR = "Chưa ghi lĩnh vực"
NO_GROUP = "Chưa ghi đối tượng"


def write_project(root: Path) -> Path:
    """The fixture roll: config with area lists, two campaigns, ten profiles."""
    (root / "profiles").mkdir(parents=True)
    (root / "content" / "campaigns").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    for slug, text in CAMPAIGNS.items():
        (root / "content" / "campaigns" / f"{slug}.md").write_text(text, encoding="utf-8")
    for slug, text in PROFILES.items():
        (root / "profiles" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture roll, built once (root; the site is in root/site)."""
    root = write_project(tmp_path_factory.mktemp("stats"))
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    return root


# --- the expected figures, computed without generator.model.statistics ----------------------------


def admin_rows() -> dict[tuple[str, str], dict[str, Any]]:
    """The administrative-unit table as plain rows keyed by (era, code)."""
    text = resources.files("generator").joinpath("data/admin_units.tsv").read_text("utf-8")
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        era, level, code, type_, name, parent, succ = line.split("\t")
        rows[(era, code)] = {
            "level": int(level),
            "type": type_,
            "name": name,
            "parent": parent or None,
            "successors": [s for s in succ.replace("~", "").split(";") if s],
            "partial": "~" in succ,
        }
    return rows


def award_rows() -> tuple[dict[str, dict[str, str]], dict[str, str], dict[str, str]]:
    """Awards (level, form, display name), level names and form names from the data file."""
    data = yaml.safe_load(
        resources.files("generator").joinpath("data/awards.yml").read_text("utf-8")
    )
    awards = {}
    for award in data["awards"]:
        name = award["vi"]
        for renamed in award.get("renamed") or []:
            name = renamed["vi"]
        awards[award["id"]] = {"level": award["level"], "form": award["form"], "name": name}
    levels = {item["id"]: item["vi"] for item in data["levels"]}
    forms = {item["id"]: item["vi"] for item in data["forms"]}
    return awards, levels, forms


class Expected:
    """Every figure of the fixture roll, from plain loops over its YAML."""

    def __init__(self, root: Path) -> None:
        self.admin = admin_rows()
        self.awards, self.level_names, self.form_names = award_rows()
        config = yaml.safe_load((root / "site_config.yml").read_text(encoding="utf-8"))
        self.lists = config["area_lists"]
        self.campaign_titles = {}
        for path in sorted((root / "content" / "campaigns").glob("*.md")):
            front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
            self.campaign_titles[front["slug"]] = front["title"]
        self.profiles = []
        for path in sorted((root / "profiles").glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if data.get("status", "published") == "published":
                self.profiles.append(data)
        self.zones = {
            code
            for (era, code), row in self.admin.items()
            if era == "2025-07" and row["type"] == "Đặc khu"
        }

    def era(self, profile: dict[str, Any]) -> str:
        return "2025-03" if profile["locality"]["as_of"] < dt.date(2025, 7, 1) else "2025-07"

    def province(self, profile: dict[str, Any]) -> tuple[str, str]:
        """(slug, full name) of today's province."""
        era = self.era(profile)
        row = self.admin[(era, profile["locality"]["code"])]
        while row["parent"] is not None:
            row = self.admin[(era, row["parent"])]
        if era == "2025-03":
            row = self.admin[("2025-07", row["successors"][0])]
        return slugify(row["name"]), f"{row['type']} {row['name']}"

    def is_old_island(self, code: str) -> bool:
        row = self.admin[("2025-03", code)]
        if row["successors"] and all(s in self.zones for s in row["successors"]):
            return True
        if row["level"] == 2:
            children = [
                c for (era, c), r in self.admin.items() if era == "2025-03" and r["parent"] == code
            ]
            return bool(children) and all(self.is_old_island(c) for c in children)
        return False

    def areas(self, profile: dict[str, Any]) -> set[str]:
        locality = profile["locality"]
        found = set(locality.get("area", []))
        era, code = self.era(profile), locality["code"]
        if era == "2025-07" and self.admin[(era, code)]["type"] == "Đặc khu":
            found.add("island")
        if era == "2025-03":
            chain = [code]
            while self.admin[(era, chain[-1])]["parent"] is not None:
                chain.append(self.admin[(era, chain[-1])]["parent"])
            if any(self.is_old_island(c) for c in chain if self.admin[(era, c)]["level"] > 1):
                found.add("island")
        for item in self.lists:
            if item["era"] == era and code in item["codes"]:
                found.add(item["area"])
            row = self.admin[(era, code)]
            if (
                era == "2025-03"
                and item["era"] == "2025-07"
                and row["level"] == 3
                and not row["partial"]
                and row["successors"]
                and all(s in item["codes"] for s in row["successors"])
            ):
                found.add(item["area"])
        return found

    def pairs(self, profiles: list[dict[str, Any]] | None = None) -> list[tuple[dict, dict]]:
        """(profile, award record) for every award in force."""
        chosen = self.profiles if profiles is None else profiles
        return [
            (p, a)
            for p in chosen
            for a in p.get("awards", [])
            if a.get("status", "active") == "active"
        ]

    def figures(self, profiles: list[dict[str, Any]] | None = None) -> dict[str, Counter[str]]:
        """Section id -> key -> count, for a set of profiles (all published by default)."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for profile, award in self.pairs(profiles):
            info = self.awards[award["award"]]
            out["level"][info["level"]] += 1
            out["form"][info["form"]] += 1
            out["award"][award["award"]] += 1
            out["year"][str(award["year"])] += 1
            out["province"][self.province(profile)[0]] += 1
            out["campaign"][award.get("campaign") or "chua-ro"] += 1
            out["kind"][profile["kind"]] += 1
            out["sector"][profile.get("sector") or "chua-ro"] += 1
            for group in profile.get("target_groups") or ["chua-ro"]:
                out["target_group"][group] += 1
            role = profile.get("work_role") or "chua-ro"
            out["work_role"][role] += 1
            out[f"work_role@{info['level']}"][role] += 1
            areas = self.areas(profile)
            out["area_coverage"]["da-phan-loai" if areas else "chua-ro"] += 1
            for area in areas:
                out["area"][area] += 1
        chosen = self.profiles if profiles is None else profiles
        for profile in chosen:
            for award in profile.get("awards", []):
                if award.get("status") == "revoked":
                    out["revoked_by_year"][str(award["revocation"]["date"].year)] += 1
        return out

    def members(self, slug: str) -> list[dict[str, Any]]:
        """Published profiles of a campaign: listed, or named by one of their awards in force."""
        return [
            p
            for p in self.profiles
            if slug in p.get("campaigns", [])
            or any(
                a.get("campaign") == slug and a.get("status", "active") == "active"
                for a in p.get("awards", [])
            )
        ]

    def labels(self, section: str) -> dict[str, str]:
        """Key -> public label, for the CSV and the tables."""
        if section == "level":
            return self.level_names
        if section == "form":
            return self.form_names
        if section == "award":
            return {k: v["name"] for k, v in self.awards.items()}
        if section == "province":
            return dict(self.province(p) for p in self.profiles)
        if section == "campaign":
            return {**self.campaign_titles, "chua-ro": NO_CAMPAIGN}
        if section == "kind":
            return KIND_LABELS
        if section == "sector":
            return {**{k: v[0] for k, v in SECTORS.items()}, "chua-ro": NO_SECTOR}
        if section == "target_group":
            return {**{k: v[0] for k, v in TARGET_GROUPS.items()}, "chua-ro": NO_GROUP}
        if section == "work_role":
            return ROLE_LABELS
        if section == "area":
            return AREA_LABELS
        if section == "area_coverage":
            return COVERAGE_LABELS
        return {}


@pytest.fixture(scope="module")
def expected(built: Path) -> Expected:
    """The independent figures of the built fixture."""
    return Expected(built)


def csv_rows(root: Path) -> list[dict[str, str]]:
    """The built CSV, decoded."""
    data = (root / "site" / "thong-ke" / "statistics.csv").read_bytes()  # English headers
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_section(rows: list[dict[str, str]], section: str) -> dict[str, int]:
    """Label -> value of one CSV section."""
    return {r["label"]: int(r["value"]) for r in rows if r["section"] == section}


def by_label(counts: Counter[str], labels: dict[str, str]) -> dict[str, int]:
    """An expected Counter keyed by public labels (zero rows left out)."""
    return {labels.get(key, key): value for key, value in counts.items() if value}


SIMPLE_SECTIONS = [
    "level",
    "form",
    "award",
    "year",
    "province",
    "campaign",
    "kind",
    "sector",
    "target_group",
    "area",
    "area_coverage",
    "revoked_by_year",
]


# --- figures ----------------------------------------------------------------------------------


def test_fixture_builds_with_only_the_expected_warnings(built: Path) -> None:
    _site, report = build_site(built)
    assert not report.errors
    codes = sorted(p.code for p in report.warnings)
    assert "config.area_code_unknown" in codes
    unknown = next(p for p in report.warnings if p.code == "config.area_code_unknown")
    assert unknown.path == "site_config.yml"
    assert "99999" in unknown.format("vi")


def test_model_figures_match_the_independent_count(built: Path, expected: Expected) -> None:
    site, _ = build_site(built)
    assert site is not None
    stats = compute_statistics(site, TODAY)
    want = expected.figures()
    for section_id in SIMPLE_SECTIONS:
        section = stats.section(section_id)
        got = {row.key: row.value for row in section.rows if row.value}
        assert got == dict(+want[section_id]), section_id
    role = stats.section("work_role")
    for stack in role.stacks[1:]:
        got = {row.key: row.value for row in stack.rows if row.value}
        assert got == dict(+want[f"work_role@{stack.key}"]), stack.key
    assert stats.awards == len(expected.pairs())
    assert stats.profiles == len(expected.profiles)
    assert stats.revoked == sum(want["revoked_by_year"].values())


def test_csv_matches_the_independent_count(built: Path, expected: Expected) -> None:
    rows = csv_rows(built)
    assert list(rows[0]) == ["section", "label", "value", "share", "link"]
    want = expected.figures()
    total = len(expected.pairs())
    for section_id in SIMPLE_SECTIONS:
        got = {k: v for k, v in csv_section(rows, section_id).items() if v}
        assert got == by_label(want[section_id], expected.labels(section_id)), section_id
    # Shares: of every award in force; revoked ones of every award ever given.
    for row in rows:
        if row["section"] in ("level", "form", "year", "kind", "area"):
            assert row["share"] == f"{int(row['value']) / total:.4f}", row
        if row["section"] == "revoked_by_year":
            revoked = sum(want["revoked_by_year"].values())
            assert row["share"] == f"{int(row['value']) / (total + revoked):.4f}", row
    overview = csv_section(rows, "overview")
    assert overview["Hồ sơ đã công bố"] == len(expected.profiles)
    assert overview["Lượt khen thưởng còn hiệu lực"] == total


def test_csv_province_and_campaign_figures(built: Path, expected: Expected) -> None:
    rows = csv_rows(built)
    by_province: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for profile in expected.profiles:
        by_province[expected.province(profile)[0]].append(profile)
    for slug, profiles in by_province.items():
        want = expected.figures(profiles)
        got = {k: v for k, v in csv_section(rows, f"province/{slug}/province_level").items() if v}
        assert got == by_label(want["level"], expected.level_names), slug
        got = {k: v for k, v in csv_section(rows, f"province/{slug}/province_kind").items() if v}
        assert got == by_label(want["kind"], KIND_LABELS), slug
        got = {
            k: v for k, v in csv_section(rows, f"province/{slug}/province_work_role").items() if v
        }
        assert got == by_label(want["work_role"], ROLE_LABELS), slug
        got = {k: v for k, v in csv_section(rows, f"province/{slug}/province_area").items() if v}
        assert got == by_label(want["area_coverage"], COVERAGE_LABELS), slug
    for slug in CAMPAIGNS:
        members = expected.members(slug)
        provinces = Counter(expected.province(p)[1] for p in members)
        assert csv_section(rows, f"campaign/{slug}/campaign_province") == dict(provinces)
        groups: Counter[str] = Counter()
        for profile in members:
            for group in profile.get("target_groups") or ["chua-ro"]:
                groups[group] += 1
        got = csv_section(rows, f"campaign/{slug}/campaign_target_group")
        assert got == by_label(groups, expected.labels("target_group"))
        levels = Counter(
            expected.awards[a["award"]]["level"]
            for _, a in expected.pairs(members)
            if a.get("campaign") == slug
        )
        got = {k: v for k, v in csv_section(rows, f"campaign/{slug}/campaign_level").items() if v}
        assert got == by_label(levels, expected.level_names)


def test_fixture_exercises_every_area_source(expected: Expected) -> None:
    found = {p["slug"]: expected.areas(p) for p in expected.profiles}
    assert found["tran-van-dao"] == {"island"}  # today's special zone
    assert found["le-van-con"] == {"island"}  # old island district without communes
    assert found["to-ham-ninh"] == {"island"}  # old commune of an island district
    assert found["mo-hinh-quoc-khanh"] == {"border", "mountain"}  # set by the editor
    assert found["pham-van-phong"] == {"disadvantaged"}  # current-era list
    assert found["vo-van-thanh"] == {"disadvantaged"}  # old commune merged into a listed one
    assert found["giang-van-cu"] == {"mountain"}  # old-era list
    assert found["hoang-van-mai"] == set()


def test_links_lead_to_existing_rolls(built: Path) -> None:
    site = built / "site"
    for row in csv_rows(built):
        link = row["link"]
        if not link:
            continue
        assert link.startswith(SITE_URL), link
        path = link[len(SITE_URL) :]
        if path.startswith("tim-kiem/"):
            assert path.startswith("tim-kiem/?q="), link
            continue
        page, _, fragment = path.partition("#")
        assert (site / page / "index.html").is_file(), link
        if fragment:
            assert f'id="{fragment}"' in (site / page / "index.html").read_text("utf-8"), link


def test_search_links_use_the_search_page_facets(built: Path) -> None:
    links = {r["link"] for r in csv_rows(built)}
    assert f"{SITE_URL}tim-kiem/?q=&cap=C%E1%BA%A5p%20Nh%C3%A0%20n%C6%B0%E1%BB%9Bc" in links
    assert any("tim-kiem/?q=&tinh=" in link and "&loai=" in link for link in links)
    assert any("tim-kiem/?q=&phong-trao=" in link and "&doi-tuong=" in link for link in links)
    assert any(link.startswith(f"{SITE_URL}tim-kiem/?q=&danh-hieu=") for link in links)


# --- the page ---------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Rows of the tables inside each statistics block (div id="tk-…"), as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = defaultdict(list)
        self.block: str | None = None
        self.depth = 0
        self.part = ""
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if tag == "div":
            if self.block is None and ident.startswith("tk-"):
                self.block, self.depth = ident, 0
            elif self.block is not None:
                self.depth += 1
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif tag == "tr" and self.block and self.part == "tbody":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.block is not None:
            if self.depth == 0:
                self.block = None
            else:
                self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.block is not None:
            self.tables[self.block].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def page_tables(path: Path) -> dict[str, list[list[str]]]:
    """The statistics tables of a built page, by block id."""
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def test_page_tables_match_the_independent_count(built: Path, expected: Expected) -> None:
    tables = page_tables(built / "site" / "thong-ke" / "index.html")
    want = expected.figures()
    for section_id in SIMPLE_SECTIONS:
        rows = tables[f"tk-{section_id.replace('_', '-')}"]
        got = {row[0]: int(row[1].replace(".", "")) for row in rows if row[1] != "0"}
        assert got == by_label(want[section_id], expected.labels(section_id)), section_id
    cross = tables["tk-work-role"]
    for row in cross[1:]:
        level = next(k for k, v in expected.level_names.items() if v == row[0])
        counts = [int(cell.split()[0]) for cell in row[1:-1]]
        keys = list(ROLE_LABELS)
        got = {keys[i]: n for i, n in enumerate(counts) if n}
        assert got == dict(+want[f"work_role@{level}"]), row


def test_province_roll_shows_compact_figures_on_its_first_page(
    built: Path, expected: Expected
) -> None:
    page = built / "site" / "danh-sach" / "tinh" / "quang-tri" / "index.html"
    tables = page_tables(page)
    profiles = [p for p in expected.profiles if expected.province(p)[0] == "quang-tri"]
    want = expected.figures(profiles)
    got = {r[0]: int(r[1]) for r in tables["tk-province-level"] if r[1] != "0"}
    assert got == by_label(want["level"], expected.level_names)
    got = {r[0]: int(r[1]) for r in tables["tk-province-area"] if r[1] != "0"}
    assert got == by_label(want["area_coverage"], COVERAGE_LABELS)
    other = (built / "site" / "danh-sach" / "ca-nhan" / "index.html").read_text("utf-8")
    assert "tk-province-level" not in other


def svgs(html: str) -> list[ET.Element]:
    """Every chart of a page, parsed as XML (fails on a malformed one); theme icons left out.
    In the HTML page an <svg> is in the SVG namespace without saying so (the built pages drop
    the redundant xmlns, generator.commands.htmlspace): given back here, as the HTML parser
    implies it."""
    found = re.findall(r'<svg\b[^>]*class="vd-chart".*?</svg>', html, flags=re.S)
    return [ET.fromstring(_in_svg_namespace(svg)) for svg in found]


def _in_svg_namespace(svg: str) -> str:
    if svg.split(">", 1)[0].find("xmlns=") != -1:
        return svg
    return svg.replace("<svg", f'<svg xmlns="{SVG_NS[1:-1]}"', 1)


def check_svg(svg: ET.Element) -> None:
    """An accessible image: role img, named by its own title and desc."""
    assert svg.tag == f"{SVG_NS}svg"
    assert svg.get("role") == "img"
    title_id, desc_id = (svg.get("aria-labelledby") or "").split()
    children = list(svg)
    assert children[0].tag == f"{SVG_NS}title" and children[0].get("id") == title_id
    assert children[1].tag == f"{SVG_NS}desc" and children[1].get("id") == desc_id
    assert (children[0].text or "").strip() and (children[1].text or "").strip()
    width = float((svg.get("viewBox") or "").split()[2])
    for text in svg.iter(f"{SVG_NS}text"):
        assert 0 <= float(text.get("x", "0")) <= width


def test_charts_are_well_formed_accessible_svg(built: Path) -> None:
    site = built / "site"
    pages = [
        site / "thong-ke" / "index.html",
        site / "phong-trao" / "phong-trao-a" / "index.html",
        site / "phong-trao" / "phong-trao-b" / "index.html",
        site / "danh-sach" / "tinh" / "quang-tri" / "index.html",
    ]
    ids: list[str] = []
    for page in pages:
        found = svgs(page.read_text(encoding="utf-8"))
        assert found, page
        for svg in found:
            check_svg(svg)
            ids.append(f"{page}:{svg.get('id')}")
    assert len(ids) == len(set(ids)), "chart ids repeat on a page"
    stats_page = (site / "thong-ke" / "index.html").read_text("utf-8")
    # Every chart has its data table (a caption and header cells with scope).
    assert stats_page.count("<caption>") >= stats_page.count('class="vd-chart"')
    assert 'scope="row"' in stats_page and 'scope="col"' in stats_page


def test_campaign_timeline_and_figures(built: Path) -> None:
    site = built / "site"
    active = (site / "phong-trao" / "phong-trao-b" / "index.html").read_text("utf-8")
    timeline = next(s for s in svgs(active) if (s.get("id") or "").startswith("moc-"))
    texts = [t.text or "" for t in timeline.iter(f"{SVG_NS}text")]
    assert "Hôm nay 15/01/2026" in texts
    assert "Phát động" in texts and "Sơ kết" in texts
    assert 'class="vd-timeline"' in active  # the list version
    assert "Khen thưởng trong phong trào theo cấp" in active
    done = (site / "phong-trao" / "phong-trao-a" / "index.html").read_text("utf-8")
    timeline = next(s for s in svgs(done) if (s.get("id") or "").startswith("moc-"))
    desc = timeline.find(f"{SVG_NS}desc")
    assert desc is not None and "phong trào đã kết thúc" in (desc.text or "")


def test_no_hidden_or_unconsented_data(built: Path) -> None:
    site = built / "site"
    texts = [
        (site / "thong-ke" / "index.html").read_text("utf-8"),
        (site / "thong-ke" / "thong-ke.csv").read_text("utf-8-sig"),
    ]
    for text in texts:
        for hidden in HIDDEN_NAMES:
            assert hidden not in text
        assert "Tày" not in text and "1937" not in text
        assert "dân tộc" not in text.replace("Không thống kê theo dân tộc", "")
    sections = {r["section"].split("/")[-1] for r in csv_rows(built)}
    assert not {s for s in sections if "ethnic" in s or "birth" in s or "religion" in s}


def test_area_sources_are_stated(built: Path) -> None:
    page = (built / "site" / "thong-ke" / "index.html").read_text("utf-8")
    assert "Quyết định số 1/QĐ-TTg (thử nghiệm)" in page
    assert "Quyết định số 2/QĐ-TTg (thử nghiệm)" in page
    assert "1 mã không có trong danh mục" in page
    assert "Chưa được phân loại" in page


def test_statistics_are_deterministic(built: Path) -> None:
    site, _ = build_site(built)
    assert site is not None
    first = statistics_csv(compute_statistics(site, TODAY), SITE_URL)
    site, _ = build_site(built)
    assert site is not None
    assert statistics_csv(compute_statistics(site, TODAY), SITE_URL) == first
    assert first.encode("utf-8") == (built / "site" / "thong-ke" / "thong-ke.csv").read_bytes()


def test_small_and_empty_rolls_build(tmp_path: Path) -> None:
    config = CONFIG.split("area_lists:")[0]
    open_campaign = CAMPAIGNS["phong-trao-b"].replace("end: 2027-12-31\n", "")
    for name, profiles in (("empty", {}), ("one", {"hoang-van-mai": PROFILES["hoang-van-mai"]})):
        root = tmp_path / name
        (root / "profiles").mkdir(parents=True)
        (root / "content" / "campaigns").mkdir(parents=True)
        (root / "site_config.yml").write_text(config, encoding="utf-8")
        path = root / "content" / "campaigns" / "phong-trao-b.md"
        path.write_text(open_campaign, encoding="utf-8")
        for slug, text in profiles.items():
            (root / "profiles" / f"{slug}.yml").write_text(text, encoding="utf-8")
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        page = (root / "site" / "thong-ke" / "index.html").read_text("utf-8")
        assert "Chưa có quyết định khen thưởng nào bị hủy bỏ, danh hiệu nào bị tước" in page
        for svg in svgs(page):
            check_svg(svg)
        if not profiles:
            assert "Chưa có số liệu" in page
        campaign = (root / "site" / "phong-trao" / "phong-trao-b" / "index.html").read_text()
        timeline = svgs(campaign)[0]
        assert "chưa ấn định ngày kết thúc" in (timeline.findtext(f"{SVG_NS}desc") or "")


# --- W3C checker and axe, on the demo site --------------------------------------------------

STATS_PAGES = [
    "thong-ke/",
    "phong-trao/lang-son-lao-dong-truc-tiep-bien-gioi/",
    "danh-sach/tinh/lang-son/",
]


def _article_lines(html: str) -> range:
    """Lines of the page's own content (the article), outside the theme's chrome."""
    start = html.index("<article")
    end = html.index("</article>")
    return range(html.count("\n", 0, start) + 1, html.count("\n", 0, end) + 2)


def test_statistics_pages_pass_the_w3c_checker(demo_project: Path) -> None:
    if subprocess.run(["java", "-version"], capture_output=True, check=False).returncode:
        pytest.skip("java not found")
    jar = node_tool("vnu-jar/build/dist/vnu.jar")
    files = [demo_project / "site" / path / "index.html" for path in STATS_PAGES]
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    ours = []
    for page in files:
        lines = _article_lines(page.read_text("utf-8"))
        ours += [
            f"{page.relative_to(demo_project)}:{m.get('lastLine')}: {m['message']}"
            for m in messages
            if m["url"].endswith(page.relative_to(demo_project / "site").as_posix())
            and m.get("lastLine") in lines
        ]
    assert not ours, "\n".join(ours)


def test_statistics_pages_have_no_serious_axe_violation(
    chromium: Any, demo_site: ServedSite
) -> None:
    axe = node_tool("axe-core/axe.min.js")
    with open_probe(chromium, demo_site, viewport={"width": 1280, "height": 900}) as probe:
        for path in STATS_PAGES:
            page = probe.goto(path)
            page.add_script_tag(path=str(axe))
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            serious = [
                f"{path}: {v['id']} ({v['impact']}): "
                + "; ".join(n["target"][0] for n in v["nodes"][:3])
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert not serious, "\n".join(serious)
            # Real font metrics: no chart text leaves its drawing.
            overflow = page.evaluate(
                """() => [...document.querySelectorAll('svg.vd-chart')].flatMap(svg => {
                    const width = svg.viewBox.baseVal.width;
                    return [...svg.querySelectorAll('text')].filter(t => {
                        const box = t.getBBox();
                        return box.x < -0.5 || box.x + box.width > width + 0.5;
                    }).map(t => svg.id + ': ' + t.textContent);
                })"""
            )
            assert not overflow, overflow
        probe.assert_clean()
