"""A social card whose photo cannot be drawn is reported where editors look: the `photos:`
item of the profile, the photo named relative to the project root (never an absolute path)."""

from __future__ import annotations

from pathlib import Path

from generator.images.jobs import CardJob, PhotoJob
from generator.images.stage import process_images


def test_a_card_photo_that_cannot_be_drawn_is_named_relative_to_the_project(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    photo = root / "profiles" / "nguyen-van-a" / "anh.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"not a JPEG at all")  # keyed by its bytes, then cannot be decoded
    job = PhotoJob(
        photo, "profiles/nguyen-van-a/anh.jpg", "profiles/nguyen-van-a.yml", 7, 5,
        "photos[0].file", "nguyen-van-a", 0,
    )  # fmt: skip
    card = CardJob(
        "profile", "nguyen-van-a", "Nguyễn Văn A", "Chiến sĩ thi đua", ("Hà Nội",), "Bảng vàng",
        photo,
    )  # fmt: skip
    result = process_images([job], [card], root / ".vinhdanh-cache", None, workers=1)
    changed = [p for p in result.problems if p.code == "image.changed"]
    assert len(changed) == 1
    problem = changed[0]
    assert (problem.path, problem.line, problem.col) == ("profiles/nguyen-van-a.yml", 7, 5)
    assert dict(problem.params)["file"] == "profiles/nguyen-van-a/anh.jpg"
    for lang in ("vi", "en"):
        shown = problem.format(lang)
        assert str(tmp_path) not in shown and "profiles/nguyen-van-a/anh.jpg" in shown
