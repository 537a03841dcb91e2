"""Public comment that works (issue 17.3–17.4): a page per proposal with what the reader needs
to comment, windows rendered until they end (open and still to open) with their dates, and the
day-dependent texts dated by the build for readers without JavaScript."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.commands.build import build_project
from generator.templating.environment import (
    campaign_stage,
    proposals_text,
    window_left,
    window_state,
)
from tests.projects import CONFIG
from tests.projects import write_small_project as write_project

HONOURED_AND_PROPOSED = """\
slug: le-thi-binh
kind: individual
name: {family: Lê, middle: Thị, given: Bình}
position: Tổ trưởng tổ sản xuất
unit: Hợp tác xã Tân Phú
summary: Hai mươi năm giữ giống lúa địa phương, truyền nghề cho xã viên trẻ.
locality: {province: Quảng Trị}
awards:
  - award: bang-khen-thu-tuong
    year: 2022
    decision_number: 77/QĐ-TTg
    decision_date: 2022-05-05
    issuer: Thủ tướng Chính phủ
    issuer_level: government
status: published
proposals:
  - award: huan-chuong-lao-dong
    class: ba
    proposed_by: UBND tỉnh Quảng Trị
    window_start: 2025-03-03
    window_end: 2025-03-17
    comments_to: "Ban Thi đua - Khen thưởng tỉnh, số 2 đường Hùng Vương; gopy@example.vn"
    notice: Thông báo số 12/TB-TĐKT
    council_date: 2025-03-28
"""

COMMENTS = """\
comments:
  office: Thường trực Hội đồng Thi đua - Khen thưởng tỉnh
  email: hoidong@example.vn
  address: Số 2 đường Hùng Vương, tỉnh Quảng Trị
  phone: 0233 385 0000
