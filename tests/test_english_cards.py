"""The English edition's social cards and press kits (issue #22 point 5).

With `english_edition: true` the images stage draws every card again in the English pages'
words (under the/en/, keyed with the language) and the open data makes an English press kit
beside each Vietnamese one (bao-chi/en/<slug>.zip); an English page's og:image is its English
card and its "Press kit" link the English kit. Names stay as written, in Vietnamese; any other
Vietnamese a kit keeps is flagged (“…” (in Vietnamese only) in a line, a quoted "> " block after
a note). Off, none of it is drawn or made, and the Vietnamese cards and kits are the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from generator.commands.build import build_project, render_project
from generator.images.cards import card_font, card_key, card_layout
from generator.images.jobs import CardJob, card_path
from generator.images.stage import iter_card_jobs, process_site_images, profile_card
from generator.model import englishtext
from generator.model.entries import Entry, Site
from generator.model.resolved import ResolvedLocality
from generator.model.site import build_site
from generator.model.urls import has_press_kit, press_kit_path
from generator.opendata.context import OpenDataContext
from generator.opendata.englishkit import BLOCK_NOTE, VIETNAMESE_ONLY
from generator.opendata.htmltext import html_to_markdown_and_text, md_escape
from generator.opendata.presskit import PressKits
from generator.templating.sanitise import sanitise_markdown
from tests.browser import copy_demo
from tests.projects import CONFIG, PERSON, write_small_project
from tests.test_apidocuments import check_documents
from tests.test_english_words import VIETNAMESE_LETTER

TODAY = dt.date(2026, 11, 20)
ENGLISH_CONFIG = (
    CONFIG + "english_edition: true\n"
    "en:\n  site_name: Test roll of honour\n  site_description: Test data\n"
    "  owner: Emulation Board (test)\n"
)
# The person of the small project with a consented photo, an English summary and a position
# without its English (which the kit must keep in Vietnamese, flagged).
PERSON_WITH_PHOTO = (
    PERSON
    + "summary: Nông dân sản xuất giỏi nhiều năm liền.\n"
    + "en:\n  summary: A farmer who has grown good harvests for many years.\n"
    + "consent:\n  photo: true\n"
    + "photos:\n  - file: anh/an.jpg\n    alt: Ông An trên cánh đồng\n"
    + "    credit: Ban Thi đua\n    licence: CC BY 4.0\n"
)
_INLINE = re.compile(rf"“.*?” \({VIETNAMESE_ONLY}\)")


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 800), (96, 140, 80)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _project(root: Path, *, edition: bool) -> Path:
    files: dict[str, str | bytes] = {
        "site_config.yml": ENGLISH_CONFIG if edition else CONFIG,
        "profiles/nguyen-van-an.yml": PERSON_WITH_PHOTO,
        "profiles/anh/an.jpg": _photo(),
    }
    return write_small_project(root, **files)


def _site(root: Path) -> Site:
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    return site


def _place_names(locality: ResolvedLocality) -> set[str]:
    units = [*locality.units, *locality.current_units]
    if locality.current_province is not None:
        units.append(locality.current_province)
    recorded = locality.recorded
    return {u.name for u in units} | {
        p for p in (recorded.commune, recorded.district, recorded.province, recorded.country) if p
    }


def _names(site: Site, entries: Iterable[Entry]) -> set[str]:
    """What stays as written in an English card or kit: names of people, collectives, bodies,
    offices, places and campaigns without an English title, decision numbers."""
    names: set[str] = set()
    for entry in entries:
        names.add(entry.display_name)
        names |= _place_names(entry.locality)
        for resolved in entry.awards:
            record = resolved.record
            names |= {n for n in (record.issuer, record.decision_number) if n}
            # The place in an issuer's English ("… of the Bà Rịa – Vũng Tàu Provincial …").
            names |= {englishtext.resolved_award_name(resolved).kept} - {""}
            if record.revocation is not None:
                names |= {n for n in (record.revocation.number, record.revocation.issuer) if n}
        names |= {s.publisher for s in entry.profile.sources if s.publisher}
        practice = entry.practice
        if practice is not None:
            rec = practice.record
            names |= {n for n in (rec.run_by, *rec.partners) if n}
            if rec.contact is not None:
                names.add(rec.contact.organisation)
            for found in practice.recognitions:
                names |= {n for n in (found.record.by, found.record.decision_number) if n}
            for copy in practice.replications:
                names |= _place_names(copy.locality)
    for campaign, _doc in site.campaigns.values():
        names.add(campaign.launched_by)
        if campaign.en is None or not campaign.en.title:
            names.add(campaign.title)  # a campaign's name, as the pages keep it (lang="vi")
    return names


def _editors_english(entries: Iterable[Entry]) -> set[str]:
    """An editor's English (`en:` blocks), which names places and people in their Vietnamese
    ("Đại Hòa Minh village"): as the kit prints it, plain and Markdown-escaped."""
    found: set[str] = set()
    for entry in entries:
        english = entry.profile.en
        if english is not None:
            found |= {t for t in (english.position, english.unit, english.summary) if t}
            if english.story:
                md, txt = html_to_markdown_and_text(sanitise_markdown(english.story))
                found |= {line for line in f"{md}\n{txt}".split("\n") if line.strip()}
        for resolved in entry.awards:
            if resolved.record.en is not None and resolved.record.en.citation:
                found.add(resolved.record.en.citation)
        practice = entry.practice
        if practice is not None and practice.record.en is not None:
            en = practice.record.en
            found |= {t for t in (en.problem, *en.method, *en.conditions) if t}
    return found | {md_escape(t) for t in found}


def _vietnamese_left(text: str, names: set[str]) -> list[str]:
    """The lines of `text` holding Vietnamese once names and flagged Vietnamese are taken out."""
    text = _INLINE.sub("", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return [
        line
        for line in text.split("\n")
        if not line.startswith(">") and VIETNAMESE_LETTER.search(line)
    ]


def _kit_texts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".md", ".txt"))
        }


def _kit_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sorted(archive.namelist())


def _kit_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


# --- the cards (no build) ------------------------------------------------------------------


def test_english_cards_are_the_vietnamese_ones_in_english(tmp_path: Path) -> None:
    site = _site(_project(tmp_path, edition=True))
    published = site.published()
    jobs = list(iter_card_jobs(site, published))
    vietnamese: dict[tuple[str, str], CardJob] = {
        (j.kind, j.slug): j for j in jobs if j.language == "vi"
    }
    english: dict[tuple[str, str], CardJob] = {
        (j.kind, j.slug): j for j in jobs if j.language == "en"
    }
    # The same cards, so that an English page picks its card as a Vietnamese one does.
    assert english.keys() == vietnamese.keys()
    assert ("profile", "nguyen-van-an") in english and ("award", "bang-khen-thu-tuong") in english
    names = _names(site, published)
    for ident, job in english.items():
        texts = [t.text for t in card_layout(job)]
        assert texts[0] == "Test roll of honour", ident  # the band: the site's English name
        assert texts != [t.text for t in card_layout(vietnamese[ident])], ident
        # Joined by spaces: a name wrapped over two lines is found again.
        assert _vietnamese_left(" ".join(texts), names) == [], ident
        assert card_key(job) != card_key(vietnamese[ident]), ident

    def drawn(ident: tuple[str, str]) -> str:
        return " ".join(t.text for t in card_layout(english[ident]))  # lines wrap anywhere

    person = drawn(("profile", "nguyen-van-an"))
    # The name as written, with its diacritics; the award and the place in English.
    assert person.startswith("Test roll of honour Nguyễn Văn An Labour Order, Third Class ")
    assert person.endswith(" commune, Quảng Trị province"), person
    assert english[("profile", "nguyen-van-an")].photo is not None
    award = drawn(("award", "bang-khen-thu-tuong"))
    assert (
        award == "Test roll of honour Prime Minister's Certificate of Merit Emulation Board (test)"
    )
    campaign = drawn(("campaign", "nong-thon-moi"))
    assert "Launched by: Thủ tướng Chính phủ From 1 January 2016 to 31 December 2020" in campaign


def test_a_card_key_and_path_carry_the_language() -> None:
    job = CardJob("award", "x", "Labour Order", "", ("Board",), "Site")
    english = CardJob("award", "x", "Labour Order", "", ("Board",), "Site", language="en")
    # The same words drawn for either edition are two cards: never one file for both.
    assert card_key(job) != card_key(english)
    assert card_path("vi", "award", "x", card_key(job), "png").startswith("the/award/x-")
    assert card_path("en", "award", "x", card_key(english), "png").startswith("the/en/award/x-")


def _drawn_as_missing(text: str, size: int, bold: bool) -> list[str]:
    """The characters of `text` the card's font draws as its missing-glyph box."""
    font = card_font(size, bold)

    def mask(ch: str) -> tuple[tuple[int, int], bytes]:
        drawn = font.getmask(ch)
        return drawn.size, bytes(drawn)

    missing = mask("\ue000")  # a private-use character: no font has it
    return sorted({ch for ch in text if not ch.isspace() and mask(ch) == missing})


