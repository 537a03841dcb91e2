"""Render stage: turn the Site model into Markdown pages, post-build HTML pages and mkdocs.yml.

Nothing here touches the disk: `render_site` returns every file as text and `generator.build`
writes them. The security boundary of the whole site is here:

- every text that came from YAML reaches a page through Jinja with autoescape on, inside HTML
  blocks of the generated Markdown, so Markdown never re-interprets contributor text (a name
  like ``[x](javascript:…)`` stays text);
- Markdown written by contributors (stories, campaign bodies) is rendered with python-markdown
  and then sanitised with nh3 against a short allow-list of tags, attributes and URL schemes;
- MkDocs and Material print ``page.meta.title``, ``page.meta.description`` and several config
  values without escaping, so those are written already HTML-escaped (so are the link-preview
  tags, ``social_meta``); photo alt texts go through ``picture_html``, which escapes them.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import hashlib
import html
import math
import os
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import jinja2
import markdown
import nh3
import yaml
from markdown.extensions.toc import TocExtension
from markupsafe import Markup

from generator.adminunits import COMMUNE, NEW_ERA, OLD_ERA, AdminUnits, Unit
from generator.charts import TEMPLATE_GLOBALS as CHART_GLOBALS
from generator.charts import campaign_timeline
from generator.clusterfigures import CLUSTERS_PATH, cluster_path, clusters_of_profiles
from generator.documents import CLUSTER_KINDS, SECTORS, TARGET_GROUPS, Campaign, Proposal
from generator.images import (
    DEFAULT_SIZES,
    SITE_CARD_SLUG,
    ImageResult,
    PhotoSet,
    picture_html,
    placeholder_svg,
    published_photos,
)
from generator.linkeddata import (
    campaign_jsonld,
    campaign_lastmod,
    entry_lastmod,
    profile_jsonld,
    script_json,
)
from generator.markdownguard import check_markdown
from generator.model import (
    DECISION_API,
    DECISION_KIND_WORDS,
    KIND_NAMES,
    KIND_ROLLS,
    Entry,
    ResolvedAward,
    Site,
    award_sort_key,
)
from generator.share import facebook_share_url, qr_svg
from generator.statistics import (
    CSV_FILE,
    CSV_FILE_EN,
    FOREIGN,
    NO_PLACE,
    PLACE_ROLLS,
    STATISTICS_PATH,
    SiteStatistics,
    compute_statistics,
    iter_statistics_rolls,
    statistics_csv,
)
from generator.vntext import collation_key, slugify

PROPOSAL_NOTICE = "Đang lấy ý kiến nhân dân, chưa phải quyết định khen thưởng"
# The same note where the page may be read after the window (its status line says which).
NOT_DECIDED = "Đề nghị khen thưởng, chưa phải quyết định khen thưởng"
KIND_ROLL_TITLES = {
    "individual": "Cá nhân tiêu biểu",
    "collective": "Tập thể tiêu biểu",
    "model": "Mô hình tiêu biểu",
    "household": "Hộ gia đình tiêu biểu",
}
CAMPAIGN_STATUS = {
    "planned": "Sắp triển khai",
    "active": "Đang triển khai",
    "completed": "Đã tổng kết",
}
CAMPAIGN_LEVEL = {
    "national": "Toàn quốc",
    "ministry": "Bộ, ngành",
    "province": "Tỉnh, thành phố",
    "commune": "Xã, phường",
    "organisation": "Cơ quan, đơn vị",
}
MILESTONE_NAMES = {
    "phat-dong": "Phát động",
    "so-ket": "Sơ kết",
    "tong-ket": "Tổng kết",
    "bao-cao": "Hạn báo cáo",
    "khac": "Mốc khác",
}
LATEST_COUNT = 8
# The portrait beside a profile's name is 12rem wide (vinhdanh.css): 240px, 264px from 100em
# and 288px from 125em, where Material enlarges the root font.
PORTRAIT_SIZES = "(min-width: 125em) 288px, (min-width: 100em) 264px, 240px"
PLACEHOLDER_SIZE = (320, 400)
THUMBNAIL_SIZE = (64, 80)

# What contributor Markdown may keep after rendering: text structure and plain links only.
# No images (photos come only from `photos:`, with consent and credit), no style, no forms,
# no frames.
_STORY_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "blockquote", "ul", "ol", "li",
    "a", "code", "pre", "h3", "h4", "h5", "h6",
}  # fmt: skip
_BODY_TAGS = _STORY_TAGS | {"h2", "table", "thead", "tbody", "tr", "th", "td"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_ALLOWED_SCHEMES = {"http", "https", "mailto"}
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
# C0 controls other than tab and newline: python-markdown uses \x02 and \x03 to mark its own
# placeholders, so contributor text must never carry them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_SAFE_URL_CHARS = ":/?#[]@!$&()*+,;=%~"


def toc_slugify(value: str, separator: str) -> str:
    """Heading ids for python-markdown's toc: Vietnamese-aware ("đ" → "d"), ASCII only."""
    return slugify(value).replace("-", separator)


def heading_id(title: str) -> str:
    """The id Markdown's toc gives a `## title` heading (for links written in templates)."""
    return toc_slugify(title, "-")


def clean_text(value: object) -> object:
    """Jinja `finalize`: drop control characters from every text a template prints."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROLS.sub("", value)
    return value


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        # Heading anchors only, in the toc slug alphabet: no clobbering of page ids.
        return value if tag in _HEADINGS and _SAFE_ID.match(value) else None
    return value


_converters = threading.local()
# Sanitised HTML by (text, headings): pages, open data and search all need each story, and
# render_site empties it so it holds one build's texts at most.
_sanitised: dict[tuple[str, bool], Markup] = {}


def _converter(headings: bool) -> markdown.Markdown:
    """This thread's python-markdown instance (building one costs as much as a conversion)."""
    key = "headings" if headings else "story"
    md: markdown.Markdown | None = getattr(_converters, key, None)
    if md is None:
        extensions: list[Any] = ["sane_lists"]
        if headings:
            extensions += ["tables", TocExtension(slugify=toc_slugify)]
        md = markdown.Markdown(extensions=extensions)
        setattr(_converters, key, md)
    return md


