"""Hostile text in the session's new outputs: workbooks, message parameters, legacy fonts,
sitemap dates (each case found in review, each once broke its output)."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from openpyxl import load_workbook

from generator.editors.legacyencodings import decode, encode
from generator.errors import make_problem
from generator.model.linkeddata import campaign_lastmod
from generator.opendata.xlsxout import Column, workbook

TODAY = dt.date(2026, 11, 12)


def test_a_workbook_stays_well_formed_xml_whatever_the_text() -> None:
    title = 'Phong trào "Dân vận khéo" <b>&'
    data = workbook(
        title,
        [Column("Họ và tên"), Column("Đơn vị")],
        [["Nguyễn Văn \uffff An\ufffe", 'Công ty "A" \x07'], ["=1+1", "@SUM(A1)"]],
        TODAY,
        creator='Ban "Thi đua" & <Khen thưởng>',
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ET.fromstring(archive.read(name))  # raises on a broken part
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet.title == 'Phong trào "Dân vận khéo" <b>&'[:31]
    assert sheet["A2"].value == "Nguyễn Văn  An"
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s"


def test_an_editors_text_starting_with_at_is_text_not_a_message_code() -> None:
    problem = make_problem(
        "roll.csv", 3, 1, "award", "match.award_unknown", text="@Bằng khen", hint=""
    )
    assert "@Bằng khen" in problem.format("vi") and "@Bằng khen" in problem.format("en")


def test_title_case_tcvn3_keeps_its_case() -> None:
    assert encode("Lê Hà", "tcvn3") != "Lê Hà"
    assert decode(encode("Lê Hà", "tcvn3"), "tcvn3") == "Lê Hà"
    assert decode(encode("Tô Vũ", "tcvn3"), "tcvn3") == "Tô Vũ"
    # A capitals font: the toned letters have lower-case codes only, capitals come back.
    assert decode("NGUY\u00d4N V\u00a1N AN", "tcvn3") == "NGUYỄN VĂN AN"


def test_an_upcoming_campaign_is_never_dated_in_the_future() -> None:
    upcoming = SimpleNamespace(start=dt.date(2027, 1, 1), milestones=[], end=None)
    assert campaign_lastmod(cast(Any, upcoming), TODAY) == TODAY
    running = SimpleNamespace(start=dt.date(2026, 1, 1), milestones=[], end=dt.date(2027, 1, 1))
    assert campaign_lastmod(cast(Any, running), TODAY) == dt.date(2026, 1, 1)


def test_the_preview_status_answers_only_its_own_host(tmp_path: Path) -> None:
    from generator.commands.preview import STATUS_PATH, PreviewServer, PreviewStatus

    server = PreviewServer(
        PreviewStatus(tmp_path, "vi"),
        builder=lambda: None,
        host="127.0.0.1",
        port=8123,
        root=str(tmp_path),
    )
    try:
        answers: list[str] = []

        def ask(host: str) -> bytes:
            environ = {"PATH_INFO": STATUS_PATH, "HTTP_HOST": host}
            body = server._serve_request(environ, lambda status, headers: answers.append(status))
            return b"".join(body or [])

        assert b'"build"' in ask("127.0.0.1:8123") and answers[-1].startswith("200")
        assert b'"build"' in ask("localhost:8123")
        # A page of another site whose name was rebound to this address.
        assert ask("evil.example:8123") == b"403" and answers[-1].startswith("403")
    finally:
        server.server_close()


def test_a_card_whose_photo_changed_is_not_kept_under_the_photos_key(tmp_path: Path) -> None:
    import hashlib

    from PIL import Image

    from generator.images.cache import _card_entry
    from generator.images.cards import card_key
    from generator.images.jobs import CardJob
    from generator.images.tasks import _CardTask, _encode_card

    photo = tmp_path / "a.jpg"
    Image.new("RGB", (300, 400), (200, 120, 40)).save(photo)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    job = CardJob(
        "profile", "a", "Nguyễn Văn A", "Anh hùng Lao động", (), "Vinh danh", photo, digest
    )
    task = _CardTask(job, card_key(job), tmp_path / "cache")
    assert _encode_card(task).meta == {}  # drawn with its photo
    Path(_card_entry(task.cache_dir, task.key, "jpeg")).unlink()
    Image.new("RGB", (300, 400), (10, 10, 10)).save(photo)  # replaced after the key was made
    outcome = _encode_card(task)
    assert outcome.code == "image.changed" and dict(outcome.params)["file"] == str(photo)
    assert not Path(_card_entry(task.cache_dir, task.key, "jpeg")).exists()
