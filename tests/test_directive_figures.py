"""The figures the directives ask for (issue #20: over-awarding, who is honoured over time):
every one recomputed from the fixture YAML with plain loops and compared with the built CSV
and the statistics page's tables; the check's warning for one achievement rewarded twice.

Expected figures never come from generator.model.statistics or generator.model.statsfigures:
levels come from the award data file, special zones from the administrative-unit table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.build import build_project
from generator.model.site import build_site
from tests.test_statistics import admin_rows, award_rows, csv_rows, page_tables

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 1, 15)
SITE_URL = "https://vinhdanh.example.vn/"

CONFIG = f"""\
site_name: Bảng vàng chỉ số
site_url: {SITE_URL}
site_description: Bảng vàng minh họa cho kiểm thử các chỉ số theo chỉ thị
owner: Ban Thi đua - Khen thưởng
illustrative: true
data_licence: {{id: CC-BY-4.0, name: CC BY 4.0}}
unit_sizes:
  - name: Công ty Ánh Dương
    issuers: [Giám đốc Công ty Ánh Dương]
    size: 20
    year: 2024
    source: Báo cáo lao động năm 2024
  - name: Trường Tiểu học Sơn Ca
    size: 40
    source: Báo cáo đầu năm học
"""

HOANG_MAI = '{province: Hà Nội, commune: Hoàng Mai, code: "00331", as_of: 2025-08-15}'
LY_SON = '{province: Quảng Ngãi, commune: Đặc khu Lý Sơn, code: "21548", as_of: 2025-10-02}'
QUOC_KHANH = (
    '{province: Lạng Sơn, commune: Quốc Khánh, code: "06004", as_of: 2025-12-01, '
    "area: [border, mountain]}"
)
DIRECTOR = "Giám đốc Công ty Ánh Dương"
CITY = "Chủ tịch Ủy ban nhân dân thành phố Hà Nội"

PROFILES = {
    "nguyen-thi-an": f"""slug: nguyen-thi-an
kind: individual
name: {{family: Nguyễn, middle: Thị, given: An}}
gender: female
work_role: leadership
unit: Công ty Ánh Dương
locality: {HOANG_MAI}
awards:
  - {{award: giay-khen, year: 2024, issuer: {DIRECTOR}, commendation_type: qua-trinh-cong-hien}}
  - {{award: lao-dong-tien-tien, year: 2024, issuer: {DIRECTOR}, commendation_type: thuong-xuyen}}
  - {{award: bang-khen-bo-ban-nganh-tinh, year: 2023, issuer: {CITY}}}
""",
    "tran-van-binh": f"""slug: tran-van-binh
kind: individual
name: {{family: Trần, middle: Văn, given: Bình}}
gender: male
work_role: frontline
unit: Công ty Ánh Dương
locality: {LY_SON}
awards:
  - {{award: lao-dong-tien-tien, year: 2024, issuer: {DIRECTOR}, commendation_type: thuong-xuyen}}
  - award: chien-si-thi-dua-co-so
    year: 2024
    issuer: "Giám đốc  công ty Ánh Dương"
    commendation_type: thuong-xuyen
    citation: "Có sáng kiến sắp xếp lại ca làm việc."
  - award: giay-khen
    year: 2024
    issuer: Chủ tịch Ủy ban nhân dân phường Hoàng Mai
    commendation_type: dot-xuat
    citation: "có sáng kiến sắp xếp lại ca làm việc"
  - award: bang-khen-thu-tuong
    year: 2020
    issuer: Thủ tướng Chính phủ
    commendation_type: qua-trinh-cong-hien
    status: revoked
    revocation: {{number: 9/QĐ-TTg, date: 2021-03-02}}
""",
    "le-van-cuong": f"""slug: le-van-cuong
kind: individual
name: {{family: Lê, middle: Văn, given: Cường}}
scale: small
locality: {QUOC_KHANH}
awards:
  - {{award: huan-chuong-lao-dong, class: ba, year: 2019, commendation_type: doi-ngoai}}
""",
    "pham-thi-dung": f"""slug: pham-thi-dung
