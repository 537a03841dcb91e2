"""Charts drawn at build time as accessible inline SVG: no chart library, no JavaScript.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>`` (through
``aria-labelledby``, which screen readers announce more reliably than the elements alone),
with colours written as attributes so it prints and reads without the stylesheet. The desc
says what the chart shows in a sentence; the data table printed beside it holds every figure
and the links, so the chart itself has no links (an image has no focusable parts).

Text is measured with a per-character estimate (no font files at build time); labels that do
not fit are wrapped on two lines and then cut with "…", the full text staying in the table.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.model import englishtext
from generator.model.statistics import (
    AREA_LABELS,
    Figure,
    Section,
    Stack,
    format_count,
    format_share,
)
from generator.source.documents import Campaign
from generator.templating.statwords import StatWords

# The Vietnamese edition's words, for a chart drawn without an edition's.
VIETNAMESE = StatWords("vi")

# A phone's width: drawn 1:1 in a 390 px screen's column (358 px), so its text stays at 13-14
# CSS px there (at least 12 in the dark scheme's padded panel and on 360 px phones); the
# stylesheet caps the drawing at this width (vinhdanh.css .vd-chart), never scaling it up.
WIDTH = 340
FONT_SIZE = 14
SMALL_SIZE = 13
LINE_HEIGHT = 17
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif"
# The site's indigo (Material's default primary) and dark tones: every fill keeps at least
# 4.5:1 against white, so bars stay visible (WCAG 1.4.11) and white labels on them readable.
BAR = "#3949ab"
TEXT = "#1f1f1f"
MUTED = "#5f5f5f"
AXIS = "#757575"
GRID = "#e0e0e0"
TODAY = "#b71c1c"
SERIES = {
    "frontline": "#00695c",
    "leadership": "#bf360c",
    "other": "#6a1b9a",
    "da-phan-loai": "#00695c",
    "chua-ro": "#757575",
    # generator.model.statsfigures: collective scale, commendation type (Art. 8), gender.
    "small": "#00695c",
    "large": "#283593",
    "thuong-xuyen": "#283593",
    "theo-dot": "#00695c",
    "dot-xuat": "#ad1457",
    "qua-trinh-cong-hien": "#bf360c",
    "nien-han": "#6a1b9a",
    "doi-ngoai": "#4e342e",
    "female": "#ad1457",
    "male": "#283593",
    "border": "#283593",
    "island": "#00695c",
    "mountain": "#bf360c",
    "disadvantaged": "#6a1b9a",
}
FALLBACK_SERIES = ("#283593", "#00695c", "#bf360c", "#6a1b9a", "#757575")
# A white outline drawn under the letters (paint-order), hiding lines that pass behind text.
HALO = 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
MILESTONE_LABELS = {
    "phat-dong": "Phát động",
    "so-ket": "Sơ kết",
    "tong-ket": "Tổng kết",
    "bao-cao": "Hạn báo cáo",
    "khac": "Mốc khác",
}

# Average advance widths in em of a sans-serif face; diacritics do not widen a letter.
_NARROW = set("ijlI.,:;'|!()[] ")
_SEMI = set("frt-/")
_WIDE = set("mwMW%")


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Estimated width in px of `text` at `size` (generous, so estimates rarely fall short)."""
    width = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        if base in _NARROW:
            width += 0.3
        elif base in _SEMI:
            width += 0.4
        elif base in _WIDE:
            width += 0.88
        elif base.isupper() or base in "Đđ":
            width += 0.7
        elif base.isdigit():
            width += 0.58
        else:
            width += 0.56
    return width * size * (1.1 if bold else 1.04)


def fit_text(text: str, width: float, size: float = FONT_SIZE, bold: bool = False) -> str:
    """`text`, cut with "…" where it would overflow `width`."""
    if text_width(text, size, bold) <= width:
        return text
    cut = text
    while cut and text_width(cut.rstrip() + "…", size, bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def wrap_text(text: str, width: float, lines: int = 2, size: float = FONT_SIZE) -> list[str]:
    """Words of `text` on at most `lines` lines of `width` px; the last cut with "…"."""
    words = text.split()
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    out.append(current)
    return [fit_text(line, width, size) for line in out[:lines]]


# --- SVG pieces -------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A coordinate with at most one decimal, never "-0": stable bytes across platforms."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = FONT_SIZE,
    fill: str = TEXT,
    bold: bool = False,
    vietnamese: bool = False,
) -> str:
    weight = ' font-weight="600"' if bold else ""
    size_attr = f' font-size="{size}"' if size != FONT_SIZE else ""
    # A name kept as written on an English page.
    lang = ' lang="vi"' if vietnamese else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}"'
        f"{size_attr}{weight}{lang}>{escape(content)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}" height="{_num(h)}" '
        f'fill="{fill}"{extra}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, extra: str = "") -> str:
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
        f'stroke="{stroke}"{extra}/>'
    )


