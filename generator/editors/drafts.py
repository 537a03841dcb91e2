"""New source files drafted: the profile and campaign files `vinhdanh new` and `import` write.

A new profile gets a slug that no profile uses or used (former slugs redirect), a path under
today's province (`profiles/<province>/<slug>.yml`), official unit names and code, an award id
from the taxonomy, and Vietnamese comments explaining every field. It starts with a
`yaml-language-server` line so editors get completion from `schemas/profile.schema.json`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.editors.localities import AnyPlace
from generator.editors.yamlwriter import Path_, dump_yaml
from generator.model.entries import Site, split_household_name
from generator.model.sourcefiles import CAMPAIGNS_DIR, PROFILES_DIR
from generator.reference.awardnames import AwardMatch
from generator.source.documents import ProfileKind
from generator.source.names import iter_source_files
from generator.vntext import slugify, split_full_name

SCHEMA_DIR = "schemas"
MAX_SLUG = 100
ISSUERS_BY_SUFFIX: dict[str, tuple[str, str]] = {
    # Decision-number suffix (folded) -> (issuer, issuer level): the two that name one signer.
    "ctn": ("Chủ tịch nước", "state"),
    "ttg": ("Thủ tướng Chính phủ", "government"),
}

PROFILE_COMMENTS: dict[Path_, str] = {
    ("slug",): "Định danh cố định, trùng tên tệp; địa chỉ trang là /ho-so/<slug>/.\n"
    "Không sửa khi đổi tên: nếu buộc phải đổi, ghi slug cũ vào former_slugs.",
    ("kind",): "Loại: individual (cá nhân), collective (tập thể), model (mô hình),\n"
    "household (hộ gia đình).",
    ("name",): "Cá nhân: họ (family), tên đệm (middle), tên (given, có thể hai chữ).\n"
    'Tập thể, mô hình: full: "Hợp tác xã …" (ghi cả loại hình).\n'
    "Hộ gia đình: form (ho-ong: Hộ ông …, ho-ba, gia-dinh-ong, gia-dinh-ba, …) và tên chủ hộ.",
    ("position",): "Chức vụ, nghề nghiệp.",
    ("unit",): "Cơ quan, đơn vị công tác.",
    ("locality",): "Địa phương như ghi trong quyết định, tại thời điểm đó (tên chính thức và mã\n"
    "đơn vị hành chính). Trước 2025-07-01 có cấp huyện (district); từ ngày đó chỉ còn tỉnh\n"
    "và xã. as_of: ngày địa danh được ghi, quyết định dùng danh mục nào. Nguồn không ghi nơi\n"
    "nào: chỉ ghi unknown: true; người nước ngoài: country (tên nước), không ghi tỉnh.",
    ("awards",): "Khen thưởng: mỗi quyết định một mục. award: mã trong danh mục (trình soạn thảo\n"
    "gợi ý); class: nhat, nhi, ba với hình thức có hạng; year: năm khen thưởng.\n"
    "Quyết định bị hủy bỏ: status: revoked; danh hiệu vinh dự nhà nước bị tước: status:\n"
    "stripped; cả hai kèm revocation: {number, date, ground}. Truy tặng: posthumous: true.",
    ("consent",): "Tóm tắt (summary) và câu chuyện (story, Markdown) nếu có, ví dụ:\n"
    'summary: "Hai mươi năm gắn bó với trạm y tế xã biên giới …"\n'
    "\n"
    "Đồng ý công bố thông tin nhạy cảm: chỉ ghi true khi đã có văn bản đồng ý của người\n"
    "được vinh danh (lưu ngoài kho mã, ghi số hồ sơ ở reference). Không có cờ thì không\n"
    "công bố ảnh, ngày sinh, dân tộc, tôn giáo, sức khỏe, địa chỉ.",
    ("status",): "draft: bản nháp, chưa công bố ở đâu; published: công bố (cần ít nhất một\n"
    "khen thưởng); proposed: đang lấy ý kiến (cần mục proposal); withdrawn: đã gỡ (cần mục\n"
    "withdrawal: date, reason).",
}

CAMPAIGN_COMMENTS: dict[Path_, str] = {
    ("slug",): "Định danh cố định, trùng tên tệp; địa chỉ trang là /phong-trao/<slug>/.",
    ("title",): "Tên đầy đủ của phong trào; short_name: tên ngắn dùng trong danh sách.",
    ("launched_by",): "Cơ quan hoặc người phát động.",
    ("legal_basis",): 'Văn bản phát động, mỗi văn bản một dòng: - "Quyết định số …/QĐ-TTg …"',
    ("level",): "Cấp: national, ministry, province, commune, organisation.",
    ("start",): "Thời gian: start (bắt đầu), end (kết thúc, bỏ trống nếu chưa định).",
    ("criteria",): 'Tiêu chí thi đua, mỗi tiêu chí một dòng: - "…"',
    ("milestones",): "Các mốc: phat-dong (phát động), so-ket (sơ kết), tong-ket (tổng kết),\n"
    "bao-cao (hạn báo cáo), khac; mỗi mốc có date, có thể có title, note.",
    ("status",): "planned (sắp triển khai), active (đang triển khai), completed (đã tổng kết).",
}


def schema_modeline(root: Path, file: Path, kind: str = "profile") -> str:
    """The `yaml-language-server` line pointing from `file` to the project's schema."""
    schema = root / SCHEMA_DIR / f"{kind}.schema.json"
    relative = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"yaml-language-server: $schema={relative}"


