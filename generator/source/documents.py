"""The schemas of the source documents: profiles, campaigns and their parts.

One pydantic model per document kind; `extra="forbid"` makes a misspelt key an error, and each
`Field(description=...)` is the reference editors read (it ends up in `vinhdanh schema`).
These models check the shape of one file; facts that need other files (award taxonomy,
campaign ids, administrative units, photos on disk) are checked in `generator.model`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from generator.vntext import is_viet_nam

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=2_000)]
LongText = Annotated[str, Field(min_length=1, max_length=100_000)]
Year = Annotated[int, Field(ge=1900, le=2100)]
# Strict: pydantic would otherwise read the strings "yes"/"no"/"on" as booleans, the very
# surprise the loader avoids.
Flag = Annotated[bool, Strict()]

ProfileKind = Literal["individual", "collective", "model", "household"]
# Who a decision's list names (the taxonomy's recipients: a model is a collective there).
RecipientKind = Literal["individual", "collective", "household"]
# How a household is named after its head, as decisions write it (Law 06/2022 Art. 20(2)):
# form id -> the words before the head's name ("Hộ ông Lò Văn A").
HouseholdForm = Literal[
    "ho", "ho-ong", "ho-ba", "ho-gia-dinh", "ho-gia-dinh-ong", "ho-gia-dinh-ba",
    "gia-dinh", "gia-dinh-ong", "gia-dinh-ba",
]  # fmt: skip
HOUSEHOLD_FORMS: dict[str, str] = {
    "ho": "Hộ",
    "ho-ong": "Hộ ông",
    "ho-ba": "Hộ bà",
    "ho-gia-dinh": "Hộ gia đình",
    "ho-gia-dinh-ong": "Hộ gia đình ông",
    "ho-gia-dinh-ba": "Hộ gia đình bà",
    "gia-dinh": "Gia đình",
    "gia-dinh-ong": "Gia đình ông",
    "gia-dinh-ba": "Gia đình bà",
}
PublicationStatus = Literal["draft", "published", "proposed", "withdrawn"]
AwardStatus = Literal["active", "revoked", "stripped", "refused"]
IssuerLevel = Literal[
    "state", "government", "ministry", "province", "district", "commune", "organisation"
]
AwardClass = Literal["nhat", "nhi", "ba"]
WorkRole = Literal["frontline", "leadership", "other"]
CampaignLevel = Literal["national", "ministry", "province", "commune", "organisation"]
CampaignStatus = Literal["planned", "active", "completed"]
MilestoneKind = Literal["phat-dong", "so-ket", "tong-ket", "bao-cao", "khac"]
LocalityForm = Literal["place", "unknown", "foreign"]
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"
# Error type of schema errors raised by our own validators: the message code is in its context.
SCHEMA_ERROR = "vinhdanh"
# Kinds of area the law gives priority to (statistics count places, never ethnicity).
AreaKind = Literal["border", "island", "mountain", "disadvantaged"]
# The commendation types of Law 06/2022 Art. 8 (khen thưởng thường xuyên, theo đợt hoặc
# chuyên đề, đột xuất, quá trình cống hiến, theo niên hạn, đối ngoại): id -> (Vietnamese,
# English). Counted per award: a high share of "quá trình cống hiến" at a level is the
# clearest sign of commendation that follows rank rather than achievement.
CommendationType = Literal[
    "thuong-xuyen", "theo-dot", "dot-xuat", "qua-trinh-cong-hien", "nien-han", "doi-ngoai"
]  # fmt: skip
COMMENDATION_TYPES: dict[str, tuple[str, str]] = {
    "thuong-xuyen": ("Khen thưởng thường xuyên", "Regular (annual) commendation"),
    "theo-dot": ("Khen thưởng theo đợt, chuyên đề", "Commendation for a drive or theme"),
    "dot-xuat": ("Khen thưởng đột xuất", "Commendation for an unexpected feat"),
    "qua-trinh-cong-hien": ("Khen thưởng quá trình cống hiến", "Commendation for a career"),
    "nien-han": ("Khen thưởng theo niên hạn", "Commendation for years of service"),
    "doi-ngoai": ("Khen thưởng đối ngoại", "Commendation of foreigners"),
}
# A collective's scale: small ones (tổ, đội, thôn, bản, ấp, tổ dân phố) are those the
# directives ask commendation to reach; unrecorded scales are inferred from the name only
# when it starts with one of these words (generator.model.statsfigures.collective_scale).
CollectiveScale = Literal["small", "large"]

# Vocabularies: id -> (Vietnamese, English). Ids are stable; names are display text.
SECTORS: dict[str, tuple[str, str]] = {
    "nong-nghiep": ("Nông nghiệp, nông thôn", "Agriculture and rural development"),
    "cong-nghiep": ("Công nghiệp, xây dựng", "Industry and construction"),
    "kinh-doanh": ("Sản xuất, kinh doanh, dịch vụ", "Business and services"),
    "giao-duc": ("Giáo dục, đào tạo", "Education"),
    "y-te": ("Y tế", "Health care"),
    "khoa-hoc-cong-nghe": ("Khoa học, công nghệ", "Science and technology"),
    "van-hoa-the-thao": ("Văn hóa, thể thao, du lịch", "Culture, sport and tourism"),
    "quoc-phong": ("Quốc phòng", "Defence"),
    "an-ninh": ("An ninh, trật tự", "Public security"),
    "dan-van": ("Công tác dân vận", "Mass mobilisation"),
    "an-sinh-xa-hoi": ("Lao động, an sinh xã hội", "Labour and social welfare"),
    "moi-truong": ("Tài nguyên, môi trường", "Natural resources and environment"),
    "giao-thong": ("Giao thông, vận tải", "Transport"),
    "thong-tin-truyen-thong": ("Thông tin, truyền thông", "Information and media"),
    "hanh-chinh": ("Quản lý nhà nước, hành chính", "Public administration"),
    "doan-the": ("Mặt trận, đoàn thể", "Front and mass organisations"),
}

TARGET_GROUPS: dict[str, tuple[str, str]] = {
    "cong-nhan": ("Công nhân", "Workers"),
    "nong-dan": ("Nông dân", "Farmers"),
    "ngu-dan": ("Ngư dân", "Fishers"),
    "nguoi-lao-dong-truc-tiep": ("Người lao động trực tiếp", "Frontline workers"),
    "doanh-nhan": ("Doanh nhân", "Entrepreneurs"),
    "tri-thuc": ("Trí thức, nhà khoa học", "Intellectuals and scientists"),
    "nha-giao": ("Nhà giáo", "Teachers"),
    "thay-thuoc": ("Thầy thuốc, nhân viên y tế", "Health workers"),
    "van-nghe-si": ("Văn nghệ sĩ", "Artists"),
    "luc-luong-vu-trang": ("Lực lượng vũ trang", "Armed forces"),
    "dan-quan-tu-ve": ("Dân quân, tự vệ", "Militia and self-defence"),
    "cong-an-xa": ("Công an xã", "Commune police"),
    "can-bo-co-so": ("Cán bộ thôn, tổ dân phố", "Village and neighbourhood officials"),
    "can-bo-cong-chuc": ("Cán bộ, công chức, viên chức", "Civil servants"),
    "thanh-nien": ("Thanh niên", "Youth"),
    "phu-nu": ("Phụ nữ", "Women"),
    "cuu-chien-binh": ("Cựu chiến binh", "Veterans"),
    "nguoi-cao-tuoi": ("Người cao tuổi", "Older people"),
    "hoc-sinh-sinh-vien": ("Học sinh, sinh viên", "Students"),
    "nguoi-co-uy-tin": ("Người có uy tín trong cộng đồng", "Community elders"),
}

_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def _safe_url(value: str) -> str:
    """An http(s) address with no space, quote or angle bracket (never javascript:, data:…)."""
    if not _SAFE_URL.match(value):
        raise ValueError("unsafe_url")
    return value


# Every `url` an editor writes: a link on a public page, so only http(s).
WebAddress = Annotated[Text, AfterValidator(_safe_url)]


class _Strict(BaseModel):
    """Base: unknown keys are errors, surrounding white space is dropped."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        populate_by_name=True,
        coerce_numbers_to_str=True,  # `decision_number: 123` is text, not an error
    )


