"""Fixture projects for the tests: one writer, and the small projects several test modules share.

A project is a mapping of relative paths to file contents, written by `write_files`; a test
changes one file by passing `overrides` (``"profiles__a.yml"`` stands for ``profiles/a.yml``).

- the small valid project: `SMALL`, `write_small_project` (``vinhdanh check`` and most tests of
  the model's rules); `EDITORS`, `write_editors_project`, the same project as the editors'
  tools see it (no featured profile, a campaign without milestones, a profile with comments);
- the pieces of the build's small roll that tests/test_build.py and tests/test_opendata.py
  share: `LOCALITY`, `LOCALITY_WITH_CODE`, `DAN_VAN_KHEO`.

The demo itself is copied by ``tests/browser.py:copy_demo``; a synthetic roll of any size is
``benchmarks/synthetic.py:write_project``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

Files = Mapping[str, str | bytes]


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