kind: individual
name: {{family: Phạm, middle: Thị, given: Dung}}
gender: female
work_role: other
unit: Trường Tiểu học Sơn Ca
locality: {QUOC_KHANH}
awards:
  - {{award: chien-si-thi-dua-co-so, year: 2023, issuer: Hiệu trưởng Trường Tiểu học Sơn Ca}}
""",
    "to-dan-pho-so-5": f"""slug: to-dan-pho-so-5
kind: collective
name: {{full: Tổ dân phố số 5 phường Hoàng Mai}}
locality: {HOANG_MAI}
awards:
  - award: giay-khen
    year: 2024
    issuer: Chủ tịch Ủy ban nhân dân phường Hoàng Mai
    commendation_type: theo-dot
""",
    "cong-ty-anh-duong": f"""slug: cong-ty-anh-duong
kind: collective
scale: large
name: {{full: Công ty Ánh Dương}}
unit: Doanh nghiệp, khoảng 20 lao động
locality: {HOANG_MAI}
awards:
  - award: bang-khen-bo-ban-nganh-tinh
    year: 2024
    issuer: {CITY}
    commendation_type: thuong-xuyen
""",
    "mo-hinh-ban-moi": f"""slug: mo-hinh-ban-moi
kind: model
name: {{full: Mô hình Bản mới không có người vi phạm pháp luật}}
locality: {QUOC_KHANH}
awards:
  - {{award: giay-khen, year: 2025}}
""",
    "hop-tac-xa-song-xanh": f"""slug: hop-tac-xa-song-xanh
kind: collective
name: {{full: Hợp tác xã Sông Xanh}}
locality: {LY_SON}
awards:
  - {{award: bang-khen-bo-ban-nganh-tinh, year: 2025, issuer: {CITY}}}
""",
    "vo-thi-de-xuat": f"""slug: vo-thi-de-xuat
kind: individual
name: {{family: Võ, middle: Thị, given: Đềxuất}}
gender: female
work_role: leadership
unit: Công ty Ánh Dương
locality: {HOANG_MAI}
awards:
  - {{award: giay-khen, year: 2024, issuer: {DIRECTOR}, commendation_type: qua-trinh-cong-hien}}
status: proposed
proposal:
  award: huan-chuong-lao-dong
  class: ba
  window_start: 2026-01-05
  window_end: 2026-01-30
  comments_to: banthidua@example.vn
""",
}

# The public wording (the output's spec).
UNKNOWN = "chua-ro"
ROLE_LABELS = {
    "frontline": "Trực tiếp sản xuất, lao động, chiến đấu",
    "leadership": "Lãnh đạo, quản lý",
    "other": "Công việc khác",
    UNKNOWN: "Chưa rõ",
}
COVERAGE_LABELS = {
    "classified": "Biên giới, hải đảo, miền núi hoặc đặc biệt khó khăn",
    UNKNOWN: "Chưa được phân loại",
}
AREA_LABELS = {
    "border": "Biên giới",
    "island": "Hải đảo, đặc khu",
    "mountain": "Miền núi, vùng cao",
    "disadvantaged": "Đặc biệt khó khăn",
    UNKNOWN: "Chưa được phân loại",
}
SCALE_LABELS = {
    "small": "Tập thể nhỏ (tổ, đội, thôn, bản, ấp, tổ dân phố…)",
    "large": "Tập thể khác đã ghi quy mô",
    UNKNOWN: "Chưa ghi quy mô",
}
TYPE_LABELS = {
    "thuong-xuyen": "Khen thưởng thường xuyên",
    "theo-dot": "Khen thưởng theo đợt, chuyên đề",
    "dot-xuat": "Khen thưởng đột xuất",
    "qua-trinh-cong-hien": "Khen thưởng quá trình cống hiến",
    "nien-han": "Khen thưởng theo niên hạn",
    "doi-ngoai": "Khen thưởng đối ngoại",
    UNKNOWN: "Chưa ghi loại khen thưởng",
}
GENDER_LABELS = {"female": "Nữ", "male": "Nam", UNKNOWN: "Chưa ghi giới tính"}
ISSUER_UNKNOWN = "Chưa ghi cơ quan, người ra quyết định"
UNIT_UNKNOWN = "Chưa ghi cơ quan, đơn vị"
ALL_YEARS = "Tất cả các năm"
ALL_LEVELS = "Tất cả các cấp"
SMALL_WORDS = {"tổ", "đội", "thôn", "bản", "ấp", "xóm", "buôn", "làng", "phum", "sóc", "khóm"}


def write_project(root: Path) -> Path:
    """The fixture roll: a config with unit sizes and nine profiles."""
    (root / "profiles").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    for slug, text in PROFILES.items():
        (root / "profiles" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture roll, built once."""
    root = write_project(tmp_path_factory.mktemp("directives"))
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    return root


