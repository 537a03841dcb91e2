"""The documents of the static JSON API (``api/v1/``), described once: pydantic models.

Each model is a ``TypedDict`` that pydantic reads: `generator.opendata.publish` builds every API
document as one (mypy checks each key and value of the builders against its model) and
publishes it with `dump_json`; the JSON Schemas published under ``api/v1/schemas/`` are the
same models' JSON Schemas (`api_schemas`, through pydantic's ``TypeAdapter``), so a field cannot
be added to a document without appearing in its schema. Every model is closed
(``extra="forbid"``): a key no model declares fails mypy, and a document with one fails
``tests/test_apidocuments.py``, which validates every document of the golden project and of the
demo with its published schema (``jsonschema``) and with its model (pydantic).

Why TypedDicts rather than ``BaseModel`` instances: building and dumping the ~20 validated
objects of a profile's document cost ~60 µs a profile more than plain dicts (the 969 documents
of the 1,000-profile benchmark: 0.13 → 0.19 s of CPU; ``model_construct`` is slower still), and
open data must not get slower at 10,000 profiles. So the dicts are checked where it costs
nothing at build time: by mypy, and by the tests.

The published text is Vietnamese: a model's docstring is its published description and
``Field(description=...)`` a field's; English comments explain the code. Every field is
required, with ``null`` when unknown (consumers see the same keys in every document), except
in `ConsentedFacts`, which holds only what the person agreed to publish.

This module imports no stage (only the vocabularies of `generator.source.documents` and
`generator.reference.adminunits`), so the schemas can be read without building a site.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, TypeAdapter, WithJsonSchema, with_config
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import CoreSchema
from typing_extensions import TypedDict

from generator.reference.adminunits import Era
from generator.source.documents import (
    AwardClass,
    CampaignLevel,
    CampaignStatus,
    CommendationType,
    HouseholdForm,
    IssuerLevel,
    LocalityForm,
    MilestoneKind,
    ProfileKind,
    RecipientKind,
    WorkRole,
)

JSON = dict[str, Any]
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# A URL is published as a string with format "uri", never normalised (pydantic's URL types
# would add a trailing slash to a bare host and change the published bytes).
Uri = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
# An award shown on a profile: a refused one is never shown (model.entries.Entry.shown_awards).
ShownAwardStatus = Literal["active", "revoked", "stripped"]


# Every API object is closed: a key its model does not declare is an error.
_CLOSED = ConfigDict(extra="forbid")
_closed = with_config(_CLOSED)


def _document(title: str) -> Any:
    """A closed top-level document with its published title (Vietnamese)."""
    return with_config(ConfigDict(extra="forbid", title=title))


# Keys that are not Python names. "$schema": the absolute URL of the published schema that
# describes the document.
_Document = TypedDict("_Document", {"$schema": Uri})
_Class = TypedDict("_Class", {"class": AwardClass | None})
_From = TypedDict("_From", {"from": dt.date | None})


# --- shared parts ---------------------------------------------------------------------------------


@_closed
class Label(TypedDict):
    vi: str
    en: str


@_closed
class IdLabel(TypedDict):
    id: str
    vi: str
    en: str


@_closed
class Licence(TypedDict):
    id: str
    name: str
    url: Uri | None


@_closed
class SiteLink(TypedDict):
    name: str
    url: Uri


@_closed
class Meta(TypedDict):
    content_licence: Licence | None
    generated: Annotated[dt.date, Field(description="Ngày dựng (build date), không phải giờ máy.")]
    illustrative: Annotated[bool, Field(description="Toàn bộ dữ liệu là minh họa (hư cấu).")]
    licence: Annotated[Licence, Field(description="Giấy phép dữ liệu (data licence).")]
    publisher: str
    site: SiteLink


@_closed
class ListMeta(Meta):
    count: int


@_closed
class Unit(TypedDict):
    code: Annotated[str, Field(description="Mã GSO, duy nhất trong một danh mục (era).")]
    era: Era
    full_name: str
    level: Annotated[
        Literal[1, 2, 3], Field(description="1 tỉnh, 2 huyện (chỉ trước 2025-07), 3 xã.")
    ]
    name: str
    type: str


@_closed
class Source(TypedDict):
    date: dt.date | None
    publisher: str | None
    title: str
    url: Uri | None


_LOCALITY_FORM = (
    "place: đơn vị hành chính Việt Nam; unknown: chưa rõ địa phương (nguồn không ghi nơi nào: "
    "không tỉnh, không xã); foreign: người, tập thể nước ngoài (xem country)."
)


@_closed
class Country(TypedDict):
    """Người, tập thể nước ngoài (form: foreign); null với địa phương Việt Nam."""

    code: Annotated[
        Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None,
        Field(description="Mã nước ISO 3166-1 alpha-2, nếu có."),
    ]
    name: Annotated[str, Field(description="Tên nước như ghi nhận.")]


@_closed
class CurrentLocality(TypedDict):
    province: Unit | None
    text: str | None
    units: list[Unit]


@_closed
class RecordedLocality(TypedDict):
    as_of: dt.date | None
    code: str | None
    commune: str | None
    district: str | None
    era: Era | None
    province: str | None
    text: str
    units: list[Unit]


@_closed
class Locality(TypedDict):
    changed: bool
    country: Country | None
    current: CurrentLocality
    form: Annotated[LocalityForm, Field(description=_LOCALITY_FORM)]
    recorded: RecordedLocality


# --- profiles -------------------------------------------------------------------------------------


@_closed
class RevocationGround(TypedDict):
    id: Slug
    law: str
    text: Label


@_closed
class Revocation(TypedDict):
    date: dt.date
    ground: RevocationGround | None
    issuer: str | None
    number: str
    reason: str | None


# --- English text written by the site's editors (never machine-translated) ------------------------
# Each document carries `en`: the English of its free text where an editor wrote it, each key
# null where not, and `en` itself null when the document has none at all. Names of people,
# collectives and places are not translated.

_EN_NOTE = " Do biên tập viên viết, không dịch máy; null: chưa có bản tiếng Anh."


@_closed
class AwardEnglish(TypedDict):
    """Tiếng Anh của khen thưởng (English text of the award record)."""

    citation: Annotated[
        str | None,
        Field(description="Trích yếu thành tích bằng tiếng Anh (văn bản thuần)." + _EN_NOTE),
    ]


@_closed
class ProfileEnglish(TypedDict):
    """Tiếng Anh của hồ sơ: chức vụ, đơn vị, tóm tắt, câu chuyện, bộ tài liệu báo chí (English)."""

    position: Annotated[
        str | None, Field(description="Chức vụ, nghề nghiệp (position)." + _EN_NOTE)
    ]
    story_html: Annotated[
        str | None,
        Field(description="Câu chuyện (story): HTML đã lọc như story_html." + _EN_NOTE),
    ]
    press_kit: Annotated[
        Uri | None,
        Field(
            description="Bộ tài liệu báo chí tiếng Anh (ZIP, English press kit) khi trang có bản "
            "tiếng Anh (english_edition); null nếu không có."
        ),
    ]
    summary: Annotated[str | None, Field(description="Tóm tắt thành tích (summary)." + _EN_NOTE)]
    unit: Annotated[str | None, Field(description="Cơ quan, đơn vị (unit)." + _EN_NOTE)]


@_closed
class PracticeEnglish(TypedDict):
    """Tiếng Anh của mô hình: việc khó, các bước, điều kiện (English text of the practice)."""

    conditions: Annotated[
        list[str], Field(description="Điều kiện để nhân rộng, cùng thứ tự; [] nếu chưa có.")
    ]
    method: Annotated[list[str], Field(description="Cách làm, từng bước; [] nếu chưa có.")]
    problem: Annotated[str | None, Field(description="Việc khó mô hình giải quyết." + _EN_NOTE)]


@_closed
class CampaignEnglish(TypedDict):
    """Tiếng Anh của phong trào: tên, tên ngắn, tóm tắt, nội dung (English text of the campaign)."""

    body_html: Annotated[
        str | None, Field(description="Nội dung trang: HTML đã lọc như body_html." + _EN_NOTE)
    ]
    short_name: Annotated[str | None, Field(description="Tên ngắn (short name)." + _EN_NOTE)]
    summary: Annotated[str | None, Field(description="Tóm tắt (summary)." + _EN_NOTE)]
    title: Annotated[str | None, Field(description="Tên phong trào (title)." + _EN_NOTE)]


@_closed
class DecisionEnglish(TypedDict):
    """Tiếng Anh của quyết định: trích yếu (English subject of the decision)."""

    subject: Annotated[str | None, Field(description="Trích yếu (subject)." + _EN_NOTE)]


@_closed
class ProfileAward(_Class):
    award: Annotated[Slug, Field(description="Mã trong danh mục (awards.json).")]
    campaign: Slug | None
    citation: Annotated[str | None, Field(description="Trích yếu thành tích (văn bản thuần).")]
    class_name: Label | None
    commendation_type: Annotated[
        CommendationType | None,
        Field(description="Loại khen thưởng theo Điều 8 Luật Thi đua, khen thưởng."),
    ]
    commendation_type_name: Label | None
    decision_date: dt.date | None
    decision_number: str | None
    en: Annotated[AwardEnglish | None, Field(description="Tiếng Anh (English); null nếu không có.")]
    form: str
    issuer: str | None
    issuer_level: IssuerLevel | None
    issuer_level_name: Label | None
    kind: str
    level: str
    name: Annotated[Label, Field(description="Tên hiển thị kèm hạng, theo ngày quyết định.")]
    posthumous: bool
    precedence: float
    register_number: str | None
    revocation: Revocation | None
    status: ShownAwardStatus
    year: int


@with_config(ConfigDict(extra="forbid"))
class ConsentedFacts(TypedDict, total=False):
    """Chỉ các trường nhạy cảm được người trong hồ sơ đồng ý công bố."""

    address: str
    birth_date: dt.date
    birth_year: int
    ethnicity: str
    health: str
    religion: str


@_closed
class CampaignRef(TypedDict):
    slug: Slug
    title: str
    url: Uri


@_closed
class ProfileLinks(TypedDict):
    html: Uri
    press_kit: Uri | None
    self: Uri


@_closed
class Name(TypedDict):
    display: str
    family: str | None
    form: Annotated[
        HouseholdForm | None,
        Field(
            description="Hộ gia đình: cách gọi theo chủ hộ (ho-ong: 'Hộ ông …', gia-dinh-ba: "
            "'Gia đình bà …'); null với cá nhân, tập thể."
        ),
    ]
    full: str | None
    given: str | None
    middle: str | None
    short: str | None


@_closed
class PhotoVariant(TypedDict):
    height: int
    mime: str
    url: Uri
    width: int


@_closed
class PhotoEnglish(TypedDict):
    """Tiếng Anh của ảnh: mô tả, chú thích (English alt text and caption of the photo)."""

    alt: Annotated[str | None, Field(description="Mô tả ảnh cho người khiếm thị (alt)." + _EN_NOTE)]
    caption: Annotated[str | None, Field(description="Chú thích ảnh (caption)." + _EN_NOTE)]


@_closed
class Photo(TypedDict):
    """Ảnh đã được người trong hồ sơ đồng ý công bố."""

    alt: Annotated[str, Field(description="Mô tả ảnh cho người khiếm thị.")]
    caption: str | None
    credit: Annotated[str, Field(description="Tác giả, nguồn ảnh: ghi kèm mỗi lần dùng.")]
    en: Annotated[
        PhotoEnglish | None,
        Field(description="Tiếng Anh của mô tả và chú thích (English); null nếu không có."),
    ]
    height: int
    licence: Annotated[str, Field(description="Giấy phép sử dụng ảnh.")]
    mime: Annotated[str, Field(description="Kiểu của `url` (image/jpeg).")]
    url: Annotated[
        Uri, Field(description="Bản lớn nhất đọc được ở mọi nơi (JPEG), đã bỏ siêu dữ liệu.")
    ]
    variants: Annotated[
        list[PhotoVariant],
        Field(description="Mọi bản đã công bố (WebP, JPEG; nhiều độ rộng, không phóng to)."),
    ]
    width: int


@_closed
class PracticeResult(TypedDict):
    """Một kết quả đo được của mô hình."""

    baseline: Annotated[
        float | None, Field(description="Số trước khi làm mô hình (cùng đơn vị), nếu có.")
    ]
    baseline_year: int | None
    indicator: Annotated[str, Field(description="Chỉ tiêu.")]
    unit: Annotated[str, Field(description="Đơn vị tính ('hộ', '%', 'tấn/tháng').")]
    value: float
    year: Annotated[int, Field(description="Năm đo kết quả.")]


@_closed
class PracticeRecognition(TypedDict):
    """Ai công nhận mô hình, năm nào, văn bản nào."""

    by: str
    date: dt.date | None
    decision_number: str | None
    decision_url: Annotated[
        Uri | None, Field(description="Trang của quyết định trên trang này (decisions/), nếu có.")
    ]
    url: Annotated[Uri | None, Field(description="Văn bản công bố ở nơi khác, nếu có.")]
    year: int


@_closed
class PracticeReplication(TypedDict):
    """Một nơi đã nhân rộng mô hình."""

    locality: Locality
    note: str | None
    profile: Annotated[
        Slug | None, Field(description="Hồ sơ ở nơi nhân rộng trên trang này, nếu có.")
    ]
    profile_url: Annotated[Uri | None, Field(description="Tài liệu API của hồ sơ đó.")]
    year: Annotated[int | None, Field(description="Năm bắt đầu làm theo.")]


@_closed
class PracticeContact(TypedDict):
    """Đầu mối của một tổ chức (không bao giờ là số, hộp thư riêng của cá nhân)."""

    address: str | None
    email: str | None
    organisation: str
    phone: Annotated[str | None, Field(description="Số tổng đài, máy bàn của cơ quan.")]
    url: Uri | None


@_closed
class Practice(TypedDict):
    """Mô hình: việc khó, cách làm, kết quả, công nhận, nơi nhân rộng, điều kiện, liên hệ."""

    conditions: Annotated[list[str], Field(description="Điều kiện để nhân rộng.")]
    contact: PracticeContact | None
    en: Annotated[
        PracticeEnglish | None, Field(description="Tiếng Anh (English); null nếu không có.")
    ]
    method: Annotated[list[str], Field(description="Cách làm, từng bước theo thứ tự.")]
    partners: list[str]
    problem: Annotated[str | None, Field(description="Việc khó, việc mới mô hình giải quyết.")]
    recognised: list[PracticeRecognition]
    replicated_count: Annotated[int, Field(description="Số nơi đã nhân rộng.")]
    replicated_in: list[PracticeReplication]
    results: list[PracticeResult]
    run_by: Annotated[str | None, Field(description="Tổ chức thực hiện.")]
    started: int | None


@_document("Hồ sơ vinh danh")
class ProfileDocument(_Document):
    """Một hồ sơ đã công bố (cá nhân, tập thể, mô hình hoặc hộ gia đình)."""

    awards: list[ProfileAward]
    campaigns: list[CampaignRef]
    consented_facts: ConsentedFacts
    death_year: int | None
    en: Annotated[
        ProfileEnglish | None,
        Field(
            description="Tiếng Anh của hồ sơ (English); null nếu hồ sơ không có bản nào (không "
            "có chữ tiếng Anh và không có bộ tài liệu báo chí tiếng Anh)."
        ),
    ]
    former_slugs: list[Slug]
    how_to_cite: str
    id: Slug
    illustrative: bool
    kind: ProfileKind
    kind_name: str
    links: ProfileLinks
    locality: Locality
    meta: Meta
    model: Annotated[
        Practice | None,
        Field(description="Mô hình có ghi cách làm, kết quả, nơi nhân rộng; null nếu không."),
    ]
    name: Name
    permalink: Uri
    photos: list[Photo]
    position: str | None
    sector: IdLabel | None
    slug: Slug
    sources: list[Source]
    story_html: Annotated[
        str | None,
        Field(description="Câu chuyện: HTML đã lọc theo danh sách thẻ an toàn của trang."),
    ]
    summary: str | None
    target_groups: list[IdLabel]
    top_award: Slug | None
    unit: str | None
    updated: dt.date | None
    work_role: WorkRole | None


@_closed
class ProvinceRef(TypedDict):
    code: str
    name: str


@_closed
class TopAward(TypedDict):
    award: Slug
    name: str
    year: int


@_closed
class ProfileSummary(TypedDict):
    id: Slug
    kind: ProfileKind
    locality_form: Annotated[LocalityForm, Field(description=_LOCALITY_FORM)]
    name: str
    permalink: Uri
    province: ProvinceRef | None
    top_award: TopAward | None
    updated: dt.date | None
    url: Uri


@_closed
class PageMeta(ListMeta):
    page: Annotated[int, Field(ge=1)]
    pages: Annotated[int, Field(ge=1)]
    per_page: int


@_closed
class PageLinks(TypedDict):
    first: Uri
    last: Uri
    next: Uri | None
    prev: Uri | None
    self: Uri


@_document("Danh sách hồ sơ (phân trang)")
class ProfileListDocument(_Document):
    """Một trang của danh sách hồ sơ đã công bố, xếp theo mã hồ sơ."""

    links: PageLinks
    meta: PageMeta
    profiles: list[ProfileSummary]


# --- campaigns ------------------------------------------------------------------------------------


@_closed
class CampaignSummary(TypedDict):
    end: dt.date | None
    exemplar_count: int
    feed: Uri
    id: Slug
    level: CampaignLevel
    permalink: Uri
    short_name: str | None
    start: dt.date
    status: CampaignStatus
    title: str
    url: Uri


@_closed
class MilestoneDecision(TypedDict):
    date: dt.date
    issuer: str
    number: str
    title: str | None
    url: Uri | None


@_closed
class MilestoneFigure(TypedDict):
    label: str
    value: int


@_closed
class Milestone(TypedDict):
    date: dt.date
    decision: MilestoneDecision | None
    figures: list[MilestoneFigure]
    kind: MilestoneKind
    note: str | None
    title: str | None


@_document("Phong trào thi đua")
class CampaignDocument(_Document, CampaignSummary):
    """Một phong trào thi đua với các gương điển hình đã công bố."""

    body_html: str | None
    cluster: str | None
    criteria: list[str]
    en: Annotated[
        CampaignEnglish | None,
        Field(description="Tiếng Anh của phong trào (English); null nếu không có bản nào."),
    ]
    exemplars: list[Slug]
    illustrative: bool
    launched_by: str
    legal_basis: list[str]
    meta: Meta
    milestones: list[Milestone]
    province: str | None
    slug: Slug
    summary: str | None


@_document("Danh sách phong trào thi đua")
class CampaignListDocument(_Document):
    """Mọi phong trào thi đua của trang."""

    campaigns: list[CampaignSummary]
    meta: ListMeta


# --- decisions ------------------------------------------------------------------------------------


@_closed
class DecisionAward(_Class):
    id: Slug
    name: str


@_closed
class DecisionSummary(TypedDict):
    award: DecisionAward
    campaign: Slug | None
    count: Annotated[
        int,
        Field(
            description="Số được khen theo quyết định (kể cả khi danh sách chỉ công bố một phần)."
        ),
    ]
    decision_date: dt.date
    decision_number: str
    id: Slug
    illustrative: bool
    kind: RecipientKind
    permalink: Uri
    subject: str
    title: str
    year: int


@_closed
class Recipient(TypedDict):
    commune: str | None
    kind: RecipientKind
    name: Annotated[str, Field(description="Tên đúng như quyết định công bố.")]
    position: str | None
    unit: str | None


@_closed
class DecisionLinks(TypedDict):
    html: Uri
    self: Uri


@_document("Quyết định khen thưởng theo danh sách")
class DecisionDocument(_Document, DecisionSummary):
    """Một quyết định khen thưởng nhiều người, tập thể, hộ gia đình, với danh sách kèm theo như
    quyết định công bố."""

    en: Annotated[
        DecisionEnglish | None,
        Field(description="Tiếng Anh của quyết định (English); null nếu không có."),
    ]
    issuer: str
    issuer_level: IssuerLevel
    links: DecisionLinks
    listed: Annotated[int, Field(description="Số dòng của danh sách công bố ở đây.")]
    locality: Locality
    meta: Meta
    recipients: list[Recipient]
    sources: list[Source]


@_document("Danh sách quyết định khen thưởng theo danh sách")
class DecisionListDocument(_Document):
    """Mọi quyết định khen thưởng theo danh sách của trang, mới nhất trước."""

    decisions: list[DecisionSummary]
    meta: ListMeta


# --- the award taxonomy ---------------------------------------------------------------------------


@_closed
class AwardName(_From):
    vi: str


@_closed
class TaxonomyAward(TypedDict):
    classes: list[IdLabel]
    conferred_by: list[str]
    count: Annotated[int, Field(description="Số lượt còn hiệu lực trên bảng vàng.")]
    en: str
    form: str
    id: Slug
    kind: str
    level: str
    local: Annotated[bool, Field(description="Danh hiệu riêng của địa phương (site_config).")]
    names: list[AwardName]
    precedence: float
    recipients: list[str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    verified: bool
    vi: str


@_document("Danh mục danh hiệu, hình thức khen thưởng")
class AwardsDocument(_Document):
    """Danh mục theo Luật Thi đua, khen thưởng và các chế độ trước, kèm danh hiệu địa phương;
    xếp theo thứ bậc (cao trước)."""

    awards: list[TaxonomyAward]
    classes: list[IdLabel]
    forms: list[IdLabel]
    issuer_levels: list[IdLabel]
    levels: list[IdLabel]
    meta: Meta


# --- localities -----------------------------------------------------------------------------------


@_closed
class Province(Unit):
    count: int
    roll: Uri | None
    slug: Slug


@_closed
class ReferencedUnit(Unit):
    count: int
    current: list[Unit]
    current_province: Unit
    parent_code: str | None
    partial: bool


@_closed
class CountryCount(TypedDict):
    code: str | None
    count: int
    name: str


@_closed
class Foreign(TypedDict):
    """Hồ sơ người, tập thể nước ngoài, theo nước; không thuộc tỉnh, thành phố nào."""

    count: int
    countries: list[CountryCount]
    roll: Uri | None


@_closed
class Unknown(TypedDict):
    """Hồ sơ chưa rõ địa phương (nguồn không ghi nơi nào); không thuộc tỉnh nào."""

    count: int
    roll: Uri | None


@_document("Địa phương")
class LocalitiesDocument(_Document):
    """34 tỉnh, thành phố hiện nay với số hồ sơ, và các đơn vị hành chính mà hồ sơ ghi nhận
    (theo danh mục tại thời điểm đó) cùng đơn vị hiện nay; riêng hồ sơ chưa rõ địa phương và
    người, tập thể nước ngoài."""

    foreign: Foreign
    meta: Meta
    provinces: list[Province]
    unknown: Unknown
    units: list[ReferencedUnit]


# --- the entry point ------------------------------------------------------------------------------


@_closed
class Downloads(TypedDict):
    en: Uri
    vi: Uri


# "{slug}" stands for a profile's, campaign's or decision's id: a template, not a URL.
@_closed
class Endpoints(TypedDict):
    awards: Uri
    campaign: str
    campaigns: Uri
    decision: str
    decisions: Uri
    localities: Uri
    profile: str
    profiles: Uri


@_closed
class Feeds(TypedDict):
    campaign: str
    site: Uri


@_closed
class IndexMeta(Meta):
    profile_pages: int
    version: str


@_document("API vinhdanh v1")
class IndexDocument(_Document):
    """Điểm vào của API: mọi địa chỉ dữ liệu; '{slug}' thay bằng mã hồ sơ/phong trào."""

    csv: Downloads
    documentation: Uri
    endpoints: Endpoints
    feeds: Feeds
    meta: IndexMeta
    press_kit: str
    schemas: dict[str, Uri]
    sitemap: Uri


# --- the published schemas ------------------------------------------------------------------------

# Every API document by the name of its schema file (api/v1/schemas/<name>.json).
DOCUMENTS: dict[str, type[Mapping[str, Any]]] = {
    "awards": AwardsDocument,
    "campaign": CampaignDocument,
    "campaign-list": CampaignListDocument,
    "decision": DecisionDocument,
    "decision-list": DecisionListDocument,
    "index": IndexDocument,
    "localities": LocalitiesDocument,
    "profile": ProfileDocument,
    "profile-list": ProfileListDocument,
}


class _PublishedSchema(GenerateJsonSchema):
    """Draft 2020-12 as pydantic writes it, without a title on every property: a property is
    named by its key, a title there would only repeat it."""

    def field_title_should_be_set(self, schema: CoreSchema) -> bool:
        """Never: see the class."""
        return False


@functools.cache
def adapter(name: str) -> TypeAdapter[Any]:
    """Pydantic's reader of the documents `name`: their JSON Schema, and their validation."""
    return TypeAdapter(DOCUMENTS[name])


def api_schema(name: str) -> JSON:
    """The JSON Schema of the documents `name` (without `$id`: it depends on the site URL)."""
    schema = adapter(name).json_schema(by_alias=True, schema_generator=_PublishedSchema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def api_schemas() -> dict[str, JSON]:
    """Every published JSON Schema by name (without `$id`, which depends on the site URL)."""
    return {name: api_schema(name) for name in DOCUMENTS}


def _iso(value: object) -> str:
    # json's C encoder calls this for what it cannot write itself: only the models' dates.
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON type of the API")


def dump_json(document: Mapping[str, Any], *, pretty: bool = False) -> bytes:
    """JSON as published: UTF-8, keys sorted, compact (schemas: indented), dates as ISO
    strings, final newline."""
    # Compact output uses json's C encoder; with `indent` it falls back to pure Python, which
    # at 10,000 profiles costs seconds.
    if pretty:
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2, default=_iso)
    else:
        text = json.dumps(
            document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso
        )
    return (text + "\n").encode("utf-8")
