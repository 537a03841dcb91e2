"""Publishing stage: does a built site/ fit the static host it is deployed to?

A host refuses (or silently truncates) a site past its limits, and the roll grows by itself:
the publish workflow runs `vinhdanh limits` after the build so that the day a roll outgrows
its host is a failed run with the figures, not a broken deploy. The limits are the hosts'
published ones (checked 2026-12): GitHub Pages, a published site of at most 1 GB; Cloudflare
Pages, at most 20,000 files of at most 25 MiB each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HostLimits:
    """What one static host accepts."""

    name: str
    max_bytes: int | None = None
    max_files: int | None = None
    max_file_bytes: int | None = None


HOSTS = {
    "github-pages": HostLimits("GitHub Pages", max_bytes=1_000_000_000),
    "cloudflare-pages": HostLimits(
        "Cloudflare Pages", max_files=20_000, max_file_bytes=25 * 1024 * 1024
    ),
}


@dataclass(frozen=True)
class SiteSize:
    """A built site's size: bytes, files, and its largest file."""

    total_bytes: int
    files: int
    largest: tuple[str, int]


def measure(site: Path) -> SiteSize:
    """Bytes and files under `site` (symlinks not followed: the host uploads files)."""
    total = files = 0
    largest = ("", 0)
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = Path(folder) / name
            size = path.lstat().st_size
            total += size
            files += 1
            if size > largest[1]:
                largest = (path.relative_to(site).as_posix(), size)
    return SiteSize(total, files, largest)


def over_limits(size: SiteSize, host: HostLimits) -> list[tuple[str, int, int]]:
    """The limits `size` passes: (what, measured, limit); empty when the site fits."""
    over = []
    if host.max_bytes is not None and size.total_bytes > host.max_bytes:
        over.append(("bytes", size.total_bytes, host.max_bytes))
    if host.max_files is not None and size.files > host.max_files:
        over.append(("files", size.files, host.max_files))
    if host.max_file_bytes is not None and size.largest[1] > host.max_file_bytes:
        over.append(("file_bytes", size.largest[1], host.max_file_bytes))
    return over
