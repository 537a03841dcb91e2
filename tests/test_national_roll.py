"""A national roll without places: imported row by row, checked, built, shown, counted, found.

A list of 1952 Labour Heroes as a department would type it today: ten rows, Vietnamese headers
and no province column. Units name the places ("Ty Bưu điện Nghệ An", "Mỏ Cẩm Phả"); one unit
names none. Beside it, a foreign recipient written by hand. Everything runs from a clean
environment: `vinhdanh import FILE` with no other flag, then `check` and `build`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
from editors_project import run, write_project, write_xlsx

from generator.model.site import build_site
from generator.search.records import iter_search_records
from generator.source.load import load_yaml_document
from tests.browser import PageProbe, open_probe, serve
from tests.test_html_valid import is_known_material_error, run_vnu

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

SOURCE_DATE_EPOCH = "1768435200"  # 2026-01-15
SOURCE = "anh-hung-lao-dong-1952.xlsx"
UNKNOWN_NAME = "Cù Văn Lãm"
HEADER = [
    "STT",
    "Họ và tên",
    "Nghề nghiệp",
    "Đơn vị công tác",
    "Danh hiệu",
    "Năm",
    "Ngày quyết định",
]
# Row number in the sheet, name, position, unit, decision date.
PEOPLE: list[tuple[int, str, str, str | None, str | None]] = [
    (6, "Trần Văn Khoa", "Thợ máy", "Ty Bưu điện Nghệ An", "01/05/1952"),
    (7, "Đặng Văn Tuyển", "Thợ mỏ", "Mỏ Cẩm Phả", None),
    (8, UNKNOWN_NAME, "Kỹ sư quân giới", "Cục Quân giới", None),
    (9, "Nguyễn Thị Liễu", "Công nhân dệt", "Nhà máy Dệt Nam Định", None),
    (10, "Hoàng Văn Sáu", "Nông dân", "Đội sản xuất Vũ Thắng, tỉnh Thái Bình", None),
    (11, "Lê Văn Thiện", "Công nhân Khu gang thép Thái Nguyên", None, None),
    (12, "Phạm Thị Hạnh", "Y tá", "Bệnh viện Thanh Hóa", None),
    (13, "Vũ Đình Lực", "Công nhân", "Công trường đường sắt Lào Cai", None),
    (14, "Bùi Văn Hải", "Thợ lò", "Mỏ than Uông Bí", None),
    (15, "Đinh Thị Nga", "Công nhân", "Xí nghiệp Dệt Hà Nội", None),
]
ROWS: list[list[object]] = [
    ["CHỦ TỊCH NƯỚC VIỆT NAM DÂN CHỦ CỘNG HÒA"],
    ["DANH SÁCH ANH HÙNG LAO ĐỘNG"],
    ["(Tuyên dương tại Đại hội Chiến sĩ thi đua toàn quốc lần thứ nhất, năm 1952)"],
    [],
    HEADER,
    *(
        [i + 1, name, position, unit, "Anh hùng Lao động", 1952, date]
        for i, (_, name, position, unit, date) in enumerate(PEOPLE)
    ),
    [],
    [None, "Người lập biểu"],
]
# Row -> (file written, locality written, province inferred and the name it came from).
OLD_LIST = "danh mục đơn vị hành chính ngày 01/03/2025 (63 tỉnh, trước sắp xếp)"
EXPECTED: dict[int, tuple[str, dict[str, object], str, str]] = {
    6: (
        "nghe-an/tran-van-khoa",
        {"province": "Tỉnh Nghệ An", "code": "40", "as_of": "1952-05-01"},
        "Tỉnh Nghệ An",
        "“Nghệ An” là Tỉnh Nghệ An",
    ),
    7: (
        "quang-ninh/dang-van-tuyen",
        {"province": "Tỉnh Quảng Ninh"},
        "Tỉnh Quảng Ninh",
        "“Cẩm Phả” là Thành phố Cẩm Phả, Tỉnh Quảng Ninh",
    ),
    9: (
        "ninh-binh/nguyen-thi-lieu",  # Nam Định is part of Ninh Bình since 2025-07-01
        {"province": "Tỉnh Nam Định"},
        "Tỉnh Nam Định",
        "“Nam Định” là Tỉnh Nam Định",
    ),
    10: (
        "hung-yen/hoang-van-sau",
        {"province": "Tỉnh Thái Bình"},
        "Tỉnh Thái Bình",
        "“Thái Bình” là Tỉnh Thái Bình",
    ),
    11: (
        "thai-nguyen/le-van-thien",
        {"province": "Tỉnh Thái Nguyên"},
        "Tỉnh Thái Nguyên",
        "“Thái Nguyên” là Tỉnh Thái Nguyên",
    ),
    12: (
        "thanh-hoa/pham-thi-hanh",
        {"province": "Tỉnh Thanh Hóa"},
        "Tỉnh Thanh Hóa",
        "“Thanh Hóa” là Tỉnh Thanh Hóa",
    ),
    13: (
        "lao-cai/vu-dinh-luc",
        {"province": "Tỉnh Lào Cai"},
        "Tỉnh Lào Cai",
        "“Lào Cai” là Tỉnh Lào Cai",
    ),
    14: (
        "quang-ninh/bui-van-hai",
        {"province": "Tỉnh Quảng Ninh"},
        "Tỉnh Quảng Ninh",
        "“Uông Bí” là Thành phố Uông Bí, Tỉnh Quảng Ninh",
    ),
    15: (
        "ha-noi/dinh-thi-nga",
        {"province": "Thành phố Hà Nội"},
        "Thành phố Hà Nội",
        "“Hà Nội” là Thành phố Hà Nội",
    ),
}
FOREIGN = """\
slug: ivan-petrov
kind: individual
name: {family: Petrov, given: Ivan}
position: Chuyên gia thủy lợi
locality:
  country: Liên bang Nga
  country_code: RU
