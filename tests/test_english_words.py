"""The English edition's words (issue #22 points 1 and 2): no Vietnamese interface string on an
English page, the catalogue complete, an editor's English used and its absence said.

The catalogue (generator/locale/en.po) holds one English msgstr for each Vietnamese msgid the
templates, theme, page modules and Python labels use (generator.templating.i18n). The scanner
reads an English page as a reader and a screen reader do: after dropping what is marked
`lang="vi"` (names, places, free text with no translation) and what is hidden from everyone,
any letter only Vietnamese uses (ă â đ ê ô ơ ư, a tone-marked vowel) left in the visible text or
in an attribute meant for people is an untranslated string. It is precise both ways (#22 point
4): an editor's English (`en:` fields, which the templates put in `data-vd-en`) may name
Vietnamese names but must not be Vietnamese itself (the check's rule, `looks_vietnamese`), and
a text marked `lang="vi"` must be data, never one of the catalogue's Vietnamese strings. The
structure of the edition is tests/test_english_edition.py's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.commands.build import build_project
from generator.model.englishfields import looks_vietnamese
from generator.model.entries import Site
from generator.model.site import build_site
from generator.pages.render import render_site
from generator.search.englishnames import english_award_names
from generator.search.records import KIND_PAGE, campaign_lines, decision_sub
from generator.templating.edition import EDITORS_ENGLISH
from generator.templating.i18n import Msgid, extract_messages, read_catalogue, translations
from tests.browser import PHONE, ServedSite, open_probe
from tests.projects import CONFIG, PERSON, write_small_project
from tests.test_models import COPY_A, COPY_B
from tests.test_models import MODEL as MODEL_PROFILE
from tests.test_time_browser import demo_proposal, reader_on

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Letters only Vietnamese writes: the modified vowels and đ, and any tone-marked vowel.
VIETNAMESE_LETTER = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)
# Attributes people read (or hear), and the metas whose content is shown as a page's preview.
_PEOPLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "aria-description")
_DESCRIPTION_METAS = ("description", "og:description", "og:title", "og:image:alt")
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_UNREAD = {"script", "style", "template"}


@dataclass
class _Frame:
    """An open element: is its content exempt from the letter check, and the text collected
    for the mark it is in (a `lang="vi"` one or an editor's English), if any."""

    exempt: bool
    vietnamese: list[str] | None = None  # the text of the `lang="vi"` mark it is in
    editors: list[str] | None = None  # the text of the editor's English it is in
    root: bool = False  # it opened that mark


class _Scanner(HTMLParser):
    """Collects the Vietnamese found outside `lang="vi"` and outside what nobody reads; an
    interface string (a msgid) inside `lang="vi"`; an editor's English (`data-vd-en`) that is
    Vietnamese rather than English naming Vietnamese names."""

    def __init__(self, names: frozenset[str], msgids: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.names = sorted(names, key=len, reverse=True)
        self.msgids = msgids
        self.stack: list[_Frame] = []
        self.found: list[str] = []

    def _top(self) -> _Frame:
        return self.stack[-1] if self.stack else _Frame(exempt=False)

    def _check(self, where: str, text: str) -> None:
        for name in self.names:  # names kept as written where no mark can be (<title>, metas)
            text = text.replace(name, "")
        if VIETNAMESE_LETTER.search(text):
            self.found.append(f"{where}: {text.strip()[:120]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        top = self._top()
        marked_vi = values.get("lang", "").startswith("vi")
        hidden = values.get("aria-hidden") == "true" or tag in _UNREAD
        frame = _Frame(
            exempt=top.exempt or marked_vi or hidden or top.editors is not None,
            vietnamese=top.vietnamese,
            editors=top.editors,
        )
        # Vietnamese meant as written, translate="no": the language switch naming its edition
        # ("Tiếng Việt"), the CSV's own column names on the data page.
        literal = values.get("translate") == "no"
        if marked_vi and not top.exempt and not hidden and not literal:
            frame.vietnamese, frame.root = [], True
        elif EDITORS_ENGLISH in values and not frame.exempt:
            frame.editors, frame.exempt, frame.root = [], True, True
        if not (top.exempt or marked_vi or hidden):
            for key in _PEOPLE_ATTRIBUTES:
                if values.get(key):
                    self._check(f"<{tag} {key}>", values[key])
            meta = values.get("name") or values.get("property") or ""
            if tag == "meta" and meta in _DESCRIPTION_METAS:
                self._check(f"<meta {meta}>", values.get("content", ""))
        if tag not in _VOID:
            self.stack.append(frame)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self._close(self.stack.pop())

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self._close(self.stack.pop())

    def _close(self, frame: _Frame) -> None:
        """At the end of a mark: its text said as a whole."""
        if not frame.root:
            return
        if frame.vietnamese is not None:
            text = " ".join("".join(frame.vietnamese).split())
            if text in self.msgids:  # data is marked Vietnamese, never the interface's words
                self.found.append(f'lang="vi": {text[:120]}')
        elif frame.editors is not None:
            text = " ".join("".join(frame.editors).split())
            if looks_vietnamese(text) is not None:  # the check's own rule for `en:` fields
                self.found.append(f"{EDITORS_ENGLISH}: {text[:120]}")

    def handle_data(self, data: str) -> None:
        top = self._top()
        if top.vietnamese is not None:
            top.vietnamese.append(data)
        if top.editors is not None:
            top.editors.append(data)
        if not top.exempt:
            self._check("text", data)


def vietnamese_left(
    html: str, names: frozenset[str] = frozenset(), msgids: frozenset[str] = frozenset()
) -> list[str]:
    """The Vietnamese an English page shows outside `lang="vi"` (`names`: kept as written in
    what cannot carry a mark: the <title>, attribute values), an editor's English that is
    Vietnamese, and any of `msgids` (the interface's Vietnamese) given as a `lang="vi"` text."""
    scanner = _Scanner(names, msgids)
    scanner.feed(html)
    scanner.close()
    return scanner.found


def interface_msgids() -> frozenset[str]:
    """The catalogue's Vietnamese that has an English of its own: on an English page such a
    text is never data (a name, an editor's words) to mark `lang="vi"`, but an untranslated
    interface string."""
    catalogue = read_catalogue("en")
    found: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs = zip(map(str, ids), map(str, strings), strict=False)
        found |= {i for i, e in pairs if e and e != i and "%" not in i}
    return frozenset(found)


# --- the scanner itself ---------------------------------------------------------------------------


def test_the_scanner_finds_one_untranslated_string() -> None:
    page = (
        '<html lang="en"><head><title>Profile</title></head><body>'
        '<h1><span lang="vi">Nguyễn Thị Hoa</span></h1>'
        '<p>Awards <span class="x">Khen thưởng</span></p></body></html>'
    )
    assert vietnamese_left(page) == ["text: Khen thưởng"]
    assert vietnamese_left(page.replace("Khen thưởng", "Awards")) == []


def test_the_scanner_reads_attributes_and_metas_and_skips_what_nobody_reads() -> None:
    assert vietnamese_left('<button aria-label="Tìm">x</button>') == ["<button aria-label>: Tìm"]
    assert vietnamese_left('<meta name="description" content="Hồ sơ">') == [
        "<meta description>: Hồ sơ"
    ]
    assert vietnamese_left('<input placeholder="Tìm tên">') == ["<input placeholder>: Tìm tên"]
    # Marked Vietnamese (its attributes too), hidden decoration and scripts are not read.
    assert vietnamese_left('<a lang="vi" title="Tiếng Việt">Tiếng Việt</a><p>ok</p>') == []
    assert vietnamese_left('<span aria-hidden="true"><svg><text>Đ</text></svg></span>') == []
    assert vietnamese_left("<script>var s = 'Đang tải';</script>") == []
    # A void element does not end the mark around it.
    assert vietnamese_left('<p lang="vi">Ảnh<br>của <img alt="ảnh">tôi</p><p>Ảnh</p>') == [
        "text: Ảnh"
    ]
    # A name given may stand in a title; another Vietnamese word may not.
    assert vietnamese_left("<title>Nguyễn An - Honours</title>", frozenset({"Nguyễn An"})) == []
    assert vietnamese_left("<title>Nguyễn An - Hồ sơ</title>", frozenset({"Nguyễn An"})) != []


def test_the_scanner_lets_an_editors_english_name_names_and_nothing_else() -> None:
    page = (
        "<p><span data-vd-en>Chairs the Triệu Thành cooperative in Quảng Trị.</span> "
        "<span>Hồ sơ</span></p>"
    )
    assert vietnamese_left(page) == ["text: Hồ sơ"]
    # The same English without the mark an editor's text gets: its names are flagged.
    assert vietnamese_left(page.replace(" data-vd-en", "")) != ["text: Hồ sơ"]
    # Vietnamese pasted as the English is not English naming names.
    pasted = "<div data-vd-en><p>Nông dân sản xuất giỏi nhiều năm liền.</p></div>"
    assert vietnamese_left(pasted) == ["data-vd-en: Nông dân sản xuất giỏi nhiều năm liền."]


def test_the_scanner_finds_an_interface_string_marked_vietnamese() -> None:
    msgids = interface_msgids()
    assert {"Trang chủ", "Khen thưởng"} <= msgids
    page = (
        '<p><span lang="vi">Trang chủ</span> <span lang="vi">Nguyễn Thị Hoa</span>'
        '<span lang="vi">Khen <em>thưởng</em></span></p>'
    )
    assert vietnamese_left(page, msgids=msgids) == [
        'lang="vi": Trang chủ',
        'lang="vi": Khen thưởng',
    ]
    assert vietnamese_left(page) == []  # a name, and msgids not asked for
    # Vietnamese meant as written (the language switch naming its edition) says so.
    switch = '<a href="/" hreflang="vi" lang="vi" translate="no">Tiếng Việt</a>'
    assert vietnamese_left(switch, msgids=msgids | {"Tiếng Việt"}) == []
    assert vietnamese_left(switch.replace(' translate="no"', ""), msgids=msgids | {"Tiếng Việt"})


# --- the catalogue ------------------------------------------------------------------------------


def test_every_string_marked_for_translation_has_its_english() -> None:
    used = extract_messages()
    catalogue = read_catalogue("en")
    assert len(used) > 100  # the extraction reads the templates (an empty one would pass)

    def translated(msgid: Msgid) -> bool:
        entry = catalogue.get(msgid.text, context=msgid.context)
        if entry is None or entry.pluralizable != (msgid.plural is not None):
            return False  # a count's words need a singular and a plural, a word one English
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        return len(strings) == (2 if msgid.plural else 1) and all(strings)

    missing = {m: where for m, where in used.items() if not translated(m)}
    assert not missing, "run tools/update_catalogue.py and translate: " + repr(missing)
    keys = {(m.text, m.context) for m in used}
    stale = [
        m.id
        for m in catalogue
        if m.id and ((m.id[0] if isinstance(m.id, tuple) else m.id), m.context) not in keys
    ]
    assert not stale, "run tools/update_catalogue.py: no longer used: " + repr(stale)
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not fuzzy, fuzzy


def test_the_vietnamese_edition_translates_nothing() -> None:
    # Vietnamese pages are byte-identical by construction (tests/test_golden.py checks them).
    assert type(translations("vi")).__name__ == "NullTranslations"
    assert translations("vi").gettext("Trang chủ") == "Trang chủ"
    assert translations("en").gettext("Trang chủ") == "Home"


# --- an editor's English on the page ------------------------------------------------------------

EDITION_CONFIG = CONFIG + "english_edition: true\n"
TODAY = dt.date(2026, 12, 5)


def _english_profile(tmp_path: Path, person: str) -> str:
    files = {"site_config.yml": EDITION_CONFIG, "profiles__nguyen-van-an.yml": person}
    root = write_small_project(tmp_path, **files)
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    rendered = render_site(site, TODAY)
    return rendered.docs["en/ho-so/nguyen-van-an/index.md"]


def test_an_english_summary_is_shown_on_the_english_page(tmp_path: Path) -> None:
    person = PERSON + (
        "summary: Nông dân sản xuất giỏi nhiều năm liền.\n"
        "en:\n  summary: A model farmer for many years.\n  position: Farmer\n"
    )
    page = _english_profile(tmp_path, person)
    # Marked as the editor's (the scanner lets it name names in Vietnamese).
    assert (
        '<p class="vd-summary"><span data-vd-en>A model farmer for many years.</span></p>' in page
    )
    assert "<dd><span data-vd-en>Farmer</span></dd>" in page
    # (The front matter's JSON-LD describes the record in its language, `inLanguage: vi`.)
    body = page.split("\n---\n", 1)[1]
    assert "Nông dân sản xuất giỏi" not in body
    assert "description: A model farmer for many years." in page
    assert '<dd><span lang="vi">Nông dân' not in page  # the position's English is used


def test_without_english_the_vietnamese_is_marked_with_a_note(tmp_path: Path) -> None:
    person = PERSON + "summary: Nông dân sản xuất giỏi nhiều năm liền.\n"
    page = _english_profile(tmp_path, person)
    assert (
        '<p class="vd-summary"><span lang="vi">Nông dân sản xuất giỏi nhiều năm liền.</span>'
        ' <span class="vd-vi-only">(Available in Vietnamese only)</span></p>'
    ) in page
    # The position (Nông dân) has no English either: marked, not machine-translated.
    assert '<span lang="vi">Nông dân</span>' in page


# --- the built English pages ------------------------------------------------------------------


def kept_names(site: Site) -> frozenset[str]:
    """Names kept as written where no mark can go (<title>, link previews): people, places,
    and the site's own words its editor gave no English for."""
    config = site.config
    names = {e.display_name for e in site.published()}
    names |= {config.site_name, config.site_description or "", config.owner}
    names |= {c.title for c, _doc in site.campaigns.values() if not (c.en and c.en.title)}
    names |= {c.launched_by for c, _doc in site.campaigns.values()}  # an office, as written
    names |= {f.decision.decision_number for f in site.decisions}  # "212/QĐ-UBND"
    names |= {f.decision.issuer for f in site.decisions}  # an office as the decision names it
    names |= {c.cluster.name for c in site.clusters} | {c.cluster.organiser for c in site.clusters}
    # The statistics' charts name signers and units in their text alternative (<desc>).
    names |= {a.record.issuer or "" for e in site.published() for a in e.awards}
    names |= {e.profile.unit or "" for e in site.published()}
    names |= {u.name for u in config.unit_sizes} | {u.source for u in config.unit_sizes}
    # A roll's letter in its page's title (generator.model.rollpages): "Individuals (Đ)".
    names |= set("ĂÂĐÊÔƠƯ")
    for entry in site.published():
        units = [*entry.locality.units, *entry.locality.current_units]
        province = entry.locality.current_province
        names |= {u.name for u in units} | ({province.name} if province else set())
    return frozenset((names | editors_english(site)) - {""})


def editors_english(site: Site) -> set[str]:
    """An editor's English (`en:` text) that reads as English, where no `data-vd-en` mark can
    go (a page's description, a photo's alt text): it may name names in Vietnamese."""
    found: set[str | None] = set()
    for entry in site.published():
        en = entry.profile.en
        if en is not None:
            found |= {en.position, en.unit, en.summary}
        found |= {p.en.alt for p in entry.profile.photos if p.en is not None}
        found |= {p.en.caption for p in entry.profile.photos if p.en is not None}
    for campaign, _doc in site.campaigns.values():
        if campaign.en is not None:
            found |= {campaign.en.title, campaign.en.short_name, campaign.en.summary}
    found |= {f.decision.en.subject for f in site.decisions if f.decision.en is not None}
    found |= {c.cluster.en.summary for c in site.clusters if c.cluster.en is not None}
    return {t for t in found if t and looks_vietnamese(t) is None}


# A proposal open on TODAY: its comment page, the profile's notice, the index's entry.
PROPOSAL = """\
proposals:
  - award: anh-hung-lao-dong
    proposed_by: Ủy ban nhân dân tỉnh Quảng Trị
    window_start: 2026-12-01
    window_end: 2026-12-20
    comments_to: Ban Thi đua - Khen thưởng tỉnh; gopy@vinhdanh.example.vn
    notice: Thông báo số 45/TB-TĐKT
    council_date: 2026-12-28
"""


# A decision honouring many, with no subject recorded (the page says it from the model).
DECISION = """\
slug: trieu-phong-gia-dinh-van-hoa-2025
decision_number: "212/QĐ-UBND"
decision_date: 2025-12-15
issuer: "Chủ tịch Ủy ban nhân dân xã Triệu Phong"
issuer_level: commune
award: gia-dinh-van-hoa
year: 2025
kind: household
locality:
  province: "Tỉnh Quảng Trị"
  commune: "Xã Triệu Phong"
  as_of: 2025-12-15
recipients:
  - "Hộ ông Lê Văn Ba"
  - "Hộ bà Trần Thị Tư"
"""


# An emulation cluster with a year: its pledge and flag.
CLUSTER = """\
slug: cum-thi-dua-trieu-phong
kind: cum
name: "Cụm thi đua các hợp tác xã"
organiser: "Ban Thi đua - Khen thưởng tỉnh"
level: province
members:
  - profile: htx-tan-phu
  - name: "Hợp tác xã Triệu Thành"
    locality:
      province: "Tỉnh Quảng Trị"
      commune: "Xã Triệu Phong"
      as_of: 2025-12-01
years:
  - year: 2020
    leader: htx-tan-phu
    agreement:
      date: 2020-03-09
      title: "Giao ước thi đua năm 2020"
      targets:
        - "Tăng năng suất lao động."
    flags:
      - award: co-thi-dua-chinh-phu
        member: htx-tan-phu
        decision_number: "1950/QĐ-TTg"
        decision_date: 2020-12-26
        issuer: "Thủ tướng Chính phủ"
"""


# A model with its problem in Vietnamese only (the models' roll shows it), and the comments'
# phone as an editor writes it, with a Vietnamese note: kept as written, marked.
COMMENTS = 'comments:\n  phone: "024 0000 0000 (minh họa)"\n'


@pytest.mark.slow
def test_no_vietnamese_interface_string_on_an_english_page(tmp_path: Path) -> None:
    files = {
        "site_config.yml": EDITION_CONFIG + COMMENTS,
        "profiles/mo-hinh-cho-noi.yml": MODEL_PROFILE,
        "profiles/to-tu-quan-phong-dien.yml": COPY_A,
        "profiles/to-tu-quan-nga-bay.yml": COPY_B,
        "profiles/nguyen-van-an.yml": PERSON + PROPOSAL,
        "decisions/trieu-phong-gia-dinh-van-hoa-2025.yml": DECISION,
        "clusters/cum-thi-dua-trieu-phong.yml": CLUSTER,
    }
    root = write_small_project(tmp_path / "project", **files)
    result = build_project(root, today=TODAY)
    site_dir = root / "site"
    site, _report = build_site(root)
    assert site is not None
    names = kept_names(site)
    # Every English page, the statistics and the province rolls' figures included.
    pages = sorted(
        p.relative_to(site_dir).as_posix() for p in (site_dir / "en").rglob("index.html")
    )
    assert "en/quyet-dinh/trieu-phong-gia-dinh-van-hoa-2025/index.html" in pages, (result, pages)
    assert "en/cum-thi-dua/cum-thi-dua-trieu-phong/index.html" in pages, pages
    # The statistics: the page, a province roll's figures, a campaign's figures and timeline.
    assert {
        "en/thong-ke/index.html",
        "en/danh-sach/tinh/quang-tri/index.html",
        "en/phong-trao/nong-thon-moi/index.html",
        "en/danh-sach/mo-hinh/index.html",
    } <= set(pages), pages
    # Data marked Vietnamese is never one of the interface's strings (a name that happens to be
    # one aside).
    msgids = interface_msgids() - names
    left = {
        page: found
        for page in pages
        if (found := vietnamese_left((site_dir / page).read_text(encoding="utf-8"), names, msgids))
    }
    assert not left, left


@pytest.mark.slow
def test_the_demos_english_pages_are_precise_in_both_ways(demo_project: Path) -> None:
    # #22 point 4 on the whole demo: names and editors' English pass, an interface string does
    # not, outside `lang="vi"` or inside it.
    site, _report = build_site(demo_project)
    assert site is not None
    names = kept_names(site)
    msgids = interface_msgids() - names
    pages = sorted((demo_project / "site" / "en").rglob("index.html"))
    assert len(pages) > 100, len(pages)
    left = {
        page.relative_to(demo_project / "site").as_posix(): found
        for page in pages
        if (found := vietnamese_left(page.read_text(encoding="utf-8"), names, msgids))
    }
    assert not left, left


def test_the_english_search_has_the_english_of_campaign_and_decision_lines(tmp_path: Path) -> None:
    # search.js shows a result's lines in English when names.json holds them (#22 point 3).
    files = {
        "site_config.yml": EDITION_CONFIG,
        "decisions__trieu-phong-gia-dinh-van-hoa-2025.yml": DECISION,
    }
    site, report = build_site(write_small_project(tmp_path, **files))
    assert site is not None, [p.format("en") for p in report]
    table = json.loads(english_award_names(site))["lines"]
    campaign, _doc = site.campaigns["nong-thon-moi"]
    sub, place = campaign_lines(campaign)
    assert (sub, place) == ("Phong trào thi đua · Đang triển khai", "Toàn quốc · 2016–2020")
    assert table[sub] == "Campaign · Under way"
    assert table[place] == "National · 2016–2020"
    [decision] = site.decisions
    assert decision_sub(decision) == "Quyết định theo danh sách · 2 Gia đình văn hóa"
    assert table[decision_sub(decision)] == "Decision with a list · 2 Cultural Family"
    assert table[KIND_PAGE] == "Information page"
    # A profile's award line stays in the table; no English line holds a Vietnamese word.
    assert table["Huân chương Lao động hạng Ba"] == "Labour Order, Third Class"
    # (A line naming a name gives it apart, English and names in turn: #22 point 1.)
    english = [
        v for line in table.values() for v in ([line] if isinstance(line, str) else line[0::2])
    ]
    assert not [v for v in english if VIETNAMESE_LETTER.search(v)]


# --- the words the scripts write (Chromium) ---------------------------------------------------


def _english_day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


@pytest.mark.slow
def test_the_scripts_speak_english_on_english_pages(
    chromium: Browser, demo_site: ServedSite, demo_project: Path
) -> None:
    path, start, end = demo_proposal(demo_project)
    # time.js, for a reader after the window: the state and the sentence in English.
    with reader_on(chromium, demo_site, end + dt.timedelta(days=3)) as probe:
        page = probe.goto("en/" + path)
        assert page.inner_text("[data-vd-window]") == (
            f"Public comment closed: closed on {_english_day(end)}."
        )
        assert "build date" not in page.inner_text("main")  # the build-day notes are gone
        probe.assert_clean()
    # ... and before it opens.
    with reader_on(chromium, demo_site, start - dt.timedelta(days=2)) as probe:
        page = probe.goto("en/" + path)
        assert page.inner_text("[data-vd-window-left]") == (
            f"opens on {_english_day(start)}, in 2 days"
        )
    # search.js: the status of the English search page, in English.
    with open_probe(chromium, demo_site, **PHONE) as probe:
        page = probe.goto("en/tim-kiem/?q=zzzzqqq")
        status = page.locator(".vd-results__status")
        status.filter(has_text="No results").wait_for(timeout=15_000)
        assert status.inner_text() == (
            "No results for “zzzzqqq”. Try fewer words or fewer filters."
        )
        assert not VIETNAMESE_LETTER.search(status.inner_text())
        # A campaign's result: its fixed words in English (names.json), its title as written.
        page = probe.goto("en/tim-kiem/?q=n%C3%B4ng%20th%C3%B4n%20m%E1%BB%9Bi")
        result = page.locator(".vd-result", has_text="Campaign ·").first
        result.wait_for(timeout=15_000)
        assert result.locator(".vd-result__sub").inner_text() == "Campaign · Concluded"
        assert result.locator(".vd-result__sub").get_attribute("lang") == "en"
        assert result.locator(".vd-result__place").inner_text() == "National · 2016–2020"
        assert "nông thôn mới" in result.locator(".vd-result__title").inner_text()
