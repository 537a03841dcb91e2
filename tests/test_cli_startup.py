"""`import generator.cli` loads no command's modules: each command imports what it runs, so
`vinhdanh --help` and the editors' small commands start at once (docs/performance.md, Start-up)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.browser import ROOT

# What the command line may load before a command runs: click's wrapper, the message
# catalogue and the modules of the constants its options show.
AT_START = {
    "generator",
    "generator.cli",
    "generator.commands",
    "generator.commands.clitext",
    "generator.commands.hostlimits",
    "generator.editors",
    "generator.editors.legacyencodings",
    "generator.editors.rolltable",
    "generator.errors",
    "generator.incremental",
    "generator.incremental.lock",
    "generator.incremental.memos",
    "generator.vntext",
}


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(done.stdout.split())


def test_the_command_line_imports_no_command_at_start() -> None:
    loaded = _modules_after("import generator.cli")
    ours = {name for name in loaded if name == "generator" or name.startswith("generator.")}
    assert ours <= AT_START, sorted(ours - AT_START)
    assert not loaded & {"pydantic", "jinja2", "markdown", "mkdocs", "PIL", "yaml"}


def test_a_command_imports_its_modules_when_it_runs() -> None:
    # The same process, once `rules` ran: the taxonomy and the rule book, not the build.
    loaded = _modules_after(
        "from click.testing import CliRunner\n"
        "from generator.cli import cli\n"
        "assert CliRunner().invoke(cli, ['rules', '--lang', 'en']).exit_code == 0"
    )
    assert {"generator.editors.rulebook", "generator.reference.taxonomy"} <= loaded
    assert "generator.commands.build" not in loaded
