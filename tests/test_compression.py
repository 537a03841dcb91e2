"""The deflate of the files the site publishes compressed, and their ZIP archives
(generator.compression): zlib-ng's bytes, the same on every machine, in ZIPs whose records are
those zipfile writes."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import random
import zipfile
import zlib

import pytest
from zlib_ng import zlib_ng

from generator import compression
from generator.compression import ZipArchive, deflater
from generator.opendata.presskit import deterministic_zip
from generator.opendata.xlsxout import SHEET, XLSX_LEVEL, Column, workbook
from generator.search.gzipfiles import GZIP_LEVEL, gzip_file

TODAY = dt.date(2026, 12, 6)


def _text(count: int) -> bytes:
    """Rows of a roll's sheet, as repetitive as the real ones."""
    rng = random.Random(17)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung"]
    rows = [
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{rng.choice(names)} {rng.randint(1, 9999)}'
        f'</t></is></c><c r="B{n}" t="n"><v>{rng.randint(1990, 2026)}</v></c></row>'
        for n in range(2, count + 2)
    ]
    return "".join(rows).encode("utf-8")


def _raw(data: bytes, level: int) -> bytes:
    stream = zlib_ng.compressobj(level, zlib_ng.DEFLATED, -15)
    return stream.compress(data) + stream.flush()


def _stored_data(made: bytes, name: str) -> bytes:
    """An entry's bytes as they are in the archive (deflated or not)."""
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return made[start : start + info.compress_size]


def _zipfile_archive(entries: list[tuple[str, bytes, int | None]], when: dt.date) -> bytes:
    """The same entries written by zipfile (zlib's deflate), as this project wrote them."""
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, level in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if level is None else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=level)
    return out.getvalue()


@pytest.mark.parametrize("when", [TODAY, dt.date(1975, 3, 9)])
def test_the_archive_is_zipfiles_with_the_same_deflate(when: dt.date) -> None:
    entries: list[tuple[str, bytes, int | None]] = [
        ("xl/worksheets/sheet1.xml", _text(3_000), 6),
        ("ảnh/chân dung.jpg", random.Random(1).randbytes(5_000), None),
        ("CREDITS.txt", "Ảnh: Báo Nhân Dân\n".encode(), 9),
        ("empty.txt", b"", 9),
    ]
    archive = ZipArchive(when, lambda level: zlib.compressobj(level, zlib.DEFLATED, -15))
    for name, data, level in entries:
        # In pieces, as a workbook's sheet is written: the same bytes as whole.
        archive.add(name, (data[i : i + 4096] for i in range(0, len(data), 4096)), level)
    assert archive.getvalue() == _zipfile_archive(entries, when)


def test_the_archive_deflates_with_zlib_ng_and_any_reader_reads_it() -> None:
    data = _text(3_000)
    archive = ZipArchive(TODAY)
    archive.add("a.xml", (data,), 5)
    archive.add("b.jpg", (b"\xff\xd8 stored",), None)
    made = archive.getvalue()
    assert _stored_data(made, "a.xml") == _raw(data, 5) != _raw(data, 6)
    with zipfile.ZipFile(io.BytesIO(made)) as read:
        assert read.testzip() is None
        assert read.read("a.xml") == data and read.read("b.jpg") == b"\xff\xd8 stored"
        assert [i.compress_type for i in read.infolist()] == [8, 0]


def test_an_entrys_bytes_do_not_depend_on_the_pieces_it_comes_in() -> None:
    data = _text(8_000)  # ~1 MB: many blocks
    made = set()
    for size in (777, 65_536, 65_537, 300_000, len(data)):
        pieces = [data[i : i + size] for i in range(0, len(data), size)]
        archive = ZipArchive(TODAY)
        archive.add("sheet.xml", pieces, XLSX_LEVEL)
        made.add(archive.getvalue())
    assert len(made) == 1
    # Handed in other pieces, zlib-ng's level 5 deflates other bytes: the blocks are needed.
    stream = deflater(XLSX_LEVEL)
    pieces = [stream.compress(data[i : i + 777]) for i in range(0, len(data), 777)]
    assert b"".join([*pieces, stream.flush()]) != _raw(data, XLSX_LEVEL)