def sanitise_markdown(text: str, *, headings: bool = False) -> Markup:
    """Contributor Markdown → HTML that keeps only safe tags, attributes and URL schemes."""
    found = _sanitised.get((text, headings))
    if found is not None:
        return found
    # Refused by `vinhdanh check` already; here so that no caller converts an unbounded text.
    check_markdown(text)
    rendered = _converter(headings).reset().convert(_CONTROLS.sub("", text))
    cleaned = nh3.clean(
        rendered,
        tags=_BODY_TAGS if headings else _STORY_TAGS,
        attributes={"a": {"href", "title"}, **{h: {"id"} for h in _HEADINGS}},
        attribute_filter=_filter_attribute,
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    _sanitised[(text, headings)] = Markup(cleaned)
    return _sanitised[(text, headings)]


def escape_text(value: str) -> str:
    """HTML-escape a text MkDocs or Material prints unescaped (titles, descriptions)."""
    return html.escape(_SPACES.sub(" ", _CONTROLS.sub("", value)).strip(), quote=True)


def safe_http_url(value: str | None) -> str | None:
    """An http(s) URL with every character that could leave an attribute percent-encoded."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(value.strip(), safe=_SAFE_URL_CHARS)


# --- URLs -------------------------------------------------------------------------------------


def profile_path(slug: str) -> str:
    """Site path of a profile page."""
    return f"ho-so/{slug}/"


def campaign_path(slug: str) -> str:
    """Site path of a campaign page."""
    return f"phong-trao/{slug}/"


DECISIONS_PATH = "quyet-dinh/"
PROPOSALS_PATH = "lay-y-kien/"


def proposal_path(entry: Entry, proposal: Proposal) -> str:
    """Site path of a proposal's public-comment page ("lay-y-kien/<slug>-<award>/")."""
    same = sum(p.award == proposal.award for p in entry.shown_proposals)
    # One person proposed twice for one award (a later round): the window tells them apart.
    suffix = f"-{proposal.window_start:%Y%m%d}" if same > 1 else ""
    return f"{PROPOSALS_PATH}{entry.slug}-{proposal.award}{suffix}/"


def decision_path(slug: str) -> str:
    """Site path of a decision's page (a decision honouring many, generator.model)."""
    return f"{DECISIONS_PATH}{slug}/"


def decision_api_path(slug: str) -> str:
    """Site path of a decision's JSON document in the open-data API."""
    return f"{DECISION_API}{slug}.json"


def absolute_url(site_url: str, path: str) -> str:
    """Absolute URL of site path `path` under the configured address ("/path" if unusable)."""
    base = safe_http_url(site_url)
    return (base.rstrip("/") + "/" if base else "/") + path


def own_dates(site: Site, today: dt.date) -> dict[str, str]:
    """The sitemap's <lastmod> of profiles and campaigns by site path: each one's own latest
    date (generator.linkeddata), never the build day."""
    dates = {
        profile_path(e.slug): d.isoformat()
        for e in site.published()
        if (d := entry_lastmod(e)) is not None
    }
    for slug, (campaign, _doc) in site.campaigns.items():
        dates[campaign_path(slug)] = campaign_lastmod(campaign, today).isoformat()
    return dates


def profile_api_path(slug: str) -> str:
    """Site path of a profile's JSON document in the open-data API (generator.opendata)."""
    return f"api/v1/profiles/{slug}.json"


def press_kit_path(slug: str) -> str:
    """Site path of a profile's press kit, a ZIP made by generator.opendata."""
    return f"bao-chi/{slug}.zip"


def has_press_kit(entry: Entry) -> bool:
    """Whether a profile has a press kit: only with consented photos, which it carries at full
    size with their credits. Without one the kit was the page's text and the API document over
    again, a file per profile (issue #21, the output budget); the page and the JSON remain."""
    return bool(entry.public_photos)


def campaign_feed_path(slug: str) -> str:
    """Site path of a campaign's Atom feed."""
    return f"feeds/phong-trao/{slug}.xml"


SITE_FEED_PATH = "feeds/vinh-danh.xml"


def page_path(base: str, number: int) -> str:
    """Site path of page `number` of a paginated listing ("…/trang-2/")."""
    return base if number == 1 else f"{base}trang-{number}/"


def relative_url(here: str, target: str) -> str:
    """Link from the page at site path `here` to the site path `target` (both "a/b/" form)."""
    here_parts = [p for p in here.split("/") if p]
    target_parts = [p for p in target.split("/") if p]
    common = 0
    while (
        common < min(len(here_parts), len(target_parts))
        and here_parts[common] == target_parts[common]
    ):
        common += 1
    ups = [".."] * (len(here_parts) - common)
    rel = "/".join(ups + target_parts[common:])
    if not rel:
        return "./"
    is_folder = target.endswith("/") or not target
    return rel + "/" if is_folder and not rel.endswith("/") else rel


def doc_file(path: str) -> str:
    """The Markdown file under docs/ that MkDocs serves at site path `path`."""
    return f"{path}index.md"


# --- facts about entries ----------------------------------------------------------------------


def vi_date(value: dt.date | None) -> str:
    """A date as Vietnamese readers write it: 10/05/2019."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


# What depends on the reader's day. The build writes these texts for its own "today" (what a
# reader without JavaScript sees, with "tính đến ngày dựng trang"); theme/assets/javascripts/
# time.js writes the same words for the reader's day from the dates the page carries.


def window_state(start: dt.date, end: dt.date, today: dt.date) -> str:
    """A comment window on `today`: "upcoming", "open" or "closed"."""
    return "upcoming" if today < start else "closed" if today > end else "open"


WINDOW_LABELS = {
    "upcoming": "Sắp lấy ý kiến nhân dân",
    "open": "Đang lấy ý kiến nhân dân",
    "closed": "Đã hết thời gian lấy ý kiến nhân dân",
}


def window_left(start: dt.date, end: dt.date, today: dt.date) -> str:
    """How far `today` is from a comment window: "còn 5 ngày, đến hết ngày 30/11/2026"."""
    state = window_state(start, end, today)
    if state == "upcoming":
        return f"bắt đầu từ ngày {vi_date(start)}, còn {(start - today).days} ngày nữa"
    if state == "closed":
        return f"đã kết thúc ngày {vi_date(end)}"
    left = (end - today).days + 1  # today counts: comments sent today are in time
    if left == 1:
        return f"hôm nay, {vi_date(end)}, là ngày cuối"
    return f"còn {left} ngày, đến hết ngày {vi_date(end)}"


def proposals_text(windows: Iterable[tuple[dt.date, dt.date]], today: dt.date) -> str:
    """The home page's line about proposals on `today` ("" when none is open or to open)."""
    states = [window_state(start, end, today) for start, end in windows]
    if "open" in states:
        return f"{states.count('open')} đề nghị khen thưởng đang lấy ý kiến nhân dân"
    if "upcoming" in states:
        return f"{states.count('upcoming')} đề nghị khen thưởng sắp lấy ý kiến nhân dân"
    return ""


def campaign_stage(start: dt.date, end: dt.date | None, today: dt.date) -> str:
    """Where a campaign's period stands on `today`: "đang diễn ra, còn 40 ngày"."""
    if today < start:
        return f"chưa bắt đầu (bắt đầu từ ngày {vi_date(start)})"
    if end is not None and today > end:
        return f"đã hết thời gian phong trào (kết thúc ngày {vi_date(end)})"
    if end is None:
        return "đang diễn ra"
    return f"đang diễn ra, còn {(end - today).days + 1} ngày (đến hết ngày {vi_date(end)})"


def current_proposals(site: Site, today: dt.date) -> list[tuple[Entry, Proposal]]:
    """Proposals whose window has not ended on `today`: open ones and those still to open.

    A static page outlives its build: a window that opens after the build day must already be
    on the page (with its dates) for the reader's browser to show it open on that day."""
    return site.open_proposals(today, upcoming=True)


def email_in(text: str | None) -> str | None:
    """The first e-mail address in a free text ("…, Hà Nội; gopy@example.vn"), if any."""
    for word in re.split(r"[\s,;:()]+", text or ""):
        word = word.strip(".")
        if _EMAIL.match(word):
            return word
    return None


def mailto(address: str, subject: str) -> str:
    """A mailto: link with a prefilled subject, every part percent-encoded."""
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"


def measure(value: float) -> str:
    """A measured figure in Vietnamese notation: "1.200", "98,5" (no trailing ",0")."""
    whole, _, decimals = f"{value:,.2f}".partition(".")
    text = whole.replace(",", ".")
    decimals = decimals.rstrip("0")
    return f"{text},{decimals}" if decimals else text


def quantity(value: float, unit: str) -> str:
    """A figure with its unit: "142 ghe", "1,8 tấn/tháng", "96%" (no space before %)."""
    return f"{measure(value)}{'' if unit == '%' else ' '}{unit}"


def model_recognised(entry: Entry) -> str:
    """Who recognised a model, for the roll: its recognitions, else the issuer and year of its
    highest award (a decision is a recognition too); "" when neither is known."""
    if entry.practice is not None and entry.practice.recognitions:
        return entry.practice.recognised_text
    best = entry.top_award
    if best is None:
        return ""
    issuer = best.record.issuer or best.display
    return f"{issuer} ({best.record.year})"


def tel(phone: str) -> str | None:
    """A tel: link of a phone number as written ("024 0000 0000 (…)"), None if none."""
    digits = re.sub(r"[^\d+]", "", phone.split("(")[0])
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 6 else None


FACT_LABELS = {
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "health": "Sức khỏe",
    "address": "Địa chỉ",
}


def public_facts(entry: Entry) -> list[tuple[str, str]]:
    """Consented sensitive facts as (label, text) for the profile page."""
    facts = entry.consented_facts
    if "birth_date" in facts:
        facts.pop("birth_year", None)  # the full date says more than the year
    return [
        (FACT_LABELS[key], vi_date(value) if isinstance(value, dt.date) else str(value))
        for key, value in facts.items()
    ]


# --- listings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a listing: an entry, and for award rolls the award it is listed for."""

    entry: Entry
    award: ResolvedAward | None = None


@dataclass
class Roll:
    """A listing of published entries, paginated under `path`."""

    path: str
    title: str
    group: str  # heading of the group in the rolls index
    kind: Literal["people", "awards", "models"]  # "models": the mô hình roll's own columns
    rows: list[Row] = field(default_factory=list)
    intro: str = ""
    parents: tuple[tuple[str, str], ...] = ()  # (path, title) breadcrumbs between index and roll
    listed: bool = True  # shown in the rolls index (commune rolls are reached from provinces)
    communes: list[CommuneGroup] = field(default_factory=list)  # province rolls only
    unplaced: int = 0  # province rolls: entries recorded without a commune
    # The roll whose workbook this roll's page offers, when not its own: a commune roll
    # offers its province's (which has the commune's columns to filter on). A workbook per
    # commune was a file per profile at 1,000 profiles (issue #21, the output budget).
    workbook_of: tuple[str, str] | None = None  # (path, title)

    @property
    def workbook(self) -> str:
        """Site path of the roll's workbook: "danh-sach/nam/2024/vinh-danh-nam-2024.xlsx"."""
        path = self.workbook_of[0] if self.workbook_of else self.path
        # A dotted name: never a slug, so never a page's folder.
        name = path.strip("/").removeprefix("danh-sach").strip("/").replace("/", "-")
        return f"{path}vinh-danh-{name or 'tat-ca'}.xlsx"

    @property
    def former_index(self) -> list[tuple[FormerUnit, CommuneGroup]]:
        """Every pre-reform commune of the province's communes, by old name, with today's."""
        pairs = [(former, group) for group in self.communes for former in group.former]
        return sorted(
            pairs, key=lambda p: (collation_key(p[0].name), collation_key(p[0].text), p[1].path)
        )

    def pages(self, size: int) -> list[list[Row]]:
        """The rows cut into pages of `size` (at least one page, maybe empty)."""
        count = max(1, math.ceil(len(self.rows) / size))
        return [self.rows[i * size : (i + 1) * size] for i in range(count)]


PROVINCE_INDEX_PATH = "danh-sach/tinh/"
PROVINCE_INDEX_TITLE = "Tỉnh, thành phố"


def unit_in_text(unit: Unit) -> str:
    """A unit's name as written inside a sentence: "xã Triệu Thành", "thành phố Huế"."""
    return unit.full_name[:1].lower() + unit.full_name[1:]


@dataclass(frozen=True)
class FormerUnit:
    """A pre-reform commune that is now, wholly or in part, inside one of today's communes."""

    text: str  # "xã Triệu Thành, huyện Triệu Phong" (old province added when it differs)
    partial: bool  # split: only part of it went into this commune
    name: str  # the bare name, for sorting: "Triệu Thành"


@dataclass
class CommuneGroup:
    """Today's commune in a province roll: its own roll, its entries, its former units."""

    unit: Unit
    path: str
    count: int
    former: list[FormerUnit]

    @property
    def text(self) -> str:
        """Today's commune as written inside a sentence ("xã Triệu Phong")."""
        return unit_in_text(self.unit)


def _predecessors(admin: AdminUnits) -> dict[str, list[Unit]]:
    """Today's commune code -> the pre-reform communes that went (wholly or partly) into it."""
    found: dict[str, list[Unit]] = defaultdict(list)
    for unit in admin.units(OLD_ERA, COMMUNE):
        for code in unit.successors:
            found[code].append(unit)
    return found


def _former_unit(admin: AdminUnits, old: Unit, province: Unit) -> FormerUnit:
    """How a pre-reform commune is named on today's province page."""
    parts = [unit_in_text(old)]
    ancestors = admin.ancestors(old)  # district, then province
    parts += [unit_in_text(u) for u in ancestors if u.level == 2]
    if ancestors and ancestors[-1].name != province.name:
        parts.append(unit_in_text(ancestors[-1]))  # merged province: "tỉnh Quảng Bình"
    return FormerUnit(", ".join(parts), old.partial, old.name)


def iter_province_rolls(site: Site, published: list[Entry]) -> Iterator[Roll]:
    """Today's provinces with entries, each followed by the rolls of its communes.

    A province roll also lists its communes that have entries and the pre-2025 communes they
    replaced ("xã Triệu Thành, huyện Triệu Phong (nay là xã Triệu Phong)"), so a reader who
    knows an old place name reaches today's unit. An entry whose old commune was split is
    filed under each of today's communes it went into.
    """
    by_province: dict[str, list[Row]] = defaultdict(list)
    provinces: dict[str, Unit] = {}
    for entry in published:
        province = entry.locality.current_province
        if province is not None:
            by_province[slugify(province.name)].append(Row(entry))
            provinces[slugify(province.name)] = province
    predecessors = _predecessors(site.admin)
    # By name, not by full name: "Thành phố Cần Thơ" files under C, not under "Thành phố".
    for slug in sorted(by_province, key=lambda s: collation_key(provinces[s].name)):
        province = provinces[slug]
        base = f"{PROVINCE_INDEX_PATH}{slug}/"
        parents = ((PROVINCE_INDEX_PATH, PROVINCE_INDEX_TITLE),)
        by_commune: dict[str, list[Row]] = defaultdict(list)
        communes: dict[str, Unit] = {}
        unplaced = 0
        for row in by_province[slug]:
            today = [u for u in row.entry.locality.current_units if u.level == COMMUNE]
            unplaced += not today
            for unit in today:
                by_commune[unit.code].append(row)
                communes[unit.code] = unit
        ordered = sorted(communes.values(), key=lambda u: (collation_key(u.name), u.code))
        names = [slugify(u.full_name) for u in ordered]
        groups: list[CommuneGroup] = []
        commune_rolls: list[Roll] = []
        for unit, name in zip(ordered, names, strict=True):
            # Two communes of one province with the same name keep apart by their code.
            path = f"{base}{name}/" if names.count(name) == 1 else f"{base}{name}-{unit.code}/"
            former = sorted(
                (_former_unit(site.admin, old, province) for old in predecessors[unit.code]),
                key=lambda f: (collation_key(f.name), collation_key(f.text)),
            )
            groups.append(CommuneGroup(unit, path, len(by_commune[unit.code]), former))
            intro = "Theo đơn vị hành chính hiện nay (sau sắp xếp năm 2025)."
            if former:
                intro += " Trước ngày 01/07/2025 gồm: " + "; ".join(
                    f.text + (" (một phần)" if f.partial else "") for f in former
                )
                intro += "."
            commune_rolls.append(
                Roll(
                    path,
                    f"{unit.full_name}, {province.full_name}",
                    "Theo xã, phường (hiện nay)",
                    "people",
                    by_commune[unit.code],
                    intro=intro,
                    parents=(*parents, (base, province.full_name)),
                    listed=False,
                    workbook_of=(base, province.full_name),
                )
            )
        yield Roll(
            base,
            province.full_name,
            "Theo tỉnh, thành phố (hiện nay)",
            "people",
            by_province[slug],
            intro="Theo đơn vị hành chính hiện nay (sau sắp xếp năm 2025).",
            parents=parents,
            communes=groups,
            unplaced=unplaced,
        )
        yield from commune_rolls


PLACE_ROLL_GROUP = "Theo địa phương"
PLACE_ROLL_INTROS = {
    NO_PLACE: "Hồ sơ mà quyết định, danh sách gốc không ghi nơi nào: không xếp vào tỉnh, "
    "thành phố nào và được thống kê riêng. Nếu biết nơi của người, tập thể trong danh sách, "
    "xin báo cho ban biên tập.",
    FOREIGN: "Người, tập thể nước ngoài được khen thưởng, với nước của họ: không xếp vào tỉnh, "
    "thành phố nào và được thống kê riêng.",
}


def iter_place_rolls(published: list[Entry]) -> Iterator[Roll]:
    """The entries no province roll lists: those whose place is unknown, and foreigners."""
    forms = {NO_PLACE: "unknown", FOREIGN: "foreign"}
    for key, (path, title) in PLACE_ROLLS.items():
        rows = [Row(e) for e in published if e.locality.form == forms[key]]
        if rows:
            yield Roll(path, title, PLACE_ROLL_GROUP, "people", rows, intro=PLACE_ROLL_INTROS[key])


def place_roll_counts(published: list[Entry]) -> list[tuple[str, int, str]]:
    """(title, entries, roll path) of the rolls outside the provinces that have entries."""
    return [(r.title, len(r.rows), r.path) for r in iter_place_rolls(published)]


def province_counts(site: Site, published: list[Entry]) -> list[tuple[Unit, int, str | None]]:
    """All of today's provinces in name order: (province, entries, roll path or None if 0)."""
    counts: dict[str, int] = defaultdict(int)
    for entry in published:
        if entry.locality.current_province is not None:
            counts[entry.locality.current_province.code] += 1
    return [
        (
            unit,
            counts[unit.code],
            f"{PROVINCE_INDEX_PATH}{slugify(unit.name)}/" if counts[unit.code] else None,
        )
        for unit in sorted(site.admin.provinces(NEW_ERA), key=lambda u: collation_key(u.name))
    ]


def iter_rolls(site: Site) -> Iterator[Roll]:
    """Every listing of the site: by kind, award, province, year, campaign, sector, group."""
    published = site.published()  # already in Vietnamese name order

    for kind, slug in KIND_ROLLS.items():
        rows = [Row(e) for e in published if e.profile.kind == kind]
        # Models list what a reader copies: the problem, where copied, who recognised it.
        layout: Literal["people", "models"] = "models" if kind == "model" else "people"
        yield Roll(f"danh-sach/{slug}/", KIND_ROLL_TITLES[kind], "Theo loại", layout, rows)

    award_rows: list[Row] = [Row(e, a) for e in published for a in e.active_awards]

    def by_award_rank(rows: Iterable[Row]) -> list[Row]:
        return sorted(
            rows,
            key=lambda r: (
                (award_sort_key(site.taxonomy, r.award.record), r.entry.sort_key)
                if r.award is not None
                else ()
            ),
        )

    by_award: dict[str, list[Row]] = defaultdict(list)
    by_year: dict[int, list[Row]] = defaultdict(list)
    for row in award_rows:
        assert row.award is not None
        by_award[row.award.record.award].append(row)
        by_year[row.award.record.year].append(row)
    for award in site.taxonomy:  # highest precedence first
        if award.id in by_award:
            yield Roll(
                f"danh-sach/danh-hieu/{award.id}/",
                award.name_on(None),
                "Theo danh hiệu",
                "awards",
                by_award_rank(by_award[award.id]),
            )

    yield from iter_province_rolls(site, published)
    yield from iter_place_rolls(published)

    for year in sorted(by_year, reverse=True):
        yield Roll(
            f"danh-sach/nam/{year}/",
            f"Khen thưởng năm {year}",
            "Theo năm",
            "awards",
            by_award_rank(by_year[year]),
        )

    # One pass over the entries for the campaign, sector and target-group rolls (a pass per
    # roll took 0.5 s at 10,000 profiles).
    by_campaign: dict[str, list[Row]] = defaultdict(list)
    by_sector: dict[str, list[Row]] = defaultdict(list)
    by_group: dict[str, list[Row]] = defaultdict(list)
    for e in published:
        row = Row(e)
        for slug in dict.fromkeys(e.campaign_slugs):
            by_campaign[slug].append(row)
        if e.profile.sector is not None:
            by_sector[e.profile.sector].append(row)
        for group in dict.fromkeys(e.profile.target_groups):
            by_group[group].append(row)

    for slug, (campaign, _doc) in sorted(
        site.campaigns.items(), key=lambda kv: (-kv[1][0].start.toordinal(), kv[0])
    ):
        rows = by_campaign.get(slug, [])
        if rows:
            yield Roll(
                f"danh-sach/phong-trao/{slug}/",
                campaign.title,
                "Theo phong trào thi đua",
                "people",
                rows,
            )

    for sector, (name, _en) in SECTORS.items():
        rows = by_sector.get(sector, [])
        if rows:
            yield Roll(f"danh-sach/linh-vuc/{sector}/", name, "Theo lĩnh vực", "people", rows)

    for group, (name, _en) in TARGET_GROUPS.items():
        rows = by_group.get(group, [])
        if rows:
            yield Roll(f"danh-sach/doi-tuong/{group}/", name, "Theo đối tượng", "people", rows)

    # By work role and priority area: the rolls the statistics' shares link to.
    for path, title, heading, entries, intro in iter_statistics_rolls(site, published):
        yield Roll(path, title, heading, "people", [Row(e) for e in entries], intro=intro)


def pagination(current: int, total: int) -> list[int | None]:
    """Page numbers to link, None where a gap is shown: 1 … 4 5 [6] 7 8 … 20."""
    if total <= 9:
        return list(range(1, total + 1))
    keep = {1, 2, total - 1, total, *range(current - 2, current + 3)}
    shown: list[int | None] = []
    for number in range(1, total + 1):
        if number in keep:
            shown.append(number)
        elif shown and shown[-1] is not None:
            shown.append(None)
    return shown


# --- output -----------------------------------------------------------------------------------


@dataclass
class Rendered:
    """Everything the build writes: docs/ pages, post-build HTML files, mkdocs.yml."""

    docs: dict[str, str] = field(default_factory=dict)  # path under docs/ -> Markdown
    # Pages reused from the last build whose file in build/docs is still as it was written:
    # path under docs/ -> cache key. Their text is not held (nor read): the file stays.
    kept: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # every page the cache may keep: key
    extra: dict[str, str] = field(default_factory=dict)  # path under site/ -> HTML
    listings_reused: bool = False  # every page made from many entries kept (PageCache.listings)
    files: dict[str, bytes] = field(default_factory=dict)  # path under site/ -> open data
    # Open-data files left as they are in the output folder (PageCache.file_intact).
    files_kept: set[str] = field(default_factory=set)
    mkdocs_yml: str = ""


@dataclass
class PageCache:
    """Pages of an earlier build, reused while what they were rendered from is unchanged."""

    # The build sets `context`, a digest of what any page may read (the generator package, the
    # configuration, the campaigns, today), and `entries`, per slug a digest of what one entry
    # is made of (its source file and photos). A profile page reads its entry and the context;
    # a roll page its rows' entries, its own figures and the context: so are their keys made.
    # Every other page (home, campaigns, statistics, indexes) reads much of the site and is
    # always rendered. A template that starts reading something else must add it to its key;
    # tests/test_incremental.py compares incremental builds with clean ones.

    context: str = ""
    entries: dict[str, str] = field(default_factory=dict)
    # Per slug: (its `entries` digest, `listing_digest`): what pages made from many entries
    # read of it. With the same context and the same facts of every entry, those pages are
    # the last build's: kept as they are (the key, their keys, their post-build files).
    listing: dict[str, tuple[str, str]] = field(default_factory=dict)
    listings: str = ""
    listing_docs: dict[str, str] = field(default_factory=dict)
    listing_files: dict[str, bytes] = field(default_factory=dict)
    listing_extra: dict[str, str] = field(default_factory=dict)
    # docs/ path: (key, inode, size, mtime in ns) of the file written for it in build/docs.
    # A page is reused only while its file is still that one: no text is kept here.
    written: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)
    docs_dir: str = ""  # build/docs, where `written` is
    # Open data made from one entry: path -> (key, stamp of the file in `files_dir` from
    # `note_written`), or (key, bytes) of a part of a file (generator.opendata.CSV_CHUNK).
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    files_dir: str = ""
    # Search records, per slug: (key, SearchRecord.as_tuple()); saved apart, with marshal.
    records: dict[str, tuple[str, Any]] = field(default_factory=dict)
    reused: int = 0

    def record_written(self, rendered: Rendered) -> None:
        """Note the files of build/docs (`docs_dir`) the keyed pages of `rendered` are now in."""
        written: dict[str, tuple[str, int, int, int]] = {}
        for doc, key in rendered.keys.items():
            if doc in rendered.kept:
                written[doc] = self.written[doc]
            elif doc in rendered.docs:
                st = os.stat(os.path.join(self.docs_dir, doc))
                written[doc] = (key, st.st_ino, st.st_size, st.st_mtime_ns)
        self.written = written

    def file_intact(self, path: str, stamp: bytes) -> bool:
        """True if the open-data file at `path` is still the one `note_written` saw."""
        if not self.files_dir or not stamp:
            return False
        try:
            st = os.stat(os.path.join(self.files_dir, path))
        except OSError:
            return False
        return stamp == _file_stamp(st)

    def read_file(self, path: str) -> bytes:
        """The bytes of an open-data file in `files_dir`."""
        with open(os.path.join(self.files_dir, path), "rb") as handle:
            return handle.read()

    def note_written(self, paths: Iterable[str]) -> None:
        """Note where the open-data files at `paths` (under `files_dir`) now are."""
        for path in paths:
            found = self.files.get(path)
            if found is not None:
                st = os.stat(os.path.join(self.files_dir, path))
                self.files[path] = (found[0], _file_stamp(st))

    def entry_key(self, slug: str, *parts: str) -> str | None:
        """The key of something made from one entry, the context and `parts` (None: unknown)."""
        digest = self.entries.get(slug)
        if not self.context or digest is None:
            return None
        # One digest per entry, then `parts` as they are: 40,000 keys a build at scale.
        return "\0".join((_entry_base(self.context, digest), *parts))


