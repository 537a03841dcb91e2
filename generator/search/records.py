"""Search stage: a chunked Pagefind index written from the Site model, not scraped from HTML.

Readers type names without diacritics on a phone, so the index is built for that:

- one small record per published profile, campaign and editorial page, holding only what a
  reader searches for (names and their other spellings, position, unit, places then and now,
  awards and years, campaigns, summary, citations); never a sensitive or non-consented field,
  never a proposed or withdrawn entry. Whole pages are not indexed: smaller chunks, fewer bytes
  per query, a faster build;
- records are tiny synthetic HTML documents, because only HTML carries Pagefind's per-element
  weights (``data-pagefind-weight``): a name (weight 10) beats a passing mention (weight 1);
- language "vi": Pagefind has no Vietnamese stemmer (none is wanted) and folds diacritics
  itself (NFD, marks dropped) while ranking exact-diacritic matches higher. It does not fold
  "đ", which has no decomposition, so each record also lists its words with "đ" folded
  ("Đặng" → "dang"); names also get the old and new tone placements ("Hòa"/"Hoà"). The front
  end (theme/assets/javascripts/search.js) re-ranks the head of the results: names before
  mentions, the reader's own diacritics first, phrases;
- those other spellings and folded words end the record (its "tail", counted in the meta
  field `tail`): the front end cuts excerpts from the text before it, so a reader sees
  "Đặng Quốc Bảo", never "dang quoc bao. dong hcld";
- Pagefind loads one index chunk per typed word, so a prefix ("la") misses the words it
  starts in the next chunks ("lan"): `chunks.json` gives the chunks' key ranges, and the
  front end preloads the ones a prefix may reach (generator.search.bundle);
- awards carry their usual abbreviations ("HCLĐ", "CSTĐ", "BK"), from the importer's table
  (`awardnames.ABBREVIATIONS`): one table reads department rolls and readers' queries;
- filters (facets) and sort keys come from the model: Vietnamese name order is a zero-padded
  rank from ``Site.published()``, which Pagefind sorts as text;
- the bundle is byte-identical from build to build (generator.search.bundle), and Pagefind
  runs as a service driven directly (generator.search.pagefind).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.tables import TableExtension

from generator.images.jobs import ImageResult
from generator.incremental.pagecache import PageCache
from generator.model.entries import KIND_NAMES, DecisionEntry, Entry, Site
from generator.model.labels import (
    CAMPAIGN_LEVEL,
    CAMPAIGN_STATUS,
    FACET_AWARD,
    FACET_CAMPAIGN,
    FACET_DECADE,
    FACET_GROUP,
    FACET_KIND,
    FACET_LABELS,
    FACET_LEVEL,
    FACET_PROVINCE,
    FACET_SECTOR,
    FACET_YEAR,
)
from generator.model.resolved import FOREIGN_PLACE_TEXT, UNKNOWN_PLACE_TEXT
from generator.model.urls import (
    SEARCH_PATH,
    campaign_path,
    decision_path,
    doc_file,
    profile_path,
)
from generator.reference.awardnames import abbreviations_in
from generator.source.documents import SECTORS, TARGET_GROUPS, Campaign
from generator.source.load import Document
from generator.templating.sanitise import sanitise_markdown
from generator.vntext import collation_key, fold, unify_tones

INDEX_DIR = "pagefind"
SEARCH_DOC = doc_file(SEARCH_PATH)
LANGUAGE = "vi"

# Facets: URL parameter / Pagefind filter name -> label. The order is the page's order.
FACETS: dict[str, str] = FACET_LABELS
KIND_CAMPAIGN = "Phong trào thi đua"
KIND_PAGE = "Trang thông tin"
KIND_DECISION = "Quyết định theo danh sách"
# Meta field: how many words end a record's text that are searched but never shown.
TAIL_META = "tail"
SORT_NAME = "ten"
SORT_YEAR = "nam"

# Weights (Pagefind accepts 0–10): who a record is about first, passing mentions last.
WEIGHT_NAME = 10.0
WEIGHT_VARIANT = 9.0
WEIGHT_ROLE = 4.0
WEIGHT_PLACE = 3.0
WEIGHT_AWARD = 3.0
WEIGHT_CAMPAIGN = 2.0
WEIGHT_GROUP = 2.0
WEIGHT_TEXT = 1.0
# Long texts are cut: a fragment is fetched per shown result, and a reader searches for the
# gist of a citation, not its tenth paragraph.
MAX_TEXT_CHARS = 1_200

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Open syllables whose tone moves between the styles: hoà/hòa, khoẻ/khỏe, thuỷ/thủy ("quý" is
# qu + y and keeps its tone on y in both).
_GLIDE_SYLLABLE = re.compile(r"^(?:.*[^q])?(oa|oe|uy)$")
# Words with "đ" in nearly every citation ("đã được", "để", "đến"): folded copies of these
# would be the longest lists in the index and help no reader.
_FOLDED_STOPWORDS = frozenset(("da", "duoc", "de", "den", "do", "day", "deu"))


# --- text ---------------------------------------------------------------------------------------


def old_style_tones(text: str) -> str:
    """Old tone placement ("hoà" → "hòa", "thuỷ" → "thủy") for the other spelling a reader uses."""
    return unicodedata.normalize(
        "NFC", _WORD.sub(lambda m: _spellings(m.group())[1], unicodedata.normalize("NFC", text))
    )


@functools.lru_cache(maxsize=65_536)
def _spellings(word: str) -> tuple[str, str]:
    """(new-style, old-style) tone placement of one word; names reuse few syllables, so cached."""
    new_style = unify_tones(word)
    decomposed = [unicodedata.normalize("NFD", ch) for ch in new_style]
    tones = [(i, c) for i, d in enumerate(decomposed) for c in d if c in _TONE_MARKS]
    if len(tones) != 1:
        return new_style, new_style
    index, tone = tones[0]
    bases = [unicodedata.normalize("NFC", d.replace(tone, "")) for d in decomposed]
    glide = _GLIDE_SYLLABLE.match("".join(bases).lower())
    if glide is None or index != glide.end(1) - 1:
        return new_style, new_style
    target = glide.start(1)
    bases[target] = unicodedata.normalize("NFC", bases[target] + tone)
    return new_style, "".join(bases)


def name_variants(name: str) -> list[str]:
    """Other spellings of a name a reader may type: tone placements and the folded form.

    `vntext.phrase_variants` plus the old tone placement, word by word (names reuse syllables).
    """
    name = unicodedata.normalize("NFC", name)
    new_style = _WORD.sub(lambda m: _spellings(m.group())[0], name)
    old_style = _WORD.sub(lambda m: _spellings(m.group())[1], name)
    # Pagefind folds every mark but "đ" itself: a folded copy without "đ" only adds postings.
    folded = fold(name) if has_d_stroke(name) else name
    return [s for s in dict.fromkeys((new_style, old_style, folded)) if s != name]


def folded_words(text: str) -> list[str]:
    """What Pagefind cannot fold itself: the distinct words with "đ", folded ("Đặng" → "dang").

    Only those words, not the whole text: copying whole texts doubled the index. Phrases with
    such words are still recognised, by the front end, in the folded text of each result.
    """
    if not has_d_stroke(text):
        return []
    words = (fold(w) for w in _WORD.findall(text) if has_d_stroke(w))
    return [w for w in dict.fromkeys(words) if w not in _FOLDED_STOPWORDS]


def plain_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """One line of text, cut at a word boundary after `limit` characters."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def markdown_text(source: str) -> str:
    """Contributor Markdown as plain text: rendered and sanitised as on the page, tags dropped."""
    cleaned = nh3.clean(str(sanitise_markdown(source, headings=True)), tags=set())
    return html.unescape(cleaned)


