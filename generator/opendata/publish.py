"""Open data and press material: which files are made, which kept, and where they go.

`add_open_data` runs right after `render_site` and adds to its `Rendered`: the data page
(``du-lieu/``, a Markdown page built by MkDocs like any other) and every non-page file as bytes
(``api/v1/…``, ``du-lieu/*.csv``, ``feeds/…``, ``bao-chi/<slug>.zip``, ``robots.txt``), which
the build writes next to MkDocs' output: each handed to a `FileOutput` as it is made (the
build's open-data child writes them into build/files and keeps their names only), or held.
The parts make the bytes, each from one `OpenDataContext`: the JSON API (`jsonapi`), the CSV
and workbooks (`tables`), the Atom feeds (`feeds`), the press kits (`presskit`), the data page
(`datapage`). Each file goes through the `ledger`, which decides, with the build's
`PageCache`, whether it is made again or left as it is in the output folder: a file made from
one entry by that entry's key, a file made from many by the listings' key
(generator.model.keys).

What is published follows the pages exactly (see `jsonapi`). Output is deterministic: dates
come from the data and the build's `today`, never the clock; JSON keys are sorted; lists have a
stable order; ZIP entries have fixed times and modes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from generator.csvout import csv_document, csv_lines
from generator.images.jobs import ImageResult
from generator.incremental.pagecache import PageCache, Parts, page_key
from generator.model.checkrows import row_of
from generator.model.entries import DecisionEntry, Entry, Site
from generator.model.partition import Part
from generator.model.rolls import Roll, iter_rolls
from generator.model.urls import (
    SITE_FEED_PATH,
    campaign_feed_path,
    campaign_path,
    decision_api_path,
    has_press_kit,
    press_kit_path,
    profile_api_path,
    safe_http_url,
)
from generator.opendata import apidocuments as api
from generator.opendata import jsonapi, tables, xlsxout
from generator.opendata.apidocuments import dump_json
from generator.opendata.context import (
    API_ROOT,
    CAMPAIGNS_ROOT,
    CSV_EN,
    CSV_VI,
    DECISIONS_ROOT,
    ROBOTS,
    SCHEMAS_ROOT,
    SITEMAP,
    XLSX_VI,
    OpenDataContext,
    OpenDataError,
)
from generator.opendata.datapage import data_pages
from generator.opendata.feeds import feed, feed_items, feed_sitemaps, feed_updated
from generator.opendata.keptlines import KeptLines, find_kept_line
from generator.opendata.ledger import FileOutput
from generator.opendata.linesplice import (
    CSV_LINES_PART,
    last_lines,
    splice_lines,
)
from generator.opendata.modeldata import MODELS_CSV, model_lines, models_csv
from generator.opendata.presskit import PressKits
from generator.opendata.profileindex import ProfileFiles, index_pages
from generator.opendata.rollrows import ROLL_ROWS_NOTE, last_rows
from generator.opendata.rowcounts import ROW_COUNTS_PART, RowCounts, kept_counts
from generator.opendata.workbooksplice import XLSX_LINES_PART, last_workbook
from generator.output import Rendered

# Rows are independent of each other: the CSVs and the roll's workbook are spliced from their
# last files (`linesplice`, `workbooksplice`); each profile's rows of the roll pages' workbooks
# are made (and kept) apart, in the lines' shards, read only when such a workbook is made.
XLSX_CHUNK = "\0xlsx-rows/"  # cache paths of a profile's rows of the workbooks
# As XML with their numbers left open (xlsxout.Sheet): made from the entry alone, as its CSV
# lines, kept in the same file: ``roll/<slug>``, its rows of the roll's workbook, and
# ``award-<n>/<slug>``, its row of the roll pages that show its n-th award shown. Kept, they
# spare the cells of every award of the roll (and of its rolls) to an edit that changes it
# (issue #21).
MODEL_LINE = "\0models/"  # cache paths of a model's line of the models table, kept as rows
LINE_KINDS = (f"{XLSX_CHUNK}award-", MODEL_LINE)
"""The prefixes of the parts kept in the lines' file (any other, of older code, is let go)."""
ROLL_XLSX_MANIFEST = "\0xlsx/rolls"  # cache path of the last build's roll workbooks' paths
# Cache paths of what a roll's workbook's key was made from (its rows' count, title and the
# listings' key then), by the workbook's path: a roll whose entries did not change since keeps
# its key without a digest of each of its rows (`_kept_roll_key`).
ROLL_ROWS_PART = "\0xlsx/roll-rows/"
FEED_PART = "\0feed/"  # cache paths of the entries each feed lists (their slugs)
FEED_ENTRY = "\0atom/"  # cache paths of a profile's Atom entry, the same in every feed
LASTING_MEMOS = (xlsxout.SKELETONS,)
"""The lasting memos the open data reads and fills: the build's child hands them over."""


