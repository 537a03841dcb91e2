"""The editors' tools tests: their small project (tests/projects.py), the CLI, a department roll."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.projects import EDITORS_CONFIG as CONFIG
from tests.projects import EDITORS_PERSON as PERSON
from tests.projects import write_editors_project as write_project

# What the editors' tests import from here: the project under their names, the CLI, the roll.
__all__ = [
    "CONFIG", "PERSON", "ROWS", "check", "run", "snapshot", "write_csv", "write_project",
    "write_xlsx",
]  # fmt: skip


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    """Run the CLI; return the exit code and everything printed (no progress lines)."""
    env = {"VINHDANH_PROGRESS": "off"}  # tests/test_progress.py shows them
    result = CliRunner().invoke(cli, list(args), input=input, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def check(root: Path) -> tuple[int, str]:
    """`vinhdanh check --root` with English messages."""
    return run("check", "--root", str(root), "--lang", "en")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


# A roll as a provincial emulation office keeps it: letterhead and title rows above the header,
# a row of column numbers, section rows, abbreviations, dates typed every way, a repeated
# person, three bad rows (unknown commune, empty name, unreadable award) and a footer.
HEADER = [
    "STT", "Họ và tên", "Chức vụ", "Đơn vị", "Xã/Phường", "Huyện", "Tỉnh",
    "Hình thức khen thưởng", "Số quyết định", "Ngày quyết định", "Năm", "Thành tích", "Ghi chú",
]  # fmt: skip
ROWS: list[list[object]] = [
    ["UBND TỈNH QUẢNG TRỊ", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["BAN THI ĐUA – KHEN THƯỞNG", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG NĂM 2020"],
    ["(Kèm theo Công văn số 12/BTĐKT ngày 15/12/2020)"],
    HEADER,
    [f"({i})" for i in range(1, 14)],
    ["I. CÁ NHÂN"],
    [
        1, "Nguyễn Văn An", "Nông dân", None, "Triệu Thành", "Triệu Phong", "Quảng Trị",
        "HCLĐ hạng Ba", "1234/QĐ-CTN", dt.datetime(2019, 8, 20), 2019,
        "Có thành tích xuất sắc trong phong trào xây dựng nông thôn mới.", None,
    ],
    [
        2, "TRẦN THỊ BÌNH", "Giáo viên", "Trường Tiểu học Triệu Thành", "Triệu Thành",
        "Triệu Phong", "Quảng Trị", "Bằng khen TTg", "567/QĐ-TTg", "04/03/2020", 2020, None, None,
    ],
    [
        3, "Nguyễn Văn An", "Nông dân", None, "xã Triệu Thành", "huyện Triệu Phong",
        "tỉnh Quảng Trị", "BK UBND tỉnh", "88/QĐ-UBND", "5/1/21", 2020, None, None,
    ],
    [
        4, "Lê Văn Cường", "Công nhân", None, "Triệu Thàn", "Triệu Phong", "Quảng Trị", "LĐTT",
        None, None, 2020, None, None,
    ],
    [
        5, None, "Kỹ sư", "Công ty Điện lực", "Triệu Ái", "Triệu Phong", "Quảng Trị",
        "Giấy khen", None, None, 2020, None, None,
    ],
    [
        6, "Phạm Thị Dung", "Y sĩ", None, "Triệu Ái", "Triệu Phong", "Quảng Trị",
        "Khen thưởng đột xuất", None, None, 2020, None, None,
    ],
    [
        7, "Hoàng Văn Em", "Thợ mộc", None, "Triệu Long", "Triệu Phong", "Quảng Trị",
        "Chiến sỹ thi đua cơ sở", "45/QĐ-UBND", "20/11/2020", "Năm 2020", None, None,
    ],
    [
        8, "Võ Thị Giang", "Nông dân", None, "Triệu Ái", "Triệu Phong", "Quảng Trị",
        "Huân chương Lao động hạng ba", "1500/QĐ-CTN", "12/10/2020", 2020, None, "Truy tặng",
    ],
    ["II. TẬP THỂ"],
    [
        9, "Hợp tác xã nông nghiệp Triệu Thành", None, None, "Triệu Thành", "Triệu Phong",
        "Quảng Trị", "Tập thể lao động xuất sắc", "99/QĐ-UBND", "15/12/2020", 2020, None, None,
    ],
    [],
    [None, "Người lập biểu", None, None, None, None, None, None, None, None, None, None, None],
]  # fmt: skip


def write_xlsx(path: Path, rows: list[list[object]] = ROWS, sheet: str = "Danh sách") -> Path:
    """The roll as an Excel workbook, with the merged title cells departments use."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if rows is ROWS:
        ws.merge_cells("A1:E1")
        ws.merge_cells("F1:M1")
        ws.merge_cells("A4:M4")
    book.save(path)
    return path


def _csv_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes as old Vietnamese Windows software wrote them (tones combining)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONE_MARKS)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        out += (unicodedata.normalize("NFC", base) + tones).encode("cp1258")
    return bytes(out)


def write_csv(
    path: Path,
    rows: list[list[object]] = ROWS,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> Path:
    """The roll as CSV ("CSV UTF-8" from Excel by default)."""
    lines = []
    for row in rows:
        buffer: list[str] = []
        writer = csv.writer(_Collect(buffer), delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([_csv_text(v) for v in row])
        lines.append("".join(buffer))
    text = "".join(lines)
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


class _Collect:
    """A file-like sink for csv.writer."""

    def __init__(self, buffer: list[str]) -> None:
        self.buffer = buffer

    def write(self, text: str) -> int:
        self.buffer.append(text)
        return len(text)