def page_text(rendered_markdown: str) -> str:
    """Plain text of one of our generated Markdown pages (front matter dropped)."""
    body = rendered_markdown
    if body.startswith("---\n"):
        body = body.split("\n---\n", 1)[-1]
    # Extensions as objects: named, python-markdown finds each among the installed packages'
    # entry points (~30 ms of CPU a process, on every edit, issue #21).
    rendered = markdown.markdown(body, extensions=[MarkdownInHtmlExtension(), TableExtension()])
    return html.unescape(nh3.clean(rendered, tags=set()))


def award_text(name: str, year: int) -> str:
    """An award as indexed: its name, its usual abbreviations and its year.

    "Anh hùng Lao động (AHLĐ, 1952)": a reader who types "AHLĐ" or "ahld" finds it (the
    folded copy comes with the other "đ" words). The abbreviations are the importer's
    (`awardnames.ABBREVIATIONS`), so the two read the same ones.
    """
    return f"{name} ({', '.join([*abbreviations_in(name), str(year)])})"


def has_d_stroke(text: str) -> bool:
    """True when the text has "đ"/"Đ", which Pagefind does not fold to "d"."""
    return "đ" in text or "Đ" in text


def encode_count(count: int) -> str:
    """A count as one hex token ("0x0c"): metadata is searched, and a reader typing "1" or
    "12" must not find every record whose meta holds that number (search.js, tailLength)."""
    return f"0x{count:02x}"


