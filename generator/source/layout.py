"""Where a project keeps its sources: the folder and file names every stage agrees on.

Kept apart from the schemas (generator.source.config, generator.source.documents) so that a
build which finds nothing changed can list its inputs without importing pydantic.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "site_config.yml"
PROFILES_DIR = "profiles"
CAMPAIGNS_DIR = "content/campaigns"
DECISIONS_DIR = "decisions"
CLUSTERS_DIR = "clusters"  # emulation clusters and blocks (cụm, khối thi đua)


def config_path(root: Path) -> Path:
    """Where the site configuration lives."""
    return root / CONFIG_FILE
