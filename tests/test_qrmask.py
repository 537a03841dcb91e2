"""generator.pages.qrmask: segno's own QR codes, mask choice included, made faster.

The codes are compared with segno's automatic choice (modules, mask, version, error level and
the SVG the pages print), the penalty with segno's own on matrices made to hit its rules, and
codes of every mask are read back by a real decoder (zxing-cpp).
"""

from __future__ import annotations

import random
import string

import segno
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from segno import encoder

from generator.pages import qrmask
from generator.pages.qrmask import make_qr
from generator.pages.share import qr_svg


def _svg(code: segno.QRCode) -> str:
    return code.svg_inline(scale=1, border=4, omitsize=True, svgclass="vd-qr__code", title="t")


def _urls(count: int, seed: int) -> list[str]:
    """Permalinks of many lengths (versions 2 to 10), in both editions."""
    rng = random.Random(seed)
    alphabet = string.ascii_lowercase + string.digits + "-/"
    return [
        "https://vinhdanh.example.vn/"
        + rng.choice(("", "en/"))
        + "ho-so/"
        + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 160)))
        + "/"
        for _ in range(count)
    ]


def _same(content: str, error: str = "m") -> None:
    ours = make_qr(content, error)
    theirs = segno.make(content, error=error, micro=False)
    assert (ours.mask, ours.version, ours.error) == (theirs.mask, theirs.version, theirs.error)
    assert ours.matrix == theirs.matrix
    assert _svg(ours) == _svg(theirs)


def test_the_same_codes_as_segnos_automatic_mask() -> None:
    urls = _urls(1500, seed=22)
    for url in urls:
        _same(url)
    # Every mask is chosen for some of them, and the codes both with the finished modules of
    # a (size, level, mask) made afresh and reused.
    assert {segno.make(u, error="m", micro=False).mask for u in urls} == set(range(8))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=120), st.sampled_from("lmqh"))
def test_the_same_codes_for_any_text_and_level(content: str, error: str) -> None:
    _same(content, error)


def test_the_page_prints_segnos_code() -> None:
    # The path data is written by share.py from the rows' runs, the rest is segno's, taken
    # once per size and title: many sizes, both titles, each with a first and a later code.
    urls = ["https://vinhdanh.example.vn/en/ho-so/nguyen-thi-lien-tan-hoa/", *_urls(300, 5)]
    for i, url in enumerate(urls):
        title = "Mã QR" if i % 2 else "QR code <of> the permalink & more"
        theirs = segno.make(url, error="m", micro=False)
        printed = qr_svg(url, title)
        assert printed.startswith('<svg role="img" ')
        drawn = theirs.svg_inline(
            scale=1, border=4, omitsize=True, svgclass="vd-qr__code", title=title
        )
        assert str(printed) == drawn.replace("<svg ", '<svg role="img" ', 1), url


def test_the_penalty_is_segnos_on_random_matrices() -> None:
    """Matrices of 0 and 1 with long runs, blocks and finder-like lines, so that N1 to N4
    and segno's N3 reading (ends of lines, overlapping patterns) all count."""
    rng = random.Random(7)
    finder_after_dark = (1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1)
    pieces = [
        (1, 0, 1, 1, 1, 0, 1),
        finder_after_dark,
        (1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1),  # two overlapping by three modules
        (1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1),  # by one
        (0, 0, 0, 0),
        (1, 1, 1, 1, 1, 1),
        (0,),
        (1,),
    ]
    for size in (21, 25, 33, 45):
        layout = qrmask._layout(size)
        for _ in range(150):
            rows = []
            for _i in range(size):
                line: list[int] = []
                while len(line) < size:
                    line.extend(rng.choice(pieces))
                # Cut at either end, so that a line may end in a finder-like pattern.
                rows.append(bytearray(line[:size] if rng.random() < 0.5 else line[-size:]))
            matrix = tuple(rows)
            expected = encoder.evaluate_mask(matrix, size, size)  # type: ignore[no-untyped-call]
            whole = qrmask._whole(matrix)
            transposed = qrmask._transposed(whole, size)
            assert qrmask._penalty(whole, transposed, layout) == expected


def test_codes_of_every_mask_decode() -> None:
    wanted = set(range(8))
    for url in _urls(400, seed=3):
        code = make_qr(url, "m")
        if code.mask not in wanted:
            continue
        wanted.discard(code.mask)
        size = len(code.matrix) + 8
        image = Image.new("L", (size, size), 255)
        for i, row in enumerate(code.matrix):
            for j, dark in enumerate(row):
                if dark:
                    image.putpixel((j + 4, i + 4), 0)
        image = image.resize((size * 8, size * 8), Image.Resampling.NEAREST)
        assert [found.text for found in zxingcpp.read_barcodes(image)] == [url]
    assert not wanted