class _OpenData(ProfileFiles):
    """Builds every open-data file of one site as it stands on `today`, made or kept."""

    def __init__(
        self,
        site: Site,
        today: dt.date,
        images: ImageResult | None = None,
        cache: PageCache | None = None,
        output: FileOutput | None = None,
        part: Part | None = None,
        lines: KeptLines | None = None,
        rolls: list[Roll] | None = None,
        docs: bool = True,
    ) -> None:
        ctx = OpenDataContext(site, today, images)
        super().__init__(site, cache, output, ctx, part)
        self.docs = docs  # the data pages made here too (else with the pages: `data_pages`)
        # The site's rolls when the caller grouped them already (`iter_rolls`), else None.
        self.rolls = rolls
        # The CSV's lines and the roll workbook's rows of the last build that made them, by
        # key; this build's, of the files it makes, and the cache paths' prefixes of these.
        self.lines = lines
        self.lines_made: Parts = {}
        self.kinds_made: list[str] = []
        self.spliced_rolls = 0  # roll page workbooks made with segments of the last build's
        self.site = site
        self.press = PressKits(self.ctx)
        self.by_slug: dict[str, Entry] | None = None  # published entries by slug, when asked
        self._row_counts: RowCounts | None = None  # `row_counts`, once made

    def row_counts(self) -> RowCounts:
        """The published entries' awards in force and places counted (`rowcounts`), once;
        kept for the next build."""
        if self._row_counts is None:
            self._row_counts = kept_counts(self.cache, self.ctx.published)
            if self.cache is not None and self.listings is not None:  # counted from these
                part, data = ROW_COUNTS_PART, self._row_counts.dumps()
                self.keys[part], self.chunks[part] = self.listings, data
        return self._row_counts

    # -- the API (the profiles' documents and index: `ProfileFiles`) ----------------------------

    def campaign_files(self) -> None:
        """One document per campaign and the campaign index."""
        ctx = self.ctx
        items = []
        for slug in sorted(self.site.campaigns):
            campaign, doc = self.site.campaigns[slug]
            document = jsonapi.campaign_document(ctx, slug, campaign, doc.body)
            self.files[f"{CAMPAIGNS_ROOT}{slug}.json"] = dump_json(document)
            items.append(jsonapi.campaign_summary(document))
        self.files[f"{CAMPAIGNS_ROOT}index.json"] = dump_json(
            jsonapi.campaign_list_document(ctx, items)
        )

    def decision_files(self) -> None:
        """A document per decision and their index (made with the listings: same key)."""
        ctx = self.ctx
        for found in self.site.decisions:
            self.listing_file(
                decision_api_path(found.slug), functools.partial(self._decision, found)
            )
        self.listing_file(
            f"{DECISIONS_ROOT}index.json",
            lambda: dump_json(jsonapi.decision_list_document(ctx)),
        )

    def _decision(self, found: DecisionEntry) -> bytes:
        return dump_json(jsonapi.decision_document(self.ctx, found))

    # -- tables ----------------------------------------------------------------------------------

    def csv_file(self, path: str, english: bool) -> None:
        """The CSV of every award on the roll, in Vietnamese or English."""
        # Kept, the file's lines are neither read nor written: a line whose profile changed
        # only in `OWN_PAGE_ONLY` fields has another key now, made again when next needed.
        self.listing_file(path, functools.partial(self._csv, path, english))
        if path in self.kept:  # where its lines lie, for the next build that splices it
            self.keep_entry_part(f"{CSV_LINES_PART}{path}")

    def _csv(self, path: str, english: bool) -> bytes:
        """The CSV file at `path`: spliced from the last build's while it is the file written
        (`linesplice`), else every profile's lines made; then every decision's."""
        head = csv_document([en if english else vi for vi, en in tables.CSV_COLUMNS], ())
        ctx, cache, part = self.ctx, self.cache, f"{CSV_LINES_PART}{path}"
        tail = b"".join(
            csv_lines(tables.decision_csv_rows(ctx, found, english))
            for found in self.site.decisions
        )
        last = last_lines(cache, path, part) if cache is not None else None
        steady = cache.steady if cache is not None else set()
        lines = functools.partial(self._csv_lines, english=english)
        data, manifest = splice_lines(head, ctx.published, lines, tail, last, steady)
        self.note_manifest(path, part, manifest.dumps())
        return data

    def _csv_lines(self, entry: Entry, english: bool) -> bytes:
        return csv_lines(tables.csv_rows(self.ctx, entry, english))

    def models_file(self, models: list[Entry]) -> None:
        """The models table (`MODELS_CSV`) of `models`: kept while they are the same ones, in
        the same order, each under the same key; else joined from each model's line, the last
        build's while its key is the same (`MODEL_LINE`)."""
        # Keyed by the models' own keys, not the listings': an award given to another entry
        # made it again from every model's practice and place (a tenth of the roll at 1,000,
        # in nearly every block of its pickle: issue #21).
        ctx, cache = self.ctx, self.cache
        key = None
        if cache is not None and cache.context:
            keys = [self.entry_key(e.slug, "file", MODELS_CSV) for e in models]
            if None not in keys:
                key = page_key(cache.context, "file", MODELS_CSV, *(k for k in keys if k))

        def make() -> bytes:
            self.kinds_made.append(MODEL_LINE)
            return models_csv(
                self.kept_line(
                    f"{MODEL_LINE}{e.slug}", e, functools.partial(model_lines, e, ctx.url)
                )
                for e in models
            )

        self._kept_or_made(MODELS_CSV, key, make)

    # -- roll workbooks --------------------------------------------------------------------------

    def roll_workbooks(self) -> None:
        """The workbook of every roll page (`Roll.workbook`), each made again only when its
        rows or the context changed."""
        cache = self.cache
        manifest_key = page_key(self.listings, "rolls") if self.listings is not None else None
        if cache is not None and manifest_key is not None:
            found = cache.parts.get(ROLL_XLSX_MANIFEST)
            if found is not None and found[0] == manifest_key and self._keep_all(found[1]):
                return  # no listing changed: no roll is even computed
        paths: list[str] = []
        rows_of: dict[str, list[list[object]]] = {}
        sheet = tables.roll_page_sheet(self.ctx)  # the same columns in every roll's
        kept = len(self.kept)
        for roll in self.rolls if self.rolls is not None else iter_rolls(self.site):
            if roll.workbook_of is not None:
                continue  # its page offers another roll's workbook
            if self.part is not None and not self.part.has_roll(roll.path):
                continue  # another part's
            paths.append(roll.workbook)
            # Keyed by its rows' bytes (their digests), asked only when the listings changed
            # and one of its entries with them: an award added to a profile changes its rows
            # of the award's and the year's rolls, not its row of every other roll it is on
            # (its top award's), whose workbooks were made again all the same (11 of 13 at
            # 1,000, issue #21).
            workbook = tables.RollPageWorkbook(
                self.ctx,
                roll,
                rows_of,
                self.sheet_rows,
                sheet,
                functools.partial(last_rows, cache, roll.workbook),
                cache.steady if cache is not None else None,
            )
            listed = self._kept_roll_key(roll)
            if listed is None:
                listed = self._roll_key(workbook)
            if listed is not None and self.listings is not None:
                part = f"{ROLL_ROWS_PART}{roll.workbook}"
                self.keys[part], self.chunks[part] = listed, _rows_note(roll, self.listings)
            facts = functools.partial(self._roll_facts, workbook)
            self.facts_file_read(
                roll.workbook, listed, facts, functools.partial(self._roll_made, workbook)
            )
            self.keep_entry_part(f"{ROLL_ROWS_NOTE}{roll.workbook}")  # if not noted now
        if len(self.kept) == kept and self.part is None and not self.spliced_rolls:
            # Every roll page made whole: the rows none of them asked for are let go (while
            # some are kept or spliced, with segments or rows of their last files, the rows
            # of theirs made before stay, for when they are made again).
            self.kinds_made.append(f"{XLSX_CHUNK}award-")
        if cache is not None and manifest_key is not None:
            self.keys[ROLL_XLSX_MANIFEST] = manifest_key
            self.chunks[ROLL_XLSX_MANIFEST] = "\n".join(paths).encode("utf-8")

    def _roll_facts(self, workbook: tables.RollPageWorkbook) -> str:
        """`workbook.facts()`, found by making only the rows of its changed entries; noted
        for the next build with the last build's note while they are the same."""
        cache, part = self.cache, f"{ROLL_ROWS_NOTE}{workbook.roll.workbook}"
        facts = workbook.facts()
        found = cache.parts.get(part) if cache is not None else None
        if found is not None and found[0] == facts:  # the same rows: its file is kept
            self.keys[part], self.chunks[part] = found
        return facts

    def _roll_made(self, workbook: tables.RollPageWorkbook) -> bytes:
        """`workbook.make()`, its note kept for the next build."""
        data = workbook.make()
        assert workbook.note is not None
        if workbook.rows.spliced:
            self.spliced_rolls += 1
        if self.cache is not None:
            part = f"{ROLL_ROWS_NOTE}{workbook.roll.workbook}"
            self.keys[part], self.chunks[part] = workbook.facts(), workbook.note.dumps()
        return data

    def _roll_key(self, workbook: tables.RollPageWorkbook) -> str | None:
        """The `listed` key of `facts_file_read` of a roll page's workbook one of whose entries
        changed: its facts under the context (None: no cache)."""
        # Its facts make only its changed entries' rows (`rollrows`): fewer than the listings'
        # digest of every row it was keyed by before, ~0.15 s for the individuals' roll on
        # each edit of one of them at 30,000 profiles (issue #21).
        cache = self.cache
        if cache is None or not cache.context:
            return None
        return page_key(cache.context, "roll-xlsx", workbook.facts())

    def _kept_roll_key(self, roll: Roll) -> str | None:
        """The key the last build's `_roll_key` gave `roll`, when its rows are that build's:
        as many, each an entry unchanged since (`PageCache.steady`), under the listings the
        key was made with (None: not known, make it)."""
        # An entry that left the roll or came into it changed; one that left while none came
        # leaves fewer rows. So the rows are the last build's, and so is their key: no digest
        # and award index of each row of each roll on every edit that makes the listings again
        # (~1 µs a row, the kind roll holding every individual: issue #21).
        cache = self.cache
        if cache is None or not cache.steady or not cache.listings:
            return None
        found = cache.parts.get(f"{ROLL_ROWS_PART}{roll.workbook}")
        if found is None or found[1] != _rows_note(roll, cache.listings):
            return None
        # A roll the splice took whole (`Roll.steady`) has every row's entry steady: its rows,
        # not made in the parent, are not made here to be looked up.
        if not roll.steady:
            steady = cache.steady
            for row in roll.rows:
                if row.entry.slug not in steady:
                    return None
        return found[0]

    def _keep_all(self, manifest: bytes) -> bool:
        """Keep every roll workbook `manifest` lists, if each is as written (else keep none)."""
        assert self.cache is not None
        found = []
        for path in manifest.decode("utf-8").split("\n") if manifest else []:
            key = self.cache.file_key(path)
            if key is None or not self.cache.file_kept(path, key):
                return False
            found.append((path, key))
        for path, key in found:
            self.keys[path] = key
            self.kept.add(path)
            self.keep_facts_part(path)
            self.keep_entry_part(f"{ROLL_ROWS_NOTE}{path}")
            rows = self.cache.parts.get(f"{ROLL_ROWS_PART}{path}")
            if rows is not None:  # the same listings: what its key was made from stands
                self.keys[f"{ROLL_ROWS_PART}{path}"], self.chunks[f"{ROLL_ROWS_PART}{path}"] = rows
        self.keys[ROLL_XLSX_MANIFEST] = page_key(self.listings or "", "rolls")
        self.chunks[ROLL_XLSX_MANIFEST] = manifest
        return True

    def build_slice(self, rendered: Rendered) -> None:
        """Add the files of a slice of a partitioned build to `rendered`: its entries' API
        documents and press kits, its rolls' workbooks."""
        self.profile_files()
        self.roll_workbooks()
        self.press_kits()
        rendered.files.update(self.files.held)

    def press_kits(self) -> None:
        """The press kit of each published entry with one (both editions' when the site has
        its English edition)."""
        site = self.site
        for entry in filter(has_press_kit, self.ctx.published):
            if self.part is not None and not self.part.has_entry(entry):
                continue  # another part's
            path = press_kit_path(entry.slug)
            self.entry_file(path, entry, lambda e: self.press.press_kit(e, self.json_of(e)))
            if site.config.english_edition:  # the English edition's kit, beside it
                self.entry_file(press_kit_path(entry.slug, "en"), entry, self.english_kit)

    def build(self, rendered: Rendered) -> None:
        """Add every open-data file and, with `docs`, the data page to `rendered`."""
        ctx, site = self.ctx, self.site
        if self.part is not None and self.part.inside:
            self.build_slice(rendered)
            return
        self.profile_files()
        pages = index_pages(len(ctx.published))
        self.campaign_files()
        self.decision_files()
        self.listing_file(
            f"{API_ROOT}awards.json",
            lambda: dump_json(jsonapi.awards_document(ctx, self.row_counts().awards)),
        )
        # Keyed by the counts it shows, not by the listings' key: an award or a rename kept
        # it (~13 µs a profile at 10,000 to make, issue #21).
        self.facts_file(
            f"{API_ROOT}localities.json",
            lambda: jsonapi.localities_facts(ctx, self.row_counts().places()),
            lambda: dump_json(jsonapi.localities_document(ctx, self.row_counts().places())),
        )
        self.listing_file(
            f"{API_ROOT}index.json", lambda: dump_json(jsonapi.index_document(ctx, pages))
        )
        # Made from the code and the site's address only: kept while the context is the same
        # (pydantic makes them in ~0.2 s, whatever the roll's size).
        schemas = functools.cache(api.api_schemas)
        for name in api.DOCUMENTS:
            self.context_file(
                f"{SCHEMAS_ROOT}{name}.json", functools.partial(self._schema, schemas, name)
            )
        self.csv_file(CSV_VI, english=False)
        self.csv_file(CSV_EN, english=True)
        self.listing_file(XLSX_VI, self.roll_workbook)
        if XLSX_VI in self.kept:  # where its segments lie, for the next build that splices it
            self.keep_entry_part(f"{XLSX_LINES_PART}{XLSX_VI}")
        models = [e for e in ctx.published if row_of(e).kind == "model"]  # rows: none unpickled
        if models:
            self.models_file(models)
        self.roll_workbooks()
        feeds: dict[str, dt.date] = {}
        site_feed = f"{ctx.config.site_name}: hồ sơ mới và cập nhật"
        entries = self.feed_entries(SITE_FEED_PATH, ctx.published)
        feeds[SITE_FEED_PATH] = self.feed_file(SITE_FEED_PATH, site_feed, "", entries)
        for slug, (campaign, _doc) in sorted(site.campaigns.items()):
            path = campaign_feed_path(slug)
            entries = self.feed_entries(path, ctx.members[slug])
            feeds[path] = self.feed_file(path, campaign.title, campaign_path(slug), entries)
        for path, data in feed_sitemaps(ctx, feeds).items():
            self.files[path] = data
        self.press_kits()
        self.files[ROBOTS] = self.robots()
        if self.docs:
            rendered.docs.update(data_pages(site, ctx.today))
        for rel in [*self.files, *self.kept]:
            if rel in rendered.files or rel in rendered.extra:
                raise OpenDataError(f"{rel} is produced twice")
        rendered.files.update(self.files.held)
        rendered.files_kept.update(self.kept)
        self.keep_entry_part(ROW_COUNTS_PART)  # not counted now: the counts stand as kept
        self.record()
        if self.lines is not None and (self.kinds_made or self.lines_made):
            # The lines of a file kept now (its file damaged, another made) stay as saved;
            # of a kind made whole, only this build's (and none of another code's kinds).
            # Else only the shards of the lines made now are read and written.
            made = tuple(self.kinds_made)
            keep = None
            if made:
                keep = lambda p: p.startswith(LINE_KINDS) and not p.startswith(made)  # noqa: E731
            self.lines.update(self.lines_made, keep)

    def _schema(self, schemas: Callable[[], dict[str, api.JSON]], name: str) -> bytes:
        schema = {"$id": self.ctx.schema_url(name), **schemas()[name]}
        return dump_json(schema, pretty=True)

    def feed_entries(self, path: str, entries: list[Entry]) -> list[Entry]:
        """The entries a feed lists, of `entries`: found among all only when the listings
        changed (their dates are listing facts); else the last build's, by slug."""
        part = f"{FEED_PART}{path}"

        def make() -> str:
            return "\n".join(i.entry.slug for i in feed_items(entries))

        slugs = self.listing_text(part, make)
        if self.by_slug is None:
            self.by_slug = {entry.slug: entry for entry in self.ctx.published}
        found = [self.by_slug.get(slug) for slug in slugs.split("\n")] if slugs else []
        if None in found:  # a slug damaged in the cache names none: made again, and kept so
            slugs = make()
            if part in self.keys:
                self.chunks[part] = slugs.encode("utf-8")
            found = [self.by_slug[slug] for slug in slugs.split("\n")] if slugs else []
        return [entry for entry in found if entry is not None]

    def feed_file(self, path: str, title: str, alternate: str, entries: list[Entry]) -> dt.date:
        """The Atom feed at `path` of `entries` (`feed_entries`'), made from them and the
        context alone: kept while their keys and the context are the same; its `updated`."""
        # Rendered by every build, edits and no-change builds alike: ~40 ms of the child's CPU
        # for the site's and its campaigns' feeds at 1,000 profiles (issue #21).
        ctx, cache = self.ctx, self.cache
        key = None
        if cache is not None and cache.context:
            keys = [self.entry_key(e.slug, "file", path) for e in entries]
            if None not in keys:
                facts = [title, alternate, *(k for k in keys if k is not None)]
                key = page_key(cache.context, "file", path, *facts)
        updated: list[dt.date] = []

        def make() -> bytes:
            data, date = feed(ctx, path, title, alternate, entries, self.atom_entry)
            updated.append(date)
            return data

        self._kept_or_made(path, key, make)
        for entry in entries:  # kept for the next feed made that lists it
            self.keep_entry_part(f"{FEED_ENTRY}{entry.slug}")
        return updated[0] if updated else feed_updated(ctx, feed_items(entries))

    def atom_entry(self, entry: Entry, make: Callable[[], bytes]) -> bytes:
        """A profile's Atom entry, the same in every feed that lists it: the last build's
        while its key is the same. A feed made again for one profile's edit reads the
        profiles of the others (up to `FEED_LIMIT`, spread over the roll's blocks: most of
        them at 10,000) only if they changed (issue #21)."""
        return self.entry_part(f"{FEED_ENTRY}{entry.slug}", entry, make)

    def english_kit(self, entry: Entry) -> bytes:
        """The English press kit of `entry`, with the same API document as its own."""
        return self.press.english_press_kit(entry, self.json_of(entry))

    def json_of(self, entry: Entry) -> bytes:
        """The entry's API document, as made now or as kept in the output folder."""
        path = profile_api_path(entry.slug)
        if path in self.files:
            return self.files.read(path)
        assert self.cache is not None and path in self.kept  # only kept files are not made
        return self.cache.read_file(path)

    def roll_workbook(self) -> bytes:
        """The roll's workbook (`XLSX_VI`), spliced from the last build's while it is the file
        written (`workbooksplice`), else every profile's rows made."""
        cache, part = self.cache, f"{XLSX_LINES_PART}{XLSX_VI}"
        last = last_workbook(cache, XLSX_VI, part) if cache is not None else None
        if last is None:  # the lines' file let go of the kinds this code no longer keeps
            self.kinds_made.append(f"{XLSX_CHUNK}roll/")
        steady = cache.steady if cache is not None else set()
        data, manifest = tables.roll_workbook(self.ctx, last, steady)
        self.note_manifest(XLSX_VI, part, manifest.dumps())
        return data

    def sheet_rows(self, which: str, entry: Entry, form: str, make: Callable[[], bytes]) -> bytes:
        """`which` of a profile's rows of a workbook in `form` (`tables.KeptRows`): kept as its
        CSV lines are (at `XLSX_CHUNK`), else made."""
        return self.kept_line(f"{XLSX_CHUNK}{which}/{entry.slug}", entry, make, form)

    def kept_line(
        self, path: str, entry: Entry, make: Callable[[], bytes], form: str = ""
    ) -> bytes:
        """A profile's lines of a table (its CSV lines, its rows of the roll's workbook in
        `form`), made from its entry (and the context) only: the last build's (`lines`, at
        `path`) while its key is the same."""
        key = self.entry_key(entry.slug, "file", path, form)
        if self.lines is None or key is None:
            return make()
        data = find_kept_line(self.lines, self.lines_made, path, key)
        if data is None:
            data = make()
            self.lines_made[path] = (key, data)
        return data

    def robots(self) -> bytes:
        """robots.txt: everything public may be crawled; the sitemap's absolute address."""
        lines = ["User-agent: *", "Allow: /"]
        if safe_http_url(self.ctx.config.site_url):
            lines += ["", f"Sitemap: {self.ctx.url(SITEMAP)}"]
        return ("\n".join(lines) + "\n").encode("utf-8")


def _rows_note(roll: Roll, listings: str) -> bytes:
    """What a roll's workbook's key is made from besides its rows' entries: their count, the
    roll's title and the listings' key of the build (`ROLL_ROWS_PART`)."""
    return f"{roll.count}\n{listings}\n{roll.title}".encode()


def add_open_data(
    rendered: Rendered,
    site: Site,
    today: dt.date,
    images: ImageResult | None = None,
    cache: PageCache | None = None,
    output: FileOutput | None = None,
    part: Part | None = None,
    lines: KeptLines | None = None,
    rolls: list[Roll] | None = None,
    docs: bool = True,
) -> list[str]:
    """Add the API, CSV, feeds, press kits, robots.txt and (with `docs`) the data page to
    `rendered`; the paths of the files made (in `rendered.files`, or handed to `output` as
    made). `part`: a partitioned build's part, which makes only its own
    (generator.model.partition); `rolls`: the site's (`iter_rolls`), if the caller grouped
    them already."""
    # `cache`: per-profile JSON and press kits of an earlier build, reused by key (and updated);
    # `lines`, with it: the CSV's lines of the last build that made it, by key (and updated).
    made = _OpenData(site, today, images, cache, output, part, lines, rolls, docs)
    made.build(rendered)
    return made.files.names