awards:
  - award: huan-chuong-huu-nghi
    year: 2019
"""


@dataclass
class National:
    """The project after the import, the check and the build, with what each printed."""

    root: Path
    source: Path
    imported: tuple[int, list[str]]
    checked: tuple[int, list[str]]
    built: tuple[int, str]

    @property
    def site(self) -> Path:
        """The built site."""
        return self.root / "site"


def clean_environment(patch: pytest.MonkeyPatch) -> None:
    """What the commands read from the environment, set here and nowhere else."""
    patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    patch.setenv("LANG", "C.UTF-8")
    patch.setenv("LC_ALL", "C.UTF-8")
    patch.setenv("TZ", "UTC")
    patch.delenv("VINHDANH_LANG", raising=False)  # Vietnamese messages, the default


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> National:
    """The roll imported into the editors' small project (plus a foreign recipient), built."""
    base = tmp_path_factory.mktemp("national")
    root = write_project(base / "site", **{"profiles__nuoc-ngoai__ivan-petrov.yml": FOREIGN})
    (base / "in").mkdir()
    source = write_xlsx(base / "in" / SOURCE, ROWS)
    with pytest.MonkeyPatch.context() as patch:
        clean_environment(patch)
        patch.chdir(root)  # so that the commands need no --root either
        code, output = run("import", str(source))
        imported = (code, output.splitlines())
        code, output = run("check")
        checked = (code, output.splitlines())
        built = run("build")
    return National(root, source, imported, checked, built)


def row_lines(lines: list[str], row: int) -> list[str]:
    """The report's lines about one row of the sheet."""
    return [line for line in lines if line.startswith(f"{SOURCE}:{row}:")]


# --- import, check, build -------------------------------------------------------------------


def test_every_row_is_imported_with_no_flag(national: National) -> None:
    code, lines = national.imported
    assert code == 0, "\n".join(lines)
    assert lines[0] == f"Đọc {SOURCE}, trang tính “Danh sách”: dòng tiêu đề 5, 10 dòng dữ liệu."
    assert lines[-1] == (
        "Kết quả: 10 tệp mới, 0 tệp thêm khen thưởng, 0 không đổi, 0 đã có, 0 không ghi; "
        "10 dòng nhập được, 0 dòng có lỗi không nhập."
    )