# Fields of a profile read only by what is made from that one profile (its page, API document,
# press kit, search record) and by the feeds (made with the open data, not kept this way): no
# listing, index, statistic, campaign or home page reads them, so editing them keeps those
# (PageCache.listing). tests/test_incremental.py checks that changing them changes no such page.
OWN_PAGE_ONLY = frozenset({"summary", "story", "sources"})


def listing_digest(entry: Entry, *files: str) -> str:
    """A digest of an entry as pages made from many entries read it: its source without the
    fields of `OWN_PAGE_ONLY`, and `files` (its photos' digests)."""
    data = {k: v for k, v in entry.doc.data.items() if k not in OWN_PAGE_ONLY}
    return page_key(entry.relpath, repr(data), *files)


def listings_key(site: Site, cache: PageCache | None) -> str | None:
    """The key of every page and file made from many entries: from what they read of each
    entry (`listing_digest`), in the model's order, the decisions, and the context (None: no
    cache)."""
    if cache is None or not cache.context:
        return None
    facts = []
    for entry in site.entries:
        digest = cache.listing.get(entry.slug)
        if digest is None:
            return None
        facts.append(f"{entry.relpath}\0{digest[1]}")
    # Decisions are pages and figures of the listings: what they read is their source.
    facts += [f"{found.relpath}\0{found.doc.data!r}" for found in site.decisions]
    return page_key(cache.context, "listings", *facts)