def encode_path(path: str) -> str:
    """A site path as one hex token, so Pagefind (which searches metadata) never matches it."""
    # "0x…" cannot be typed by accident; the front end decodes it (search.js, decodePath).
    return "0x" + path.encode("utf-8").hex()


# --- records ------------------------------------------------------------------------------------


@dataclass
class SearchRecord:
    """One searchable item: its site path, the blocks of text with weights, facets and meta."""

    url: str  # site path, "ho-so/slug/"
    title: str
    blocks: list[tuple[float, str]] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # other spellings of the title
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    # to_html's result once made: the build digests it, then Pagefind reads it.
    html: str | None = field(default=None, repr=False, compare=False)

    def digest(self) -> str:
        """What the index reads of the record (its URL and HTML) as one digest: a shard's
        cache key is made of its records' digests (generator.search.index)."""
        return hashlib.sha256(f"{self.url}\0{self.to_html()}".encode()).hexdigest()[:32]

    def add(self, weight: float, *texts: str | None) -> None:
        """Add non-empty texts with `weight`."""
        for text in texts:
            if text and text.strip():
                self.blocks.append((weight, plain_text(text)))

    def facet(self, name: str, *values: str | None) -> None:
        """Add values to a facet, each once, in order."""
        found = self.filters.setdefault(name, [])
        for value in values:
            if value and value not in found:
                found.append(value)

    def to_html(self) -> str:
        """The synthetic document Pagefind indexes (everything escaped; no page chrome)."""
        if self.html is None:
            self.html = self._make_html()
        return self.html

    def _make_html(self) -> str:
        esc = html.escape
        out = [f'<html lang="{LANGUAGE}"><body>']
        out.append(
            f'<h1 data-pagefind-weight="{WEIGHT_NAME:g}" data-pagefind-meta="title">'
            f"{esc(self.title)}</h1>"
        )
        folded: dict[str, float] = {}  # folded word -> the highest weight it has
        for weight, text in self.blocks:
            out.append(f'<p data-pagefind-weight="{weight:g}">{esc(text)}</p>')
            for word in folded_words(text):
                folded[word] = max(weight, folded.get(word, 0.0))
        # The tail: other spellings, then the folded words. Searched, never shown: a query may
        # match only there ("dang" for "Đặng"), and Pagefind would centre the excerpt on it.
        tail = list(self.variants)
        for weight in sorted(set(folded.values()), reverse=True):
            tail.append(" ".join(w for w, wt in folded.items() if wt == weight))
        weights = [WEIGHT_VARIANT] * len(self.variants) + sorted(set(folded.values()), reverse=True)
        for weight, text in zip(weights, tail, strict=True):
            out.append(f'<p data-pagefind-weight="{weight:g}">{esc(text)}</p>')
        # Facets and meta in an ignored block: kept by Pagefind, not indexed as text. Sort keys
        # are not in the page: they are ranks, which shift for every later record when one
        # is added; the index gets the orders from `sort_orders` instead.
        out.append("<div data-pagefind-ignore>")
        for name in sorted(self.filters):
            for value in self.filters[name]:
                out.append(f'<span data-pagefind-filter="{esc(name)}">{esc(value)}</span>')
        for name in sorted(self.meta):
            out.append(f'<span data-pagefind-meta="{esc(name)}">{esc(self.meta[name])}</span>')
        if tail:
            # How many words of the text the tail is: the front end cuts excerpts before them.
            words = sum(len(text.split()) for text in tail)
            out.append(f'<span data-pagefind-meta="{TAIL_META}">{encode_count(words)}</span>')
        out.append("</div></body></html>")
        return "".join(out)


