"""Profiles' checks kept between builds (generator.model.checkcache): a check that reuses them
reports the same problems and makes the same model as one that checks every file, and an
unchanged profile is neither validated nor checked again."""

from __future__ import annotations

import datetime as dt
import gc
import marshal
import os
import shutil
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pydantic import BaseModel

from generator.commands.reuse import PROFILES_FILE
from generator.commands.today import latest_data_date
from generator.errors import Report
from generator.incremental.buildcache import BuildCache, FileDigests
from generator.incremental.stamps import RACY_NS
from generator.model import checkcache, profilechecks, profilepickle, sourcefiles
from generator.model.checkcache import CheckCache
from generator.model.checker import Checker
from generator.model.checkrows import make_row, row_of
from generator.model.entries import Entry, Site
from generator.model.site import build_site
from generator.model.sourcefiles import DocumentCache
from generator.source import validate
from generator.source.documents import Profile
from generator.source.load import Document
from tests.browser import copy_demo
from tests.projects import PERSON as PERSON_SOURCE

PERSON = "profiles/quang-tri/nguyen-thi-hoa-trieu-phong.yml"
PHOTO = "profiles/quang-tri/photos/nguyen-thi-hoa-trieu-phong.jpg"
REVIEWED = "profiles/ha-noi/tran-khanh-linh-ba-vi.yml"


@dataclass
class Saved:
    """What a build keeps for the next: parses, photo headers, checks (through marshal)."""

    digests: FileDigests = field(default_factory=FileDigests)
    parses: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    profiles: dict[str, Any] = field(default_factory=dict)
    since: dict[str, Any] = field(default_factory=dict)
    wrote_whole: bool = False  # the last check wrote the whole pickle of profiles again
    parses_since: dict[str, Any] = field(default_factory=dict)  # parsed since `parses`
    wrote_parses: bool = False  # the last check wrote every parse again


def check(root: Path, saved: Saved, package: str = "code") -> tuple[Site, list[str], CheckCache]:
    """`build_site` as a build runs it with the last build's caches; `saved` is updated."""
    documents = DocumentCache(
        saved.parses, saved.digests.digest, saved.headers, since=saved.parses_since
    )
    documents.checked = CheckCache(saved.checks, package, saved.profiles, saved.since)
    site, report = build_site(root, documents=documents)
    assert site is not None
    parses, parses_since = documents.saved()
    saved.wrote_parses = parses is not None
    if parses is not None:  # else the build keeps the file it has
        saved.parses = marshal.loads(marshal.dumps(parses))
    saved.parses_since = marshal.loads(marshal.dumps(parses_since))
    saved.headers = marshal.loads(marshal.dumps(documents.headers_used))
    saved.checks = marshal.loads(marshal.dumps(documents.checked.used))
    whole, since = documents.checked.saved_profiles()
    saved.wrote_whole = whole is not None
    if whole is not None:  # else the build keeps the file it has
        saved.profiles = marshal.loads(marshal.dumps(whole))
    saved.since = marshal.loads(marshal.dumps(since))
    return site, [p.format("en") for p in report], documents.checked


def kept_in(saved: dict[str, Any], site: Site) -> dict[str, Any]:
    """The profiles (and what their checks resolved) of a saved pickle, the site's tables."""
    found: dict[str, Any] = {}
    for block in saved["blocks"].values():
        if block:
            kept, missing = profilepickle.loads(block, site.taxonomy, site.admin)
            assert not missing
            assert isinstance(kept, dict)
            found.update(kept)
    return found


