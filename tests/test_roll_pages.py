"""Roll pages that do not shift (generator.model.rollpages, issue #21): a rename, a new profile
or an award makes again the roll pages that show it, not every page after it."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

import pytest

from generator.commands.build import render_project
from generator.model import rollpages
from generator.model.rollpages import (
    LETTER_PAGES,
    cut_run,
    letter_slug,
    row_key,
    row_letter,
)
from generator.model.rolls import Roll, Row, iter_rolls
from generator.model.site import build_site
from generator.output import Rendered
from generator.pages.rolls import FORMER_PAGES_FILE
from generator.vntext import collation_key, initial_letter

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 12, 1)  # after the synthetic project's decisions
PROFILES = 300
PAGE_SIZE = 5  # the individuals' roll (~200 rows) is longer than LETTER_PAGES pages


def _pages(keys: list[str], size: int) -> list[tuple[str, ...]]:
    starts = cut_run(keys, size)
    return [tuple(keys[a:b]) for a, b in zip(starts, [*starts[1:], len(keys)], strict=True)]


def test_a_row_moved_added_or_removed_changes_a_few_pages_only() -> None:
    keys = [f"ho-so-{n}\n-1\n" for n in range(2000)]
    before = set(_pages(keys, 20))
    rng = random.Random(21)
    for _ in range(60):
        moved = list(keys)
        row = moved.pop(rng.randrange(len(moved)))
        moved.insert(rng.randrange(len(moved)), row)
        added = [*keys[:1000], "ho-so-moi\n-1\n", *keys[1000:]]
        removed = keys[:700] + keys[701:]
        for after in (moved, added, removed):
            # A page cut every 20 rows would shift every page after the change (~50 of 100).
            assert len([p for p in _pages(after, 20) if p not in before]) <= 6


def test_pages_hold_every_row_once_in_order_and_about_the_page_size() -> None:
    keys = [f"ho-so-{n}\n-1\n" for n in range(5000)]
    for size in (5, 20, 50):
        pages = _pages(keys, size)
        assert [key for page in pages for key in page] == keys
        lengths = [len(page) for page in pages]
        assert min(lengths) >= size // 2 and max(lengths) <= 2 * size
        assert 0.8 * size <= len(keys) / len(pages) <= 1.3 * size
    assert _pages(keys[:5], 5) == [tuple(keys[:5])]  # a short roll: one page


def test_a_name_files_under_its_first_letter() -> None:
    for text, letter in [("Anh", "a"), ("Ăn", "ă"), ("Ân", "â"), ("Đức", "đ"), ("Ơn", "ơ")]:
        assert initial_letter(collation_key(text)) == letter
    assert initial_letter(collation_key("Ưng")) == "ư" and initial_letter(collation_key("Ý")) == "y"
    assert initial_letter(collation_key("123")) == "" and initial_letter(collation_key("")) == ""
    assert [letter_slug(x) for x in "aăâđêôơưh"] == [
        *("a", "aw", "aa", "dd", "ee", "oo", "ow", "uw", "h")
    ]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic project of PROFILES profiles listed PAGE_SIZE a page."""
    root = tmp_path_factory.mktemp("rollpages") / "project"
    write_project(root, PROFILES, seed=3)
    config = root / "site_config.yml"
    text = re.sub(r"(?m)^page_size:.*$", f"page_size: {PAGE_SIZE}", config.read_text("utf-8"))
    config.write_text(text, "utf-8")
    return root


def _rolls(root: Path) -> list[Roll]:
    site, _report = build_site(root)
    assert site is not None
    return list(iter_rolls(site))