def _decade(year: int) -> str:
    start = year - year % 10
    return f"{start}–{start + 9}"


def place_line(entry: Entry) -> str:
    """A profile result's place line: the place as recorded, and today's province when it
    changed (englishnames.py gives its English)."""
    locality = entry.locality
    recorded = locality.recorded_text()
    if locality.changed and locality.current_province is not None:
        # Short on a result line: today's province only, its type lower-case (Decree 30/2020).
        return f"{recorded} (nay thuộc {locality.current_province.running_name})"
    return recorded


def profile_record(
    site: Site, entry: Entry, rank: int, width: int, thumbnail: str | None = None
) -> SearchRecord:
    """The record of one published entry: public facts only (never `consented_facts`)."""
    profile = entry.profile
    name = entry.display_name
    record = SearchRecord(url=profile_path(entry.slug), title=name)
    record.variants = name_variants(name)
    if profile.name.short and profile.name.short != name:
        record.add(WEIGHT_NAME, profile.name.short)
        record.variants += name_variants(profile.name.short)
    record.add(WEIGHT_ROLE, profile.position, profile.unit)
    locality = entry.locality
    record.add(WEIGHT_PLACE, locality.recorded_text())
    if locality.changed:
        record.add(WEIGHT_PLACE, locality.current_text())
    awards = entry.active_awards
    record.add(
        WEIGHT_AWARD,
        *(award_text(a.display, a.record.year) for a in awards),
        *(a.record.decision_number for a in awards),
    )
    campaigns = [site.campaigns[s][0] for s in entry.campaign_slugs if s in site.campaigns]
    record.add(WEIGHT_CAMPAIGN, *(c.title for c in campaigns))
    sector = SECTORS[profile.sector][0] if profile.sector else None
    groups = [TARGET_GROUPS[g][0] for g in profile.target_groups]
    record.add(WEIGHT_GROUP, sector, *groups)
    record.add(WEIGHT_TEXT, profile.summary, *(a.record.citation for a in awards))

    record.facet(FACET_KIND, KIND_NAMES[profile.kind])
    record.facet(FACET_AWARD, *(a.award.name_on(None) for a in awards))
    levels = site.taxonomy.levels
    record.facet(
        FACET_LEVEL,
        *(levels[a.award.level].vi if a.award.level in levels else None for a in awards),
    )
    years = sorted({a.record.year for a in awards}, reverse=True)
    record.facet(FACET_YEAR, *(str(y) for y in years))
    record.facet(FACET_DECADE, *(_decade(y) for y in years))
    if locality.current_province is not None:
        record.facet(FACET_PROVINCE, locality.current_province.full_name)
    elif locality.form != "place":
        # Found apart from every province, as the statistics count them.
        record.facet(
            FACET_PROVINCE, UNKNOWN_PLACE_TEXT if locality.form == "unknown" else FOREIGN_PLACE_TEXT
        )
    record.facet(FACET_CAMPAIGN, *(c.title for c in campaigns))
    record.facet(FACET_SECTOR, sector)
    record.facet(FACET_GROUP, *groups)

    top = entry.top_award
    record.meta["sub"] = top.display if top is not None else ""
    record.meta["place"] = place_line(entry)
    if thumbnail and entry.public_photos:
        record.meta["image"] = encode_path(thumbnail)
    record.sort[SORT_NAME] = name_rank(rank, width)
    record.sort[SORT_YEAR] = f"{years[0]:04d}" if years else "0000"
    return record


def campaign_record(campaign: Campaign, body: str, rank: int, width: int) -> SearchRecord:
    """The record of a campaign page: its front matter and its body as text."""
    record = SearchRecord(url=campaign_path(campaign.slug), title=campaign.title)
    record.variants = name_variants(campaign.title)
    if campaign.short_name:
        record.add(WEIGHT_NAME, campaign.short_name)
        record.variants += name_variants(campaign.short_name)
    record.add(WEIGHT_ROLE, campaign.launched_by, campaign.cluster)
    record.add(WEIGHT_PLACE, campaign.province)
    record.add(WEIGHT_GROUP, *campaign.legal_basis)
    record.add(WEIGHT_TEXT, campaign.summary, *campaign.criteria, markdown_text(body))
    record.facet(FACET_KIND, KIND_CAMPAIGN)
    record.facet(FACET_CAMPAIGN, campaign.title)
    record.meta["sub"], record.meta["place"] = campaign_lines(campaign)
    record.sort[SORT_NAME] = name_rank(rank, width)
    record.sort[SORT_YEAR] = f"{campaign.start.year:04d}"
    return record


