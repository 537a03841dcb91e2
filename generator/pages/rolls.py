"""The rolls (/danh-sach/...): every page of each listing, their index and the provinces'."""

from __future__ import annotations

import json
from typing import Any

from generator.incremental.pagecache import page_key
from generator.model.checkrows import row_of
from generator.model.rollpages import RollPage, former_page_targets, row_key
from generator.model.rolls import (
    PROVINCE_INDEX_PATH,
    CommuneGroup,
    Roll,
    Row,
    place_roll_counts,
    province_counts,
    roll_pages,
)
from generator.model.urls import EDITIONS, doc_file, edition_path
from generator.pages.renderer import PageRenderer
from generator.templating.environment import front_matter

PROVINCE_ROLLS = "danh-sach/tinh/"
# The rolls' former page addresses and where they lead (render_former_pages); its path is
# in theme/404.html too.
FORMER_PAGES_FILE = "danh-sach/trang-cu.json"


def province_stats(r: PageRenderer, roll: Roll) -> list[Any]:
    """The compact figures shown on the first page of a province roll (else none)."""
    if not roll.path.startswith(PROVINCE_ROLLS):
        return []
    return r.stats.provinces.get(roll.path[len(PROVINCE_ROLLS) :].strip("/"), [])


def render_roll(r: PageRenderer, roll: Roll) -> None:
    """Every page of one listing (generator.model.rollpages: pages that do not shift)."""
    about = repr((roll.path, roll.title, roll.group, roll.kind, roll.intro, roll.parents))
    # What only the roll's first page shows: the counts, the communes, the province's figures.
    first_page = (
        repr((roll.count, communes_text(roll), roll.unplaced, province_stats(r, roll)))
        if r.cache
        else ""
    )
    whole = roll_key(r, about, first_page)
    if keep_roll(r, roll, whole):
        return
    # A province roll's rows head each commune, linked when it has its own page: each
    # commune's text made once for the roll, not once per row (the repr of a commune with
    # its former units for every row was a third of the rolls' keys, issue #21).
    sections = (
        {a: commune_text(g) for a, g in roll.sections.items()} if r.cache and roll.communes else {}
    )
    pagination = roll_pages(r.site, roll)
    pages = pagination.pages
    letters = repr(pagination.letters)
    named = roll.title_en or r.t(roll.title) if r.language == "en" else roll.title
    neighbours = _neighbours(pages)
    last = _last_shapes(r, roll)
    made: list[tuple[str, str | None]] = []
    shapes: list[str] = []
    for index, page in enumerate(pages):
        rows = page.rows
        previous, following = neighbours[index]
        # The first page of the roll (or of a letter) lists the pages that follow it.
        contents = _following_pages(pages, index) if page.opens_letter else []
        firsts = [later.rows[0] for later in contents]
        shown = [row.section for row in rows] if sections else []
        parts = (
            about,
            "\n".join([page.path, previous, following, page.letter, letters]),
            repr([later.path for later in contents]),
            first_page if index == 0 else "",
            repr(shown) + "".join(f"\n{s}: {sections.get(s)}" for s in dict.fromkeys(shown)),
        )
        shape = page_shape(r, rows, parts)
        shapes.append(shape)
        kept = last.get(page.path)
        if kept is not None and kept[0] == shape and _all_steady(r, rows, firsts):
            key: str | None = kept[1]  # its rows and what else it shows: the last build's
        else:
            key = roll_page_key(r, rows, firsts, *parts)
        made.append((page.path, key))
        if r.reuse(page.path, key):
            continue
        label = _page_label(r, page, index)
        r.page(
            page.path,
            "roll.md",
            front_matter(f"{named} ({label})" if label else named),
            roll=roll,
            rows=rows,
            page=page,
            first=index == 0,
            previous=previous,
            following=following,
            letters=pagination.letters,
            contents=contents,
            province_stats=province_stats(r, roll) if index == 0 else [],
            stat_english=r.stats.english if index == 0 and province_stats(r, roll) else None,
        )
    note_roll(r, roll, whole, made, shapes)


def page_shape(r: PageRenderer, rows: list[Row], parts: tuple[str, ...]) -> str:
    """What a roll page's key is made of besides what its rows' entries show: the context,
    the edition, how the configuration cuts the roll, its `parts`, how many rows it has and
    which is last (its first names its path, in `parts`)."""
    # Of a roll that changed, a page whose rows' entries are all the last build's (steady),
    # with the same path, count and last row, holds the same rows: steady rows keep their
    # order and their rolls, so a row that left the page was a changed entry's, and the rows
    # between its first and its last could only be fewer. Its key is then the last build's,
    # not made again from every row (~60,000 rows' digests hashed at 30,000 profiles, for
    # the few pages an award changes, issue #21).
    cache = r.cache
    config = r.site.config
    return page_key(
        cache.context if cache is not None else "",
        r.language,
        f"{config.page_size} {config.rolls.letter_pages}",
        str(len(rows)),
        row_key(rows[-1]) if rows else "",
        *parts,
    )


