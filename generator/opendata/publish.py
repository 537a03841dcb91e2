"""Open data and press material: the static JSON API, CSV, Atom feeds, press kits, robots.txt.

`add_open_data` runs right after `render_site` and adds to its `Rendered`: the data page
(``du-lieu/``, a Markdown page built by MkDocs like any other) and every non-page file as bytes
(``api/v1/…``, ``du-lieu/*.csv``, ``feeds/…``, ``bao-chi/<slug>.zip``, ``robots.txt``), which
the build writes next to MkDocs' output.

What is published follows the pages exactly:

- only published entries; proposed ones live on the public-comment page alone, withdrawn ones
  nowhere; sensitive fields come from `Entry.consented_facts` only;
- awards shown are those the profile page shows: in force and revoked (with the revocation);
- contributor Markdown is published as HTML sanitised by the site's own allow-list
  (`story_html`), and converted from that HTML for the press kit's Markdown and text, so no
  file carries raw contributor HTML;
- photos only when the person consented, and only as the images stage re-encoded them (no
  metadata): their URLs in the API, the largest JPEG in the press kit, credit and licence
  beside each.

Output is deterministic: dates come from the data and the build's `today`, never the clock;
JSON keys are sorted; lists have a stable order; ZIP entries have fixed times and modes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Literal, cast, overload
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from generator.csvout import csv_document, csv_lines
from generator.images.photos import ImageResult, Variant, picture_data, published_photos
from generator.incremental.pagecache import PageCache, page_key
from generator.model.keys import listings_key
from generator.model.labels import public_facts
from generator.model.linkeddata import dataset_jsonld, entry_lastmod, script_json
from generator.model.rolls import Roll, Row, iter_rolls, province_counts
from generator.model.site import (
    CAMPAIGN_API,
    DECISION_API,
    KIND_NAMES,
    PROFILE_API,
    DecisionEntry,
    Entry,
    ResolvedAward,
    ResolvedLocality,
    Site,
)
from generator.model.statistics import FOREIGN, NO_PLACE, PLACE_ROLLS
from generator.model.urls import (
    DATA_PAGE,
    SITE_FEED_PATH,
    absolute_url,
    campaign_feed_path,
    campaign_path,
    decision_api_path,
    decision_path,
    doc_file,
    has_press_kit,
    press_kit_path,
    profile_api_path,
    profile_path,
    relative_url,
    safe_http_url,
)
from generator.opendata import apidocuments as api
from generator.opendata.apidocuments import dump_json
from generator.opendata.modeldata import MODELS_CSV, models_csv, practice_document
from generator.opendata.xlsxout import Column, workbook
from generator.output import Rendered
from generator.reference.adminunits import Unit
from generator.reference.taxonomy import CLASS_NAMES, Award, RevocationGround
from generator.source.config import Licence
from generator.source.documents import (
    COMMENDATION_TYPES,
    SECTORS,
    TARGET_GROUPS,
    Campaign,
    Milestone,
    Photo,
    RecipientKind,
    Source,
)
from generator.templating.environment import front_matter, make_environment
from generator.templating.sanitise import clean_text, sanitise_markdown
from generator.vntext import collation_key, slugify

JSON = dict[str, Any]

API_ROOT = "api/v1/"
# generator.model.site checks that no slug takes the name of a listing file here (slug.reserved).
PROFILES_ROOT = PROFILE_API
CAMPAIGNS_ROOT = CAMPAIGN_API
DECISIONS_ROOT = DECISION_API
SCHEMAS_ROOT = f"{API_ROOT}schemas/"
PER_PAGE = 100
FEED_LIMIT = 50
CSV_VI = "du-lieu/vinh-danh.csv"
CSV_EN = "du-lieu/honours.csv"
XLSX_VI = "du-lieu/vinh-danh.xlsx"  # the Vietnamese CSV's rows and headers, typed cells
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
# Material's JavaScript fetches "sitemap.xml" next to every <link rel="alternate"> of a page (for
# its language switcher), feeds included: each feed folder gets a real sitemap listing its feeds,
# or every page load would log a 404.
FEED_SITEMAP = "sitemap.xml"
# RFC 4151 tag URIs need a date on which the site's host name was held; any fixed date will do,
# and it must never change or every feed reader would see every entry as new.
TAG_DATE = "2024"
CLASS_NAMES_EN = {"nhat": "First Class", "nhi": "Second Class", "ba": "Third Class"}
# How the CSV names a locality's form (generator.source.documents.Locality): English uses the codes.
LOCALITY_FORM_VI = {
    "place": "Đơn vị hành chính Việt Nam",
    "unknown": "Chưa rõ địa phương",
    "foreign": "Nước ngoài",
}
AWARD_STATUS_VI = {
    "active": "Còn hiệu lực",
    "revoked": "Quyết định đã bị hủy bỏ",
    "stripped": "Đã bị tước danh hiệu",
    "refused": "Từ chối",
}
# Excel runs a cell that starts with these as a formula ("CSV injection"): such cells get a
# leading apostrophe, which Excel hides and every other reader shows as text.
# Slugs match ^[a-z0-9]+(-[a-z0-9]+)*$; these would take the name of a listing's or a feed
# folder's own file (the build stops rather than overwrite one with the other).
# Already compressed: a ZIP stores them as they are (deflating again costs time, saves nothing).
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class OpenDataError(Exception):
    """The open data cannot be produced as promised (e.g. a slug takes a listing's file name)."""


class _WriteOnce(dict[str, bytes]):
    """Output files by path; producing one path twice is an error, never a silent overwrite."""

    def __setitem__(self, key: str, value: bytes) -> None:
        if key in self:
            raise OpenDataError(f"{key} is produced twice")
        super().__setitem__(key, value)


# --- JSON helpers --------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _atom_time(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


# The small parts below are dict literals, not `api.Label(...)` calls: mypy checks them the same
# against the return type, and calling a TypedDict costs three times as much (~1 µs, per unit,
# label and award of every profile).
def _label(vi: str, en: str) -> api.Label:
    return {"vi": vi, "en": en}


def _id_label(id: str, vi: str, en: str) -> api.IdLabel:
    return {"id": id, "vi": vi, "en": en}


@overload
def _licence(licence: Licence) -> api.Licence: ...
@overload
def _licence(licence: Licence | None) -> api.Licence | None: ...
def _licence(licence: Licence | None) -> api.Licence | None:
    if licence is None:
        return None
    return api.Licence(id=licence.id, name=licence.name, url=safe_http_url(licence.url))


def _unit(unit: Unit) -> api.Unit:
    return {
        "code": unit.code,
        "era": unit.era,
        "full_name": unit.full_name,
        "level": cast(Literal[1, 2, 3], unit.level),
        "name": unit.name,
        "type": unit.type,
    }


def _source(source: Source) -> api.Source:
    return api.Source(
        date=source.date,
        publisher=source.publisher,
        title=source.title,
        url=safe_http_url(source.url),
    )


# --- Markdown and plain text from sanitised HTML -------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~>])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)(?:([#+=-])|(\d+)([.)]))")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, number, after = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    return f"{indent}{number}\\{after}"  # "2019. " would start a numbered list


def md_escape(text: str) -> str:
    """Plain text made literal in Markdown: punctuation escaped, no HTML, no line-start marker."""
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("<", "&lt;"))
    return _MD_LINE_START.sub(_escape_line_start, text)


class MarkdownText(str):
    """Text that is already Markdown (converted from sanitised HTML): not escaped again."""

    __slots__ = ()


def _finalize_markdown(value: object) -> object:
    """Jinja `finalize` of the Markdown press templates: escape every value unless converted."""
    if value is None or isinstance(value, MarkdownText):
        return value
    return md_escape(str(clean_text(value)))


