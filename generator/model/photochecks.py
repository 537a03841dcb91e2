"""Photo checks: files inside the project, real files, allowed types and usable headers
(read without decoding; the header is cached with the DocumentCache)."""

from __future__ import annotations

from pathlib import Path

from generator.model.checker import Checker
from generator.model.entries import PHOTO_SUFFIXES
from generator.model.sourcefiles import DocumentCache
from generator.source.config import Limits
from generator.source.documents import Photo, Profile
from generator.source.load import Document, Loc, check_photo_header


def check_photos(
    profile: Profile,
    doc: Document,
    root: Path,
    limits: Limits,
    check: Checker,
    documents: DocumentCache | None = None,
) -> list[tuple[Photo, Path]]:
    """Resolve photo files: inside the project, real files, allowed types, usable headers."""
    if not profile.photos:
        return []
    folder = (root / doc.relpath).parent
    real_root = root.resolve()
    found: list[tuple[Photo, Path]] = []
    for i, photo in enumerate(profile.photos):
        where: Loc = ("photos", i, "file")
        raw = Path(photo.file)
        candidate = folder / raw
        if raw.is_absolute() or ".." in raw.parts:
            # Even a ".." that lands inside the project is refused: paths stay simple to review.
            check.add(where, "photo.outside", file=photo.file)
            continue
        # Symlinks first: a link may point anywhere, and resolving it would hide that.
        inside = [candidate, *candidate.parents]
        if any(p.is_symlink() for p in inside if p.is_relative_to(root) and p != root):
            check.add(where, "photo.symlink", file=photo.file)
            continue
        try:
            resolved = candidate.resolve()
        except OSError:
            check.add(where, "photo.missing", file=photo.file)
            continue
        if not resolved.is_relative_to(real_root):
            check.add(where, "photo.outside", file=photo.file)
            continue
        if not resolved.is_file():
            check.add(where, "photo.missing", file=photo.file)
            continue
        if resolved.suffix.lower() not in PHOTO_SUFFIXES:
            check.add(where, "photo.extension", file=photo.file)
            continue
        # Consented or not: a photo in the repository is checked either way. Named from the
        # project root, as the images stage names it, so a build reports each problem once.
        shown = resolved.relative_to(real_root).as_posix()
        if documents is not None:
            findings = documents.photo_findings(resolved, limits)
        else:
            findings = check_photo_header(resolved, limits.max_photo_bytes, limits.min_photo_width)
        for code, severity, params in findings:
            check.add(where, code, severity, file=shown, **params)
        if any(severity == "error" for _code, severity, _params in findings):
            continue
        found.append((photo, resolved))
    if profile.photos and profile.consent.photo is not True:
        check.add(("photos",), "photo.no_consent", "warning")
    return found
