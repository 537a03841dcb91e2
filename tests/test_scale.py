"""benchmarks/scale.py (issue #21 point 7): the growth fit, and a run at two tiny sizes that prints
and writes every figure."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import benchmarks.scale as scale  # noqa: E402
from benchmarks.build import Run  # noqa: E402
from benchmarks.build import run as run_command  # noqa: E402
from benchmarks.outputbudget import Breakdown  # noqa: E402
from benchmarks.scale import TIMES, Measurement, Size, details, fit, growth  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

FIGURES = {*TIMES, "all processes MiB", "largest process MiB", "site bytes", "site files"}


def test_fit_finds_the_exponent_of_a_power_law() -> None:
    sizes = [1_000, 10_000, 30_000]
    found = fit(sizes, [0.002 * n**1.5 for n in sizes])
    assert found is not None
    assert found.exponent == pytest.approx(1.5)
    assert found.coefficient == pytest.approx(0.002)
    assert found.at(100_000) == pytest.approx(0.002 * 100_000**1.5)
    # Least squares, not the two end points: a noisy middle point moves the slope.
    noisy = fit(sizes, [1.0, 30.0, 30.0])
    assert noisy is not None
    assert noisy.exponent == pytest.approx(
        _slope([math.log(n) for n in sizes], [0.0, math.log(30), math.log(30)])
    )
    assert fit([1_000], [5.0]) is None  # one size: nothing to fit
    assert fit([1_000, 1_000], [5.0, 6.0]) is None


def _slope(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def _size(n: int, seconds: float, pss_kib: int) -> Size:
    runs = {
        name: [Measurement(Run(seconds, pss_kib // 2, pss_kib, 0, []), 1.0, 1.5)] for name in TIMES
    }
    budget = Breakdown(n, size=40_000 * n, files=3 * n)
    return Size(n, runs, budget)


def test_growth_of_a_known_series_against_the_targets() -> None:
    # Every time linear in the roll (exponent 1), memory with its square root.
    sizes = [_size(n, n / 1_000, int(100 * math.sqrt(n)) * 1024) for n in (1_000, 4_000, 16_000)]
    lines, fitted = growth(sizes, 100_000)
    assert set(fitted) == FIGURES
    assert fitted["one edit"]["exponent"] == pytest.approx(1.0)
    assert fitted["one edit"]["projected"] == pytest.approx(100.0)
    assert fitted["all processes MiB"]["exponent"] == pytest.approx(0.5, abs=0.01)
    assert fitted["site files"]["projected"] == pytest.approx(300_000)
    text = "\n".join(lines)
    assert "1,000→4,000" in text and "4,000→16,000" in text  # the local exponents, 3 sizes
    assert "one edit 100.0 s (< 10 s: OVER)" in text
    assert "site 3.00 files/profile (≤ 4: within)" in text
    assert "site 40,000 B/profile (≤ 50 KB: within)" in text
    assert fitted["one edit"]["last_pair_exponent"] == pytest.approx(1.0)
    assert "100,000 (last pair)" in text
    assert "projection 6x past the largest size measured" in text
    assert growth(sizes[:1], 100_000)[1] == {}
    # A curve that steepens: linear, then with the square from 4,000 to 16,000.
    bent = [_size(1_000, 1.0, 1024), _size(4_000, 4.0, 1024), _size(16_000, 64.0, 1024)]
    edit = growth(bent, 100_000)[1]["one edit"]
    assert edit["last_pair_exponent"] == pytest.approx(2.0)
    assert edit["projected_from_last_pair"] == pytest.approx(64.0 * (100_000 / 16_000) ** 2)
    assert edit["exponent"] == pytest.approx(1.5)  # the least squares over all three


def test_two_tiny_sizes_print_and_write_every_figure(tmp_path: Path) -> None:
    report = tmp_path / "scale.json"
    keep = tmp_path / "projects"
    command = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "30,60"]
    command += ["--runs", "1", "--edits", "1", "--pairs", "2"]
    command += ["--json", str(report), "--keep", str(keep)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    lines = out.splitlines()

    header = next(line for line in lines if line.startswith("profiles "))
    columns = ["first build", "full build", "floor", "ratio", "no change", "first edit",
               "one edit", "all procs", "largest proc", "KB/profile", "files/profile"]  # fmt: skip
    for column in columns:
        assert column in header, header
    for n in ("30", "60"):
        row = next(line.split() for line in lines if line.split()[:1] == [n])
        assert len([cell for cell in row if cell == "s"]) == len(TIMES), row
        assert "MiB" in row and row[-1] == "files", row
        assert (
            f"{n} profiles, each run in seconds of wall (CPU of every process; load average "
            "at start → end):"
        ) in lines
    for name in TIMES:  # every measurement of both sizes with its CPU and load average
        assert (
            sum(
                line.startswith(f"  {name}: ") and "(CPU " in line and "→" in line for line in lines
            )
            == 2
        ), name
    assert "growth: least squares" in out
    for name in FIGURES:
        assert any(line.startswith(name + " ") for line in lines), name
    assert "projected at 100,000 against issue #21's targets: one edit" in out
    assert out.startswith("load average at start: ") and "load average at end: " in out

    data = json.loads(report.read_text("utf-8"))
    assert [s["profiles"] for s in data["sizes"]] == [30, 60]
    assert data["settings"]["runs"] == 1 and data["settings"]["edits"] == 1
    assert data["settings"]["pairs"] == 2
    for size in data["sizes"]:
        assert set(size["figures"]) == FIGURES
        assert all(size["figures"][name] > 0 for name in FIGURES), size["figures"]
        assert set(size["runs"]) == set(TIMES)
        for name, runs in size["runs"].items():  # both of a pair kept, the best in the figures
            assert len(runs) == (2 if name in ("full build", "floor") else 1), name
            assert size["figures"][name] == min(r["seconds"] for r in runs), name
            assert set(runs[0]) == {
                "seconds",
                "cpu_seconds",
                "all_processes_kib",
                "largest_process_kib",
                "load_start",
                "load_end",
            }
        # Bytes and files per profile are those of the site/ left in the kept project.
        site = keep / f"project-{size['profiles']}" / "site"
        files = [os.path.join(d, f) for d, _, names in os.walk(site) for f in names]
        assert size["figures"]["site files"] == len(files)
        assert size["figures"]["site bytes"] == sum(os.lstat(f).st_size for f in files)
        assert size["files_per_profile"] == pytest.approx(len(files) / size["profiles"])
    # The fit is of the figures written beside it.
    assert set(data["growth"]) == FIGURES
    for name, found in data["growth"].items():
        values = [s["figures"][name] for s in data["sizes"]]
        expected = math.log(values[1] / values[0]) / math.log(2)
        assert found["exponent"] == pytest.approx(expected), name
        assert found["projected"] == pytest.approx(values[0] * (100_000 / 30) ** expected), name


def test_edit_kinds_are_rows_fitted_and_written(tmp_path: Path) -> None:
    # An award, a rename and a new profile make the listings again: each measured beside the
    # summary's "one edit", one warm-up then --edits timed, in the table, the fit and the JSON.
    report = tmp_path / "scale.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "30,60"]
    command += ["--runs", "1", "--edits", "2", "--edit-kinds", "summary,award,name,new"]
    command += ["--json", str(report), "--keep", str(tmp_path / "projects")]
    env = {**os.environ, "LANG": "C.UTF-8", "TZ": "UTC"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=900, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    kinds = ["edit: award", "edit: name", "edit: new"]
    header = next(line for line in lines if line.startswith("profiles "))
    assert all(kind in header for kind in kinds), header
    for kind in kinds:  # each size's runs, and a growth row
        assert sum(line.startswith(f"  {kind}: ") for line in lines) == 2, kind
        assert any(line.startswith(f"{kind} ") for line in lines), kind
    targets = next(line for line in lines if line.startswith("projected at 100,000"))
    for name in ["one edit", *kinds]:
        assert re.search(rf"{name} [0-9.,]+ s \(< 10 s: (within|OVER)\)", targets), name

    data = json.loads(report.read_text("utf-8"))
    assert data["settings"]["edit_kinds"] == ["summary", "award", "name", "new"]
    assert set(data["growth"]) == FIGURES | set(kinds)
    for size in data["sizes"]:
        assert set(size["figures"]) == FIGURES | set(kinds)
        for kind in kinds:  # the warm-up is not among them
            runs = size["runs"][kind]
            assert len(runs) == 2, kind
            assert size["figures"][kind] == min(r["seconds"] for r in runs) > 0
        assert len(size["runs"]["one edit"]) == 2
    # Each new profile is a file of the project: one warm-up and two timed.
    added = list((tmp_path / "projects" / "project-60" / "profiles").rglob("*-moi-*.yml"))
    assert len(added) == 3


def test_an_unknown_edit_kind_stops_before_any_build(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        scale.main(["--sizes", "30", "--edit-kinds", "summary,photo"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert "--edit-kinds: 'photo' is not one of summary, award, name, new" in said


def test_pairs_alternate_the_full_build_and_its_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # full, floor, full, floor: a slow minute of the machine then slows one of each, not
    # both builds of one kind; each floor of the tree its full build just wrote.
    root = tmp_path / "project-30"
    write_project(root, 30, seed=1, photos=0)
    done: list[str] = []
    real_build, real_floor, real_reset = scale.build, scale.floor, scale.reset

    def building(project: Path, code: Path | None = None) -> Run:
        done.append("full" if not (project / "site").exists() else "build")
        return real_build(project, code)

    def flooring(project: Path, work: Path) -> Run:
        assert (project / "build" / "docs").is_dir()
        done.append("floor")
        return real_floor(project, work)

    def resetting(project: Path) -> None:
        done.append("reset")
        real_reset(project)

    monkeypatch.setattr(scale, "build", building)
    monkeypatch.setattr(scale, "floor", flooring)
    monkeypatch.setattr(scale, "reset", resetting)
    size = scale.measure(root, 30, runs=1, edits=1, pairs=3)
    assert done == [
        "reset", "full",  # the first build
        *["reset", "full", "floor"] * 3,
        "build", "build", "build",  # no change, the first edit, one edit
    ]  # fmt: skip
    assert {name: len(runs) for name, runs in size.runs.items()} == {
        "first build": 1, "full build": 3, "floor": 3, "no change": 1, "first edit": 1,
        "one edit": 1,
    }  # fmt: skip
    assert size.best("floor").run.wall == min(m.run.wall for m in size.runs["floor"])


def test_a_run_counts_the_cpu_of_every_process_it_reaped() -> None:
    # A command whose child spins ~0.4 s of CPU while the command itself only waits: the
    # figure is the tree's CPU (which load does not inflate), not the parent's.
    spin = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"
    waiter = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {spin!r}])"
    done = run_command([sys.executable, "-c", waiter])
    assert done.status == 0
    assert 0.4 <= done.cpu <= done.wall + 0.5
    size = _size(1_000, 2.0, 1024)
    size.runs["one edit"] = [Measurement(done, 1.0, 1.5)]
    [line] = [x for x in details(size) if x.startswith("  one edit: ")]
    assert line == f"  one edit: {done.wall:.1f} (CPU {done.cpu:.1f}; 1.00 → 1.50)"