def svg(chart_id: str, title: str, desc: str, height: float, body: Iterable[str]) -> Markup:
    """An accessible SVG image: role img, title and desc named through aria-labelledby."""
    h = _num(math.ceil(height))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vd-chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>'
    )
    # One line: the chart sits inside a raw HTML block of the Markdown page, which a blank
    # line would end.
    return Markup(head + "".join(body) + "</svg>")


def _value_label(row: Figure, w: StatWords = VIETNAMESE) -> str:
    if row.share is None:
        return w.count(row.value)
    return f"{w.count(row.value)} ({w.share(row.share)})"


def _summary(section: Section, w: StatWords = VIETNAMESE) -> str:
    """One sentence for the desc: the total and the largest rows."""
    rows = [r for r in section.rows if r.value]
    unit = w.plain(section.unit)
    if not rows:
        return w.t("Chưa có {unit} nào.", unit=unit)
    top = sorted(rows, key=lambda r: -r.value)[:3]
    parts = "; ".join(f"{w.plain(r.label)}: {_value_label(r, w)}" for r in top)
    if w.english and section.total == 1:
        # The units are plural nouns in English ("awards"): one is said without it.
        more = w.t(" Tổng số: {total}.", total=w.count(section.total))
    else:
        more = w.t(" Tổng số: {total} {unit}.", total=w.count(section.total), unit=unit)
    lead = w.t("Nhiều nhất") if len(rows) > 1 else w.t("Gồm")
    return f"{lead} — {parts}.{more} " + w.t("Số liệu đầy đủ ở bảng kèm theo.")


# --- bar charts -------------------------------------------------------------------------------


def horizontal_bars(
    chart_id: str, title: str, desc: str, rows: Sequence[Figure], w: StatWords = VIETNAMESE
) -> Markup:
    """Categories as horizontal bars, labels on the left, count and share on the right."""
    label_w = 118.0
    gap = 6.0
    value_w = max((text_width(_value_label(r, w)) for r in rows), default=0.0) + 10
    bar_x = label_w + gap
    bar_max = max(WIDTH - bar_x - value_w, 40.0)
    top = 6.0
    biggest = max((r.value for r in rows), default=0) or 1
    body: list[str] = []
    y = top
    for row in rows:
        lines = wrap_text(w.plain(row.label), label_w - 4, lines=3)
        row_h = max(26.0, len(lines) * LINE_HEIGHT + 10)
        middle = y + row_h / 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + 5
        for i, line in enumerate(lines):
            body.append(
                _text(label_w, first + i * LINE_HEIGHT, line, anchor="end", vietnamese=w.kept(line))
            )
        length = bar_max * row.value / biggest
        body.append(_rect(bar_x, middle - 8, length, 16, BAR))
        body.append(_text(bar_x + length + 6, middle + 4.5, _value_label(row, w), fill=TEXT))
        y += row_h
    body.append(_line(bar_x, top, bar_x, y, AXIS))
    return svg(chart_id, title, desc, y + top, body)


def _nice_step(biggest: int) -> int:
    """A round tick step giving three to five gridlines up to `biggest`."""
    if biggest <= 4:
        return 1
    raw = biggest / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return max(1, int(factor * power))
    return int(10 * power)  # pragma: no cover - the loop always returns