class Name(_Strict):
    """A person's name in parts, a household's by its head's, or a collective's full name."""

    family: Text | None = Field(None, description="Họ (cá nhân), ví dụ 'Nguyễn'.")
    middle: str | None = Field(None, max_length=200, description="Tên đệm, có thể trống.")
    given: Text | None = Field(None, description="Tên (cá nhân), có thể hai âm tiết: 'Bình Minh'.")
    full: Text | None = Field(
        None, description="Tên đầy đủ của tập thể hoặc mô hình, kèm loại hình: 'Hợp tác xã …'."
    )
    short: Text | None = Field(None, description="Tên ngắn gọn (tùy chọn) dùng trong danh sách.")
    form: HouseholdForm | None = Field(
        None,
        description="Hộ gia đình: cách gọi theo chủ hộ đúng như quyết định ghi: ho-ong (Hộ ông "
        "…), ho-ba (Hộ bà …), gia-dinh-ong (Gia đình ông …), gia-dinh-ba (Gia đình bà …); "
        "cũng có ho, ho-gia-dinh, ho-gia-dinh-ong, ho-gia-dinh-ba, gia-dinh. Tên chủ hộ ghi "
        "ở family, middle, given.",
    )


class Locality(_Strict):
    """Where the person or collective was, as recorded at the time.

    Three forms, exactly one of them: a Vietnamese place (`province`, maybe `district`,
    `commune`, `code`), a place the source does not give (`unknown: true`), or a foreign
    recipient (`country`). Nothing is ever guessed for the last two: they are shown and
    counted as such, and never filed under a province.
    """

    province: Text | None = Field(
        None,
        description="Tỉnh/thành phố như được ghi tại thời điểm đó. Bắt buộc, trừ khi "
        "'unknown: true' (chưa rõ địa phương) hoặc có 'country' (nước ngoài).",
    )
    district: Text | None = Field(None, description="Huyện/quận/thị xã (chỉ trước 2025-07-01).")
    commune: Text | None = Field(None, description="Xã/phường/thị trấn (hoặc đặc khu).")
    code: str | None = Field(
        None,
        pattern=r"^\d{2,5}$",
        description="Mã đơn vị hành chính (Tổng cục Thống kê) của cấp nhỏ nhất đã ghi.",
    )
    as_of: dt.date | None = Field(
        None,
        description="Ngày địa danh được ghi nhận; trước 2025-07-01 dùng danh mục cũ "
        "(63 tỉnh), từ ngày đó dùng danh mục mới (34 tỉnh). Để trống: tự suy ra.",
    )
    unlisted: Flag = Field(
        False,
        description="Đơn vị đã giải thể trước 2025-03-01 nên không có trong danh mục; "
        "chỉ cảnh báo thay vì báo lỗi.",
    )
    area: list[AreaKind] = Field(
        default_factory=list,
        description="Phân loại địa bàn theo quyết định chính thức xếp loại xã (ghi số quyết "
        "định trong hồ sơ nguồn): border (xã biên giới), island (xã đảo, đặc khu; tự nhận "
        "biết với đặc khu và huyện đảo cũ), mountain (miền núi, vùng cao), disadvantaged "
        "(xã đặc biệt khó khăn). Dùng cho số liệu thống kê theo địa bàn.",
    )
    unknown: Flag = Field(
        False,
        description="true: quyết định, danh sách gốc không ghi nơi nào (thường gặp ở danh "
        "sách toàn quốc thời kỳ đầu). Hiển thị và thống kê là “Chưa rõ địa phương”, không "
        "xếp vào tỉnh nào. Khi đó không ghi province, district, commune, code, as_of, area, "
        "country. Biết được nơi thì bỏ dòng này và ghi địa danh.",
    )
    country: Text | None = Field(
        None,
        description="Người, tập thể nước ngoài: tên nước bằng tiếng Việt như trong quyết "
        "định, ví dụ 'Liên bang Nga'. Không đối chiếu với danh mục đơn vị hành chính Việt "
        "Nam, không xếp vào tỉnh nào; thống kê tính là “Nước ngoài”. Khi đó không ghi "
        "province, district, commune, code, as_of, area.",
    )
    country_code: str | None = Field(
        None,
        pattern=COUNTRY_CODE_PATTERN,
        description="Mã nước theo ISO 3166-1 (hai chữ in hoa, tùy chọn), ví dụ 'RU'; chỉ ghi "
        "kèm 'country'.",
    )

    @model_validator(mode="after")
    def _one_form(self) -> Locality:
        """Exactly one of the three forms; a conflicting key is named in the error."""
        vietnamese = [key for key in _VIETNAMESE_PLACE_KEYS if _given(getattr(self, key))]
        if self.unknown and self.country is not None:
            raise _locality_error("locality.unknown_and_country", "country")
        if self.unknown and vietnamese:
            raise _locality_error(
                "locality.unknown_with_place", vietnamese[0], keys=_key_list(vietnamese)
            )
        if self.country is not None:
            if vietnamese:
                raise _locality_error(
                    "locality.foreign_with_place",
                    vietnamese[0],
                    country=self.country,
                    keys=_key_list(vietnamese),
                )
            if is_viet_nam(self.country) or self.country_code == "VN":
                key = "country_code" if self.country_code == "VN" else "country"
                raise _locality_error("locality.country_vietnam", key)
        elif self.country_code is not None:
            raise _locality_error("locality.country_code_alone", "country_code")
        if not self.unknown and self.country is None and self.province is None:
            raise _locality_error("locality.missing", "")
        return self

    @property
    def form(self) -> LocalityForm:
        """The form of the record: "place" (a Vietnamese unit), "unknown" or "foreign"."""
        if self.unknown:
            return "unknown"
        return "foreign" if self.country is not None else "place"