def test_each_row_reports_what_was_inferred_and_from_which_list(national: National) -> None:
    _, lines = national.imported
    for row, (_, _, province, found) in EXPECTED.items():
        unit = next(p for p in PEOPLE if p[0] == row)[3]
        source, column, label = ("đơn vị", 4, "Đơn vị công tác") if unit else ("chức vụ", 3, "")
        text = unit or next(p for p in PEOPLE if p[0] == row)[2]
        label = label or "Nghề nghiệp"
        assert row_lines(lines, row) == [
            f"{SOURCE}:{row}:{column}: cảnh báo: {label}: không ghi tỉnh/thành phố: suy ra "
            f"{province} từ cột {source} “{text}” ({found} theo {OLD_LIST}; chương trình không "
            "có danh mục của năm 1952, địa giới khi đó có thể khác); hãy kiểm tra"
        ]
    assert row_lines(lines, 8) == [
        f"{SOURCE}:8:4: cảnh báo: Đơn vị công tác: không ghi tỉnh/thành phố, và cột đơn vị, cột "
        "chức vụ không nêu tên tỉnh, thành phố nào: nhập với địa phương chưa rõ (locality: "
        "unknown: true), hiển thị và thống kê là “Chưa rõ địa phương”; biết nơi thì sửa hồ sơ"
    ]


def test_the_report_in_english(national: National) -> None:
    with pytest.MonkeyPatch.context() as patch:
        clean_environment(patch)
        code, output = run(
            "import", str(national.source), "--root", str(national.root), "--lang", "en"
        )
    lines = output.splitlines()
    assert code == 0
    assert row_lines(lines, 7) == [
        f"{SOURCE}:7:4: warning: Đơn vị công tác: no province given: Tỉnh Quảng Ninh inferred "
        "from the unit column “Mỏ Cẩm Phả” (“Cẩm Phả” is Thành phố Cẩm Phả, Tỉnh Quảng Ninh in "
        "the administrative-unit list of 2025-03-01 (63 provinces, before the reform); there is "
        "no list of 1952 in the data, and boundaries may have differed then); please check"
    ]
    assert row_lines(lines, 8)[0].startswith(
        f"{SOURCE}:8:4: warning: Đơn vị công tác: no province given, and the unit column, the "
        "position column name no province or city: imported with the place unknown"
    )
    # Importing the same file again changes nothing: the unknown place's person is found too.
    assert lines[-2] == (
        "Result: 0 new files, 0 with awards added, 0 unchanged, 10 existing, 0 not written; "
        "10 rows imported, 0 rows with errors not imported."
    )


def test_files_hold_the_inferred_province_or_the_unknown_place(national: National) -> None:
    for row, (stem, locality, province, _) in EXPECTED.items():
        text = (national.root / f"profiles/{stem}.yml").read_text(encoding="utf-8")
        data = load_yaml_document(text.encode(), stem).data
        assert data["locality"] == locality, stem
        assert data["awards"] == [
            {"award": "anh-hung-lao-dong", "year": 1952}
            | ({"decision_date": "1952-05-01"} if row == 6 else {})
        ]
        # Where the place came from stays in the file, not only in a report on a screen.
        assert f"suy ra {province} từ “" in text and "chưa xác minh" in text
    text = (national.root / "profiles/chua-ro-dia-phuong/cu-van-lam.yml").read_text("utf-8")
    data = load_yaml_document(text.encode(), "cu-van-lam").data
    assert data["locality"] == {"unknown": True}
    assert data["unit"] == "Cục Quân giới"
    assert "# Danh sách không ghi địa phương: chưa rõ địa phương (unknown: true)." in text


