"""A git revision's sources, for `vinhdanh diff`: its commit and a copy of its project files."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from generator.model.sourcefiles import DECISIONS_DIR, PROFILES_DIR
from generator.source.config import CONFIG_FILE

SOURCES = (CONFIG_FILE, PROFILES_DIR, DECISIONS_DIR, "content")


class GitError(Exception):
    """A git command failed; the message is git's own."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def default_base(root: Path) -> str:
    """`origin/main` when that branch is known, else `HEAD`."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "origin/main^{commit}")
    except GitError:
        return "HEAD"
    return "origin/main"


def extract_revision(root: Path, rev: str, target: Path) -> str:
    """Write the sources of `rev` (config, profiles, content) into `target`; return its commit."""
    commit = _git(root, "rev-parse", "--verify", f"{rev}^{{commit}}").decode().strip()
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{commit}:{prefix}" if prefix else commit
    listed = _git(root, "ls-tree", "--name-only", tree).decode("utf-8").splitlines()
    paths = [p for p in SOURCES if p in listed]
    if paths:
        archive = _git(root, "archive", "--format=tar", tree, "--", *paths)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            # Only files and folders: the loader refuses symbolic links anyway, and a link in
            # an old revision must not point the extraction outside the scratch folder.
            members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
            tar.extractall(target, members=members, filter="data")
    return commit