# The keys that name or qualify a Vietnamese place (`unlisted` and `area` included: they only
# make sense for one).
_VIETNAMESE_PLACE_KEYS = (
    "province", "district", "commune", "code", "as_of", "unlisted", "area",
)  # fmt: skip


def _given(value: object) -> bool:
    return value not in (None, False, [])


def _key_list(keys: list[str]) -> str:
    return ", ".join(f"'{key}'" for key in keys)


def _locality_error(code: str, key: str, **params: str) -> PydanticCustomError:
    """A schema error of `locality` with our message code; `key` is where it points
    (generator.source.validate turns the error type "vinhdanh" into that problem)."""
    return PydanticCustomError(SCHEMA_ERROR, code, {"code": code, "key": key, **params})


class Revocation(_Strict):
    """The decision that annulled an award (hủy bỏ) or stripped a state honorary title (tước)."""

    number: Text = Field(description="Số quyết định hủy bỏ (hoặc quyết định tước danh hiệu).")
    date: dt.date = Field(description="Ngày ký quyết định hủy bỏ, tước danh hiệu.")
    issuer: Text | None = Field(None, description="Người, cơ quan ra quyết định.")
    ground: Slug | None = Field(
        None,
        description="Căn cứ theo Điều 93 Luật Thi đua, khen thưởng: gian-doi, ho-so-sai, "
        "xet-trai-quy-dinh, khong-dat-tieu-chuan (hủy bỏ); bi-ket-an (tước danh hiệu).",
    )
    reason: Text | None = Field(None, description="Ghi chú công khai thêm (tùy chọn).")


# --- English text (optional) ---------------------------------------------------------------------
# An editor may add the English of a document's free text in a block `en:` beside it, holding the
# same keys as the Vietnamese they translate (`en: {summary: …}` under `summary: …`): one key to
# look for, the original and its translation side by side, and the limits of the original.
# Names of people, collectives and places are never translated (they stay in Vietnamese).
_EN = "Tiếng Anh (tùy chọn) của "


class AwardEnglish(_Strict):
    """The English of an award's free text."""

    citation: LongText | None = Field(None, description=_EN + "'citation' (trích yếu thành tích).")


class ProfileEnglish(_Strict):
    """The English of a profile's free text: same keys, same limits as the Vietnamese."""

    position: Text | None = Field(None, description=_EN + "'position' (chức vụ, nghề nghiệp).")
    unit: Text | None = Field(None, description=_EN + "'unit' (cơ quan, đơn vị).")
    summary: LongText | None = Field(None, description=_EN + "'summary' (tóm tắt thành tích).")
    story: LongText | None = Field(None, description=_EN + "'story' (câu chuyện, Markdown).")


class PracticeEnglish(_Strict):
    """The English of a model's practice: the problem, the steps, the conditions."""

    problem: Text | None = Field(None, description=_EN + "'problem' (việc khó).")
    method: list[Text] = Field(
        default_factory=list, description=_EN + "'method': các bước, cùng thứ tự, cùng số dòng."
    )
    conditions: list[Text] = Field(
        default_factory=list, description=_EN + "'conditions': cùng thứ tự, cùng số dòng."
    )


class CampaignEnglish(_Strict):
    """The English of a campaign's title, short name, summary and page text."""

    title: Text | None = Field(None, description=_EN + "'title' (tên phong trào).")
    short_name: Text | None = Field(None, description=_EN + "'short_name' (tên ngắn).")
    summary: Text | None = Field(None, description=_EN + "'summary'.")
    story: LongText | None = Field(
        None, description="Tiếng Anh (tùy chọn) của nội dung trang (phần Markdown sau '---')."
    )


class DecisionEnglish(_Strict):
    """The English of a decision's subject (trích yếu)."""

    subject: Text | None = Field(None, description=_EN + "'subject' (trích yếu).")


class ClusterEnglish(_Strict):
    """The English of a cluster's summary."""

    summary: Text | None = Field(None, description=_EN + "'summary' (giới thiệu ngắn).")


