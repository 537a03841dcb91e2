"""Partitioned builds (issue #21, point 6): three slices by today's province and their merge
give the very site a whole build gives, search finds every slice's names in Chromium, and a
merge refuses slices of other inputs, a missing province and a province twice, leaving site/
as it was. The search splice itself: shards grouped by partition, indexed apart, spliced into
the bundle of one Pagefind run."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner

from benchmarks.synthetic import photo_bytes
from generator.cli import cli
from generator.images.cache import adopt_photos
from generator.images.jobs import CACHE_DIR as IMAGES_CACHE
from generator.images.stage import process_site_images
from generator.model.partition import SHARED, Part, record_partitions, roll_partition
from generator.model.site import build_site
from generator.search.bundle import write_index
from generator.search.index import group_records, index_shards, write_sharded
from generator.search.records import SearchRecord, iter_search_records
from tests.browser import ROOT, open_probe, serve
from tests.projects import write_build_project, write_files

if TYPE_CHECKING:
    from playwright.sync_api import Browser


# The command line runs a copy of generator/ taken when the module starts (`frozen_code`):
# slices and their merge must be built by the same code (its digest is in their manifests),
# and an edit to the working tree while the tests run must not make them disagree.
FROZEN: list[Path] = []


def command() -> list[str]:
    """The `vinhdanh` command line of this checkout (of its frozen copy, once taken)."""
    code = str(FROZEN[0] if FROZEN else ROOT)
    program = f"import sys; sys.path.insert(0, {code!r}); from generator.cli import main; main()"
    return [sys.executable, "-c", program]


@pytest.fixture(scope="module", autouse=True)
def frozen_code(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """generator/ copied aside for this module's commands."""
    code = tmp_path_factory.mktemp("code")
    shutil.copytree(
        ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    FROZEN.append(code)
    yield
    FROZEN.clear()


TODAY = "2025-12-15"
PROVINCES = ["ha-noi", "lang-son", "quang-tri"]  # today's provinces of the project's profiles

LANG_SON_PHOTO = """\
slug: loc-van-suong
kind: individual
name: {family: Lộc, middle: Văn, given: Sướng}
position: Nông dân trồng hồi
locality: {province: Tỉnh Lạng Sơn, commune: Xã Quốc Khánh, code: "06004", as_of: 2025-12-01}
awards:
  - {award: lao-dong-tien-tien, year: 2025, decision_number: 12/QĐ-UBND,
     decision_date: 2025-10-02}
photos:
  - {file: photos/loc-van-suong.jpg, alt: Ông Lộc Văn Sướng, credit: Ảnh thử nghiệm,
     licence: CC0 1.0}
consent: {photo: true, reference: HS-1}
"""
LANG_SON = """\
slug: be-thi-nga
kind: individual
name: {family: Bế, middle: Thị, given: Nga}
locality: {province: Tỉnh Lạng Sơn, commune: Xã Quốc Khánh, code: "06004", as_of: 2025-12-01}
awards:
  - {award: chien-si-thi-dua-co-so, year: 2025, decision_number: 13/QĐ-UBND,
     decision_date: 2025-10-02}
"""
HA_NOI = """\
slug: {slug}
kind: individual
name: {{family: Kiều, middle: Thị, given: {given}}}
unit: Trường Tiểu học Cầu Giấy
locality: {{province: Thành phố Hà Nội, commune: Phường Cầu Giấy, code: "00166", as_of: 2025-09-01}}
awards:
  - {{award: lao-dong-tien-tien, year: 2025, decision_number: 9/QĐ-UBND, decision_date: 2025-09-20}}
"""
UNKNOWN = """\
slug: vu-van-khuyet
kind: individual
name: {family: Vũ, middle: Văn, given: Khuyết}
locality: {unknown: true}
awards:
  - {award: lao-dong-tien-tien, year: 2024, decision_number: 3/QĐ-UBND, decision_date: 2024-05-02}
"""


def write_partition_project(root: Path) -> Path:
    """The build project (Quảng Trị) with the English edition, profiles in Lạng Sơn (one with
    a consented photo) and Hà Nội, and one whose place is unknown."""
    write_build_project(root)
    config = root / "site_config.yml"
    config.write_text(config.read_text("utf-8") + "english_edition: true\n", "utf-8")
    return write_files(
        root,
        {
            "profiles/loc-van-suong.yml": LANG_SON_PHOTO,
            "profiles/photos/loc-van-suong.jpg": photo_bytes(),
            "profiles/be-thi-nga.yml": LANG_SON,
            "profiles/kieu-thi-man.yml": HA_NOI.format(slug="kieu-thi-man", given="Mận"),
            "profiles/kieu-thi-lan.yml": HA_NOI.format(slug="kieu-thi-lan", given="Lan"),
            "profiles/vu-van-khuyet.yml": UNKNOWN,
        },
    )


def vinhdanh(folder: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the command line of this checkout in `folder`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VINHDANH_PROGRESS": "off"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [*command(), *map(str, args)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must succeed."""
    assert done.returncode == 0, (done.args, done.stdout, done.stderr)
    return done.stdout


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project built whole in one copy; in another, its three slices (one built in a
    third copy, as a CI job's own checkout) and their merge."""
    base = tmp_path_factory.mktemp("partition")
    whole = write_partition_project(base / "whole")
    parts = write_partition_project(base / "parts")
    other = write_partition_project(base / "other-checkout")
    ok(vinhdanh(whole, "build", "--today", TODAY))
    listed = json.loads(ok(vinhdanh(parts, "build", "--partition", "list", "--today", TODAY)))
    assert listed == PROVINCES
    slices = base / "slices"
    for province in PROVINCES:
        folder = other if province == "lang-son" else parts
        out = ok(vinhdanh(folder, "build", "--partition", province, "--out",
                          slices / province, "--today", TODAY))  # fmt: skip
        assert f"'{province}'" in out and "Đã dựng lát cắt" in out, out
    ok(vinhdanh(parts, "build", "--today", TODAY, "--merge", *(slices / p for p in PROVINCES)))
    return {"whole": whole, "parts": parts, "slices": slices, "base": base}


@pytest.mark.slow
def test_each_slice_holds_its_province_only(built: dict[str, Path]) -> None:
    slices = built["slices"]
    lang_son = tree(slices / "lang-son" / "site")
    manifest = json.loads((slices / "lang-son" / "manifest.json").read_text("utf-8"))
    assert manifest["province"] == "lang-son" and sorted(manifest["files"]) == sorted(lang_son)
    assert {"ho-so/loc-van-suong/index.html", "en/ho-so/be-thi-nga/index.html"} <= set(lang_son)
    assert "danh-sach/tinh/lang-son/index.html" in lang_son
    assert "en/danh-sach/tinh/lang-son/index.html" in lang_son
    assert "api/v1/profiles/loc-van-suong.json" in lang_son
    assert "bao-chi/loc-van-suong.zip" in lang_son and "bao-chi/en/loc-van-suong.zip" in lang_son
    assert any(rel.startswith("the/profile/loc-van-suong-") for rel in lang_son)  # its own card
    assert any(rel.endswith(".xlsx") for rel in lang_son)  # its roll's workbook
    # Nothing of another province, nothing shared.
    for rel in lang_son:
        assert not rel.startswith(("index.html", "404.html", "sitemap", "pagefind/", "assets/"))
        assert "quang-tri" not in rel and "ha-noi" not in rel and "kieu-thi" not in rel
        assert "vu-van-khuyet" not in rel and "nguyen-thi-hoa" not in rel
    assert manifest["shards"] and all(
        (slices / "lang-son" / "search-shards" / key / "shard.marshal").is_file()
        for key in manifest["shards"]
    )
    # The engine's output, linked into the slice and site/, is not left in the cache a CI job
    # saves; the shards are.
    cache = built["parts"] / ".vinhdanh-cache"
    assert (cache / "slices" / "ha-noi" / "search-shards").is_dir()
    assert not (cache / "slices" / "ha-noi" / "build").exists()
    assert not (cache / "merge" / "build").exists() and (cache / "merge").is_dir()


@pytest.mark.slow
def test_the_merged_site_is_the_whole_build(built: dict[str, Path]) -> None:
    whole, merged = tree(built["whole"] / "site"), tree(built["parts"] / "site")
    assert sorted(merged) == sorted(whole)
    differ = [rel for rel in whole if whole[rel] != merged[rel]]
    assert not differ, differ[:20]
    # Both editions, the unknown place's profile (the merge's), the spliced search.
    assert (
        "en/ho-so/kieu-thi-man/index.html" in merged and "ho-so/vu-van-khuyet/index.html" in merged
    )
    assert "pagefind/pagefind-entry.json" in merged and "sitemap.xml" in merged
    assert b"ho-so/loc-van-suong/" in merged["sitemap.xml"]


@pytest.mark.slow
def test_search_on_the_merged_site_finds_every_slice(
    built: dict[str, Path], chromium: Browser
) -> None:
    wanted = {
        "loc van suong": "/ho-so/loc-van-suong/",  # Lạng Sơn's slice
        "kieu thi man": "/ho-so/kieu-thi-man/",  # Hà Nội's
        "nguyen thi hoa": "/ho-so/nguyen-thi-hoa/",  # Quảng Trị's
        "vu van khuyet": "/ho-so/vu-van-khuyet/",  # the merge's own
    }
    with serve(built["parts"] / "site") as served, open_probe(chromium, served) as probe:
        page = probe.goto("")
        for query, href in wanted.items():
            box = page.locator("#vd-search-input")
            box.fill("")
            box.fill(query)
            page.wait_for_selector(f'.vd-search__option[data-href="{href}"]', timeout=15_000)
            first = page.eval_on_selector(".vd-search__option", "e => e.dataset.href")
            assert first == href, (query, first)
        assert not probe.page_errors and not probe.console_errors and not probe.broken_resources


def _tampered(
    source: Path,
    folder: Path,
    files: dict[str, bytes | Path | None],
    listed: dict[str, bytes | None] | None = None,
) -> Path:
    """A copy of the slice folder `source` with `files` written (bytes), made links to a
    path, or removed (None), and its manifest's `files` entries set to the digest of the
    `listed` bytes (or removed: None)."""
    shutil.copytree(source, folder)
    for rel, made in files.items():
        path = folder / "site" / rel
        path.unlink(missing_ok=True)
        if isinstance(made, Path):
            path.symlink_to(made)
        elif made is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(made)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    for rel, data in (listed or {}).items():
        if data is None:
            manifest["files"].pop(rel, None)
        else:
            manifest["files"][rel] = hashlib.sha256(data).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return folder


def _refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode != 0, (done.stdout, done.stderr)
    assert words in done.stderr, done.stderr
    assert "site/ giữ nguyên" in done.stderr or "site/ left unchanged" in done.stderr


@pytest.mark.slow
def test_a_merge_refuses_slices_it_cannot_trust(built: dict[str, Path]) -> None:
    parts, slices, base = built["parts"], built["slices"], built["base"]
    before = tree(parts / "site")
    everything = [slices / p for p in PROVINCES]
    # A slice built from edited inputs (another commit): refused by the inputs' digest.
    edited = write_partition_project(base / "edited")
    profile = edited / "profiles" / "kieu-thi-man.yml"
    profile.write_text(profile.read_text("utf-8").replace("Cầu Giấy\n", "Cầu Giấy mới\n"), "utf-8")
    ok(vinhdanh(edited, "build", "--partition", "ha-noi", "--out", base / "edited-ha-noi",
                "--today", TODAY))  # fmt: skip
    mixed = [base / "edited-ha-noi", slices / "lang-son", slices / "quang-tri"]
    done = vinhdanh(parts, "build", "--today", TODAY, "--merge", *mixed)
    _refused(done, "lát cắt 'ha-noi' được dựng từ dữ liệu, mã nguồn hoặc ngày dựng khác")
    # Another day is other inputs too.
    done = vinhdanh(parts, "build", "--today", "2025-12-16", "--merge", *everything)
    _refused(done, "được dựng từ dữ liệu, mã nguồn hoặc ngày dựng khác")
    # A province missing.
    done = vinhdanh(parts, "build", "--today", TODAY, "--merge", *everything[:2])
    _refused(done, "thiếu lát cắt của 1 tỉnh, thành phố có hồ sơ: quang-tri")
    # A province twice (a copy of its folder).
    twin = base / "ha-noi-again"
    shutil.copytree(slices / "ha-noi", twin)
    done = vinhdanh(parts, "build", "--today", TODAY, "--merge", *everything, twin)
    _refused(done, "tỉnh, thành phố 'ha-noi' có hai lát cắt")
    # In English when asked.
    done = vinhdanh(parts, "build", "--lang", "en", "--today", TODAY, "--merge", *everything[1:])
    _refused(done, "1 province with profiles has no slice: ha-noi")
    # A slice that writes a shared file with other bytes (its manifest made to agree): two
    # parts' bytes.
    page = b"<!doctype html><title>x</title>"
    done = vinhdanh(parts, "build", "--today", TODAY, "--merge", *everything[1:],
                    _tampered(slices / "ha-noi", base / "ha-noi-tampered",
                              {"index.html": page}, listed={"index.html": page}))  # fmt: skip
    _refused(done, "tệp 'index.html' được hai phần (merge, ha-noi) ghi với nội dung khác nhau")
    assert tree(parts / "site") == before
    # An unknown province for a slice.
    done = vinhdanh(parts, "build", "--partition", "ha-giang", "--out", base / "x",
                    "--today", TODAY)  # fmt: skip
    assert done.returncode == 1 and "không có lát cắt 'ha-giang'" in done.stderr, done.stderr
    assert not (base / "x").exists()


@pytest.mark.slow
def test_a_merge_publishes_only_what_a_slice_listed_as_it_listed_it(
    built: dict[str, Path],
) -> None:
    # The slice folder is an artifact: a link, a path out of it, a stray, changed or missing
    # file is refused before site/ is touched (nothing of this machine is published).
    parts, slices, base = built["parts"], built["slices"], built["base"]
    before = tree(parts / "site")
    others = [slices / "lang-son", slices / "quang-tri"]
    secret = parts / "site_config.yml"
    page = "ho-so/kieu-thi-man/index.html"
    cases: list[tuple[str, dict[str, bytes | Path | None], dict[str, bytes | None], str]] = [
        ("link", {page: secret}, {}, f"'{page}' trong lát cắt 'ha-noi' không có trong bản kê"),
        ("link-listed", {"x.txt": secret}, {"x.txt": secret.read_bytes()},
         "'x.txt' trong lát cắt 'ha-noi' không có trong bản kê hoặc không phải tệp thường"),
        ("stray", {"extra.html": b"<p>x</p>"}, {}, "'extra.html' trong lát cắt 'ha-noi'"),
        ("changed", {page: b"<p>x</p>"}, {}, f"tệp '{page}' của lát cắt 'ha-noi' thiếu hoặc khác"),
        ("missing", {page: None}, {}, f"tệp '{page}' của lát cắt 'ha-noi' thiếu hoặc khác"),
        ("outside", {}, {"../../site_config.yml": secret.read_bytes()},
         "bản kê của lát cắt 'ha-noi' ghi đường dẫn '../../site_config.yml' ra ngoài"),
    ]  # fmt: skip
    for name, files, listed, words in cases:
        folder = _tampered(slices / "ha-noi", base / f"hostile-{name}", files, listed)
        done = vinhdanh(parts, "build", "--today", TODAY, "--merge", folder, *others)
        _refused(done, words)
        assert tree(parts / "site") == before, name
    # A partial slice (a page and its file left out of the manifest and the folder), and one
    # claiming a page of another part.
    page_doc = "ho-so/kieu-thi-man/index.md"
    folder = _tampered(slices / "ha-noi", base / "hostile-partial", {page: None}, {page: None})
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["pages"].remove(page_doc)
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    done = vinhdanh(parts, "build", "--today", TODAY, "--merge", folder, *others)
    _refused(done, f"lát cắt 'ha-noi' thiếu trang '{page_doc}' của tỉnh mình")
    home = (parts / "site" / "index.html").read_bytes()
    folder = _tampered(slices / "ha-noi", base / "hostile-foreign", {"index.html": home},
                       {"index.html": home})  # fmt: skip
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["pages"].append("index.md")
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    done = vinhdanh(parts, "build", "--lang", "en", "--today", TODAY, "--merge", folder, *others)
    _refused(done, "the slice 'ha-noi' holds the page 'index.md', which is not its province's")
    assert tree(parts / "site") == before
    # A manifest of another shape: refused in words, not a traceback.
    folder = _tampered(slices / "ha-noi", base / "hostile-shape", {})
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"] = list(manifest["files"])
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    done = vinhdanh(parts, "build", "--today", TODAY, "--merge", folder, *others)
    _refused(done, "không đọc được bản kê của lát cắt trong thư mục này (files)")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_slice_never_replaces_a_folder_that_is_not_a_slice(built: dict[str, Path]) -> None:
    # A slice replaces its --out whole: `--out profiles` must not take the roll with it.
    parts = built["parts"]
    profiles = tree(parts / "profiles")
    done = vinhdanh(parts, "build", "--partition", "ha-noi", "--out", "profiles",
                    "--today", TODAY)  # fmt: skip
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "không phải một lát cắt (không có manifest.json)" in done.stderr, done.stderr
    assert tree(parts / "profiles") == profiles
    done = vinhdanh(parts, "build", "--lang", "en", "--partition", "ha-noi", "--out", ".",
                    "--today", TODAY)  # fmt: skip
    assert done.returncode == 1 and "holds something that is not a slice" in done.stderr
    assert (parts / "site_config.yml").is_file()


@pytest.mark.slow
def test_the_merge_adopts_the_slices_photos_instead_of_encoding_them(
    built: dict[str, Path], tmp_path: Path
) -> None:
    # The merge job's checkout has no images cache: the photo a slice encoded comes with the
    # slice (its published files and their sizes in the manifest).
    manifest = json.loads((built["slices"] / "lang-son" / "manifest.json").read_text("utf-8"))
    assert len(manifest["photos"]) == 1
    merged: dict[str, int] = {}
    for adopt in (False, True):
        project = write_partition_project(tmp_path / f"adopt-{adopt}")
        site, _report = build_site(project)
        assert site is not None
        if adopt:
            slice_site = built["slices"] / "lang-son" / "site"
            assert adopt_photos(project / IMAGES_CACHE, manifest["photos"], slice_site) == 1
        images = process_site_images(site, workers=1, part=Part.merge(PROVINCES))
        assert images.ok and len(images.photo_sets) == 1
        merged[f"encoded-{adopt}"] = images.stats.photos_encoded
        # The merge publishes none of it: the slice's entry is the only one showing it.
        assert not any(rel.startswith("anh/") for rel in images.sources)
    assert merged == {"encoded-False": 1, "encoded-True": 0}


@pytest.mark.slow
def test_a_whole_build_after_a_merge_and_a_merge_after_it_give_the_same_site(
    built: dict[str, Path],
) -> None:
    # Neither mistakes the other's caches or site/ for its own.
    parts, whole = built["parts"], tree(built["whole"] / "site")
    slices = [built["slices"] / p for p in PROVINCES]
    ok(vinhdanh(parts, "build", "--today", TODAY))
    assert tree(parts / "site") == whole
    ok(vinhdanh(parts, "build", "--today", TODAY, "--merge", *slices))
    assert tree(parts / "site") == whole
    ok(vinhdanh(parts, "build", "--today", TODAY))  # nothing changed since its last build
    assert tree(parts / "site") == whole


@pytest.mark.slow
def test_slices_spliced_are_one_pagefind_run(tmp_path: Path) -> None:
    site, _report = build_site(ROOT)
    assert site is not None
    records = list(iter_search_records(site))
    partitions = record_partitions(site)
    groups = group_records(records, partitions)
    provinces = sorted({p for p, _g in groups} - {SHARED})
    assert len(provinces) > 10 and groups[-1][0] == SHARED  # the demo's, then the shared
    # Each province indexed on its own (as its slice does), the shards then copied into the
    # merge's cache: the merge indexes only the shared records.
    merge_cache = tmp_path / "merge-cache"
    for province in provinces:
        mine = [r for r in records if partitions.get(r.url) == province]
        keys, stats = index_shards(mine, partitions, tmp_path / province)
        assert stats.shards_indexed == len(keys) >= 1
        for key in keys:
            shutil.copytree(tmp_path / province / key, merge_cache / key)
    stats = write_sharded(records, tmp_path / "merged", merge_cache, partitions)
    shared = [g for p, g in groups if p == SHARED and g]
    assert stats.shards_indexed == len(shared)
    ordered = [r for _p, group in groups for r in group]
    write_index(ordered, tmp_path / "single")
    assert tree(tmp_path / "merged") == tree(tmp_path / "single")


# --- the workflow (.github/workflows/publish-partitioned.yml) ---------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "publish-partitioned.yml"
EPOCH = "1765756800"  # 2025-12-15, what the provinces job would read from the last commit


def _job_steps(job: str) -> list[dict[str, str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, str]] = workflow["jobs"][job]["steps"]
    return steps


def _run_job(
    job: str, folder: Path, bin_dir: Path, env: dict[str, str], fails: bool = False, **values: str
) -> None:
    """Run a job's `vinhdanh` steps in `folder` with bash, as the runner does, `${{ … }}`
    expressions replaced by `values` (by their last name: matrix.province -> province);
    `fails`: the first such step must fail, as a failing `vinhdanh` fails it on the runner."""
    for step in _job_steps(job):
        command = step.get("run", "")
        if "vinhdanh " not in command:
            continue
        for name, value in values.items():
            command = re.sub(r"\$\{\{\s*[\w.]*\b" + name + r"\s*\}\}", value, command)
        assert "${{" not in command, command
        step_env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"}
        done = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=folder,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if fails:
            assert done.returncode != 0, (job, command, done.stdout, done.stderr)
            return
        assert done.returncode == 0, (job, command, done.stdout, done.stderr)


def _shim(folder: Path) -> Path:
    """A folder holding the `vinhdanh` of the runner's PATH: this checkout's command line."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "vinhdanh"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -c "{command()[2]}" "$@"\n', "utf-8")
    shim.chmod(0o755)
    return bin_dir


@pytest.mark.slow
def test_the_partitioned_workflow_builds_its_slices_and_merges_them(tmp_path: Path) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["slice"]["strategy"]["matrix"]["province"].startswith("${{ fromJSON(")
    assert "slice" in jobs["merge"]["needs"] and jobs["deploy"]["needs"] == "merge"
    caches = [s for s in _job_steps("slice") if s.get("uses", "").startswith("actions/cache@")]
    assert caches and "matrix.province" in caches[0]["with"]["key"]  # one cache per slice
    runs = [s.get("run", "") for s in _job_steps("merge")]
    assert any(r.startswith("vinhdanh limits") for r in runs)
    bin_dir = _shim(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VINHDANH_PROGRESS": "off"}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    # The provinces job: its output read back as the runner reads $GITHUB_OUTPUT.
    first = write_partition_project(tmp_path / "provinces")
    output = tmp_path / "github-output"
    output.touch()
    _run_job("provinces", first, bin_dir, {**env, "GITHUB_OUTPUT": str(output)})
    lines = dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines())
    provinces = json.loads(lines["provinces"])
    assert provinces == PROVINCES
    # A matrix job per province, each in its own checkout; its artifact downloaded by the
    # merge job into slices/<artifact name>/.
    slices = tmp_path / "merge" / "slices"
    for province in provinces:
        checkout = write_partition_project(tmp_path / f"slice-job-{province}")
        _run_job("slice", checkout, bin_dir, env, province=province)
        shutil.copytree(checkout / f"slice-{province}", slices / f"slice-{province}")
    merge = write_partition_project(tmp_path / "merge")
    _run_job("merge", merge, bin_dir, env)
    site = merge / "site"
    for page in ("ho-so/loc-van-suong/", "ho-so/kieu-thi-man/", "ho-so/nguyen-thi-hoa/", ""):
        assert (site / page / "index.html").is_file(), page
    assert (site / "pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.slow
def test_the_workflow_merges_alone_when_no_province_has_profiles(tmp_path: Path) -> None:
    # An empty matrix fails a workflow: the slice job is skipped, the merge (and the deploy
    # after it) still run, and `--merge` without a slice builds the whole site.
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert jobs["slice"]["if"] == "needs.provinces.outputs.provinces != '[]'"
    assert "needs.slice.result == 'skipped'" in jobs["merge"]["if"]
    assert "!cancelled()" in jobs["merge"]["if"] and "!cancelled()" in jobs["deploy"]["if"]
    projects = []
    for name in ("whole", "merge"):
        project = write_partition_project(tmp_path / name)
        for profile in (project / "profiles").glob("*.yml"):
            text = profile.read_text("utf-8")
            if "unknown: true" not in text and "\nstatus: " not in text:
                profile.unlink()  # published in a province: none is left
        projects.append(project)
    whole, merge = projects
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VINHDANH_PROGRESS": "off"}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    bin_dir = _shim(tmp_path)
    output = tmp_path / "github-output"
    output.touch()
    # The config still features a profile just removed: the listing fails, and so does its
    # step (not an empty list handed to the matrix).
    _run_job("provinces", merge, bin_dir, {**env, "GITHUB_OUTPUT": str(output)}, fails=True)
    assert output.read_text("utf-8") == ""
    for project in projects:
        config = project / "site_config.yml"
        config.write_text(config.read_text("utf-8").replace("featured: [nguyen-thi-hoa]\n", ""))
    _run_job("provinces", merge, bin_dir, {**env, "GITHUB_OUTPUT": str(output)})
    assert output.read_text("utf-8") == "provinces=[]\n"
    _run_job("merge", merge, bin_dir, env)  # no slices/ folder at all
    ok(vinhdanh(whole, "build", "--today", "2025-12-15"))
    merged = tree(merge / "site")
    assert "ho-so/vu-van-khuyet/index.html" in merged
    assert merged == tree(whole / "site")


def test_the_workflow_dates_its_builds_as_publish_does(tmp_path: Path) -> None:
    # Every job builds from the epoch the provinces job gives: the last commit's, or Vietnam's
    # today on the daily run, with the very commands publish.yml runs.
    step = next(s for s in _job_steps("provinces") if s.get("id") == "epoch")
    publish = yaml.safe_load((WORKFLOW.parent / "publish.yml").read_text(encoding="utf-8"))
    theirs = [
        s["run"] for s in publish["jobs"]["build"]["steps"] if "GITHUB_ENV" in s.get("run", "")
    ]
    for command in theirs:  # the same date commands, written to the job's output instead
        date = command.split("=", 1)[1].rsplit(" >>", 1)[0]
        assert date in step["run"], (date, step["run"])
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}
    git = {**env, "GIT_AUTHOR_DATE": "2025-12-15T10:00:00+00:00"}
    git["GIT_COMMITTER_DATE"] = git["GIT_AUTHOR_DATE"]
    for args in (["init", "-q"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q",
                                  "--allow-empty", "-m", "x"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=tmp_path, env=git, check=True)
    vietnam = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    today = int(dt.datetime.combine(vietnam, dt.time(), dt.UTC).timestamp())
    for event, epoch in (("push", 1765792800), ("workflow_dispatch", 1765792800),
                         ("schedule", today)):  # fmt: skip
        output = tmp_path / f"output-{event}"
        subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, check=True,
                       env={**env, "EVENT": event, "GITHUB_OUTPUT": str(output)})  # fmt: skip
        assert output.read_text("utf-8") == f"epoch={epoch}\n", event


# --- quick: what belongs to which part ---------------------------------------------------------


def test_rolls_and_records_belong_to_their_province_or_to_the_merge() -> None:
    assert roll_partition("danh-sach/tinh/lang-son/") == "lang-son"
    assert roll_partition("en/danh-sach/tinh/lang-son/xa-quoc-khanh/2/") == "lang-son"
    assert roll_partition("danh-sach/tinh/") == SHARED  # the provinces' index
    assert roll_partition("danh-sach/nam/2025/") == SHARED
    assert roll_partition("danh-sach/chua-ro-dia-phuong/") == SHARED
    a_slice, the_merge = Part.slice("lang-son"), Part.merge(PROVINCES)
    assert a_slice.has_roll("danh-sach/tinh/lang-son/2/") and not a_slice.has_roll("danh-sach/")
    assert not the_merge.has_roll("en/danh-sach/tinh/ha-noi/")
    assert the_merge.has_roll("danh-sach/tinh/") and the_merge.has(SHARED)
    assert not a_slice.shared and the_merge.shared and not a_slice.has(SHARED)


def test_records_are_grouped_by_partition_then_by_url() -> None:
    urls = [f"ho-so/a{i}/" for i in range(12)] + ["phong-trao/x/", "quyet-dinh/y/"]
    records = [SearchRecord(url=url, title=url) for url in urls]
    partitions = {f"ho-so/a{i}/": ("lang-son", "ha-noi", SHARED)[i % 3] for i in range(12)}
    groups = group_records(records, partitions)
    order = [partition for partition, _group in groups]
    assert order == sorted(order, key=lambda p: (p == SHARED, p)) and order[-1] == SHARED
    for partition, group in groups:
        assert all(partitions.get(r.url, SHARED) == partition for r in group)
    # A partition's shards are the same whatever the other partitions hold.
    alone = [r for r in records if partitions.get(r.url) == "lang-son"]
    assert [g for p, g in groups if p == "lang-son"] == [
        g for _p, g in group_records(alone, partitions)
    ]


def test_adopting_a_slices_photos_writes_nothing_its_manifest_names(tmp_path: Path) -> None:
    # A manifest's photo entry names files by its widths: a width that is a path must not
    # make the merge read or write outside the slice and the cache.
    key = "ab" * 16
    slice_site, cache = tmp_path / "slice" / "site", tmp_path / "cache"
    (slice_site / "anh" / f"{key[:12]}-..").mkdir(parents=True)
    (slice_site / "evil.jpg").write_bytes(b"not a photo")
    width = "../../../evil"  # read as slice_site/evil.jpg, written as cache/evil.jpg
    metas = {key: {"width": 1, "height": 1, "variants": [["jpeg", width, 1]]}}
    assert adopt_photos(cache, metas, slice_site) == 0
    assert not (cache / "evil.jpg").exists()
    assert not [p for p in cache.rglob("*") if p.is_file()]
    # A well-formed entry is adopted, named by its integer width.
    (slice_site / "anh" / f"{key[:12]}-8.jpg").write_bytes(b"jpeg bytes")
    metas = {key: {"width": 8, "height": 6, "variants": [["jpeg", 8, 6]]}}
    assert adopt_photos(cache, metas, slice_site) == 1
    assert (cache / "photos" / key[:2] / key / "8.jpg").read_bytes() == b"jpeg bytes"


@pytest.mark.parametrize(
    "args",
    [
        ["--partition", "ha-noi"],  # no --out
        ["--out", "x"],  # no province
        ["--partition", "ha-noi", "--out", "x", "--merge", "y"],
        ["--partition", "ha-noi", "--out", "x", "--clean"],
        ["--partition", "list", "--out", "x"],
    ],
)
def test_the_partition_options_go_together_or_not_at_all(args: list[str], tmp_path: Path) -> None:
    args = [str(tmp_path / a) if a in ("x", "y") else a for a in args]  # folders in tmp_path
    result = CliRunner().invoke(cli, ["build", "--root", str(tmp_path), *args])
    assert result.exit_code == 2, result.output
    assert "--partition cần --out THƯ_MỤC" in result.output
    assert not any(tmp_path.iterdir())  # nothing built, nothing written
