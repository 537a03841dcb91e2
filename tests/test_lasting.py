"""Memos of pure functions kept across full builds (generator.incremental.lasting): the QR
codes' SVG paths by URL and python-markdown's HTML by text. A full build that finds them makes
the site the one without them, byte for byte, encoding no code and converting no text; a
memo damaged, of other code or with a value of another shape is made again, never published;
a build that made every page keeps only what it used."""

from __future__ import annotations

import marshal
import sys
import unicodedata
import zlib
from pathlib import Path

import markdown
import pytest
import segno

from generator.commands.build import build_project
from generator.incremental import lasting
from generator.incremental.lasting import LASTING_DIR, LastingMemo
from generator.pages import qrmask, share
from generator.templating import sanitise
from tests.test_enginefeed import TODAY, english_project, full_build, snapshot

QR_FILE, MARKDOWN_FILE = "qr-paths.marshal", "markdown-html.marshal"


def saved(identity: str, entries: dict[str, bytes]) -> bytes:
    """A memo file as `LastingMemo.save` writes one."""
    data = marshal.dumps((identity, entries))
    return data + zlib.crc32(data).to_bytes(4, "big")


def kept(root: Path, name: str, identity: str) -> dict[str, bytes]:
    """The values of the memo file `name` as a build reads them (empty if it would not)."""
    return LastingMemo(name, identity)._load(root / LASTING_DIR / f"{name}.marshal")


def counting(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[bool]]:
    """The URLs encoded and the Markdown conversions made in this process from now on (the
    real functions still do the work)."""
    encoded: list[str] = []
    converted: list[bool] = []
    make_qr, converter = qrmask.make_qr, sanitise._converter

    def encode(url: str, error: str) -> segno.QRCode:
        encoded.append(url)
        return make_qr(url, error)

    def convert(headings: bool) -> markdown.Markdown:
        converted.append(headings)
        return converter(headings)

    monkeypatch.setattr(share, "make_qr", encode)
    monkeypatch.setattr(sanitise, "_converter", convert)
    return encoded, converted


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A project with the English edition on (two QR labels, English stories), fully built
    once with no memo kept, and that build's site."""
    root = english_project(tmp_path_factory.mktemp("lasting") / "project", 30)
    full_build(root)
    return root, snapshot(root / "site")


