"""Fixture projects for the tests: one writer, and the small projects several test modules share.

A project is a mapping of relative paths to file contents, written by `write_files`; a test
changes one file by passing `overrides` (``"profiles__a.yml"`` stands for ``profiles/a.yml``).

- the small valid project: `SMALL`, `write_small_project` (``vinhdanh check`` and most tests of
  the model's rules); `EDITORS`, `write_editors_project`, the same project as the editors'
  tools see it (no featured profile, a campaign without milestones, a profile with comments);
- the build's small roll: `write_build_project` (published, proposed and withdrawn profiles,
  one campaign; with ``xss=True`` hostile text in every field, `PAYLOAD`), and the pieces it
  shares with the open-data roll: `LOCALITY`, `LOCALITY_WITH_CODE`, `DAN_VAN_KHEO`;
- the open-data roll: `write_opendata_project` (profiles of every status, with sentinels in
  what must never be published: `NOWHERE`; `PUBLISHED` lists the published slugs).

The demo itself is copied by ``tests/browser.py:copy_demo``; a synthetic roll of any size is
``benchmarks/synthetic.py:write_project``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from generator.commands.sitengine import EngineError

Files = Mapping[str, str | bytes]


def failing_engine(*args: object, **kwargs: object) -> None:
    """In place of `sitengine.build_pages`: the engine fails with a warning. A module-level
    function, so that the build's new interpreter for the engine finds it by name."""
    raise EngineError(["mkdocs: WARNING: something"])


def write_files(root: Path, files: Files) -> Path:
    """Write every file of `files` (relative path -> text or bytes) under `root`; return root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def overridden(files: Files, overrides: Files) -> dict[str, str | bytes]:
    """`files` with `overrides` (keys spelt ``a__b`` for ``a/b``, as keyword names) on top."""
    return {**files, **{key.replace("__", "/"): value for key, value in overrides.items()}}


# --- the small valid project ------------------------------------------------------------------

CONFIG = """\
site_name: Bảng vàng thử nghiệm
site_url: https://vinhdanh.example.vn/
site_description: Dữ liệu thử nghiệm
owner: Ban Thi đua – Khen thưởng (thử nghiệm)
data_licence:
  id: CC-BY-4.0
  name: CC BY 4.0
featured: [nguyen-van-an]
"""

MILESTONES = """\
milestones:
  - kind: phat-dong
    date: 2016-04-01
"""

CAMPAIGN = f"""\
---
slug: nong-thon-moi
title: Cả nước chung sức xây dựng nông thôn mới
launched_by: Thủ tướng Chính phủ
level: national
start: 2016-01-01
end: 2020-12-31
{MILESTONES}---
Phong trào thử nghiệm.
"""

PERSON = """\
slug: nguyen-van-an
kind: individual
name:
  family: Nguyễn
  middle: Văn
  given: An
position: Nông dân
locality:
  province: Quảng Trị
  district: Triệu Phong
  commune: Triệu Thành
  as_of: 2019-05-01
campaigns: [nong-thon-moi]
awards:
  - award: huan-chuong-lao-dong
    class: ba
    year: 2019
    decision_number: 1234/QĐ-CTN
    decision_date: 2019-08-20
    issuer: Chủ tịch nước
    issuer_level: state
    campaign: nong-thon-moi
"""

COLLECTIVE = """\
slug: htx-tan-phu
kind: collective
name:
  full: Hợp tác xã nông nghiệp Tân Phú
locality:
  province: Lạng Sơn
awards:
  - award: bang-khen-thu-tuong
    year: 2020
    issuer_level: government
