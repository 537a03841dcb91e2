"""The roll's CSV files and the API's profile index pages spliced from the last build's
(generator.opendata.linesplice).

An edit takes every unchanged profile's lines from the file the last build wrote, by the
manifest kept beside it, and makes only the changed profiles' lines; the file is byte for
byte the one made whole (tests/test_incremental compares whole sites after each edit).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.commands import rendering
from generator.commands.build import build_project
from generator.commands.buildfolder import BUILD_DIR
from generator.commands.outcome import BuildError
from generator.opendata import publish
from generator.opendata.context import CSV_VI
from generator.opendata.linesplice import LineManifest, splice_lines

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import assert_same_as_clean_build  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def entries(*slugs: str) -> list[Any]:
    return [SimpleNamespace(slug=slug) for slug in slugs]


def line(version: str) -> Any:
    made: list[str] = []

    def lines(entry: Any) -> bytes:
        made.append(entry.slug)
        return f'"{entry.slug}","{version}"\r\n'.encode()

    lines.made = made  # type: ignore[attr-defined]
    return lines


def test_unchanged_lines_are_taken_from_the_last_file_and_the_others_made() -> None:
    head, tail = b'\xef\xbb\xbf"slug","v"\r\n', b'"decision","1"\r\n'
    first = line("1")
    old, manifest = splice_lines(head, entries("a", "b", "c", "d"), first, tail, None, set())
    assert first.made == ["a", "b", "c", "d"]
    assert old == head + b'"a","1"\r\n"b","1"\r\n"c","1"\r\n"d","1"\r\n' + tail
    assert manifest.size() == len(old)
    assert LineManifest.loads(manifest.dumps()) == manifest
    # b changed, c gone, e new, d moved before a: only b's and e's lines made.
    second = line("2")
    new, again = splice_lines(
        head, entries("d", "a", "b", "e"), second, b"", (old, manifest), {"a", "c", "d", "e"}
    )
    assert second.made == ["b", "e"]  # e is steady but the old file lacks it
    assert new == head + b'"d","1"\r\n"a","1"\r\n"b","2"\r\n"e","2"\r\n'
    assert again.slugs == ["d", "a", "b", "e"] and again.size() == len(new)


def test_a_file_that_is_not_the_manifests_is_never_spliced() -> None:
    head = b'"slug"\r\n'
    old, manifest = splice_lines(head, entries("a", "b"), line("1"), b"", None, set())
    made = line("2")
    # One byte short: the manifest does not describe the file, every line made.
    new, _manifest = splice_lines(head, entries("a", "b"), made, b"", (old[:-1], manifest), {"a"})
    assert made.made == ["a", "b"] and b'"1"' not in new
    assert LineManifest.loads(b"not marshal") is None
    assert LineManifest.loads(manifest.dumps()[:-3]) is None


def test_lines_with_a_separator_are_spliced_as_made_whole() -> None:
    # A page of the profile index: JSON objects separated by commas. Random orders, changes,
    # removals and additions: the splice equals the file made whole, and takes from the
    # last file exactly the steady entries it holds.
    draw = random.Random(5)
    head, tail = b'{"profiles":[', b"]}\n"
    names = [f"p{n}" for n in range(12)]
    version = {name: 0 for name in names}

    def obj(entry: Any) -> bytes:
        return json.dumps({"id": entry.slug, "v": version[entry.slug]}).encode()

    last = None
    for _round in range(200):
        chosen = draw.sample(names, draw.randint(0, len(names)))
        changed = set(draw.sample(chosen, draw.randint(0, min(3, len(chosen)))))
        for name in changed:
            version[name] += 1
        steady = set(names) - changed
        made: list[str] = []

        def lines(entry: Any, made: list[str] = made) -> bytes:
            made.append(entry.slug)
            return obj(entry)

        data, manifest = splice_lines(head, entries(*chosen), lines, tail, last, steady, b",")
        whole = head + b",".join(obj(e) for e in entries(*chosen)) + tail
        assert data == whole
        assert [e["id"] for e in json.loads(data)["profiles"]] == chosen
        held = set(last[1].slugs) if last is not None else set()
        assert sorted(made) == sorted(s for s in chosen if s not in steady or s not in held)
        assert manifest.size(1) == len(data) and manifest.slugs == chosen
        last = (data, manifest)


@pytest.mark.slow
def test_an_edit_makes_the_csv_lines_of_its_profile_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=2)
    assert build_project(root, today=TODAY).built
    # The open data runs in a child process: what it asks for is logged to a file.
    log = tmp_path / "asked.log"
    real_lines = publish._OpenData._csv_lines

    def csv_lines(self: Any, entry: Any, english: bool) -> bytes:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{'en' if english else 'vi'}/{entry.slug}\n")
        return real_lines(self, entry, english)

    monkeypatch.setattr(publish._OpenData, "_csv_lines", csv_lines)
    profiles = sorted((root / "profiles").rglob("*.yml"))
    for n, edited in enumerate(profiles[3:6]):
        text = edited.read_text("utf-8")
        assert 'decision_number: "' in text  # in the CSV: the listings change, the CSV is made
        edited.write_text(text.replace('decision_number: "', f'decision_number: "{n}', 1), "utf-8")
        log.unlink(missing_ok=True)
        assert build_project(root, today=TODAY).built
        asked = sorted(log.read_text("utf-8").split()) if log.exists() else []
        assert asked == [f"en/{edited.stem}", f"vi/{edited.stem}"]
    assert_same_as_clean_build(root, tmp_path / "clean")
    # Without the manifest (a cache of the code before), every profile's lines are asked.
    files = root / ".vinhdanh-cache"
    assert files.is_dir()
    edited = profiles[7]
    monkeypatch.setattr(publish, "last_lines", lambda *args, **kwargs: None)
    text = edited.read_text("utf-8").replace('decision_number: "', 'decision_number: "9', 1)
    edited.write_text(text, "utf-8")
    log.unlink(missing_ok=True)
    assert build_project(root, today=TODAY).built
    assert len(log.read_text("utf-8").split()) >= 2 * 55


def _failing(*args: object) -> None:
    raise BuildError(["a failure after the open data's child"])


@pytest.mark.slow
@pytest.mark.parametrize("field", ["decision_number", "given"])
def test_a_failed_build_s_open_data_parts_are_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    # A build that fails after the open data's child wrote its files and saved its parts
    # (the tables' and the profile index's manifests, the roll pages' rows notes and facts,
    # the counts) leaves them made from an edit; reverted, the edited profile is steady again
    # against the last saved build: nothing of it may be taken from the failed build's files
    # (PageCache.load_files lets such parts go; the tables' manifests are checked against the
    # saved listings too). A decision number is in the CSV; a given name in the API's index.
    root = tmp_path / "project"
    write_project(root, 60, seed=2)
    assert build_project(root, today=TODAY).built
    profiles = sorted((root / "profiles").rglob("*.yml"))
    edited = next(p for p in profiles[4:] if f'  {field}: "' in p.read_text("utf-8"))
    text = edited.read_text("utf-8")
    value = text.split(f'{field}: "', 1)[1].split('"', 1)[0]
    changed = f"7{value}9"  # in no other profile's lines
    old_line, new_line = f'{field}: "{value}"', f'{field}: "{changed}"'
    edited.write_text(text.replace(old_line, new_line, 1), "utf-8")
    table = CSV_VI if field == "decision_number" else "api/v1/profiles/index.json"
    # Failing once the open data's child is done (it saved its manifests), before the
    # build's caches are saved: the render's end.
    with monkeypatch.context() as patch:
        patch.setattr(rendering.lasting, "take_over", _failing)
        with pytest.raises(BuildError):
            build_project(root, today=TODAY)
    assert changed.encode() in (root / BUILD_DIR / "files" / table).read_bytes()
    edited.write_text(text, "utf-8")
    assert build_project(root, today=TODAY).built
    assert changed.encode() not in (root / "site" / table).read_bytes()
    assert_same_as_clean_build(root, tmp_path / "clean")