def vertical_bars(
    chart_id: str, title: str, desc: str, rows: Sequence[Figure], w: StatWords = VIETNAMESE
) -> Markup:
    """Years as vertical bars on a continuous axis (years without any count drawn as gaps)."""
    counts = {int(r.key): r.value for r in rows}
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    biggest = max(counts.values()) or 1
    step = _nice_step(biggest)
    top_value = step * math.ceil(biggest / step)
    left = text_width(w.count(top_value), SMALL_SIZE) + 12
    right, top, plot_h = 8.0, 14.0, 150.0
    plot_w = WIDTH - left - right
    slot = plot_w / len(years)
    bar_w = min(max(slot * 0.72, 1.0), 48.0)
    base = top + plot_h
    body: list[str] = []
    for tick in range(0, top_value + 1, step):
        y = base - plot_h * tick / top_value
        body.append(_line(left, y, WIDTH - right, y, GRID if tick else AXIS))
        body.append(_text(left - 6, y + 4, w.count(tick), anchor="end", size=SMALL_SIZE))
    label_every = next(k for k in (1, 2, 5, 10, 20, 25, 50, 100) if slot * k >= 40)
    show_values = slot >= text_width(w.count(biggest), SMALL_SIZE) + 4
    for i, year in enumerate(years):
        value = counts.get(year, 0)
        x = left + slot * i + (slot - bar_w) / 2
        h = plot_h * value / top_value
        if value:
            body.append(_rect(x, base - h, bar_w, h, BAR))
            if show_values:
                body.append(
                    _text(
                        x + bar_w / 2,
                        base - h - 4,
                        w.count(value),
                        anchor="middle",
                        size=SMALL_SIZE,
                    )
                )
        if year % label_every == 0 or len(years) == 1:
            body.append(
                _text(x + bar_w / 2, base + 16, str(year), anchor="middle", size=SMALL_SIZE)
            )
    return svg(chart_id, title, desc, base + 26, body)