def _last_shapes(r: PageRenderer, roll: Roll) -> dict[str, tuple[str, str]]:
    """The last build's pages of `roll` by path: (`page_shape`, key)."""
    cache = r.cache
    if cache is None or not cache.rolls or not cache.steady:
        return {}
    last = cache.rolls.get(r.at(roll.path))
    if last is None or len(last) < 6:  # none, or a state saved before the shapes
        return {}
    return dict(zip(last[2], zip(last[5], last[3], strict=True), strict=True))


def _all_steady(r: PageRenderer, rows: list[Row], firsts: list[Row]) -> bool:
    """True if every entry of `rows` and `firsts` is the last build's (`PageCache.steady`)."""
    steady = r.cache.steady if r.cache is not None else set()
    return all(row.entry.slug in steady for row in rows) and all(
        row.entry.slug in steady for row in firsts
    )


def roll_page_key(r: PageRenderer, rows: list[Row], firsts: list[Row], *parts: str) -> str | None:
    """The cache key of a roll page showing `rows` (and naming the pages that start with
    `firsts`) and `parts`: of each row, what the page shows of it (`CheckRow.shown`), not its
    entry's source; None when a row's entry is not tracked (then the page is made)."""
    # An entry's source changes with any of its facts: keyed by it, an award made again the
    # page of every roll listing the entry (its kind's, province's, commune's, campaigns',
    # sector's...), and read the profiles of all their rows (issue #21).
    cache = r.cache
    if cache is None or not cache.context:
        return None
    tracked = cache.entries
    digests = []
    for row in rows:
        if row.entry.slug not in tracked:
            return None
        own, awards = row_of(row.entry).shown
        index = row.award_index
        digests.append(f"{own}:{index}:{awards[index]}" if index >= 0 else own)
    for row in firsts:
        if row.entry.slug not in tracked:
            return None
        digests.append(f"{row_of(row.entry).shown[0]}:first")
    kind = "roll" if r.language == "vi" else f"roll:{r.language}"
    return page_key(cache.context, kind, *parts, *digests)


def commune_text(group: CommuneGroup) -> str:
    """What a province roll shows of one of its communes, for its pages' keys: the unit's
    code (its names and its former units are the shipped table's, in every key's context),
    its anchor, its count and where its links land."""
    # Not the group's repr: every commune's unit and former units written out was ~500 KB
    # of text at 1,000 profiles, made for every province roll on every edit that makes the
    # listings again, kept or not (issue #21).
    return repr(
        (group.unit.code, group.anchor, group.count, group.path, group.fragment, group.own_page)
    )


def communes_text(roll: Roll) -> str:
    """`commune_text` of each of a province roll's communes ("[]" for any other roll)."""
    return "[" + ", ".join(commune_text(group) for group in roll.communes) + "]"


def roll_key(r: PageRenderer, about: str, first_page: str) -> str:
    """The key of what a roll's pages show besides their rows' entries: the context (which
    holds the generator, so the templates), the edition, the roll's own texts, and its
    first page's figures and communes (every commune's heading, `first_page`), and how the
    configuration cuts it."""
    cache = r.cache
    config = r.site.config
    return page_key(
        cache.context if cache is not None else "",
        r.language,
        about,
        first_page,
        f"{config.page_size} {config.rolls.letter_pages}",
    )


def keep_roll(r: PageRenderer, roll: Roll, whole: str) -> bool:
    """Keep every page of `roll` as the last build wrote it, when none of its entries changed
    since (nor their number) and what the roll shows besides them (`whole`) is the same, and
    each page's file in build/docs is intact; False: nothing kept, the roll is made."""
    # Its rows are then the last build's: a row is an entry's, with what the entry says of
    # itself (an award, a commune); an entry that left the roll changed, and the roll now
    # has fewer rows unless an entry that changed too took its place, which is seen. Then
    # the pages are cut where they were and keyed as they were: no cut and no key made
    # again for each of the roll's rows on every edit that makes the listings (issue #21).
    cache = r.cache
    if cache is None or not cache.rolls or not cache.steady:
        return False
    last = cache.rolls.get(r.at(roll.path))
    if last is None or last[0] != whole or last[1] != roll.count:
        return False
    steady = cache.steady
    # A roll the splice took whole is known steady: not each row looked up (~0.24 s for the
    # ~3,400 rolls an award edit keeps at 30,000 profiles, issue #21).
    if not roll.steady and any(row.entry.slug not in steady for row in roll.rows):
        return False
    docs = [doc_file(r.at(path)) for path in last[2]]
    if not all(cache.doc_intact(doc, key) for doc, key in zip(docs, last[3], strict=True)):
        return False
    for doc, key in zip(docs, last[3], strict=True):
        r.keep(doc, key)  # its file checked just above: not stat'ed a second time
    r.kept_rolls.add(roll.path)
    return True