def taken_slugs(root: Path, site: Site | None) -> set[str]:
    """Slugs no new profile may take: every file name, stored slug and former slug."""
    taken = {p.stem for p in iter_source_files(root / PROFILES_DIR, (".yml", ".yaml"))}
    if site is not None:
        for entry in site.entries:
            taken.add(entry.slug)
            taken.update(entry.profile.former_slugs)
    return taken


def _trim(slug: str, limit: int = MAX_SLUG) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def propose_slug(name: str, place: AnyPlace | None, taken: Iterable[str]) -> str:
    """slugify(name); if taken, add the commune's then the district's slug; then a counter."""
    used = set(taken)
    base = _trim(slugify(name)) or "ho-so"
    candidates = [base]
    if place is not None:
        for unit in reversed(place.units[1:]):  # commune first, then district
            candidates.append(_trim(f"{base}-{slugify(unit.name)}"))
    for candidate in candidates:
        if candidate not in used:
            return candidate
    stem = candidates[-1]
    counter = 2
    while f"{stem}-{counter}" in used:
        counter += 1
    return f"{stem}-{counter}"


def profile_relpath(place: AnyPlace, slug: str) -> str:
    """Where a new profile goes: under today's province (a place unknown, or abroad: in a
    folder of its own beside the provinces)."""
    return f"{PROFILES_DIR}/{place.folder}/{slug}.yml"


def name_fields(kind: str, full_name: str) -> dict[str, object]:
    """The `name:` mapping: parts for a person, form and the head's parts for a household
    ("Hộ …" when the text names no form), `full` for a collective or model."""
    fields: dict[str, object] = {}
    if kind == "household":
        form, full_name = split_household_name(full_name) or ("ho", full_name)
        fields["form"] = form
    elif kind != "individual":
        return {"full": full_name}
    family, middle, given = split_full_name(full_name)
    fields["family"] = family
    if middle:
        fields["middle"] = middle
    fields["given"] = given
    return fields


def issuer_from_number(number: str | None) -> tuple[str, str] | None:
    """(issuer, level) when the decision number names the signer: "…/QĐ-CTN", "…/QĐ-TTg"."""
    if not number:
        return None
    suffix = slugify(number.rsplit("/", 1)[-1]).rsplit("-", 1)[-1]
    return ISSUERS_BY_SUFFIX.get(suffix) if "/" in number else None


