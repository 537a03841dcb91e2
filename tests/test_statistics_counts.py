"""The statistics are made from counts kept from one build to the next by entry key: an edit
that makes the listings again reads the facts of the profiles it changed, not of the whole roll
(issue #21), and its figures are those counted whole; what the counts cannot settle (a group's
spelling, a country's label) still follows the roll's order."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.commands.reuse import STATISTICS_FACTS_FILE
from generator.incremental.keptcounts import FACTS_SHARDS, KeptCounts
from generator.incremental.pagecache import KeptParts
from generator.incremental.shardedparts import ShardedParts
from generator.model import statcounts
from generator.model.overawarding import TOP, _ranked, by_unit_year
from generator.model.site import build_site
from generator.model.statcounts import count_entries, kept_counts
from generator.model.statistics import compute_statistics, figures_text
from generator.model.statsfigures import DirectiveFigures

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_directive_figures import CONFIG, HOANG_MAI  # noqa: E402
from tests.test_incremental import TODAY, assert_same_as_clean_build  # noqa: E402

# Every test here builds on conftest's day (SOURCE_DATE_EPOCH); LANG and TZ are conftest's.
pytestmark = pytest.mark.usefixtures("build_day")


def _reading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs whose facts are read from here on (statcounts.entry_facts, which still runs)."""
    read: list[str] = []
    facts = statcounts.entry_facts

    def counted(entry: Any, *args: Any) -> statcounts.Facts:
        read.append(entry.slug)
        return facts(entry, *args)

    monkeypatch.setattr(statcounts, "entry_facts", counted)
    return read


