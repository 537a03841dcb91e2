"""The site's own configuration, `site_config.yml`, declared as a schema.

mkdocs.yml is generated from this file, never written by hand. Each option's description is
the reference site owners read (`vinhdanh schema` publishes it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from generator.documents import AwardClass, IssuerLevel, Slug, Text

CONFIG_FILE = "site_config.yml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Licence(_Strict):
    """A licence: short id, display name and the address of its text."""

    id: Text = Field(description="Mã SPDX, ví dụ 'CC-BY-4.0'.")
    name: Text = Field(description="Tên hiển thị.")
    url: Text | None = Field(None, description="Địa chỉ văn bản giấy phép.")


def _province_only() -> list[IssuerLevel]:
    return ["province"]


class LocalAward(_Strict):
    """A site-specific title (a province's own award) added to the national taxonomy."""

    id: Slug
    vi: Text = Field(description="Tên tiếng Việt.")
    en: Text | None = Field(None, description="Tên tiếng Anh.")
    classes: list[AwardClass] = Field(default_factory=list)
    recipients: list[str] = Field(
        default_factory=lambda: ["individual", "collective"],
        description="individual, collective, household.",
    )
    conferred_by: list[IssuerLevel] = Field(default_factory=_province_only)
    precedence: float = Field(
        650,
        description="Thứ bậc (số nhỏ đứng trước): 100–499 Chủ tịch nước, 500–599 Thủ tướng, "
        "600–699 bộ, ngành, tỉnh, 700–799 cơ sở.",
    )
    level: str = Field("ministry_province", description="state, ministry_province, grassroots.")
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class Limits(_Strict):
    """Caps that protect the build from oversized input."""

    max_file_bytes: int = Field(512 * 1024, ge=1024, description="Cỡ tối đa một tệp nguồn.")
    max_photo_bytes: int = Field(15 * 1024 * 1024, ge=1024, description="Cỡ tối đa một ảnh.")
    min_photo_width: int = Field(320, ge=1, description="Chiều rộng tối thiểu của ảnh (px).")


class SiteConfig(_Strict):
    """Everything about the site that is not a profile or a page."""

    site_name: Text = Field(description="Tên trang.")
    site_url: Text = Field(description="Địa chỉ gốc, ví dụ 'https://vinhdanh.example.vn/'.")
    site_description: Text = Field(description="Mô tả ngắn.")
    owner: Text = Field(description="Cơ quan chủ quản.")
    language: str = Field("vi", pattern="^vi$", description="Ngôn ngữ chính (vi).")
    illustrative: bool = Field(
        False, description="Toàn bộ dữ liệu là minh họa: hiển thị thông báo trên mọi trang."
    )
    data_licence: Licence = Field(description="Giấy phép dữ liệu (API, CSV).")
    content_licence: Licence | None = Field(None, description="Giấy phép nội dung trang.")
    comments_to: Text | None = Field(
        None, description="Nơi nhận ý kiến mặc định cho danh sách lấy ý kiến."
    )
    contact: Text | None = Field(None, description="Liên hệ, yêu cầu sửa hoặc gỡ hồ sơ.")
    featured: list[Slug] = Field(default_factory=list, description="Hồ sơ nổi bật ở trang chủ.")
    page_size: int = Field(50, ge=5, le=500, description="Số mục mỗi trang danh sách.")
    local_awards: list[LocalAward] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)
    repo_url: Text | None = Field(None, description="Địa chỉ kho mã (liên kết 'sửa trang').")


def config_path(root: Path) -> Path:
    """Where the site configuration lives."""
    return root / CONFIG_FILE
