"""The site's own configuration, `site_config.yml`, declared as a schema.

mkdocs.yml is generated from this file, never written by hand. Each option's description is
the reference site owners read (`vinhdanh schema` publishes it).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.source.documents import AreaKind, AwardClass, IssuerLevel, Slug, Text
from generator.source.layout import CONFIG_FILE as CONFIG_FILE  # named here too, as before
from generator.source.layout import config_path as config_path


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


class AreaList(_Strict):
    """Communes an official decision classes as border, island, mountain or disadvantaged."""

    area: AreaKind = Field(
        description="border (biên giới), island (hải đảo), mountain (miền núi), "
        "disadvantaged (đặc biệt khó khăn)."
    )
    source: Text = Field(
        description="Số, ngày và tên quyết định phân loại, ví dụ 'Quyết định số …/QĐ-TTg "
        "ngày … phê duyệt danh sách xã …' (hiện trên trang thống kê)."
    )
    url: Text | None = Field(None, description="Địa chỉ văn bản quyết định (http/https).")
    era: Literal["2025-03", "2025-07"] = Field(
        description="Danh mục của các mã: 2025-03 (trước 2025-07-01, 63 tỉnh) hoặc 2025-07 "
        "(từ 2025-07-01, 34 tỉnh)."
    )
    codes: list[Annotated[str, Field(pattern=r"^\d{5}$")]] = Field(
        min_length=1, description="Mã xã (Tổng cục Thống kê, 5 chữ số) chép từ quyết định."
    )


class UnitSize(_Strict):
    """How many people a unit has, so its awards can be counted relative to its size."""

    name: Text = Field(
        description="Tên đơn vị đúng như trường unit của hồ sơ cá nhân (hoặc tên hồ sơ tập thể)."
    )
    issuers: list[Text] = Field(
        default_factory=list,
        description="Người ký khen thưởng cho người của đơn vị, đúng như trường issuer của "
        "khen thưởng (ví dụ 'Giám đốc Công ty …'): lượt do họ ký cũng tính cho đơn vị.",
    )
    size: int = Field(ge=1, le=100_000_000, description="Số người của đơn vị.")
    year: int | None = Field(None, ge=1900, le=2100, description="Năm của số liệu.")
    source: Text = Field(description="Nguồn số liệu (báo cáo, quyết định…), hiện trên trang.")


class Privacy(_Strict):
    """The privacy notice (Law 91/2025/QH15 on personal data; Decree 356/2025): who controls the
    data, why, on what basis, how long, and how a person asks for access, correction or removal."""

    controller: Text = Field(description="Bên kiểm soát dữ liệu (cơ quan chịu trách nhiệm).")
    purposes: list[Text] = Field(
        min_length=1, description="Mục đích xử lý, ví dụ 'công khai kết quả khen thưởng'."
    )
    legal_basis: Text = Field(description="Căn cứ pháp lý của việc công bố.")
    retention: Text = Field(description="Thời gian lưu giữ, công bố.")
    requests_to: Text = Field(description="Nơi nhận yêu cầu truy cập, sửa, xóa, rút đồng ý.")
    response_days: int = Field(ge=1, le=90, description="Thời hạn trả lời yêu cầu (ngày).")


class ReviewedText(_Strict):
    """A passage the free-text scan flagged and an editor reviewed as not personal data."""

    file: Text = Field(description="Tệp, ví dụ 'profiles/ha-noi/tran-thi-binh.yml'.")
    text: Text = Field(description="Đoạn chữ đã xem xét, đúng như trong tệp.")
    note: Text = Field(description="Vì sao không phải dữ liệu cá nhân cần che (ai đã xem xét).")


class CommentsContact(_Strict):
    """The council secretariat that receives public comments on proposals (lấy ý kiến)."""

    office: Text | None = Field(
        None,
        description="Tên cơ quan nhận ý kiến, ví dụ 'Thường trực Hội đồng Thi đua - "
        "Khen thưởng tỉnh …'.",
    )
    email: Text | None = Field(
        None,
        pattern=r"^[^@\s<>\"']+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
        description="Thư điện tử nhận ý kiến (liên kết gửi thư, tiêu đề ghi sẵn đề nghị).",
    )
    address: Text | None = Field(None, description="Địa chỉ gửi ý kiến bằng văn bản.")
    phone: Text | None = Field(None, description="Số điện thoại của bộ phận thường trực.")


class Limits(_Strict):
    """Caps that protect the build from oversized input."""

    max_file_bytes: int = Field(512 * 1024, ge=1024, description="Cỡ tối đa một tệp nguồn.")
    max_photo_bytes: int = Field(15 * 1024 * 1024, ge=1024, description="Cỡ tối đa một ảnh.")
    min_photo_width: int = Field(320, ge=1, description="Chiều rộng tối thiểu của ảnh (px).")


class Rolls(_Strict):
    """How the listings are cut into pages."""

    commune_page_min: int = Field(
        3,
        ge=1,
        description="Số hồ sơ tối thiểu để một xã, phường có trang danh sách riêng; xã, phường "
        "ít hồ sơ hơn được liệt kê trong trang của tỉnh, thành phố (nhóm theo xã, phường).",
    )
    letter_pages: int = Field(
        10,
        ge=1,
        description="Danh sách xếp theo tên dài hơn số trang này được chia theo chữ cái đầu "
        "của tên (A, Ă, Â, B…, như bảng vàng in), mỗi chữ một hoặc nhiều trang.",
    )


class EnglishSite(_Strict):
    """The site's own words in the English edition (`english_edition`); each falls back to
    the Vietnamese value when absent."""

    site_name: Text | None = Field(None, description="Tên trang bằng tiếng Anh.")
    site_description: Text | None = Field(None, description="Mô tả ngắn bằng tiếng Anh.")
    owner: Text | None = Field(None, description="Tên cơ quan chủ quản bằng tiếng Anh.")


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
    english_edition: bool = Field(
        False,
        description="Bản tiếng Anh của trang dưới /en/ (cùng dữ liệu, giao diện tiếng Anh), có "
        "nút chuyển ngôn ngữ trên mọi trang.",
    )
    en: EnglishSite | None = Field(
        None, description="Tên trang, mô tả, cơ quan chủ quản bằng tiếng Anh (bản /en/)."
    )
    data_licence: Licence = Field(description="Giấy phép dữ liệu (API, CSV).")
    content_licence: Licence | None = Field(None, description="Giấy phép nội dung trang.")
    comments_to: Text | None = Field(
        None, description="Nơi nhận ý kiến mặc định cho danh sách lấy ý kiến."
    )
    comments: CommentsContact | None = Field(
        None,
        description="Nơi nhận ý kiến về các đề nghị khen thưởng (thư điện tử, địa chỉ, điện "
        "thoại), trên trang của từng đề nghị; 'comments_to' của đề nghị được ưu tiên.",
    )
    contact: Text | None = Field(None, description="Liên hệ, yêu cầu sửa hoặc gỡ hồ sơ.")
    featured: list[Slug] = Field(default_factory=list, description="Hồ sơ nổi bật ở trang chủ.")
    page_size: int = Field(50, ge=5, le=500, description="Số mục mỗi trang danh sách.")
    rolls: Rolls = Field(default_factory=Rolls)
    local_awards: list[LocalAward] = Field(default_factory=list)
    area_lists: list[AreaList] = Field(
        default_factory=list,
        description="Danh sách xã biên giới, hải đảo, miền núi, đặc biệt khó khăn theo quyết "
        "định chính thức, dùng cho số liệu thống kê theo địa bàn.",
    )
    unit_sizes: list[UnitSize] = Field(
        default_factory=list,
        description="Số người của một số đơn vị, để thống kê số lượt khen thưởng so với quy mô.",
    )
    limits: Limits = Field(default_factory=Limits)
    privacy: Privacy | None = Field(
        None, description="Thông báo về xử lý dữ liệu cá nhân (trang Giới thiệu)."
    )
    personal_data_reviewed: list[ReviewedText] = Field(
        default_factory=list,
        description="Đoạn chữ mà lệnh check nghi là dữ liệu cá nhân, đã được xem xét là không.",
    )
    repo_url: Text | None = Field(None, description="Địa chỉ kho mã (liên kết 'sửa trang').")