def test_a_long_roll_in_name_order_is_cut_by_letter(project: Path) -> None:
    rolls = {roll.path: roll for roll in _rolls(project)}
    people = rolls["danh-sach/ca-nhan/"]
    assert len(people.rows) > LETTER_PAGES * PAGE_SIZE
    pagination = people.pages(PAGE_SIZE, LETTER_PAGES)
    assert pagination.pages[0].path == people.path
    assert [row for page in pagination.pages for row in page.rows] == people.rows
    openers = [page for page in pagination.pages if page.opens_letter]
    assert [letter.path for letter in pagination.letters] == [page.path for page in openers]
    # Every Vietnamese letter has its page, with names or not.
    assert [page.letter for page in openers] == list("AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY")
    assert any(not page.rows for page in openers)
    for page in pagination.pages:
        assert {row_letter(row).upper() or "#" for row in page.rows} <= {page.letter}
        if page.opens_letter and page is not pagination.pages[0]:
            assert page.path == f"{people.path}{letter_slug(page.letter.lower())}/"
        elif not page.opens_letter:
            assert page.path == f"{people.path}tu-{page.rows[0].entry.slug}/"
    # An award roll is in the order of the awards: cut, never by letter.
    awards = [roll for roll in rolls.values() if roll.kind == "awards"]
    assert all(not roll.pages(PAGE_SIZE, LETTER_PAGES).letters for roll in awards)
    assert any(len(roll.pages(PAGE_SIZE, LETTER_PAGES).pages) > 1 for roll in awards)


def test_a_long_roll_reads_each_rows_letter_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = {roll.path: roll for roll in _rolls(project)}["danh-sach/ca-nhan/"]
    read: list[object] = []

    def counted(row: object) -> str:
        read.append(row)
        return row_letter(row)  # type: ignore[arg-type]

    monkeypatch.setattr(rollpages, "row_letter", counted)
    pagination = rollpages.paginate(people.path, people.rows, PAGE_SIZE, True, LETTER_PAGES)
    assert pagination.letters  # cut by letter
    assert len(read) == len(people.rows)  # not once to group and once to check the order