"""

PAGE = Path("lay-y-kien") / "le-thi-binh-huan-chuong-lao-dong" / "index.html"


def _text(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


def _build(tmp_path: Path, today: dt.date, config: str = CONFIG + COMMENTS) -> Path:
    root = write_project(
        tmp_path, **{"site_config.yml": config, "profiles__le-thi-binh.yml": HONOURED_AND_PROPOSED}
    )
    result = build_project(root, today=today)
    assert result.built, [p.format("en") for p in result.report]
    return root / "site"


@pytest.mark.slow
def test_a_proposal_has_a_page_with_what_a_reader_needs_to_comment(tmp_path: Path) -> None:
    site = _build(tmp_path, dt.date(2025, 3, 10))
    raw = (site / PAGE).read_text("utf-8")
    text = _text(site / PAGE)
    assert "Lê Thị Bình" in text and "Đề nghị tặng Huân chương Lao động hạng Ba" in text
    assert "Tổ trưởng tổ sản xuất" in text and "Hợp tác xã Tân Phú" in text
    assert "Hai mươi năm giữ giống lúa địa phương" in text  # what they did
    assert "Khen thưởng đã có" in text and "Bằng khen của Thủ tướng Chính phủ (2022)" in text
    assert "Quyết định số 77/QĐ-TTg" in text
    # The legal basis: the public-comment rule of the window's date (data/awards.yml).
    assert "ít nhất 10 ngày làm việc" in text
    assert "khoản 2 Điều 44, khoản 3 Điều 60 Nghị định 152/2025/NĐ-CP" not in text  # 2025-03
    assert "khoản 1, khoản 2 Điều 46 Nghị định 98/2023/NĐ-CP" in text
    assert "Đề nghị khen thưởng, chưa phải quyết định khen thưởng" in text
    assert "Thông báo số 12/TB-TĐKT" in text and "28/03/2025" in text
    # The window, with its countdown for the build's day, said to be the build's.
    assert 'data-vd-window data-state="open" data-start="2025-03-03" data-end="2025-03-17"' in raw
    assert "Đang lấy ý kiến nhân dân : còn 8 ngày, đến hết ngày 17/03/2025" in text
    assert "(tính đến ngày dựng trang 10/03/2025)" in text
    # How to send an opinion: the proposal's own address first, then the secretariat's.
    mailto = re.search(r'href="(mailto:[^"]+)"', raw)
    assert mailto is not None
    address, _, query = mailto.group(1).partition("?")
    assert address == "mailto:gopy@example.vn"
    assert unquote(query) == (
        "subject=Góp ý về đề nghị tặng Huân chương Lao động hạng Ba cho Lê Thị Bình"
    )
    assert " " not in mailto.group(1)  # percent-encoded
    assert "Số 2 đường Hùng Vương, tỉnh Quảng Trị" in text
    assert 'href="tel:02333850000"' in raw
    assert "Thường trực Hội đồng Thi đua - Khen thưởng tỉnh" in text
    assert 'href="../../ho-so/le-thi-binh/"' in raw
    # Out of search engines and the sitemap: the page lasts as long as the window.
    assert '<meta name="robots" content="noindex">' in raw
    assert "le-thi-binh-huan" not in (site / "sitemap.xml").read_text("utf-8")
    # Out of the nav, reached from the comment page and the profile's notice.
    assert "le-thi-binh-huan-chuong-lao-dong" not in _nav(site / "index.html")
    listing = (site / "lay-y-kien" / "index.html").read_text("utf-8")
    assert 'href="le-thi-binh-huan-chuong-lao-dong/"' in listing
    profile = (site / "ho-so" / "le-thi-binh" / "index.html").read_text("utf-8")
    assert 'href="../../lay-y-kien/le-thi-binh-huan-chuong-lao-dong/"' in profile


def _nav(page: Path) -> str:
    raw = page.read_text("utf-8")
    start = raw.index('<nav class="md-nav md-nav--primary"')
    return raw[start : raw.index("</nav>", start)]


@pytest.mark.slow
def test_the_secretariat_email_is_used_when_the_proposal_names_none(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        **{
            "site_config.yml": CONFIG + COMMENTS,
            "profiles__le-thi-binh.yml": HONOURED_AND_PROPOSED.replace("; gopy@example.vn", ""),
        },
    )
    assert build_project(root, today=dt.date(2025, 3, 10)).built
    raw = (root / "site" / PAGE).read_text("utf-8")
    assert 'href="mailto:hoidong@example.vn?subject=G%C3%B3p%20%C3%BD%20' in raw


@pytest.mark.slow
def test_a_window_still_to_open_is_on_the_pages_with_its_dates(tmp_path: Path) -> None:
    """Built before the window: the pages carry it (the reader's script opens it on its day)."""
    site = _build(tmp_path, dt.date(2025, 2, 20))
    text = _text(site / PAGE)
    assert "Sắp lấy ý kiến nhân dân : bắt đầu từ ngày 03/03/2025, còn 11 ngày nữa" in text
    listing = _text(site / "lay-y-kien" / "index.html")
    assert "Lê Thị Bình" in listing
    assert "Hôm nay không có đề nghị nào đang trong thời gian lấy ý kiến" in listing
    profile = _text(site / "ho-so" / "le-thi-binh" / "index.html")
    assert "Sắp lấy ý kiến nhân dân về đề nghị tặng Huân chương Lao động hạng Ba" in profile
    home = (site / "index.html").read_text("utf-8")
    assert 'data-vd-proposals="2025-03-03/2025-03-17"' in home
    assert "1 đề nghị khen thưởng sắp lấy ý kiến nhân dân" in home


@pytest.mark.slow
def test_a_window_ended_before_the_build_leaves_every_page(tmp_path: Path) -> None:
    site = _build(tmp_path, dt.date(2025, 3, 18))
    assert not (site / PAGE).exists()
    assert "Lê Thị Bình" not in _text(site / "lay-y-kien" / "index.html")
    assert "data-vd-proposals" not in (site / "index.html").read_text("utf-8")


def test_the_citation_carries_the_readers_day_slot_and_the_build_day() -> None:
    """The profile's "truy cập" is a <time> time.js fills; without it the build's day, said."""
    from generator.templating.environment import make_environment

    env = make_environment()
    out = env.from_string(
        '{% import "_macros.html" as m with context %}{{ m.reader_day() }}'
    ).render(today=dt.date(2026, 11, 12))
    assert out == (
        '<time datetime="2026-11-12" data-vd-today>12/11/2026</time><span class="vd-asof" '
        "data-vd-asof> (tính đến ngày dựng trang)</span>"
    )


def test_day_texts_match_the_script() -> None:
    """The words generator.templating.environment writes for the build's day are time.js's words."""
    start, end = dt.date(2026, 11, 10), dt.date(2026, 11, 30)
    assert window_state(start, end, dt.date(2026, 11, 9)) == "upcoming"
    assert window_state(start, end, start) == "open" and window_state(start, end, end) == "open"
    assert window_state(start, end, dt.date(2026, 12, 1)) == "closed"
    assert window_left(start, end, dt.date(2026, 11, 29)) == "còn 2 ngày, đến hết ngày 30/11/2026"
    assert window_left(start, end, end) == "hôm nay, 30/11/2026, là ngày cuối"
    assert window_left(start, end, dt.date(2026, 12, 1)) == "đã kết thúc ngày 30/11/2026"
    assert proposals_text([(start, end), (end, end)], dt.date(2026, 11, 12)) == (
        "1 đề nghị khen thưởng đang lấy ý kiến nhân dân"
    )
    assert proposals_text([(start, end)], dt.date(2027, 1, 1)) == ""
    assert campaign_stage(start, None, dt.date(2027, 1, 1)) == "đang diễn ra"
    assert campaign_stage(start, end, dt.date(2027, 1, 1)) == (
        "đã hết thời gian phong trào (kết thúc ngày 30/11/2026)"
    )
    script = (
        Path(__file__).resolve().parent.parent / "generator/theme/assets/javascripts/time.js"
    ).read_text("utf-8")
    for words in (
        "Sắp lấy ý kiến nhân dân",
        "Đang lấy ý kiến nhân dân",
        "Đã hết thời gian lấy ý kiến nhân dân",
        "bắt đầu từ ngày ${viDate(start)}, còn ${start - today} ngày nữa",
        "còn ${left} ngày, đến hết ngày ${viDate(end)}",
        "hôm nay, ${viDate(end)}, là ngày cuối",
        "đã kết thúc ngày ${viDate(end)}",
        "đề nghị khen thưởng đang lấy ý kiến nhân dân",
        "đã hết thời gian phong trào (kết thúc ngày ${viDate(end)})",
    ):
        assert words in script, words
