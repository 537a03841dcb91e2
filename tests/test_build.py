"""The build: pages, URLs, listings, the public-comment page, security, determinism, safety."""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from mkdocs import utils as mkdocs_utils

from generator.cli import cli
from generator.commands import assemble
from generator.commands import build as build_stage
from generator.commands.build import build_project
from generator.commands.sitengine import build_pages
from generator.commands.today import latest_data_date
from generator.model.site import build_site
from generator.model.urls import relative_url
from generator.pages.rolls import FORMER_PAGES_FILE
from generator.templating.sanitise import toc_slugify
from tests.projects import failing_engine
from tests.projects import write_build_project as write_project

TODAY = "2024-02-01"


def run(root: Path, *args: str) -> Result:
    """`vinhdanh build` through click."""
    return CliRunner().invoke(cli, ["build", "--root", str(root), *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def html_files(site: Path) -> dict[str, str]:
    """Every built HTML page, decoded."""
    return {
        rel: data.decode("utf-8") for rel, data in snapshot(site).items() if rel.endswith(".html")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build of the small project, shared by the read-only tests."""
    root = write_project(tmp_path_factory.mktemp("project"))
    result = run(root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return root / "site"


def page(site: Path, path: str) -> str:
    """The HTML served at site path `path`."""
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- pages and URLs ---------------------------------------------------------------------------


@pytest.mark.slow
def test_expected_pages_exist(built: Path) -> None:
    for path in [
        "",
        "ho-so/nguyen-thi-hoa/",
        "ho-so/htx-trieu-thanh/",
        "phong-trao/",
        "phong-trao/dan-van-kheo/",
        "danh-sach/",
        "danh-sach/ca-nhan/",
        "danh-sach/tap-the/",
        "danh-sach/danh-hieu/huan-chuong-lao-dong/",
        "danh-sach/tinh/quang-tri/",
        "danh-sach/nam/2019/",
        "danh-sach/phong-trao/dan-van-kheo/",
        "danh-sach/linh-vuc/giao-duc/",
        "danh-sach/doi-tuong/nha-giao/",
        "lay-y-kien/",
        "gioi-thieu/",
    ]:
        assert (built / path / "index.html").is_file(), path
    assert (built / "404.html").is_file()
    # A roll's former pages (`trang-N/`) have no file: the 404 page sends them on.
    assert not (built / "danh-sach" / "ca-nhan" / "trang-2").exists()


@pytest.mark.slow
def test_home_page(built: Path) -> None:
    home = page(built, "")
    assert "Bảng vàng thử nghiệm" in home
    assert "Dữ liệu minh họa" in home
    assert 'href="ho-so/nguyen-thi-hoa/"' in home  # featured
    assert 'href="phong-trao/dan-van-kheo/"' in home  # active campaign
    assert "<strong>7</strong> cá nhân" in home
    assert "<strong>1</strong> tập thể" in home


@pytest.mark.slow
def test_profile_page(built: Path) -> None:
    html = page(built, "ho-so/nguyen-thi-hoa/")
    assert "<title>Nguyễn Thị Hoa - Bảng vàng thử nghiệm</title>" in html
    assert "<h1>Nguyễn Thị Hoa</h1>" in html
    assert "nay là" in html  # the commune was merged in 2025
    # Highest first: hạng Nhì before hạng Ba, the revoked Bằng khen marked with its decision.
    nhi, ba = (
        html.index("Huân chương Lao động hạng Nhì"),
        html.index("Huân chương Lao động hạng Ba"),
    )
    assert nhi < ba
    assert "Quyết định đã bị hủy bỏ" in html and "99/QĐ-TTg" in html
    assert "Đã thu hồi" not in html  # Art. 93: the decision is annulled, the insignia recovered
    assert "Quyết định số 123/QĐ-CTN" in html and "10/05/2019" in html
    assert "Có thành tích xuất sắc" in html
    assert "<strong>Hoa</strong>" in html  # story Markdown rendered
    assert 'href="https://example.vn/bai-bao" rel="nofollow noopener"' in html
    assert 'href="../../phong-trao/dan-van-kheo/"' in html
    assert "02/01/2024" in html  # cập nhật
    assert 'id="khen-thuong"' in html  # Vietnamese-aware toc ids
    # Consent: birth year allowed; ethnicity and religion refused.
    assert "1980" in html
    assert "Tày" not in html and "Phật giáo" not in html


@pytest.mark.slow
def test_sensitive_fields_appear_on_no_page(built: Path) -> None:
    for rel, html in html_files(built).items():
        assert "Phật giáo" not in html, rel
        assert ">Tày<" not in html, rel


@pytest.mark.slow
def test_listing_is_paginated_and_sorted_by_given_name(built: Path) -> None:
    # Pages follow each other by rel="next" (generator.model.rollpages: named by their first
    # row, not numbered); the address of the former page 2 leads to the roll (the 404 page's
    # script reads where, generator.pages.rolls.render_former_pages).
    path, names = "danh-sach/ca-nhan/", ""
    seen = []
    while path:
        html = page(built, path)
        names += html[html.index("<tbody>") :]  # the rows (not the list of later pages)
        seen.append(path)
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = posixpath.normpath(posixpath.join(path, found[1])) + "/" if found else ""
    assert len(seen) >= 1 and all(p.startswith("danh-sach/ca-nhan/") for p in seen)
    order = ["An", "Bình", "Cúc", "Dũng", "Đức", "Hoa", "Yến"]
    positions = [names.index(f"{given}</a>") for given in order]
    assert positions == sorted(positions)
    former = json.loads((built / FORMER_PAGES_FILE).read_text("utf-8"))["rolls"]
    assert former["danh-sach/ca-nhan/"][0] >= 2  # its former pages, none by letter
    assert former["danh-sach/ca-nhan/"][1:] == []


@pytest.mark.slow
def test_award_roll_sorts_highest_first(built: Path) -> None:
    html = page(built, "danh-sach/nam/2019/")
    assert html.index("hạng Nhì") < html.index("hạng Ba")
    roll = page(built, "danh-sach/danh-hieu/bang-khen-thu-tuong/")
    assert "Hợp tác xã Nông nghiệp Triệu Thành" in roll
    assert "Nguyễn Thị Hoa" not in roll  # her Bằng khen was revoked


@pytest.mark.slow
def test_campaign_page(built: Path) -> None:
    html = page(built, "phong-trao/dan-van-kheo/")
    assert "<h1>Phong trào thi đua Dân vận khéo</h1>" in html
    assert "<strong>Dân vận khéo</strong>" in html  # body Markdown
    assert 'id="danh-gia-ket-qua"' in html  # "đ" kept as "d"
    assert "<li>Gần dân</li>" in html and "<li>hiểu dân</li>" in html
    assert 'href="../../ho-so/nguyen-thi-hoa/"' in html
    assert 'href="../../ho-so/htx-trieu-thanh/"' in html


@pytest.mark.slow
def test_public_comment_page_lists_open_proposals_only(built: Path) -> None:
    html = page(built, "lay-y-kien/")
    assert "Đề nghị khen thưởng, chưa phải quyết định khen thưởng" in html
    assert "Đang lấy ý kiến nhân dân</strong>: <span data-vd-window-left>còn" in html
    assert "Lý Văn Đềxuất" in html
    assert "Chiến sĩ thi đua toàn quốc" in html
    assert "15/01/2024" in html and "15/02/2024" in html
    assert 'href="mailto:ykien@example.vn"' in html
    assert "Trưởng thôn, Thôn Đông" in html
    assert "Hếthạn" not in html


@pytest.mark.slow
def test_proposed_and_withdrawn_people_appear_nowhere_else(built: Path) -> None:
    for rel, html in html_files(built).items():
        if not rel.startswith("lay-y-kien/"):  # the comment page and each proposal's page
            assert "Đềxuất" not in html, rel
            assert "ly-van-dexuat" not in html, rel
        assert "Hếthạn" not in html and "mai-van-hethan" not in html, rel
        assert "Rútlui" not in html, rel
    assert not (built / "ho-so" / "ly-van-dexuat").exists()
    assert not (built / "ho-so" / "mai-van-hethan").exists()
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "trinh-van-rutlui" not in sitemap and "dexuat" not in sitemap


@pytest.mark.slow
def test_withdrawn_profile_gets_a_noindex_page(built: Path) -> None:
    for slug in ("trinh-van-rutlui", "trinh-rut"):
        html = page(built, f"ho-so/{slug}/")
        assert "Hồ sơ đã được gỡ" in html
        assert '<meta name="robots" content="noindex">' in html
        assert "Thông tin không chính xác" not in html  # the reason is internal
        # The site's icon (else browsers ask for /favicon.ico, which does not exist).
        assert '<link rel="icon" href="../../assets/images/favicon.png">' in html
        assert (built / "assets" / "images" / "favicon.png").is_file()


@pytest.mark.slow
def test_former_slug_redirects(built: Path) -> None:
    html = page(built, "ho-so/nguyen-hoa/")
    assert 'content="0; url=../nguyen-thi-hoa/"' in html
    assert '<link rel="canonical" href="https://vinhdanh.example.vn/ho-so/nguyen-thi-hoa/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="icon" href="../../assets/images/favicon.png">' in html


@pytest.mark.slow
def test_mkdocs_config_is_generated(built: Path) -> None:
    text = (built.parent / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith("# Generated by `vinhdanh build`")
    assert "!!python/name:generator.templating.sanitise.toc_slugify" in text
    data = yaml.safe_load(
        text.replace("!!python/name:generator.templating.sanitise.toc_slugify", "")
    )
    assert data["plugins"] == []
    assert data["theme"]["language"] == "vi"
    assert data["theme"]["font"] is False
    assert "/ho-so/" in data["not_in_nav"]
    assert [next(iter(item.values())) for item in data["nav"]] == [
        "index.md", "tim-kiem/index.md", "phong-trao/index.md", "danh-sach/index.md",
        "thong-ke/index.md",
        "lay-y-kien/index.md", "gioi-thieu/index.md", "du-lieu/index.md",
    ]  # fmt: skip


@pytest.mark.slow
def test_nothing_is_fetched_from_outside(built: Path) -> None:
    for rel, html in html_files(built).items():
        parser = _Elements()
        parser.feed(html)
        for tag, attrs in parser.elements:
            if tag in ("script", "img", "iframe"):
                assert not (attrs.get("src") or "").startswith(("http", "//")), (rel, attrs)
            if tag == "link" and attrs.get("rel") in ("stylesheet", "preconnect", "icon"):
                assert not (attrs.get("href") or "").startswith(("http", "//")), (rel, attrs)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, rel
    assert not (built / "search").exists()  # Material's search plugin is off


@pytest.mark.slow
def test_theme_overrides_are_used(built: Path) -> None:
    home = page(built, "")
    assert "assets/stylesheets/vinhdanh.css" in home
    assert "Made with" not in home
    assert (built / "assets" / "stylesheets" / "vinhdanh.css").is_file()
    assert "Không tìm thấy trang" in (built / "404.html").read_text(encoding="utf-8")
    css = (built / "assets" / "stylesheets" / "vinhdanh.css").read_text(encoding="utf-8")
    assert "@media print" in css and "line-height: 1.7" in css


def test_slug_and_url_helpers() -> None:
    assert toc_slugify("Phong trào thi đua", "-") == "phong-trao-thi-dua"
    assert relative_url("ho-so/a/", "") == "../../"
    assert relative_url("", "ho-so/a/") == "ho-so/a/"
    assert relative_url("danh-sach/ca-nhan/", "danh-sach/ca-nhan/trang-2/") == "trang-2/"
    assert relative_url("danh-sach/ca-nhan/trang-2/", "danh-sach/ca-nhan/") == "../"
    assert relative_url("lay-y-kien/", "lay-y-kien/") == "./"


# --- security ---------------------------------------------------------------------------------

_URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
_FORBIDDEN = {"iframe", "object", "embed", "form", "input", "frame", "frameset", "base"}


class _Elements(HTMLParser):
    """Collects every element with its attributes, and the text of scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.raw: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            # JSON-LD (generator.model.linkeddata) is a data block no browser runs: checked as JSON.
            is_data = tag == "script" and dict(attrs).get("type") == "application/ld+json"
            self._open = "ld+json" if is_data else tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.raw.append((self._open, data))


def active_content(html: str) -> list[str]:
    """Everything in a page that could run code or leave the page, as found by a parser."""
    parser = _Elements()
    parser.feed(html)
    found: list[str] = []
    for tag, attrs in parser.elements:
        is_drawer = tag == "input" and (attrs.get("id") or "").startswith("__")  # Material's
        # The site's own search form (header and /tim-kiem/); contributor HTML cannot carry
        # a class (nh3 allow-list), so these classes mark generator-made elements only.
        classes = (attrs.get("class") or "").split()
        is_search = tag in ("form", "input") and any(c.startswith("vd-search") for c in classes)
        # Material's colour-scheme toggle (pages/mkdocsconfig.py PALETTE): a form of radios that
        # is never submitted; nh3 strips forms and data- attributes from contributor HTML.
        is_palette = (
            tag == "form" and attrs.get("data-md-component") == "palette" and "action" not in attrs
        )
        if tag in _FORBIDDEN and not is_drawer and not is_search and not is_palette:
            found.append(f"<{tag}>")
        if tag == "script" and (attrs.get("src") or "").startswith(("http", "//")):
            found.append(f"external script {attrs['src']}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag} {name}={value}")
            if name == "style" and tag != "svg":
                found.append(f"{tag} style={value}")
            if name in _URL_ATTRS and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag} {name}={value}")
    for kind, text in parser.raw:
        if kind == "ld+json":
            try:
                json.loads(text)
            except ValueError:
                found.append(f"JSON-LD that is not JSON: {text.strip()[:60]}")
            continue
        if "alert(" in text:
            found.append(f"{kind} containing {text.strip()[:60]}")
    return found


@pytest.mark.slow
def test_contributor_text_never_becomes_active_content(tmp_path: Path) -> None:
    root = write_project(tmp_path, xss=True)
    result = run(root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    pages = html_files(root / "site")
    assert "ho-so/xss-nguoi-thu/index.html" in pages
    assert "phong-trao/xss-phong-trao/index.html" in pages
    for rel, html in pages.items():
        assert active_content(html) == [], rel
    profile = pages["ho-so/xss-nguoi-thu/index.html"]
    # The payload is shown as text, in the title too, and the Jinja-looking text stays literal.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in profile
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in profile
    assert "{{ 7*7 }}" in profile
    assert "javascript:" not in profile.replace("[x](javascript:alert(1))", "")
    assert "evil.example" not in profile
    assert 'id="__config"' in profile and profile.count('id="__config"') == 1
    assert "\x02" not in profile
    campaign = pages["phong-trao/xss-phong-trao/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in campaign


@pytest.mark.slow
def test_mkdocs_says_nothing_about_pages_outside_the_nav(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_project(tmp_path)
    caplog.set_level(logging.INFO, logger="mkdocs")
    assert build_project(root).built
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs")]
    assert messages, "MkDocs logged nothing: the capture is not working"
    assert not [m for m in messages if "nav" in m.lower()], messages
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_checker_sees_active_content() -> None:
    """The parser-based check itself catches what it must."""
    assert active_content("<p>ok</p><script>alert(1)</script>")
    assert active_content('<img src=x onerror="alert(1)">')
    assert active_content('<a href=" JavaScript:alert(1)">x</a>')
    assert active_content("<iframe src=x></iframe>")
    assert active_content('<form action="https://evil.example/"><input name=a></form>')
    assert active_content('<form data-md-component="palette" action="https://evil.example/">')
    assert active_content('<div style="position:fixed">x</div>')
    assert not active_content("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


# --- determinism, incremental writes, failure safety ------------------------------------------


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    one = write_project(tmp_path / "one")
    two = write_project(tmp_path / "two")
    assert run(one, "--today", TODAY).exit_code == 0
    first = snapshot(one / "site")
    assert run(one, "--today", TODAY, "--clean").exit_code == 0
    assert snapshot(one / "site") == first
    # Another folder: no absolute path leaks into the output.
    assert run(two, "--today", TODAY).exit_code == 0
    assert snapshot(two / "site") == first


@pytest.mark.slow
def test_today_comes_from_the_data_or_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path)
    site, report = build_site(root)
    assert site is not None and not report.errors
    assert str(latest_data_date(site)) == "2024-01-15"  # the open proposal's first day
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = build_project(root)
    assert str(result.today) == "2024-01-15"
    assert "Lý Văn Đềxuất" in page(root / "site", "lay-y-kien/")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709251200")  # 2024-03-01
    result = build_project(root)
    assert str(result.today) == "2024-03-01"
    assert "Lý Văn Đềxuất" not in page(root / "site", "lay-y-kien/")
    assert "<lastmod>2024-03-01</lastmod>" in (root / "site" / "sitemap.xml").read_text("utf-8")


@pytest.mark.slow
def test_second_build_writes_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    first = build_project(root, today=None)
    assert first.built and first.docs.written > 0
    docs = root / "build" / "docs"
    mtimes = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    second = build_project(root, today=None)
    assert second.built
    assert (second.docs.written, second.docs.removed) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == mtimes


@pytest.mark.slow
def test_relative_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`vinhdanh build` run inside the project (root ".") puts MkDocs' output in site/."""
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(Path("."), "--today", TODAY).exit_code == 0
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "ho-so" / "nguyen-thi-hoa" / "index.html").is_file()
    # build/site: MkDocs' own output, kept for the next build's dirty mode; build/files and
    # build/search: the open data, post-build pages and search index added to it.
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        "docs", "files", "mkdocs.yml", "overrides", "search", "site",
    ]  # fmt: skip
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


@pytest.mark.slow
def test_stale_pages_are_removed(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert build_project(root).built
    (root / "profiles" / "ho-thi-cuc.yml").unlink()
    result = build_project(root)
    assert result.docs.removed >= 1
    assert not (root / "build" / "docs" / "ho-so" / "ho-thi-cuc").exists()
    assert not (root / "site" / "ho-so" / "ho-thi-cuc").exists()


@pytest.mark.slow
def test_bad_input_leaves_site_untouched(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert run(root, "--today", TODAY).exit_code == 0
    before = snapshot(root / "site")
    docs_before = snapshot(root / "build")
    broken = (root / "profiles" / "le-van-an.yml").read_text("utf-8")
    (root / "profiles" / "le-van-an.yml").write_text(
        broken.replace("lao-dong-tien-tien", "huan-chuong-khong-co"), encoding="utf-8"
    )
    result = run(root, "--today", TODAY)
    assert result.exit_code == 1
    assert "profiles/le-van-an.yml:" in result.output  # same format as `check`
    assert "huan-chuong-khong-co" in result.output
    assert snapshot(root / "site") == before
    assert snapshot(root / "build") == docs_before  # a failed check writes nothing


def _engine_crashing_while_writing(*args: Any, **kwargs: Any) -> None:
    """`build_pages` whose MkDocs writes "half-built" into each file and dies at the fourth
    (module-level: the engine's new interpreter imports it by name)."""
    written: list[str] = []
    real_write = mkdocs_utils.write_file

    def half_then_crash(content: bytes, output_path: str) -> None:
        real_write(b"half-built", output_path)
        written.append(output_path)
        if len(written) > 3:
            raise RuntimeError("killed")

    mkdocs_utils.write_file = half_then_crash
    try:
        build_pages(*args, **kwargs)
    finally:
        mkdocs_utils.write_file = real_write


@pytest.mark.slow
def test_crash_during_mkdocs_leaves_site_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path)
    assert build_project(root).built
    before = snapshot(root / "site")
    (root / "profiles" / "ho-thi-cuc.yml").unlink()

    # MkDocs itself dies after writing part of a file: build/site (which site/ shares by hard
    # links) is rewritten by a dirty build, so this checks that it never writes through them.
    monkeypatch.setattr(build_stage, "build_pages", _engine_crashing_while_writing)
    with pytest.raises(RuntimeError):
        build_project(root)
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    # The next build does not trust the half-written build/site.
    monkeypatch.undo()
    assert build_project(root).built
    clean = write_project(tmp_path / "clean")
    (clean / "profiles" / "ho-thi-cuc.yml").unlink()
    assert build_project(clean).built
    assert snapshot(root / "site") == snapshot(clean / "site")


@pytest.mark.slow
def test_mkdocs_failure_is_reported_and_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path)
    assert run(root, "--today", TODAY).exit_code == 0
    before = snapshot(root / "site")

    monkeypatch.setattr(build_stage, "build_pages", failing_engine)
    result = run(root, "--today", TODAY, "--clean")  # same input: else nothing would run
    assert result.exit_code == 1
    assert "mkdocs: WARNING: something" in result.output
    assert snapshot(root / "site") == before


@pytest.mark.slow
def test_site_folder_is_readable(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert build_project(root).built
    mode = (root / "site").stat().st_mode & 0o777
    assert mode & 0o055 == 0o055 & ~_umask()


def _umask() -> int:
    value = os.umask(0)
    os.umask(value)
    return value


def test_swap_without_exchange_support(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "_exchange", lambda a, b: False)
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.txt").write_text("old")
    new = tmp_path / "new"
    new.mkdir()
    (new / "new.txt").write_text("new")
    assemble.swap_into_place(new, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (target / "new.txt").is_file() and not (target / "old.txt").exists()


def test_cli_help_lists_build_and_serve() -> None:
    runner = CliRunner()
    assert "--today" in runner.invoke(cli, ["build", "--help"]).output
    assert "--dev-addr" in runner.invoke(cli, ["serve", "--help"]).output


@pytest.mark.slow
def test_the_console_command_exits_with_the_builds_status(tmp_path: Path) -> None:
    # main() ends a build's process at once (os._exit, skipping the interpreter's teardown):
    # what it printed still arrives, and the exit status is the build's.
    import subprocess
    import sys

    root = write_project(tmp_path / "project")
    command = [sys.executable, "-c", "from generator.cli import main; main()", "build"]
    ok = subprocess.run(
        [*command, "--root", str(root), "--today", TODAY, "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    # With /danh-sach/ho-gia-dinh/ and the open proposal's page; the rolls cut where their
    # rows' keys say (generator.model.rollpages); the redirects are former slugs' and withdrawn
    # profiles' (a roll's former `trang-2/` has none: the 404 page sends it on).
    assert ok.stdout.splitlines()[-1].startswith("Built 41 pages (+3 redirect pages)")
    assert (root / "site" / "index.html").is_file()
    (root / "site_config.yml").write_text("site_name: [\n", encoding="utf-8")
    bad = subprocess.run(
        [*command, "--root", str(root), "--lang", "en"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "site_config.yml" in bad.stdout + bad.stderr
    assert (root / "site" / "index.html").is_file()


@pytest.mark.slow
def test_serve_rebuilds_incrementally_when_a_profile_changes(tmp_path: Path) -> None:
    # `vinhdanh serve` runs the build of `vinhdanh build` at each save and serves site/.
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = write_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve"]
    command += ["--root", str(root), "--today", TODAY, "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/ho-so/nguyen-thi-hoa/"

    def fetch(wanted: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        text = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    text = response.read().decode("utf-8")
                if wanted in text:
                    return text
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{wanted!r} not served in {seconds} s: {text[:200]!r}")

    try:
        fetch("Nguyễn Thị Hoa")
        assert (root / "site" / "ho-so" / "nguyen-thi-hoa" / "index.html").is_file()
        profile = root / "profiles" / "nguyen-thi-hoa.yml"
        text = profile.read_text("utf-8")
        edited = text.replace("position: Giáo viên", "position: Hiệu trưởng")
        profile.write_text(edited, "utf-8")
        fetch("Hiệu trưởng")
        # A save with an error keeps the last good site.
        broken = edited.replace("kind: individual", "kind: individuall")
        assert broken != edited
        profile.write_text(broken.replace("Hiệu trưởng", "Phó hiệu trưởng"), "utf-8")
        time.sleep(3)
        assert "Phó hiệu trưởng" not in fetch("Hiệu trưởng", seconds=5)
    finally:
        server.terminate()
        try:
            output = server.communicate(timeout=20)[0].decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0].decode("utf-8", "replace")
    assert "Đã dựng lại" in output, output[-2000:]
    assert "Còn 1 lỗi: chưa dựng lại" in output and "individuall" in output
