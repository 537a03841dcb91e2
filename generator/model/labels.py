"""The public vocabulary: the names of kinds, campaign states and levels, milestones, facts."""

from __future__ import annotations

import datetime as dt

from generator.model.entries import Entry
from generator.vntext import vi_date

# Facet names of the search page (URL parameter and Pagefind filter; generator.search.records
# labels them): the statistics link into search with them, the search records carry them.
FACET_KIND = "loai"
FACET_AWARD = "danh-hieu"
FACET_LEVEL = "cap"
FACET_PROVINCE = "tinh"
FACET_DECADE = "thap-nien"
FACET_YEAR = "nam"
FACET_CAMPAIGN = "phong-trao"
FACET_SECTOR = "linh-vuc"
FACET_GROUP = "doi-tuong"
# The facets' labels, in the page's order (the English edition translates them: en.po).
FACET_LABELS: dict[str, str] = {
    FACET_KIND: "Loại",
    FACET_AWARD: "Danh hiệu, hình thức khen thưởng",
    FACET_LEVEL: "Cấp khen thưởng",
    FACET_PROVINCE: "Tỉnh, thành phố (hiện nay)",
    FACET_DECADE: "Thập niên",
    FACET_YEAR: "Năm khen thưởng",
    FACET_CAMPAIGN: "Phong trào thi đua",
    FACET_SECTOR: "Lĩnh vực",
    FACET_GROUP: "Đối tượng",
}
PROPOSAL_NOTICE = "Đang lấy ý kiến nhân dân, chưa phải quyết định khen thưởng"


# The same note where the page may be read after the window (its status line says which).
NOT_DECIDED = "Đề nghị khen thưởng, chưa phải quyết định khen thưởng"


KIND_ROLL_TITLES = {
    "individual": "Cá nhân tiêu biểu",
    "collective": "Tập thể tiêu biểu",
    "model": "Mô hình tiêu biểu",
    "household": "Hộ gia đình tiêu biểu",
}


CAMPAIGN_STATUS = {
    "planned": "Sắp triển khai",
    "active": "Đang triển khai",
    "completed": "Đã tổng kết",
}


CAMPAIGN_LEVEL = {
    "national": "Toàn quốc",
    "ministry": "Bộ, ngành",
    "province": "Tỉnh, thành phố",
    "commune": "Xã, phường",
    "organisation": "Cơ quan, đơn vị",
}


MILESTONE_NAMES = {
    "phat-dong": "Phát động",
    "so-ket": "Sơ kết",
    "tong-ket": "Tổng kết",
    "bao-cao": "Hạn báo cáo",
    "khac": "Mốc khác",
}


def measure(value: float) -> str:
    """A measured figure in Vietnamese notation: "1.200", "98,5" (no trailing ",0")."""
    whole, _, decimals = f"{value:,.2f}".partition(".")
    text = whole.replace(",", ".")
    decimals = decimals.rstrip("0")
    return f"{text},{decimals}" if decimals else text


def quantity(value: float, unit: str) -> str:
    """A figure with its unit: "142 ghe", "1,8 tấn/tháng", "96%" (no space before %)."""
    return f"{measure(value)}{'' if unit == '%' else ' '}{unit}"


def model_recognised(entry: Entry) -> str:
    """Who recognised a model, for the roll: its recognitions, else the issuer and year of its
    highest award (a decision is a recognition too); "" when neither is known."""
    if entry.practice is not None and entry.practice.recognitions:
        return entry.practice.recognised_text
    best = entry.top_award
    if best is None:
        return ""
    issuer = best.record.issuer or best.display
    return f"{issuer} ({best.record.year})"


FACT_LABELS = {
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "health": "Sức khỏe",
    "address": "Địa chỉ",
}


def public_facts(entry: Entry) -> list[tuple[str, str]]:
    """Consented sensitive facts as (label, text) for the profile page."""
    facts = entry.consented_facts
    if "birth_date" in facts:
        facts.pop("birth_year", None)  # the full date says more than the year
    return [
        (FACT_LABELS[key], vi_date(value) if isinstance(value, dt.date) else str(value))
        for key, value in facts.items()
    ]
