"""The images stage: plan (key every job, look the keys up), run what is missing, publish."""

from __future__ import annotations

import contextlib
import filecmp
import functools
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import Problem, make_problem
from generator.images.cache import (
    DIGESTS_FILE,
    PhotoDigests,
    _cached_cards,
    _card_entry,
    _forget_cards,
    _photo_entry,
    _photo_set,
    _read_meta,
    _retire_cards,
    remove_obsolete,
)
from generator.images.cards import card_format, remembered_card_key
from generator.images.encoding import (
    _problem,
    photo_key,
)
from generator.images.jobs import (
    _CARD_EXTENSIONS,
    CACHE_DIR,
    CARD_SIZE,
    MIME_TYPES,
    SITE_CARD_SLUG,
    CardFormat,
    CardJob,
    CardKind,
    ImageResult,
    ImageSettings,
    ImageStats,
    PhotoJob,
    PhotoSet,
    Variant,
    card_path,
)
from generator.images.tasks import _CardTask, _Outcome, _PhotoTask, _run_all
from generator.progress import SILENT, Progress
from generator.source.load import (
    PhotoRefused,
    check_photo_bytes,
    check_photo_dimensions,
    error_reason,
    photo_width_findings,
)
from generator.source.validate import field_path
from generator.vntext import vi_date

if TYPE_CHECKING:
    # Only for annotations: workers never need the model loaded.
    from generator.model.checkrows import CheckRow
    from generator.model.entries import Entry, Site
    from generator.model.partition import Part
    from generator.reference.taxonomy import Award
    from generator.source.config import Limits
    from generator.source.documents import Photo


def _publish(source: str, dest: str, made: set[str]) -> bool:
    """Hard-link (or copy) a cached file into the output, leaving identical files untouched;
    True if it was linked anew."""
    # Path strings: a build looks at 10,000 cards.
    try:
        existing = os.stat(dest)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        cached = os.stat(source)
        if (existing.st_ino, existing.st_dev) == (cached.st_ino, cached.st_dev):
            return False
        if existing.st_size == cached.st_size and filecmp.cmp(source, dest, shallow=False):
            return False
    folder, name = os.path.split(dest)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        os.link(source, tmp)
    except OSError:
        # Another file system, or one without hard links: a copy costs only disk space.
        shutil.copyfile(source, tmp)
    os.replace(tmp, dest)
    return True


def _write_problem(path: str, reason: str) -> Problem:
    return make_problem(path, 1, 1, "", "image.write_failed", file=path, reason=reason)