"""

SMALL: dict[str, str | bytes] = {
    "site_config.yml": CONFIG,
    "content/campaigns/nong-thon-moi.md": CAMPAIGN,
    "profiles/nguyen-van-an.yml": PERSON,
    "profiles/htx-tan-phu.yml": COLLECTIVE,
}


def write_small_project(root: Path, **overrides: str | bytes) -> Path:
    """The small valid project; `overrides` maps relative paths to replacement content."""
    return write_files(root, overridden(SMALL, overrides))


# The same project as the editors' tools meet it: an existing profile with comments an editor
# wrote (an update must keep them), no featured profile, no milestones.
EDITORS_CONFIG = CONFIG.replace("featured: [nguyen-van-an]\n", "")
EDITORS_CAMPAIGN = CAMPAIGN.replace(MILESTONES, "")
EDITORS_PERSON = f"""\
# Hồ sơ do biên tập viên viết tay.
{PERSON}
# Ghi chú của biên tập viên: giữ nguyên.
summary: Nông dân sản xuất giỏi.
"""

EDITORS: dict[str, str | bytes] = {
    "site_config.yml": EDITORS_CONFIG,
    "content/campaigns/nong-thon-moi.md": EDITORS_CAMPAIGN,
    "profiles/nguyen-van-an.yml": EDITORS_PERSON,
    "profiles/htx-tan-phu.yml": COLLECTIVE,
}


def write_editors_project(root: Path, **overrides: str | bytes) -> Path:
    """The editors' small project; `overrides` maps relative paths to replacement content."""
    return write_files(root, overridden(EDITORS, overrides))


# --- pieces of the build's small roll ---------------------------------------------------------

LOCALITY = (
    "locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, "
    "as_of: 2019-05-01}\n"
)
# With the commune's code, as the open data publishes it.
LOCALITY_WITH_CODE = LOCALITY.replace("as_of:", "code: '19678', as_of:")

DAN_VAN_KHEO = """\
---
slug: dan-van-kheo
title: Phong trào thi đua Dân vận khéo
short_name: Dân vận khéo
launched_by: Ban Dân vận
level: national
start: 2009-01-01
criteria: [Gần dân, hiểu dân]
milestones:
  - {kind: phat-dong, date: 2009-01-15}
---
Nội dung phong trào **Dân vận khéo**.
"""


# --- the build's small roll (tests/test_build.py and the tests that build it) ----------------

BUILD_CONFIG = """\
site_name: Bảng vàng thử nghiệm
site_url: https://vinhdanh.example.vn/
site_description: Bảng vàng minh họa cho kiểm thử
owner: Ban Thi đua - Khen thưởng tỉnh
illustrative: true
data_licence: {id: CC-BY-4.0, name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
comments_to: banthidua@example.vn
contact: banthidua@example.vn
featured: [nguyen-thi-hoa]
page_size: 5
"""

# A heading in the campaign's text: its anchor keeps "đ" as "d" (test_campaign_page).
BUILD_CAMPAIGN = DAN_VAN_KHEO + "\n## Đánh giá kết quả\n"

HOA = f"""\
slug: nguyen-thi-hoa
former_slugs: [nguyen-hoa]
kind: individual
name: {{family: Nguyễn, middle: Thị, given: Hoa}}
position: Giáo viên
unit: Trường Tiểu học Triệu Thành
sector: giao-duc
target_groups: [nha-giao]
birth_year: 1980
ethnicity: Tày
religion: Phật giáo
consent: {{birth_date: true, ethnicity: false, religion: false}}
{LOCALITY}awards:
  - award: huan-chuong-lao-dong
    class: ba
    year: 2019
    decision_number: 123/QĐ-CTN
    decision_date: 2019-05-10
    issuer: Chủ tịch nước
    campaign: dan-van-kheo
    citation: Có thành tích xuất sắc trong công tác giảng dạy.
  - award: huan-chuong-lao-dong
    class: nhi
    year: 2019
    decision_number: 456/QĐ-CTN
    decision_date: 2019-09-02
    issuer: Chủ tịch nước
  - award: bang-khen-thu-tuong
    year: 2017
    decision_number: 77/QĐ-TTg
    decision_date: 2017-03-01
    status: revoked
    revocation: {{number: 99/QĐ-TTg, date: 2018-01-01}}
campaigns: [dan-van-kheo]
summary: Giáo viên dạy giỏi nhiều năm liền.
story: |
  Cô **Hoa** dạy học ở xã.

  Đọc [bài báo](https://example.vn/bai-bao).
sources:
  - {{title: Bài báo về cô Hoa, url: "https://example.vn/bai-bao", publisher: Báo Quảng Trị}}
updated: 2024-01-02
"""