def test_the_card_fonts_draw_every_letter_of_the_english_cards(tmp_path: Path) -> None:
    # The check can fail: a character the fonts lack is drawn as the missing-glyph box.
    assert _drawn_as_missing("Labour 一", 40, True) == ["一"]
    site = _site(copy_demo(tmp_path / "demo"))
    # English prose's punctuation an editor's en: title may hold, beside what the demo draws.
    extra = "’‘“”–—…£€°²×é"
    english = [j for j in iter_card_jobs(site, site.published()) if j.language == "en"]
    assert len(english) > 10  # the demo has the edition on
    for job in english:
        for text in card_layout(job):
            assert _drawn_as_missing(text.text, text.size, text.bold) == [], (job.slug, text)
    for bold in (False, True):
        assert _drawn_as_missing(extra, 30, bold) == []


def test_no_english_card_without_the_edition(tmp_path: Path) -> None:
    site = _site(_project(tmp_path, edition=False))
    assert [j for j in iter_card_jobs(site, site.published()) if j.language != "vi"] == []


# --- the press kit (images encoded, no site build) ---------------------------------------------


def test_the_english_press_kit_is_in_english(tmp_path: Path) -> None:
    site = _site(_project(tmp_path, edition=True))
    images = process_site_images(site, workers=1)
    assert images.ok, images.problems
    kits = PressKits(OpenDataContext(site, TODAY, images))
    entry = next(e for e in site.published() if e.slug == "nguyen-van-an")
    assert has_press_kit(entry)
    english = kits.english_press_kit(entry, b"{}")
    assert english == kits.english_press_kit(entry, b"{}")  # deterministic
    folder = "nguyen-van-an/"
    assert _kit_names(english) == [
        f"{folder}{n}"
        for n in ("CREDITS.txt", "photo-1.jpg", "profile.json", "profile.md", "profile.txt")
    ]
    vietnamese = kits.press_kit(entry, b"{}")
    # The photo is the same file as the Vietnamese kit's.
    assert _kit_member(english, f"{folder}photo-1.jpg") == _kit_member(
        vietnamese, f"{folder}anh-1.jpg"
    )
    texts = _kit_texts(english)
    names = _names(site, [entry])
    for name, text in texts.items():
        assert _vietnamese_left(text, names) == [], name
    profile = texts[f"{folder}profile.txt"]
    # The English the editor gave, and the Vietnamese they did not, flagged where it stands.
    assert "A farmer who has grown good harvests for many years." in profile
    assert "Nông dân sản xuất giỏi" not in profile
    assert f"Position: “Nông dân” ({VIETNAMESE_ONLY})" in profile
    assert "Labour Order, Third Class, 2019" in profile
    assert "https://vinhdanh.example.vn/en/ho-so/nguyen-van-an/" in profile
    credits = texts[f"{folder}CREDITS.txt"]
    assert "photo-1.jpg — photo:" in credits and "licence: CC BY 4.0" in credits
    assert f"“Ban Thi đua” ({VIETNAMESE_ONLY})" in credits


