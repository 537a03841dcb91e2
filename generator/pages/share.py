"""Share and reuse a profile: the permalink's QR code for the printed page, share links.

Made at build time, with no request at view time: the QR code is an inline SVG drawn by
segno (pure Python, deterministic), the share links are plain ``<a href>`` to the networks'
own share pages, opened only when the reader follows them. Copy buttons and the phone's share
sheet are ``assets/javascripts/share.js``.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import quote

import segno
from markupsafe import Markup

from generator.incremental import lasting
from generator.pages import qrmask
from generator.pages.qrmask import make_qr

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php?u="
"""Facebook's share page: works without their SDK, the page's og: tags make the preview."""
QR_ERROR = "m"
"""Error correction M (15 %): survives a crease or a smudge on paper, stays a small code."""


QR_BORDER = 4  # modules of quiet zone around the code, the standard's
_DARK_RUN = re.compile(rb"[^\x00]+")
_PATH_TEXT = re.compile(r"[Mmh0-9 .-]*")  # what `_path_data` writes
_svg_frames: dict[tuple[int, str], tuple[str, str]] = {}
"""(modules a side, title) -> segno's SVG before and after its path data (`qr_svg`)."""
_QR_PATHS = lasting.register(
    "qr-paths",
    f"segno {segno.__version__} {QR_ERROR} {QR_BORDER} "
    + lasting.source_digest(__file__, qrmask.__file__),
)
"""URL -> its code's modules a side (one byte) and SVG path data (zlib), kept across full
builds: encoding is 0.8 ms of a code's 1 ms, the same for a URL every build (issue #21)."""


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of `url` as inline SVG (viewBox only: CSS gives its printed size)."""
    kept = _kept_path(url)
    if kept is not None and (kept[0], label) in _svg_frames:
        size, data = kept
    else:
        # segno.make(url, error=QR_ERROR, micro=False), mask choice included, in a third of
        # the time (generator.pages.qrmask): two codes a profile with the English edition on.
        code = make_qr(url, QR_ERROR)
        size, data = len(code.matrix), _path_data(code.matrix)
        if kept != (size, data):
            _QR_PATHS.put(url, bytes([size]) + zlib.compress(data.encode("ascii")))
        if (size, label) not in _svg_frames:
            _svg_frames[size, label] = _frame(code, label, data)
    around = _svg_frames[size, label]
    svg = f"{around[0]}{data}{around[1]}"
    # segno writes the title; role="img" makes it the SVG's accessible name.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def _frame(code: segno.QRCode, label: str, data: str) -> tuple[str, str]:
    """segno's SVG of `code` titled `label` before and after its path data, which must be
    `data`: the frame of every code of its size."""
    # segno's SVG writer takes a third of the time of the code itself (0.36 ms, a module at a
    # time): its frame is taken from segno once per size and title, and the path data written
    # here from the rows' runs of dark modules, as segno writes them (tests/test_qrmask.py).
    svg = code.svg_inline(
        scale=1, border=QR_BORDER, omitsize=True, svgclass="vd-qr__code", title=label
    )
    head, _, rest = svg.partition(' d="')
    path, _, tail = rest.partition('"')
    if path != data:  # segno changed how it writes: say so now
        raise RuntimeError("segno's SVG path is not the one qr_svg writes")
    return f'{head} d="', f'"{tail}'


def _kept_path(url: str) -> tuple[int, str] | None:
    """The modules a side and the path data of `url`'s code as kept, or None."""
    kept = _QR_PATHS.get(url)
    if kept is None:
        return None
    try:  # the file's CRC-32 was right: a value of another shape is still not used
        data = zlib.decompress(kept[1:]).decode("ascii")
    except (IndexError, zlib.error, UnicodeDecodeError):
        return None
    # Printed into the page as markup (no nh3 after it, as a story's HTML has): only the
    # letters and numbers `_path_data` writes, never a quote or a tag.
    return (kept[0], data) if _PATH_TEXT.fullmatch(data) else None


def _path_data(matrix: tuple[bytearray, ...]) -> str:
    """segno's SVG path of the dark modules (`segno.utils.matrix_to_lines`): each row's runs
    as a move relative to the last run's end and a horizontal line, the first move absolute,
    rows at the middle of each module's height (y + 0.5)."""
    moves: list[str] = []
    end_x, end_y = 0, 0.0
    y = QR_BORDER + 0.5
    for row in matrix:
        for run in _DARK_RUN.finditer(row):
            start, stop = run.start() + QR_BORDER, run.end() + QR_BORDER
            dy = y - end_y
            moves.append(
                f"{'m' if moves else 'M'}{start - end_x} {int(dy) if int(dy) == dy else dy}"
                f"h{stop - start}"
            )
            end_x, end_y = stop, y
        y += 1
    return "".join(moves)


def facebook_share_url(url: str) -> str:
    """Facebook's share page for `url` (the permalink percent-encoded as one query value)."""
    return FACEBOOK_SHARER + quote(url, safe="")
