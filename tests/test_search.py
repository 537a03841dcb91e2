"""Search: records from the model, what never enters the index, byte-identical bundles, and the
header box and search page in a real Chromium (fixtures in tests/browser.py)."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.commands.build import build_project
from generator.model.site import build_site
from generator.search.bundle import canonicalise_bundle, cbor_decode, cbor_encode, write_index
from generator.search.records import (
    INDEX_DIR,
    SearchRecord,
    encode_path,
    folded_words,
    iter_search_records,
    name_variants,
    old_style_tones,
)
from tests.browser import ROOT, PageProbe, ServedSite
from tests.projects import write_build_project as write_project

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Facts that must never reach the index, from tests/test_build.py's project: a proposed and an
# expired proposal, a withdrawn profile (and its reason), two non-consented fields, and one
# more non-consented field added below.
SENTINELS = (
    "Đềxuất", "dexuat", "ly-van-dexuat",
    "Hếthạn", "hethan", "mai-van-hethan",
    "Rútlui", "rutlui", "trinh-van-rutlui", "Thông tin không chính xác",
    "Tày", "Phật giáo", "phat giao",
    "Sứckhỏesentinel", "suckhoesentinel",
)  # fmt: skip


# --- text ---------------------------------------------------------------------------------------


def test_other_spellings_of_a_name() -> None:
    assert name_variants("Nguyễn Thị Hoà") == ["Nguyễn Thị Hòa"]  # Pagefind folds the rest
    assert name_variants("Lê Thị Thủy") == ["Lê Thị Thuỷ"]
    assert name_variants("Đặng Văn Quý") == ["dang van quy"]  # quý: qu + y, one placement
    assert name_variants("Đoàn Thị Hoà") == ["Đoàn Thị Hòa", "doan thi hoa"]
    assert old_style_tones("khoẻ, thuỷ, tuý, hoà, HOÀ, hoàng") == "khỏe, thủy, túy, hòa, HÒA, hoàng"


def test_only_what_pagefind_cannot_fold_is_added() -> None:
    assert folded_words("Nguyễn Thị Hồng") == []  # Pagefind folds these marks itself
    assert folded_words("Đoàn Thanh niên") == ["doan"]
    text = "Đã có thành tích trong công tác đoàn, được tặng, đã nhiều năm ở Đồng Tháp."
    assert folded_words(text) == ["doan", "dong"]  # "đã", "được": too common to help


def test_record_html_is_escaped() -> None:
    record = SearchRecord(url="ho-so/x/", title='<script>alert(1)</script> "A"')
    record.add(1.0, "<img src=x onerror=alert(1)>")
    record.facet("tinh", '"><b>')
    html = record.to_html()
    assert "<script>" not in html and "<img" not in html and '"><b>' not in html
    assert "&lt;script&gt;" in html


def test_paths_in_metadata_cannot_match_a_query() -> None:
    token = encode_path("ho-so/nguyen-van-anh/anh-160.webp")
    assert re.fullmatch(r"0x[0-9a-f]+", token)
    assert bytes.fromhex(token[2:]).decode() == "ho-so/nguyen-van-anh/anh-160.webp"


def test_cbor_round_trip() -> None:
    value = ["1.5.2", [["vi_abc", 207], ["x", 0]], [[23, 24, 255, 256, 65_536, 2**32]], ["é" * 30]]
    data = cbor_encode(value)  # type: ignore[arg-type]
    assert cbor_decode(data) == (value, len(data))


# --- records from the model ---------------------------------------------------------------------


def test_records_come_from_the_model_in_vietnamese_order() -> None:
    site, report = build_site(ROOT)
    assert site is not None and not report.errors
    records = list(iter_search_records(site))
    published = site.published()
    people = records[: len(published)]
    assert [r.title for r in people] == [e.display_name for e in published]
    ranks = [r.sort["ten"] for r in records]
    assert ranks == sorted(ranks) and len(set(map(len, ranks))) == 1  # zero-padded ranks
    urls = [r.url for r in records]
    assert "phong-trao/nong-thon-moi/" in urls and "gioi-thieu/" in urls
    statuses = {e.slug: e.profile.status for e in site.entries}
    for record in people:
        assert statuses[record.url.split("/")[1]] == "published"
        assert not any("¶" in text for _, text in record.blocks)
    toan = next(r for r in records if r.title == "Vũ Đức Toàn")
    assert set(toan.filters) >= {"loai", "danh-hieu", "cap", "nam", "thap-nien", "tinh"}
    assert toan.filters["loai"] == ["Cá nhân"]
    assert all(re.fullmatch(r"\d{4}", year) for year in toan.filters["nam"])


def test_a_thumbnail_only_with_consent_to_publish_photos() -> None:
    site, _ = build_site(ROOT)
    assert site is not None
    with_photo = [e for e in site.published() if e.photos]
    consented = {e.slug for e in with_photo if e.public_photos}
    refused = {e.slug for e in with_photo if not e.public_photos}
    thumbs = {e.slug: f"ho-so/{e.slug}/anh.webp" for e in with_photo}
    records = {r.url: r for r in iter_search_records(site, thumbnails=thumbs)}
    assert consented, "the demo has consented photos"
    for slug in consented:
        assert records[f"ho-so/{slug}/"].meta["image"] == encode_path(thumbs[slug])
    for slug in refused:
        assert "image" not in records[f"ho-so/{slug}/"].meta


# --- the bundle ---------------------------------------------------------------------------------


def _bundle_text(folder: Path, pattern: str = "*") -> str:
    """Every file of the bundle as text, gzip files decompressed (Pagefind gzips its chunks)."""
    parts = []
    for path in sorted(folder.rglob(pattern)):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.mark.slow
def test_private_data_never_enters_the_index(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    extra = (root / "profiles" / "le-van-an.yml").read_text(encoding="utf-8")
    extra += "health: Sứckhỏesentinel\nconsent: {health: false}\n"
    (root / "profiles" / "le-van-an.yml").write_text(extra, encoding="utf-8")
    result = build_project(root)
    assert result.built, [p.format("en") for p in result.report]
    bundle = root / "site" / INDEX_DIR
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in files)
    text = _bundle_text(bundle)
    assert "Nguyễn Thị Hoa" in text and "Hợp tác xã Nông nghiệp Triệu Thành" in text
    for sentinel in SENTINELS:
        assert sentinel not in text, sentinel
    assert "¶" not in _bundle_text(bundle, "*.pf_*")  # Material's heading permalinks
    assert not list(bundle.glob("pagefind-ui*")), "Pagefind's own UI is not shipped"


def test_the_bundle_is_byte_identical(tmp_path: Path) -> None:
    site, _ = build_site(ROOT)
    assert site is not None
    records = list(iter_search_records(site))
    first, second = tmp_path / "one", tmp_path / "two"
    write_index(records, first)
    write_index(records, second)

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert files(first) == files(second)
    shutil.rmtree(second)
    assert canonicalise_bundle(files(first)) == files(first)  # already canonical


# --- in the browser -----------------------------------------------------------------------------


def _type_in_header(page: Page, query: str) -> list[str]:
    """Type into the header box like a reader; the names shown in the listbox."""
    box = page.locator("#vd-search-input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    page.locator(".vd-search__panel:not([hidden])").wait_for()
    page.wait_for_function(
        "q => document.querySelector('.vd-search__footer').textContent.includes(q)", arg=query
    )
    return page.locator(".vd-search__option .vd-search__name").all_inner_texts()


@pytest.mark.slow
def test_header_search_finds_a_name_typed_without_diacritics(probe: PageProbe) -> None:
    page = probe.goto("")
    names = _type_in_header(page, "nguyen thi hoa")
    assert names[:2] == ["Nguyễn Thị Hoa", "Nguyễn Thị Hoa"]
    assert not any("¶" in n for n in names)
    box = page.locator("#vd-search-input")
    assert box.get_attribute("aria-expanded") == "true"
    # Keyboard: arrows move through the options, Enter opens one, Escape closes.
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == active
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator(".vd-search__panel").is_hidden()
    box.press("ArrowDown")  # reopens with the same results
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert "/ho-so/nguyen-thi-hoa" in page.url
    assert page.locator("h1").first.inner_text().startswith("Nguyễn Thị Hoa")
    probe.assert_clean()


@pytest.mark.slow
def test_a_campaign_phrase_finds_its_campaign(probe: PageProbe) -> None:
    page = probe.goto("danh-sach/")
    for query in ("nông thôn mới", "nong thon moi"):
        names = _type_in_header(page, query)
        assert names[0] == "Cả nước chung sức xây dựng nông thôn mới", (query, names)
    probe.assert_clean()


@pytest.mark.slow
def test_exact_diacritics_rank_first(probe: PageProbe) -> None:
    page = probe.goto("")
    # "Toàn" and "Toản" fold to the same "toan"; the reader's spelling wins.
    # Every name spelt as typed comes before any spelt the other way.
    exact, other = ["Phạm Quốc Toản", "Phạm Văn Toản"], ["Vũ Đức Toàn"]
    names = _type_in_header(page, "Toản")
    assert sorted(names[:2]) == exact and names[2] == other[0]
    names = _type_in_header(page, "Toàn")
    assert names[0] == other[0] and sorted(names[1:3]) == exact
    folded = _type_in_header(page, "toan")
    assert set(folded[:3]) == {*exact, *other}
    # "đ" has no decomposition: "dinh" finds Đinh and Dình, "Đinh" only Đinh.
    assert {"Đinh Văn Khôi", "Sùng A Dình"} <= set(_type_in_header(page, "dinh"))
    names = _type_in_header(page, "Đinh")
    assert names[0] == "Đinh Văn Khôi" and "Sùng A Dình" not in names
    probe.assert_clean()


def _result_titles(page: Page) -> list[str]:
    page.wait_for_function(
        "() => !document.querySelector('.vd-results__status').textContent.startsWith('Đang')"
    )
    page.wait_for_load_state("networkidle")
    return page.locator(".vd-result__title").all_inner_texts()


@pytest.mark.slow
def test_a_facet_narrows_results_and_the_url_reproduces_them(
    probe: PageProbe, demo_site: ServedSite
) -> None:
    page = probe.goto("tim-kiem/?q=b%E1%BA%B1ng+khen")  # "bằng khen", as a shared link
    assert page.locator("#vd-search-q").input_value() == "bằng khen"
    everything = _result_titles(page)
    assert len(everything) > 3
    facet = page.locator('.vd-facet[data-facet="tinh"] input[value="Tỉnh Lạng Sơn"]')
    facet.check()
    page.wait_for_url(re.compile(r"tinh="))
    narrowed = _result_titles(page)
    assert 0 < len(narrowed) < len(everything)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["bằng khen"], "tinh": ["Tỉnh Lạng Sơn"]}
    status = page.locator(".vd-results__status").inner_text()
    assert status.startswith(f"{len(narrowed)} kết quả")
    # The same URL pasted into a fresh page shows the same roll.
    other = page.context.new_page()
    other.goto(page.url, wait_until="networkidle")
    assert _result_titles(other) == narrowed
    assert other.locator('input[value="Tỉnh Lạng Sơn"]').is_checked()
    # A filter alone (no words) lists a roll in Vietnamese name order.
    other.goto(demo_site.page_url("tim-kiem/?loai=M%C3%B4+h%C3%ACnh"), wait_until="networkidle")
    models = _result_titles(other)
    assert models and all(t.startswith("Mô hình") for t in models)
    other.close()
    page.go_back()
    page.wait_for_url(re.compile(r"^(?!.*tinh=)"))
    assert not page.locator('input[value="Tỉnh Lạng Sơn"]').is_checked()
    probe.assert_clean()


@pytest.mark.slow
@pytest.mark.parametrize("width", [360])
def test_search_works_on_a_phone(probe: PageProbe, width: int) -> None:
    page = probe.page
    page.set_viewport_size({"width": width, "height": 740})
    probe.goto("ho-so/nguyen-thi-hoa-trieu-phong/")
    assert page.locator("#vd-search-input").is_visible()
    names = _type_in_header(page, "dan van kheo")
    assert names and all("Dân vận khéo" in n for n in names[:3])
    panel = page.locator(".vd-search__panel").bounding_box()
    assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    probe.assert_clean()