BUILD_COLLECTIVE = f"""\
slug: htx-trieu-thanh
kind: collective
name: {{full: Hợp tác xã Nông nghiệp Triệu Thành}}
sector: nong-nghiep
{LOCALITY}awards:
  - award: bang-khen-thu-tuong
    year: 2020
    decision_number: 10/QĐ-TTg
    decision_date: 2020-02-03
campaigns: [dan-van-kheo]
"""

# Given names chosen so that Vietnamese order (given, middle, family) differs from file order.
PEOPLE = [
    ("tran-thi-yen", "Trần", "Thị", "Yến"),
    ("le-van-an", "Lê", "Văn", "An"),
    ("pham-van-dung", "Phạm", "Văn", "Dũng"),
    ("vo-thi-binh", "Võ", "Thị", "Bình"),
    ("dang-van-duc", "Đặng", "Văn", "Đức"),
    ("ho-thi-cuc", "Hồ", "Thị", "Cúc"),
]

OPEN_PROPOSAL = f"""\
slug: ly-van-dexuat
kind: individual
name: {{family: Lý, middle: Văn, given: Đềxuất}}
position: Trưởng thôn
unit: Thôn Đông
status: proposed
{LOCALITY}proposal:
  award: chien-si-thi-dua-toan-quoc
  proposed_by: UBND tỉnh Quảng Trị
  window_start: 2024-01-15
  window_end: 2024-02-15
  comments_to: ykien@example.vn
"""

CLOSED_PROPOSAL = f"""\
slug: mai-van-hethan
kind: individual
name: {{family: Mai, middle: Văn, given: Hếthạn}}
status: proposed
{LOCALITY}proposal:
  award: chien-si-thi-dua-toan-quoc
  window_start: 2023-01-02
  window_end: 2023-02-15
  comments_to: ykien@example.vn
"""

WITHDRAWN = f"""\
slug: trinh-van-rutlui
former_slugs: [trinh-rut]
kind: individual
name: {{family: Trịnh, middle: Văn, given: Rútlui}}
status: withdrawn
withdrawal: {{date: 2023-06-01, reason: Thông tin không chính xác}}
{LOCALITY}awards:
  - award: chien-si-thi-dua-co-so
    year: 2021
    decision_number: 5/QĐ-UBND
    decision_date: 2021-05-05
"""

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_LINK = "[x](javascript:alert(1))"
SVG = '"><svg onload=alert(1)>'
JINJA = "{{ 7*7 }}"
PAYLOAD = f"{SCRIPT} {IMG} {MD_LINK} {SVG} {JINJA}"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# The name's three parts, each carrying a different payload.
XSS_NAME = (
    f"{{family: {quoted(SCRIPT)}, middle: {quoted(IMG + ' ' + JINJA)}, "
    f"given: {quoted(SVG + ' ' + MD_LINK)}}}"
)

XSS_PROFILE = f"""\
slug: xss-nguoi-thu
kind: individual
name: {XSS_NAME}
position: {quoted(PAYLOAD)}
unit: {quoted(PAYLOAD)}
summary: {quoted(PAYLOAD)}
{LOCALITY}awards:
  - award: lao-dong-tien-tien
    year: 2022
    decision_number: {quoted(SCRIPT)}
    issuer: {quoted(SVG)}
    citation: {quoted(PAYLOAD)}
    campaign: xss-phong-trao
campaigns: [xss-phong-trao]
sources:
  - {{title: {quoted(PAYLOAD)}, url: "https://example.vn/?a=1&b=2", publisher: {quoted(IMG)}}}
story: |
  {PAYLOAD}

  <iframe src="https://evil.example/"></iframe>
  <a href="javascript:alert(2)">bấm</a> <a href="JaVaScRiPt:alert(3)">bấm</a>
  <div onclick="alert(4)" style="position:fixed">chữ</div>
  <form action="https://evil.example/"><input name=a></form>
  <style>body{{display:none}}</style>
  <object data="x"></object><embed src="x">
  [y](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
  ![ảnh](https://evil.example/a.png)
  <h2 id="__config">giả mạo</h2>
"""