@pytest.mark.slow
def test_a_full_build_with_the_memos_is_the_one_without_them(
    project: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, expected = project
    qr = kept(root, "qr-paths", share._QR_PATHS.identity)
    html = kept(root, "markdown-html", sanitise._RENDERED.identity)
    codes = sum(1 for rel, data in expected.items() if b'class="vd-qr__code"' in data)
    assert len(qr) >= 30 and codes >= 60  # a code a profile page, in each edition
    assert len(html) >= 30
    # Clean builds are made where the memos are not: --clean keeps them as the image cache.
    encoded, converted = counting(monkeypatch)
    full_build(root)
    assert encoded == [] and converted == []  # every code and story taken from the memos
    built = snapshot(root / "site")
    assert sorted(built) == sorted(expected)
    assert [rel for rel in expected if built[rel] != expected[rel]] == []


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["byte", "identity", "values"])
def test_a_damaged_or_foreign_memo_is_made_again(
    project: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    root, expected = project
    folder = root / LASTING_DIR
    memos = {QR_FILE: share._QR_PATHS.identity, MARKDOWN_FILE: sanitise._RENDERED.identity}
    before = {name: kept(root, name.removesuffix(".marshal"), memos[name]) for name in memos}
    for name, identity in memos.items():
        path = folder / name
        if damage == "byte":  # one byte inside a value: the CRC-32 says so
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0x20
            path.write_bytes(bytes(data))
        elif damage == "identity":  # made by other code (another segno, another markdown)
            wrong = {key: zlib.compress(b"M0 0h1") for key in before[name]}
            path.write_bytes(saved(identity + " older", wrong))
        else:  # the file right, its values of another shape (not zlib)
            path.write_bytes(saved(identity, {key: b"\x21" for key in before[name]}))
    encoded, converted = counting(monkeypatch)
    full_build(root)
    assert len(encoded) >= 60 and len(converted) >= 30  # made again
    built = snapshot(root / "site")
    assert [rel for rel in expected if built.get(rel) != expected[rel]] == []
    for name, identity in memos.items():  # and kept again as they were
        assert kept(root, name.removesuffix(".marshal"), identity) == before[name]


@pytest.mark.slow
def test_a_build_that_made_every_page_keeps_only_what_it_used(
    project: tuple[Path, dict[str, bytes]],
) -> None:
    root, _expected = project
    identity = share._QR_PATHS.identity
    path = root / LASTING_DIR / QR_FILE
    values = kept(root, "qr-paths", identity)
    gone = "https://example.org/ho-so/khong-con/"
    path.write_bytes(saved(identity, {**values, gone: values[next(iter(values))]}))
    # An edit renders one page: what it did not use stays.
    profile = next(
        p for p in sorted((root / "profiles").rglob("*.yml")) if "story: |" in p.read_text()
    )
    text = profile.read_text("utf-8")
    profile.write_text(text.replace("story: |\n", "story: |\n  Sửa lần một.\n\n", 1), "utf-8")
    result = build_project(root, today=TODAY)
    assert result.built and gone in kept(root, "qr-paths", identity)
    html = kept(root, "markdown-html", sanitise._RENDERED.identity)
    full_build(root)
    assert kept(root, "qr-paths", identity) == values
    # The story as it was before the edit is no longer kept after the full build.
    assert len(kept(root, "markdown-html", sanitise._RENDERED.identity)) < len(html)


def test_a_memo_file_is_read_only_whole_and_of_its_identity(tmp_path: Path) -> None:
    path = tmp_path / "m.marshal"
    memo = LastingMemo("m", "one")
    assert memo._load(path) == {}  # missing
    path.write_bytes(saved("one", {"k": b"v"}))
    assert memo._load(path) == {"k": b"v"}
    for wrong in (
        b"",
        saved("one", {"k": b"v"})[:-1],  # cut short
        saved("two", {"k": b"v"}),  # another identity
        saved("one", {"k": "v"}),  # type: ignore[dict-item]  # a value not bytes
        marshal.dumps(("one", {"k": b"v"})) + b"\0\0\0\0",  # a wrong CRC-32
    ):
        path.write_bytes(wrong)
        assert memo._load(path) == {}, wrong


def test_memos_are_kept_only_while_attached(tmp_path: Path) -> None:
    memo = lasting.register("test-memo", "one")
    memo.put("k", b"v")  # not attached: not kept
    assert memo.get("k") is None
    lasting.attach(tmp_path)
    try:
        assert memo.get("k") is None
        memo.put("k", b"v")
        assert memo.get("k") == b"v"
        assert "test-memo" in lasting.save_lasting(prune=False)
        assert memo.get("k") is None  # saved and let go: detached
        lasting.attach(tmp_path)
        assert memo.get("k") == b"v"  # read from its file
        assert "test-memo" not in lasting.save_lasting(prune=False)  # unchanged: not written
        lasting.attach(tmp_path)
        assert "test-memo" not in lasting.save_lasting(prune=True)  # unused: left as it is
        assert kept(tmp_path, "test-memo", memo.identity) == {"k": b"v"}
    finally:
        lasting.detach()
        lasting._MEMOS.pop("test-memo")


@pytest.mark.parametrize("other", ["python", "unicode"])
def test_a_memo_made_by_another_python_or_unicode_database_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    # python-markdown's regexes and the toc's slugs (vntext, unicodedata) change with the
    # Unicode database, segno's modes with Python's codecs: both are in every identity.
    for memo in (sanitise._RENDERED, share._QR_PATHS):
        assert memo.identity.endswith(
            f" python {sys.version} unicode {unicodedata.unidata_version}"
        )
    lasting.attach(tmp_path)
    try:
        lasting.register("test-memo", "code").put("k", b"v")
        assert lasting.save_lasting(prune=False) == ["test-memo"]
        if other == "python":
            monkeypatch.setattr(sys, "version", "3.99.0 (another build)")
        else:
            monkeypatch.setattr(unicodedata, "unidata_version", "99.0.0")
        lasting.attach(tmp_path)
        assert lasting.register("test-memo", "code").get("k") is None  # made again
        monkeypatch.undo()
        lasting.attach(tmp_path)
        assert lasting.register("test-memo", "code").get("k") == b"v"  # this Python's: read
    finally:
        lasting.detach()
        lasting._MEMOS.pop("test-memo")


def test_a_kept_qr_path_that_is_no_path_data_is_made_again(tmp_path: Path) -> None:
    # The path data goes into the page as markup, not through nh3 as a story's HTML does: a
    # kept value whose CRC-32 is right but which holds more than a path's letters and numbers
    # (here the end of the attribute and a script) is made again, never published.
    url, label = "https://vinhdanh.example.vn/ho-so/nguyen-van-an/", "Mã QR"
    expected = str(share.qr_svg(url, label))  # and segno's frame of its size, as a build has
    hostile = b'M4 4.5h7"/><script>alert(1)</script><path d="M4 4.5h7'
    folder = tmp_path / LASTING_DIR
    folder.mkdir(parents=True)
    modules = len(qrmask.make_qr(url, share.QR_ERROR).matrix)
    value = bytes([modules]) + zlib.compress(hostile)
    (folder / QR_FILE).write_bytes(saved(share._QR_PATHS.identity, {url: value}))
    lasting.attach(tmp_path)
    try:
        assert share._QR_PATHS.get(url) == value  # the file is read: its CRC-32 is right
        assert str(share.qr_svg(url, label)) == expected
    finally:
        lasting.detach()
