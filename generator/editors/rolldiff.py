"""What a change does to the roll (`RollDiff`), and the words `vinhdanh diff` says it with.

Sensitive fields (birth date, ethnicity, religion, health, address) and long texts are named,
never quoted (`HIDDEN_VALUES`, `value_text`): the comment is public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Lang, Report, say
from generator.model.entries import SENSITIVE_FIELDS

LONG_TEXT = 80
KIND_LABELS: dict[str, tuple[str, str]] = {
    "individual": ("cá nhân", "individual"),
    "collective": ("tập thể", "collective"),
    "model": ("mô hình", "model"),
    "household": ("hộ gia đình", "household"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "published": ("công bố", "published"),
    "proposed": ("lấy ý kiến", "proposed"),
    "withdrawn": ("đã gỡ", "withdrawn"),
}
AWARD_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "active": ("có hiệu lực", "active"),
    "revoked": ("bị hủy bỏ quyết định", "annulled"),
    "stripped": ("bị tước danh hiệu", "stripped"),
    "refused": ("từ chối nhận", "refused"),
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "slug": ("slug", "slug"),
    "former_slugs": ("slug cũ", "former slugs"),
    "kind": ("loại", "kind"),
    "illustrative": ("dữ liệu minh họa", "illustrative"),
    "name": ("tên", "name"),
    "gender": ("giới tính", "gender"),
    "birth_date": ("ngày sinh", "birth date"),
    "birth_year": ("năm sinh", "birth year"),
    "death_year": ("năm mất", "year of death"),
    "ethnicity": ("dân tộc", "ethnicity"),
    "religion": ("tôn giáo", "religion"),
    "health": ("sức khỏe", "health"),
    "address": ("địa chỉ", "address"),
    "position": ("chức vụ", "position"),
    "unit": ("đơn vị", "unit"),
    "sector": ("lĩnh vực", "sector"),
    "target_groups": ("đối tượng", "target groups"),
    "work_role": ("vai trò", "work role"),
    "locality": ("địa phương", "locality"),
    "campaigns": ("phong trào", "campaigns"),
    "summary": ("tóm tắt", "summary"),
    "story": ("câu chuyện", "story"),
    "sources": ("nguồn", "sources"),
    "photos": ("ảnh", "photos"),
    "consent": ("đồng ý công bố", "consent"),
    "proposal": ("lấy ý kiến", "proposal"),
    "withdrawal": ("gỡ hồ sơ", "withdrawal"),
    "updated": ("ngày cập nhật", "updated"),
    # campaign fields
    "title": ("tên", "title"),
    "short_name": ("tên ngắn", "short name"),
    "launched_by": ("phát động", "launched by"),
    "legal_basis": ("căn cứ", "legal basis"),
    "level": ("cấp", "level"),
    "province": ("tỉnh", "province"),
    "start": ("bắt đầu", "start"),
    "end": ("kết thúc", "end"),
    "criteria": ("tiêu chí", "criteria"),
    "milestones": ("các mốc", "milestones"),
    "cluster": ("cụm, khối thi đua", "emulation cluster"),
    "status": ("trạng thái", "status"),
    "body": ("nội dung", "body"),
    # decision fields
    "decision_number": ("số quyết định", "decision number"),
    "decision_date": ("ngày quyết định", "decision date"),
    "issuer": ("người ký", "issuer"),
    "issuer_level": ("cấp khen thưởng", "issuer level"),
    "award": ("danh hiệu, hình thức", "award"),
    "class": ("hạng", "class"),
    "year": ("năm", "year"),
    "campaign": ("phong trào", "campaign"),
    "subject": ("trích yếu", "subject"),
    "count": ("số được khen", "count"),
}
# Named but never quoted: sensitive data, and texts too long for a comment line.
HIDDEN_VALUES = frozenset(SENSITIVE_FIELDS) | {"story", "summary", "photos", "sources", "body"}
# Compared apart (awards, status) or not worth a line (the record of the change itself).
SKIPPED_FIELDS = frozenset({"awards", "status", "withdrawal", "updated"})


def label_in(table: Mapping[str, tuple[str, str]], key: str, lang: Lang) -> str:
    """The label of `key` in `table` in `lang` (the key itself when it has none)."""
    pair = table.get(key)
    return pair[0 if lang == "vi" else 1] if pair else key


@dataclass
class Item:
    """One line of the report with the lines under it."""

    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class RollDiff:
    """Everything the change does, ready to print."""

    base: str
    commit: str
    added: list[Item] = field(default_factory=list)
    changed: list[Item] = field(default_factory=list)
    withdrawn: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    campaigns: list[Item] = field(default_factory=list)
    decisions: list[Item] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    awards_added: int = 0
    awards_revoked: int = 0
    decisions_added: int = 0
    decisions_changed: int = 0
    decisions_removed: int = 0
    names_added: int = 0  # recipients of decisions' lists (their count, or lines of the list)
    names_removed: int = 0
    report: Report = field(default_factory=Report)
    profiles: int = 0
    campaign_count: int = 0

    @property
    def empty(self) -> bool:
        """True when the roll is not affected at all."""
        return not (
            self.added
            or self.changed
            or self.withdrawn
            or self.removed
            or self.campaigns
            or self.decisions
            or self.pages
        )


def field_line(label: str, old: Any, new: Any, lang: Lang, hidden: bool = False) -> str:
    """One changed field: "chức vụ: “A” → “B”", or only its name when `hidden`."""
    if hidden:
        return say("diff.field_hidden", lang, field=label)
    return say(
        "diff.field", lang, field=label, old=value_text(old, lang), new=value_text(new, lang)
    )


def value_text(value: Any, lang: Lang) -> str:
    """A field's value for the comment: dates, lists and flags in words, long texts named."""
    if value is None or value == [] or value == "":
        return say("diff.empty_value", lang)
    if isinstance(value, bool):
        return say("diff.yes" if value else "diff.no", lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(value_text(v, lang) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v, lang)}" for k, v in value.items() if v is not None)
    text = str(value)
    return f"“{text}”" if len(text) <= LONG_TEXT else say("diff.long_text", lang)