XSS_CAMPAIGN = f"""\
---
slug: xss-phong-trao
title: {quoted(PAYLOAD)}
short_name: {quoted(SCRIPT)}
launched_by: {quoted(IMG)}
level: national
start: 2020-01-01
criteria: [{quoted(SVG)}]
summary: {quoted(PAYLOAD)}
---
{PAYLOAD}

<script>alert(5)</script>
<a href="javascript:alert(6)">x</a>

\x02wzxhzdk:0\x03 \x02wzxhzdk:1\x03
"""


def write_build_project(root: Path, *, xss: bool = False) -> Path:
    """A small project: config, one campaign, published, proposed and withdrawn profiles."""
    files = {
        "nguyen-thi-hoa": HOA,
        "htx-trieu-thanh": BUILD_COLLECTIVE,
        "ly-van-dexuat": OPEN_PROPOSAL,
        "mai-van-hethan": CLOSED_PROPOSAL,
        "trinh-van-rutlui": WITHDRAWN,
    }
    for slug, family, middle, given in PEOPLE:
        files[slug] = (
            f"slug: {slug}\nkind: individual\n"
            f"name: {{family: {family}, middle: {middle}, given: {given}}}\n{LOCALITY}"
            "awards:\n  - {award: lao-dong-tien-tien, year: 2022}\n"
        )
    project: dict[str, str | bytes] = {
        "site_config.yml": BUILD_CONFIG,
        "content/campaigns/dan-van-kheo.md": BUILD_CAMPAIGN,
    }
    if xss:
        config = BUILD_CONFIG.replace(
            "site_name: Bảng vàng thử nghiệm", f"site_name: {quoted(PAYLOAD)}"
        )
        config = config.replace(
            "owner: Ban Thi đua - Khen thưởng tỉnh", f"owner: {quoted(PAYLOAD)}"
        )
        config = config.replace(
            'url: "https://creativecommons.org/licenses/by/4.0/"', 'url: "javascript:alert(7)"'
        )
        config += f"site_description: {quoted(PAYLOAD)}\n".replace("site_description", "contact")
        project["site_config.yml"] = config.replace("contact: banthidua@example.vn\n", "")
        files["xss-nguoi-thu"] = XSS_PROFILE
        project["content/campaigns/xss-phong-trao.md"] = XSS_CAMPAIGN
    project.update({f"profiles/{slug}.yml": text for slug, text in files.items()})
    return write_files(root, project)


# --- the open-data roll (tests/test_opendata.py, tests/test_xlsx_downloads.py) --------------

OPENDATA_CONFIG = """\
site_name: Bảng vàng thử nghiệm
site_url: https://vinhdanh.example.vn/
site_description: Bảng vàng minh họa cho kiểm thử dữ liệu mở
owner: Ban Thi đua - Khen thưởng tỉnh
illustrative: true
data_licence: {id: CC-BY-4.0, name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
content_licence: {id: CC-BY-SA-4.0, name: CC BY-SA 4.0}
contact: banthidua@example.vn
page_size: 5
local_awards:
  - id: cong-dan-uu-tu-tinh
    vi: Công dân ưu tú của tỉnh
    en: Outstanding Citizen of the Province
    recipients: [individual]
"""

QUIET_CAMPAIGN = """\
---
slug: phong-trao-moi
title: Phong trào chưa có gương điển hình
launched_by: UBND tỉnh
level: province
province: Quảng Trị
start: 2023-01-01
---
"""