def pickled(saved: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    """`saved` with its blocks holding `kept` instead."""
    blocks: dict[str, dict[str, Any]] = {}
    for relpath, value in kept.items():
        blocks.setdefault(checkcache._block_of(relpath, saved["counts"]), {})[relpath] = value
    return {**saved, "blocks": {k: profilepickle.dumps(b) for k, b in blocks.items()}}


def fresh(root: Path) -> tuple[Site, list[str]]:
    """`vinhdanh check`: every file read, validated and checked."""
    site, report = build_site(root)
    assert site is not None
    return site, [p.format("en") for p in report]


def parts(entry: Entry) -> tuple[object, ...]:
    """An entry as the model holds it (its Document aside: parsed or cached, kept packed)."""
    return (
        entry.doc.relpath,
        entry.profile,
        entry.locality,
        entry.awards,
        entry.photos,
        entry.practice,
    )


def assert_same(cached: tuple[Site, list[str]], clean: tuple[Site, list[str]]) -> None:
    """The same problems (messages, file:line:col, order) and the same model."""
    assert cached[1] == clean[1]
    assert [parts(e) for e in cached[0].entries] == [parts(e) for e in clean[0].entries]
    decisions = [(d.decision, d.award, d.locality, d.with_profiles) for d in cached[0].decisions]
    assert decisions == [
        (d.decision, d.award, d.locality, d.with_profiles) for d in clean[0].decisions
    ]
    members = [[m.entry and m.entry.slug for m in c.members] for c in cached[0].clusters]
    assert members == [[m.entry and m.entry.slug for m in c.members] for c in clean[0].clusters]


# A profile with warnings of several checks: consent refused, a phone number in public text,
# a photo without consent, a posthumous award without the year of death.
WARNED = f"""\
{PERSON_SOURCE.replace("nguyen-van-an", "nguyen-van-canh").replace("given: An", "given: Cảnh")}\
    posthumous: true
birth_year: 1950
summary: Liên hệ gia đình qua số 0912 345 678.
consent:
  birth_date: false
photos:
  - file: photos/nguyen-thi-hoa-trieu-phong.jpg
    alt: Ảnh chân dung
    credit: Ban biên tập
    licence: CC BY 4.0
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo's sources (73 profiles, photos, decisions, clusters) and a profile with
    warnings."""
    root = copy_demo(tmp_path / "demo", page_size=None)
    (root / "profiles" / "quang-tri" / "nguyen-van-canh.yml").write_text(WARNED, "utf-8")
    return root


def test_a_reused_check_equals_a_fresh_one(demo: Path) -> None:
    saved = Saved()
    first = check(demo, saved)
    clean = fresh(demo)
    assert sum("nguyen-van-canh.yml" in line for line in clean[1]) >= 4  # something to keep
    assert_same(first[:2], clean)
    assert (first[2].checked, first[2].reused) == (len(clean[0].entries), 0)
    again = check(demo, saved)
    assert_same(again[:2], clean)
    assert (again[2].checked, again[2].reused) == (0, len(clean[0].entries))


def test_after_one_edit_only_that_profile_is_validated_and_checked(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = Saved()
    check(demo, saved)
    checked: list[str] = []
    real = profilechecks.check_name
    validated: list[str] = []
    real_validate = validate.validate_document

    def counting(profile: Profile, check: Checker) -> None:
        checked.append(check.doc.relpath)
        real(profile, check)

    def validating(doc: Document, schema: Any, *args: Any) -> Any:
        validated.append(doc.relpath)
        return real_validate(doc, schema, *args)

    # The first of a profile's checks, the real one, counted (its awards, locality, photos,
    # privacy and English checks run with it or not at all).
    monkeypatch.setattr("generator.model.site.check_name", counting)
    monkeypatch.setattr("generator.model.site.validate_document", validating)
    path = demo / PERSON
    text = path.read_text("utf-8")
    path.write_text(text.replace("year: 2019", "year: 2031", 1), "utf-8")
    cached = check(demo, saved)
    assert checked == [PERSON]
    assert [p for p in validated if p.startswith("profiles/")] == [PERSON]
    # Nor is an unchanged profile's parse unpacked: nothing reads it.
    read = [e.relpath for e in cached[0].entries if not isinstance(e.doc.__dict__["data"], bytes)]
    assert read == [PERSON]
    assert (cached[2].checked, cached[2].reused) == (1, len(cached[0].entries) - 1)
    # The whole pickle of profiles is kept; the edited one is saved apart, and reused so.
    assert not saved.wrote_whole
    assert kept_in(saved.since, cached[0]).keys() == {PERSON}
    # So are the parses: the edited file's alone is written (issue #21).
    assert not saved.wrote_parses
    assert saved.parses_since.keys() == {PERSON}
    validated.clear()
    again = check(demo, saved)
    assert validated == [p for p in validated if not p.startswith("profiles/")]
    monkeypatch.setattr("generator.model.site.check_name", real)
    monkeypatch.setattr("generator.model.site.validate_document", real_validate)
    clean = fresh(demo)
    assert any(PERSON in line for line in clean[1])  # the edit raised a problem there
    assert_same(cached[:2], clean)
    assert_same(again[:2], clean)


def test_a_configuration_change_checks_the_profiles_again(demo: Path) -> None:
    saved = Saved()
    check(demo, saved)
    config = demo / "site_config.yml"
    text = config.read_text("utf-8")
    # The passage an editor reviewed is one no longer: its warning comes back.
    config.write_text(text.replace('text: "người Dao"', 'text: "người Tày"'), "utf-8")
    cached = check(demo, saved)
    clean = fresh(demo)
    assert any(REVIEWED in line and "personal" in line for line in clean[1])
    assert_same(cached[:2], clean)
    assert cached[2].reused == 0
    # A limit the photo checks read.
    config.write_text(text + "limits:\n  min_photo_width: 1000\n", "utf-8")
    cached = check(demo, saved)
    clean = fresh(demo)
    assert any(PHOTO in line for line in clean[1])  # 900 px wide: under the limit now
    assert_same(cached[:2], clean)


def test_a_removed_campaign_checks_the_profiles_again(demo: Path) -> None:
    saved = Saved()
    check(demo, saved)
    campaigns = sorted((demo / "content" / "campaigns").glob("*.md"))
    sources = [p.read_text("utf-8") for p in (demo / "profiles").rglob("*.yml")]
    named = [c for c in campaigns if any(f"campaign: {c.stem}" in text for text in sources)]
    named[0].unlink()
    cached = check(demo, saved)
    clean = fresh(demo)
    assert any(named[0].stem in line for line in clean[1])
    assert_same(cached[:2], clean)


@pytest.mark.parametrize("change", ["narrow", "removed", "link", "folder link"])
def test_a_changed_photo_checks_its_profile_again(demo: Path, change: str) -> None:
    saved = Saved()
    check(demo, saved)
    photo = demo / PHOTO
    if change == "narrow":
        Image.new("RGB", (120, 90), "white").save(photo, "JPEG")
    elif change == "removed":
        photo.unlink()
    elif change == "link":
        moved = demo / "elsewhere.jpg"
        photo.rename(moved)
        photo.symlink_to(moved)
    else:
        folder = photo.parent
        shutil.move(folder, demo / "moved")
        folder.symlink_to(demo / "moved")
    cached = check(demo, saved)
    clean = fresh(demo)
    assert any(PHOTO.rsplit("/", 1)[1] in line for line in clean[1]), change
    assert_same(cached[:2], clean)
    assert cached[2].reused < len(clean[0].entries)


def test_a_check_is_taken_back_only_from_the_photos_it_was_made_with(demo: Path) -> None:
    # A check's problems (checks.marshal) and what it resolved (the profiles' pickle) are
    # two files: a build that wrote the first and not the second must not pair one photo
    # state's problems with another's photos.
    saved = Saved()
    check(demo, saved)
    before = (saved.profiles, saved.since)
    (demo / PHOTO).unlink()
    check(demo, saved)
    saved.profiles, saved.since = before
    cached = check(demo, saved)
    assert_same(cached[:2], fresh(demo))


def test_checks_of_other_code_or_damaged_are_not_used(demo: Path) -> None:
    saved = Saved()
    site = check(demo, saved)[0]
    clean = fresh(demo)
    other = check(demo, Saved(saved.digests, saved.parses, saved.headers, saved.checks), "new")
    assert other[2].reused == 0  # another package digest: another key
    assert_same(other[:2], clean)
    # A check is taken back as its row only under the context and photos its pickle's index
    # says the pickle's profile was checked under.
    whole = saved.profiles
    rows = dict(whole["rows"])
    rows[PERSON] = (rows[PERSON][0], "another context", *rows[PERSON][2:])
    saved.profiles = {**whole, "rows": rows}
    saved.checks[REVIEWED] = saved.checks[REVIEWED][:2]  # another layout
    damaged = check(demo, saved)
    assert damaged[2].checked == 2
    assert_same(damaged[:2], clean)
    # The pickle itself, unpickled when an entry is first read, is checked against its
    # index again: a profile it lacks is made again from its source, never another's taken.
    kept = kept_in(whole, site)
    source, profile, resolved = kept[PERSON]
    kept[PERSON] = (source, profile, ("another context", *resolved[1:]))
    saved.profiles, saved.since = pickled(whole, kept), {}
    remade = check(demo, saved)
    assert (remade[2].checked, remade[2].reused) == (0, len(clean[0].entries))
    assert_same(remade[:2], clean)
    # Made again, it is pickled with those since by the build's save (after the render).
    assert list(remade[2].saved_profiles()[1]["rows"]) == [PERSON]
    # An award the taxonomy no longer holds (its id changed): every kept profile made again.
    kept = kept_in(whole, site)
    awarded = next(r for r, v in kept.items() if v[2] is not None and v[2][4])
    source, profile, (*made_from, locality, awards, photos, practice) = kept[awarded]
    gone = replace(awards[0], award=replace(awards[0].award, id="khong-con"))
    resolved = (*made_from, locality, [gone, *awards[1:]], photos, practice)
    kept[awarded] = (source, profile, resolved)
    saved.profiles, saved.since = pickled(whole, kept), {}
    missing = check(demo, saved)
    assert (missing[2].checked, missing[2].reused) == (0, len(clean[0].entries))
    assert_same(missing[:2], clean)
    saved.profiles, saved.since = (
        {**whole, "blocks": {k: b[:-9] for k, b in whole["blocks"].items()}},
        {},
    )
    assert_same(check(demo, saved)[:2], clean)  # every profile made again


def test_a_pickle_of_profiles_damaged_inside_a_text_is_not_used(demo: Path, tmp_path: Path) -> None:
    # One byte changed inside a string still unpickles into a valid Profile: the roll would
    # publish the damaged text as the profile's. Each block's own CRC-32 (checkcache.
    # StoredBlocks, the only way a build reads profiles.marshal) refuses it before it is
    # unpickled; the other blocks are still taken.
    saved = Saved()
    check(demo, saved)
    clean = fresh(demo)
    whole = saved.profiles
    store = BuildCache(tmp_path / "cache-root")
    checkcache.save_profiles(store, PROFILES_FILE, whole)
    path = store.folder / PROFILES_FILE
    data = path.read_bytes()
    assert data.count(b"gave 320 m") == 1
    path.write_bytes(data.replace(b"gave 320 m", b"gave 920 m"))
    loaded = checkcache.load_profiles(store, PROFILES_FILE)
    assert (loaded["package"], loaded["counts"], loaded["rows"]) == (
        whole["package"], whole["counts"], whole["rows"],
    )  # fmt: skip
    intact = [key for key, block in whole["blocks"].items() if b"gave 320 m" not in block]
    assert intact and all(loaded["blocks"].get(key) == whole["blocks"][key] for key in intact)
    saved.profiles = loaded
    assert_same(check(demo, saved)[:2], clean)  # the damaged block's profiles made again
    # Read past the block's check, the damaged text would be the profile's.
    saved.profiles = {
        **whole,
        "blocks": {k: b.replace(b"gave 320 m", b"gave 920 m") for k, b in whole["blocks"].items()},
    }
    used_site = check(demo, saved)[0]
    assert any("gave 920 m" in str(e.profile.model_dump()) for e in used_site.entries)


@pytest.mark.slow
def test_a_build_after_one_edit_validates_that_profile_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build's own wiring: it loads the kept checks and profiles and saves them.
    from generator.commands.build import build_project
    from tests.projects import write_build_project

    root = write_build_project(tmp_path / "project")
    today = dt.date(2026, 11, 20)
    assert build_project(root, today=today).built
    validated: list[str] = []
    real_validate = validate.validate_document

    def validating(doc: Document, schema: Any, *args: Any) -> Any:
        validated.append(doc.relpath)
        return real_validate(doc, schema, *args)

    monkeypatch.setattr("generator.model.site.validate_document", validating)
    edited = root / "profiles" / "nguyen-thi-hoa.yml"
    edited.write_text(edited.read_text("utf-8") + "# sửa\n", "utf-8")
    assert build_project(root, today=today).built
    assert [p for p in validated if p.startswith("profiles/")] == ["profiles/nguyen-thi-hoa.yml"]


@pytest.mark.slow
def test_a_build_after_one_edit_reads_no_block_of_the_kept_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pickles of 30,000 profiles (123 MB) were read and unmarshalled whole by every edit,
    # 0.6 s before the open data's child is forked, though the edit unpickles none (#21).
    from generator.commands.build import build_project
    from generator.incremental import indexedfiles
    from tests.projects import write_build_project

    root = write_build_project(tmp_path / "project")
    today = dt.date(2026, 11, 20)
    assert build_project(root, today=today).built
    edited = root / "profiles" / "nguyen-thi-hoa.yml"
    edited.write_text(edited.read_text("utf-8") + "# sửa\n", "utf-8")
    assert build_project(root, today=today).built  # the pickle of those since, written
    loaded: list[str] = []
    blocks: list[tuple[str, int]] = []
    real_marshal, real_read = BuildCache.load_marshal, indexedfiles.Parts.read
    pid = os.getpid()

    def load_marshal(self: BuildCache, name: str) -> dict[str, Any]:
        loaded.append(name)
        return real_marshal(self, name)

    def read(self: indexedfiles.Parts, offset: int, length: int) -> bytes | None:
        file = Path(os.readlink(f"/proc/self/fd/{self._fd}")).name
        if os.getpid() == pid and file.startswith("profiles"):  # the build's process
            blocks.append((file, offset))
        return real_read(self, offset, length)

    monkeypatch.setattr(BuildCache, "load_marshal", load_marshal)
    monkeypatch.setattr(indexedfiles.Parts, "read", read)
    edited.write_text(edited.read_text("utf-8") + "# sửa lần hai\n", "utf-8")
    assert build_project(root, today=today).built
    assert PROFILES_FILE not in loaded and "profiles-since.marshal" not in loaded
    assert blocks == []  # nor a block of either read: the check took every row


ModelParts = tuple[str, dict[str, Any], set[str], object, object]


def models_of(value: object) -> list[ModelParts]:
    """Every pydantic model in `value`, depth first, as what makes it: class name, fields,
    the fields set, extra and private attributes."""
    if isinstance(value, BaseModel):
        found: list[ModelParts] = [
            (
                type(value).__name__,
                value.__dict__,
                value.__pydantic_fields_set__,
                value.__pydantic_extra__,
                value.__pydantic_private__,
            )
        ]
        for item in value.__dict__.values():
            found += models_of(item)
        return found
    if isinstance(value, (list, tuple)):
        return [model for item in value for model in models_of(item)]
    return []


def test_kept_profiles_come_back_without_pydantic_setstate(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pydantic's __setstate__ (its state dict and a set pickled per model) was a third of
    # unpickling the roll on every edit: the kept profiles are rebuilt without it, and are
    # the very models validation makes, down to the fields set.
    saved = Saved()
    check(demo, saved)
    calls: list[str] = []
    real = BaseModel.__setstate__

    def counting(self: BaseModel, state: dict[Any, Any]) -> None:
        calls.append(type(self).__name__)
        real(self, state)

    monkeypatch.setattr(BaseModel, "__setstate__", counting)
    cached = check(demo, saved)
    assert cached[2].reused == len(cached[0].entries) > 70
    assert calls == []
    monkeypatch.setattr(BaseModel, "__setstate__", real)
    clean = fresh(demo)
    kept = [model for entry in cached[0].entries for model in models_of(entry.profile)]
    validated = [model for entry in clean[0].entries for model in models_of(entry.profile)]
    assert kept == validated
    # The fields set is the very object a fresh validation gives (source.validate's shared
    # sets), and a set: pydantic-core's model_dump(exclude_unset=True) takes no frozenset.
    assert all(k[2] is v[2] and isinstance(k[2], set) for k, v in zip(kept, validated, strict=True))


def test_kept_profiles_are_kept_out_of_the_collector(demo: Path) -> None:
    # Unpickled with the collector off, the roll's objects all waited in its youngest
    # generation: the first collection after the check walked them all, and an older one
    # again later (100,000 profiles: ~7 million objects). They live as long as the build.
    saved = Saved()
    check(demo, saved)
    gc.unfreeze()
    try:
        cached = check(demo, saved)
        assert cached[2].reused == len(cached[0].entries) > 70
        kept = {id(e.profile) for e in cached[0].entries} | {
            id(e.locality) for e in cached[0].entries
        }
        assert gc.get_freeze_count() > 0
        assert not any(id(o) in kept for o in gc.get_objects())  # in no generation
    finally:
        gc.unfreeze()


def test_sources_digested_by_the_build_are_not_stated_again(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build digests every source first (input_digest); its check and page keys took an
    # lstat and compared the stamp of each profile again, twice an edit (issue #21).
    from generator.commands.inputs import input_paths
    from generator.commands.reuse import Reuse
    from generator.incremental.buildcache import BuildCache, input_digest
    from generator.incremental.pagecache import PageCache

    saved = Saved()
    check(demo, saved)
    digests = saved.digests
    digests.recorded_ns = time.time_ns() + RACY_NS  # the sources are older than the racy window
    input_digest(demo, input_paths(demo), digests)
    profiles = f"{demo}/profiles/"
    stated: list[str] = []
    real = os.lstat

    def counting(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path).startswith(profiles):
            stated.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", counting)
    documents = DocumentCache(saved.parses, digests.digest, saved.headers, digests.taken)
    documents.checked = CheckCache(saved.checks, "code", saved.profiles, saved.since)
    site, report = build_site(demo, documents=documents)
    assert site is not None and len(site.entries) > 70
    assert documents.checked.reused == len(site.entries)
    reuse = Reuse(digests, "code", PageCache(), BuildCache(demo), documents)
    pages = reuse.page_cache(demo, site, dt.date(2026, 11, 20))
    assert [p for p in stated if p.endswith(".yml")] == []
    monkeypatch.setattr(os, "lstat", real)
    # The same answers as when each is stat'ed.
    assert_same((site, [p.format("en") for p in report]), fresh(demo))
    fresh_digests = FileDigests(dict(digests.known), digests.recorded_ns)
    again = Reuse(fresh_digests, "code", PageCache(), BuildCache(demo), documents)
    assert again.page_cache(demo, site, dt.date(2026, 11, 20)).entries == pages.entries


def test_parses_are_written_whole_again_once_an_eighth_is_apart_or_gone(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sourcefiles, "_SINCE_MIN", 2)
    saved = Saved()
    check(demo, saved)
    assert saved.wrote_parses and saved.parses_since == {}
    path = demo / PERSON
    path.write_text(path.read_text("utf-8").replace("year: 2019", "year: 2020", 1), "utf-8")
    check(demo, saved)
    assert not saved.wrote_parses and saved.parses_since.keys() == {PERSON}
    # Files gone count with those apart: past an eighth, every parse is written again.
    gone = sorted((demo / "profiles").rglob("*.yml"))[:12]
    for removed in gone:
        removed.unlink()
    cached = check(demo, saved)
    assert saved.wrote_parses and saved.parses_since == {}
    assert not any(str(p.relative_to(demo)) in saved.parses for p in gone)
    assert_same(cached[:2], fresh(demo))
    assert_same(check(demo, saved)[:2], fresh(demo))


def test_parses_kept_in_their_file_are_written_whole_again_unread(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # documents.marshal by index (sourcefiles.save_parses): the whole written again copies
    # the kept parses' parts as stored, and what is read back is what was parsed.
    monkeypatch.setattr(sourcefiles, "_SINCE_MIN", 2)
    store = BuildCache(tmp_path / "cache")
    digests = FileDigests()
    first = DocumentCache({}, digests.digest)
    assert build_site(demo, documents=first)[0] is not None
    sourcefiles.save_parses(store, "parses", first.used)
    parsed = {rel: (digest, *saved[1:4]) for rel, (digest, saved) in first.used.items()}
    gone = sorted((demo / "profiles").rglob("*.yml"))[:12]
    for removed in gone:
        removed.unlink()
    read: list[str] = []
    parts = sourcefiles.KeptParse.parts

    def counted(kept: sourcefiles.KeptParse) -> tuple[bytes, bytes, str] | None:
        read.append(kept.relpath)
        return parts(kept)

    monkeypatch.setattr(sourcefiles.KeptParse, "parts", counted)
    digests.recorded_ns = time.time_ns() + 10**10  # the files' stamps are trusted now
    again = DocumentCache(sourcefiles.load_parses(store, "parses"), digests.digest)
    assert build_site(demo, documents=again)[0] is not None
    whole, since = again.saved()
    assert whole is not None and since == {}  # past an eighth gone: written whole
    read.clear()  # (each profile validated again: this check keeps no checks)
    sourcefiles.save_parses(store, "parses", whole)
    assert read == []  # copied unread
    kept = sourcefiles.load_parses(store, "parses")
    left = {str(p.relative_to(demo)) for p in gone}
    assert sorted(kept) == sorted(rel for rel in parsed if rel not in left)
    assert {rel: (digest, *(saved.parts() or ())) for rel, (digest, saved) in kept.items()} == {
        rel: found for rel, found in parsed.items() if rel not in left
    }


def test_the_check_of_an_unchanged_roll_unpickles_no_profile(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unpickling every validated profile was half the check of an edit (issue #21): an
    # unchanged profile's Entry is its check's row until one of its fields is read.
    saved = Saved()
    check(demo, saved)
    loads: list[int] = []
    real = profilepickle.loads

    def counting(data: bytes, *args: Any) -> Any:
        loads.append(len(data))
        return real(data, *args)

    monkeypatch.setattr(profilepickle, "loads", counting)
    cached = check(demo, saved)
    assert cached[2].reused == len(cached[0].entries) > 70
    assert loads == []
    assert not any(type(e) is Entry for e in cached[0].entries)
    # An edit unpickles nothing either: its profile is not in the pickles' index as it is.
    (demo / PERSON).write_text((demo / PERSON).read_text("utf-8") + "# sửa\n", "utf-8")
    edited = check(demo, saved)
    assert (edited[2].checked, loads) == (1, [])
    # Reading a kept field of every entry unpickles each block once and makes Entries of all,
    # equal to a clean check's, their rows the rows made from them.
    clean = fresh(demo)
    assert_same(edited[:2], clean)
    assert len(loads) == len(saved.profiles["blocks"])  # each block once (none since)
    assert all(type(e) is Entry for e in edited[0].entries)
    assert [row_of(e) for e in edited[0].entries] == [make_row(e) for e in clean[0].entries]


def test_dates_are_checked_on_the_kept_rows(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The build's "today" and the check of dates after it read every entry: on the rows, a
    # kept profile is not unpickled, and an entry with a date after "today" is read whole.
    minor = PERSON_SOURCE.replace("nguyen-van-an", "nguyen-van-binh").replace("An", "Bình")
    (demo / "profiles" / "quang-tri" / "nguyen-van-binh.yml").write_text(
        minor + "birth_year: 2014\n", "utf-8"
    )
    saved = Saved()
    check(demo, saved)
    cached, clean = check(demo, saved)[0], fresh(demo)[0]
    monkeypatch.setattr(profilepickle, "loads", None)  # unpickling would fail
    assert latest_data_date(cached) == latest_data_date(clean)
    day = dt.date(2026, 11, 20)
    assert _dates_checked(cached, day) == _dates_checked(clean, day)
    assert any("nguyen-van-binh.yml" in line for line in _dates_checked(cached, day))
    monkeypatch.undo()
    day = dt.date(2019, 1, 1)  # before many decisions
    found = _dates_checked(cached, day)
    assert found == _dates_checked(clean, day)
    assert sum("after the build date" in line for line in found) > 10


def _dates_checked(site: Site, today: dt.date) -> list[str]:
    report = Report()
    profilechecks.check_dates(site, today, report)
    return [p.format("en") for p in report]


def test_two_threads_reading_first_unpickle_their_block_once(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = Saved()
    check(demo, saved)
    cached = check(demo, saved)[0]
    loads: list[int] = []
    real = profilepickle.loads

    def slow(data: bytes, *args: Any) -> Any:
        loads.append(len(data))
        time.sleep(0.2)  # the other thread reads meanwhile
        return real(data, *args)

    monkeypatch.setattr(profilepickle, "loads", slow)
    # Two entries of one block (one folder's: model.checkcache._block_of).
    first, last = [e for e in cached.entries if e.relpath.startswith("profiles/quang-tri/")][:2]
    readers = [threading.Thread(target=lambda e=e: e.profile) for e in (first, last)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(loads) == 1
    assert type(first) is type(last) is Entry


def test_a_read_entry_unpickles_its_block_only(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An edit's readers of a few kept entries (the search child's changed shard, the images of
    # a summary edit) unpickled the whole roll (0.38 s at 10,000 profiles, in each process
    # that read one): the pickle is made of blocks, by folder then by a hash of the path, each
    # unpickled when one of its entries is first read.
    monkeypatch.setattr(checkcache, "_BLOCK", 2)
    saved = Saved()
    check(demo, saved)
    counts = saved.profiles["counts"]
    folder = PERSON.rpartition("/")[0]
    assert counts[folder] == 3  # 6 profiles in quang-tri/
    loads: list[int] = []
    real = profilepickle.loads

    def counting(data: bytes, *args: Any) -> Any:
        loads.append(len(data))
        return real(data, *args)

    monkeypatch.setattr(profilepickle, "loads", counting)
    cached = check(demo, saved)
    assert loads == []
    entries = cached[0].entries
    person = next(e for e in entries if e.relpath == PERSON)
    assert person.profile.slug == person.slug
    assert len(loads) == 1
    filled = {e.relpath for e in entries if type(e) is Entry}
    key = checkcache._block_of(PERSON, counts)
    assert filled == {e.relpath for e in entries if checkcache._block_of(e.relpath, counts) == key}
    assert PERSON in filled and all(r.startswith(f"{folder}/") for r in filled)
    assert len(filled) < sum(e.relpath.startswith(f"{folder}/") for e in entries)
    assert_same(cached[:2], fresh(demo))  # every entry read: each block unpickled once
    assert len(loads) == len(saved.profiles["blocks"]) > len(counts)


def test_blocks_of_profiles_since_are_kept_as_their_bytes(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The profiles validated since the whole pickle was written (up to an eighth of the roll)
    # are saved after every edit: a block of them all unchanged is written again as its
    # bytes, not unpickled and pickled again.
    monkeypatch.setattr(checkcache, "_BLOCK", 2)
    saved = Saved()
    site = check(demo, saved)[0]
    counts = saved.profiles["counts"]
    (demo / PERSON).write_text((demo / PERSON).read_text("utf-8") + "# sửa\n", "utf-8")
    check(demo, saved)
    assert not saved.wrote_whole and list(saved.since["rows"]) == [PERSON]
    key = checkcache._block_of(PERSON, counts)
    before = saved.since["blocks"][key]
    other = next(e.relpath for e in site.entries if checkcache._block_of(e.relpath, counts) != key)
    (demo / other).write_text((demo / other).read_text("utf-8") + "# sửa\n", "utf-8")
    loads: list[int] = []
    real = profilepickle.loads

    def counting(data: bytes, *args: Any) -> Any:
        loads.append(len(data))
        return real(data, *args)

    monkeypatch.setattr(profilepickle, "loads", counting)
    edited = check(demo, saved)
    assert loads == []  # neither the check nor the save unpickled a block
    assert saved.since["rows"].keys() == {PERSON, other}
    assert saved.since["blocks"][key] == before
    assert_same(edited[:2], fresh(demo))
    assert_same(check(demo, saved)[:2], fresh(demo))