def test_check_is_clean_and_build_builds(national: National) -> None:
    code, lines = national.checked
    assert code == 0, "\n".join(lines)
    assert lines[-1] == "Đã kiểm tra 13 hồ sơ, 1 phong trào, 0 quyết định: không có lỗi."
    code, output = national.built
    assert code == 0, output
    assert (national.site / "index.html").is_file()


# --- what the site shows and counts -------------------------------------------------------------


def test_pages_show_the_unknown_place_and_the_country(national: National) -> None:
    site = national.site
    page = (site / "ho-so/cu-van-lam/index.html").read_text(encoding="utf-8")
    assert "<dt>Địa phương</dt>\n<dd>Chưa rõ địa phương</dd>" in page
    foreign = (site / "ho-so/ivan-petrov/index.html").read_text(encoding="utf-8")
    assert "<dt>Nước</dt>\n<dd>Liên bang Nga</dd>" in foreign
    unknown_roll = (site / "danh-sach/chua-ro-dia-phuong/index.html").read_text("utf-8")
    assert UNKNOWN_NAME in unknown_roll and "Ivan" not in unknown_roll
    foreign_roll = (site / "danh-sach/nuoc-ngoai/index.html").read_text("utf-8")
    assert "Petrov Ivan" in foreign_roll and "Liên bang Nga" in foreign_roll
    provinces = (site / "danh-sach/tinh/index.html").read_text("utf-8")
    assert 'href="../chua-ro-dia-phuong/">Chưa rõ địa phương</a>' in provinces
    assert 'href="../nuoc-ngoai/">Người, tập thể nước ngoài</a>' in provinces
    # No province roll lists them; Cẩm Phả's miner is under today's Quảng Ninh.
    for roll in (site / "danh-sach/tinh").rglob("index.html"):
        text = roll.read_text(encoding="utf-8")
        assert UNKNOWN_NAME not in text and "Petrov" not in text, roll
    quang_ninh = (site / "danh-sach/tinh/quang-ninh/index.html").read_text("utf-8")
    assert "Đặng Văn Tuyển" in quang_ninh and "Bùi Văn Hải" in quang_ninh


