"""The personal-data scan of free text: what an editor may have typed into a public field.

Structured personal data is gated by consent flags (`Entry.consented_facts`); free text (story,
summary, position, unit, citations) is published as written. Law 91/2025/QH15 on personal data
(in force 2026-01-01) makes a phone or citizen-ID number, a person's religion, health or
ethnicity published without consent a breach, so `check` warns where free text has their
shape. A warning, not an error: the scan cannot tell whose number or faith a sentence is about;
a reviewed passage goes into `personal_data_reviewed` in site_config.yml and is not reported
again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# A run of digits with the separators people type inside phone numbers (no "/", which marks
# decision numbers, and no thousands grouping "1.200.000", which marks money).
_DIGIT_RUN = re.compile(r"(?<![\w/.,])\+?\d[\d .\-]{6,18}\d(?![\w/])")
_MONEY = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")

# Terms that state a person's religion or health (sensitive data, Decree 13/2023 Art. 2(4)),
# matched on whole words, case-insensitive; each with the consent flag that would allow it, and
# plain-text anchors tested first (a regex pass over every story costs seconds at 10,000).
_SENSITIVE: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    (
        "religion",
        ("đạo", "tín đồ", "giáo dân", "phật tử", "hòa hảo"),
        re.compile(
            r"\b(?:theo đạo|tín đồ|giáo dân|phật tử|đạo công giáo|đạo tin lành|đạo cao đài|"
            r"hòa hảo|đạo hồi)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "health",
        ("binh", "da cam", "hiv", "ung thư", "khuyết tật", "tâm thần", "tai biến", "bại liệt"),
        re.compile(
            r"\b(?:thương binh|bệnh binh|chất độc da cam|nhiễm hiv|hiv|ung thư|khuyết tật|"
            r"tâm thần|tai biến|bại liệt)\b",
            re.IGNORECASE,
        ),
    ),
)
# The same facts written in English (the optional `en:` fields, generator.model.englishfields).
_SENSITIVE += (
    (
        "religion",
        ("catholic", "buddhist", "protestant", "muslim", "christian", "cao dai", "hoa hao"),
        re.compile(
            r"\b(?:catholic|buddhist|protestant|muslim|christian|cao dai|caodaist|hoa hao)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "health",
        ("invalid", "orange", "hiv", "cancer", "disab", "mental", "polio", "dioxin"),
        re.compile(
            r"\b(?:war invalid|sick soldier|agent orange|dioxin|hiv|cancer|disabled|disability|"
            r"mental illness|polio)\b",
            re.IGNORECASE,
        ),
    ),
)
# "dân tộc Tày", "người Mông": a named group after the word, not "dân tộc thiểu số" (a place's
# context, which the directives ask to show). The one or two words after are looked up.
_ETHNIC_LEAD = re.compile(r"\b(?:dân tộc|người) ([A-ZĐÂÊÔƠƯĂ][\w']*(?: [A-ZĐ][\w']*)?)")
_ETHNIC_GROUPS = frozenset(
    """Tày|Thái|Mường|Khmer|Nùng|Mông|H'Mông|Dao|Gia Rai|Ê Đê|Ba Na|Xơ Đăng|Sán Chay|Cơ Ho|Chăm|
    Sán Dìu|Hrê|Ra Glai|Mnông|Thổ|Xtiêng|Khơ Mú|Bru|Vân Kiều|Cơ Tu|Giáy|Tà Ôi|Mạ|Giẻ Triêng|
    Chơ Ro|Xinh Mun|Hà Nhì|Chu Ru|Lào|La Chí|Kháng|Phù Lá|La Hủ|La Ha|Pà Thẻn|Lự|Ngái|Chứt|
    Lô Lô|Mảng|Cơ Lao|Bố Y|Cống|Si La|Pu Péo|Rơ Măm|Brâu|Ơ Đu""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

# In English: "a Tày woman of the Mông ethnic group", "of Tày ethnicity".
_ETHNIC_EN = re.compile(r"\b([A-ZĐ][\w']*(?: [A-ZĐ][\w']*)?) (?:ethnic|ethnicity|people)\b")


@dataclass(frozen=True)
class Finding:
    """One passage of free text that looks like personal data."""

    kind: str  # "phone", "id_number", or the consent flag of a sensitive term
    text: str  # the passage as written


def _number_kind(run: str) -> str | None:
    """ "phone" for Vietnamese mobile and landline shapes, "id_number" for 9 or 12 digits."""
    if _MONEY.match(run.strip()):
        return None
    digits = re.sub(r"\D", "", run)
    if digits.startswith("84") and run.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    if len(digits) == 10 and re.match(r"0[35789]", digits):
        return "phone"
    if len(digits) == 11 and digits.startswith("02"):
        return "phone"
    if len(digits) == 12 and digits.isdigit():
        return "id_number"  # citizen ID (CCCD)
    if len(digits) == 9 and run.strip().isdigit():
        return "id_number"  # the old ID card (CMND)
    return None


def scan(text: str, consent: Mapping[str, object]) -> Iterator[Finding]:
    """Passages of `text` shaped like personal data that `consent` does not allow."""
    for match in _DIGIT_RUN.finditer(text):
        kind = _number_kind(match.group())
        if kind is not None:
            yield Finding(kind, match.group().strip())
    lowered = text.lower()
    for flag, anchors, pattern in _SENSITIVE:
        if consent.get(flag) is True or not any(a in lowered for a in anchors):
            continue
        for match in pattern.finditer(text):
            yield Finding(flag, match.group())
    if consent.get("ethnicity") is not True and ("người " in lowered or "dân tộc " in lowered):
        for match in _ETHNIC_LEAD.finditer(text):
            words = match.group(1)
            first = words.split(" ")[0]
            if words in _ETHNIC_GROUPS or first in _ETHNIC_GROUPS:
                yield Finding("ethnicity", match.group())
    if consent.get("ethnicity") is not True and ("ethnic" in lowered or " people" in lowered):
        for match in _ETHNIC_EN.finditer(text):
            words = match.group(1)
            if words in _ETHNIC_GROUPS or words.split(" ")[-1] in _ETHNIC_GROUPS:
                yield Finding("ethnicity", match.group())