# Characters XML 1.0 forbids that may survive YAML and the control-character filter.
_XML_INVALID = re.compile("[\ufffe\uffff]")
_LINK_UNSAFE = re.compile(r"[\s()<>\\]")
_SPACES = re.compile(r"\s+")


class _HtmlToText(HTMLParser):
    """Turns the sanitiser's small HTML vocabulary into Markdown and plain text in one pass."""

    _BLOCKS = frozenset({"p", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.md: list[str] = []  # finished blocks
        self.txt: list[str] = []
        self.line_md: list[str] = []  # the block being built
        self.line_txt: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number] (0 = bullets)
        self.quote = 0
        self.pre: list[str] | None = None  # text of an open <pre>, kept verbatim
        self.links: list[str] = []

    def _add(self, md: str, txt: str = "") -> None:
        self.line_md.append(md)
        self.line_txt.append(txt)

    def _flush(self) -> None:
        md, txt = "".join(self.line_md).strip(), "".join(self.line_txt).strip()
        self.line_md, self.line_txt = [], []
        if md:
            if self.quote:
                md = "\n".join("> " * self.quote + line for line in md.split("\n"))
            self.md.append(md)
        if txt:
            self.txt.append(txt)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self._flush()
        if tag in ("h3", "h4", "h5", "h6"):
            self._add("#" * int(tag[1]) + " ")
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre = []
        elif tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ol" else 0])
        elif tag == "li":
            self._flush()
            indent = "   " * max(len(self.lists) - 1, 0)
            counter = self.lists[-1] if self.lists else [0]
            if counter[0]:
                self._add(f"{indent}{counter[0]}. ", f"{indent}{counter[0]}. ")
                counter[0] += 1
            else:
                self._add(f"{indent}- ", f"{indent}• ")
        elif tag in ("strong", "b"):
            self._add("**")
        elif tag in ("em", "i"):
            self._add("*")
        elif tag == "br":
            self._add("  \n", "\n")
        elif tag == "hr":
            self.md.append("* * *")
            self.txt.append("—")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)
            if href:
                self._add("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h3", "h4", "h5", "h6", "li"):
            self._flush()
        elif tag == "blockquote":
            self._flush()
            self.quote = max(self.quote - 1, 0)
        elif tag == "pre" and self.pre is not None:
            lines = "".join(self.pre).strip("\n").split("\n")
            # Indented code: shown literally by every Markdown reader, so nothing to escape.
            self.md.append("\n".join("    " + line for line in lines))
            self.txt.append("\n".join(lines))
            self.pre = None
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("strong", "b"):
            self._add("**")
        elif tag in ("em", "i"):
            self._add("*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                target = _LINK_UNSAFE.sub(lambda m: quote(m.group(0)), href)
                self._add(f"]({target})", f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _SPACES.sub(" ", data)
        self._add(md_escape(text), text)

    def result(self) -> tuple[MarkdownText, str]:
        """The Markdown and the plain text."""
        self._flush()
        return MarkdownText("\n\n".join(self.md)), "\n\n".join(self.txt)


def html_to_markdown_and_text(fragment: str) -> tuple[MarkdownText, str]:
    """Markdown and plain text (links as "text (URL)") from HTML the site's sanitiser made."""
    parser = _HtmlToText()
    parser.feed(fragment)
    parser.close()
    return parser.result()


def html_to_markdown(fragment: str) -> MarkdownText:
    """Markdown from HTML the site's sanitiser produced (only its tags and URL schemes)."""
    return html_to_markdown_and_text(fragment)[0]


def html_to_text(fragment: str) -> str:
    """Plain text from HTML the site's sanitiser produced; links kept as "text (URL)"."""
    return html_to_markdown_and_text(fragment)[1]


# --- CSV -----------------------------------------------------------------------------------------

# (Vietnamese header, English header) per column, in order.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Mã hồ sơ", "id"),
    ("Họ và tên, tên tập thể", "name"),
    ("Loại", "kind"),
    ("Chức vụ, nghề nghiệp", "position"),
    ("Đơn vị", "unit"),
    ("Địa phương khi khen thưởng", "locality_recorded"),
    ("Mã đơn vị khi khen thưởng", "locality_recorded_code"),
    ("Danh mục đơn vị hành chính", "locality_recorded_era"),
    ("Loại địa phương", "locality_form"),
    ("Nước (người, tập thể nước ngoài)", "country"),
    ("Mã nước (ISO 3166-1)", "country_code"),
    ("Tỉnh, thành phố hiện nay", "province_today"),
    ("Mã tỉnh hiện nay", "province_today_code"),
    ("Xã, phường hiện nay", "commune_today"),
    ("Mã xã, phường hiện nay", "commune_today_code"),
    ("Mã danh hiệu", "award_id"),
    ("Danh hiệu, hình thức khen thưởng", "award"),
    ("Tên tiếng Anh", "award_en"),
    ("Hạng", "class"),
    ("Năm", "year"),
    ("Số quyết định", "decision_number"),
    ("Ngày quyết định", "decision_date"),
    ("Người, cơ quan ký", "issuer"),
    ("Cấp quyết định", "issuer_level"),
    ("Truy tặng", "posthumous"),
    # Law 06/2022 Art. 8, as recorded per award (documents.COMMENDATION_TYPES).
    ("Loại hình khen thưởng", "commendation_type"),
    ("Mã phong trào", "campaign_id"),
    ("Phong trào thi đua", "campaign"),
    ("Trạng thái", "status"),
    ("Khen thưởng cao nhất của hồ sơ", "top_award"),
    ("Số quyết định hủy bỏ, tước danh hiệu", "revocation_number"),
    ("Ngày quyết định hủy bỏ, tước danh hiệu", "revocation_date"),
    ("Căn cứ hủy bỏ, tước danh hiệu", "revocation_ground"),
    ("Địa chỉ trang", "permalink"),
    # A row of a decision's list (generator.model.site.DecisionEntry) or of a profile.
    ("Nguồn dòng", "row_source"),
)
# How the workbooks type and size the CSV's columns (by English name; others: text, width 18).
XLSX_KINDS: dict[str, Literal["number", "date"]] = {
    "year": "number",
    "decision_date": "date",
    "revocation_date": "date",
}
XLSX_WIDTHS = {
    "id": 24, "name": 28, "position": 24, "unit": 28, "locality_recorded": 32,
    "province_today": 20, "commune_today": 24, "award": 36, "award_en": 30, "year": 8,
    "decision_number": 18, "decision_date": 12, "issuer": 28, "commendation_type": 30,
    "campaign": 32,
    "revocation_date": 12, "revocation_ground": 32, "permalink": 40,
}  # fmt: skip
# A roll's workbook: the roll's rows (a profile's top award in a roll of people, the award
# listed in a roll of awards) with the columns office staff read, after a row number.
ROLL_XLSX_FIELDS = (
    "id", "name", "kind", "position", "unit", "locality_recorded", "province_today",
    "commune_today", "commune_today_code", "award", "class", "year", "decision_number",
    "decision_date", "issuer", "issuer_level", "posthumous", "campaign", "status", "permalink",
)  # fmt: skip
ROLL_XLSX_MANIFEST = "\0xlsx/rolls"  # cache path of the last build's roll workbooks' paths
ROW_SOURCE = {
    "profile": ("Hồ sơ", "profile"),
    "decision": ("Danh sách quyết định", "decision_list"),
}


def _ground_cell(ground: RevocationGround | None, english: bool) -> str:
    """The Art. 93 ground of an annulment or stripping: its article and words."""
    if ground is None:
        return ""
    return f"{ground.law}: {ground.en if english else ground.vi}"


CSV_CHUNK = "\0csv/"  # cache paths of a profile's CSV lines (never a file's path)
# CSV rows are independent of each other, so the lines of each profile are made (and kept)
# apart, all by generator.csvout.


# --- ZIP -----------------------------------------------------------------------------------------


def deterministic_zip(files: dict[str, bytes], when: dt.date) -> bytes:
    """A ZIP whose bytes depend only on `files` and `when`: sorted names, fixed times and modes."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)  # ZIP dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            stored = name.lower().endswith(_STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the building machine: modes below apply
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


# --- the open data of one site -------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One Atom entry: a profile, dated from its data."""

    entry: Entry
    published: dt.date | None
    updated: dt.date


def feed_dates(entry: Entry) -> tuple[dt.date | None, dt.date] | None:
    """(first decision date, latest dated fact) of an entry; None when it has no date at all."""
    awards = entry.shown_awards
    decisions = [d for r in awards if (d := r.record.decision_date) is not None]
    dates = decisions + [v.date for r in awards if (v := r.record.revocation) is not None]
    if entry.updated is not None:
        dates.append(entry.updated)
    if not dates:
        return None
    return (min(decisions) if decisions else None), max(dates)


class _OpenData:
    """Builds every open-data file of one site as it stands on `today`."""

    def __init__(
        self,
        site: Site,
        today: dt.date,
        images: ImageResult | None = None,
        cache: PageCache | None = None,
    ) -> None:
        self.site = site
        self.cache = cache
        self.keys: dict[str, str] = {}  # file path -> cache key (files that may be kept)
        self.listings = listings_key(site, cache)  # of files made from many entries
        self.chunks: dict[str, bytes] = {}  # `of_entry` bytes by cache path
        # Per-entry files left as they are in the output folder: path -> where (its stamp).
        self.kept: dict[str, bytes] = {}
        self.config = site.config
        self.today = today
        self.images = images if images is not None else ImageResult()
        self.published = site.published()
        self.members: dict[str, list[Entry]] = {slug: [] for slug in site.campaigns}
        for entry in self.published:
            for slug in entry.campaign_slugs:
                if slug in self.members:
                    self.members[slug].append(entry)
        self.html_env = make_environment()
        # Same templates, filters and control-character cleaning, but plain text out.
        self.text_env = make_environment(autoescape=False)
        self.md_env = make_environment(autoescape=False, finalize=_finalize_markdown)
        host = urlsplit(safe_http_url(self.config.site_url) or "").hostname
        self.tag_authority = f"{host or 'vinhdanh.invalid'},{TAG_DATE}"
        self.base_url = absolute_url(self.config.site_url, "")  # computed once: called per link
        self.files = _WriteOnce()
        self.story_html: dict[str, Markup | None] = {}
        self._meta: api.Meta | None = None

    # -- URLs ------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """Absolute URL of a site path."""
        return self.base_url + path

    def schema_url(self, name: str) -> str:
        """Absolute URL of one of the published JSON Schemas."""
        return self.url(f"{SCHEMAS_ROOT}{name}.json")

    def tag(self, path: str) -> str:
        """A stable Atom id (RFC 4151 tag URI) for a site path; never derived from a name."""
        return f"tag:{self.tag_authority}:{path}"

    def meta(self) -> api.Meta:
        """What every document says about its origin and licence (the same object in each)."""
        if self._meta is None:
            config = self.config
            self._meta = api.Meta(
                content_licence=_licence(config.content_licence),
                generated=self.today,
                illustrative=config.illustrative,
                licence=_licence(config.data_licence),
                publisher=config.owner,
                site=api.SiteLink(name=config.site_name, url=self.url("")),
            )
        return self._meta

    # -- profiles --------------------------------------------------------------------------------

    def story(self, entry: Entry) -> Markup | None:
        """The story as sanitised HTML (computed once per entry)."""
        if entry.slug not in self.story_html:
            story = entry.profile.story
            self.story_html[entry.slug] = sanitise_markdown(story) if story else None
        return self.story_html[entry.slug]

    def award_document(self, resolved: ResolvedAward) -> api.ProfileAward:
        """One award as the profile shows it, with taxonomy ids and both languages."""
        record, award = resolved.record, resolved.award
        klass = record.award_class
        en = award.en + (f", {CLASS_NAMES_EN[klass]}" if klass else "")
        issuer_level = self.site.taxonomy.issuers.get(record.issuer_level or "")
        revocation = record.revocation
        ground = resolved.ground
        return api.ProfileAward(
            {
                "award": award.id,
                "campaign": record.campaign if record.campaign in self.site.campaigns else None,
                "citation": record.citation,
                "class": klass,
                "class_name": _label(CLASS_NAMES[klass], CLASS_NAMES_EN[klass]) if klass else None,
                "commendation_type": record.commendation_type,
                "commendation_type_name": _label(*COMMENDATION_TYPES[record.commendation_type])
                if record.commendation_type
                else None,
                "decision_date": record.decision_date,
                "decision_number": record.decision_number,
                "form": award.form,
                "issuer": record.issuer,
                "issuer_level": record.issuer_level,
                "issuer_level_name": _label(issuer_level.vi, issuer_level.en)
                if issuer_level is not None
                else None,
                "kind": award.kind,
                "level": award.level,
                "name": _label(resolved.display, en),
                "posthumous": record.posthumous,
                "precedence": award.precedence,
                "register_number": record.register_number,
                "revocation": api.Revocation(
                    date=revocation.date,
                    issuer=revocation.issuer,
                    ground=(
                        api.RevocationGround(
                            id=ground.id, law=ground.law, text=_label(ground.vi, ground.en)
                        )
                        if ground is not None
                        else None
                    ),
                    number=revocation.number,
                    reason=revocation.reason,
                )
                if revocation is not None and resolved.withdrawn
                else None,
                "status": cast(api.ShownAwardStatus, record.status),  # never "refused" when shown
                "year": record.year,
            }
        )

    def locality_document(self, entry: Entry) -> api.Locality:
        """The locality as recorded (names, codes, era) and today (province, communes)."""
        return self.locality_json(entry.locality)

    def locality_json(self, loc: ResolvedLocality) -> api.Locality:
        """A resolved locality (a profile's, or a decision's issuing authority's) for the API."""
        recorded = loc.recorded
        return api.Locality(
            country=(
                api.Country(code=recorded.country_code, name=recorded.country)
                if recorded.country is not None
                else None
            ),
            form=loc.form,
            current=api.CurrentLocality(
                province=_unit(loc.current_province) if loc.current_province else None,
                text=loc.current_text() or None,
                units=[_unit(u) for u in loc.current_units],
            ),
            changed=loc.changed,
            recorded=api.RecordedLocality(
                as_of=recorded.as_of,
                code=recorded.code,
                commune=recorded.commune,
                district=recorded.district,
                era=loc.era,
                province=recorded.province,
                text=loc.recorded_text(),
                units=[_unit(u) for u in loc.units],
            ),
        )

    def profile_document(self, entry: Entry) -> api.ProfileDocument:
        """The API document of one published profile."""
        profile = entry.profile
        name = profile.name
        story = self.story(entry)
        permalink = self.url(profile_path(entry.slug))
        return api.ProfileDocument(
            {
                "$schema": self.schema_url("profile"),
                "awards": [self.award_document(a) for a in entry.shown_awards],
                "campaigns": [
                    api.CampaignRef(
                        slug=slug,
                        title=self.site.campaigns[slug][0].title,
                        url=self.url(f"{CAMPAIGNS_ROOT}{slug}.json"),
                    )
                    for slug in entry.campaign_slugs
                    if slug in self.site.campaigns
                ],
                "consented_facts": cast(api.ConsentedFacts, dict(entry.consented_facts)),
                "death_year": profile.death_year,
                "former_slugs": list(profile.former_slugs),
                "how_to_cite": self.citation(entry),
                "id": entry.slug,
                "illustrative": profile.illustrative or self.config.illustrative,
                "kind": profile.kind,
                "kind_name": KIND_NAMES[profile.kind],
                "links": api.ProfileLinks(
                    html=permalink,
                    press_kit=(
                        self.url(press_kit_path(entry.slug)) if has_press_kit(entry) else None
                    ),
                    self=self.url(profile_api_path(entry.slug)),
                ),
                "locality": self.locality_document(entry),
                "meta": self.meta(),
                "model": practice_document(entry, self.url, self.locality_json),
                "name": api.Name(
                    display=entry.display_name,
                    family=name.family,
                    form=name.form,
                    full=name.full,
                    given=name.given,
                    middle=name.middle,
                    short=name.short,
                ),
                "permalink": permalink,
                "photos": self.photo_documents(entry),
                "position": profile.position,
                "sector": _id_label(profile.sector, *SECTORS[profile.sector])
                if profile.sector
                else None,
                "slug": entry.slug,
                "sources": [_source(s) for s in profile.sources],
                "story_html": str(story) if story is not None else None,
                "summary": profile.summary,
                "target_groups": [_id_label(g, *TARGET_GROUPS[g]) for g in profile.target_groups],
                "top_award": entry.top_award.award.id if entry.top_award else None,
                "unit": profile.unit,
                "updated": entry.updated,
                "work_role": profile.work_role,
            }
        )

    def photo_documents(self, entry: Entry) -> list[api.Photo]:
        """The consented photos of a profile: every published file, credit and licence."""
        documents: list[api.Photo] = []
        for photo, photo_set in published_photos(entry, self.images):
            data = picture_data(photo_set, self.base_url)
            documents.append(
                api.Photo(
                    alt=photo.alt,
                    caption=photo.caption,
                    credit=photo.credit,
                    height=data["height"],
                    licence=photo.licence,
                    mime=data["mime"],
                    url=data["src"],
                    variants=[api.PhotoVariant(**v) for v in data["variants"]],
                    width=data["width"],
                )
            )
        return documents

    def profile_summary(self, entry: Entry) -> api.ProfileSummary:
        """A profile's line in the paginated index."""
        best = entry.top_award
        province = entry.locality.current_province
        return api.ProfileSummary(
            id=entry.slug,
            kind=entry.profile.kind,
            name=entry.display_name,
            permalink=self.url(profile_path(entry.slug)),
            locality_form=entry.locality.form,
            province=(
                api.ProvinceRef(code=province.code, name=province.full_name) if province else None
            ),
            top_award=(
                api.TopAward(award=best.award.id, name=best.display, year=best.record.year)
                if best is not None
                else None
            ),
            updated=entry.updated,
            url=self.url(profile_api_path(entry.slug)),
        )

    def profile_pages(self) -> None:
        """Per-profile documents and the paginated index (by slug: stable for consumers)."""
        ordered = sorted(self.published, key=lambda e: e.slug)
        for entry in ordered:
            path = profile_api_path(entry.slug)
            self.entry_file(path, entry, lambda e: dump_json(self.profile_document(e)))
        pages = max(1, -(-len(ordered) // PER_PAGE))

        def page_file(number: int) -> str:
            return (
                f"{PROFILES_ROOT}index.json"
                if number == 1
                else f"{PROFILES_ROOT}page-{number}.json"
            )

        def page(number: int) -> bytes:
            chunk = ordered[(number - 1) * PER_PAGE : number * PER_PAGE]
            meta = api.PageMeta(
                **self.meta(), count=len(ordered), page=number, pages=pages, per_page=PER_PAGE
            )
            document = api.ProfileListDocument(
                {
                    "$schema": self.schema_url("profile-list"),
                    "links": api.PageLinks(
                        first=self.url(page_file(1)),
                        last=self.url(page_file(pages)),
                        next=self.url(page_file(number + 1)) if number < pages else None,
                        prev=self.url(page_file(number - 1)) if number > 1 else None,
                        self=self.url(page_file(number)),
                    ),
                    "meta": meta,
                    "profiles": [self.profile_summary(e) for e in chunk],
                }
            )
            return dump_json(document)

        for number in range(1, pages + 1):
            self.listing_file(page_file(number), functools.partial(page, number))

    # -- campaigns -------------------------------------------------------------------------------

    def campaign_document(self, slug: str, campaign: Campaign, body: str) -> api.CampaignDocument:
        """The API document of one campaign, with its published exemplars' slugs."""
        members = self.members[slug]
        body_html = sanitise_markdown(body, headings=True) if body.strip() else None
        return api.CampaignDocument(
            {
                "$schema": self.schema_url("campaign"),
                "body_html": str(body_html) if body_html else None,
                "cluster": campaign.cluster,
                "criteria": list(campaign.criteria),
                "end": campaign.end,
                "exemplar_count": len(members),
                "exemplars": [e.slug for e in members],
                "feed": self.url(campaign_feed_path(slug)),
                "id": slug,
                "illustrative": campaign.illustrative or self.config.illustrative,
                "launched_by": campaign.launched_by,
                "legal_basis": list(campaign.legal_basis),
                "level": campaign.level,
                "meta": self.meta(),
                "milestones": [
                    _milestone(m)
                    for m in sorted(campaign.milestones, key=lambda m: (m.date, m.kind))
                ],
                "permalink": self.url(campaign_path(slug)),
                "province": campaign.province,
                "short_name": campaign.short_name,
                "slug": slug,
                "start": campaign.start,
                "status": campaign.status,
                "summary": campaign.summary,
                "title": campaign.title,
                "url": self.url(f"{CAMPAIGNS_ROOT}{slug}.json"),
            }
        )

    def campaign_pages(self) -> None:
        """One document per campaign and the campaign index."""
        items = []
        for slug in sorted(self.site.campaigns):
            campaign, doc = self.site.campaigns[slug]
            document = self.campaign_document(slug, campaign, doc.body)
            self.files[f"{CAMPAIGNS_ROOT}{slug}.json"] = dump_json(document)
            # The index repeats the fields its model declares (a campaign's extends it).
            items.append(
                cast(
                    api.CampaignSummary,
                    {
                        k: v
                        for k, v in document.items()
                        if k in api.CampaignSummary.__required_keys__
                    },
                )
            )
        self.files[f"{CAMPAIGNS_ROOT}index.json"] = dump_json(
            api.CampaignListDocument(
                {
                    "$schema": self.schema_url("campaign-list"),
                    "campaigns": items,
                    "meta": api.ListMeta(**self.meta(), count=len(items)),
                }
            )
        )

    # -- awards and localities -------------------------------------------------------------------

    def awards_document(self) -> api.AwardsDocument:
        """The award taxonomy (national and local), with counts of awards in force on the roll."""
        taxonomy = self.site.taxonomy
        counts = Counter(a.award.id for e in self.published for a in e.active_awards)

        def award(a: Award) -> api.TaxonomyAward:
            return api.TaxonomyAward(
                classes=[_id_label(c, CLASS_NAMES[c], CLASS_NAMES_EN[c]) for c in a.classes],
                conferred_by=sorted(a.conferred_by),
                count=counts.get(a.id, 0),
                en=a.en,
                form=a.form,
                id=a.id,
                kind=a.kind,
                level=a.level,
                local=a.local,
                names=[
                    api.AwardName(
                        {
                            "from": a.valid_from,
                            "vi": a.vi,
                        }
                    )
                ]
                + [
                    api.AwardName(
                        {
                            "from": since,
                            "vi": name,
                        }
                    )
                    for since, name in a.renamed
                ],
                precedence=a.precedence,
                recipients=sorted(a.recipients),
                valid_from=a.valid_from,
                valid_to=a.valid_to,
                verified=a.verified,
                vi=a.name_on(None),
            )

        def labels(items: Iterable[Any]) -> list[api.IdLabel]:
            return [_id_label(x.id, x.vi, x.en) for x in items]

        return api.AwardsDocument(
            {
                "$schema": self.schema_url("awards"),
                "awards": [award(a) for a in taxonomy],
                "classes": [_id_label(c, CLASS_NAMES[c], CLASS_NAMES_EN[c]) for c in CLASS_NAMES],
                "forms": labels(taxonomy.forms.values()),
                "issuer_levels": labels(taxonomy.issuers.values()),
                "levels": labels(taxonomy.levels.values()),
                "meta": self.meta(),
            }
        )

    def localities_document(self) -> api.LocalitiesDocument:
        """Today's provinces with counts, and every unit the roll refers to, then and now."""
        admin = self.site.admin
        provinces = [
            api.Province(
                **_unit(unit),
                count=count,
                roll=self.url(roll) if roll else None,
                slug=slugify(unit.name),  # as the listings name them
            )
            for unit, count, roll in province_counts(self.site, self.published)
        ]
        referenced: dict[tuple[str, str], Unit] = {}
        counts: Counter[tuple[str, str]] = Counter()
        for entry in self.published:
            for unit in entry.locality.units:
                referenced[(unit.era, unit.code)] = unit
                counts[(unit.era, unit.code)] += 1
        units = []
        for key in sorted(referenced, key=lambda k: (k[0], referenced[k].level, k[1])):
            unit = referenced[key]
            units.append(
                api.ReferencedUnit(
                    **_unit(unit),
                    count=counts[key],
                    current=[_unit(u) for u in admin.current_units(unit)],
                    current_province=_unit(admin.current_province(unit)),
                    parent_code=unit.parent,
                    partial=unit.partial,
                )
            )
        countries: Counter[tuple[str, str | None]] = Counter(
            (e.locality.recorded.country, e.locality.recorded.country_code)
            for e in self.published
            if e.locality.recorded.country is not None
        )
        unknown = sum(1 for e in self.published if e.locality.form == "unknown")
        return api.LocalitiesDocument(
            {
                "$schema": self.schema_url("localities"),
                "foreign": api.Foreign(
                    count=sum(countries.values()),
                    countries=[
                        api.CountryCount(code=code, count=count, name=name)
                        for (name, code), count in sorted(
                            countries.items(),
                            key=lambda item: (
                                collation_key(item[0][0]),
                                item[0][0],
                                item[0][1] or "",
                            ),
                        )
                    ],
                    roll=self.url(PLACE_ROLLS[FOREIGN][0]) if countries else None,
                ),
                "meta": self.meta(),
                "provinces": provinces,
                "unknown": api.Unknown(
                    count=unknown, roll=self.url(PLACE_ROLLS[NO_PLACE][0]) if unknown else None
                ),
                "units": units,
            }
        )

    # -- entry point document --------------------------------------------------------------------

    def index_document(self, pages: int) -> api.IndexDocument:
        """`/api/v1/index.json`: every endpoint and download, with its schema."""
        return api.IndexDocument(
            {
                "$schema": self.schema_url("index"),
                "csv": api.Downloads(en=self.url(CSV_EN), vi=self.url(CSV_VI)),
                "documentation": self.url(DATA_PAGE),
                "endpoints": api.Endpoints(
                    awards=self.url(f"{API_ROOT}awards.json"),
                    campaign=self.url(f"{CAMPAIGNS_ROOT}{{slug}}.json"),
                    campaigns=self.url(f"{CAMPAIGNS_ROOT}index.json"),
                    decision=self.url(f"{DECISIONS_ROOT}{{slug}}.json"),
                    decisions=self.url(f"{DECISIONS_ROOT}index.json"),
                    localities=self.url(f"{API_ROOT}localities.json"),
                    profile=self.url(f"{PROFILES_ROOT}{{slug}}.json"),
                    profiles=self.url(f"{PROFILES_ROOT}index.json"),
                ),
                "feeds": api.Feeds(
                    campaign=self.url(campaign_feed_path("{slug}")), site=self.url(SITE_FEED_PATH)
                ),
                "meta": api.IndexMeta(**self.meta(), profile_pages=pages, version="1"),
                "press_kit": self.url(press_kit_path("{slug}")),
                "schemas": {name: self.schema_url(name) for name in sorted(api.DOCUMENTS)},
                "sitemap": self.url(SITEMAP),
            }
        )

    # -- CSV -------------------------------------------------------------------------------------

    def csv_file(self, path: str, english: bool) -> None:
        """The CSV of every award on the roll, in Vietnamese or English."""
        header = [en if english else vi for vi, en in CSV_COLUMNS]
        self.listing_file(path, lambda: csv_document(header, self.csv_chunks(english)))
        if path in self.kept and self.cache is not None:
            # Its lines are kept as cached, unvisited (a line whose profile changed only in
            # `OWN_PAGE_ONLY` fields has another key now: made again when next needed).
            prefix = f"{CSV_CHUNK}{'en' if english else 'vi'}/"
            for chunk, (key, data) in self.cache.files.items():
                if chunk.startswith(prefix):
                    self.keys[chunk], self.chunks[chunk] = key, data

    def csv_chunks(self, english: bool) -> Iterator[bytes]:
        """The CSV lines of every published profile (from the cache if unchanged), then of
        every decision's list."""
        language = "en" if english else "vi"
        for entry in self.published:
            yield self.of_entry(
                f"{CSV_CHUNK}{language}/{entry.slug}",
                entry,
                lambda e: csv_lines(self.csv_rows(e, english)),
            )
        for found in self.site.decisions:
            yield csv_lines(self.decision_csv_rows(found, english))

    # -- .xlsx -----------------------------------------------------------------------------------

    def roll_workbook(self) -> bytes:
        """`du-lieu/vinh-danh.xlsx`: the Vietnamese CSV's rows as a typed workbook."""
        columns = [_xlsx_column(vi, en) for vi, en in CSV_COLUMNS]

        def rows() -> Iterator[list[object]]:
            for entry in self.published:
                yield from self.csv_rows(entry, english=False)
            for found in self.site.decisions:
                yield from self.decision_csv_rows(found, english=False)

        return workbook(self.config.site_name, columns, rows(), self.today, self.config.site_name)

    def roll_workbooks(self) -> None:
        """The workbook of every roll page (`Roll.workbook`), each made again only when its
        rows or the context changed."""
        cache = self.cache
        manifest_key = page_key(self.listings, "rolls") if self.listings is not None else None
        if cache is not None and manifest_key is not None:
            found = cache.files.get(ROLL_XLSX_MANIFEST)
            if found is not None and found[0] == manifest_key and self._keep_all(found[1]):
                return  # no listing changed: no roll is even computed
        paths: list[str] = []
        fields = [
            next(i for i, (_vi, en) in enumerate(CSV_COLUMNS) if en == f) for f in ROLL_XLSX_FIELDS
        ]
        columns = [Column("STT", "number", 6)] + [_xlsx_column(*CSV_COLUMNS[i]) for i in fields]
        rows_of: dict[str, list[list[object]]] = {}
        for roll in iter_rolls(self.site):
            if roll.workbook_of is not None:
                continue  # its page offers another roll's workbook
            paths.append(roll.workbook)
            key = self._roll_key(roll.path, roll.title, roll.rows)

            def make(roll: Roll = roll) -> bytes:
                def rows() -> Iterator[list[object]]:
                    for number, row in enumerate(roll.rows, start=1):
                        entry = row.entry
                        if entry.slug not in rows_of:
                            rows_of[entry.slug] = self.csv_rows(entry, english=False)
                        resolved = row.award or entry.top_award
                        line: list[object] | None = next(
                            (
                                values
                                for values, shown in zip(
                                    rows_of[entry.slug], entry.shown_awards, strict=True
                                )
                                if shown is resolved
                            ),
                            None,
                        )
                        if line is None:  # no award shown: the person alone
                            line = [entry.slug, entry.display_name]
                            line += [""] * (len(CSV_COLUMNS) - 2)
                        yield [number, *(line[i] for i in fields)]

                return workbook(roll.title, columns, rows(), self.today, self.config.site_name)

            self._kept_or_made(roll.workbook, key, make)
        if cache is not None and manifest_key is not None:
            self.keys[ROLL_XLSX_MANIFEST] = manifest_key
            self.chunks[ROLL_XLSX_MANIFEST] = "\n".join(paths).encode("utf-8")

    def _roll_key(self, path: str, title: str, rows: list[Row]) -> str | None:
        """The key of a roll's workbook: what its rows read of their entries, and the context."""
        cache = self.cache
        if cache is None or not cache.context:
            return None
        facts = [cache.context, "roll-xlsx", path, title]
        for row in rows:
            digest = cache.listing.get(row.entry.slug)
            if digest is None:
                return None
            index = row.entry.awards.index(row.award) if row.award is not None else -1
            facts.append(f"{digest[1]}:{index}")
        return page_key(*facts)

    def _keep_all(self, manifest: bytes) -> bool:
        """Keep every roll workbook `manifest` lists, if each is as written (else keep none)."""
        assert self.cache is not None
        found = []
        for path in manifest.decode("utf-8").split("\n") if manifest else []:
            entry = self.cache.files.get(path)
            if entry is None or not self.cache.file_intact(path, entry[1]):
                return False
            found.append((path, entry))
        for path, (key, stamp) in found:
            self.keys[path], self.kept[path] = key, stamp
        self.keys[ROLL_XLSX_MANIFEST] = page_key(self.listings or "", "rolls")
        self.chunks[ROLL_XLSX_MANIFEST] = manifest
        return True

    def csv_rows(self, entry: Entry, english: bool) -> list[list[object]]:
        """One row per award given (in force or revoked) of a published profile."""
        rows: list[list[object]] = []
        profile, loc = entry.profile, entry.locality
        communes = [u for u in loc.current_units if u.level == 3]
        recorded_code = loc.units[-1].code if loc.units else loc.recorded.code
        form = loc.form if english else LOCALITY_FORM_VI[loc.form]
        for resolved in entry.shown_awards:
            record, award = resolved.record, resolved.award
            klass = record.award_class
            campaign = self.site.campaigns.get(record.campaign or "")
            issuer = self.site.taxonomy.issuers.get(record.issuer_level or "")
            revocation = record.revocation if resolved.withdrawn else None
            # The row of the award every page cites the recipient by (Entry.top_award).
            top = resolved is entry.top_award
            if english:
                kind: object = profile.kind
                status: object = record.status
                posthumous: object = "yes" if record.posthumous else "no"
                level: object = record.issuer_level
                klass_text: object = klass
                commendation: object = record.commendation_type or ""
            else:
                kind = KIND_NAMES[profile.kind]
                status = AWARD_STATUS_VI[record.status]
                posthumous = "Có" if record.posthumous else ""
                level = issuer.vi if issuer else record.issuer_level
                klass_text = CLASS_NAMES[klass] if klass else ""
                commendation = (
                    COMMENDATION_TYPES[record.commendation_type][0]
                    if record.commendation_type
                    else ""
                )
            rows.append(
                [
                    entry.slug,
                    entry.display_name,
                    kind,
                    profile.position,
                    profile.unit,
                    loc.recorded_text(),
                    recorded_code,
                    loc.era,
                    form,
                    loc.recorded.country,
                    loc.recorded.country_code,
                    loc.current_province.full_name if loc.current_province else "",
                    loc.current_province.code if loc.current_province else "",
                    " / ".join(u.full_name for u in communes),
                    ";".join(u.code for u in communes),
                    award.id,
                    resolved.display,
                    award.en + (f", {CLASS_NAMES_EN[klass]}" if klass else ""),
                    klass_text,
                    record.year,
                    record.decision_number,
                    _date(record.decision_date),
                    record.issuer,
                    level,
                    posthumous,
                    commendation,
                    record.campaign if campaign else "",
                    campaign[0].title if campaign else "",
                    status,
                    ("yes" if top else "no") if english else ("Có" if top else ""),
                    revocation.number if revocation else "",
                    _date(revocation.date) if revocation else "",
                    _ground_cell(resolved.ground, english),
                    self.url(profile_path(entry.slug)),
                    ROW_SOURCE["profile"][english],
                ]
            )
        return rows

    def decision_csv_rows(self, found: DecisionEntry, english: bool) -> list[list[object]]:
        """One row per line of a decision's list, marked as such in `row_source`."""
        d, loc = found.decision, found.locality
        communes = [u for u in loc.current_units if u.level == 3]
        recorded_code = loc.units[-1].code if loc.units else loc.recorded.code
        issuer = self.site.taxonomy.issuers.get(d.issuer_level)
        campaign = self.site.campaigns.get(d.campaign or "")
        award = found.award.award if found.award is not None else None
        klass = d.award_class
        # What every line of the list shares, made once (a list may hold thousands of names).
        recorded = loc.recorded_text()
        communes_text = " / ".join(u.full_name for u in communes)
        communes_codes = ";".join(u.code for u in communes)
        award_en = (award.en if award else d.award) + (
            f", {CLASS_NAMES_EN[klass]}" if klass else ""
        )
        permalink = self.url(decision_path(found.slug))
        rows: list[list[object]] = []
        for r in found.recipients:
            rows.append(
                [
                    found.slug,
                    r.line.name,
                    r.kind if english else KIND_NAMES[r.kind],
                    r.line.position,
                    r.line.unit,
                    r.line.commune or recorded,
                    "" if r.line.commune else recorded_code,
                    "" if r.line.commune else loc.era,
                    loc.form if english else LOCALITY_FORM_VI[loc.form],
                    loc.recorded.country,
                    loc.recorded.country_code,
                    loc.current_province.full_name if loc.current_province else "",
                    loc.current_province.code if loc.current_province else "",
                    communes_text,
                    communes_codes,
                    d.award,
                    found.award_text,
                    award_en,
                    klass if english else (CLASS_NAMES[klass] if klass else ""),
                    d.year,
                    d.decision_number,
                    _date(d.decision_date),
                    d.issuer,
                    d.issuer_level if english or issuer is None else issuer.vi,
                    "no" if english else "",
                    "",  # a decision's list records no commendation type
                    d.campaign if campaign else "",
                    campaign[0].title if campaign else "",
                    "active" if english else AWARD_STATUS_VI["active"],
                    "no" if english else "",
                    "",
                    "",
                    "",
                    permalink,
                    ROW_SOURCE["decision"][english],
                ]
            )
        return rows

    # -- decisions -------------------------------------------------------------------------------

    def decision_document(self, found: DecisionEntry) -> api.DecisionDocument:
        """`/api/v1/decisions/<slug>.json`: a decision honouring many, with its list."""
        d = found.decision
        permalink = self.url(decision_path(found.slug))
        return api.DecisionDocument(
            {
                "$schema": self.schema_url("decision"),
                **self.decision_summary(found),
                "issuer": d.issuer,
                "issuer_level": d.issuer_level,
                "listed": len(found.recipients),
                "locality": self.locality_json(found.locality),
                "links": api.DecisionLinks(
                    html=permalink, self=self.url(decision_api_path(found.slug))
                ),
                "meta": self.meta(),
                "recipients": [
                    api.Recipient(
                        commune=r.line.commune,
                        kind=cast(RecipientKind, r.kind),  # as the list's schema reads
                        name=r.line.name,
                        position=r.line.position,
                        unit=r.line.unit,
                    )
                    for r in found.recipients
                ],
                "sources": [_source(src) for src in d.sources],
            }
        )

    def decision_json(self, found: DecisionEntry) -> Callable[[], bytes]:
        """What makes the decision's document, when it is not kept."""
        return lambda: dump_json(self.decision_document(found))

    def decision_summary(self, found: DecisionEntry) -> api.DecisionSummary:
        """What the decisions' index says of one decision."""
        d = found.decision
        return api.DecisionSummary(
            award=api.DecisionAward(
                {
                    "class": d.award_class,
                    "id": d.award,
                    "name": found.award_text,
                }
            ),
            campaign=d.campaign if d.campaign in self.site.campaigns else None,
            count=found.count,
            decision_date=d.decision_date,
            decision_number=d.decision_number,
            id=found.slug,
            illustrative=d.illustrative or self.config.illustrative,
            kind=d.kind,
            permalink=self.url(decision_path(found.slug)),
            subject=found.subject,
            title=found.title,
            year=d.year,
        )

    def decision_files(self) -> None:
        """A document per decision and their index (made with the listings: same key)."""
        for found in self.site.decisions:
            self.listing_file(decision_api_path(found.slug), self.decision_json(found))
        meta = api.ListMeta(**self.meta(), count=len(self.site.decisions))
        self.listing_file(
            f"{DECISIONS_ROOT}index.json",
            lambda: dump_json(
                api.DecisionListDocument(
                    {
                        "$schema": self.schema_url("decision-list"),
                        "decisions": [self.decision_summary(f) for f in self.site.decisions],
                        "meta": meta,
                    }
                )
            ),
        )

    # -- feeds -----------------------------------------------------------------------------------

    def feed_items(self, entries: Iterable[Entry]) -> list[FeedItem]:
        """Entries with dates, latest first, at most FEED_LIMIT."""
        items = []
        for entry in entries:
            dates = feed_dates(entry)
            if dates is not None:
                items.append(FeedItem(entry, dates[0], dates[1]))
        items.sort(key=lambda i: (-i.updated.toordinal(), i.entry.slug))
        return items[:FEED_LIMIT]

    def feed(
        self, path: str, title: str, alternate: str, entries: Iterable[Entry]
    ) -> tuple[bytes, dt.date]:
        """An Atom 1.0 feed of profiles (stable ids, dates from the data, escaped content), and
        its `updated` date."""
        items = self.feed_items(entries)
        updated = max((i.updated for i in items), default=self.today)
        template = self.html_env.get_template("opendata/feed.xml")
        text = template.render(
            feed_id=self.tag(path),
            title=title,
            self_url=self.url(path),
            alternate=self.url(alternate),
            updated=_atom_time(updated),
            config=self.config,
            site_url=self.url(""),
            rights=self.config.data_licence.name,
            items=[
                {
                    "id": self.tag(profile_path(i.entry.slug)),
                    "title": i.entry.display_name,
                    "url": self.url(profile_path(i.entry.slug)),
                    "published": _atom_time(i.published) if i.published else None,
                    "updated": _atom_time(i.updated),
                    "summary": i.entry.profile.summary,
                    "entry": i.entry,
                    "campaigns": [
                        (s, self.site.campaigns[s][0].title)
                        for s in i.entry.campaign_slugs
                        if s in self.site.campaigns
                    ],
                }
                for i in items
            ],
        )
        return _XML_INVALID.sub("", text).encode("utf-8"), updated

    def feed_sitemaps(self, feeds: dict[str, dt.date]) -> None:
        """A sitemap of the feeds in each feed folder (see FEED_SITEMAP for why)."""
        folders: dict[str, list[tuple[str, dt.date]]] = {}
        for path, updated in sorted(feeds.items()):
            folders.setdefault(path.rsplit("/", 1)[0], []).append((path, updated))
        for folder, items in folders.items():
            lines = [
                '<?xml version="1.0" encoding="UTF-8"?>',
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                *(
                    f"  <url><loc>{html.escape(self.url(p))}</loc>"
                    f"<lastmod>{d.isoformat()}</lastmod></url>"
                    for p, d in items
                ),
                "</urlset>",
            ]
            self.files[f"{folder}/{FEED_SITEMAP}"] = ("\n".join(lines) + "\n").encode("utf-8")

    # -- press -----------------------------------------------------------------------------------

    def citation(self, entry: Entry) -> str:
        """The ready-to-paste citation, the same text the profile page shows."""
        module: Any = self.text_env.get_template("opendata/_citation.txt").module
        text: str = module.citation(
            entry, self.config.site_name, self.url(profile_path(entry.slug)), self.today
        )
        return text.strip()

    def press_values(self, entry: Entry) -> dict[str, Any]:
        """What the press-kit templates see."""
        return {
            "entry": entry,
            "profile": entry.profile,
            "config": self.config,
            "today": self.today,
            "kind_name": KIND_NAMES[entry.profile.kind],
            "facts": public_facts(entry),
            "awards": entry.shown_awards,
            "campaign_titles": [
                self.site.campaigns[s][0].title
                for s in entry.campaign_slugs
                if s in self.site.campaigns
            ],
            "campaigns": self.site.campaigns,
            "permalink": self.url(profile_path(entry.slug)),
            "citation": self.citation(entry),
            "sectors": SECTORS,
            "target_groups": TARGET_GROUPS,
            "illustrative": entry.profile.illustrative or self.config.illustrative,
            "photos": [
                {
                    "file": name,
                    "caption": photo.caption,
                    "credit": photo.credit,
                    "licence": photo.licence,
                }
                for name, photo, _variant in self.press_photos(entry)
            ],
        }

    def press_photos(self, entry: Entry) -> list[tuple[str, Photo, Variant]]:
        """The photos of a press kit: the largest JPEG of each consented photo, by kit name."""
        found: list[tuple[str, Photo, Variant]] = []
        for n, (photo, photo_set) in enumerate(published_photos(entry, self.images), start=1):
            jpegs = photo_set.of_type("image/jpeg")
            variant = jpegs[-1] if jpegs else photo_set.fallback
            found.append((f"anh-{n}.{variant.path.rsplit('.', 1)[1]}", photo, variant))
        return found

    def press_kit(self, entry: Entry, json_bytes: bytes) -> bytes:
        """The press kit of one profile: Markdown, text, JSON, photos and their credits."""
        values = self.press_values(entry)
        story = self.story(entry)
        story_md, story_txt = html_to_markdown_and_text(story) if story else (None, None)
        md = self.md_env.get_template("opendata/ho-so.md").render(story=story_md, **values)
        txt = self.text_env.get_template("opendata/ho-so.txt").render(story=story_txt, **values)
        credits = self.text_env.get_template("opendata/CREDITS.txt").render(**values)
        folder = f"{entry.slug}/"
        files = {
            f"{folder}ho-so.md": _crlf_free(md),
            f"{folder}ho-so.txt": _crlf_free(txt),
            f"{folder}ho-so.json": json_bytes,
            f"{folder}CREDITS.txt": _crlf_free(credits),
        }
        for name, _photo, variant in self.press_photos(entry):
            try:
                files[f"{folder}{name}"] = self.images.read_bytes(variant)
            except OSError as exc:
                raise OpenDataError(f"{entry.relpath}: cannot read {variant.path}: {exc}") from None
        return deterministic_zip(files, self.today)

    # -- everything ------------------------------------------------------------------------------

    def build(self, rendered: Rendered) -> None:
        """Add every open-data file and the data page to `rendered`."""
        site = self.site
        self.profile_pages()
        pages = max(1, -(-len(self.published) // PER_PAGE))
        self.campaign_pages()
        self.decision_files()
        self.listing_file(f"{API_ROOT}awards.json", lambda: dump_json(self.awards_document()))
        self.listing_file(
            f"{API_ROOT}localities.json", lambda: dump_json(self.localities_document())
        )
        self.listing_file(f"{API_ROOT}index.json", lambda: dump_json(self.index_document(pages)))
        for name, schema in api.api_schemas().items():
            schema = {"$id": self.schema_url(name), **schema}
            self.files[f"{SCHEMAS_ROOT}{name}.json"] = dump_json(schema, pretty=True)
        self.csv_file(CSV_VI, english=False)
        self.csv_file(CSV_EN, english=True)
        self.listing_file(XLSX_VI, self.roll_workbook)
        if any(e.profile.kind == "model" for e in self.published):
            self.listing_file(MODELS_CSV, lambda: models_csv(self.published, self.url))
        self.roll_workbooks()
        feeds: dict[str, dt.date] = {}
        self.files[SITE_FEED_PATH], feeds[SITE_FEED_PATH] = self.feed(
            SITE_FEED_PATH,
            f"{self.config.site_name}: hồ sơ mới và cập nhật",
            "",
            self.published,
        )
        for slug, (campaign, _doc) in sorted(site.campaigns.items()):
            path = campaign_feed_path(slug)
            self.files[path], feeds[path] = self.feed(
                path, campaign.title, campaign_path(slug), self.members[slug]
            )
        self.feed_sitemaps(feeds)
        for entry in filter(has_press_kit, self.published):
            path = press_kit_path(entry.slug)
            self.entry_file(path, entry, lambda e: self.press_kit(e, self.json_of(e)))
        self.files[ROBOTS] = self.robots()
        rendered.docs[doc_file(DATA_PAGE)] = self.data_page(pages)
        for rel in [*self.files, *self.kept]:
            if rel in rendered.files or rel in rendered.extra:
                raise OpenDataError(f"{rel} is produced twice")
        rendered.files.update(self.files)
        rendered.files_kept.update(self.kept)
        if self.cache is not None:
            # Made files are noted with their key only: `note_written` adds where they are.
            self.cache.files = {
                path: (key, self.kept.get(path) or self.chunks.get(path) or b"")
                for path, key in self.keys.items()
            }

    def entry_file(self, path: str, entry: Entry, make: Callable[[Entry], bytes]) -> None:
        """A file made from one entry (and the context) only: left as it is in the output
        folder (`kept`) if made under the same key and unchanged since, else made."""
        cache = self.cache
        key = cache.entry_key(entry.slug, "file", path) if cache is not None else None
        self._kept_or_made(path, key, lambda: make(entry))

    def listing_file(self, path: str, make: Callable[[], bytes]) -> None:
        """A file made from many entries, reading none of their `OWN_PAGE_ONLY` fields: kept
        as the listing pages are (generator.model.keys.listings_key), else made."""
        key = page_key(self.listings, "file", path) if self.listings is not None else None
        self._kept_or_made(path, key, make)

    def _kept_or_made(self, path: str, key: str | None, make: Callable[[], bytes]) -> None:
        cache = self.cache
        if cache is not None and key is not None:
            self.keys[path] = key
            found = cache.files.get(path)
            if found is not None and found[0] == key and cache.file_intact(path, found[1]):
                self.kept[path] = found[1]
                return
        self.files[path] = make()

    def json_of(self, entry: Entry) -> bytes:
        """The entry's API document, as made now or as kept in the output folder."""
        path = profile_api_path(entry.slug)
        if path in self.files:
            return self.files[path]
        assert self.cache is not None and path in self.kept  # only kept files are not made
        return self.cache.read_file(path)

    def of_entry(self, path: str, entry: Entry, make: Callable[[Entry], bytes]) -> bytes:
        """Bytes made from one entry (and the context) only, kept in the cache (part of a
        file: `CSV_CHUNK`)."""
        cache = self.cache
        key = cache.entry_key(entry.slug, "file", path) if cache is not None else None
        if cache is None or key is None:
            return make(entry)
        self.keys[path] = key
        found = cache.files.get(path)
        data = found[1] if found is not None and found[0] == key else make(entry)
        self.chunks[path] = data
        return data

    def robots(self) -> bytes:
        """robots.txt: everything public may be crawled; the sitemap's absolute address."""
        lines = ["User-agent: *", "Allow: /"]
        if safe_http_url(self.config.site_url):
            lines += ["", f"Sitemap: {self.url(SITEMAP)}"]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def data_page(self, pages: int) -> str:
        """The Markdown of the data page, describing every download and endpoint."""
        template = self.html_env.get_template("opendata/data.md")
        counts = {
            "profiles": len(self.published),
            "awards": sum(len(e.shown_awards) for e in self.published),
            "campaigns": len(self.site.campaigns),
            "pages": pages,
        }
        body = template.render(
            here=DATA_PAGE,
            url=lambda target: relative_url(DATA_PAGE, target),
            abs=self.url,
            config=self.config,
            today=self.today,
            counts=counts,
            models=sum(e.profile.kind == "model" for e in self.published),
            per_page=PER_PAGE,
            feed_limit=FEED_LIMIT,
            campaigns=sorted(
                ((s, c.title) for s, (c, _d) in self.site.campaigns.items()), key=lambda x: x[0]
            ),
            schemas=sorted(api.DOCUMENTS),
            csv_columns=CSV_COLUMNS,
            paths={
                "api": API_ROOT,
                "profiles": f"{PROFILES_ROOT}index.json",
                "campaigns": f"{CAMPAIGNS_ROOT}index.json",
                "awards": f"{API_ROOT}awards.json",
                "localities": f"{API_ROOT}localities.json",
                "index": f"{API_ROOT}index.json",
                "schemas": SCHEMAS_ROOT,
                "csv_vi": CSV_VI,
                "csv_en": CSV_EN,
                "csv_models": MODELS_CSV,
                "xlsx_vi": XLSX_VI,
                "feed": SITE_FEED_PATH,
                "sitemap": SITEMAP,
                "robots": ROBOTS,
            },
            campaign_feed_path=campaign_feed_path,
            licence=self.config.data_licence,
            content_licence=self.config.content_licence,
        )
        # The page as a schema.org Dataset (generator.model.linkeddata): the downloads it lists.
        downloads = [
            (CSV_VI, "text/csv", "Bảng vinh danh (CSV, tiếng Việt)"),
            (CSV_EN, "text/csv", "Honours (CSV, English)"),
            (
                XLSX_VI,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Bảng vinh danh (bảng tính .xlsx)",
            ),
            (f"{API_ROOT}index.json", "application/json", "API JSON: mục lục"),
            (f"{PROFILES_ROOT}index.json", "application/json", "API JSON: hồ sơ"),
            (f"{CAMPAIGNS_ROOT}index.json", "application/json", "API JSON: phong trào"),
        ]
        dates = [d for d in map(entry_lastmod, self.published) if d is not None]
        dataset = dataset_jsonld(
            self.config, self.url, DATA_PAGE, downloads, max(dates) if dates else None
        )
        head = front_matter(
            "Dữ liệu mở và báo chí",
            "Tải dữ liệu, API, nguồn tin Atom",
            jsonld=script_json(dataset),
        )
        return head + body


def _xlsx_column(vi: str, en: str) -> Column:
    """A workbook column of the CSV's column (`vi`, `en`): Vietnamese header, typed cells."""
    return Column(vi, XLSX_KINDS.get(en, "text"), XLSX_WIDTHS.get(en, 18))


def _crlf_free(text: str) -> bytes:
    return text.replace("\r\n", "\n").encode("utf-8")


def add_open_data(
    rendered: Rendered,
    site: Site,
    today: dt.date,
    images: ImageResult | None = None,
    cache: PageCache | None = None,
) -> None:
    """Add the API, CSV, feeds, press kits, robots.txt and the data page to `rendered`."""
    # `cache`: per-profile JSON and press kits of an earlier build, reused by key (and updated).
    _OpenData(site, today, images, cache).build(rendered)


def _milestone(m: Milestone) -> api.Milestone:
    """A campaign milestone as the API and feed give it: a sơ kết or tổng kết with its
    decision (null: not recorded) and figures ([]: not recorded)."""
    d = m.decision
    return api.Milestone(
        date=m.date,
        decision=None
        if d is None
        else api.MilestoneDecision(
            date=d.date,
            issuer=d.issuer,
            number=d.number,
            title=d.title,
            url=safe_http_url(d.url),
        ),
        figures=[api.MilestoneFigure(label=f.label, value=f.value) for f in m.figures],
        kind=m.kind,
        note=m.note,
        title=m.title,
    )