def award_fields(
    match: AwardMatch,
    year: int,
    *,
    decision_number: str | None = None,
    decision_date: dt.date | None = None,
    citation: str | None = None,
    campaign: str | None = None,
    posthumous: bool = False,
) -> dict[str, object]:
    """One `awards:` item in the order editors read it."""
    item: dict[str, object] = {"award": match.award.id}
    if match.award_class is not None:
        item["class"] = match.award_class
    item["year"] = year
    if decision_number:
        item["decision_number"] = decision_number
    if decision_date is not None:
        item["decision_date"] = decision_date
    issuer = issuer_from_number(decision_number)
    if issuer is not None and issuer[1] in match.award.conferred_by:
        item["issuer"], item["issuer_level"] = issuer
    if posthumous or match.posthumous:
        item["posthumous"] = True
    if citation:
        item["citation"] = citation
    if campaign:
        item["campaign"] = campaign
    return item


@dataclass
class ProfileDraft:
    """What a new profile file says, before it is written."""

    slug: str
    kind: ProfileKind
    full_name: str
    place: AnyPlace
    as_of: dt.date | None = None
    position: str | None = None
    unit: str | None = None
    awards: tuple[dict[str, object], ...] = ()
    status: str = "published"

    def data(self) -> dict[str, object]:
        """The profile as an ordered mapping."""
        data: dict[str, object] = {
            "slug": self.slug,
            "kind": self.kind,
            "name": name_fields(self.kind, self.full_name),
        }
        if self.position:
            data["position"] = self.position
        if self.unit:
            data["unit"] = self.unit
        data["locality"] = self.place.locality_fields(self.as_of)
        data["awards"] = list(self.awards)
        return data


def render_profile(root: Path, relpath: str, draft: ProfileDraft, note: str = "") -> str:
    """A new profile file with the schema line, an optional note and field comments."""
    header = schema_modeline(root, root / relpath)
    if note:
        header += "\n" + note
    data = draft.data()
    data["consent"] = {"photo": False}
    data["status"] = draft.status
    return dump_yaml(data, PROFILE_COMMENTS, header=header)


def render_import_profile(root: Path, relpath: str, draft: ProfileDraft, note: str) -> str:
    """A profile written by `import`: the schema line, where it came from, no field comments."""
    header = schema_modeline(root, root / relpath) + "\n" + note
    data = draft.data()
    data["status"] = draft.status
    return dump_yaml(data, header=header)


@dataclass
class CampaignDraft:
    """What a new campaign page says, before it is written."""

    slug: str
    title: str
    launched_by: str
    level: str
    start: dt.date
    end: dt.date | None = None
    short_name: str | None = None
    province: str | None = None

    def data(self) -> dict[str, object]:
        """The front matter as an ordered mapping."""
        data: dict[str, object] = {"slug": self.slug, "title": self.title}
        if self.short_name:
            data["short_name"] = self.short_name
        data["launched_by"] = self.launched_by
        data["legal_basis"] = []
        data["level"] = self.level
        if self.province:
            data["province"] = self.province
        data["start"] = self.start
        if self.end is not None:
            data["end"] = self.end
        data["criteria"] = []
        data["milestones"] = [{"kind": "phat-dong", "date": self.start}]
        data["status"] = "active" if self.start <= dt.date.today() else "planned"
        return data


def campaign_relpath(slug: str) -> str:
    """Where a campaign page goes."""
    return f"{CAMPAIGNS_DIR}/{slug}.md"


def render_campaign(draft: CampaignDraft) -> str:
    """A campaign page: commented front matter and a body to fill in."""
    header = (
        "Phong trào thi đua, tạo bằng `vinhdanh new campaign`. Dòng bắt đầu bằng # là chú thích.\n"
        "Sau phần này (sau dòng ---) là nội dung giới thiệu phong trào, viết bằng Markdown."
    )
    front = dump_yaml(draft.data(), CAMPAIGN_COMMENTS, header=header)
    body = f"Giới thiệu phong trào “{draft.title}”: mục đích, đối tượng, cách tham gia.\n"
    return f"---\n{front}---\n\n{body}"


def propose_campaign_slug(text: str, taken: Iterable[str]) -> str:
    """slugify(short name or title), with a counter when taken."""
    used = set(taken)
    base = _trim(slugify(text)) or "phong-trao"
    if base not in used:
        return base
    counter = 2
    while f"{base}-{counter}" in used:
        counter += 1
    return f"{base}-{counter}"