@dataclass
class _Plan:
    """What a run must do: keys per job, cached entries found, tasks for the rest."""

    metas: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    photo_keys: list[tuple[PhotoJob, str]] = field(default_factory=list)
    card_keys: dict[tuple[str, str, str], tuple[str, CardFormat]] = field(default_factory=dict)
    """Each card's key and file format, by (language, kind, slug)."""
    cards_cached: set[str] = field(default_factory=set)
    referenced: set[str] = field(default_factory=set)
    """Keys of cards another part of a partitioned build draws: named, never drawn here."""
    tasks: list[_PhotoTask | _CardTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _plan(
    photos: Sequence[PhotoJob],
    cards: Sequence[CardJob],
    cache_dir: Path,
    settings: ImageSettings,
    memo: PhotoDigests,
    draw: Callable[[CardJob], bool] | None = None,
) -> _Plan:
    """Key every photo and card by its inputs and look each key up, decoding nothing
    (`draw`: which cards this run draws; the others are only named, `_Plan.referenced`)."""
    plan = _Plan()
    for job in photos:
        try:
            st = job.source.stat()
            check_photo_bytes(st.st_size, settings.max_bytes)  # before hashing it
            digest = memo.digest(job.source, st)
        except PhotoRefused as refused:
            plan.problems.append(_problem(job, refused.code, **refused.params))
            continue
        except OSError as exc:
            reason = exc.strerror or error_reason(exc)
            plan.problems.append(_problem(job, "image.unreadable", reason=reason))
            continue
        key = photo_key(digest, settings)
        plan.photo_keys.append((job, key))
        if key not in plan.metas:
            plan.metas[key] = _read_meta(_photo_entry(cache_dir, key))
            if plan.metas[key] is None:
                plan.tasks.append(_PhotoTask(job.source, digest, key, settings, cache_dir))
    queued: set[str] = set()
    if cards:
        _retire_cards(cache_dir)
    drawn = _cached_cards(cache_dir)
    for card in cards:
        card = _keyed_photo(card, memo)
        key = remembered_card_key(card)
        fmt = card_format(card)  # the key names the photo, so one key has one format
        plan.card_keys[(card.language, card.kind, card.slug)] = (key, fmt)
        if draw is not None and not draw(card):
            plan.referenced.add(key)
            continue
        if key in plan.cards_cached or key in queued:
            continue
        if f"{key}.{_CARD_EXTENSIONS[fmt]}" in drawn:
            plan.cards_cached.add(key)
        else:
            queued.add(key)
            plan.tasks.append(_CardTask(card, key, cache_dir))
    if cards and draw is None:
        # Not in a part of a partitioned build: it sees only some of the site's cards, and
        # the others' (in the images cache the whole build shares) are still wanted.
        wanted = {f"{key}.{_CARD_EXTENSIONS[fmt]}" for key, fmt in plan.card_keys.values()}
        _forget_cards(cache_dir, drawn - wanted)
    return plan


def _keyed_photo(card: CardJob, memo: PhotoDigests) -> CardJob:
    """`card` with its photo's digest set (without its photo when that cannot be read)."""
    if card.photo is None:
        return card
    # The photos were digested just before (the memo's `new`): hashed once per build.
    known = memo.new.get(str(card.photo))
    if known is not None:
        return replace(card, photo_digest=known[4])
    try:
        return replace(card, photo_digest=memo.digest(card.photo, card.photo.stat()))
    except OSError:
        return replace(card, photo=None, photo_digest="")


def _photo_problems(
    job: PhotoJob, meta: dict[str, Any] | None, failed: _Outcome | None, settings: ImageSettings
) -> list[Problem]:
    """Why a photo cannot be published (or what to warn about) once its work is done."""
    if meta is None:
        assert failed is not None  # every key without an entry had a task
        params = dict(failed.params)
        if failed.code == "image.write_failed":
            return [_write_problem(params["at"], params["reason"])]
        return [_problem(job, failed.code, **params)]
    width, height = meta["width"], meta["height"]
    try:
        # Cached under laxer rules: the photo's bytes are the same, the rules are not.
        check_photo_dimensions(width, height, settings.max_pixels)
    except PhotoRefused as refused:
        return [_problem(job, refused.code, **refused.params)]
    return [
        _problem(job, code, severity, **params)
        for code, severity, params in photo_width_findings(width, settings.min_width)
    ]


def _card_photo_changed(slug: str, source: str, photos: Sequence[PhotoJob]) -> Problem:
    """The "image.changed" problem of a card's photo, named as editors know it: at the
    `photos:` item of the profile that shows it (a card's photo is one of its published
    photos), never by the absolute path the card was drawn from."""
    job = next((j for j in photos if j.slug == slug and str(j.source) == source), None)
    if job is not None:
        return _problem(job, "image.changed")
    return make_problem(Path(source).name, 1, 1, "", "image.changed", file=Path(source).name)


def process_images(
    photos: Sequence[PhotoJob],
    cards: Sequence[CardJob],
    cache_dir: Path,
    out_dir: Path | None,
    settings: ImageSettings | None = None,
    workers: int | None = None,
    progress: Progress = SILENT,
    draw: Callable[[CardJob], bool] | None = None,
) -> ImageResult:
    """Encode photos and cards into the cache (only what changed), then publish them to `out_dir`.

    `draw` (a partitioned build, generator.model.partition): the cards this part draws; the
    pages still name the others (their paths come from their keys), another part draws them.

    With `out_dir=None` nothing is published: a full check that also warms the cache. When
    any photo is refused, nothing is published either (a failed build writes nothing).
    `workers=None` uses every core; 1 runs in this process. `progress` gets the number of
    photos and cards to encode (the cached ones cost nothing), then each one done.
    """
    settings = settings or ImageSettings()
    remove_obsolete(cache_dir)
    memo = PhotoDigests(cache_dir / DIGESTS_FILE)
    plan = _plan(photos, cards, cache_dir, settings, memo, draw)
    progress.stage("images", len(plan.tasks))
    result = ImageResult(problems=plan.problems)
    photos_reused = sum(1 for meta in plan.metas.values() if meta is not None)
    failed: dict[str, _Outcome] = {}
    photos_encoded = cards_encoded = 0
    for task, outcome in zip(plan.tasks, _run_all(plan.tasks, workers, progress), strict=True):
        if outcome.meta is None:
            failed[outcome.key] = outcome
        elif isinstance(task, _PhotoTask):
            plan.metas[outcome.key] = outcome.meta
            photos_encoded += 1
        else:
            cards_encoded += 1
    with contextlib.suppress(OSError):
        memo.save()  # digests that cannot be written only cost hashing next time
    result.stats = ImageStats(photos_encoded, photos_reused, cards_encoded, len(plan.cards_cached))
    for job, key in plan.photo_keys:
        meta = plan.metas.get(key)
        problems = _photo_problems(job, meta, failed.get(key), settings)
        result.problems.extend(problems)
        if meta is not None and all(p.severity != "error" for p in problems):
            result.photo_sets[(job.slug, job.index)] = _photo_set(key, meta)
    for (language, kind, slug), (key, fmt) in plan.card_keys.items():
        if key in failed:
            params = dict(failed[key].params)
            if failed[key].code == "image.changed":
                result.problems.append(_card_photo_changed(slug, params["file"], photos))
            else:
                result.problems.append(_write_problem(params["at"], params["reason"]))
            continue
        path = card_path(language, kind, slug, key, _CARD_EXTENSIONS[fmt])
        drawn_for = (
            result.cards if language == "vi" else result.edition_cards.setdefault(language, {})
        )
        drawn_for[(kind, slug)] = Variant(path, *CARD_SIZE, MIME_TYPES[fmt])
    if result.ok:
        result.sources = _sources(result, plan.card_keys, cache_dir, plan.referenced)
        if out_dir is not None:
            publish_images(result, out_dir)
    result.problems.sort()
    if not result.ok:
        result.photo_sets.clear()
        result.cards.clear()
        result.edition_cards.clear()
        result.files = ()
        result.sources = {}
    return result


def _sources(
    result: ImageResult,
    card_keys: dict[tuple[str, str, str], tuple[str, CardFormat]],
    cache_dir: Path,
    referenced: Collection[str] = (),
) -> dict[str, str]:
    """Every output file's cache entry, by its path in the output folder (not the cards
    another part draws: `referenced`)."""
    pairs: dict[str, str] = {}
    for photo_set in result.photo_sets.values():
        entry = _photo_entry(cache_dir, photo_set.key)
        for variant in photo_set.variants:
            pairs[variant.path] = str(entry / variant.path.rsplit("-", 1)[1])
    editions = [("vi", result.cards), *result.edition_cards.items()]
    for language, cards in editions:
        for (kind, slug), variant in cards.items():
            key, fmt = card_keys[(language, kind, slug)]
            if key not in referenced:
                pairs[variant.path] = _card_entry(cache_dir, key, fmt)
    return dict(sorted(pairs.items()))


def publish_images(result: ImageResult, out_dir: Path) -> None:
    """Link every output file from the cache into `out_dir` (failures become problems)."""
    # A build calls this last, once every page has rendered: a failed build writes nothing.
    made: set[str] = set()
    published: list[str] = []
    for relpath, source in result.sources.items():
        try:
            if _publish(source, f"{out_dir}/{relpath}", made):
                published.append(relpath)
        except OSError as exc:
            result.problems.append(_write_problem(str(out_dir / relpath), error_reason(exc)))
    result.files = tuple(result.sources)
    result.published = tuple(published)


def iter_photo_jobs(entries: Iterable[Entry], root: Path) -> Iterator[PhotoJob]:
    """Jobs for the photos that may be published: files that passed the model's checks,
    of people who consented (`Entry.public_photos`); `index` is the position in `photos:`."""
    from generator.model.checkrows import row_of  # here: workers never load the model

    real_root = root.resolve()
    for entry in entries:
        # From the entry's row (model.checkrows): only the blocks of the edited entries are
        # unpickled by an edit (issue #21).
        for index, file, path in row_of(entry).public:
            source = Path(path)
            loc = ("photos", index, "file")
            line, col = entry.doc.pos(loc)
            try:
                shown = source.relative_to(real_root).as_posix()
            except ValueError:
                shown = file
            yield PhotoJob(
                source, shown, entry.relpath, line, col, field_path(loc), entry.slug, index
            )


def profile_card(entry: Entry) -> tuple[CardKind, str]:
    """The card a profile's page shows in link previews: its own when it has a consented
    photo (the only thing a preview cannot say in words), else its highest award's card, else
    the site's. A card per profile that repeated the name, award and place of og:title and
    og:description was a file and ~13 KB a profile (issue #21, the output budget)."""
    from generator.model.checkrows import row_of  # here: workers never load the model

    return _card_of(row_of(entry))


def _card_of(row: CheckRow) -> tuple[CardKind, str]:
    """`profile_card` of an entry's row: what the images stage reads of every entry (model.
    checkrows), so that an edit unpickles only the blocks of the entries it changed."""
    if row.public:
        return "profile", row.slug
    return ("award", row.top) if row.top is not None else ("site", SITE_CARD_SLUG)


def iter_card_jobs(site: Site, entries: Iterable[Entry]) -> Iterator[CardJob]:
    """Social cards: the site's own, one per entry given with a consented photo, one per
    award that is the highest of an entry given without one, and one per campaign; the same
    again in English when the site has its English edition."""
    entries = list(entries)
    yield from _vietnamese_card_jobs(site, entries)
    if site.config.english_edition:
        yield from english_card_jobs(site, entries)


def _vietnamese_card_jobs(site: Site, entries: Iterable[Entry]) -> Iterator[CardJob]:
    """The Vietnamese edition's cards (`iter_card_jobs`)."""
    from generator.model.checkrows import row_of  # here: workers never load the model

    config = site.config
    name = config.site_name
    yield CardJob("site", SITE_CARD_SLUG, name, config.site_description, (config.owner,), name)
    awards: dict[str, str] = {}
    for entry in entries:
        row = row_of(entry)
        kind, slug = _card_of(row)
        if kind == "award" and slug not in awards:
            awards[slug] = _top_award(site, entry, slug).name_on(None)
        if kind != "profile":
            continue
        assert row.card is not None  # made with the consented photos
        place, subtitle = row.place_text, row.card[0]
        # The photo the page shows first: consented (`public_photos`), the same file.
        photo = Path(row.public[0][2])
        yield CardJob("profile", entry.slug, entry.display_name, subtitle, (place,), name, photo)
    for award_id, award_name in sorted(awards.items()):
        # Drawn once per award: its name under the site's band, and the site's owner.
        yield CardJob("award", award_id, award_name, "", (config.owner,), name)
    for slug, (campaign, _doc) in sorted(site.campaigns.items()):
        period = f"Từ {vi_date(campaign.start)}"
        if campaign.end is not None:
            period += f" đến {vi_date(campaign.end)}"
        launched = f"Phát động: {campaign.launched_by}"
        yield CardJob("campaign", slug, campaign.title, launched, (period,), name)


def english_card_jobs(site: Site, entries: Iterable[Entry]) -> Iterator[CardJob]:
    """The English edition's cards: the same cards as the Vietnamese edition's (`profile_card`
    picks the same one for a page of either), in the words of its pages. The site's name,
    description and owner from the configuration's `en:` block (each falls back to the
    Vietnamese, as the pages' do); award names and classes from the taxonomy's English; places
    and dates as `englishtext` writes them; names of people, collectives, campaigns without
    an English title and the campaign's launcher as written, in Vietnamese."""
    # Here, not at the top: the workers that draw the cards never load the model.
    from generator.model import englishtext
    from generator.model.checkrows import row_of

    config = site.config
    english = config.en
    name = (english.site_name if english else None) or config.site_name
    description = (english.site_description if english else None) or config.site_description
    owner = (english.owner if english else None) or config.owner
    yield CardJob("site", SITE_CARD_SLUG, name, description, (owner,), name, language="en")
    awards: dict[str, str] = {}
    for entry in entries:
        row = row_of(entry)
        kind, slug = _card_of(row)
        if kind == "award" and slug not in awards:
            awards[slug] = englishtext.award_name(_top_award(site, entry, slug), None).text
        if kind != "profile":
            continue
        # The Vietnamese card shows no position or unit (name, award, place): nor does this
        # one, so that its `en:` position or unit, often absent, never decides what it shows.
        assert row.card is not None  # made with the consented photos
        subtitle, place = row.card[1:]
        photo = Path(row.public[0][2])
        texts = (entry.display_name, subtitle, (place,), name)
        yield CardJob("profile", entry.slug, *texts, photo, language="en")
    for award_id, award_name in sorted(awards.items()):
        yield CardJob("award", award_id, award_name, "", (owner,), name, language="en")
    for slug, (campaign, _doc) in sorted(site.campaigns.items()):
        title = (campaign.en.title if campaign.en is not None else None) or campaign.title
        period = f"From {englishtext.date_text(campaign.start)}"
        if campaign.end is not None:
            period += f" to {englishtext.date_text(campaign.end)}"
        launched = f"Launched by: {campaign.launched_by}"
        yield CardJob("campaign", slug, title, launched, (period,), name, language="en")


def _top_award(site: Site, entry: Entry, award_id: str) -> Award:
    """The entry's highest award (its row's `top`), the taxonomy's own object: a kept entry's
    resolved awards are the taxonomy's (model.checkcache), read without its profile."""
    found = site.taxonomy.get(award_id)
    if found is None:  # not the taxonomy's: the entry's own resolution
        assert entry.top_award is not None
        return entry.top_award.award
    return found


def image_settings(limits: Limits) -> ImageSettings:
    """The settings a site's limits ask for: the same caps `vinhdanh check` applies."""
    return ImageSettings(max_bytes=limits.max_photo_bytes, min_width=limits.min_photo_width)


def process_site_images(
    site: Site,
    out_dir: Path | None = None,
    workers: int | None = None,
    progress: Progress = SILENT,
    part: Part | None = None,
) -> ImageResult:
    """The images stage of a build: published entries' consented photos, and every card.

    `part` (a partitioned build): a slice encodes its entries' photos and draws their own
    cards, naming the cards its pages show that the merge draws; the merge encodes every
    photo (its pages show them: sizes) but publishes none only a slice's entries show, and
    draws every card but the slices' entries' own."""
    published = site.published()
    mine = published if part is None else [e for e in published if part.has_entry(e)]
    photo_entries = mine if part is not None and part.inside else published
    by_slug = {e.slug: e for e in published}
    draw = None if part is None else functools.partial(_draws, part, by_slug)
    result = process_images(
        list(iter_photo_jobs(photo_entries, site.root)),
        list(iter_card_jobs(site, mine if part is not None and part.inside else published)),
        site.root / CACHE_DIR,
        out_dir if part is None else None,
        image_settings(site.config.limits),
        workers,
        progress,
        draw,
    )
    if part is not None and part.shared:
        # Photos only the slices' entries show are theirs to publish (same bytes: the files
        # are named by the photo's digest), the others' are the merge's.
        own: set[str] = set()
        theirs: set[str] = set()
        for (slug, _index), photo_set in result.photo_sets.items():
            paths = {variant.path for variant in photo_set.variants}
            (own if part.has_entry(by_slug[slug]) else theirs).update(paths)
        result.sources = {
            rel: source for rel, source in result.sources.items() if rel in own or rel not in theirs
        }
    return result


def _draws(part: Part, entries: Mapping[str, Entry], card: CardJob) -> bool:
    """Whether `part` draws `card`: a profile's own card is its entry's part's, any other
    card the merge's."""
    if card.kind == "profile":
        entry = entries.get(card.slug)
        return entry is not None and part.has_entry(entry)
    return part.shared


def published_photos(entry: Entry, result: ImageResult) -> list[tuple[Photo, PhotoSet]]:
    """An entry's consented photos that the images stage published, in `photos:` order."""
    found: list[tuple[Photo, PhotoSet]] = []
    for photo, _source in entry.public_photos:
        index = next(i for i, p in enumerate(entry.profile.photos) if p is photo)
        photo_set = result.photo_sets.get((entry.slug, index))
        if photo_set is not None:
            found.append((photo, photo_set))
    return found