class AwardRecord(_Strict):
    """One award or title given by one decision."""

    award: Slug = Field(description="Mã danh hiệu/hình thức khen thưởng trong danh mục.")
    award_class: AwardClass | None = Field(
        None, alias="class", description="Hạng: nhat, nhi, ba (khi danh hiệu có hạng)."
    )
    year: Year = Field(description="Năm được khen thưởng.")
    decision_number: Text | None = Field(None, description="Số quyết định, ví dụ '123/QĐ-CTN'.")
    decision_date: dt.date | None = Field(None, description="Ngày ký quyết định.")
    issuer: Text | None = Field(None, description="Người/cơ quan ký, ví dụ 'Chủ tịch nước'.")
    issuer_level: IssuerLevel | None = Field(None, description="Cấp quyết định khen thưởng.")
    posthumous: Flag = Field(False, description="Truy tặng.")
    citation: LongText | None = Field(None, description="Trích yếu thành tích.")
    campaign: Slug | None = Field(None, description="Mã phong trào thi đua (nếu có).")
    register_number: Text | None = Field(None, description="Số vào sổ vàng (nếu có).")
    en: AwardEnglish | None = Field(None, description="Tiếng Anh (tùy chọn): citation.")
    recorded_name: Text | None = Field(
        None,
        description="Tên danh hiệu đúng như quyết định ghi, khi danh mục cho phép tên địa "
        "phương (ví dụ 'Ấp văn hóa', 'Bản văn hóa' cho 'Thôn, tổ dân phố văn hóa').",
    )
    commendation_type: CommendationType | None = Field(
        None,
        description="Loại khen thưởng theo Điều 8 Luật Thi đua, khen thưởng: thuong-xuyen "
        "(thường xuyên), theo-dot (theo đợt, chuyên đề), dot-xuat (đột xuất), "
        "qua-trinh-cong-hien (quá trình cống hiến), nien-han (theo niên hạn), doi-ngoai "
        "(đối ngoại).",
    )
    status: AwardStatus = Field(
        "active",
        description="active; revoked (quyết định bị hủy bỏ, hiện vật và tiền thưởng bị thu hồi); "
        "stripped (bị tước danh hiệu vinh dự nhà nước); refused.",
    )
    revocation: Revocation | None = Field(
        None, description="Quyết định hủy bỏ khen thưởng hoặc tước danh hiệu."
    )


class PhotoEnglish(_Strict):
    """The English of a photo's alt text and caption (its credit and licence are names)."""

    alt: Text | None = Field(None, description=_EN + "'alt' (mô tả ảnh cho người khiếm thị).")
    caption: Text | None = Field(None, description=_EN + "'caption' (chú thích ảnh).")


class Photo(_Strict):
    """A photo file beside the profile, with what press and screen readers need."""

    file: Text = Field(description="Đường dẫn tệp ảnh, tính từ thư mục của tệp hồ sơ.")
    alt: Text = Field(description="Mô tả ảnh cho người khiếm thị (bắt buộc).")
    caption: Text | None = Field(None, description="Chú thích ảnh.")
    credit: Text = Field(description="Tác giả/nguồn ảnh.")
    licence: Text = Field(description="Giấy phép sử dụng ảnh, ví dụ 'CC BY 4.0'.")
    en: PhotoEnglish | None = Field(
        None,
        description="Tiếng Anh (tùy chọn) của alt, caption, cùng tên khóa; tên người, địa danh "
        "không dịch. Xem docs/huong-dan-bien-tap.md.",
    )


class Source(_Strict):
    """A published source about the achievement (press article, official page)."""

    title: Text = Field(description="Tiêu đề bài viết/văn bản.")
    url: WebAddress | None = Field(None, description="Địa chỉ http(s).")
    publisher: Text | None = Field(None, description="Cơ quan báo chí/đơn vị đăng.")
    date: dt.date | None = Field(None, description="Ngày đăng.")


class Consent(_Strict):
    """Consent flags per sensitive field; evidence itself stays outside the repository."""

    photo: Flag | None = Field(None, description="Đồng ý công bố ảnh chân dung.")
    birth_date: Flag | None = Field(None, description="Đồng ý công bố ngày/năm sinh.")
    ethnicity: Flag | None = Field(None, description="Đồng ý công bố dân tộc.")
    religion: Flag | None = Field(None, description="Đồng ý công bố tôn giáo.")
    health: Flag | None = Field(None, description="Đồng ý công bố tình trạng sức khỏe/thương binh.")
    address: Flag | None = Field(None, description="Đồng ý công bố địa chỉ nơi ở.")
    guardian: Flag | None = Field(
        None,
        description="Cha, mẹ hoặc người giám hộ đồng ý (bắt buộc với người dưới 16 tuổi; từ 7 "
        "tuổi cần cả sự đồng ý của trẻ: Luật Trẻ em 2016).",
    )
    reference: Text | None = Field(
        None, description="Số hồ sơ lưu bản đồng ý (lưu ngoài kho mã, không công khai)."
    )


class Proposal(_Strict):
    """A proposal published for public comment before the council decides."""

    award: Slug = Field(description="Mã danh hiệu đề nghị.")
    award_class: AwardClass | None = Field(None, alias="class", description="Hạng đề nghị.")
    proposed_by: Text | None = Field(None, description="Cơ quan đề nghị.")
    window_start: dt.date = Field(description="Ngày bắt đầu lấy ý kiến.")
    window_end: dt.date = Field(description="Ngày kết thúc lấy ý kiến.")
    comments_to: Text = Field(description="Nơi nhận ý kiến (địa chỉ, thư điện tử).")
    notice: Text | None = Field(None, description="Số/ tên thông báo lấy ý kiến.")
    council_date: dt.date | None = Field(
        None, description="Ngày họp Hội đồng thi đua, khen thưởng xét đề nghị (sau khi hết hạn)."
    )


class Withdrawal(_Strict):
    """Why and when a profile was withdrawn (kept for redirects and the audit trail)."""

    date: dt.date = Field(description="Ngày gỡ hồ sơ.")
    reason: Text = Field(description="Lý do (nội bộ).")
    tombstone: Flag = Field(
        True,
        description="true: địa chỉ cũ hiện trang 'hồ sơ đã gỡ'; false: không để lại trang nào "
        "(địa chỉ mang tên người trả về 404), khi người đó rút đồng ý.",
    )


# --- A model's structured facts (mô hình "Dân vận khéo" and others) ------------------------------
# What a commune official needs to copy a model (374-CV/HU items 3-5: "xây dựng và nhân rộng",
# and models that are not "chung chung, chưa rõ nét"): the problem, the steps, measured
# results with their year, who runs it, who recognised it, where it was copied, the conditions,
# and an organisation to ask. All optional: a model without them stays valid.