def test_a_workbook_and_a_press_kit_are_deflated_by_zlib_ng() -> None:
    made = workbook("Danh sách", [Column("Họ và tên"), Column("Năm", "number")], [], TODAY)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        sheet = archive.read(SHEET)
    assert _stored_data(made, SHEET) == _raw(sheet, XLSX_LEVEL)
    story = ("Anh hùng lao động, chiến sĩ thi đua toàn quốc. " * 200).encode()
    kit = deterministic_zip({"ho-so.md": story, "anh.jpg": b"\xff\xd8"}, TODAY)
    assert _stored_data(kit, "ho-so.md") == _raw(story, 9)
    assert _stored_data(kit, "anh.jpg") == b"\xff\xd8"


def test_a_search_file_is_gzip_of_zlib_ngs_deflate() -> None:
    data = _text(200)
    packed = gzip_file(data)
    assert packed[:10] == gzip.compress(b"", compresslevel=GZIP_LEVEL, mtime=0)[:10]
    assert packed[10:-8] == _raw(data, GZIP_LEVEL)
    assert gzip.decompress(packed) == data


# The SHA-256 of the deflated bytes of `_text(20_000)` (2.5 MB), each way this project deflates:
# the same from zlib-ng 2.3.3 built for AVX2 (the wheel, on an x86-64 with AVX2), for SSE2 only
# and as generic C (session 17). zlib-ng picks its SIMD code by CPU: a machine whose deflate
# gave other bytes would publish other files, and fails here; so does another zlib-ng.
PINNED = {
    "level 5": "4c73db3fd6fa4fa0fc128993e5b9ec233e0f559f6f5783fd6279cf2e1c1cc569",
    "level 6": "28c567e017af67453a68b8d9581afffc3243be3a9e4d563004ee58bf7d47a8bc",
    "level 9": "a4f1e26852fc94794ddd6368c48e2ac45074ee939f2a3e77c7e5d08b73339419",
    "full flushes at 6": "17ebc0c419b6e0e2a4654470defb59a1656574d0eda24939ced0dc57126e1ff3",
    "a ZIP entry at 5": "53110889a24a9f9b53d5c423bfca4eed037c3a4cbd2c31bf49d41ee7de7c37a7",
}


def _ways(data: bytes) -> dict[str, bytes]:
    segments = [data[i : i + 16_384] for i in range(0, len(data), 16_384)]
    flushed = deflater(6)
    archive = ZipArchive(TODAY)
    archive.add("sheet.xml", (data,), 5)
    return {
        "level 5": _raw(data, 5),
        "level 6": _raw(data, 6),
        "level 9": _raw(data, 9),
        "full flushes at 6": b"".join(
            flushed.compress(s) + flushed.flush(zlib_ng.Z_FULL_FLUSH) for s in segments
        )
        + flushed.flush(),
        "a ZIP entry at 5": archive.getvalue(),
    }


def test_the_deflated_bytes_are_those_of_the_pinned_zlib_ng() -> None:
    assert compression.VERSION == "zlib-ng 2.3.3"  # pyproject.toml pins zlib-ng 1.1.0
    data = _text(20_000)
    assert hashlib.sha256(data).hexdigest() == (
        "030cd663df5396f6ef6ab1b6622672cc957ac8596acf55fd3426f9e4e1273bd3"
    )
    found = {way: hashlib.sha256(out).hexdigest() for way, out in _ways(data).items()}
    assert found == PINNED


def test_the_package_digest_covers_zlib_ngs_version(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workbooks and press kits are kept by keys holding the package digest: another zlib-ng
    # deflates other bytes, so its version must change the digest, whatever the installed
    # vinhdanh's metadata lists (an editable install made before the requirement lists none).
    import importlib.metadata

    from generator.incremental import buildcache

    monkeypatch.setattr(importlib.metadata, "requires", lambda name: [])  # such metadata
    before = buildcache.package_digest(buildcache.FileDigests())
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "9.9" if name == "zlib-ng" else real(name)
    )
    assert buildcache.package_digest(buildcache.FileDigests()) != before


def test_the_package_digest_covers_the_deflaters_c_library(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same Python package may load another zlib-ng (linked to the system's): the library's
    # runtime version, which decides the bytes, must change the digest by itself.
    from generator import compression
    from generator.incremental import buildcache

    before = buildcache.package_digest(buildcache.FileDigests())
    monkeypatch.setattr(compression, "VERSION", "zlib-ng 9.9.9")
    assert buildcache.package_digest(buildcache.FileDigests()) != before