def test_the_api_links_the_english_kit_where_the_edition_is_on(tmp_path: Path) -> None:
    # #22 point 7: the profile document's `en` part gives the English kit beside the Vietnamese.
    for edition in (True, False):
        root = _project(tmp_path / str(edition), edition=edition)
        _result, rendered = render_project(root, today=TODAY)
        assert rendered is not None
        checked = check_documents(rendered.files)  # the documents fit their schema and model
        assert checked["profile"] == 2
        an = json.loads(rendered.files["api/v1/profiles/nguyen-van-an.json"])
        kit = "https://vinhdanh.example.vn/" + press_kit_path("nguyen-van-an", "en")
        assert an["links"]["press_kit"] == "https://vinhdanh.example.vn/bao-chi/nguyen-van-an.zip"
        if edition:
            assert an["en"]["press_kit"] == kit
            assert press_kit_path("nguyen-van-an", "en") in rendered.files  # the file it names
            assert an["en"]["summary"].startswith("A farmer")
            # No kit (no consented photo) and no English: no `en` part.
            assert json.loads(rendered.files["api/v1/profiles/htx-tan-phu.json"])["en"] is None
        else:
            assert an["en"]["press_kit"] is None
            assert press_kit_path("nguyen-van-an", "en") not in rendered.files