def _series_colours(keys: Sequence[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    spare = iter(FALLBACK_SERIES)
    for key in keys:
        colours[key] = SERIES.get(key) or next(spare, AXIS)
    return colours


def stacked_bars(
    chart_id: str, title: str, desc: str, stacks: Sequence[Stack], w: StatWords = VIETNAMESE
) -> Markup:
    """Shares as 100% stacked bars, one per group, with a legend naming every series."""
    keys = [row.key for row in stacks[0].rows] if stacks else []
    colours = _series_colours(keys)
    label_w = 100.0 if len(stacks) > 1 else 0.0
    bar_x = label_w + (8 if label_w else 0)
    bar_w = WIDTH - bar_x - 4
    body: list[str] = []
    y = 6.0
    for stack in stacks:
        lines = wrap_text(w.plain(stack.label), label_w - 4, lines=3) if label_w else []
        row_h = max(30.0, len(lines) * LINE_HEIGHT + 12)
        middle = y + row_h / 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + 5
        for i, line in enumerate(lines):
            body.append(
                _text(label_w, first + i * LINE_HEIGHT, line, anchor="end", vietnamese=w.kept(line))
            )
        x = bar_x
        for row in stack.rows:
            if not row.value or not stack.total:
                continue
            width = bar_w * row.value / stack.total
            # White edges keep neighbouring segments apart without relying on hue alone.
            body.append(
                _rect(
                    x,
                    middle - 11,
                    width,
                    22,
                    colours[row.key],
                    ' stroke="#ffffff" stroke-width="1"',
                )
            )
            label = w.share(row.share)
            if text_width(label, SMALL_SIZE) + 6 <= width:
                body.append(
                    _text(
                        x + width / 2,
                        middle + 4,
                        label,
                        anchor="middle",
                        size=SMALL_SIZE,
                        fill="#ffffff",
                        bold=True,
                    )
                )
            x += width
        y += row_h
    # Legend: swatch and name, flowing onto new lines as needed.
    y += 8
    x = bar_x
    for key, row in zip(keys, stacks[0].rows if stacks else (), strict=False):
        name = fit_text(w.plain(row.label), WIDTH - bar_x - 24, SMALL_SIZE)
        item_w = 18 + text_width(name, SMALL_SIZE) + 16
        if x + item_w > WIDTH and x > bar_x:
            x = bar_x
            y += 20
        body.append(_rect(x, y, 12, 12, colours[key]))
        body.append(_text(x + 17, y + 10.5, name, size=SMALL_SIZE, vietnamese=w.kept(name)))
        x += item_w
    return svg(chart_id, title, desc, y + 20, body)


def _stack_summary(section: Section, w: StatWords = VIETNAMESE) -> str:
    parts = []
    unit = w.plain(section.unit)
    for stack in section.stacks:
        shares = ", ".join(f"{w.plain(r.label)} {w.share(r.share)}" for r in stack.rows if r.value)
        total = w.count(stack.total)
        parts.append(f"{w.plain(stack.label)} ({total} {unit}): {shares or '—'}")
    return "; ".join(parts) + ". " + w.t("Số liệu đầy đủ ở bảng kèm theo.")


def section_title(section: Section, w: StatWords = VIETNAMESE) -> str:
    """A section's title with what it counts: "Theo năm (số lượt khen thưởng)"."""
    return w.t("{title} (số {unit})", title=w.plain(section.title), unit=w.plain(section.unit))


def section_chart(
    section: Section, w: StatWords = VIETNAMESE, chart_id: str | None = None
) -> Markup:
    """The chart of a statistics section (empty for table-only or empty sections), in the
    words of `w`'s edition."""
    chart_id = chart_id or f"{section.anchor or section.id}-bieu-do"
    title = section_title(section, w)
    if section.is_empty or section.chart == "table" or not any(r.value for r in section.rows):
        return Markup("")
    if section.chart == "stacked":
        return stacked_bars(chart_id, title, _stack_summary(section, w), section.stacks, w)
    if section.chart == "vbar":
        return vertical_bars(chart_id, title, _summary(section, w), section.rows, w)
    return horizontal_bars(chart_id, title, _summary(section, w), section.rows, w)


# --- campaign timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    date: dt.date
    name: str
    x: float
    x0: float
    x1: float


def _vi_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def campaign_timeline(
    chart_id: str, campaign: Campaign, today: dt.date, w: StatWords = VIETNAMESE
) -> Markup:
    """The campaign's period, its milestones and today's date on one horizontal axis, in the
    words of `w`'s edition."""
    _vi = englishtext.date_text if w.english else _vi_date
    milestones = sorted(campaign.milestones, key=lambda m: (m.date, m.kind))
    start = campaign.start
    dates = [m.date for m in milestones]
    # Without an end date the axis runs to the latest milestone, today, or a year on.
    end = campaign.end or max([*dates, today, start + dt.timedelta(days=365)])
    # A milestone outside the period (a warning of `check`) still gets its place on the axis.
    low, high = min([start, *dates]), max([end, *dates])
    span = max((high - low).days, 1)
    left, right = 12.0, 12.0
    axis_w = WIDTH - left - right

    def at(day: dt.date) -> float:
        return left + axis_w * (day - low).days / span

    # Each label goes into the lowest lane (rows above the axis) where it overlaps no label and
    # no stem crosses it: neither its own stem through a label of a lower lane, nor the stem of
    # an earlier mark whose label sits higher. Without such a lane (marks a few days apart on a
    # phone-wide axis), the lowest lane free of labels.
    lanes: list[list[tuple[float, float]]] = []
    placed: list[tuple[_Mark, int]] = []
    for milestone in milestones:
        name = w.plain(MILESTONE_LABELS.get(milestone.kind, milestone.kind))
        x = at(milestone.date)
        half = max(text_width(name, FONT_SIZE, bold=True), text_width(_vi(milestone.date))) / 2
        x0 = min(max(x - half, 2), WIDTH - 2 - 2 * half)
        mark = _Mark(milestone.date, name, x, x0, x0 + 2 * half)
        free = [
            i
            for i in range(len(lanes) + 1)
            if i == len(lanes) or all(b + 10 <= mark.x0 or mark.x1 + 10 <= a for a, b in lanes[i])
        ]
        lane = next(
            (
                i
                for i in free
                if not any(a - 4 <= x <= b + 4 for below in lanes[:i] for a, b in below)
                and not any(mark.x0 - 4 <= p.x <= mark.x1 + 4 for p, up in placed if up > i)
            ),
            free[0],
        )
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((mark.x0, mark.x1))
        placed.append((mark, lane))

    # A label is a name over a date, each line a full line box apart (text never touches).
    lane_h = 44.0
    period = w.t("Thời gian: từ {start}", start=_vi(start)) + (
        w.t(" đến {end}", end=_vi(campaign.end))
        if campaign.end
        else w.t(" (chưa ấn định ngày kết thúc)")
    )
    # On two lines if need be (the drawing is a phone's width), a full line box apart.
    heading = wrap_text(period, WIDTH - 2 * left - 16)
    body: list[str] = [_text(left, 16 + i * 20, line, bold=True) for i, line in enumerate(heading)]
    axis_y = 30 + (len(heading) - 1) * 20 + max(len(lanes), 1) * lane_h + 12
    body.append(_rect(at(start), axis_y - 3, at(end) - at(start), 6, BAR))
    years = list(range(low.year + 1, high.year + 1))
    for year in years:
        x = at(dt.date(year, 1, 1))
        if left <= x <= WIDTH - right:
            body.append(_line(x, axis_y + 3, x, axis_y + 8, AXIS))
    every = next((k for k in (1, 2, 5, 10, 20, 50) if axis_w * 365 * k / span >= 36), 100)
    for year in years:
        x = at(dt.date(year, 1, 1))
        if year % every == 0 and left + 14 <= x <= WIDTH - right - 14:
            body.append(_text(x, axis_y + 21, str(year), anchor="middle", size=SMALL_SIZE))
    # Stems and dots first, then every label on a white halo: where marks stand too close for
    # any lane to keep a stem clear of a lower label, the label still reads over the stem.
    labels: list[str] = []
    for mark, lane in placed:
        block_bottom = axis_y - 12 - lane * lane_h
        body.append(_line(mark.x, axis_y - 6, mark.x, block_bottom + 2, AXIS))
        body.append(
            f'<circle cx="{_num(mark.x)}" cy="{_num(axis_y)}" r="6" fill="#283593" '
            f'stroke="#ffffff" stroke-width="2"/>'
        )
        centre = (mark.x0 + mark.x1) / 2
        labels.append(_text(centre, block_bottom - 23, mark.name, anchor="middle", bold=True))
        labels.append(_text(centre, block_bottom - 3, _vi(mark.date), anchor="middle", fill=MUTED))
    body.append(f"<g {HALO}>{''.join(labels)}</g>")
    bottom = axis_y + 30
    # The build's day: time.js hides this mark on a reader's other day (the page says it).
    body.append('<g class="vd-today-mark">')
    if start <= today <= end:
        x = at(today)
        # Below the milestone labels only, so the line never crosses their text.
        body.append(
            _line(x, axis_y - 12, x, axis_y + 26, TODAY, ' stroke-width="2" stroke-dasharray="4 3"')
        )
        label = w.t("Hôm nay {today}", today=_vi(today))
        half = text_width(label, SMALL_SIZE, bold=True) / 2
        centre = min(max(x, left + half), WIDTH - right - half)
        body.append(
            _text(
                centre, axis_y + 40, label, anchor="middle", size=SMALL_SIZE, fill=TODAY, bold=True
            )
        )
        bottom = axis_y + 48
    else:
        where = w.t("phong trào đã kết thúc") if today > end else w.t("phong trào chưa bắt đầu")
        body.append(
            _text(
                WIDTH - right,
                axis_y + 40,
                w.t("Hôm nay {today}: {where}", today=_vi(today), where=where),
                anchor="end",
                size=SMALL_SIZE,
                fill=TODAY,
                bold=True,
            )
        )
        bottom = axis_y + 48
    body.append("</g>")
    steps = "; ".join(
        f"{w.plain(MILESTONE_LABELS.get(m.kind, m.kind))} {_vi(m.date)}" for m in milestones
    )
    if start <= today <= end:
        now = w.t("Tính đến ngày dựng trang {today}, phong trào đang diễn ra.", today=_vi(today))
    elif today > end:
        now = w.t("Tính đến ngày dựng trang {today}, phong trào đã kết thúc.", today=_vi(today))
    else:
        now = w.t("Tính đến ngày dựng trang {today}, phong trào chưa bắt đầu.", today=_vi(today))
    desc = w.t(
        "{period}. Các mốc: {steps}. {now} Danh sách các mốc ở ngay dưới.",
        period=period,
        steps=steps or w.t("chưa có"),
        now=now,
    )
    # A campaign's title is a name: its English when the editor gave one.
    english_title = campaign.en.title if w.english and campaign.en and campaign.en.title else ""
    title = w.t("Các mốc thời gian: {campaign}", campaign=english_title or campaign.title)
    return svg(chart_id, title, desc, bottom, body)


TEMPLATE_GLOBALS = {
    "stat_chart": section_chart,
    "stat_title": section_title,
    "campaign_timeline": campaign_timeline,
    "area_labels": AREA_LABELS,
    "format_count": format_count,
    "format_share": format_share,
}
