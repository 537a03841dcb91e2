"""The output budget: what a built site/ holds per profile, by kind, against the hosts' limits.

    python benchmarks/outputbudget.py SITE_DIR PROFILES

Issue #21: at most 50 KB and 4 files per profile on average, everything included, so that a
10,000-profile roll fits GitHub Pages' 1 GB and stays far from Cloudflare Pages' file limit.
`benchmarks/build.py` prints this breakdown per size and `tests/test_output_budget.py`
checks the budget at 1,000 profiles.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BUDGET_BYTES = 50_000  # per profile, on average (50 KB)
BUDGET_FILES = 4.0  # per profile, on average

# Folders whose deeper levels say more than the first (danh-sach/tinh vs danh-sach/nam).
_DEPTH = {"danh-sach": 2, "api": 3}


@dataclass
class Breakdown:
    """Bytes and files of a site, in total and by kind (extension) and by top folder."""

    profiles: int
    size: int = 0
    files: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    files_by_kind: Counter[str] = field(default_factory=Counter)
    by_folder: Counter[str] = field(default_factory=Counter)
    files_by_folder: Counter[str] = field(default_factory=Counter)

    @property
    def bytes_per_profile(self) -> float:
        """Average bytes per profile."""
        return self.size / max(1, self.profiles)

    @property
    def files_per_profile(self) -> float:
        """Average files per profile."""
        return self.files / max(1, self.profiles)

    @property
    def within_budget(self) -> bool:
        """Whether both averages are within the budget."""
        return self.bytes_per_profile <= BUDGET_BYTES and self.files_per_profile <= BUDGET_FILES

    def lines(self, top: int = 8) -> list[str]:
        """The figures as text: the totals, then the `top` largest kinds and folders."""
        per = max(1, self.profiles)
        out = [
            f"{self.profiles:,} profiles: {self.size / 1e6:,.1f} MB in {self.files:,} files = "
            f"{self.bytes_per_profile / 1000:,.1f} KB and {self.files_per_profile:.2f} files per "
            f"profile (budget {BUDGET_BYTES / 1000:.0f} KB, {BUDGET_FILES:.0f} files)"
        ]
        for title, sizes, counts in (
            ("by kind", self.by_kind, self.files_by_kind),
            ("by folder", self.by_folder, self.files_by_folder),
        ):
            parts = [
                f"{name} {size / per / 1000:.1f} KB/{counts[name] / per:.2f} files"
                for name, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            ]
            out.append(f"  {title} (per profile): " + ", ".join(parts))
        return out


def kind_of(name: str) -> str:
    """A file's kind: its extension (Pagefind's `.pf_fragment` included), or the name."""
    return name.rsplit(".", 1)[1] if "." in name.lstrip(".") else name


def folder_of(rel: str) -> str:
    """A file's top folder ("ho-so", "danh-sach/tinh", "(root)" for files at the top)."""
    parts = rel.split("/")
    if len(parts) == 1:
        return "(root)"
    depth = min(_DEPTH.get(parts[0], 1), len(parts) - 1)
    return "/".join(parts[:depth])


def breakdown(site: Path, profiles: int) -> Breakdown:
    """Measure every file under `site` (sizes as stored, links not followed)."""
    found = Breakdown(profiles)
    for dirpath, _dirs, files in os.walk(site):
        rel_dir = os.path.relpath(dirpath, site)
        for name in files:
            size = os.lstat(os.path.join(dirpath, name)).st_size
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            kind, folder = kind_of(name), folder_of(rel)
            found.size += size
            found.files += 1
            found.by_kind[kind] += size
            found.files_by_kind[kind] += 1
            found.by_folder[folder] += size
            found.files_by_folder[folder] += 1
    return found


def main(argv: list[str] | None = None) -> int:
    """Print the breakdown of a built site; exit 1 when it is over budget."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = breakdown(Path(args[0]), int(args[1]))
    print("\n".join(found.lines(top=20)))
    return 0 if found.within_budget else 1


if __name__ == "__main__":
    sys.exit(main())