def test_a_roll_cut_again_with_its_kept_marks_reads_only_its_new_rows(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rolls = {roll.path: roll for roll in _rolls(project)}
    rng = random.Random(21)
    for path in ("danh-sach/ca-nhan/", *(p for p, r in rolls.items() if r.kind == "awards")):
        rows = rolls[path].rows
        name_order = rolls[path].kind != "awards"
        for _ in range(5):
            # The last build's rows and this one's: some rows gone, some new, the rest kept.
            before = [row for row in rows if rng.random() > 0.03]
            after = [row for row in rows if rng.random() > 0.03]
            last = rollpages.paginate(path, before, PAGE_SIZE, name_order, LETTER_PAGES)
            assert last.marks is not None
            known = {
                id(row): (last.marks.hash_of(before, i), last.marks.letters[i])
                for i, row in enumerate(before)
            }
            marks = rollpages.RowMarks(
                [known[id(row)][0] if id(row) in known else None for row in after],
                [known[id(row)][1] if id(row) in known else None for row in after],
            )
            read: list[object] = []

            def counted_key(row: Row, read: list[object] = read) -> str:
                read.append(row)
                return row_key(row)

            def counted_letter(row: Row, read: list[object] = read) -> str:
                read.append(row)
                return row_letter(row)

            monkeypatch.setattr(rollpages, "row_key", counted_key)
            monkeypatch.setattr(rollpages, "row_letter", counted_letter)
            spliced = rollpages.paginate(path, after, PAGE_SIZE, name_order, LETTER_PAGES, marks)
            monkeypatch.undo()
            # The same pages as a cut reading every row; read only the rows new since.
            assert spliced == rollpages.paginate(path, after, PAGE_SIZE, name_order, LETTER_PAGES)
            new = [row for row in after if id(row) not in known]
            assert len(read) <= 2 * len(new)
            assert {id(row) for row in read} <= {id(row) for row in new}
    assert rolls["danh-sach/ca-nhan/"].pages(PAGE_SIZE, LETTER_PAGES).letters  # cut by letter


def test_only_the_first_page_of_a_roll_shows_its_counts_and_communes(project: Path) -> None:
    _result, rendered = render_project(project, today=TODAY)
    assert rendered is not None
    later = [
        text
        for doc, text in rendered.docs.items()
        if re.fullmatch(r"danh-sach/tinh/[a-z-]+/tu-[a-z0-9-]+/index\.md", doc)
    ]
    assert later
    for text in later:
        assert "Tra theo địa danh" not in text and "Xã, phường có hồ sơ" not in text
        assert not re.search(r"<p>\d+ hồ sơ", text)


def test_a_folded_commune_links_the_page_holding_its_first_row(project: Path) -> None:
    checked = 0
    for roll in _rolls(project):
        pages = roll.pages(PAGE_SIZE, LETTER_PAGES).pages
        for group in roll.communes:
            if group.own_page:
                continue
            holding = next(p for p in pages if any(r.section == group.anchor for r in p.rows))
            assert (group.path, group.fragment) == (holding.path, f"#{group.anchor}")
            checked += holding is not pages[0]
    assert checked > 0  # some on a page other than the roll's first


def _roll_docs(rendered: Rendered) -> dict[str, str]:
    """The roll pages (not the rolls' and provinces' indexes) by docs path."""
    return {
        doc: text
        for doc, text in rendered.docs.items()
        if doc.startswith("danh-sach/")
        and doc not in ("danh-sach/index.md", "danh-sach/tinh/index.md")
    }


@pytest.mark.parametrize(("kind", "most"), [("name", 24), ("new", 20), ("award", 12)])
def test_an_edit_makes_again_only_the_roll_pages_that_show_it(
    project: Path, tmp_path: Path, kind: str, most: int
) -> None:
    root = tmp_path / "project"
    write_project(root, PROFILES, seed=3)
    (root / "site_config.yml").write_text((project / "site_config.yml").read_text("utf-8"))
    _result, before = render_project(root, today=TODAY)
    cut_before = _cut_by_letter(root)
    EDITS[kind](root, 1)
    _result, after = render_project(root, today=TODAY)
    assert before is not None and after is not None
    # A roll that grows past LETTER_PAGES pages is cut by letter from then on (once in its
    # life): all its pages change, as they must.
    cut_after = _cut_by_letter(root)
    switched = tuple(p for p in cut_after if cut_after[p] != cut_before.get(p, cut_after[p]))
    assert len(switched) <= 1
    old, new = _roll_docs(before), _roll_docs(after)
    changed = sorted(d for d in new if old.get(d) != new[d] and not d.startswith(switched))
    # The edited profile is listed by ~10 rolls (kind, awards, years, province, sector, …):
    # about two pages of each (where it was, where it goes) and the roll's first page.
    # Cut every PAGE_SIZE rows (the code before), the same edits made again 64 (rename), 96
    # (new profile) and 38 (award) of 602 roll pages; now 13, 50 (41 of them a roll that
    # passed LETTER_PAGES pages) and 10 of 724.
    assert len(changed) <= most, changed
    assert len({d for d in set(old) ^ set(new) if not d.startswith(switched)}) <= 6


def _cut_by_letter(root: Path) -> dict[str, bool]:
    return {roll.path: bool(roll.pages(PAGE_SIZE, LETTER_PAGES).letters) for roll in _rolls(root)}


def test_former_page_addresses_lead_to_the_letter_of_their_first_row(project: Path) -> None:
    # No file at a former address (0.12-0.21 files a profile): one map, read by the 404
    # page's script (theme/assets/javascripts/moved.js), decoded here as the script does.
    _result, rendered = render_project(project, today=TODAY)
    assert rendered is not None
    assert not [path for path in rendered.extra if "/trang-" in path]
    data = json.loads(rendered.files[FORMER_PAGES_FILE])
    assert data["editions"] == []
    site, _report = build_site(project)
    assert site is not None
    by_letter = 0
    for roll in iter_rolls(site):
        rows = roll.rows if roll.shown is None else roll.shown
        pagination = roll.pages(PAGE_SIZE, LETTER_PAGES)
        letters = {letter.label: letter.path for letter in pagination.letters}
        if len(rows) <= PAGE_SIZE and len(pagination.pages) == 1:
            assert roll.path not in data["rolls"]
            continue
        count, *runs = data["rolls"][roll.path]
        assert count == -(-len(rows) // PAGE_SIZE)
        by_letter += bool(runs)
        for number in range(2, count + 1):
            # Rows (number - 1) * PAGE_SIZE on were that page's, cut every PAGE_SIZE rows.
            first = (number - 1) * PAGE_SIZE
            target = letters.get(pagination.page_of(first).letter, roll.path)
            suffix = [then for at, then in zip(runs[::2], runs[1::2], strict=True) if at <= number]
            assert roll.path + (suffix[-1] if suffix else "") == target, (roll.path, number)
    assert by_letter >= 1
