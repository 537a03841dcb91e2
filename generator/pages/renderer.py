"""What every page of the public site needs: the environment, the template context, the
cache decisions (a page reused, the listings reused or remembered) and the shared pieces
(link-preview tags, a card's thumbnail). The page kinds are rendered by the other modules of
``generator.pages``; ``generator.pages.render`` calls them in order."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from generator.images.jobs import ImageResult, PhotoSet
from generator.images.picture import placeholder_svg
from generator.incremental.keptcounts import Saved
from generator.incremental.pagecache import PageCache, page_key
from generator.model.checkrows import shown_of
from generator.model.entries import Entry, Site
from generator.model.keys import listings_key
from generator.model.rowshown import EntryShown
from generator.model.statcounts import MissingFacts, count_entries, kept_counts
from generator.model.statistics import SiteStatistics, compute_statistics
from generator.model.urls import (
    absolute_url,
    doc_file,
    edition_link,
    edition_path,
    relative_url,
    safe_http_url,
)
from generator.output import Rendered
from generator.templating.environment import make_environment
from generator.templating.i18n import translate
from generator.templating.sanitise import escape_text, one_line

THUMBNAIL_SIZE = (64, 80)
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}  # British spelling, as the taxonomy's names
COUNTS_PART = "statistics"  # the counts' part in PageCache.counts: (context, Counts.dumps)


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


class PageRenderer:
    """Renders the pages of one site into `out`; holds what every page needs."""

    def __init__(
        self,
        site: Site,
        today: dt.date,
        images: ImageResult | None = None,
        cache: PageCache | None = None,
        more_listings: Callable[[], dict[str, str]] | None = None,
        language: str = "vi",
    ) -> None:
        self.site = site
        self.today = today
        self.more_listings = more_listings
        # The edition written: "vi" at the root, another language under its own folder
        # ("en/"), with the same paths after it (generator.model.urls.edition_path).
        self.language = language
        self.env = make_environment(language=language)
        self.original: PageRenderer | None = None  # the Vietnamese renderer of a translation
        self.published = site.published()
        self.by_slug = {e.slug: e for e in self.published}
        self.out = Rendered()
        self.images = images if images is not None else ImageResult()
        self.cache = cache
        self.keys = self.out.keys  # docs/ path -> key of the pages the cache may keep
        # The rolls whose pages were kept whole in this edition (generator.pages.rolls).
        self.kept_rolls: set[str] = set()

    @functools.cached_property
    def stats(self) -> SiteStatistics:
        """Every figure of the site (not needed when the listings are reused)."""
        if self.original is not None:
            return self.original.stats  # the same figures, counted once for both editions
        cache = self.cache
        kept = cache.counts if cache is not None and cache.context else None
        if cache is None or kept is None:
            return compute_statistics(self.site, self.today, self.published)
        # The last build's counts, less and plus the entries changed since (issue #21): an
        # edit reads its own profiles' facts, not every entry's.
        last = kept.get(COUNTS_PART)
        counts = kept_counts(
            self.site,
            self.published,
            cache.entries,
            cache.context,
            last[1] if last is not None and last[0] == cache.context else b"",
            kept.facts_of,
        )
        del last
        kept.let_go()  # the head: the totals and each entry's key, not held through the render
        try:
            stats = compute_statistics(self.site, self.today, self.published, counts)
        except MissingFacts:  # a tie settled by the roll's order met facts not kept
            counts = count_entries(self.site, self.published, cache.entries)
            stats = compute_statistics(self.site, self.today, self.published, counts)
        kept.let_go()  # the shards a tie read (every one): not held through the render
        context = cache.context

        def saved() -> Saved:
            made, gone, whole = counts.saved_facts()
            return {COUNTS_PART: (context, counts.dumps(context))}, made, gone, whole

        # Written with the build's caches (by the saver's child on an edit).
        kept.save_later(saved)
        return stats

    def translated(self, language: str) -> PageRenderer:
        """A renderer of the `language` edition writing into the same output, keys and cache
        (one listings key covers both editions: the pages are kept or made together)."""
        twin = PageRenderer(self.site, self.today, self.images, self.cache, None, language)
        twin.out = self.out
        twin.keys = self.keys
        twin.original = self
        return twin

    def t(self, message: str) -> str:
        """A fixed string of a page module (a title, a description) in this edition's language
        (generator.templating.i18n; `tools/update_catalogue.py` finds it by this name)."""
        return translate(self.language, message)

    # --- the edition's paths ------------------------------------------------------------------

    def at(self, path: str) -> str:
        """Where the page of site path `path` (a Vietnamese path) is in this edition."""
        return edition_path(self.language, path)

    def link(self, target: str) -> str:
        """The site path a link to `target` goes to in this edition: a page of the edition,
        or a shared file (photos, data, feeds) at the root."""
        return edition_link(self.language, target)

    # --- the cache decisions ------------------------------------------------------------------

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
        if self.language != "vi":
            kind = f"{kind}:{self.language}"  # the same page in another edition
        return page_key(cache.context, kind, *parts, *digests)

    def reuse_entry_page(self, kind: str, entry: Entry, path: str) -> bool:
        """`reuse` of the page at site path `path` made from `entry` alone (award index -1)
        and the path: under the last build's key of that page when neither the context nor
        the entry changed since (the same key, not hashed again), else under `key`'s."""
        # One docs path and one ledger row a page: every steady profile page goes through
        # here in each edition on every edit (issue #21: 9-14 µs a page at 10,000 before).
        cache = self.cache
        if cache is None:
            return False
        doc = doc_file(self.at(path))
        row = cache.last_row(entry.slug, doc)
        if row is None:
            key = self.key(kind, [(entry, -1)], path)
            if key is None:
                return False
            self.keys[doc] = key
            if not cache.doc_intact(doc, key):
                return False
        else:
            key = self.keys[doc] = row[0]
            if not cache.row_intact(doc, row):
                return False
        self.keep(doc, key)
        return True

    def reuse(self, path: str, key: str | None) -> bool:
        """Take the page at site path `path` from the cache if it was rendered under `key`."""
        if key is None or self.cache is None:
            return False
        doc = doc_file(self.at(path))
        self.keys[doc] = key
        if not self.cache.doc_intact(doc, key):
            return False
        self.keep(doc, key)
        return True

    def keep(self, doc: str, key: str) -> None:
        """Take the page of docs/ file `doc` from the cache under `key`, its file in build/docs
        known to be the one written under it (`PageCache.doc_intact`)."""
        assert self.cache is not None
        self.keys[doc] = self.out.kept[doc] = key
        self.cache.reused += 1

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
            if not cache.doc_intact(doc, doc_key):
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

    # --- what every page sees -----------------------------------------------------------------

    def context(self, here: str) -> dict[str, Any]:
        """What every template sees; `url` links relative to the page at `here`, to the page
        of this edition or a shared file."""
        site = self.site
        page_at = self.at(here)

        def url(target: str) -> str:
            return relative_url(page_at, self.link(target))

        return {
            "here": here,
            "url": url,
            "site": site,
            "config": site.config,
            "today": self.today,
            "shown_of": shown_of,
            "campaigns": site.campaigns,
            "thumbnail": lambda e, eager=False: self.thumbnail(e, here, eager),
        }

    def page(self, path: str, template: str, head: str, **values: Any) -> None:
        """Render one Markdown page served at site path `path`."""
        body = self.env.get_template(template).render(**self.context(path), **values)
        if self.language != "vi":
            # Material's partials/language.html picks the page's interface language from
            # it; a key of our own front matter (`front_matter`), first so that the title
            # and the rest stay as written.
            head = head.replace("---\n", f"---\nlanguage: {self.language}\n", 1)
        self.out.docs[doc_file(self.at(path))] = head + body

    def thumbnail(self, shown: EntryShown, here: str, eager: bool = False) -> Markup:
        """A card's small picture: the smallest files of the first photo the images stage
        published, else the initials."""
        photo_sets = self.images.photo_sets
        for index in shown.photos:  # as `published_photos`, from the row
            photo_set = photo_sets.get((shown.slug, index))
            if photo_set is not None:
                return thumbnail_html(photo_set, self.root(here), eager)
        # The name is the card's link right beside it: the initials are decoration.
        svg = placeholder_svg(shown.display_name, shown.slug, *THUMBNAIL_SIZE)
        return Markup('<span class="vd-card__thumb" aria-hidden="true">{}</span>').format(svg)

    def root(self, here: str) -> str:
        """The site's root from the page at site path `here` in this edition (where the shared
        files, photos first, are linked from)."""
        return relative_url(self.at(here), "")

    @property
    def site_name(self) -> str:
        """The site's name in this edition (the English one falls back to the Vietnamese)."""
        config = self.site.config
        english = config.en.site_name if config.en is not None else None
        return english or config.site_name if self.language == "en" else config.site_name

    @property
    def site_description(self) -> str:
        """The site's description in this edition (the English one falls back likewise)."""
        config = self.site.config
        english = config.en.site_description if config.en is not None else None
        return (
            english or config.site_description if self.language == "en" else config.site_description
        )

    @property
    def owner(self) -> str:
        """The site's owner in this edition (the English one falls back likewise)."""
        config = self.site.config
        english = config.en.owner if config.en is not None else None
        return english or config.owner if self.language == "en" else config.owner

    def absolute(self, path: str) -> str:
        """The absolute URL of site path `path` (a page of this edition, or a shared file)
        under the configured address."""
        return absolute_url(self.site.config.site_url, self.link(path))

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
            ("og:site_name", self.site_name),
            ("og:locale", OG_LOCALES[self.language]),
        ]
        if self.site.config.english_edition:
            # The other edition's locale: Facebook then offers the reader's (off: not a byte).
            tags += [
                ("og:locale:alternate", locale)
                for language, locale in OG_LOCALES.items()
                if language != self.language
            ]
        tags += [
            ("og:title", title),
            ("og:url", self.absolute(here)),
        ]
        if description:
            tags.append(("og:description", one_line(description)[:300]))
        # This edition's card: an English page's says what the page says, in English.
        variant = self.images.card(self.language, card)
        if variant is not None:
            tags += [
                ("og:image", absolute_url(site_url, variant.path)),
                ("og:image:width", str(variant.width)),
                ("og:image:height", str(variant.height)),
                ("og:image:type", variant.mime),
                ("og:image:alt", image_alt),
            ]
        # X (Twitter) takes the title, description and image from og: when its own tags are
        # absent (its cards' markup reference), not the card type nor the image's alt text:
        # copies of the rest were ~400 bytes of every page (issue #21, the output budget).
        tags.append(("twitter:card", "summary_large_image" if variant else "summary"))
        tags += [("twitter:image:alt", value) for name, value in tags if name == "og:image:alt"]
        return [[name, escape_text(value)] for name, value in tags]
