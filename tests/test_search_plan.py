"""The search child's plan (generator/search/plan.py): an edit makes and digests only its
changed entries' records, indexes their shards and takes every other shard by its key, and the
site is still byte for byte a clean build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.search.index as searchindex
import generator.search.plan as searchplan
import generator.search.recordcache as recordcache
from benchmarks.build import add_award, add_profile, edit_profile, rename_profile
from generator.commands.build import build_project
from generator.search.plan import PLAN_FILE, SearchPlan, load_plan
from generator.search.recordcache import moved_sum, record_term, records_names, records_sum
from generator.search.records import SearchRecord
from tests.test_incremental import TODAY, assert_same_as_clean_build, write_project

SHARDS = ".vinhdanh-cache/build/search-shards"


def count_terms(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on, each record digested into the records' sum (`record_term`) writes a line
    to `log`: the search child is another process."""
    real = recordcache.record_term

    def counted(digest: str, sort: dict[str, str]) -> int:
        with log.open("a") as handle:
            handle.write(f"{digest}\n")
        return real(digest, sort)

    monkeypatch.setattr(recordcache, "record_term", counted)
    monkeypatch.setattr(searchplan, "record_term", counted)


def terms(log: Path) -> int:
    """How many records were digested since the last call (and forget them)."""
    count = len(log.read_text().splitlines()) if log.exists() else 0
    log.unlink(missing_ok=True)
    return count


def clean(root: Path, work: Path, log: Path) -> None:
    """`assert_same_as_clean_build`, its records' terms not counted."""
    assert_same_as_clean_build(root, work)
    terms(log)