def campaign_lines(campaign: Campaign) -> tuple[str, str]:
    """A campaign result's two lines: what it is and its stage; its level and years."""
    end = str(campaign.end.year) if campaign.end else "nay"
    return (
        f"{KIND_CAMPAIGN} · {CAMPAIGN_STATUS[campaign.status]}",
        f"{CAMPAIGN_LEVEL[campaign.level]} · {campaign.start.year}–{end}",
    )


def decision_record(site: Site, found: DecisionEntry, rank: int, width: int) -> SearchRecord:
    """The record of a decision's page: one record carrying every name of its list (a name
    typed without diacritics finds it, as a profile's name does)."""
    d = found.decision
    record = SearchRecord(url=decision_path(found.slug), title=found.title)
    names = [r.line.name for r in found.recipients]
    record.add(WEIGHT_NAME, *names)
    record.variants = [v for name in names for v in name_variants(name)]
    record.add(WEIGHT_ROLE, d.issuer, *(r.line.unit for r in found.recipients))
    record.add(WEIGHT_PLACE, found.locality.recorded_text())
    record.add(WEIGHT_AWARD, award_text(found.award_text, d.year), d.decision_number)
    record.add(WEIGHT_TEXT, found.subject)
    record.facet(FACET_KIND, KIND_DECISION)
    if found.award is not None:
        record.facet(FACET_AWARD, found.award.award.name_on(None))
        level = site.taxonomy.levels.get(found.award.award.level)
        record.facet(FACET_LEVEL, level.vi if level is not None else None)
    record.facet(FACET_YEAR, str(d.year))
    record.facet(FACET_DECADE, _decade(d.year))
    province = found.locality.current_province
    record.facet(FACET_PROVINCE, province.full_name if province is not None else None)
    campaign = site.campaigns.get(d.campaign or "")
    record.facet(FACET_CAMPAIGN, campaign[0].title if campaign else None)
    record.meta["sub"] = decision_sub(found)
    record.meta["place"] = found.locality.recorded_text()
    record.sort[SORT_NAME] = name_rank(rank, width)
    record.sort[SORT_YEAR] = f"{d.year:04d}"
    return record


def decision_sub(found: DecisionEntry) -> str:
    """A decision result's first line: what it is, how many it honours, with which award."""
    return f"{KIND_DECISION} · {found.count} {found.award_text}"


def page_record(path: str, title: str, text: str, rank: int, width: int) -> SearchRecord:
    """The record of an editorial page."""
    record = SearchRecord(url=path, title=title)
    record.add(WEIGHT_TEXT, text)
    record.facet(FACET_KIND, KIND_PAGE)
    record.meta["sub"] = KIND_PAGE
    record.sort[SORT_NAME] = name_rank(rank, width)
    record.sort[SORT_YEAR] = "0000"
    return record


def name_rank(rank: int, width: int) -> str:
    """A record's sort key in name order: its rank, zero-padded to `width` (Pagefind sorts
    the keys as text)."""
    return f"{rank:0{width}d}"


def thumbnails_from(images: ImageResult) -> dict[str, str]:
    """Slug → site path of the narrowest encoding of its first published photo."""
    found: dict[str, str] = {}
    for (slug, index), photo_set in sorted(images.photo_sets.items()):
        if index == 0 and photo_set.variants:
            found[slug] = photo_set.of_type(photo_set.mimes[0])[0].path
    return found