# --- the expected figures, from the YAML -----------------------------------------------------


Pair = tuple[dict[str, Any], dict[str, Any]]


class Expected:
    """Cross tables and rankings of the fixture, keyed by public labels."""

    def __init__(self) -> None:
        awards, self.levels, _forms = award_rows()
        self.level_of = {key: row["level"] for key, row in awards.items()}
        zones = {code for (_era, code), row in admin_rows().items() if row["type"] == "Đặc khu"}
        self.pairs: list[Pair] = []
        self.areas: dict[str, list[str]] = {}
        for text in PROFILES.values():
            profile = yaml.safe_load(text)
            if profile.get("status", "published") != "published":
                continue
            found = list(profile["locality"].get("area", []))
            if profile["locality"]["code"] in zones:
                found.append("island")
            self.areas[profile["slug"]] = found
            for award in profile["awards"]:
                if award.get("status", "active") == "active":
                    self.pairs.append((profile, award))

    def level(self, award: dict[str, Any]) -> str:
        return str(self.levels[self.level_of[award["award"]]])

    def cross(
        self,
        pairs: list[Pair],
        group: Callable[[dict[str, Any], dict[str, Any]], str],
        series: Callable[[dict[str, Any], dict[str, Any]], list[str]],
        labels: dict[str, str],
        overall: str,
    ) -> dict[str, dict[str, int]]:
        """Group label -> series label -> count, with the overall row; zeros left out."""
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for profile, award in pairs:
            for key in series(profile, award):
                table[overall][labels[key]] += 1
                table[group(profile, award)][labels[key]] += 1
        return {g: dict(+c) for g, c in table.items()}

    def by_year(self, pairs: list[Pair], series: Any, labels: dict[str, str]) -> Any:
        return self.cross(pairs, lambda _p, a: str(a["year"]), series, labels, ALL_YEARS)

    def by_level(self, pairs: list[Pair], series: Any, labels: dict[str, str]) -> Any:
        return self.cross(pairs, lambda _p, a: self.level(a), series, labels, ALL_LEVELS)

    def individuals(self) -> list[Pair]:
        return [(p, a) for p, a in self.pairs if p["kind"] == "individual"]

    def collectives(self) -> list[Pair]:
        return [(p, a) for p, a in self.pairs if p["kind"] in ("collective", "model")]

    def scale(self, profile: dict[str, Any]) -> str:
        if profile.get("scale"):
            return str(profile["scale"])
        first = profile["name"]["full"].split()[0].lower()
        return "small" if first in SMALL_WORDS else UNKNOWN

    def unit(self, profile: dict[str, Any]) -> str | None:
        if profile["kind"] in ("collective", "model"):
            return str(profile["name"]["full"])
        return profile.get("unit")

    def figures(self) -> dict[str, dict[str, Any]]:
        """Section id -> expected table."""
        gender = lambda p, _a: [p.get("gender") or UNKNOWN]  # noqa: E731
        role = lambda p, _a: [p.get("work_role") or UNKNOWN]  # noqa: E731
        coverage = lambda p, _a: ["classified" if self.areas[p["slug"]] else UNKNOWN]  # noqa: E731
        area = lambda p, _a: sorted(set(self.areas[p["slug"]])) or [UNKNOWN]  # noqa: E731
        kind = lambda _p, a: [a.get("commendation_type") or UNKNOWN]  # noqa: E731
        scale = lambda p, _a: [self.scale(p)]  # noqa: E731
        issuers: Counter[str] = Counter()
        units: Counter[str] = Counter()
        sizes: Counter[str] = Counter()
        for profile, award in self.pairs:
            issuer = award.get("issuer")
            key = " ".join(issuer.lower().split()) if issuer else None
            # The first spelling met names the issuer (the fixture's first profile).
            name = {"giám đốc công ty ánh dương": DIRECTOR}.get(key or "", issuer)
            level = self.level(award).lower()
            year = award["year"]
            issuers[f"{year}: {name} ({level})" if issuer else ISSUER_UNKNOWN] += 1
            unit = self.unit(profile)
            units[f"{year}: {unit}" if unit else UNIT_UNKNOWN] += 1
            if unit == "Công ty Ánh Dương" or key == "giám đốc công ty ánh dương":
                sizes[f"{year}: Công ty Ánh Dương (20 người)"] += 1
            elif unit == "Trường Tiểu học Sơn Ca":
                sizes[f"{year}: Trường Tiểu học Sơn Ca (40 người)"] += 1
        return {
            "issuer_year": dict(issuers),
            "unit_year": dict(units),
            "unit_size": dict(sizes),
            "year_work_role": self.by_year(self.pairs, role, ROLE_LABELS),
            "year_area_coverage": self.by_year(self.pairs, coverage, COVERAGE_LABELS),
            "year_area": self.by_year(self.pairs, area, AREA_LABELS),
            "collective_scale": self.by_level(self.collectives(), scale, SCALE_LABELS),
            "commendation_type": self.by_level(self.pairs, kind, TYPE_LABELS),
            "women_level": self.by_level(self.individuals(), gender, GENDER_LABELS),
            "women_year": self.by_year(self.individuals(), gender, GENDER_LABELS),
        }