def test_a_vietnamese_story_is_kept_as_a_flagged_quote(tmp_path: Path) -> None:
    story = "story: |\n  Ông **An** làm ruộng giỏi.\n\n  Cả thôn học theo.\n"
    files: dict[str, str | bytes] = {
        "site_config.yml": ENGLISH_CONFIG,
        "profiles/nguyen-van-an.yml": PERSON_WITH_PHOTO + story,
        "profiles/anh/an.jpg": _photo(),
    }
    root = write_small_project(tmp_path, **files)
    site = _site(root)
    images = process_site_images(site, workers=1)
    kits = PressKits(OpenDataContext(site, TODAY, images))
    entry = next(e for e in site.published() if e.slug == "nguyen-van-an")
    texts = _kit_texts(kits.english_press_kit(entry, b"{}"))
    md, txt = texts["nguyen-van-an/profile.md"], texts["nguyen-van-an/profile.txt"]
    assert f"## Story\n\n{BLOCK_NOTE}\n\n> Ông **An** làm ruộng giỏi.\n>\n> Cả thôn học theo." in md
    assert f"STORY\n\n{BLOCK_NOTE}\n\n> Ông An làm ruộng giỏi.\n>\n> Cả thôn học theo." in txt
    for name, text in texts.items():
        assert _vietnamese_left(text, _names(site, [entry])) == [], name


# --- built sites ---------------------------------------------------------------------------