# Sentinels: consent-refused fields, a withdrawn and two proposed profiles, internal fields.
ETHNICITY = "SENTINEL-ETHNICITY-42"
RELIGION = "SENTINEL-RELIGION-43"
CONSENT_REF = "SENTINEL-CONSENT-REF"
REFUSED = "SENTINEL-REFUSED-AWARD"
WITHDRAWN_NAME = "SENTINEL-WITHDRAWN-NAME"
WITHDRAWN_REASON = "SENTINEL-WITHDRAWN-REASON"
PROPOSED_NAME = "SENTINEL-PROPOSED-NAME"
CLOSED_NAME = "SENTINEL-CLOSED-NAME"
DRAFT_NAME = "SENTINEL-DRAFT-NAME"
NOWHERE = [
    ETHNICITY, RELIGION, CONSENT_REF, REFUSED, WITHDRAWN_NAME, WITHDRAWN_REASON, CLOSED_NAME,
    DRAFT_NAME,
]  # fmt: skip

OPENDATA_HOA = f"""\
slug: nguyen-thi-hoa
former_slugs: [nguyen-hoa]
kind: individual
name: {{family: Nguyễn, middle: Thị, given: Hoa}}
position: Giáo viên
unit: Trường Tiểu học Triệu Thành
sector: giao-duc
target_groups: [nha-giao, phu-nu]
work_role: frontline
birth_year: 1980
health: Thương binh hạng 4/4
ethnicity: {ETHNICITY}
religion: {RELIGION}
consent:
  {{birth_date: true, health: true, ethnicity: false, religion: false, reference: {CONSENT_REF}}}
{LOCALITY_WITH_CODE}awards:
  - award: huan-chuong-lao-dong
    class: ba
    year: 2019
    decision_number: 123/QĐ-CTN
    decision_date: 2019-05-10
    issuer: Chủ tịch nước
    issuer_level: state
    campaign: dan-van-kheo
    citation: Có thành tích xuất sắc trong công tác giảng dạy.
  - award: bang-khen-thu-tuong
    year: 2017
    decision_number: 77/QĐ-TTg
    decision_date: 2017-03-01
    status: revoked
    revocation: {{number: 99/QĐ-TTg, date: 2018-01-01, reason: Hồ sơ không trung thực}}
  - award: chien-si-thi-dua-co-so
    year: 2018
    decision_number: {REFUSED}
    status: refused
campaigns: [dan-van-kheo]
summary: Giáo viên dạy giỏi nhiều năm liền.
story: |
  Cô **Hoa** dạy học ở xã, *ba mươi năm*.

  - Lớp học tình thương
  - Tủ sách

  Đọc [bài báo](https://example.vn/bai-bao).
sources:
  - {{title: Bài báo về cô Hoa, url: "https://example.vn/bai-bao", publisher: Báo Quảng Trị}}
updated: 2024-01-02
"""

OPENDATA_COLLECTIVE = f"""\
slug: htx-trieu-thanh
kind: collective
name: {{full: Hợp tác xã Nông nghiệp Triệu Thành}}
sector: nong-nghiep
{LOCALITY_WITH_CODE}awards:
  - award: bang-khen-thu-tuong
    year: 2020
    decision_number: 10/QĐ-TTg
    decision_date: 2020-02-03
    campaign: dan-van-kheo
"""

FORMULA = f"""\
slug: le-van-cong-thuc
kind: individual
name: {{family: Lê, middle: Văn, given: Côngthức}}
position: "=HYPERLINK(\\"https://evil.example\\")"
unit: "@SUM(A1:A2)"
{LOCALITY_WITH_CODE}awards:
  - {{award: lao-dong-tien-tien, year: 2022}}
  - {{award: cong-dan-uu-tu-tinh, year: 2023, decision_date: 2023-04-05, decision_number: "-1/QĐ"}}
"""

NO_DATES = f"""\
slug: tran-van-khongngay
kind: individual
name: {{family: Trần, middle: Văn, given: Khôngngày}}
{LOCALITY_WITH_CODE}awards:
  - {{award: giay-khen, year: 2019}}
"""