# Personal webmail: an address there belongs to a person, never to an organisation.
PERSONAL_MAIL_DOMAINS = frozenset(
    {"gmail.com", "yahoo.com", "yahoo.com.vn", "hotmail.com", "outlook.com", "live.com",
     "icloud.com", "ymail.com", "mail.ru", "zoho.com", "proton.me", "protonmail.com"}
)  # fmt: skip
_EMAIL = re.compile(r"^[^@\s<>\"']+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$", re.IGNORECASE)
# A Vietnamese mobile number (10 digits, 03/05/07/08/09 after the leading 0, or +84 then 9
# digits): in practice a person's own line.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
# An organisation's line: a fixed line (0 + 2xx area code, 11 digits) or a hotline (1800/1900).
_OFFICE_LINE = re.compile(r"^(?:02\d{9}|1[89]00\d{4,6})$")


def _model_error(code: str, key: str, **params: str) -> PydanticCustomError:
    """A schema error of a model's fields with our message code, pointing at `key`."""
    return PydanticCustomError(SCHEMA_ERROR, code, {"code": code, "key": key, **params})


def phone_digits(phone: str) -> str:
    """The digits of a phone number as dialled inside Viet Nam ("+84 24 3825 3536" ->
    "02438253536"); the separators people type (spaces, dots, dashes, brackets) dropped."""
    digits = re.sub(r"[\s.\-()]", "", phone)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits


_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# "1.200": a Vietnamese thousands grouping (1200) or an English decimal (1.2)? Refused.
_AMBIGUOUS_GROUPING = re.compile(r"^-?\d{1,3}\.\d{3}$")


def _measured(value: object) -> object:
    """A measured figure: a YAML number, or text with a decimal point or comma ("1,8"), which is
    how the loader hands over every number that is not a whole one."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _AMBIGUOUS_GROUPING.match(text):
        raise _model_error("model.number_grouping", "", value=text)
    if not _DECIMAL.match(text):
        raise _model_error("model.number_shape", "", value=text)
    return float(text.replace(",", "."))


Measure = Annotated[
    float,
    BeforeValidator(_measured),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^-?\d+(?:[.,]\d+)?$"},
            ]
        }
    ),
]


class ModelResult(_Strict):
    """One measured result of a model: a value, its unit and the year it was measured."""

    indicator: Text = Field(
        description="Chỉ tiêu đo được, ví dụ 'Hộ tiểu thương cam kết niêm yết giá'."
    )
    value: Measure = Field(
        description="Số đo được (kết quả), ví dụ 142 hoặc 98,5; không dùng dấu phân cách hàng "
        "nghìn (ghi 1200, không ghi 1.200)."
    )
    unit: Text = Field(description="Đơn vị tính, ví dụ 'hộ', '%', 'tấn rác/tháng'.")
    year: Year = Field(description="Năm đo kết quả.")
    baseline: Measure | None = Field(
        None, description="Số trước khi làm mô hình (tùy chọn), cùng đơn vị tính."
    )
    baseline_year: Year | None = Field(
        None, description="Năm của số trước khi làm (ghi kèm baseline)."
    )


class ModelRecognition(_Strict):
    """Who recognised the model (công nhận mô hình), when, and by which act."""

    by: Text = Field(
        description="Cơ quan công nhận, ví dụ 'Ban Thường vụ Thành ủy Cần Thơ', 'Ban Dân vận "
        "Tỉnh ủy', 'Ủy ban nhân dân tỉnh'."
    )
    year: Year = Field(description="Năm công nhận.")
    date: dt.date | None = Field(None, description="Ngày ký văn bản công nhận (tùy chọn).")
    decision_number: Text | None = Field(
        None,
        description="Số quyết định, văn bản công nhận. Trùng số quyết định của một khen thưởng "
        "trong 'awards' thì trang hồ sơ dẫn tới khen thưởng đó.",
    )
    decision: Slug | None = Field(
        None, description="Mã quyết định trong thư mục decisions/ (nếu có): trang dẫn tới đó."
    )
    url: WebAddress | None = Field(
        None, description="Địa chỉ http(s) của văn bản công bố (tùy chọn)."
    )


class ModelReplication(_Strict):
    """A place that copied the model (nhân rộng), and its profile on this site if there is one."""

    locality: Locality = Field(
        description="Nơi nhân rộng, ghi như địa phương của hồ sơ (tỉnh, xã, mã, as_of)."
    )
    year: Year | None = Field(None, description="Năm bắt đầu làm theo mô hình.")
    profile: Slug | None = Field(
        None,
        description="Slug của hồ sơ (mô hình, tập thể) ở nơi đó trên trang này, nếu có: trang "
        "dẫn tới hồ sơ ấy. Slug không có hoặc chưa công bố là lỗi.",
    )
    note: Text | None = Field(None, description="Ghi chú ngắn: làm theo thế nào, điều chỉnh gì.")


class ModelContact(_Strict):
    """An organisation to ask about the model: never a person's own phone or mailbox.

    The rule (Law 91/2025 on personal data): a phone number is published only when the editor
    states it is the organisation's switchboard or office line (`switchboard: true`), and a
    mobile number is refused even then, because in Viet Nam a mobile line is almost always one
    person's. Webmail addresses (gmail.com, yahoo.com, …) are a person's too.
    """

    organisation: Text = Field(
        description="Tên cơ quan, tổ chức trả lời (ví dụ 'Ban Dân vận Đảng ủy phường Cái Răng')."
    )
    address: Text | None = Field(
        None, description="Địa chỉ trụ sở của cơ quan (không ghi nhà riêng)."
    )
    phone: Text | None = Field(
        None,
        description="Số tổng đài, số máy bàn của cơ quan (02x…) hoặc đường dây nóng 1800/1900; "
        "phải ghi kèm 'switchboard: true'. Không ghi số di động, số riêng của cá nhân.",
    )
    switchboard: Flag = Field(
        False,
        description="true: người biên tập xác nhận 'phone' là số tổng đài, số máy bàn của cơ "
        "quan, đã được cơ quan công bố công khai.",
    )
    email: Text | None = Field(
        None,
        description="Thư điện tử của cơ quan (tên miền của cơ quan, ví dụ …@cantho.gov.vn); "
        "không ghi hộp thư cá nhân (gmail.com, yahoo.com…).",
    )
    url: WebAddress | None = Field(None, description="Trang thông tin của cơ quan (http/https).")

    @model_validator(mode="after")
    def _organisation_only(self) -> ModelContact:
        """Refuse what is a person's: a mobile, an unmarked phone, a webmail address."""
        if self.phone is not None:
            digits = phone_digits(self.phone)
            if _MOBILE.match(digits):
                raise _model_error("model.contact_phone_mobile", "phone", phone=self.phone)
            if not _OFFICE_LINE.match(digits):
                raise _model_error("model.contact_phone_shape", "phone", phone=self.phone)
            if not self.switchboard:
                raise _model_error("model.contact_phone_unmarked", "phone", phone=self.phone)
        if self.email is not None:
            found = _EMAIL.match(self.email)
            if found is None:
                raise _model_error("model.contact_email_shape", "email", email=self.email)
            if found.group(1).lower() in PERSONAL_MAIL_DOMAINS:
                raise _model_error(
                    "model.contact_email_personal", "email", domain=found.group(1).lower()
                )
        return self