@pytest.mark.slow
def test_an_edit_digests_and_indexes_only_its_shards_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many small shards (most of them kept by each edit): a shard of each province (the
    # largest has 4 profiles, so a profile added keeps their count; it doubles past 8).
    monkeypatch.setattr(searchindex, "SHARD_RECORDS", 8)
    root = tmp_path / "project"
    write_project(root, 40, seed=5, photos=2)
    log = tmp_path / "terms"
    count_terms(monkeypatch, log)
    first = build_project(root, today=TODAY)
    assert first.built
    records = terms(log)  # every record, once (the build's own digest of them)
    assert records > 40
    plan = load_plan(root / SHARDS)
    assert plan is not None and len(plan.layout) > 8  # saved by the full build's index
    # A summary, then an award (a sort key may move): the child digests the changed record
    # twice (out of the sum and into it), no other, and Pagefind indexes its shard alone.
    for number, edit in enumerate((edit_profile, add_award, edit_profile), start=1):
        edit(root, number)
        result = build_project(root, today=TODAY)
        assert result.built
        assert terms(log) == 2, edit
        clean(root, tmp_path / f"clean-{number}", log)
    # The sum an edit moved is the records' own: the whole path, taking every record again
    # (the plan gone), finds them the bundle's and indexes nothing.
    (root / SHARDS / PLAN_FILE).unlink()
    story = next(
        p for p in sorted((root / "profiles").rglob("*.yml")) if "story: |" in p.read_text()
    )
    story.write_text(story.read_text("utf-8").replace("story: |\n", "story: |\n  Mở đầu.\n\n", 1))
    kept = build_project(root, today=TODAY)
    assert kept.built and "Pagefind CPU (of it)" not in kept.timings
    assert terms(log) == records
    # It saved no plan (it merged nothing): the next edit takes the whole path, which does.
    edit_profile(root, 4)
    assert build_project(root, today=TODAY).built
    assert terms(log) == records
    # A rename moves the ranks of the records between its places, a new profile those after
    # it and the other records': their rows take the new ranks, and only the renamed record
    # (out of the sum and into it) or the new one is digested (every record, before).
    rename_profile(root, 7)
    assert build_project(root, today=TODAY).built
    assert terms(log) == 2
    clean(root, tmp_path / "clean-4", log)
    add_profile(root, 5)
    assert build_project(root, today=TODAY).built
    assert terms(log) == 1
    clean(root, tmp_path / "clean-5", log)
    rename_profile(root, 6)  # back to the other end of the name order
    assert build_project(root, today=TODAY).built
    assert terms(log) == 2
    clean(root, tmp_path / "clean-5b", log)
    # A profile withdrawn: its record out of the sum and of its shard, which keeps
    # others (a province's last one would leave no shard: the whole path).
    plan = load_plan(root / SHARDS)
    assert plan is not None
    texts = [path.read_text("utf-8") for path in (root / "profiles").rglob("*.yml")]
    withdrawn = next(
        path
        for part, _key, urls in plan.layout
        if part != "shared" and len(urls) > 1
        for url in urls
        for path in (root / "profiles").rglob(f"{url.split('/')[1]}.yml")
        if sum(text.count(path.stem) for text in texts) == 1  # no other profile names it
    )
    reason = "withdrawal: {date: 2024-05-01, reason: Theo đề nghị của đơn vị}"
    text = withdrawn.read_text("utf-8")
    withdrawn.write_text(text.replace("status: published\n", f"status: withdrawn\n{reason}\n"))
    withdrawing = build_project(root, today=TODAY)
    assert withdrawing.built, withdrawing.report.problems
    assert terms(log) == 1
    clean(root, tmp_path / "clean-5c", log)
    # A kept shard gone from the cache: the whole path, which indexes it again.
    edited = f"ho-so/{Path(edit_profile(root, 6)).stem}/"
    plan = load_plan(root / SHARDS)
    assert plan is not None
    gone = next(key for _part, key, urls in plan.layout if urls and edited not in urls)
    shutil.rmtree(root / SHARDS / gone)
    assert build_project(root, today=TODAY).built
    assert terms(log) == records + 2  # the edited record's two, then every record
    assert (root / SHARDS / gone).is_dir()
    clean(root, tmp_path / "clean-6", log)


def test_a_damaged_plan_or_one_of_another_format_is_none() -> None:
    plan = SearchPlan(
        "d", 1 << 200, "c", {"a": "1"}, {}, ["a"], {"gioi-thieu/": ("x", {"ten": "1"})},
        [("", "k", ["ho-so/a/"])], b"s",
    )  # fmt: skip
    data = plan.dump()
    assert SearchPlan.load(data) == plan
    damaged = bytearray(data)
    damaged[10] ^= 1
    assert SearchPlan.load(bytes(damaged)) is None
    other = data.replace(searchplan.PLAN_FORMAT.encode(), b"0" * len(searchplan.PLAN_FORMAT))
    assert SearchPlan.load(other) is None


def test_the_records_sum_is_of_the_records_not_their_order() -> None:
    a = SearchRecord("ho-so/a/", "A", sort={"ten": "1"})
    b = SearchRecord("ho-so/b/", "B", sort={"ten": "2"})
    c = SearchRecord("ho-so/c/", "C", sort={"ten": "3"})
    assert records_sum([a, b]) == records_sum([b, a]) != records_sum([a, c])
    # An edit moves the sum by the terms of the records it changed.
    moved = moved_sum(
        records_sum([a, b]), [record_term(b.digest(), b.sort)], [record_term(c.digest(), c.sort)]
    )
    assert moved == records_sum([c, a])
    # The rank in name order is not a term's (a rename or a new profile moves many): the
    # places in name order are digested apart, and the same page elsewhere in name order is
    # another record set.
    elsewhere = SearchRecord("ho-so/a/", "A", sort={"ten": "9"})
    assert records_sum([a]) == records_sum([elsewhere])
    assert records_names([a]) != records_names([elsewhere])
    assert records_names([a, b]) == records_names([b, a])
    year = SearchRecord("ho-so/a/", "A", sort={"ten": "1", "nam": "2001"})
    assert records_sum([a]) != records_sum([year])