RANKINGS = ("issuer_year", "unit_year", "unit_size")


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, Any]]:
    """The independent figures."""
    return Expected().figures()


def _count(text: str) -> int:
    return int(text.split()[0].replace(".", ""))


def test_fixture_exercises_every_figure(expected: dict[str, dict[str, Any]]) -> None:
    # Each figure has variety: several rows, an unrecorded row, more than one year or level.
    assert expected["issuer_year"][ISSUER_UNKNOWN] == 2
    assert expected["issuer_year"][f"2024: {DIRECTOR} (cấp cơ sở)"] == 4
    assert expected["unit_year"]["2024: Công ty Ánh Dương"] == 6
    assert expected["unit_size"]["2024: Công ty Ánh Dương (20 người)"] == 6
    assert len(expected["year_work_role"]) >= 4
    assert set(expected["collective_scale"][ALL_LEVELS]) == set(SCALE_LABELS.values())
    assert expected["commendation_type"][ALL_LEVELS][TYPE_LABELS[UNKNOWN]] == 4
    assert set(expected["women_level"][ALL_LEVELS]) == set(GENDER_LABELS.values())


def test_csv_matches_the_independent_count(
    built: Path, expected: dict[str, dict[str, Any]]
) -> None:
    rows = csv_rows(built)
    for section, want in expected.items():
        got: dict[str, Any] = {}
        for row in rows:
            if row["section"] != section or row["value"] == "0":
                continue
            if section in RANKINGS:
                got[row["label"]] = int(row["value"])
            else:
                group, _, label = row["label"].partition(" / ")
                got.setdefault(group, {})[label] = int(row["value"])
        assert got == want, section


def test_unit_size_shares_are_awards_per_person(built: Path) -> None:
    rows = [r for r in csv_rows(built) if r["section"] == "unit_size"]
    assert rows[0]["label"] == "2024: Công ty Ánh Dương (20 người)"  # the heaviest first
    assert rows[0]["share"] == "0.3000"  # 6 awards, 20 people
    shares = [float(r["share"]) for r in rows]
    assert shares == sorted(shares, reverse=True)


def test_page_tables_match_the_independent_count(
    built: Path, expected: dict[str, dict[str, Any]]
) -> None:
    tables = page_tables(built / "site" / "thong-ke" / "index.html")
    for section, want in expected.items():
        rows = tables[f"tk-{section.replace('_', '-')}"]
        assert rows, section
        if section in RANKINGS:
            got = {row[0]: _count(row[1]) for row in rows if _count(row[1])}
        else:
            head = tables_head(built, section)
            got = {}
            for row in rows:
                cells = {head[i]: _count(c) for i, c in enumerate(row[1:-1]) if _count(c)}
                if cells:
                    got[row[0]] = cells
                # The total column is the group's count (overlapping areas: its awards).
                if section != "year_area":
                    assert _count(row[-1]) == sum(cells.values()), (section, row)
        assert got == want, section


