"""What an image run did: counts a build reports, and a build that finds nothing changed
reports again (kept apart from generator.images.jobs, which imports Pillow)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageStats:
    """What one run encoded and what it took from the cache."""

    photos_encoded: int = 0
    photos_reused: int = 0
    cards_encoded: int = 0
    cards_reused: int = 0

    @property
    def encoded(self) -> int:
        """Photos and cards encoded in this run."""
        return self.photos_encoded + self.cards_encoded

    @property
    def reused(self) -> int:
        """Photos and cards taken from the cache."""
        return self.photos_reused + self.cards_reused
