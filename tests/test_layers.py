"""The import layers of pyproject.toml ([tool.importlinter]), checked by a real `lint-imports`.

The contracts say which generator module may import which (docs/architecture.md, "Layers
enforced"). The first test runs them on the working tree; the others copy generator/ into a
temporary folder, add one import that goes the wrong way, and show that the contract guarding
that direction breaks, so a back edge cannot land unseen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The console script `lint-imports`, run by this interpreter (no PATH or shim involved).
LINT_IMPORTS = [
    sys.executable,
    "-c",
    "from importlinter.cli import lint_imports_command; lint_imports_command()",
    "--no-cache",  # its cache folder would land in the working tree
    "--no-logo",
]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the pyproject.toml of `cwd`, importing `generator` from `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        LINT_IMPORTS, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_every_contract_is_kept() -> None:
    result = lint_imports(ROOT)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "0 broken" in report, report
    assert "BROKEN" not in report, report


# (module that gains the import, the module it imports, the contract that must break)
BACK_EDGES = [
    ("vntext", "pages.render", "One way down"),  # a leaf reaching up to the pages
    ("source.load", "model.site", "One way down"),  # the sources reaching into the model
    ("model.urls", "templating.environment", "One way down"),  # the model into the templates
    ("model.awardchecks", "model.site", "Inside the model"),  # a check calling the build
    ("model.entries", "model.checker", "Inside the model"),  # the types importing a check
    ("opendata.publish", "search.records", "The outputs never import each other"),
    ("search.records", "pages.render", "The outputs never import each other"),
    ("editors.diff", "pages.render", "The editors' tools import neither"),
    ("editors.scaffold", "commands.build", "The editors' tools import neither"),
    ("incremental.buildcache", "model.site", "The incremental cache imports no stage"),
    ("incremental.pagecache", "source.documents", "The incremental cache imports no stage"),
    ("progress", "cli", "Nothing imports the command line"),
]


@pytest.mark.parametrize(("importer", "imported", "contract"), BACK_EDGES)
def test_a_back_edge_breaks_its_contract(
    tmp_path: Path, importer: str, imported: str, contract: str
) -> None:
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=only_python)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert lint_imports(tmp_path).returncode == 0, "the copy should keep every contract"
    module = tmp_path / "generator" / f"{importer.replace('.', '/')}.py"
    with module.open("a", encoding="utf-8") as file:
        file.write(f"\nimport generator.{imported}  # noqa: E402,F401 (the back edge)\n")
    result = lint_imports(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    broken = [line for line in report.splitlines() if " BROKEN" in line]
    assert any(line.startswith(contract) for line in broken), report
    assert f"generator.{importer} -> generator.{imported}" in report, report


def only_python(folder: str, names: list[str]) -> list[str]:
    """shutil.copytree's ignore: skip everything but Python files and packages."""
    return [
        name
        for name in names
        if not name.endswith(".py") and not (Path(folder) / name / "__init__.py").is_file()
    ]


# (module that gains the import, the third-party module it imports): only the site engine
# seam, generator.commands.sitengine, may load MkDocs, ProperDocs or Material.
ENGINE_EDGES = [
    ("commands.preview", "mkdocs.livereload"),  # the preview's server comes through the seam
    ("commands.build", "mkdocs.commands.build"),
    ("commands.htmlblocks", "mkdocs.plugins"),  # our plugins live in the seam
    ("pages.render", "properdocs"),
    ("pages.render", "material.plugins.search"),
]
ENGINE_CONTRACT = "Only the site engine seam imports MkDocs"


@pytest.mark.parametrize(("importer", "imported"), ENGINE_EDGES)
def test_only_the_seam_imports_the_engine(tmp_path: Path, importer: str, imported: str) -> None:
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=only_python)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    module = tmp_path / "generator" / f"{importer.replace('.', '/')}.py"
    with module.open("a", encoding="utf-8") as file:
        file.write(f"\nimport {imported}  # noqa: E402,F401 (the engine outside its seam)\n")
    result = lint_imports(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    broken = [line for line in report.splitlines() if " BROKEN" in line]
    assert [line for line in broken if line.startswith(ENGINE_CONTRACT)] == broken, report
    assert f"generator.{importer} -> {imported.split('.')[0]}" in report, report


def test_the_seam_itself_may_import_the_engine(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=only_python)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "generator" / "commands" / "sitengine.py").open("a", encoding="utf-8") as file:
        file.write("\nimport mkdocs.livereload  # noqa: E402,F401\nimport properdocs  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