def tables_head(built: Path, section: str) -> list[str]:
    """The series labels of a cross table's header row (after the group column)."""
    html = (built / "site" / "thong-ke" / "index.html").read_text("utf-8")
    block = html[html.index(f'id="tk-{section.replace("_", "-")}"') :]
    head = block[block.index("<thead>") : block.index("</thead>")]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<th scope="col">(.*?)</th>', head)]
    return cells[1:-1]


def test_unrecorded_is_a_row_of_its_own(built: Path) -> None:
    tables = page_tables(built / "site" / "thong-ke" / "index.html")
    assert tables["tk-issuer-year"][-1][0] == ISSUER_UNKNOWN
    assert tables["tk-unit-year"][-1][0] == UNIT_UNKNOWN
    for section, label in (
        ("commendation-type", TYPE_LABELS[UNKNOWN]),
        ("women-level", GENDER_LABELS[UNKNOWN]),
        ("collective-scale", SCALE_LABELS[UNKNOWN]),
    ):
        assert tables_head(built, section.replace("-", "_"))[-1] == label


def test_every_new_figure_has_a_chart_a_table_and_links(built: Path) -> None:
    html = (built / "site" / "thong-ke" / "index.html").read_text("utf-8")
    site = built / "site"
    for section in (
        "issuer-year",
        "unit-year",
        "unit-size",
        "year-work-role",
        "year-area-coverage",
        "collective-scale",
        "commendation-type",
        "women-level",
        "women-year",
    ):
        start = html.index(f'id="tk-{section}"')
        block = html[start : html.index("</table>", start)]
        assert "<svg" in block, section
        assert "<table" in block, section
        links = re.findall(r'<a href="([^"]+)"', block)
        assert links, section
    # The rolls the new figures link to exist.
    for path in (
        "danh-sach/quy-mo/tap-the-nho/",
        "danh-sach/quy-mo/tap-the-lon/",
        "danh-sach/loai-khen-thuong/qua-trinh-cong-hien/",
    ):
        assert (site / path / "index.html").is_file(), path
    small = (site / "danh-sach/quy-mo/tap-the-nho/index.html").read_text("utf-8")
    assert "Tổ dân phố số 5" in small and "Công ty Ánh Dương" not in small
    for row in csv_rows(built):
        link = row["link"]
        if link and not link[len(SITE_URL) :].startswith("tim-kiem/"):
            assert (site / link[len(SITE_URL) :].partition("#")[0] / "index.html").is_file()


def test_check_warns_of_one_achievement_rewarded_twice(built: Path) -> None:
    _site, report = build_site(built)
    assert not report.errors, [p.format("en") for p in report.errors]
    found = [p for p in report.warnings if p.code == "award.same_achievement"]
    assert len(found) == 1
    problem = found[0]
    assert problem.path == "profiles/tran-van-binh.yml"
    text = PROFILES["tran-van-binh"].splitlines()
    assert "có sáng kiến sắp xếp lại ca làm việc" in text[problem.line - 1]
    assert "Điều 5" in problem.format("vi") and "Art. 5" in problem.format("en")
    assert "award 2" in problem.format("en")


def test_check_warns_of_a_scale_on_a_person_and_a_foreign_type_at_home(built: Path) -> None:
    _site, report = build_site(built)
    text = PROFILES["le-van-cuong"].splitlines()
    found = {p.code: p for p in report.warnings if p.path == "profiles/le-van-cuong.yml"}
    assert set(found) == {"profile.scale_not_collective", "award.foreign_type_domestic"}
    assert text[found["profile.scale_not_collective"].line - 1].startswith("scale:")
    assert "doi-ngoai" in text[found["award.foreign_type_domestic"].line - 1]
    assert "individual" in found["profile.scale_not_collective"].format("en")


def test_gender_is_not_published_per_person(built: Path) -> None:
    # Only totals: no profile page, roll or API document says a person's gender.
    for page in (built / "site").rglob("*.html"):
        if "thong-ke" in page.parts:
            continue
        text = page.read_text("utf-8")
        assert "Giới tính" not in text and '"gender"' not in text, page