OPENDATA_OPEN_PROPOSAL = f"""\
slug: sentinel-proposed-name
kind: individual
name: {{family: Lý, middle: Văn, given: {PROPOSED_NAME}}}
status: proposed
{LOCALITY_WITH_CODE}proposal:
  award: chien-si-thi-dua-toan-quoc
  window_start: 2024-01-15
  window_end: 2024-02-15
  comments_to: ykien@example.vn
"""

OPENDATA_CLOSED_PROPOSAL = f"""\
slug: sentinel-closed-name
kind: individual
name: {{family: Mai, middle: Văn, given: {CLOSED_NAME}}}
status: proposed
{LOCALITY_WITH_CODE}proposal:
  award: chien-si-thi-dua-toan-quoc
  window_start: 2023-01-02
  window_end: 2023-02-15
  comments_to: ykien@example.vn
"""

OPENDATA_WITHDRAWN = f"""\
slug: sentinel-withdrawn-name
former_slugs: [sentinel-withdrawn-old]
kind: individual
name: {{family: Trịnh, middle: Văn, given: {WITHDRAWN_NAME}}}
unit: {WITHDRAWN_NAME}
status: withdrawn
withdrawal: {{date: 2023-06-01, reason: {WITHDRAWN_REASON}}}
{LOCALITY_WITH_CODE}awards:
  - award: chien-si-thi-dua-co-so
    year: 2021
    decision_number: 5/QĐ-UBND
    decision_date: 2021-05-05
"""

DRAFT = f"""\
slug: sentinel-draft-name
kind: individual
name: {{family: Đinh, middle: Văn, given: {DRAFT_NAME}}}
unit: {DRAFT_NAME}
status: draft
{LOCALITY_WITH_CODE}awards:
  - award: giay-khen
    year: 2021
"""

OPENDATA_PROFILES = {
    "nguyen-thi-hoa": OPENDATA_HOA,
    "htx-trieu-thanh": OPENDATA_COLLECTIVE,
    "le-van-cong-thuc": FORMULA,
    "tran-van-khongngay": NO_DATES,
    "sentinel-proposed-name": OPENDATA_OPEN_PROPOSAL,
    "sentinel-closed-name": OPENDATA_CLOSED_PROPOSAL,
    "sentinel-withdrawn-name": OPENDATA_WITHDRAWN,
    "sentinel-draft-name": DRAFT,
}
PUBLISHED = ["htx-trieu-thanh", "le-van-cong-thuc", "nguyen-thi-hoa", "tran-van-khongngay"]


def built_with_cache(root: Path, cache_file: str) -> tuple[Path, Path, dt.date]:
    """`write_build_project` at `root` built once on its day: the project, the path of one of
    its build cache's files (to damage it in a test) and the day."""
    from generator.commands.build import build_project

    today = dt.date(2026, 11, 20)
    root = write_build_project(root)
    assert build_project(root, today=today).built
    return root, root / ".vinhdanh-cache" / "build" / cache_file, today


def write_opendata_project(root: Path) -> Path:
    """Config, two campaigns and profiles of every status, with sentinels in what is private."""
    return write_files(
        root,
        {
            "site_config.yml": OPENDATA_CONFIG,
            "content/campaigns/dan-van-kheo.md": DAN_VAN_KHEO,
            "content/campaigns/phong-trao-moi.md": QUIET_CAMPAIGN,
            **{f"profiles/{slug}.yml": text for slug, text in OPENDATA_PROFILES.items()},
            "decisions/trieu-thanh-gdvh-2023.yml": DECISION,
        },
    )


# A decision honouring many (generator.model.entries.DecisionEntry): its document and index.
DECISION = """\
slug: trieu-thanh-gdvh-2023
decision_number: 77/QĐ-UBND
decision_date: 2023-12-20
issuer: Chủ tịch UBND xã Triệu Thành
issuer_level: commune
award: gia-dinh-van-hoa
year: 2023
kind: household
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, as_of: 2023-12-20}
recipients:
  - Hộ ông Lê Văn Một
  - {name: Hộ bà Trần Thị Hai, commune: Xã Triệu Thành}
"""