def _file_stamp(st: os.stat_result) -> bytes:
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns}".encode()


@functools.lru_cache(maxsize=1 << 16)
def _entry_base(context: str, digest: str) -> str:
    return page_key(context, "entry", digest)


def page_key(*parts: str) -> str:
    """A cache key made of `parts`."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


# Where compiled templates are kept between builds (`compiled_templates`), if anywhere.
_compiled: list[Path] = []


@contextlib.contextmanager
def compiled_templates(folder: Path) -> Iterator[None]:
    """Environments made meanwhile keep their compiled templates in `folder` (0.2 s a build)."""
    folder.mkdir(parents=True, exist_ok=True)
    _compiled.append(folder)
    try:
        yield
    finally:
        _compiled.remove(folder)


def make_environment(
    autoescape: bool = True, finalize: Callable[[Any], Any] = clean_text
) -> jinja2.Environment:
    """The Jinja environment: packaged templates, autoescape everywhere (unless told: plain
    text out), strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=autoescape,  # the .md templates hold HTML blocks: escape there too
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    if _compiled:
        # Jinja keys compiled code by template and source only, not by these settings: one
        # folder per kind of environment.
        kind = f"{'html' if autoescape else 'text'}-{finalize.__name__}"
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_compiled[-1] / kind))
        (_compiled[-1] / kind).mkdir(exist_ok=True)
    env.filters["vi_date"] = vi_date
    env.filters["http_url"] = safe_http_url
    env.filters["heading_id"] = heading_id
    env.globals.update(
        profile_path=profile_path,
        campaign_path=campaign_path,
        decision_path=decision_path,
        cluster_path=cluster_path,
        clusters_path=CLUSTERS_PATH,
        cluster_kinds=CLUSTER_KINDS,
        kind_names=KIND_NAMES,
        kind_words=DECISION_KIND_WORDS,
        campaign_status=CAMPAIGN_STATUS,
        campaign_level=CAMPAIGN_LEVEL,
        milestone_names=MILESTONE_NAMES,
        sectors=SECTORS,
        target_groups=TARGET_GROUPS,
        notice=PROPOSAL_NOTICE,
        not_decided=NOT_DECIDED,
        is_email=lambda text: bool(_EMAIL.match(text)),
        proposal_path=proposal_path,
        window_state=window_state,
        window_labels=WINDOW_LABELS,
        window_left=window_left,
        proposals_text=proposals_text,
        campaign_stage=campaign_stage,
        email_in=email_in,
        mailto=mailto,
        tel=tel,
        measure=measure,
        quantity=quantity,
        model_recognised=model_recognised,
    )
    env.globals.update(
        absolute_url=absolute_url,
        press_kit_path=press_kit_path,
        profile_api_path=profile_api_path,
        has_press_kit=has_press_kit,
    )
    env.globals.update(CHART_GLOBALS)  # statistics: charts and number formats
    return env


