"""The rolls (/danh-sach/...): every page of each listing, their index and the provinces'."""

from __future__ import annotations

from typing import Any

from generator.model.rolls import (
    PROVINCE_INDEX_PATH,
    Roll,
    Row,
    pagination,
    place_roll_counts,
    province_counts,
)
from generator.model.urls import page_path
from generator.pages.renderer import PageRenderer
from generator.templating.environment import front_matter

PROVINCE_ROLLS = "danh-sach/tinh/"


def province_stats(r: PageRenderer, roll: Roll) -> list[Any]:
    """The compact figures shown on the first page of a province roll (else none)."""
    if not roll.path.startswith(PROVINCE_ROLLS):
        return []
    return r.stats.provinces.get(roll.path[len(PROVINCE_ROLLS) :].strip("/"), [])


def render_roll(r: PageRenderer, roll: Roll) -> None:
    """Every page of one listing."""
    page_size = r.site.config.page_size
    pages = roll.pages(page_size)
    about = repr((roll.path, roll.title, roll.group, roll.kind, roll.intro, roll.parents))
    first_page = repr((roll.communes, roll.unplaced, province_stats(r, roll))) if r.cache else ""
    # A province roll's rows head each commune, linked when it has its own page: each
    # commune's text made once for the roll, not once per row (the repr of a commune with
    # its former units for every row was a third of the rolls' keys, issue #21).
    sections = {a: repr(g) for a, g in roll.sections.items()} if r.cache and roll.communes else {}
    for number, rows in enumerate(pages, start=1):
        path = page_path(roll.path, number)
        shown = [row.section for row in rows] if sections else []
        key = r.key(
            "roll",
            [(row.entry, _award_index(row)) for row in rows],
            about,
            f"{number}/{len(pages)}/{len(roll.rows)}",
            first_page if number == 1 else "",
            repr(shown) + "".join(f"\n{s}: {sections.get(s)}" for s in dict.fromkeys(shown)),
        )
        if r.reuse(path, key):
            continue
        named = roll.title_en or r.t(roll.title) if r.language == "en" else roll.title
        title = named if number == 1 else f"{named} ({r.t('trang')} {number})"
        r.page(
            path,
            "roll.md",
            front_matter(title),
            roll=roll,
            rows=rows,
            number=number,
            total=len(pages),
            numbers=pagination(number, len(pages)),
            first=(number - 1) * page_size + 1,
            page_path=lambda n, base=roll.path: page_path(base, n),
            province_stats=province_stats(r, roll) if number == 1 else [],
            stat_english=r.stats.english if number == 1 and province_stats(r, roll) else None,
        )


def _award_index(row: Row) -> int:
    """Where the row's award is among its entry's awards (-1: a row of the entry alone).

    By identity: `list.index` compared each award before it field by field (a pydantic
    record's equality), for every row of an award roll (issue #21)."""
    if row.award is None:
        return -1
    return next(i for i, award in enumerate(row.entry.awards) if award is row.award)


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