class ModelPractice(_Strict):
    """How a model works and what it achieved: the block `model:` of a `kind: model` profile."""

    problem: Text | None = Field(
        None, description="Việc khó, việc mới mô hình giải quyết (một, hai câu)."
    )
    method: list[Text] = Field(
        default_factory=list, description="Cách làm: các bước, mỗi bước một dòng, theo thứ tự."
    )
    results: list[ModelResult] = Field(
        default_factory=list,
        description="Kết quả đo được: indicator, value, unit, year (và baseline, baseline_year "
        "nếu có số trước khi làm).",
    )
    run_by: Text | None = Field(
        None, description="Tổ chức thực hiện (chủ thể), ví dụ 'Ủy ban MTTQ phường Cái Răng'."
    )
    partners: list[Text] = Field(
        default_factory=list, description="Các tổ chức cùng tham gia (tùy chọn)."
    )
    started: Year | None = Field(None, description="Năm bắt đầu mô hình.")
    recognised: list[ModelRecognition] = Field(
        default_factory=list, description="Ai công nhận mô hình, năm nào, văn bản nào."
    )
    replicated_in: list[ModelReplication] = Field(
        default_factory=list, description="Những nơi đã nhân rộng mô hình."
    )
    conditions: list[Text] = Field(
        default_factory=list, description="Điều kiện để nhân rộng: mỗi điều kiện một dòng."
    )
    contact: ModelContact | None = Field(
        None, description="Đầu mối liên hệ của tổ chức (không phải số riêng của cá nhân)."
    )
    en: PracticeEnglish | None = Field(
        None, description="Tiếng Anh (tùy chọn): problem, method, conditions."
    )


