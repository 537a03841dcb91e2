"""Over-awarding: awards per issuing authority and per unit in one year, the heaviest first,
and relative to a unit's size where ``unit_sizes`` in site_config.yml gives it.

The directives ask that commendation not be "tràn lan" (spread widely). An issuer's or unit's
name is grouped by `text_key` (tones and case unified), shown by its most frequent spelling.
These sections are part of `generator.model.statsfigures.DirectiveFigures`' page order.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.model.entries import Entry
from generator.model.labels import FACET_YEAR
from generator.model.phrases import Count, Lowered, Phrase
from generator.model.statistics import (
    UNKNOWN,
    Figure,
    Link,
    Section,
    search_link,
    share,
)
from generator.vntext import nfc, search_key

if TYPE_CHECKING:
    from generator.model.statsfigures import DirectiveFigures

# How many (authority, year) and (unit, year) rows the rankings show: the heaviest are the
# signal; every award is in the open data.
TOP = 20
ISSUER_UNKNOWN = "Chưa ghi cơ quan, người ra quyết định"
UNIT_UNKNOWN = "Chưa ghi cơ quan, đơn vị"


@functools.lru_cache(maxsize=65_536)
def text_key(text: str) -> str:
    """An issuer's or unit's name for grouping (`vntext.search_key`): NFC, lower case, spaces
    collapsed, tones in the new-style place, so "Ủy ban", "Uỷ ban" and "UỶ BAN" are one.

    Cached: a roll names few issuers and units many times, and unifying tones for every
    award cost 0.1 s a build at 1,000 profiles."""
    return search_key(text)


def spelling(text: str) -> str:
    """How a name is shown: as written, NFC, its spaces collapsed (one group may hold several
    spellings: `text_key`)."""
    return " ".join(nfc(text).split())


def unit_name(entry: Entry) -> str | None:
    """The unit an award counts for: a person's `unit`, a collective's own name (its `unit`
    field describes it: "Hợp tác xã, 42 thành viên"); None for a household, or a person whose
    unit is not recorded."""
    profile = entry.profile
    if profile.kind in ("collective", "model"):
        return entry.display_name
    if profile.kind == "individual" and profile.unit:
        return profile.unit
    return None


def _ranked(
    counts: Counter[tuple[str, ...]],
    total: int,
    label: Callable[[tuple[str, ...]], str],
    link: Callable[[tuple[str, ...]], Link | None],
    unknown: tuple[int, str],
) -> list[Figure]:
    """The `TOP` heaviest keys, ties by name key and year, then the unrecorded row."""
    # Not a sort of every key: a roll's units and issuers by year grow with it (~150,000 keys
    # at 100,000 profiles), and only the first `TOP` are shown (the same as sorted()[:TOP]).
    keys = heapq.nsmallest(TOP, counts, key=lambda k: (-counts[k], k))
    rows = [
        Figure("/".join(k), label(k), counts[k], share(counts[k], total), link(k)) for k in keys
    ]
    rows.append(Figure(UNKNOWN, unknown[1], unknown[0], share(unknown[0], total)))
    return rows


def by_issuer_year(figures: DirectiveFigures) -> Section:
    counts = figures.counts.count("issuer")
    unknown = figures.counts.number("issuer_unknown")
    total = figures.pair_count
    rows = _ranked(
        counts,
        total,
        lambda k: Phrase(
            "{year}: {name} ({level})",
            year=k[1],
            name=figures.spelling("issuer", k[0]),
            level=Lowered(figures.levels.get(k[2], k[2])),
        ),
        lambda k: figures.year_link(k[1], figures.level_facet(k[2])),
        (unknown, ISSUER_UNKNOWN),
    )
    return Section(
        "issuer_year",
        Phrase(
            "Cơ quan, người ra quyết định khen thưởng nhiều nhất trong một năm ({top} dòng đầu)",
            top=TOP,
        ),
        "Năm: người ký (cấp khen thưởng)",
        "lượt khen thưởng",
        total,
        rows,
        "hbar",
        base="Tổng số lượt khen thưởng",
        note=figures.note(
            "Theo người ký ghi trong quyết định, năm khen thưởng và cấp "
            "khen thưởng; liên kết dẫn đến các hồ sơ cùng năm, cùng cấp.",
        ),
    )


def by_unit_year(figures: DirectiveFigures) -> Section:
    # Households belong to no unit: neither counted nor in the total.
    counts = figures.counts.count("unit")
    unknown = figures.counts.number("unit_unknown")
    total = figures.counts.number("unit_total")
    rows = _ranked(
        counts,
        total,
        lambda k: Phrase("{year}: {name}", year=k[1], name=figures.spelling("unit", k[0])),
        lambda k: search_link((FACET_YEAR, k[1]), text=figures.spelling("unit", k[0])),
        (unknown, UNIT_UNKNOWN),
    )
    return Section(
        "unit_year",
        Phrase(
            "Cơ quan, đơn vị có nhiều lượt khen thưởng nhất trong một năm ({top} dòng đầu)",
            top=TOP,
        ),
        "Năm: cơ quan, đơn vị",
        "lượt khen thưởng",
        total,
        rows,
        "hbar",
        base="Tổng số lượt khen thưởng cá nhân, tập thể",
        note=figures.note(
            "Cá nhân theo cơ quan, đơn vị công tác ghi trong hồ sơ; tập thể, mô hình theo "
            "tên của chính tập thể. Hộ gia đình không thuộc đơn vị nên không tính ở mục này.",
        ),
    )


def by_unit_size(figures: DirectiveFigures) -> Section:
    sizes = figures.site.config.unit_sizes
    # An award counts once for a unit even when both its recipient's unit and its signer
    # belong to it (a director's certificate to the company's own staff): statcounts.
    counts: Counter[tuple[int, str]] = figures.counts.count("unit_size")
    keys = sorted(
        counts,
        key=lambda k: (
            -counts[k] / sizes[k[0]].size,
            -counts[k],
            text_key(sizes[k[0]].name),
            k,
        ),
    )[:TOP]
    rows = [
        Figure(
            f"{i}/{year}",
            Phrase.counted(
                "{year}: {name} ({size} người)",
                "{year}: {name} ({size} người)",
                sizes[i].size,
                year=year,
                name=sizes[i].name,
                size=Count(sizes[i].size),
            ),
            counts[(i, year)],
            counts[(i, year)] / sizes[i].size,
            search_link((FACET_YEAR, year), text=sizes[i].name),
        )
        for i, year in keys
    ]
    sources = "; ".join(
        dict.fromkeys(
            f"{s.name}: {s.source}" + (f" (năm {s.year})" if s.year else "") for s in sizes
        )
    )
    return Section(
        "unit_size",
        "Số lượt khen thưởng so với số người của đơn vị, theo năm",
        "Năm: cơ quan, đơn vị (số người)",
        "lượt khen thưởng",
        sum(counts.values()),
        rows,
        "hbar",
        base="Tổng số lượt của các đơn vị đã biết số người",
        share_header="So với số người",
        note=figures.note(
            "Chỉ các đơn vị đã biết số người (do cơ quan công bố khai báo); tỷ lệ là "
            "số lượt khen thưởng trong năm chia cho số người của đơn vị. Gồm lượt của "
            "người, tập thể thuộc đơn vị và lượt do người đứng đầu đơn vị ký.",
            Phrase("Nguồn số người: {sources}.", sources=sources)
            if sources
            else "Chưa có đơn vị nào khai báo số người.",
        ),
    )