def thumbnail_html(photo_set: PhotoSet, base_url: str, eager: bool = False) -> Markup:
    """A small decorative `<picture>` (a card's): the narrowest file of each type, lazy unless
    `eager` (a card on the first screen)."""
    sources = Markup("").join(
        Markup('<source type="{}" srcset="{}">').format(
            mime, photo_set.of_type(mime)[0].url(base_url)
        )
        for mime in photo_set.mimes[:-1]
    )
    img = photo_set.of_type(photo_set.mimes[-1])[0]
    # A lazy image on the first screen waits for layout before it is even requested, which
    # makes it the late "largest contentful paint" of the home page on a phone.
    loading = "" if eager else ' loading="lazy"'
    return Markup(
        '<picture class="vd-card__thumb">{}<img src="{}" width="{}" height="{}" alt=""'
        '{} decoding="async"></picture>'
    ).format(sources, img.url(base_url), img.width, img.height, Markup(loading))


# libyaml's emitter writes the same text as PyYAML's five times faster, except Unicode line
# breaks and characters beyond the BMP (emoji), which it escapes (tests/test_incremental.py).
_FRONT_MATTER_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_EMITTERS_DIFFER = re.compile("[\x85\u2028\u2029\U00010000-\U0010ffff]")


def _emitters_differ(value: object) -> bool:
    """True if a text in `value` holds what the two emitters write differently."""
    if isinstance(value, str):
        return _EMITTERS_DIFFER.search(value) is not None
    if isinstance(value, dict):
        return any(_emitters_differ(k) or _emitters_differ(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_emitters_differ(v) for v in value)
    return False


def front_matter(title: str, description: str | None = None, **extra: object) -> str:
    """YAML front matter with the title (and description) HTML-escaped for Material."""
    data: dict[str, object] = {"title": escape_text(title)}
    if description:
        data["description"] = escape_text(_SPACES.sub(" ", description)[:300])
    data.update(extra)
    dumper = yaml.SafeDumper if _emitters_differ(data) else _FRONT_MATTER_DUMPER
    dumped = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=True, width=10_000)
    return f"---\n{dumped}---\n\n"