def iter_search_records(
    site: Site,
    docs: Mapping[str, str] | None = None,
    thumbnails: Mapping[str, str] | None = None,
    cache: PageCache | None = None,
    only: Callable[[Entry], bool] | None = None,
    light: bool = False,
) -> Iterator[SearchRecord]:
    """Every record of the site: published entries, campaigns, decisions, editorial pages.

    `docs` are the rendered Markdown pages (path under docs/ → text), for the editorial pages
    whose text is a template; `thumbnails` maps a slug to the site path of its thumbnail (the
    images stage fills it; only entries with consent to publish a photo get one). With
    `cache`, a profile's row of an earlier build is kept while its key is unchanged, and
    `light`, its record is a `recordcache.KeptRecord`, made again only if read; `cache.records`
    is then this build's rows.
    With `only` (a slice of a partitioned build), the records of the entries it accepts and
    no other, ranked as among the whole site's.
    """
    published, campaigns, pages, width = record_ranks(site, docs or {})
    thumbnails = thumbnails or {}
    # Here, not at the top: recordcache's KeptRecord is a SearchRecord of this module.
    from generator.search.recordcache import KeptRecord, kept_row, row_of

    kept: dict[str, Any] = {}
    for rank, entry in enumerate(published):
        if only is not None and not only(entry):
            continue
        thumbnail = thumbnails.get(entry.slug)
        # A record reads its entry, the context (campaigns, taxonomy, configuration) and its
        # thumbnail. Its rank is only a sort key, not in its HTML: not in the key, or one
        # profile renamed or added would re-key every record it moves (`kept_row`).
        key = cache.entry_key(entry.slug, "record", thumbnail or "") if cache is not None else None
        make = functools.partial(profile_record, site, entry, rank, width, thumbnail)
        if cache is None or key is None:
            yield make()
            continue
        found = cache.records.get(entry.slug) if light else None
        row = kept_row(found, key, name_rank(rank, width)) if found is not None else None
        record = make() if row is None else KeptRecord(row, make)
        kept[entry.slug] = row or row_of(key, record)
        yield record
    if cache is not None:
        cache.records = kept
    if only is not None:
        return  # campaigns, decisions and pages are no slice's
    yield from iter_other_records(site, campaigns, pages, len(published), width)


def record_ranks(
    site: Site, docs: Mapping[str, str]
) -> tuple[list[Entry], list[tuple[Campaign, Document]], list[tuple[str, str, str]], int]:
    """What ranks the records: the published entries in name order, the campaigns and the
    editorial pages (after them), and the width of a rank (`name_rank`)."""
    published = site.published()  # proposed and withdrawn entries never get here
    campaigns = sorted(site.campaigns.values(), key=lambda c: collation_key(c[0].title))
    pages = _editorial_pages(site, docs)
    width = len(str(len(published) + len(campaigns) + len(site.decisions) + len(pages)))
    return published, campaigns, pages, width


def iter_other_records(
    site: Site,
    campaigns: list[tuple[Campaign, Document]],
    pages: list[tuple[str, str, str]],
    rank: int,
    width: int,
) -> Iterator[SearchRecord]:
    """The records of the campaigns, decisions and editorial pages, ranked from `rank` (after
    the profiles': `record_ranks` gives the rest)."""
    for campaign, doc in campaigns:
        yield campaign_record(campaign, doc.body, rank, width)
        rank += 1
    for decision in site.decisions:
        yield decision_record(site, decision, rank, width)
        rank += 1
    for path, title, text in pages:
        yield page_record(path, title, text, rank, width)
        rank += 1


def _editorial_pages(site: Site, docs: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(path, title, text) of the pages that are not profiles or campaigns."""
    config = site.config
    about = docs.get("gioi-thieu/index.md")
    return [
        (
            "gioi-thieu/",
            "Giới thiệu",
            page_text(about) if about else f"{config.site_description} {config.owner}",
        ),
        ("phong-trao/", "Phong trào thi đua", "Danh sách các phong trào thi đua, khen thưởng."),
        (
            "danh-sach/",
            "Danh sách vinh danh",
            "Danh sách theo loại, danh hiệu, tỉnh, thành phố, năm, phong trào, lĩnh vực, "
            "đối tượng.",
        ),
        # The page lists proposed entries: only its purpose is indexed, never their names.
        # Said of every day: the index is not rebuilt when a window closes.
        (
            "lay-y-kien/",
            "Lấy ý kiến nhân dân",
            "Các đề nghị khen thưởng đưa ra lấy ý kiến nhân dân, mỗi đề nghị với thời gian "
            "lấy ý kiến của nó; đề nghị chưa phải quyết định khen thưởng.",
        ),
    ]
