"""`vinhdanh import`: a department's roll (xlsx and csv) to profile files that pass `check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from editors_project import ROWS, check, run, snapshot, write_csv, write_project, write_xlsx

from generator.editors.cells import kind_of_name, read_date
from generator.editors.csvtext import decode_csv
from generator.editors.localities import Inference, InferenceConflict, infer_place
from generator.editors.spreadsheet import header_key
from generator.reference.adminunits import NEW_ERA, OLD_ERA, load_admin_units
from generator.reference.awardnames import AwardMatcher
from generator.reference.taxonomy import load_taxonomy
from generator.source.load import load_yaml_document

NEW_FILES = [
    "profiles/quang-tri/hoang-van-em.yml",
    "profiles/quang-tri/hop-tac-xa-nong-nghiep-trieu-thanh.yml",
    "profiles/quang-tri/tran-thi-binh.yml",
    "profiles/quang-tri/vo-thi-giang.yml",
]
BAD_ROWS_EN = [
    "roll.{ext}:12:5: Xã/Phường: unknown commune 'Triệu Thàn' in Huyện Triệu Phong "
    "(Xã Triệu Thành, Xã Triệu Thuận, Xã Triệu Tân?)",
    "roll.{ext}:13:2: Họ và tên: the row has data but no name",
    "roll.{ext}:14:8: Hình thức khen thưởng: award 'Khen thưởng đột xuất' not recognised "
    "(Tập thể lao động xuất sắc, Đơn vị tiên tiến?); fix the spelling or add it to the awards "
    "section of a mapping file (--mapping)",
]


def import_roll(root: Path, source: Path, *args: str) -> tuple[int, list[str]]:
    code, output = run("import", str(source), "--root", str(root), "--lang", "en", *args)
    return code, output.splitlines()


def result_line(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("Result: "))


def roll_file(tmp_path: Path, ext: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    if ext == "xlsx":
        return write_xlsx(folder / "roll.xlsx")
    return write_csv(folder / f"roll.{ext}")


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_realistic_roll_imports_to_files_that_pass_check(tmp_path: Path, ext: str) -> None:
    root = write_project(tmp_path / "site")
    before = snapshot(root)
    code, lines = import_roll(root, roll_file(tmp_path, ext))
    assert code == 1  # three rows could not be imported
    for expected in BAD_ROWS_EN:
        assert expected.format(ext=ext) in lines
    assert result_line(lines) == (
        "Result: 4 new files, 0 with awards added, 0 unchanged, 1 existing, 0 not written; "
        "6 rows imported, 3 rows with errors not imported."
    )
    after = snapshot(root)
    assert sorted(set(after) - set(before)) == NEW_FILES
    assert {k: v for k, v in after.items() if k in before} == before  # nothing overwritten
    # The roll's one posthumous row gives no death year: a warning for the editor to fill it.
    assert check(root) == (
        0,
        "profiles/quang-tri/vo-thi-giang.yml:24:5: warning: awards[0].posthumous: posthumous, "
        "but the profile gives no death_year\n"
        "Checked 6 profiles, 1 campaign, 0 decisions: no errors (1 warning).\n",
    )


def test_imported_profile_content(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    import_roll(root, roll_file(tmp_path, "xlsx"))
    text = (root / "profiles/quang-tri/tran-thi-binh.yml").read_text(encoding="utf-8")
    assert text.splitlines()[:2] == [
        "# yaml-language-server: $schema=../../schemas/profile.schema.json",
        "# Nhập từ roll.xlsx, dòng 10 (vinhdanh import); đối chiếu với quyết định gốc.",
    ]
    data = load_yaml_document(text.encode(), "x.yml").data
    assert data["name"] == {"family": "Trần", "middle": "Thị", "given": "Bình"}  # from capitals
    assert data["locality"] == {
        "province": "Tỉnh Quảng Trị",
        "district": "Huyện Triệu Phong",
        "commune": "Xã Triệu Thành",
        "code": "19678",
        "as_of": "2020-03-04",
    }
    assert data["awards"] == [
        {
            "award": "bang-khen-thu-tuong",
            "year": 2020,
            "decision_number": "567/QĐ-TTg",
            "decision_date": "2020-03-04",
            "issuer": "Thủ tướng Chính phủ",
            "issuer_level": "government",
        }
    ]
    assert "illustrative" not in data
    collective = load_yaml_document(
        (root / "profiles/quang-tri/hop-tac-xa-nong-nghiep-trieu-thanh.yml").read_bytes(), "c"
    ).data
    assert collective["kind"] == "collective"
    assert collective["name"] == {"full": "Hợp tác xã nông nghiệp Triệu Thành"}
    giang = load_yaml_document((root / "profiles/quang-tri/vo-thi-giang.yml").read_bytes(), "g")
    assert giang.data["awards"][0]["posthumous"] is True  # "Truy tặng" in the note column
    assert giang.data["awards"][0]["class"] == "ba"


def test_reimport_is_a_no_op(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    source = roll_file(tmp_path, "xlsx")
    import_roll(root, source)
    first = snapshot(root)
    code, lines = import_roll(root, source)
    assert snapshot(root) == first
    assert result_line(lines).startswith("Result: 0 new files, 0 with awards added, 0 unchanged, 5")
    import_roll(root, source, "--update")
    import_roll(root, source, "--update")  # the second update finds nothing new
    updated = snapshot(root)
    code, lines = import_roll(root, write_csv(tmp_path / "in/roll.csv"), "--update")
    assert code == 1  # the three bad rows are still reported
    assert snapshot(root) == updated
    assert result_line(lines).startswith("Result: 0 new files, 0 with awards added, 5 unchanged")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    before = snapshot(root)
    code, lines = import_roll(root, roll_file(tmp_path, "xlsx"), "--dry-run")
    assert code == 1
    assert snapshot(root) == before
    assert lines[-1] == "Dry run (--dry-run): no file written."
    assert any(line.startswith("new") and NEW_FILES[2] in line for line in lines)


def test_update_adds_new_awards_in_place(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    code, lines = import_roll(root, roll_file(tmp_path, "xlsx"), "--update")
    assert code == 1
    text = (root / "profiles/nguyen-van-an.yml").read_text(encoding="utf-8")
    # The editor's comments and fields stay; the identical 2019 award is not added twice.
    assert text.startswith("# Hồ sơ do biên tập viên viết tay.\n")
    assert "\n# Ghi chú của biên tập viên: giữ nguyên.\nsummary: Nông dân sản xuất giỏi.\n" in text
    awards = load_yaml_document(text.encode(), "a").data["awards"]
    assert [(a["award"], a["year"]) for a in awards] == [
        ("huan-chuong-lao-dong", 2019),
        ("bang-khen-bo-ban-nganh-tinh", 2020),
    ]
    assert awards[1]["decision_date"] == "2021-01-05"  # "5/1/21": day first
    assert any(line.startswith("awards added") and "nguyen-van-an.yml" in line for line in lines)
    assert check(root)[0] == 0


def test_windows_1258_csv_is_read_and_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    source = write_csv(tmp_path / "roll.csv", encoding="cp1258", delimiter=";")
    assert decode_csv(source.read_bytes())[1] == "cp1258"
    code, lines = import_roll(root, source, "--dry-run")
    assert code == 1
    assert lines[0].startswith("Read roll.csv: header row 6, 9 data rows.")
    assert (
        "roll.csv:1:1: warning: the CSV file is not UTF-8: read as Windows-1258; check the "
        "Vietnamese diacritics in the result (better: save the file as 'CSV UTF-8')"
    ) in lines
    assert any("Trần Thị Bình" in line for line in lines)


def test_free_address_column_and_vietnamese_messages(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["DANH SÁCH ĐỀ NGHỊ"],
        ["TT", "Họ tên", "Địa chỉ", "Danh hiệu", "Ngày QĐ"],
        [1, "Đặng Văn Đường", "thôn 3, xã Triệu Ái, huyện Triệu Phong, tỉnh Quảng Trị", "LĐTT",
         43831],
        [2, "Tổ hợp tác dệt Triệu Long", "Triệu Long, Triệu Phong, Quảng Trị", "BK UBND tỉnh",
         "năm 2020"],
        [3, "Mai Văn Hùng", "xã Không Có, Quảng Trị", "Giấy khen", "1/6/2020"],
    ]  # fmt: skip
    source = write_xlsx(tmp_path / "de-nghi.xlsx", rows, sheet="Sheet1")
    code, output = run("import", str(source), "--root", str(root))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == "Đọc de-nghi.xlsx, trang tính “Sheet1”: dòng tiêu đề 2, 3 dòng dữ liệu."
    assert (
        "de-nghi.xlsx:5:3: Địa chỉ: không có xã/phường 'xã Không Có' thuộc Tỉnh Quảng Trị "
        "(Xã Hướng Lộc, Xã Hướng Sơn, Xã Đa Krông?)"
    ) in lines
    person = load_yaml_document(
        (root / "profiles/quang-tri/dang-van-duong.yml").read_bytes(), "d"
    ).data
    # An Excel date serial (43831 = 2020-01-01); the address keeps no village or house number.
    assert person["awards"][0]["decision_date"] == "2020-01-01"
    assert person["locality"]["commune"] == "Xã Triệu Ái"
    assert "address" not in person
    team = load_yaml_document(
        (root / "profiles/quang-tri/to-hop-tac-det-trieu-long.yml").read_bytes(), "t"
    ).data
    assert team["kind"] == "collective"
    assert team["awards"][0] == {"award": "bang-khen-bo-ban-nganh-tinh", "year": 2020}
    assert check(root)[0] == 0


def test_mapping_file_for_unusual_headers_and_spellings(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Người được khen", "Mức khen thưởng kèm theo", "Năm xét"],
        ["Lý Thị Hạnh", "HC LĐ III", 2019],
        ["Lò Văn Pắn", "Khen thưởng đột xuất", 2019],
    ]
    source = write_csv(tmp_path / "rieng.csv", rows)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(
        "columns:\n"
        "  Người được khen: name\n"
        "  Mức khen thưởng kèm theo: award\n"
        "  Năm xét: year\n"
        "defaults:\n"
        "  province: Lạng Sơn\n"
        "  campaign: nong-thon-moi\n"
        "awards:\n"
        "  Khen thưởng đột xuất: giay-khen\n",
        encoding="utf-8",
    )
    code, lines = import_roll(root, source, "--mapping", str(mapping))
    assert code == 0, lines
    hanh = load_yaml_document((root / "profiles/lang-son/ly-thi-hanh.yml").read_bytes(), "h")
    assert hanh.data["awards"] == [
        {"award": "huan-chuong-lao-dong", "class": "ba", "year": 2019, "campaign": "nong-thon-moi"}
    ]
    assert hanh.data["locality"] == {"province": "Tỉnh Lạng Sơn"}
    pan = load_yaml_document((root / "profiles/lang-son/lo-van-pan.yml").read_bytes(), "p")
    assert pan.data["awards"][0]["award"] == "giay-khen"
    assert check(root)[0] == 0


def test_unknown_campaign_and_missing_header_stop_before_reading_rows(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    source = roll_file(tmp_path, "xlsx")
    code, lines = import_roll(root, source, "--campaign", "nong-thon")
    assert code == 1
    assert lines[0] == (
        "roll.xlsx:1:1: --campaign: unknown campaign 'nong-thon' ('nong-thon-moi'?)"
    )
    blank = write_csv(tmp_path / "blank.csv", [["a", "b"], ["1", "2"]])
    code, lines = import_roll(root, blank)
    assert code == 1
    assert lines[0].startswith("blank.csv:1:1: no header row with a name column in the first 15")
    assert lines[-1] == "Nothing imported from this file."


def test_unsure_award_is_written_but_listed_for_a_person(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Họ và tên", "Tỉnh", "Danh hiệu", "Năm"],
        ["Hợp tác xã Đồng Tâm", "Lạng Sơn", "Lao động tiên tiến", 2021],
    ]
    code, lines = import_roll(root, write_csv(tmp_path / "u.csv", rows))
    assert code == 0
    assert (
        "u.csv:2:3: warning: Danh hiệu: 'Lao động tiên tiến' read as 'Tập thể lao động tiên "
        "tiến' (confidence 0.82; Lao động tiên tiến?): please check"
    ) in lines
    assert (root / "profiles/lang-son/hop-tac-xa-dong-tam.yml").is_file()


@pytest.mark.parametrize(
    ("text", "recipient", "award", "klass"),
    [
        ("HCLĐ hạng Ba", "individual", "huan-chuong-lao-dong", "ba"),
        ("Huân chương Lao động hạng ba", "individual", "huan-chuong-lao-dong", "ba"),
        ("HCLĐ III", "individual", "huan-chuong-lao-dong", "ba"),
        ("Huân chương Lao đông hạng nhì", "individual", "huan-chuong-lao-dong", "nhi"),
        ("Bằng khen TTg", "individual", "bang-khen-thu-tuong", None),
        ("Bằng khen của Thủ tướng Chính phủ", "individual", "bang-khen-thu-tuong", None),
        ("BK UBND tỉnh", "individual", "bang-khen-bo-ban-nganh-tinh", None),
        (
            "Bằng khen Chủ tịch UBND tỉnh Quảng Trị",
            "individual",
            "bang-khen-bo-ban-nganh-tinh",
            None,
        ),
        ("CSTĐ cơ sở", "individual", "chien-si-thi-dua-co-so", None),
        ("LĐTT", "individual", "lao-dong-tien-tien", None),
        ("Anh hùng Lao động", "individual", "anh-hung-lao-dong", None),
        ("Giấy khen", "individual", "giay-khen", None),
        ("Giấy khen của Chủ tịch UBND huyện", "individual", "giay-khen", None),
        ("Cờ thi đua của UBND tỉnh", "collective", "co-thi-dua-bo-ban-nganh-tinh", None),
        ("Tập thể LĐXS", "collective", "tap-the-lao-dong-xuat-sac", None),
    ],
)
def test_award_names_as_departments_write_them(
    text: str, recipient: str, award: str, klass: str | None
) -> None:
    match = AwardMatcher(load_taxonomy()).match(text, year=2020, recipient=recipient)
    assert match is not None
    assert (match.award.id, match.award_class, match.confident) == (award, klass, True)


@pytest.mark.parametrize("text", ["Bằng khen", "Khen thưởng đột xuất", "xyz"])
def test_ambiguous_or_unknown_award_names_are_refused(text: str) -> None:
    match = AwardMatcher(load_taxonomy()).match(text, year=2020, recipient="individual")
    assert match is None or not match.acceptable


@pytest.mark.parametrize(
    ("value", "date", "year"),
    [
        ("20/08/2019", dt.date(2019, 8, 20), 2019),
        ("5/1/21", dt.date(2021, 1, 5), 2021),
        ("20.8.2019", dt.date(2019, 8, 20), 2019),
        ("2019-08-20", dt.date(2019, 8, 20), 2019),
        ("ngày 20 tháng 8 năm 2019", dt.date(2019, 8, 20), 2019),
        (dt.datetime(2019, 8, 20), dt.date(2019, 8, 20), 2019),
        (43697, dt.date(2019, 8, 20), 2019),
        ("năm 2023", None, 2023),
        (2023, None, 2023),
        ("8/2019", None, 2019),
    ],
)
def test_dates_as_departments_write_them(value: object, date: dt.date | None, year: int) -> None:
    reading = read_date(value)
    assert (reading.date, reading.year, reading.problem) == (date, year, None)


def test_unreadable_and_month_first_dates() -> None:
    assert read_date("31/02/2019").problem == "import.date_unreadable"
    assert read_date("không rõ").problem == "import.date_unreadable"
    swapped = read_date("8/20/2019")
    assert (swapped.date, swapped.swapped) == (dt.date(2019, 8, 20), True)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Hợp tác xã nông nghiệp Tân Phú", "collective"),
        ("Trường Tiểu học Kim Đồng", "collective"),
        ("Tổ tự quản đường biên", "collective"),
        ("Đồn Biên phòng Khẩu Slưa", "collective"),
        ("UBND xã Triệu Thành", "collective"),
        ("Chi hội Phụ nữ thôn 3", "collective"),
        ("Mô hình Dân vận khéo", "model"),
        ("Tô Thị Huyền", None),  # a family name, not "Tổ"
        ("Đoàn Văn Hậu", None),
        ("Vũ Thị Hoa", None),
    ],
)
def test_collective_names(name: str, kind: str | None) -> None:
    assert kind_of_name(name) == kind


def test_header_keys_ignore_case_diacritics_spacing_and_notes() -> None:
    assert header_key("HỌ VÀ  TÊN\n(ghi đầy đủ)") == "ho va ten"
    assert header_key("Tỉnh/Thành phố") == "tinh thanh pho"
    assert len(ROWS) == 20


def test_two_row_header_section_award_and_decision_column(tmp_path: Path) -> None:
    from openpyxl import Workbook

    root = write_project(tmp_path / "site")
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in [
        ["BẢNG TỔNG HỢP"],
        ["STT", "Họ và tên", "Địa chỉ", None, None, "Danh hiệu", "Quyết định"],
        [None, None, "Xã", "Huyện", "Tỉnh", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["A. HUÂN CHƯƠNG LAO ĐỘNG HẠNG BA"],
        [1, "Đinh Văn Tám", "Triệu Long", "Triệu Phong", "Quảng Trị", None,
         "Quyết định số 321/QĐ-CTN ngày 2/9/2019"],
    ]:  # fmt: skip
        ws.append(row)
    ws.merge_cells("C2:E2")
    book.save(tmp_path / "two.xlsx")
    code, lines = import_roll(root, tmp_path / "two.xlsx")
    assert code == 0, lines
    assert lines[0] == "Read two.xlsx, sheet “Sheet”: header row 3, 1 data row."
    data = load_yaml_document((root / "profiles/quang-tri/dinh-van-tam.yml").read_bytes(), "d").data
    assert data["awards"] == [
        {
            "award": "huan-chuong-lao-dong",
            "class": "ba",
            "year": 2019,
            "decision_number": "321/QĐ-CTN",
            "decision_date": "2019-09-02",
            "issuer": "Chủ tịch nước",
            "issuer_level": "state",
        }
    ]
    assert data["locality"]["commune"] == "Xã Triệu Long"


# --- rows without a province ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("Ty Bưu điện Nghệ An", "Tỉnh Nghệ An"),
        ("TY BUU DIEN NGHE AN", "Tỉnh Nghệ An"),  # all capitals, no diacritics: still a name
        ("Mỏ Cẩm Phả", "Tỉnh Quảng Ninh"),  # a city found in one province only
        ("Xưởng cơ khí Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu"),
        ("Công an TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Ty Bưu điện Thừa Thiên", "Thành phố Huế"),
        ("Cục Quân giới", None),
        ("công nhân nhà máy nam định", None),  # a place name is written with capitals
        ("Hội Hòa bình", None),  # "hòa bình": peace
        ("Đoàn TNCS Hồ Chí Minh", None),  # the President's name, not the city
        ("Đường Thái Bình", None),  # a street
        ("Tàu Thái Bình Dương", None),  # the Pacific
        ("Nguyễn Thị Huệ", None),  # "Huệ" is not "Huế"
        ("Trường THPT Ngô Quyền", None),  # a district of Hải Phòng, and a king schools bear
        ("Hợp tác xã Tân Bình", None),  # a district of Hồ Chí Minh City, and many communes
        ("Nhà máy Điện Vinh", None),  # one-syllable names are too easily something else
    ],
)
def test_province_inferred_only_from_an_unambiguous_name(text: str, province: str | None) -> None:
    found = infer_place(load_admin_units(), [OLD_ERA, NEW_ERA], [("unit", text)])
    if province is None:
        assert found is None
    else:
        assert isinstance(found, Inference)
        assert found.place.province.full_name == province


def test_two_provinces_named_are_a_conflict_not_a_guess() -> None:
    texts = [("unit", "Chi nhánh Nghệ An"), ("position", "Công tác tại Hà Tĩnh")]
    found = infer_place(load_admin_units(), [OLD_ERA, NEW_ERA], texts)
    assert isinstance(found, InferenceConflict)
    assert [(name, unit.full_name) for name, unit in found.found] == [
        ("Nghệ An", "Tỉnh Nghệ An"),
        ("Hà Tĩnh", "Tỉnh Hà Tĩnh"),
    ]


def test_the_list_of_the_records_date_comes_first() -> None:
    # "Quảng Bình" is in the list before the reform only: a 2026 record finds it there, and
    # the report says it is not the list of the row's date.
    admin = load_admin_units()
    found = infer_place(admin, [NEW_ERA, OLD_ERA], [("unit", "Sở Y tế Quảng Bình")])
    assert isinstance(found, Inference) and found.place.era == OLD_ERA
    found = infer_place(admin, [NEW_ERA, OLD_ERA], [("unit", "Sở Y tế Quảng Trị")])
    assert isinstance(found, Inference) and found.place.era == NEW_ERA


def test_rows_without_a_place_are_imported_kept_apart_and_found_again(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Họ và tên", "Đơn vị", "Danh hiệu", "Năm"],
        ["Nguyễn Văn Ba", "Cục Quân giới", "Chiến sĩ thi đua toàn quốc", 2019],
        ["Nguyễn Văn Ba", "Cục Quân y", "Chiến sĩ thi đua toàn quốc", 2019],
        ["Nguyễn Văn Ba", "Cục Quân giới", "Huân chương Lao động hạng Ba", 2020],
        ["Trần Thị Tư", "Chi nhánh Nghệ An tại Hà Tĩnh", "Lao động tiên tiến", 2020],
        ["Hợp tác xã Đại Phong, Quảng Bình", None, "Cờ thi đua của Chính phủ", 2020],
    ]
    source = write_csv(tmp_path / "toan-quoc.csv", rows)
    code, lines = import_roll(root, source)
    assert code == 0, lines
    assert result_line(lines) == (
        "Result: 4 new files, 0 with awards added, 0 unchanged, 0 existing, 0 not written; "
        "5 rows imported, 0 rows with errors not imported."
    )
    # Same name, another unit: another person; the same unit: the same person's second award.
    folder = root / "profiles/chua-ro-dia-phuong"
    first = load_yaml_document((folder / "nguyen-van-ba.yml").read_bytes(), "a").data
    second = load_yaml_document((folder / "nguyen-van-ba-2.yml").read_bytes(), "b").data
    assert (first["unit"], len(first["awards"])) == ("Cục Quân giới", 2)
    assert (second["unit"], second["locality"]) == ("Cục Quân y", {"unknown": True})
    assert (
        "toan-quoc.csv:5:2: warning: Đơn vị: no province given, and the unit column name "
        "several places (“Nghệ An”: Tỉnh Nghệ An; “Hà Tĩnh”: Tỉnh Hà Tĩnh): not guessed; "
        "imported with the place unknown (locality: unknown: true), give the province in the "
        "profile"
    ) in lines
    assert (folder / "tran-thi-tu.yml").is_file()
    # A collective's own name may say where it is.
    team = root / "profiles/quang-tri/hop-tac-xa-dai-phong-quang-binh.yml"
    assert load_yaml_document(team.read_bytes(), "t").data["locality"] == {
        "province": "Tỉnh Quảng Bình"
    }
    assert check(root)[0] == 0
    before = snapshot(root)
    code, lines = import_roll(root, source, "--update")
    assert snapshot(root) == before
    assert result_line(lines).startswith("Result: 0 new files, 0 with awards added, 4 unchanged")


def test_an_address_naming_no_province_falls_back_to_the_row_texts(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Họ và tên", "Địa chỉ", "Danh hiệu", "Năm"],
        ["Lò Văn Mười", "Khu 5, Mỏ Cẩm Phả", "Lao động tiên tiến", 2020],
        ["Mai Văn Hùng", "xã Không Có, Quảng Trị", "Giấy khen", 2020],  # a wrong place: refused
    ]
    code, lines = import_roll(root, write_csv(tmp_path / "dia-chi.csv", rows))
    assert code == 1
    assert any(
        line.startswith("dia-chi.csv:2:2: warning: Địa chỉ: no province given: Tỉnh Quảng Ninh")
        for line in lines
    )
    assert any(line.startswith("dia-chi.csv:3:2: Địa chỉ: unknown commune") for line in lines)
    assert (root / "profiles/quang-ninh/lo-van-muoi.yml").is_file()


def test_a_country_column_records_a_foreign_recipient(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Họ và tên", "Quốc tịch", "Tỉnh", "Hình thức khen thưởng", "Năm"],
        ["Ivan Petrov", "Liên bang Nga", None, "Huân chương Hữu nghị", 2019],
        ["Lê Văn Năm", "Việt Nam", "Lạng Sơn", "Lao động tiên tiến", 2020],
        ["Anna Schmidt", "Đức", "Lạng Sơn", "Huy chương Hữu nghị", 2019],
    ]
    code, lines = import_roll(root, write_csv(tmp_path / "huu-nghi.csv", rows))
    assert code == 1  # the last row gives a country and a Vietnamese province
    ivan = load_yaml_document((root / "profiles/nuoc-ngoai/ivan-petrov.yml").read_bytes(), "i")
    assert ivan.data["locality"] == {"country": "Liên bang Nga"}
    assert (root / "profiles/lang-son/le-van-nam.yml").is_file()
    assert (
        "huu-nghi.csv:4:2: Quốc tịch: the row gives the country 'Đức' (a foreign recipient) and "
        "a Vietnamese place 'Lạng Sơn': keep one of them"
    ) in lines
    assert check(root)[0] == 0


# A commune's list for one decision: the decision in the title rows, a village column (never
# kept), a look-alike Đ, a footer.
DECISION_ROWS: list[list[object]] = [
    ["UBND XÃ MƯỜNG PHĂNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [],
    ["DANH SÁCH HỘ GIA ĐÌNH ĐẠT DANH HIỆU “GIA ĐÌNH VĂN HÓA” NĂM 2025"],
    ["(Kèm theo Quyết định số 212/QĐ-UBND ngày 15/12/2025 của Chủ tịch UBND xã Mường Phăng)"],
    ["STT", "Họ và tên chủ hộ", "Thôn, bản", "Xã", "Tỉnh"],
    [1, "Hộ ông Lò Văn Pấng", "Bản Che Căn", "Mường Phăng", "Điện Biên"],
    [2, "Hộ bà Lường Thị \u00d0ào", "Bản Che Căn", "Mường Phăng", "Điện Biên"],
    [3, "Gia đình ông Cà Văn Ơn", "Bản Phăng", "Mường Phăng", "Điện Biên"],
    [4, "Hộ ông Quàng Văn Bun", "Bản Phăng", "Mường Phăng", "Điện Biên"],
    [None, "Người lập biểu"],
]
DECISION_FILE = "decisions/muong-phang-gia-dinh-van-hoa-2025.yml"


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_a_decisions_list_imports_as_one_decision_file(tmp_path: Path, ext: str) -> None:
    root = write_project(tmp_path / "site")
    (tmp_path / "in").mkdir()
    write = write_xlsx if ext == "xlsx" else write_csv
    source = write(tmp_path / f"in/list.{ext}", DECISION_ROWS)
    code, lines = import_roll(root, source, "--decision")
    assert code == 0, lines
    assert result_line(lines) == (
        "Result: 1 new file, 0 with awards added, 0 unchanged, 0 existing, 0 not written; "
        "4 rows imported, 0 rows with errors not imported."
    )
    text = (root / DECISION_FILE).read_text(encoding="utf-8")
    assert text.splitlines()[1:] == [
        f"# Nhập từ list.{ext}, dòng 6–9 (vinhdanh import --decision); đối chiếu với quyết định "
        "gốc.",
        "slug: muong-phang-gia-dinh-van-hoa-2025",
        'decision_number: "212/QĐ-UBND"',
        "decision_date: 2025-12-15",
        'issuer: "Chủ tịch UBND xã Mường Phăng"',
        "issuer_level: commune",
        "award: gia-dinh-van-hoa",
        "year: 2025",
        "kind: household",
        "locality:",
        '  province: "Tỉnh Điện Biên"',
        '  commune: "Xã Mường Phăng"',
        '  code: "03325"',
        "  as_of: 2025-12-15",
        "recipients:",
        '  - "Hộ ông Lò Văn Pấng"',
        '  - "Hộ bà Lường Thị Đào"',
        '  - "Gia đình ông Cà Văn Ơn"',
        '  - "Hộ ông Quàng Văn Bun"',
    ]
    assert "Bản" not in text  # villages are never published
    assert check(root) == (0, "Checked 2 profiles, 1 campaign, 1 decision: no errors.\n")
    # Again: nothing changes, in Vietnamese too.
    before = snapshot(root)
    code, output = run("import", str(source), "--root", str(root), "--decision")
    assert code == 0, output
    assert "Kết quả: 0 tệp mới, 0 tệp thêm khen thưởng, 1 không đổi" in output
    assert snapshot(root) == before
    # A name the file does not have yet is reported, not written over the editor's file.
    more = [5, "Hộ ông Mùa A Thêm", "Bản Phăng", "Mường Phăng", "Điện Biên"]
    write(tmp_path / f"in/list.{ext}", [*DECISION_ROWS[:-1], more])
    code, lines = import_roll(root, source, "--decision")
    assert code == 0, lines
    assert (
        f"{DECISION_FILE}:1:1: warning: recipients: this decision is already in the file; 1 name "
        "of the sheet is not in its list (rows 10): add it by hand, the file is not overwritten"
    ) in lines
    assert not [line for line in lines if "--update" in line]
    assert snapshot(root) == before


def test_a_sheet_naming_two_decisions_is_not_one_decision(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    work = ["Kỹ sư", "Lao động tiên tiến"]
    rows: list[list[object]] = [
        ["STT", "Họ và tên", "Chức vụ", "Danh hiệu", "Số quyết định", "Ngày quyết định", "Tỉnh"],
        [1, "Nguyễn Văn Một", *work, "45/QĐ-UBND", "20/12/2024", "Quảng Trị"],
        [2, "Trần Thị Hai", *work, "45/QĐ-UBND", "20/12/2024", "Quảng Trị"],
        [3, "Lê Văn Ba", *work, "46/QĐ-UBND", "20/12/2024", "Quảng Trị"],
    ]
    (tmp_path / "in").mkdir()
    source = write_csv(tmp_path / "in/ldtt.csv", rows)
    code, lines = import_roll(root, source, "--decision")
    assert code == 1
    assert (
        "ldtt.csv:4:5: Số quyết định: this row gives number “46/QĐ-UBND”, unlike row 2 "
        "(“45/QĐ-UBND”): --decision imports one decision per sheet; split the sheet by decision"
    ) in lines
    assert not (root / "decisions").exists()
    # Without the third row, and without a signer: asked for, nothing written.
    write_csv(source, rows[:3])
    code, lines = import_roll(root, source, "--decision")
    assert code == 1 and not (root / "decisions").exists()
    assert any("cannot tell who signed the decision" in line for line in lines), lines
    code, lines = import_roll(
        root, source, "--decision", "--issuer", "Chủ tịch UBND huyện Triệu Phong"
    )
    assert code == 0, lines
    text = (root / "decisions/quang-tri-lao-dong-tien-tien-2024.yml").read_text("utf-8")
    assert "issuer_level: district" in text and "position: " in text