class _Renderer:
    """Renders the pages of one site; holds what every page needs."""

    def __init__(
        self,
        site: Site,
        today: dt.date,
        images: ImageResult | None = None,
        cache: PageCache | None = None,
        more_listings: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self.site = site
        self.today = today
        self.more_listings = more_listings
        self.env = make_environment()
        self.published = site.published()
        self.by_slug = {e.slug: e for e in self.published}
        self.out = Rendered()
        self.images = images if images is not None else ImageResult()
        self.cache = cache
        self.keys = self.out.keys  # docs/ path -> key of the pages the cache may keep

    @functools.cached_property
    def stats(self) -> SiteStatistics:
        """Every figure of the site (not needed when the listings are reused)."""
        return compute_statistics(self.site, self.today, self.published)

    def key(self, kind: str, entries: Iterable[tuple[Entry, int]], *parts: str) -> str | None:
        """The cache key of a page reading `entries` (with an award index) and `parts`."""
        cache = self.cache
        if cache is None or not cache.context:
            return None
        digests = []
        for entry, award in entries:
            digest = cache.entries.get(entry.slug)
            if digest is None:
                return None
            digests.append(f"{digest}:{award}")
        return page_key(cache.context, kind, *parts, *digests)

    def reuse(self, path: str, key: str | None) -> bool:
        """Take the page at site path `path` from the cache if it was rendered under `key`."""
        if key is None or self.cache is None:
            return False
        doc = doc_file(path)
        self.keys[doc] = key
        found = self.cache.written.get(doc)
        if found is None or found[0] != key or not self.intact(doc, found):
            return False
        self.out.kept[doc] = key
        self.cache.reused += 1
        return True

    def intact(self, doc: str, found: tuple[str, int, int, int]) -> bool:
        """True if the file of `doc` in build/docs is still the one written (`found`)."""
        assert self.cache is not None
        try:
            st = os.stat(os.path.join(self.cache.docs_dir, doc))
        except OSError:
            return False
        return found[1:] == (st.st_ino, st.st_size, st.st_mtime_ns)  # else changed: again

    def context(self, here: str) -> dict[str, Any]:
        """What every template sees; `url` links relative to the page at `here`."""
        site = self.site

        def url(target: str) -> str:
            return relative_url(here, target)

        return {
            "here": here,
            "url": url,
            "site": site,
            "config": site.config,
            "today": self.today,
            "top_award": lambda e: e.top_award,
            "campaigns": site.campaigns,
            "thumbnail": lambda e, eager=False: self.thumbnail(e, here, eager),
        }

    def page(self, path: str, template: str, head: str, **values: Any) -> None:
        """Render one Markdown page served at site path `path`."""
        body = self.env.get_template(template).render(**self.context(path), **values)
        self.out.docs[doc_file(path)] = head + body

    def render(self) -> Rendered:
        """Every page, post-build page and mkdocs.yml."""
        for entry in self.published:
            self.render_profile(entry)
        for entry, proposal in current_proposals(self.site, self.today):
            self.render_proposal(entry, proposal)
        key = self.listings_key()
        if not self.reuse_listings(key):
            before = (set(self.out.docs), set(self.keys))
            self.render_listings()
            self.note_listings(key, *before)
        self.out.mkdocs_yml = render_mkdocs_config(self.site)
        return self.out

    def listings_key(self) -> str | None:
        """The key of every page made from many entries (`listings_key`)."""
        return listings_key(self.site, self.cache)

    def reuse_listings(self, key: str | None) -> bool:
        """Keep the listings of the last build if made under `key` and their files in
        build/docs are as they were written; False (nothing kept) otherwise."""
        cache = self.cache
        if cache is None or key is None or key != cache.listings:
            return False
        for doc, doc_key in cache.listing_docs.items():
            found = cache.written.get(doc)
            if found is None or found[0] != doc_key or not self.intact(doc, found):
                return False
        for doc, doc_key in cache.listing_docs.items():
            self.keys[doc] = self.out.kept[doc] = doc_key
        self.out.files.update(cache.listing_files)
        self.out.extra.update(cache.listing_extra)
        self.out.listings_reused = True
        return True

    def note_listings(self, key: str | None, docs: set[str], keys: set[str]) -> None:
        """Remember the listings just made under `key` (beside `docs` and `keys`, which were
        there before); pages without a key of their own get one from `key`."""
        cache = self.cache
        if cache is None or key is None:
            return
        made = {doc: self.keys[doc] for doc in self.keys.keys() - keys}
        for doc in self.out.docs.keys() - docs - made.keys():
            self.keys[doc] = made[doc] = page_key(key, doc)
        cache.listings = key
        cache.listing_docs = made
        cache.listing_files = dict(self.out.files)
        cache.listing_extra = dict(self.out.extra)

    def render_listings(self) -> None:
        """Everything but the profile pages: rolls, indexes, campaigns, statistics, home, the
        post-build pages (these read many entries, but never what `OWN_PAGE_ONLY` names)."""
        site = self.site
        rolls = list(iter_rolls(site))
        for roll in rolls:
            self.render_roll(roll)
        self.page(
            "danh-sach/",
            "rolls.md",
            front_matter("Danh sách vinh danh"),
            rolls=rolls,
            decision_count=len(site.decisions),
        )
        self.render_decisions()
        self.render_clusters()
        self.page(
            PROVINCE_INDEX_PATH,
            "provinces.md",
            front_matter("Vinh danh theo tỉnh, thành phố"),
            provinces=province_counts(site, self.published),
            others=place_roll_counts(self.published),
        )
        for slug, (campaign, doc) in site.campaigns.items():
            members = [e for e in self.published if slug in e.campaign_slugs]
            members_roll = next(
                (r for r in rolls if r.path == f"danh-sach/phong-trao/{slug}/"), None
            )
            self.page(
                campaign_path(slug),
                "campaign.md",
                front_matter(
                    campaign.title,
                    campaign.summary,
                    feed=campaign_feed_path(slug),
                    feed_title=escape_text(f"Phong trào: {campaign.title}"),
                    social_meta=self.social_meta(
                        campaign_path(slug),
                        "article",
                        campaign.title,
                        campaign.summary or f"Phát động: {campaign.launched_by}",
                        ("campaign", slug),
                        f"{campaign.title}, phát động: {campaign.launched_by}",
                    ),
                    jsonld=script_json(
                        campaign_jsonld(campaign, site.config, self.absolute, campaign_path(slug))
                    ),
                ),
                campaign=campaign,
                body=sanitise_markdown(doc.body, headings=True),
                members=members[: site.config.page_size],
                member_count=len(members),
                roll=members_roll,
                timeline=campaign_timeline(f"moc-{slug}", campaign, self.today),
                clusters=[c for c in site.clusters if slug in c.campaigns],
                campaign_stats=self.stats.campaigns.get(slug, []),
            )
        ordered = sorted(
            (c for c, _ in site.campaigns.values()),
            key=lambda c: (c.status != "active", -c.start.toordinal(), c.slug),
        )
        self.page(
            "phong-trao/",
            "campaigns.md",
            front_matter("Phong trào thi đua"),
            campaign_list=ordered,
            clusters=site.clusters,
        )
        proposals = current_proposals(site, self.today)
        self.page(
            PROPOSALS_PATH, "proposals.md", front_matter("Lấy ý kiến nhân dân"), proposals=proposals
        )
        self.out.docs[doc_file(ABOUT_PATH)] = render_about_page(self.site, self.today, self.env)
        self.render_statistics()
        self.render_home(ordered, proposals)
        self.render_post_build()
        if self.more_listings is not None:
            self.out.docs.update(self.more_listings())

    def render_decisions(self) -> None:
        """A page per decision honouring many, and their index (with the listings: a decision
        changes their key, `listings_key`)."""
        decisions = self.site.decisions
        for found in decisions:
            d = found.decision
            campaign = self.site.campaigns.get(d.campaign) if d.campaign else None
            self.page(
                decision_path(found.slug),
                "decision.md",
                front_matter(f"{found.title}: {found.subject}", found.subject),
                found=found,
                campaign=campaign[0] if campaign is not None else None,
                api_path=decision_api_path(found.slug),
            )
        if not decisions:
            return  # no index of nothing: the rolls index links it only when there are some
        self.page(
            DECISIONS_PATH,
            "decisions.md",
            front_matter("Quyết định khen thưởng theo danh sách"),
            decisions=decisions,
        )

    def render_clusters(self) -> None:
        """A page per emulation cluster or block, and their index (none without clusters)."""
        clusters = self.site.clusters
        for found in clusters:
            c = found.cluster
            self.page(
                cluster_path(found.slug),
                "cluster.md",
                front_matter(c.name, c.summary or f"{CLUSTER_KINDS[c.kind][0]}: {c.organiser}"),
                found=found,
            )
        if clusters:
            self.page(
                CLUSTERS_PATH, "clusters.md", front_matter("Cụm, khối thi đua"), clusters=clusters
            )

    @functools.cached_property
    def clusters_of(self) -> dict[str, list[tuple[str, str]]]:
        """Profile slug -> (path, name) of the clusters it is a member of."""
        return clusters_of_profiles(self.site.clusters)

    def render_profile(self, entry: Entry) -> None:
        """The page of one published entry."""
        profile = entry.profile
        roll = f"danh-sach/{KIND_ROLLS[profile.kind]}/"
        here = profile_path(entry.slug)
        if self.reuse(here, self.key("profile", [(entry, -1)], here)):
            return
        best = entry.top_award
        place = entry.locality.short_text()
        card_text = [entry.display_name, best.display if best is not None else "", place]
        social = self.social_meta(
            here,
            "article",
            entry.display_name,
            profile.summary or ", ".join(t for t in card_text[1:] if t),
            ("profile", entry.slug),
            ", ".join(t for t in card_text if t),
        )
        photos = published_photos(entry, self.images)
        facts = public_facts(entry)
        jsonld = profile_jsonld(
            entry,
            self.site.config,
            self.absolute,
            here,
            photos[0][1].fallback.path if photos else None,
            facts,
        )
        self.page(
            here,
            "profile.md",
            front_matter(
                entry.display_name,
                profile.summary,
                social_meta=social,
                jsonld=script_json(jsonld),
            ),
            entry=entry,
            photos=self.profile_photos(entry, here),
            placeholder=placeholder_svg(entry.display_name, entry.slug, *PLACEHOLDER_SIZE),
            profile=profile,
            awards=entry.shown_awards,
            facts=facts,
            qr=qr_svg(self.absolute(here), "Mã QR của địa chỉ cố định hồ sơ"),
            facebook_share=facebook_share_url(self.absolute(here)),
            story=sanitise_markdown(profile.story) if profile.story else None,
            member_of=[s for s in entry.campaign_slugs if s in self.site.campaigns],
            clusters=self.clusters_of.get(entry.slug, []),
            updated=entry.updated,
            roll_path=roll,
            roll_title=KIND_ROLL_TITLES[profile.kind],
            # Replications link by slug with the place as text: the page depends on its own
            # file only, so the page cache stays right when the linked profile changes.
            practice=entry.practice,
        )

    def render_proposal(self, entry: Entry, proposal: Proposal) -> None:
        """The public-comment page of one proposal: who, what they did, what they already
        hold, the award proposed and its legal basis, the window, where to send an opinion."""
        here = proposal_path(entry, proposal)
        index = str(entry.shown_proposals.index(proposal))
        if self.reuse(here, self.key("proposal", [(entry, -1)], here, index)):
            return
        award = self.site.taxonomy.get(proposal.award)
        name = award.display(proposal.award_class, proposal.window_start) if award else None
        award_name = name or proposal.award
        profile = entry.profile
        self.page(
            here,
            "proposal.md",
            # Out of search engines and the sitemap: a candidate's page lasts only as long as
            # the window (DOMAIN.md: the proposal leaves the site when the window closes).
            front_matter(
                f"Lấy ý kiến: {entry.display_name}",
                f"Đề nghị tặng {award_name}. {NOT_DECIDED}.",
                robots="noindex",
            ),
            entry=entry,
            profile=profile,
            proposal=proposal,
            award_name=award_name,
            rule=self.site.taxonomy.comment_rule(award, proposal.window_start) if award else None,
            photos=self.profile_photos(entry, here)[:1],
            placeholder=placeholder_svg(entry.display_name, entry.slug, *PLACEHOLDER_SIZE),
            awards=entry.shown_awards,
            subject=f"Góp ý về đề nghị tặng {award_name} cho {entry.display_name}",
        )

    def profile_photos(self, entry: Entry, here: str) -> list[dict[str, Any]]:
        """The entry's published photos as its page shows them; `picture` is escaped HTML."""
        base = relative_url(here, "")
        return [
            {
                # The portrait is on the first screen: fetched at once, first.
                "picture": picture_html(
                    photo_set,
                    photo.alt,
                    PORTRAIT_SIZES if i == 0 else DEFAULT_SIZES,
                    base,
                    eager=i == 0,
                ),
                "caption": photo.caption,
                "credit": photo.credit,
                "licence": photo.licence,
            }
            for i, (photo, photo_set) in enumerate(published_photos(entry, self.images))
        ]

    def thumbnail(self, entry: Entry, here: str, eager: bool = False) -> Markup:
        """A card's small picture: the smallest files of the first photo, else the initials."""
        found = published_photos(entry, self.images)
        if not found:
            # The name is the card's link right beside it: the initials are decoration.
            svg = placeholder_svg(entry.display_name, entry.slug, *THUMBNAIL_SIZE)
            return Markup('<span class="vd-card__thumb" aria-hidden="true">{}</span>').format(svg)
        return thumbnail_html(found[0][1], relative_url(here, ""), eager)

    def absolute(self, path: str) -> str:
        """The absolute URL of site path `path` under the configured address."""
        return absolute_url(self.site.config.site_url, path)

    def social_meta(
        self,
        here: str,
        kind: str,
        title: str,
        description: str | None,
        card: tuple[str, str],
        image_alt: str,
    ) -> list[list[str]]:
        """Open Graph and Twitter tags of a page, values HTML-escaped (MkDocs prints them raw)."""
        site_url = self.site.config.site_url
        if not safe_http_url(site_url):
            return []  # previews need absolute URLs
        tags = [
            ("og:type", kind),
            ("og:site_name", self.site.config.site_name),
            ("og:locale", "vi_VN"),
            ("og:title", title),
            ("og:url", absolute_url(site_url, here)),
        ]
        if description:
            tags.append(("og:description", _SPACES.sub(" ", description)[:300]))
        variant = self.images.cards.get(card)
        if variant is not None:
            tags += [
                ("og:image", absolute_url(site_url, variant.path)),
                ("og:image:width", str(variant.width)),
                ("og:image:height", str(variant.height)),
                ("og:image:type", variant.mime),
                ("og:image:alt", image_alt),
            ]
        # X (Twitter) reads og: tags too, but not for the card type; the rest is for clients
        # that read only twitter: tags.
        tags.append(("twitter:card", "summary_large_image" if variant else "summary"))
        tags += [
            (f"twitter:{name[3:]}", value)
            for name, value in tags
            if name in ("og:title", "og:description", "og:image", "og:image:alt")
        ]
        return [[name, escape_text(value)] for name, value in tags]

    def render_roll(self, roll: Roll) -> None:
        """Every page of one listing."""
        pages = roll.pages(self.site.config.page_size)
        about = repr((roll.path, roll.title, roll.group, roll.kind, roll.intro, roll.parents))
        first_page = (
            repr((roll.communes, roll.unplaced, self.province_stats(roll))) if self.cache else ""
        )
        for number, rows in enumerate(pages, start=1):
            path = page_path(roll.path, number)
            key = self.key(
                "roll",
                [(r.entry, r.entry.awards.index(r.award) if r.award else -1) for r in rows],
                about,
                f"{number}/{len(pages)}/{len(roll.rows)}",
                first_page if number == 1 else "",
            )
            if self.reuse(path, key):
                continue
            title = roll.title if number == 1 else f"{roll.title} (trang {number})"
            self.page(
                path,
                "roll.md",
                front_matter(title),
                roll=roll,
                rows=rows,
                number=number,
                total=len(pages),
                numbers=pagination(number, len(pages)),
                first=(number - 1) * self.site.config.page_size + 1,
                page_path=lambda n, base=roll.path: page_path(base, n),
                province_stats=self.province_stats(roll) if number == 1 else [],
            )

    def province_stats(self, roll: Roll) -> list[Any]:
        """The compact figures shown on the first page of a province roll (else none)."""
        prefix = "danh-sach/tinh/"
        if not roll.path.startswith(prefix):
            return []
        return self.stats.provinces.get(roll.path[len(prefix) :].strip("/"), [])

    def render_statistics(self) -> None:
        """The statistics page (generator.statistics, generator.charts) and its CSV."""
        self.page(
            STATISTICS_PATH,
            "statistics.md",
            front_matter(
                "Thống kê khen thưởng",
                "Khen thưởng đến với ai: theo cấp, năm, địa phương, phong trào, đối tượng; "
                "tỷ lệ người trực tiếp sản xuất và vùng biên giới, hải đảo, miền núi.",
                # The site's navigation stays; the page's own contents list replaces the
                # sidebar's (a phone never shows that one).
                hide=["toc"],
            ),
            stats=self.stats,
        )
        base = safe_http_url(self.site.config.site_url) or ""
        self.out.files[CSV_FILE] = statistics_csv(self.stats, base).encode("utf-8")
        self.out.files[CSV_FILE_EN] = statistics_csv(self.stats, base, english=True).encode()

    def render_home(
        self, campaign_list: list[Campaign], proposals: list[tuple[Entry, Proposal]]
    ) -> None:
        """The home page: what the roll is, counts, featured, campaigns, latest."""
        site = self.site
        featured = [self.by_slug[s] for s in site.config.featured if s in self.by_slug]
        latest = sorted(
            self.published,
            key=lambda e: (-(e.updated or dt.date.min).toordinal(), e.sort_key),
        )[:LATEST_COUNT]
        counts = {
            "individual": sum(e.profile.kind == "individual" for e in self.published),
            "collective": sum(e.profile.kind in ("collective", "model") for e in self.published),
            "household": sum(e.profile.kind == "household" for e in self.published),
            "awards": sum(len(e.active_awards) for e in self.published),
            "campaigns": len(site.campaigns),
            "provinces": len({e.locality.province_slug for e in self.published} - {None}),
        }
        self.page(
            "",
            "home.md",
            front_matter(
                site.config.site_name,
                site.config.site_description,
                hide=["toc"],  # the site's navigation stays, as on every page
                social_meta=self.social_meta(
                    "",
                    "website",
                    site.config.site_name,
                    site.config.site_description,
                    ("site", SITE_CARD_SLUG),
                    f"{site.config.site_name}, {site.config.owner}",
                ),
            ),
            featured=featured,
            latest=latest,
            counts=counts,
            active=[c for c in campaign_list if c.status == "active"],
            has_models=any(e.profile.kind == "model" for e in self.published),
            proposals=proposals,
            proposals_line=proposals_text(
                ((p.window_start, p.window_end) for _e, p in proposals), self.today
            ),
        )

    def render_post_build(self) -> None:
        """Redirects for former slugs and "withdrawn" pages: plain HTML added after MkDocs."""
        site = self.site
        redirect = self.env.get_template("redirect.html")
        withdrawn = self.env.get_template("withdrawn.html")
        base = safe_http_url(site.config.site_url) or ""
        taken = {e.slug for e in site.entries}
        for entry in sorted(site.entries, key=lambda e: e.slug):
            status = entry.profile.status
            if status == "published":
                target = profile_path(entry.slug)
                for old in entry.profile.former_slugs:
                    here = profile_path(old)
                    if old in taken or f"{here}index.html" in self.out.extra:
                        continue
                    self.out.extra[f"{here}index.html"] = redirect.render(
                        **self.context(here),
                        target=target,
                        canonical=base.rstrip("/") + "/" + target if base else "",
                    )
            elif status == "withdrawn" and (
                entry.profile.withdrawal is None or entry.profile.withdrawal.tombstone
            ):
                # Without a tombstone the name's URL answers 404: its page would confirm that
                # this named person was once on the roll.
                for slug in [entry.slug, *entry.profile.former_slugs]:
                    here = profile_path(slug)
                    if slug != entry.slug and slug in taken:
                        continue
                    self.out.extra[f"{here}index.html"] = withdrawn.render(
                        **self.context(here),
                        withdrawal=entry.profile.withdrawal,
                    )


ABOUT_PATH = "gioi-thieu/"


def render_about_page(site: Site, today: dt.date, env: jinja2.Environment | None = None) -> str:
    """The about page's Markdown: it reads the configuration only."""
    # On its own because the search records (started before the other pages) index its text.
    env = env if env is not None else make_environment()

    def url(target: str) -> str:
        return relative_url(ABOUT_PATH, target)

    body = env.get_template("about.md").render(
        here=ABOUT_PATH, url=url, site=site, config=site.config, today=today
    )
    return front_matter("Giới thiệu") + body


def render_site(
    site: Site,
    today: dt.date,
    images: ImageResult | None = None,
    cache: PageCache | None = None,
    more_listings: Callable[[], dict[str, str]] | None = None,
) -> Rendered:
    """Render every page of the site as it stands on `today` (no file is written here)."""
    # With `cache`, pages whose key is unchanged are taken from it, and it is updated.
    # Without `images` (the images stage's result) pages show initials and no link preview.
    # `more_listings` makes other pages (docs path -> Markdown) that read many entries but
    # none of `OWN_PAGE_ONLY`: kept with the listings (the search page and its facets).
    _sanitised.clear()  # one build's stories at a time
    return _Renderer(site, today, images, cache, more_listings).render()


# --- mkdocs.yml -------------------------------------------------------------------------------


class _PythonName:
    """A `!!python/name:` reference in mkdocs.yml (MkDocs' loader resolves it)."""

    def __init__(self, name: str) -> None:
        self.name = name


class _ConfigDumper(yaml.SafeDumper):
    """A safe dumper that can also write `!!python/name:` references."""


def _represent_python_name(dumper: yaml.SafeDumper, value: _PythonName) -> yaml.ScalarNode:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.name}", "")


