"""What a build reads, and the one digest of it that lets an unchanged build do nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator.commands.enginechoice import EngineError, engine_id
from generator.commands.outcome import BuildError
from generator.incremental.buildcache import FileDigests, input_digest
from generator.source.layout import CLUSTERS_DIR, DECISIONS_DIR, PROFILES_DIR, config_path

CONTENT_DIR = "content"


def input_paths(root: Path) -> list[Path]:
    """Every source a build reads: profiles and their photos, decisions, clusters, content,
    site_config.yml."""
    return [
        root / PROFILES_DIR,
        root / DECISIONS_DIR,
        root / CLUSTERS_DIR,
        root / CONTENT_DIR,
        config_path(root),
    ]


def inputs_digest(root: Path, digests: FileDigests, package: str, today: dt.date | None) -> str:
    """One digest of every input: sources, configuration, code, date, engine."""
    try:
        engine = engine_id()  # a wrong VINHDANH_ENGINE stops here, before any write
    except EngineError as exc:
        raise BuildError(exc.messages, exc.problems) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return input_digest(
        root,
        input_paths(root),
        digests,
        package,
        f"today={today}",
        f"epoch={epoch}",
        f"engine={engine}",
    )
