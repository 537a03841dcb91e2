"""Press kits: one ZIP per profile with a press kit, for journalists (and one more in English
when the site has its English edition: `PressKits.english_press_kit`).

A kit holds the profile as Markdown and plain text (the story converted from its sanitised HTML,
`generator.opendata.htmltext`), its API document, the largest JPEG of each consented photo as the
images stage re-encoded it (no metadata), and CREDITS.txt with each photo's credit and licence.
Its bytes depend on the data and `today` only (`deterministic_zip`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.compression import ZipArchive
from generator.images.jobs import Variant
from generator.images.stage import published_photos
from generator.model.entries import KIND_NAMES, Entry
from generator.model.labels import public_facts
from generator.model.urls import profile_path
from generator.opendata.context import OpenDataContext, OpenDataError
from generator.opendata.englishkit import (
    BLOCK_NOTE,
    VIETNAMESE_ONLY,
    EnglishKit,
    as_recorded,
    photo_text,
)
from generator.opendata.htmltext import finalize_markdown, html_to_markdown_and_text
from generator.source.documents import SECTORS, TARGET_GROUPS, Photo
from generator.templating.environment import make_environment

# Already compressed: a ZIP stores them as they are (deflating again costs time, saves nothing).
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def deterministic_zip(files: dict[str, bytes], when: dt.date) -> bytes:
    """A ZIP whose bytes depend only on `files` and `when`: sorted names, fixed times and modes."""
    archive = ZipArchive(when)
    for name in sorted(files):
        stored = name.lower().endswith(_STORED_SUFFIXES)
        archive.add(name, (files[name],), None if stored else 9)
    return archive.getvalue()


# --- the open data of one site -------------------------------------------------------------------


def _crlf_free(text: str) -> bytes:
    return text.replace("\r\n", "\n").encode("utf-8")


class PressKits:
    """Makes the press kit of any published profile of one site."""

    def __init__(self, ctx: OpenDataContext) -> None:
        self.ctx = ctx
        self.md_env = make_environment(autoescape=False, finalize=finalize_markdown)

    def press_values(self, entry: Entry) -> dict[str, Any]:
        """What the press-kit templates see."""
        return {
            "entry": entry,
            "profile": entry.profile,
            "config": self.ctx.config,
            "today": self.ctx.today,
            "kind_name": KIND_NAMES[entry.profile.kind],
            "facts": public_facts(entry),
            "awards": entry.shown_awards,
            "campaign_titles": [
                self.ctx.site.campaigns[s][0].title
                for s in entry.campaign_slugs
                if s in self.ctx.site.campaigns
            ],
            "campaigns": self.ctx.site.campaigns,
            "permalink": self.ctx.url(profile_path(entry.slug)),
            "citation": self.ctx.citation(entry),
            "sectors": SECTORS,
            "target_groups": TARGET_GROUPS,
            "illustrative": entry.profile.illustrative or self.ctx.config.illustrative,
            "photos": [
                {
                    "file": name,
                    "caption": photo.caption,
                    "credit": photo.credit,
                    "licence": photo.licence,
                }
                for name, photo, _variant in self.press_photos(entry)
            ],
        }

    def press_photos(self, entry: Entry) -> list[tuple[str, Photo, Variant]]:
        """The photos of a press kit: the largest JPEG of each consented photo, by kit name."""
        found: list[tuple[str, Photo, Variant]] = []
        for n, (photo, photo_set) in enumerate(published_photos(entry, self.ctx.images), start=1):
            jpegs = photo_set.of_type("image/jpeg")
            variant = jpegs[-1] if jpegs else photo_set.fallback
            found.append((f"anh-{n}.{variant.path.rsplit('.', 1)[1]}", photo, variant))
        return found

    def press_kit(self, entry: Entry, json_bytes: bytes) -> bytes:
        """The press kit of one profile: Markdown, text, JSON, photos and their credits."""
        values = self.press_values(entry)
        story = self.ctx.story(entry)
        story_md, story_txt = html_to_markdown_and_text(story) if story else (None, None)
        md = self.md_env.get_template("opendata/ho-so.md").render(story=story_md, **values)
        txt = self.ctx.text_env.get_template("opendata/ho-so.txt").render(story=story_txt, **values)
        credits = self.ctx.text_env.get_template("opendata/CREDITS.txt").render(**values)
        folder = f"{entry.slug}/"
        files = {
            f"{folder}ho-so.md": _crlf_free(md),
            f"{folder}ho-so.txt": _crlf_free(txt),
            f"{folder}ho-so.json": json_bytes,
            f"{folder}CREDITS.txt": _crlf_free(credits),
        }
        for name, _photo, variant in self.press_photos(entry):
            try:
                files[f"{folder}{name}"] = self.ctx.images.read_bytes(variant)
            except OSError as exc:
                raise OpenDataError(f"{entry.relpath}: cannot read {variant.path}: {exc}") from None
        return deterministic_zip(files, self.ctx.today)

    def english_press_kit(self, entry: Entry, json_bytes: bytes) -> bytes:
        """The English edition's kit of one profile (`press_kit_path(slug, "en")`): the same
        photos and JSON, the text and credits in English (`generator.opendata.englishkit`),
        under English file names."""
        values = EnglishKit(self.ctx, entry).values
        photos = self.press_photos(entry)
        values["photos"] = [
            {
                "file": f"photo-{n}.{variant.path.rsplit('.', 1)[1]}",
                "credit": as_recorded(photo.credit),  # a name, or words in Vietnamese
                "licence": as_recorded(photo.licence),
                "caption": photo_text(photo, "caption"),
                "alt": photo_text(photo, "alt"),
            }
            for n, (_name, photo, variant) in enumerate(photos, start=1)
        ]
        values["block_note"] = BLOCK_NOTE
        values["vietnamese_only"] = VIETNAMESE_ONLY
        md = self.md_env.get_template("opendata/en/profile.md").render(**values)
        txt = self.ctx.text_env.get_template("opendata/en/profile.txt").render(**values)
        credits = self.ctx.text_env.get_template("opendata/en/CREDITS.txt").render(**values)
        folder = f"{entry.slug}/"
        files = {
            f"{folder}profile.md": _crlf_free(md),
            f"{folder}profile.txt": _crlf_free(txt),
            f"{folder}profile.json": json_bytes,
            f"{folder}CREDITS.txt": _crlf_free(credits),
        }
        for shown, (_name, _photo, variant) in zip(values["photos"], photos, strict=True):
            try:
                files[f"{folder}{shown['file']}"] = self.ctx.images.read_bytes(variant)
            except OSError as exc:
                raise OpenDataError(f"{entry.relpath}: cannot read {variant.path}: {exc}") from None
        return deterministic_zip(files, self.ctx.today)

    # -- everything ------------------------------------------------------------------------------