_ConfigDumper.add_representer(_PythonName, _represent_python_name)

DATA_PAGE = "du-lieu/"  # the open data's page (generator.opendata)

NAV = [
    {"Trang chủ": "index.md"},
    {"Tìm kiếm": "tim-kiem/index.md"},  # generator.search; in the nav so every page links it
    {"Phong trào thi đua": "phong-trao/index.md"},
    {"Danh sách vinh danh": "danh-sach/index.md"},
    {"Thống kê": "thong-ke/index.md"},  # generator.statistics
    {"Lấy ý kiến": "lay-y-kien/index.md"},
    {"Giới thiệu": "gioi-thieu/index.md"},
    {"Dữ liệu mở": "du-lieu/index.md"},  # written by generator.opendata
]
# gitignore-style: everything reached through listings rather than the nav.
NOT_IN_NAV = "/ho-so/\n/phong-trao/*/\n/danh-sach/*/\n/quyet-dinh/\n/lay-y-kien/*/\n"
# Material's colour schemes: the reader's system preference picks one, the header's toggle
# (partials/palette.html, named in Vietnamese) switches and remembers it. Each toggle names the
# scheme it switches *to*. Dark-mode colours of our own blocks: theme/assets/stylesheets.
PALETTE: list[dict[str, Any]] = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": "Chuyển sang giao diện tối"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": "Chuyển sang giao diện sáng"},
    },
]