class _Head(HTMLParser):
    """The meta properties of a page's head and the hrefs of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "property" in values:
            self.meta.setdefault(values["property"], []).append(values.get("content", ""))
        if tag == "a" and "href" in values:
            self.links.append(values["href"])


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text("utf-8"))
    return parser


def _image_file(site: Path, url: str) -> Path:
    prefix = "https://vinhdanh.example.vn/"
    assert url.startswith(prefix), url
    return site / url[len(prefix) :]


@pytest.mark.slow
def test_english_pages_of_the_demo_show_english_cards_and_kits(demo_project: Path) -> None:
    site_dir = demo_project / "site"
    site = _site(demo_project)
    published = site.published()
    names = _names(site, published)
    kept = names | _editors_english(published)
    kits = 0
    for entry in published:
        here = f"ho-so/{entry.slug}/index.html"
        english, vietnamese = _head(site_dir / "en" / here), _head(site_dir / here)
        assert english.meta["og:locale"] == ["en_GB"] and vietnamese.meta["og:locale"] == ["vi_VN"]
        assert english.meta["og:locale:alternate"] == ["vi_VN"], entry.slug
        assert vietnamese.meta["og:locale:alternate"] == ["en_GB"], entry.slug
        (en_image,), (vi_image,) = english.meta["og:image"], vietnamese.meta["og:image"]
        kind, slug = profile_card(entry)
        assert f"/the/en/{kind}/{slug}-" in en_image and f"/the/{kind}/{slug}-" in vi_image
        en_file, vi_file = _image_file(site_dir, en_image), _image_file(site_dir, vi_image)
        assert en_file.is_file() and vi_file.is_file(), entry.slug
        assert en_file.read_bytes() != vi_file.read_bytes(), entry.slug
        kit_links = [h for h in english.links if "bao-chi/" in h]
        if not has_press_kit(entry):
            assert kit_links == [], entry.slug
            continue
        kits += 1
        assert kit_links == [f"../../../{press_kit_path(entry.slug, 'en')}"], entry.slug
        kit = (site_dir / press_kit_path(entry.slug, "en")).read_bytes()
        for name, text in _kit_texts(kit).items():
            assert _vietnamese_left(text, kept) == [], name
    assert kits >= 5  # the demo's consented photos
    # Every English card's text, as drawn: English but for names.
    for job in iter_card_jobs(site, published):
        if job.language == "en":
            texts = " ".join(t.text for t in card_layout(job))
            assert _vietnamese_left(texts, names) == [], (job.kind, job.slug)


@pytest.mark.slow
def test_the_edition_off_draws_no_english_card_and_changes_no_vietnamese_byte(
    tmp_path: Path,
) -> None:
    def build(edition: bool) -> Path:
        root = _project(tmp_path / ("on" if edition else "off"), edition=edition)
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        return root / "site"

    off, on = build(False), build(True)
    assert not (off / "en").exists() and not (off / "the" / "en").exists()
    assert not (off / "bao-chi" / "en").exists()
    assert (on / "the" / "en").is_dir() and (on / "bao-chi" / "en" / "nguyen-van-an.zip").is_file()

    def files(site: Path, folder: str) -> dict[str, bytes]:
        found = (site / folder).rglob("*")
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in found
            if p.is_file() and not p.relative_to(site / folder).as_posix().startswith("en/")
        }

    # The Vietnamese cards are the same files, byte for byte, with the edition on; so are the
    # kits' members but the API document, whose `en` part links the English kit (#22 point 7).
    assert files(off, "the") and files(off, "the") == files(on, "the")
    kits_off, kits_on = files(off, "bao-chi"), files(on, "bao-chi")
    assert list(kits_off) == list(kits_on) == ["bao-chi/nguyen-van-an.zip"]
    kit_off, kit_on = kits_off["bao-chi/nguyen-van-an.zip"], kits_on["bao-chi/nguyen-van-an.zip"]
    assert _kit_names(kit_off) == _kit_names(kit_on)
    for name in _kit_names(kit_off):
        member_off, member_on = _kit_member(kit_off, name), _kit_member(kit_on, name)
        if not name.endswith(".json"):
            assert member_off == member_on, name
            continue
        document_off, document_on = json.loads(member_off), json.loads(member_on)
        assert document_off["en"]["press_kit"] is None
        assert document_on["en"]["press_kit"].endswith(press_kit_path("nguyen-van-an", "en"))
        document_on["en"]["press_kit"] = None
        assert document_off == document_on, name
    head = _head(off / "ho-so" / "nguyen-van-an" / "index.html")
    assert "og:locale:alternate" not in head.meta


@pytest.mark.slow
def test_english_cards_and_kits_rebuilt_after_an_edit_equal_a_clean_build(tmp_path: Path) -> None:
    def snapshot(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for folder in ("the", "bao-chi")
            for p in (site / folder).rglob("*")
            if p.is_file()
        }

    def edit(root: Path) -> None:
        config = root / "site_config.yml"
        config.write_text(
            config.read_text("utf-8").replace("Test roll of honour", "A roll of honour"), "utf-8"
        )
        person = root / "profiles" / "nguyen-van-an.yml"
        person.write_text(
            person.read_text("utf-8").replace("many years.", "many years, edited."), "utf-8"
        )

    root = _project(tmp_path / "edited", edition=True)
    assert build_project(root, today=TODAY).built
    before = snapshot(root / "site")
    edit(root)
    assert build_project(root, today=TODAY).built
    clean = _project(tmp_path / "clean", edition=True)
    edit(clean)
    assert build_project(clean, today=TODAY).built
    after, expected = snapshot(root / "site"), snapshot(clean / "site")
    assert after == expected
    # The edit reached the English cards and kit; no Vietnamese card (the Vietnamese kit
    # changes too: its profile.json, the API's document, carries the `en:` summary).
    changed = {p for p in after.keys() | before.keys() if after.get(p) != before.get(p)}
    assert {"bao-chi/en/nguyen-van-an.zip", "bao-chi/nguyen-van-an.zip"} < changed
    assert [p for p in changed if p.startswith("the/") and not p.startswith("the/en/")] == []
    assert any(p.startswith("the/en/site/") for p in changed)  # the English site name
    kit = after["bao-chi/en/nguyen-van-an.zip"]
    assert "many years, edited." in _kit_texts(kit)["nguyen-van-an/profile.txt"]