def note_roll(
    r: PageRenderer,
    roll: Roll,
    whole: str,
    made: list[tuple[str, str | None]],
    shapes: list[str],
) -> None:
    """Remember how `roll`'s pages were just made (`keep_roll` and the pages' `page_shape`
    read it in the next build)."""
    cache = r.cache
    if cache is None:
        return
    if cache.rolls is None:
        cache.rolls = {}
    keys = [key for _path, key in made if key is not None]
    if len(keys) < len(made):
        cache.rolls.pop(r.at(roll.path), None)  # a page without a key: never kept whole
        return
    paths = tuple(path for path, _key in made)
    cache.rolls[r.at(roll.path)] = (whole, roll.count, paths, tuple(keys), None, tuple(shapes))


def forget_rolls(r: PageRenderer) -> None:
    """Drop what is remembered of rolls whose first page this build did not key (rolls gone)."""
    cache = r.cache
    if cache is not None and cache.rolls:
        cache.rolls = {p: s for p, s in cache.rolls.items() if doc_file(p) in r.keys}


def _neighbours(pages: list[RollPage]) -> list[tuple[str, str]]:
    """The paths of the pages before and after each page ("" at an end), passing over the
    pages of letters without names (reached from the letters only)."""
    found: list[tuple[str, str]] = []
    last = ""
    for index, page in enumerate(pages):
        found.append((last, ""))
        if page.rows or index == 0:
            last = page.path
    following = ""
    for index in range(len(pages) - 1, -1, -1):
        found[index] = (found[index][0], following)
        if pages[index].rows:
            following = pages[index].path
    return found


def _following_pages(pages: list[RollPage], index: int) -> list[RollPage]:
    """The pages after `pages[index]` up to the next letter's first page."""
    found: list[RollPage] = []
    for page in pages[index + 1 :]:
        if page.opens_letter:
            break
        found.append(page)
    return found


def _page_label(r: PageRenderer, page: RollPage, index: int) -> str:
    """What tells a page apart in its title: "H", "H, từ Nguyễn Văn Hùng" ("" on the first)."""
    if index == 0:
        return ""
    if page.opens_letter:
        return page.letter
    start = f"{r.t('từ')} {page.rows[0].entry.display_name}"
    return f"{page.letter}, {start}" if page.letter else start


def render_former_pages(r: PageRenderer, rolls: list[Roll]) -> None:
    """Where the addresses of the pages the rolls had when cut every `page_size` rows
    ("…/trang-2/") lead now: one file (`FORMER_PAGES_FILE`), read by the 404 page's script
    (theme/assets/javascripts/moved.js), rather than a redirect page at each address."""
    # A redirect page each was 0.12-0.21 files a profile, on a new site too (issue #21's
    # budget is 4): hosts serve 404.html at a missing address, and it sends the reader on.
    if r.language != "vi":
        return  # the edition's rolls are the same under its folder: the script adds it
    size = r.site.config.page_size
    found: dict[str, list[int | str]] = {}
    states = r.cache.rolls if r.cache is not None and r.cache.rolls is not None else {}
    for roll in rolls:
        state = states.get(roll.path)
        if roll.path in r.kept_rolls and state is not None and state[4] is not None:
            # Kept whole: its pages are the last build's, so are their former addresses.
            targets = state[4]
        else:
            targets = _former_targets(r, roll, size)
            if state is not None:
                states[roll.path] = (*state[:4], targets, *state[5:])
        if targets:
            found[roll.path] = targets
    # The other editions' folders ("en/"), where the same rolls are.
    editions = [edition_path(language, "") for language in EDITIONS[1:]]
    editions = editions if r.site.config.english_edition else []
    data = {"editions": editions, "rolls": found}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    r.out.files[FORMER_PAGES_FILE] = (text + "\n").encode("utf-8")


def _former_targets(r: PageRenderer, roll: Roll, size: int) -> list[int | str]:
    """`former_page_targets` of one roll; [] for a roll that had no former page 2."""
    rows = len(roll.rows if roll.shown is None else roll.shown)
    pagination = roll_pages(r.site, roll)
    # A roll of one page had no former page 2, and has no `tu-<slug>/` page to miss.
    if rows > size or len(pagination.pages) > 1:
        return former_page_targets(roll.path, pagination, rows, size)
    return []


def render_rolls_index(r: PageRenderer, rolls: list[Roll]) -> None:
    """The index of every roll (/danh-sach/)."""
    r.page(
        "danh-sach/",
        "rolls.md",
        front_matter(r.t("Danh sách vinh danh")),
        rolls=rolls,
        decision_count=len(r.site.decisions),
    )


def render_provinces_index(r: PageRenderer) -> None:
    """The index of the province rolls and of the other places' rolls."""
    r.page(
        PROVINCE_INDEX_PATH,
        "provinces.md",
        front_matter(r.t("Vinh danh theo tỉnh, thành phố")),
        provinces=province_counts(r.site, r.published),
        others=place_roll_counts(r.published),
    )