def mkdocs_config(site: Site) -> dict[str, Any]:
    """The MkDocs configuration derived from site_config.yml (values Material prints raw are
    escaped)."""
    config = site.config
    owner = escape_text(config.owner)
    licence = escape_text(config.data_licence.name)
    extra: dict[str, Any] = {
        "generator": False,
        "illustrative": config.illustrative,
        "feed": {"path": SITE_FEED_PATH, "title": f"{escape_text(config.site_name)} (Atom)"},
    }
    return {
        "site_name": escape_text(config.site_name),
        "site_url": safe_http_url(config.site_url) or "",
        "site_description": escape_text(config.site_description),
        "site_author": owner,
        "copyright": f"© {owner} · Dữ liệu: {licence}"
        + (
            f" · Nội dung: {escape_text(config.content_licence.name)}"
            if config.content_licence is not None
            else ""
        ),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": "vi",
            "font": False,
            "custom_dir": "overrides",
            "features": ["navigation.top"],
            # A copy: whoever changes the returned config must not change the next one.
            "palette": copy.deepcopy(PALETTE),
        },
        "plugins": [],
        "nav": NAV,
        "not_in_nav": NOT_IN_NAV,
        "markdown_extensions": [
            {
                "toc": {
                    "slugify": _PythonName("generator.render.toc_slugify"),
                    "permalink": True,
                    "permalink_title": "Liên kết đến mục này",
                }
            },
            "attr_list",
            "md_in_html",
            "tables",
        ],
        "extra": extra,
    }


def render_mkdocs_config(site: Site) -> str:
    """mkdocs.yml text; generated, never hand-written."""
    head = "# Generated by `vinhdanh build` from site_config.yml; edits here are overwritten.\n"
    body = yaml.dump(
        mkdocs_config(site),
        Dumper=_ConfigDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return head + body