class Profile(_Strict):
    """An exemplary individual, collective, model or household: one YAML file in profiles/."""

    slug: Slug = Field(description="Định danh cố định, trùng tên tệp; không đổi khi đổi tên.")
    former_slugs: list[Slug] = Field(
        default_factory=list, description="Các slug cũ, giữ để chuyển hướng địa chỉ cũ."
    )
    kind: ProfileKind = Field(
        description="individual (cá nhân), collective (tập thể), model, household (hộ gia đình)."
    )
    illustrative: Flag = Field(False, description="Dữ liệu minh họa (hư cấu), hiển thị rõ.")
    name: Name
    gender: Literal["male", "female"] | None = Field(None, description="Giới tính (cá nhân).")
    birth_date: dt.date | None = Field(None, description="Ngày sinh (cần consent.birth_date).")
    birth_year: Year | None = Field(None, description="Năm sinh (cần consent.birth_date).")
    death_year: Year | None = Field(None, description="Năm mất (với truy tặng).")
    ethnicity: Text | None = Field(None, description="Dân tộc (cần consent.ethnicity).")
    religion: Text | None = Field(None, description="Tôn giáo (cần consent.religion).")
    health: Text | None = Field(None, description="Sức khỏe, thương binh (cần consent.health).")
    address: Text | None = Field(None, description="Địa chỉ nơi ở (cần consent.address).")
    position: Text | None = Field(None, description="Chức vụ, nghề nghiệp.")
    unit: Text | None = Field(None, description="Cơ quan, đơn vị công tác.")
    sector: str | None = Field(
        None, description="Lĩnh vực.", json_schema_extra=cast("JsonDict", {"enum": sorted(SECTORS)})
    )
    target_groups: list[str] = Field(
        default_factory=list,
        description="Đối tượng (công nhân, nông dân, …).",
        json_schema_extra=cast("JsonDict", {"items": {"enum": sorted(TARGET_GROUPS)}}),
    )
    work_role: WorkRole | None = Field(
        None,
        description="frontline: trực tiếp sản xuất, lao động, chiến đấu; "
        "leadership: lãnh đạo, quản lý; other.",
    )
    scale: CollectiveScale | None = Field(
        None,
        description="Quy mô tập thể: small (tập thể nhỏ: tổ, đội, thôn, bản, ấp, tổ dân phố), "
        "large. Không ghi: tên bắt đầu bằng Tổ, Đội, Thôn, Bản, Ấp, Tổ dân phố… được tính là "
        "tập thể nhỏ, còn lại là chưa phân loại.",
    )
    locality: Locality
    awards: list[AwardRecord] = Field(default_factory=list)
    campaigns: list[Slug] = Field(default_factory=list, description="Các phong trào tham gia.")
    summary: LongText | None = Field(None, description="Tóm tắt thành tích (vài câu).")
    story: LongText | None = Field(None, description="Câu chuyện (Markdown).")
    sources: list[Source] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    consent: Consent = Field(default_factory=Consent)
    status: PublicationStatus = Field(
        "published",
        description="draft (bản nháp, không công bố), published, proposed, withdrawn.",
    )
    proposal: Proposal | None = None
    proposals: list[Proposal] = Field(
        default_factory=list,
        description="Đề nghị khen thưởng đang lấy ý kiến của người, tập thể đã được khen thưởng: "
        "mỗi đề nghị một mục; hồ sơ vẫn công bố, các quyết định đã có vẫn hiện.",
    )
    withdrawal: Withdrawal | None = None
    updated: dt.date | None = Field(None, description="Ngày cập nhật hồ sơ lần cuối.")
    model: ModelPractice | None = Field(
        None,
        description="Mô hình (kind: model): việc khó, cách làm, kết quả, nơi nhân rộng, điều "
        "kiện nhân rộng, đầu mối liên hệ. Xem docs/huong-dan-bien-tap.md.",
    )
    en: ProfileEnglish | None = Field(
        None,
        description="Tiếng Anh (tùy chọn) của position, unit, summary, story, cùng tên khóa; "
        "tên người, tập thể, địa danh không dịch. Xem docs/huong-dan-bien-tap.md.",
    )

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str | None) -> str | None:
        if value is not None and value not in SECTORS:
            raise ValueError(f"choice:{value}|" + ", ".join(sorted(SECTORS)))
        return value

    @field_validator("target_groups")
    @classmethod
    def _known_groups(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in TARGET_GROUPS:
                raise ValueError(f"choice:{item}|" + ", ".join(sorted(TARGET_GROUPS)))
        return value


class DecisionRecipient(_Strict):
    """One line of a decision's list, as the published decision writes it."""

    name: Text = Field(
        description="Tên như quyết định ghi: 'Nguyễn Văn An', 'Hộ ông Lò Văn A', 'Hợp tác xã …'."
    )
    kind: RecipientKind | None = Field(
        None, description="Loại, khi khác 'kind' của quyết định: individual, collective, household."
    )
    position: Text | None = Field(None, description="Chức vụ, nghề nghiệp như quyết định ghi.")
    unit: Text | None = Field(None, description="Cơ quan, đơn vị như quyết định ghi.")
    commune: Text | None = Field(
        None, description="Xã, phường như quyết định ghi (không ghi thôn, số nhà)."
    )


class Decision(_Strict):
    """A decision that honours many at once (a commune's Gia đình văn hóa list, a ministry's
    Lao động tiên tiến list): one YAML file in decisions/, no file per recipient."""

    slug: Slug = Field(
        description="Định danh cố định, trùng tên tệp; trang là /quyet-dinh/<slug>/."
    )
    illustrative: Flag = Field(False, description="Dữ liệu minh họa (hư cấu), hiển thị rõ.")
    decision_number: Text = Field(description="Số quyết định, ví dụ '45/QĐ-UBND'.")
    decision_date: dt.date = Field(description="Ngày ký quyết định.")
    issuer: Text = Field(description="Người ký, ví dụ 'Chủ tịch UBND xã Mường Phăng'.")
    issuer_level: IssuerLevel = Field(description="Cấp quyết định khen thưởng.")
    award: Slug = Field(description="Mã danh hiệu/hình thức khen thưởng trong danh mục.")
    award_class: AwardClass | None = Field(
        None, alias="class", description="Hạng: nhat, nhi, ba (khi danh hiệu có hạng)."
    )
    year: Year = Field(description="Năm được khen thưởng (năm của danh hiệu).")
    campaign: Slug | None = Field(None, description="Mã phong trào thi đua (nếu có).")
    subject: Text | None = Field(
        None,
        description="Trích yếu như quyết định ghi, ví dụ 'công nhận danh hiệu Gia đình văn hóa "
        "năm 2025'.",
    )
    kind: RecipientKind = Field(
        description="Loại người được khen trong danh sách: individual, collective, household."
    )
    locality: Locality = Field(
        description="Địa phương của cơ quan ra quyết định, như hồ sơ (hoặc unknown: true)."
    )
    count: int | None = Field(
        None,
        ge=1,
        le=10_000_000,
        description="Tổng số người, tập thể, hộ được khen theo quyết định; bắt buộc khi không "
        "ghi danh sách, hoặc khi danh sách chỉ công bố một phần.",
    )
    recipients: list[DecisionRecipient | Text] = Field(
        default_factory=list,
        description="Danh sách như quyết định công bố: mỗi dòng một tên, hoặc name, kind, "
        "position, unit, commune. Chỉ ghi những gì quyết định công khai ghi.",
    )
    sources: list[Source] = Field(default_factory=list)
    updated: dt.date | None = Field(None, description="Ngày cập nhật lần cuối.")
    en: DecisionEnglish | None = Field(None, description="Tiếng Anh (tùy chọn): subject.")


class MilestoneDecision(_Strict):
    """The decision that closed a sơ kết or tổng kết: who was commended, by whom."""

    number: Text = Field(description="Số quyết định, ví dụ '2156/QĐ-UBND'.")
    date: dt.date = Field(description="Ngày ký quyết định.")
    issuer: Text = Field(description="Người, cơ quan ký, ví dụ 'Chủ tịch UBND tỉnh Lạng Sơn'.")
    title: Text | None = Field(None, description="Trích yếu của quyết định (tùy chọn).")
    url: WebAddress | None = Field(None, description="Địa chỉ http(s) của văn bản (tùy chọn).")


class MilestoneFigure(_Strict):
    """One count a sơ kết or tổng kết reported: "tập thể được khen thưởng: 45"."""

    label: Text = Field(
        description="Điều được đếm, ví dụ 'Tập thể được khen thưởng', 'Mô hình được nhân rộng'."
    )
    value: int = Field(ge=0, le=100_000_000, description="Số lượng như báo cáo, quyết định ghi.")


class Milestone(_Strict):
    """A dated step of a campaign: launch, preliminary and final reviews, reports."""

    kind: MilestoneKind = Field(
        description="phat-dong (phát động), so-ket (sơ kết), tong-ket (tổng kết), "
        "bao-cao (hạn báo cáo), khac."
    )
    date: dt.date
    title: Text | None = None
    note: Text | None = None
    decision: MilestoneDecision | None = Field(
        None,
        description="Sơ kết, tổng kết: quyết định khen thưởng ban hành sau hội nghị (number, "
        "date, issuer; title, url tùy chọn).",
    )
    figures: list[MilestoneFigure] = Field(
        default_factory=list,
        description="Sơ kết, tổng kết: các con số được báo cáo, mỗi mục một label và value "
        "(ví dụ tập thể, cá nhân được khen thưởng, mô hình được công nhận). Không ghi: "
        "trang hiện “chưa ghi số liệu”.",
    )


class Campaign(_Strict):
    """An emulation campaign (phong trào thi đua): front matter of content/campaigns/*.md."""

    slug: Slug = Field(description="Định danh cố định, trùng tên tệp.")
    title: Text = Field(description="Tên phong trào.")
    short_name: Text | None = Field(None, description="Tên ngắn.")
    illustrative: Flag = Field(False, description="Dữ liệu minh họa.")
    launched_by: Text = Field(description="Cơ quan/người phát động.")
    legal_basis: list[Text] = Field(default_factory=list, description="Văn bản phát động.")
    level: CampaignLevel
    province: Text | None = Field(None, description="Tỉnh (với phong trào cấp tỉnh).")
    start: dt.date
    end: dt.date | None = None
    criteria: list[Text] = Field(default_factory=list, description="Tiêu chí thi đua.")
    milestones: list[Milestone] = Field(default_factory=list)
    cluster: Text | None = Field(None, description="Cụm, khối thi đua.")
    status: CampaignStatus = "active"
    summary: Text | None = None
    en: CampaignEnglish | None = Field(
        None, description="Tiếng Anh (tùy chọn): title, short_name, summary, story."
    )


# Emulation clusters and blocks (cụm, khối thi đua): units grouped by place or by trade that sign
# an emulation agreement (giao ước thi đua) each year and elect their leader; the flags (Cờ thi
# đua) go to the collectives leading them (Law 06/2022 Art. 25, 26).
ClusterKind = Literal["cum", "khoi"]
CLUSTER_KINDS: dict[str, tuple[str, str]] = {
    "cum": ("Cụm thi đua", "Emulation cluster"),
    "khoi": ("Khối thi đua", "Emulation block"),
}


class ClusterMember(_Strict):
    """A member unit: its collective profile, or its name and place when it has none."""

    profile: Slug | None = Field(
        None, description="Slug hồ sơ tập thể của đơn vị (khi đơn vị có hồ sơ trên trang)."
    )
    name: Text | None = Field(
        None, description="Tên đơn vị khi không có hồ sơ, ví dụ 'Ủy ban nhân dân huyện Cao Lộc'."
    )
    locality: Locality | None = Field(
        None, description="Địa phương của đơn vị không có hồ sơ (như ở hồ sơ)."
    )


class ClusterAgreement(_Strict):
    """The emulation agreement (giao ước thi đua) the members signed for one year."""

    date: dt.date = Field(description="Ngày ký giao ước.")
    title: Text = Field(description="Tên văn bản giao ước, ví dụ 'Giao ước thi đua năm 2019'.")
    signatories: list[Text] = Field(
        default_factory=list,
        description="Các thành viên ký (slug hồ sơ hoặc tên như ở members). Không ghi: tất cả "
        "thành viên.",
    )
    targets: list[Text] = Field(
        default_factory=list, description="Các chỉ tiêu, nội dung thi đua đã giao ước."
    )
    source: Source | None = Field(None, description="Văn bản giao ước hoặc bài viết về lễ ký.")


class ClusterFlag(_Strict):
    """A flag (Cờ thi đua) awarded to a member at the end of a year's emulation."""

    award: Slug = Field(
        description="Mã danh hiệu trong danh mục: co-thi-dua-chinh-phu, "
        "co-thi-dua-bo-ban-nganh-tinh."
    )
    member: Text = Field(description="Thành viên được tặng cờ (slug hồ sơ hoặc tên như ở members).")
    decision_number: Text | None = Field(None, description="Số quyết định tặng cờ.")
    decision_date: dt.date | None = Field(None, description="Ngày ký quyết định.")
    issuer: Text | None = Field(None, description="Người, cơ quan ký quyết định.")


class ClusterYear(_Strict):
    """One year of a cluster: who led it, the agreement signed and the flags awarded."""

    year: Year = Field(description="Năm thi đua.")
    leader: Text | None = Field(
        None, description="Cụm trưởng, khối trưởng: slug hồ sơ hoặc tên của một thành viên."
    )
    deputies: list[Text] = Field(
        default_factory=list, description="Cụm phó, khối phó: slug hồ sơ hoặc tên thành viên."
    )
    agreement: ClusterAgreement | None = Field(None, description="Giao ước thi đua của năm.")
    flags: list[ClusterFlag] | None = Field(
        None,
        description="Cờ thi đua tặng cuối năm. Không ghi: chưa ghi kết quả (trang hiện “chưa "
        "ghi”); 'flags: []': năm đó không có cờ nào.",
    )


class Cluster(_Strict):
    """An emulation cluster or block (cụm, khối thi đua): one YAML file in clusters/."""

    slug: Slug = Field(
        description="Định danh cố định, trùng tên tệp; trang là /cum-thi-dua/<slug>/."
    )
    kind: ClusterKind = Field(description="cum (cụm thi đua) hoặc khoi (khối thi đua).")
    name: Text = Field(description="Tên cụm, khối như văn bản thành lập ghi.")
    illustrative: Flag = Field(False, description="Dữ liệu minh họa (hư cấu), hiển thị rõ.")
    organiser: Text = Field(
        description="Cơ quan tổ chức, theo dõi cụm, khối, ví dụ 'Ban Thi đua – Khen thưởng tỉnh'."
    )
    level: CampaignLevel = Field(
        description="Cấp tổ chức: national, ministry, province, commune, organisation."
    )
    members: list[ClusterMember] = Field(min_length=1, description="Các đơn vị thành viên.")
    years: list[ClusterYear] = Field(default_factory=list, description="Từng năm thi đua.")
    summary: Text | None = Field(None, description="Giới thiệu ngắn.")
    sources: list[Source] = Field(default_factory=list)
    updated: dt.date | None = Field(None, description="Ngày cập nhật lần cuối.")
    en: ClusterEnglish | None = Field(None, description="Tiếng Anh (tùy chọn): summary.")