@pytest.mark.slow
def test_an_edit_reads_the_facts_of_its_own_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=5, photos=2)
    read = _reading(monkeypatch)
    assert build_project(root, today=TODAY).built
    assert len(read) > 30  # a full build counts every entry, and keeps the counts
    for kind, number in (("award", 2), ("name", 3), ("new", 4), ("award", 5)):
        read.clear()
        changed = EDITS[kind](root, number)
        result = build_project(root, today=TODAY)
        assert result.built and not result.listings_reused
        assert len(read) == 1, (kind, read, changed)
        assert_same_as_clean_build(root, tmp_path / f"clean-{kind}-{number}")
    # Each edit wrote its profile's shard of facts (and the head), no other.
    folder = root / ".vinhdanh-cache" / "build"
    shards = sorted(folder.glob("statistics-facts.*.marshal"))
    assert len(shards) > 10
    stamps = {p: p.stat().st_ino for p in shards}
    changed = EDITS["award"](root, 7)
    read.clear()
    assert build_project(root, today=TODAY).built
    assert len(read) == 1
    rewritten = [p for p in shards if not p.exists() or p.stat().st_ino != stamps[p]]
    assert len(rewritten) == 1, (changed, rewritten)
    # A damaged shard of facts, the next edit's: its profile's facts are not known, so
    # every entry is read again; the site the same.
    data = bytearray(rewritten[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    rewritten[0].write_bytes(bytes(data))
    read.clear()
    EDITS["award"](root, 7)
    assert build_project(root, today=TODAY).built
    assert len(read) > 30
    assert_same_as_clean_build(root, tmp_path / "clean-damaged-facts")
    # A damaged file of counts is no counts: every entry is read again, the site the same.
    kept = folder / "statistics.marshal"
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    read.clear()
    EDITS["award"](root, 6)
    assert build_project(root, today=TODAY).built
    assert len(read) > 30
    assert_same_as_clean_build(root, tmp_path / "clean-damaged")


def _site(root: Path) -> Any:
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    return site


def test_kept_counts_are_the_counts_made_whole(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=7)
    site = _site(root)
    published = site.published()
    keys = {e.slug: f"key-{e.slug}" for e in site.entries}
    first = count_entries(site, published, keys)
    kept = first.dumps("context")
    made, gone, whole = first.saved_facts()
    assert whole and not gone and made.keys() == {e.slug for e in published}
    asked: list[str] = []

    def stored(slug: str) -> tuple[str, bytes] | None:
        asked.append(slug)
        return made.get(slug)

    # An award added, a rename, a profile gone, one withdrawn, one new.
    paths = sorted((root / "profiles").rglob("*.yml"))
    changed = [EDITS["award"](root, 1), EDITS["name"](root, 2), EDITS["new"](root, 3)]
    removed, withdrawn = paths[-1], paths[-2]
    removed.unlink()
    text = withdrawn.read_text("utf-8")
    assert "\nstatus: published\n" in text
    withdrawn.write_text(text.replace("\nstatus: published\n", "\nstatus: withdrawn\n"), "utf-8")
    site = _site(root)
    published = site.published()
    touched = {Path(p).stem for p in changed} | {withdrawn.stem}
    keys = {e.slug: f"key-{e.slug}" + ("*" if e.slug in touched else "") for e in site.entries}
    whole_now = count_entries(site, published, keys)
    again = kept_counts(site, published, keys, "context", kept, stored)
    assert again.totals == whole_now.totals
    assert again.keys == whole_now.keys
    # Only the facts of the entries that changed or left were asked for (one is new).
    assert sorted(asked) == sorted((touched - {Path(changed[2]).stem}) | {removed.stem})
    made_now, gone_now, whole = again.saved_facts()
    assert not whole and made_now.keys() == touched - {withdrawn.stem}
    assert gone_now == {removed.stem, withdrawn.stem}
    figures = compute_statistics(site, TODAY, published, again)
    assert figures_text(figures) == figures_text(compute_statistics(site, TODAY, published))
    # Under another context, from bytes that are not counts, or without the facts saved with
    # them, nothing is taken.
    for context, data, facts in (
        ("other", kept, stored),
        ("context", b"damaged", stored),
        ("context", kept, None),
    ):
        asked.clear()
        other = kept_counts(site, published, keys, context, data, facts)
        assert other.totals == whole_now.totals and not asked
        assert other.saved_facts()[2]  # counted whole: saved whole
    # A changed entry's facts missing, or saved under another key than the head's (a build
    # stopped between the two): counted whole.
    lost = Path(changed[0]).stem
    for found in (None, ("another key", made[lost][1])):

        def damaged(slug: str, found: tuple[str, bytes] | None = found) -> Any:
            return found if slug == lost else made.get(slug)

        counted = kept_counts(site, published, keys, "context", kept, damaged)
        assert counted.totals == whole_now.totals and counted.saved_facts()[2]


def test_a_facts_missing_for_the_roll_order_is_counted_whole(tmp_path: Path) -> None:
    # A tie of spellings reads every entry's facts in roll order (`Counts.in_order`): one not
    # kept there is `MissingFacts`, and the renderer counts whole (PageRenderer.stats).
    (tmp_path / "profiles").mkdir()
    (tmp_path / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    units = ("Trường Tiểu học Hòa Bình", "Trường Tiểu học Hoà Bình")
    issuer = "Chủ tịch Uỷ ban nhân dân phường Hoàng Mai"
    for i, (unit, given) in enumerate(zip(units, ("An", "Bình"), strict=True)):
        (tmp_path / "profiles" / f"nguoi-{i}.yml").write_text(
            _profile(i, issuer, given, unit), "utf-8"
        )
    site = _site(tmp_path)
    published = site.published()
    keys = {e.slug: "k" for e in published}
    whole = count_entries(site, published, keys)
    made, _gone, _whole = whole.saved_facts()
    kept = kept_counts(site, published, keys, "c", whole.dumps("c"), lambda s: None)
    assert kept.totals == whole.totals and not kept.facts  # nothing changed: nothing read
    with pytest.raises(statcounts.MissingFacts):
        list(kept.in_order(published))
    kept = kept_counts(site, published, keys, "c", whole.dumps("c"), made.get)
    assert [f[statcounts.UNIT] for f in kept.in_order(published)] == [
        f[statcounts.UNIT] for f in whole.in_order(published)
    ]


def _profile(i: int, issuer: str, given: str, unit: str = "Trường Tiểu học Hoà Bình") -> str:
    return f"""slug: nguoi-{i}
kind: individual
name: {{family: Lê, middle: Thị, given: {given}}}
unit: {unit}
locality: {HOANG_MAI}
awards:
  - {{award: giay-khen, year: 2024, issuer: "{issuer}"}}
"""


def test_a_tie_of_spellings_is_settled_by_the_roll_order(tmp_path: Path) -> None:
    # Two spellings of one issuer, once each: the group is named by the one met first in
    # name order, which no count says, so a rename that moves the other first renames it.
    (tmp_path / "profiles").mkdir()
    (tmp_path / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    old, new = (
        "Chủ tịch Ủy ban nhân dân phường Hoàng Mai",
        "Chủ tịch Uỷ ban nhân dân phường Hoàng Mai",
    )
    for i, (issuer, given) in enumerate(((old, "An"), (new, "Bình"))):
        (tmp_path / "profiles" / f"nguoi-{i}.yml").write_text(_profile(i, issuer, given), "utf-8")

    def issuers() -> list[tuple[str, int]]:
        site = _site(tmp_path)
        published = site.published()
        counts = count_entries(site, published, {})
        sections = {s.id: s for s in DirectiveFigures(site, published, counts).sections()}
        return [(r.label, r.value) for r in sections["issuer_year"].rows if r.value]

    assert issuers() == [(f"2024: {old} (cấp cơ sở)", 2)]
    first = tmp_path / "profiles" / "nguoi-0.yml"
    first.write_text(_profile(0, old, "Xuân"), "utf-8")  # now after Bình
    assert issuers() == [(f"2024: {new} (cấp cơ sở)", 2)]


def test_a_tie_of_spellings_walks_the_roll_once_a_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A unit's row asks for its spelling for its label and again for its link: a tie walked
    # the roll's facts twice (~100,000 of them at 100,000 profiles).
    (tmp_path / "profiles").mkdir()
    (tmp_path / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    issuer = "Chủ tịch Uỷ ban nhân dân phường Hoàng Mai"
    units = ("Trường Tiểu học Hòa Bình", "Trường Tiểu học Hoà Bình")  # once each: a tie
    for i, (unit, given) in enumerate(zip(units, ("An", "Bình"), strict=True)):
        (tmp_path / "profiles" / f"nguoi-{i}.yml").write_text(
            _profile(i, issuer, given, unit), "utf-8"
        )
    site = _site(tmp_path)
    published = site.published()
    walks: list[int] = []
    real = statcounts.Counts.in_order

    def counted(self: statcounts.Counts, entries: Any) -> Any:
        walks.append(1)
        return real(self, entries)

    monkeypatch.setattr(statcounts.Counts, "in_order", counted)
    figures = DirectiveFigures(site, published, count_entries(site, published, {}))
    rows = [(r.label, r.value) for r in by_unit_year(figures).rows if r.value]
    assert rows == [(f"2024: {units[0]}", 2)]  # the first met in name order
    assert len(walks) == 1


def _revoked(i: int, given: str, awards: list[tuple[str, int, str]]) -> str:
    """A profile whose awards (id, year, date of the revocation) were all revoked."""
    lines = "".join(
        f"""  - award: {award}
    year: {year}
    status: revoked
    revocation: {{number: {n + 1}/QĐ-UBND, date: {day}}}
"""
        for n, (award, year, day) in enumerate(awards)
    )
    return f"""slug: nguoi-{i}
kind: individual
name: {{family: Lê, middle: Thị, given: {given}}}
locality: {HOANG_MAI}
awards:
  - {{award: giay-khen, year: 2024}}
{lines}"""


def test_the_revoked_awards_are_listed_by_year_date_then_roll_order(tmp_path: Path) -> None:
    # Newest year first, a year's by the date of the revocation; found by slug from the
    # counts, the roll's order (name order, not the files') and then the award settle a day's.
    (tmp_path / "profiles").mkdir()
    (tmp_path / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    day, later = "2024-03-01", "2024-05-01"
    profiles = [
        ("Xuân", [("giay-khen", 2020, day)]),
        ("An", [("giay-khen", 2021, day), ("bang-khen-thu-tuong", 2019, day)]),
        ("Bình", [("giay-khen", 2022, "2023-01-01"), ("giay-khen", 2023, later)]),
    ]
    for i, (given, awards) in enumerate(profiles):
        (tmp_path / "profiles" / f"nguoi-{i}.yml").write_text(_revoked(i, given, awards), "utf-8")
    site = _site(tmp_path)
    published = site.published()
    stats = compute_statistics(site, TODAY, published, count_entries(site, published, {}))
    found = [(r.shown.display_name, r.award_id, r.year) for r in stats.revocations]
    assert found == [
        ("Lê Thị An", "bang-khen-thu-tuong", 2024),
        ("Lê Thị An", "giay-khen", 2024),
        ("Lê Thị Xuân", "giay-khen", 2024),
        ("Lê Thị Bình", "giay-khen", 2024),  # the later date of 2024
        ("Lê Thị Bình", "giay-khen", 2023),
    ]


class _Name(str):
    """A name that counts how often it is compared."""

    compared = 0

    def __lt__(self, other: str) -> bool:
        _Name.compared += 1
        return str.__lt__(self, other)


def test_the_heaviest_units_are_found_without_sorting_every_unit() -> None:
    # A roll of 100,000 names ~150,000 (unit, year) keys; only the TOP heaviest are shown.
    counts: Counter[tuple[str, ...]] = Counter()
    for i in range(5000):
        counts[(_Name(f"đơn vị {i:05}"), "2024")] = 1 + (i % 7 == 3)  # ties within both counts
    _Name.compared = 0
    rows = _ranked(counts, 6000, str, lambda _k: None, (0, "chưa ghi"))
    compared = _Name.compared
    heaviest = sorted(counts, key=lambda k: (-counts[k], k))[:TOP]
    assert [r.key for r in rows] == ["/".join(k) for k in heaviest] + ["chua-ro"]
    assert compared < len(counts) // 2  # a sort of every key compares names ~17,600 times


def _tie_project(root: Path) -> None:
    """Three profiles, two of them of one unit spelt two ways once each (a tie the roll's
    order settles, `Counts.spelling`)."""
    (root / "profiles").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    issuer = "Chủ tịch Uỷ ban nhân dân phường Hoàng Mai"
    units = ("Trường Tiểu học Hòa Bình", "Trường Tiểu học Hoà Bình", "Trường THCS Lê Lợi")
    for i, (unit, given) in enumerate(zip(units, ("An", "Bình", "Chi"), strict=True)):
        (root / "profiles" / f"nguoi-{i}.yml").write_text(_profile(i, issuer, given, unit), "utf-8")


@pytest.mark.slow
def test_a_tie_meeting_facts_not_kept_is_counted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tie reads every entry's facts in roll order while the statistics are made: a shard
    # lost (here, the one of an entry the edit does not change) is found there, not when the
    # changed entries are counted out, and the renderer counts whole (PageRenderer.stats).
    root = tmp_path / "project"
    _tie_project(root)
    read = _reading(monkeypatch)
    assert build_project(root, today=TODAY).built
    folder = root / ".vinhdanh-cache" / "build"
    facts = ShardedParts(folder / STATISTICS_FACTS_FILE, FACTS_SHARDS)
    lost = facts.shards[facts.shard_of("nguoi-0")].path
    assert lost.exists() and facts.shard_of("nguoi-0") != facts.shard_of("nguoi-2")
    lost.unlink()
    edited = root / "profiles" / "nguoi-2.yml"
    edited.write_text(edited.read_text("utf-8").replace("year: 2024", "year: 2023"), "utf-8")
    read.clear()
    result = build_project(root, today=TODAY)
    assert result.built and not result.listings_reused
    assert sorted(read) == ["nguoi-0", "nguoi-1", "nguoi-2", "nguoi-2"]  # counted whole
    assert lost.exists()  # saved whole again
    assert_same_as_clean_build(root, tmp_path / "clean")


def test_a_save_stopped_between_facts_and_head_leaves_no_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An entry's key is made of its source, not of what its facts were read under: a head of
    # the build before beside facts saved since could pass the key check (facts read under
    # another configuration, an untracked entry's key ""), so the head goes first.
    root = tmp_path / "project"
    write_project(root, 20, seed=3)
    site = _site(root)
    published = site.published()
    keys = {e.slug: "" for e in published}  # untracked: the key check cannot tell
    kept = KeptCounts(tmp_path / "head.marshal", tmp_path / "facts.marshal")

    def save(counts: statcounts.Counts) -> None:
        def saved() -> Any:
            made, gone, whole = counts.saved_facts()
            return {"statistics": ("c", counts.dumps("c"))}, made, gone, whole

        kept.save_later(saved)
        kept.flush()

    save(count_entries(site, published, keys))
    assert kept.get("statistics") is not None
    real = KeptParts.save

    def stopped(self: KeptParts, parts: Any) -> None:
        if self.path == kept.head.path:
            raise OSError("stopped")
        real(self, parts)

    monkeypatch.setattr(KeptParts, "save", stopped)
    with pytest.raises(OSError):
        save(count_entries(site, published, keys))
    monkeypatch.setattr(KeptParts, "save", real)
    again = KeptCounts(tmp_path / "head.marshal", tmp_path / "facts.marshal")
    assert again.get("statistics") is None  # no head: the next count is whole