def test_statistics_count_them_apart_from_every_province(national: National) -> None:
    text = (national.site / "thong-ke/statistics.csv").read_text(encoding="utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text))]
    province = {r[1]: r for r in rows if r[0] == "province"}
    base = "https://vinhdanh.example.vn/danh-sach/"
    assert province["Chưa rõ địa phương"][2:] == ["1", "0.0769", base + "chua-ro-dia-phuong/"]
    assert province["Nước ngoài"][2:] == ["1", "0.0769", base + "nuoc-ngoai/"]
    assert province["Tỉnh Quảng Ninh"][2] == "2"
    assert list(province)[-2:] == ["Nước ngoài", "Chưa rõ địa phương"]  # after the provinces
    recorded = {r[1]: r[2] for r in rows if r[0] == "province_recorded"}
    assert recorded["Chưa rõ địa phương"] == "1"
    assert recorded["Liên bang Nga (nước ngoài)"] == "1"
    overview = {r[1]: r[2] for r in rows if r[0] == "overview"}
    assert overview["Hồ sơ chưa rõ địa phương"] == "1"
    assert overview["Hồ sơ người, tập thể nước ngoài"] == "1"
    assert overview["Tỉnh, thành phố có hồ sơ"] == "10"  # neither is a province
    page = (national.site / "thong-ke/index.html").read_text(encoding="utf-8")
    assert "hồ sơ chưa rõ địa phương</li>" in page


def test_open_data_gives_no_province_and_says_why(national: National) -> None:
    site = national.site
    document = json.loads((site / "api/v1/profiles/cu-van-lam.json").read_text("utf-8"))
    locality = document["locality"]
    assert (locality["form"], locality["country"]) == ("unknown", None)
    assert locality["current"]["province"] is None and locality["recorded"]["province"] is None
    assert locality["recorded"]["text"] == "Chưa rõ địa phương"
    foreign = json.loads((site / "api/v1/profiles/ivan-petrov.json").read_text("utf-8"))
    assert foreign["locality"]["form"] == "foreign"
    assert foreign["locality"]["country"] == {"code": "RU", "name": "Liên bang Nga"}
    places = json.loads((site / "api/v1/localities.json").read_text("utf-8"))
    assert places["unknown"]["count"] == 1
    assert places["foreign"]["countries"] == [{"code": "RU", "count": 1, "name": "Liên bang Nga"}]
    for path in ("api/v1/profiles/cu-van-lam.json", "api/v1/profiles/ivan-petrov.json",
                 "api/v1/localities.json", "api/v1/profiles/index.json"):  # fmt: skip
        data = json.loads((site / path).read_text("utf-8"))
        schema_path = data["$schema"].removeprefix("https://vinhdanh.example.vn/")
        schema = json.loads((site / schema_path).read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)
    rows = list(csv.DictReader(io.StringIO((site / "du-lieu/honours.csv").read_text("utf-8-sig"))))
    lam = next(r for r in rows if r["id"] == "cu-van-lam")
    assert (lam["locality_form"], lam["province_today"], lam["locality_recorded"]) == (
        "unknown",
        "",
        "Chưa rõ địa phương",
    )
    ivan = next(r for r in rows if r["id"] == "ivan-petrov")
    assert (ivan["locality_form"], ivan["country"], ivan["country_code"]) == (
        "foreign",
        "Liên bang Nga",
        "RU",
    )


def test_search_records_file_them_apart(national: National) -> None:
    site, report = build_site(national.root)
    assert site is not None and not report.errors
    records = {r.url: r for r in iter_search_records(site)}
    lam = records["ho-so/cu-van-lam/"]
    assert lam.filters["tinh"] == ["Chưa rõ địa phương"]
    assert lam.meta["place"] == "Chưa rõ địa phương"
    assert records["ho-so/ivan-petrov/"].filters["tinh"] == ["Nước ngoài"]


def test_the_pages_that_show_them_are_valid_html(national: National) -> None:
    paths = (
        "ho-so/cu-van-lam/", "ho-so/ivan-petrov/", "danh-sach/chua-ro-dia-phuong/",
        "danh-sach/nuoc-ngoai/", "danh-sach/tinh/", "danh-sach/", "thong-ke/",
    )  # fmt: skip
    messages = run_vnu([national.site / path / "index.html" for path in paths])
    errors = [m for m in messages if not is_known_material_error(m)]
    assert not errors, errors


# --- in the browser -------------------------------------------------------------------------


def _type_in_header(probe: PageProbe, query: str) -> list[str]:
    """Type into the header search box like a reader; the names the listbox shows."""
    page = probe.page
    box = page.locator("#vd-search-input")
    box.click()
    box.press_sequentially(query, delay=15)
    page.locator(".vd-search__panel:not([hidden])").wait_for()
    page.wait_for_function(
        "q => document.querySelector('.vd-search__footer').textContent.includes(q)", arg=query
    )
    return page.locator(".vd-search__option .vd-search__name").all_inner_texts()


def test_a_name_typed_without_diacritics_finds_the_imported_person(
    national: National, chromium: Browser
) -> None:
    with serve(national.site) as served, open_probe(chromium, served) as probe:
        probe.goto("")
        names = _type_in_header(probe, "cu van lam")
        assert names[0] == UNKNOWN_NAME, names
        option = probe.page.locator(".vd-search__option").first.inner_text()
        assert "Chưa rõ địa phương" in option
        box = probe.page.locator("#vd-search-input")
        box.press("ArrowDown")  # the first option, then open it
        with probe.page.expect_navigation():
            box.press("Enter")
        probe.page.wait_for_load_state("networkidle")
        assert probe.page.url.endswith("/ho-so/cu-van-lam/")
        # The search page's place facet offers the unknown place apart from the provinces.
        probe.goto("tim-kiem/?q=cu+van+lam")
        facet = probe.page.locator('.vd-facet[data-facet="tinh"] input[value="Chưa rõ địa phương"]')
        assert facet.count() == 1
        probe.assert_clean()
