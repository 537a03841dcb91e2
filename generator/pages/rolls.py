"""The rolls (/danh-sach/...): every page of each listing, their index and the provinces'."""

from __future__ import annotations

from typing import Any

from generator.model.rollpages import RollPage, former_page_paths
from generator.model.rolls import (
    PROVINCE_INDEX_PATH,
    Roll,
    place_roll_counts,
    province_counts,
    roll_pages,
)
from generator.model.urls import safe_http_url
from generator.pages.renderer import PageRenderer
from generator.templating.environment import front_matter

PROVINCE_ROLLS = "danh-sach/tinh/"


def province_stats(r: PageRenderer, roll: Roll) -> list[Any]:
    """The compact figures shown on the first page of a province roll (else none)."""
    if not roll.path.startswith(PROVINCE_ROLLS):
        return []
    return r.stats.provinces.get(roll.path[len(PROVINCE_ROLLS) :].strip("/"), [])


def render_roll(r: PageRenderer, roll: Roll) -> None:
    """Every page of one listing (generator.model.rollpages: pages that do not shift)."""
    pagination = roll_pages(r.site, roll)
    pages = pagination.pages
    about = repr((roll.path, roll.title, roll.group, roll.kind, roll.intro, roll.parents))
    # What only the roll's first page shows: the counts, the communes, the province's figures.
    first_page = (
        repr((len(roll.rows), roll.communes, roll.unplaced, province_stats(r, roll)))
        if r.cache
        else ""
    )
    letters = repr(pagination.letters)
    # A province roll's rows head each commune, linked when it has its own page: each
    # commune's text made once for the roll, not once per row (the repr of a commune with
    # its former units for every row was a third of the rolls' keys, issue #21).
    sections = {a: repr(g) for a, g in roll.sections.items()} if r.cache and roll.communes else {}
    named = roll.title_en or r.t(roll.title) if r.language == "en" else roll.title
    neighbours = _neighbours(pages)
    for index, page in enumerate(pages):
        rows = page.rows
        previous, following = neighbours[index]
        # The first page of the roll (or of a letter) lists the pages that follow it.
        contents = _following_pages(pages, index) if page.opens_letter else []
        shown = [row.section for row in rows] if sections else []
        key = r.key(
            "roll",
            [(row.entry, row.award_index) for row in rows]
            + [(later.rows[0].entry, -2) for later in contents],
            about,
            "\n".join([page.path, previous, following, page.letter, letters]),
            repr([later.path for later in contents]),
            first_page if index == 0 else "",
            repr(shown) + "".join(f"\n{s}: {sections.get(s)}" for s in dict.fromkeys(shown)),
        )
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


def render_roll_redirects(r: PageRenderer, roll: Roll) -> None:
    """The addresses of the pages a roll had when cut every `page_size` rows ("…/trang-2/"),
    redirected to the first page of the letter of that page's first row, else to the roll;
    post-build pages of the merge in a partitioned build (as every redirect)."""
    size = r.site.config.page_size
    pagination = roll_pages(r.site, roll)
    letters = {letter.label: letter.path for letter in pagination.letters}
    rows = len(roll.rows if roll.shown is None else roll.shown)
    made: dict[str, str] = {}  # target -> HTML: the same for each page of a roll
    base = safe_http_url(r.site.config.site_url) or ""
    for here, first in former_page_paths(roll.path, rows, size):
        target = letters.get(pagination.page_of(first).letter, roll.path)
        html = made.get(target)
        if html is None:
            html = made[target] = r.env.get_template("redirect.html").render(
                **r.context(here),
                target=target,
                canonical=base.rstrip("/") + "/" + r.at(target) if base else "",
                moved_title=r.t("Trang đã chuyển địa chỉ"),
                moved_text=r.t("Trang đã chuyển sang địa chỉ mới:"),
            )
        r.out.extra.setdefault(f"{r.at(here)}index.html", html)


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
