"""Synthetic vinhdanh projects: realistic Vietnamese honour-roll data for benchmarks and tests.

`write_project(root, n)` writes site_config.yml, seven campaigns and n profiles that pass
`vinhdanh check` without a single problem. Family names follow their real frequencies; each
locality is a real administrative unit of its era with its GSO code; every award obeys the
taxonomy (recipients, classes and period on its date, issuer levels, no districts after the
2025 reform). The output depends only on `seed` (and `today`): two runs write identical bytes.
The people, units and figures are fictional, and every file says so (`illustrative: true`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import shutil
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from generator.reference.adminunits import (
    NEW_ERA,
    OLD_ERA,
    REFORM_DATE,
    AdminUnits,
    Unit,
    load_admin_units,
)
from generator.reference.taxonomy import Award, Taxonomy, load_taxonomy
from generator.source.documents import TARGET_GROUPS

# A fixed "today" keeps the output independent of the day it is generated; proposals open
# their comment window around it.
REFERENCE_DATE = dt.date(2026, 11, 20)

Kind = Literal["individual", "collective", "model"]
T = TypeVar("T")

# --- names --------------------------------------------------------------------------------------

# Share in percent of the population (Vietnamese surname statistics as usually cited); Hoàng/Huỳnh
# and Vũ/Võ are one name each, split by region below. The rest is spread over rarer names.
_FAMILIES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 5.1),
    ("Phan", 4.5), ("Vũ", 3.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đào", 0.8), ("Đoàn", 0.7), ("Trương", 0.7),
    ("Đinh", 0.7), ("Lâm", 0.5), ("Trịnh", 0.5), ("Mai", 0.5), ("Cao", 0.4), ("Lương", 0.4),
    ("Tạ", 0.3), ("Hà", 0.4), ("Tô", 0.3), ("Phùng", 0.3), ("Lưu", 0.3), ("Chu", 0.2),
    ("Vương", 0.2), ("Kiều", 0.2), ("Thái", 0.2), ("Quách", 0.1), ("Triệu", 0.2),
)  # fmt: skip
# From Đà Nẵng southwards (old province codes 48 and above) Hoàng is mostly Huỳnh, Vũ mostly Võ.
_SOUTHERN = {"Hoàng": "Huỳnh", "Vũ": "Võ"}
_MIDDLE_MALE = (
    ("Văn", 40), ("Hữu", 6), ("Đức", 8), ("Minh", 8), ("Quang", 5), ("Công", 4), ("Thanh", 5),
    ("Ngọc", 3), ("Xuân", 3), ("Đình", 4), ("Trọng", 3), ("Quốc", 4), ("Anh", 2), ("Bá", 2),
    ("Tuấn", 1), ("Gia", 1), ("Văn Minh", 1),
)  # fmt: skip
_MIDDLE_FEMALE = (
    ("Thị", 55), ("Ngọc", 6), ("Thanh", 5), ("Thu", 5), ("Minh", 3), ("Kim", 4), ("Hồng", 3),
    ("Bích", 2), ("Thùy", 3), ("Mai", 2), ("Phương", 2), ("Hoài", 1), ("Khánh", 1),
    ("Thị Thu", 3), ("Thị Kim", 2),
)  # fmt: skip
_GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khánh",
    "Khoa", "Kiên", "Lâm", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
    "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng",
    "Việt", "Vinh", "Vũ", "Hưng", "Hoàng", "Thái", "Lợi", "Tâm", "Đức", "Chiến", "Sang",
)  # fmt: skip
_GIVEN_FEMALE = (
    "Anh", "Ánh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung",
    "Oanh", "Phương", "Quyên", "Sen", "Tâm", "Thảo", "Thơ", "Thủy", "Trang", "Tuyết", "Uyên",
    "Vân", "Xuân", "Yến", "Thắm", "Lý",
)  # fmt: skip
_GIVEN2_MALE = ("Bình Minh", "Minh Khôi", "Gia Bảo", "Anh Tuấn", "Quốc Bảo", "Đức Anh", "Hải Đăng")
_GIVEN2_FEMALE = ("Thu Hằng", "Bảo Ngọc", "Ngọc Ánh", "Thanh Hương", "Minh Thư", "Khánh Linh")
# Northern mountain provinces (old codes): some people there bear Tày, Thái, Mông, Nùng names.
_HIGHLAND = frozenset({"02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "20"})
_HIGHLAND_PEOPLE: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("Tày", ("Nông", "Hoàng", "Ma", "Lục"), ("Dền", "Khiêm", "Quyết", "Sinh"), ("Mai", "Nhàn")),
    ("Thái", ("Lò", "Lường", "Cầm", "Quàng"), ("Pọm", "Ón", "Xuân", "Chiến"), ("Ngoan", "Ỏn")),
    ("Mông", ("Giàng", "Sùng", "Thào", "Vàng"), ("Páo", "Dình", "Chứ", "Pó"), ("Mỷ", "Dế", "Sua")),
    ("Nùng", ("Hoàng", "Lăng", "Vi", "Nông"), ("Phong", "Tấn", "Thành"), ("Hoa", "Thùy")),
)

# --- what people and groups do --------------------------------------------------------------


@dataclass(frozen=True)
class _Persona:
    """One kind of individual: sector, jobs, workplaces and who they count as."""

    sector: str
    weight: float
    positions: tuple[str, ...]
    units: tuple[str, ...]  # str.format templates, "" for none
    groups: tuple[str, ...]
    role: str
    female: float
    ages: tuple[int, int]


# fmt: off
_PERSONAS: tuple[_Persona, ...] = (
    _Persona("nong-nghiep", 12,
             ("Nông dân", "Chủ trang trại tổng hợp", "Nông dân sản xuất giỏi"),
             ("", "", "Hợp tác xã Nông nghiệp {ten_xa}"),
             ("nong-dan",), "frontline", 0.3, (30, 68)),
    _Persona("nong-nghiep", 3, ("Giám đốc", "Phó Giám đốc"),
             ("Hợp tác xã Nông nghiệp {ten_xa}", "Hợp tác xã Dịch vụ nông nghiệp {ten_xa}"),
             ("nong-dan",), "leadership", 0.25, (35, 65)),
    _Persona("nong-nghiep", 2, ("Ngư dân", "Thuyền trưởng tàu cá"),
             ("", "Tổ đoàn kết khai thác hải sản {ten_xa}"),
             ("ngu-dan",), "frontline", 0.05, (28, 62)),
    _Persona("cong-nghiep", 8, ("Công nhân", "Tổ trưởng tổ sản xuất", "Kỹ thuật viên bảo trì"),
             ("Công ty TNHH {hieu}", "Công ty Cổ phần {hieu}"),
             ("cong-nhan", "nguoi-lao-dong-truc-tiep"), "frontline", 0.45, (22, 55)),
    _Persona("kinh-doanh", 3, ("Giám đốc", "Chủ tịch Hội đồng quản trị", "Chủ hộ kinh doanh"),
             ("Công ty TNHH {hieu}", "Công ty Cổ phần {hieu}", ""),
             ("doanh-nhan",), "leadership", 0.3, (32, 65)),
    _Persona("giao-duc", 10, ("Giáo viên", "Giáo viên chủ nhiệm", "Tổ trưởng chuyên môn"),
             ("Trường Tiểu học {ten_xa}", "Trường Trung học cơ sở {ten_xa}",
              "Trường Mầm non {ten_xa}"),
             ("nha-giao",), "frontline", 0.75, (26, 60)),
    _Persona("giao-duc", 3, ("Hiệu trưởng", "Phó Hiệu trưởng"),
             ("Trường Tiểu học {ten_xa}", "Trường Trung học cơ sở {ten_xa}"),
             ("nha-giao", "can-bo-cong-chuc"), "leadership", 0.55, (35, 60)),
    _Persona("giao-duc", 1.5, ("Học sinh lớp 12", "Sinh viên năm thứ ba"),
             ("Trường Trung học phổ thông {ten_xa}", ""),
             ("hoc-sinh-sinh-vien", "thanh-nien"), "other", 0.5, (17, 22)),
    _Persona("y-te", 6, ("Bác sĩ", "Điều dưỡng", "Y sĩ", "Nữ hộ sinh"),
             ("Trạm Y tế {xa}", "Trung tâm Y tế khu vực {ten_xa}"),
             ("thay-thuoc",), "frontline", 0.65, (25, 60)),
    _Persona("y-te", 1.5, ("Trạm trưởng", "Giám đốc"),
             ("Trạm Y tế {xa}", "Trung tâm Y tế khu vực {ten_xa}"),
             ("thay-thuoc", "can-bo-cong-chuc"), "leadership", 0.5, (35, 60)),
    _Persona("an-ninh", 4,
             ("Trưởng Công an {xa}", "Phó Trưởng Công an {xa}", "Cán bộ Công an {xa}"),
             ("Công an {xa}",), ("cong-an-xa", "luc-luong-vu-trang"), "frontline", 0.1, (24, 55)),
    _Persona("quoc-phong", 3,
             ("Chỉ huy trưởng Ban Chỉ huy Quân sự {xa}", "Trung đội trưởng dân quân cơ động"),
             ("Ban Chỉ huy Quân sự {xa}",),
             ("dan-quan-tu-ve", "luc-luong-vu-trang"), "frontline", 0.05, (22, 50)),
    _Persona("hanh-chinh", 5,
             ("Chủ tịch Ủy ban nhân dân {xa}", "Công chức Tư pháp – Hộ tịch",
              "Công chức Văn hóa – Xã hội", "Công chức Văn phòng – Thống kê"),
             ("Ủy ban nhân dân {xa}",), ("can-bo-cong-chuc",), "leadership", 0.4, (28, 58)),
    _Persona("dan-van", 5,
             ("Trưởng {thon}", "Bí thư Chi bộ {thon}", "Tổ trưởng tổ hòa giải {thon}"),
             ("",), ("can-bo-co-so", "nguoi-co-uy-tin"), "leadership", 0.3, (40, 72)),
    _Persona("doan-the", 2.5,
             ("Chủ tịch Hội Liên hiệp Phụ nữ {xa}", "Chi hội trưởng Phụ nữ {thon}"),
             ("Hội Liên hiệp Phụ nữ {xa}",), ("phu-nu",), "leadership", 1.0, (30, 60)),
    _Persona("doan-the", 2, ("Bí thư Đoàn Thanh niên {xa}", "Đoàn viên thanh niên"),
             ("Đoàn Thanh niên Cộng sản Hồ Chí Minh {xa}",),
             ("thanh-nien",), "other", 0.5, (20, 30)),
    _Persona("doan-the", 2, ("Chủ tịch Hội Cựu chiến binh {xa}", "Hội viên Hội Cựu chiến binh"),
             ("Hội Cựu chiến binh {xa}",),
             ("cuu-chien-binh", "nguoi-cao-tuoi"), "other", 0.05, (66, 80)),
    _Persona("doan-the", 1.5, ("Chi hội trưởng Chi hội Người cao tuổi {thon}",), ("",),
             ("nguoi-cao-tuoi", "nguoi-co-uy-tin"), "other", 0.4, (62, 85)),
    _Persona("an-sinh-xa-hoi", 2, ("Chủ tịch Hội Chữ thập đỏ {xa}", "Tình nguyện viên"),
             ("Hội Chữ thập đỏ {xa}", ""),
             ("nguoi-co-uy-tin", "phu-nu"), "other", 0.6, (30, 70)),
    _Persona("van-hoa-the-thao", 2, ("Nghệ nhân", "Diễn viên", "Huấn luyện viên"),
             ("Câu lạc bộ dân ca {ten_xa}", "Nhà Văn hóa {tinh}", ""),
             ("van-nghe-si",), "other", 0.5, (28, 80)),
    _Persona("khoa-hoc-cong-nghe", 2, ("Kỹ sư", "Nghiên cứu viên chính", "Phó Giám đốc"),
             ("Trung tâm Ứng dụng khoa học và công nghệ {tinh}",
              "Công ty Cổ phần Công nghệ {hieu}"),
             ("tri-thuc",), "other", 0.4, (27, 62)),
    _Persona("moi-truong", 1.5,
             ("Tổ trưởng tổ thu gom rác thải", "Công nhân vệ sinh môi trường"),
             ("Hợp tác xã Dịch vụ môi trường {ten_xa}", ""),
             ("nguoi-lao-dong-truc-tiep",), "frontline", 0.55, (25, 60)),
    _Persona("giao-thong", 1.5, ("Lái xe", "Công nhân duy tu đường bộ"),
             ("Công ty Cổ phần Vận tải {hieu}", "Hợp tác xã Vận tải {ten_xa}"),
             ("cong-nhan", "nguoi-lao-dong-truc-tiep"), "frontline", 0.1, (25, 58)),
    _Persona("thong-tin-truyen-thong", 1.5, ("Phát thanh viên", "Nhân viên bưu điện văn hóa"),
             ("Đài Truyền thanh {xa}", "Bưu điện văn hóa {xa}"),
             ("can-bo-cong-chuc",), "other", 0.6, (24, 58)),
)
# fmt: on


@dataclass(frozen=True)
class _Group:
    """One kind of collective or model: its name template and who it serves."""

    sector: str
    weight: float
    full: str
    short: str
    groups: tuple[str, ...]
    tags: tuple[str, ...] = ()  # "thon": a village or neighbourhood; "xa": a commune authority


# fmt: off
_COLLECTIVES: tuple[_Group, ...] = (
    _Group("nong-nghiep", 12, "Hợp tác xã Nông nghiệp {ten_xa}", "HTX Nông nghiệp {ten_xa}",
           ("nong-dan",)),
    _Group("nong-nghiep", 4, "Tổ hợp tác trồng {cay} {thon}, {xa}", "", ("nong-dan",)),
    _Group("giao-duc", 10, "Trường Tiểu học {ten_xa}", "", ("nha-giao", "hoc-sinh-sinh-vien")),
    _Group("giao-duc", 6, "Trường Trung học cơ sở {ten_xa}", "Trường THCS {ten_xa}",
           ("nha-giao",)),
    _Group("giao-duc", 4, "Trường Mầm non {ten_xa}", "", ("nha-giao",)),
    _Group("y-te", 7, "Trạm Y tế {xa}", "", ("thay-thuoc",)),
    _Group("an-ninh", 6, "Công an {xa}", "", ("cong-an-xa",)),
    _Group("quoc-phong", 4, "Ban Chỉ huy Quân sự {xa}", "", ("dan-quan-tu-ve",)),
    _Group("doan-the", 5, "Hội Liên hiệp Phụ nữ {xa}", "Hội Phụ nữ {xa}", ("phu-nu",)),
    _Group("doan-the", 4, "Đoàn Thanh niên Cộng sản Hồ Chí Minh {xa}", "Đoàn Thanh niên {xa}",
           ("thanh-nien",)),
    _Group("doan-the", 3, "Hội Cựu chiến binh {xa}", "", ("cuu-chien-binh",)),
    _Group("hanh-chinh", 5, "Ủy ban nhân dân {xa}", "UBND {xa}", ("can-bo-cong-chuc",),
           ("xa",)),
    _Group("dan-van", 8, "{Thon}, {xa}", "", ("can-bo-co-so", "nong-dan"), ("thon",)),
    _Group("cong-nghiep", 5, "Công ty TNHH {hieu}", "", ("cong-nhan",)),
    _Group("kinh-doanh", 4, "Công ty Cổ phần {hieu}", "", ("doanh-nhan", "cong-nhan")),
    _Group("an-sinh-xa-hoi", 3, "Hội Chữ thập đỏ {xa}", "", ("nguoi-co-uy-tin",)),
    _Group("van-hoa-the-thao", 2, "Câu lạc bộ dân ca {ten_xa}", "", ("van-nghe-si",)),
    _Group("thong-tin-truyen-thong", 2, "Đài Truyền thanh {xa}", "", ("can-bo-cong-chuc",)),
    _Group("giao-thong", 1.5, "Hợp tác xã Vận tải {ten_xa}", "HTX Vận tải {ten_xa}",
           ("nguoi-lao-dong-truc-tiep",)),
    _Group("moi-truong", 1.5, "Tổ thu gom rác thải tự quản {thon}, {xa}", "",
           ("nguoi-lao-dong-truc-tiep",), ("thon",)),
)

_MODELS: tuple[_Group, ...] = (
    _Group("dan-van", 10, "Mô hình “Dân vận khéo” trong {viec} ở {xa}",
           "Dân vận khéo – {ten_xa}", ("nguoi-co-uy-tin",)),
    _Group("an-ninh", 6, "Mô hình “Camera an ninh” khu dân cư {thon}, {xa}",
           "Camera an ninh – {thon}", ("can-bo-co-so",)),
    _Group("an-ninh", 4, "Mô hình “Tổ liên gia tự quản” {xa}",
           "Tổ liên gia tự quản – {ten_xa}", ("can-bo-co-so",)),
    _Group("an-sinh-xa-hoi", 6, "Mô hình “Hũ gạo tình thương” của Hội Phụ nữ {xa}",
           "Hũ gạo tình thương – {ten_xa}", ("phu-nu",)),
    _Group("an-sinh-xa-hoi", 3, "Mô hình “Ngân hàng bò” giúp hộ nghèo {xa}",
           "Ngân hàng bò – {ten_xa}", ("nong-dan",)),
    _Group("moi-truong", 5, "Mô hình “Đổi rác lấy quà” {xa}",
           "Đổi rác lấy quà – {ten_xa}", ("thanh-nien", "phu-nu")),
    _Group("moi-truong", 3, "Mô hình “Con đường hoa” {thon}, {xa}",
           "Con đường hoa – {thon}", ("phu-nu",)),
    _Group("giao-duc", 4, "Mô hình “Dòng họ học tập” {xa}",
           "Dòng họ học tập – {ten_xa}", ("nguoi-cao-tuoi",)),
    _Group("giao-thong", 3, "Mô hình “Thắp sáng đường quê” {xa}",
           "Thắp sáng đường quê – {ten_xa}", ("thanh-nien",)),
    _Group("nong-nghiep", 5, "Mô hình liên kết sản xuất {cay} theo tiêu chuẩn VietGAP {xa}",
           "VietGAP – {ten_xa}", ("nong-dan",)),
    _Group("doan-the", 3, "Mô hình “Thanh niên khởi nghiệp” {xa}",
           "Thanh niên khởi nghiệp – {ten_xa}", ("thanh-nien",)),
)
# fmt: on


_CROPS = (
    "bưởi da xanh", "cam sành", "chè", "dược liệu", "rau hữu cơ", "thanh long", "cà phê",
    "hồ tiêu", "nhãn", "vải thiều", "lúa chất lượng cao", "sâm", "măng tây", "dừa",
)  # fmt: skip
_BRANDS = (
    "Phú Thịnh", "Hưng Phát", "Thành Công", "Minh Long", "An Khang", "Sông Hồng", "Trường Sơn",
    "Đại Việt", "Hoàng Long", "Tân Tiến", "Bình Minh", "Nam Việt", "Hòa Phát Lộc", "Việt Tiến",
    "Thiên An", "Phương Đông", "Kim Ngân", "Hải Âu", "Mekong Xanh", "Cửu Long", "Tây Nguyên",
)  # fmt: skip
_VILLAGES = (
    "1", "2", "3", "4", "5", "6", "7", "8", "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng",
    "Hạ", "An Lộc", "Phú Hòa", "Tân Lập", "Đồng Tâm", "Hòa Bình", "Thống Nhất", "Quyết Tiến",
)  # fmt: skip
_TASKS = (
    "vận động hiến đất làm đường", "xây dựng nông thôn mới", "giảm nghèo bền vững",
    "bảo vệ môi trường", "giữ gìn an ninh trật tự", "chuyển đổi số",
)  # fmt: skip

# --- awards ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pick:
    """An award a profile may receive, with its weight and plausible years."""

    award: str
    weight: float
    first: int = 1990
    last: int = 2100
    needs: tuple[str, ...] = ()  # any of: sector, target group, tag, "female", "p" + province
    classes: tuple[tuple[str, float], ...] = (("ba", 80), ("nhi", 16), ("nhat", 4))


_QA = ("quoc-phong", "an-ninh")
# fmt: off
_INDIVIDUAL_AWARDS: tuple[_Pick, ...] = (
    _Pick("giay-khen", 30, 1995),
    _Pick("lao-dong-tien-tien", 8, 1995),
    _Pick("chien-si-thi-dua-co-so", 16, 1998),
    _Pick("chien-si-thi-dua", 2, 1985, 2004),
    _Pick("bang-khen-bo-ban-nganh-tinh", 24, 1990),
    _Pick("chien-si-thi-dua-bo-ban-nganh-tinh", 5, 2000),
    _Pick("ky-niem-chuong", 4, 1995),
    _Pick("huy-hieu", 0.6, 2005, 2023),
    _Pick("bang-khen-thu-tuong", 7, 1995),
    _Pick("chien-si-thi-dua-toan-quoc", 1.2, 2000),
    _Pick("huan-chuong-lao-dong", 2.5, 1985),
    _Pick("huan-chuong-bao-ve-to-quoc", 0.8, 2005, needs=_QA),
    _Pick("huan-chuong-chien-cong", 0.5, 1980, needs=_QA),
    _Pick("huy-chuong-chien-si-ve-vang", 0.8, 1985, needs=_QA,
          classes=(("ba", 60), ("nhi", 30), ("nhat", 10))),
    _Pick("huan-chuong-dung-cam", 0.15, 2005),
    _Pick("huan-chuong-dai-doan-ket-dan-toc", 0.3, 2005, needs=("dan-van", "doan-the")),
    _Pick("huan-chuong-khang-chien-chong-my-cuu-nuoc", 30, 1976, 1995, needs=("cuu-chien-binh",),
          classes=(("ba", 50), ("nhi", 35), ("nhat", 15))),
    _Pick("huy-chuong-khang-chien-chong-my-cuu-nuoc", 20, 1976, 1995, needs=("cuu-chien-binh",),
          classes=(("nhi", 60), ("nhat", 40))),
    _Pick("nha-giao-uu-tu", 2, 1988, needs=("nha-giao",)),
    _Pick("nha-giao-nhan-dan", 0.3, 1988, needs=("nha-giao",)),
    _Pick("thay-thuoc-uu-tu", 2, 1988, needs=("thay-thuoc",)),
    _Pick("thay-thuoc-nhan-dan", 0.3, 1988, needs=("thay-thuoc",)),
    _Pick("nghe-nhan-uu-tu", 2, 2015, needs=("van-nghe-si",)),
    _Pick("nghe-nhan-nhan-dan", 0.4, 2015, needs=("van-nghe-si",)),
    _Pick("nghe-si-uu-tu", 1.5, 1988, needs=("van-nghe-si",)),
    _Pick("nghe-si-nhan-dan", 0.3, 1988, needs=("van-nghe-si",)),
    _Pick("anh-hung-lao-dong", 0.1, 1985),
    _Pick("anh-hung-luc-luong-vu-trang-nhan-dan", 0.15, 1985, needs=_QA),
    _Pick("giai-thuong-nha-nuoc", 0.3, 1996, needs=("khoa-hoc-cong-nghe",)),
    _Pick("cong-dan-thu-do-uu-tu", 3, 2010, needs=("p01",)),
)
_COLLECTIVE_AWARDS: tuple[_Pick, ...] = (
    _Pick("giay-khen", 25, 1995),
    _Pick("tap-the-lao-dong-tien-tien", 14, 1995),
    _Pick("don-vi-tien-tien", 4, 1995),
    _Pick("tap-the-lao-dong-xuat-sac", 12, 1998),
    _Pick("bang-khen-bo-ban-nganh-tinh", 24, 1990),
    _Pick("co-thi-dua-bo-ban-nganh-tinh", 5, 2000),
    _Pick("bang-khen-thu-tuong", 6, 1995),
    _Pick("co-thi-dua-chinh-phu", 1.5, 2000),
    _Pick("huan-chuong-lao-dong", 1.5, 1985, classes=(("ba", 85), ("nhi", 15))),
    _Pick("huan-chuong-bao-ve-to-quoc", 0.6, 2005, needs=_QA, classes=(("ba", 85), ("nhi", 15))),
    _Pick("huan-chuong-chien-cong", 0.3, 1985, needs=_QA, classes=(("ba", 85), ("nhi", 15))),
    _Pick("don-vi-quyet-thang", 4, 2000, needs=_QA),
    _Pick("thon-to-dan-pho-van-hoa", 10, 2000, needs=("thon",)),
    _Pick("xa-phuong-thi-tran-tieu-bieu", 4, 2024, needs=("xa",)),
    _Pick("anh-hung-lao-dong", 0.05, 1985),
)
# fmt: on


_MODEL_AWARDS: tuple[_Pick, ...] = (
    _Pick("giay-khen", 40, 2005),
    _Pick("bang-khen-bo-ban-nganh-tinh", 40, 2005),
    _Pick("bang-khen-thu-tuong", 4, 2008),
)
_AWARDS_BY_KIND: dict[str, tuple[_Pick, ...]] = {
    "individual": _INDIVIDUAL_AWARDS,
    "collective": _COLLECTIVE_AWARDS,
    "model": _MODEL_AWARDS,
}
_KIND_SHARES: tuple[tuple[Kind, float], ...] = (
    ("individual", 75.0),
    ("collective", 15.0),
    ("model", 10.0),
)
_RECIPIENT = {"individual": "individual", "collective": "collective", "model": "collective"}
# Weights of the issuer levels an award allows; ministries and organisations are preferred
# where the recipient works in a sector or unit (see _Generator._level).
_LEVEL_WEIGHT = {
    "state": 1.0, "government": 1.0, "ministry": 0.35, "province": 0.65,
    "district": 0.45, "commune": 0.5, "organisation": 0.4,
}  # fmt: skip
_MINISTRY_MERGER = dt.date(2025, 3, 1)  # ministries merged by the 2025 government restructuring
# sector -> (head, body, decision suffix) before and from 2025-03-01
# fmt: off
_MINISTRIES: dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    "nong-nghiep": (("Bộ trưởng", "Bộ Nông nghiệp và Phát triển nông thôn", "BNN"),
                    ("Bộ trưởng", "Bộ Nông nghiệp và Môi trường", "BNNMT")),
    "moi-truong": (("Bộ trưởng", "Bộ Tài nguyên và Môi trường", "BTNMT"),
                   ("Bộ trưởng", "Bộ Nông nghiệp và Môi trường", "BNNMT")),
    "giao-thong": (("Bộ trưởng", "Bộ Giao thông vận tải", "BGTVT"),
                   ("Bộ trưởng", "Bộ Xây dựng", "BXD")),
    "kinh-doanh": (("Bộ trưởng", "Bộ Kế hoạch và Đầu tư", "BKHĐT"),
                   ("Bộ trưởng", "Bộ Tài chính", "BTC")),
    "thong-tin-truyen-thong": (("Bộ trưởng", "Bộ Thông tin và Truyền thông", "BTTTT"),
                               ("Bộ trưởng", "Bộ Khoa học và Công nghệ", "BKHCN")),
    "an-sinh-xa-hoi": (("Bộ trưởng", "Bộ Lao động – Thương binh và Xã hội", "LĐTBXH"),
                       ("Bộ trưởng", "Bộ Nội vụ", "BNV")),
    "cong-nghiep": (("Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam", "TLĐ"),) * 2,
    "giao-duc": (("Bộ trưởng", "Bộ Giáo dục và Đào tạo", "BGDĐT"),) * 2,
    "y-te": (("Bộ trưởng", "Bộ Y tế", "BYT"),) * 2,
    "khoa-hoc-cong-nghe": (("Bộ trưởng", "Bộ Khoa học và Công nghệ", "BKHCN"),) * 2,
    "van-hoa-the-thao": (("Bộ trưởng", "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),) * 2,
    "quoc-phong": (("Bộ trưởng", "Bộ Quốc phòng", "BQP"),) * 2,
    "an-ninh": (("Bộ trưởng", "Bộ Công an", "BCA"),) * 2,
    "hanh-chinh": (("Bộ trưởng", "Bộ Nội vụ", "BNV"),) * 2,
    "dan-van": (("Trưởng", "Ban Dân vận Trung ương", "BDVTW"),) * 2,
    "doan-the": (("Chủ tịch", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "MTTW"),) * 2,
}
# fmt: on


# sector -> (head, body template, suffix): the provincial body an "organisation" award comes from
_PROVINCIAL_BODIES: dict[str, tuple[str, str, str]] = {
    "nong-nghiep": ("Chủ tịch", "Hội Nông dân {tinh}", "HND"),
    "giao-duc": ("Giám đốc", "Sở Giáo dục và Đào tạo {tinh}", "SGDĐT"),
    "y-te": ("Giám đốc", "Sở Y tế {tinh}", "SYT"),
    "an-ninh": ("Giám đốc", "Công an {tinh}", "CAT"),
    "quoc-phong": ("Chỉ huy trưởng", "Bộ Chỉ huy Quân sự {tinh}", "BCH"),
    "doan-the": ("Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}", "MTTQ"),
    "van-hoa-the-thao": ("Giám đốc", "Sở Văn hóa, Thể thao và Du lịch {tinh}", "SVHTTDL"),
    "khoa-hoc-cong-nghe": ("Giám đốc", "Sở Khoa học và Công nghệ {tinh}", "SKHCN"),
    "hanh-chinh": ("Giám đốc", "Sở Nội vụ {tinh}", "SNV"),
    "an-sinh-xa-hoi": ("Chủ tịch", "Hội Chữ thập đỏ {tinh}", "HCTĐ"),
    "cong-nghiep": ("Chủ tịch", "Liên đoàn Lao động {tinh}", "LĐLĐ"),
    "kinh-doanh": ("Chủ tịch", "Liên đoàn Lao động {tinh}", "LĐLĐ"),
    "giao-thong": ("Chủ tịch", "Liên đoàn Lao động {tinh}", "LĐLĐ"),
}
_DEFAULT_BODY = ("Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}", "MTTQ")
# Workplaces whose head gives their own staff a Giấy khen or an annual emulation title.
_UNIT_HEADS = (
    ("Trường", "Hiệu trưởng"),
    ("Công ty", "Giám đốc"),
    ("Hợp tác xã", "Giám đốc"),
    ("Trung tâm", "Giám đốc"),
)
# Villages are "ấp" in the South (old province codes 70 and above: Bình Phước to Cà Mau).
_AP_FROM = "70"

# --- campaigns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Campaign:
    slug: str
    title: str
    short: str
    launched_by: str
    level: str
    start: dt.date
    end: dt.date | None
    sectors: tuple[str, ...]
    criteria: tuple[str, ...]
    province: str | None = None  # new-era province code of a provincial campaign
    cluster: str | None = None


# fmt: off
_CAMPAIGNS: tuple[_Campaign, ...] = (
    _Campaign(
        "nong-thon-moi", "Cả nước chung sức xây dựng nông thôn mới", "Nông thôn mới",
        "Thủ tướng Chính phủ", "national", dt.date(2011, 9, 20), dt.date(2025, 12, 31),
        ("nong-nghiep", "hanh-chinh", "dan-van", "doan-the", "moi-truong", "giao-thong"),
        ("Huy động sức dân và các nguồn lực cho xây dựng kết cấu hạ tầng nông thôn.",
         "Nâng cao thu nhập, đời sống vật chất và tinh thần của người dân nông thôn.",
         "Giữ gìn cảnh quan, môi trường xanh, sạch, đẹp; bảo đảm an ninh trật tự."),
    ),
    _Campaign(
        "doanh-nghiep-hoi-nhap-phat-trien", "Doanh nghiệp Việt Nam hội nhập và phát triển",
        "Doanh nghiệp hội nhập", "Thủ tướng Chính phủ", "national", dt.date(2017, 1, 1), None,
        ("cong-nghiep", "kinh-doanh", "khoa-hoc-cong-nghe", "giao-thong"),
        ("Sản xuất, kinh doanh hiệu quả, đổi mới công nghệ và quản trị.",
         "Chăm lo việc làm, thu nhập và điều kiện làm việc của người lao động.",
         "Thực hiện đầy đủ nghĩa vụ thuế, bảo hiểm xã hội; bảo vệ môi trường."),
        cluster="Khối thi đua các doanh nghiệp",
    ),
    _Campaign(
        "vi-nguoi-ngheo", "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
        "Vì người nghèo", "Thủ tướng Chính phủ", "national", dt.date(2021, 1, 1),
        dt.date(2025, 12, 31), ("an-sinh-xa-hoi", "doan-the", "dan-van", "kinh-doanh"),
        ("Hỗ trợ hộ nghèo, hộ cận nghèo về nhà ở, sinh kế, y tế và giáo dục.",
         "Huy động các nguồn lực xã hội cho công tác giảm nghèo bền vững."),
    ),
    _Campaign(
        "dan-van-kheo", "Dân vận khéo", "Dân vận khéo", "Ban Dân vận Trung ương", "national",
        dt.date(2009, 1, 1), None,
        ("dan-van", "doan-the", "hanh-chinh", "an-ninh", "quoc-phong", "an-sinh-xa-hoi"),
        ("Cách làm cụ thể, giải quyết được việc khó ở cơ sở, được Nhân dân đồng tình.",
         "Có khả năng nhân rộng, duy trì bền vững."),
    ),
    _Campaign(
        "doi-moi-sang-tao-day-hoc", "Đổi mới, sáng tạo trong dạy và học",
        "Đổi mới, sáng tạo trong dạy và học", "Bộ Giáo dục và Đào tạo", "ministry",
        dt.date(2016, 1, 1), None, ("giao-duc",),
        ("Đổi mới phương pháp dạy học và kiểm tra, đánh giá.",
         "Ứng dụng công nghệ thông tin, chuyển đổi số trong nhà trường."),
    ),
    _Campaign(
        "toan-dan-bao-ve-an-ninh-to-quoc", "Toàn dân bảo vệ an ninh Tổ quốc",
        "Toàn dân bảo vệ an ninh Tổ quốc", "Bộ Công an", "ministry", dt.date(1962, 3, 12), None,
        ("an-ninh", "quoc-phong", "dan-van"),
        ("Xây dựng, nhân rộng mô hình tự quản về an ninh, trật tự ở cơ sở.",
         "Phát hiện, tố giác tội phạm; giữ vững an ninh chính trị, trật tự an toàn xã hội."),
    ),
    _Campaign(
        "ha-noi-thanh-lich-van-minh", "Xây dựng người Hà Nội thanh lịch, văn minh",
        "Người Hà Nội thanh lịch", "Ủy ban nhân dân thành phố Hà Nội", "province",
        dt.date(2016, 6, 1), dt.date(2025, 12, 31),
        ("van-hoa-the-thao", "giao-duc", "doan-the", "hanh-chinh", "moi-truong"),
        ("Ứng xử văn minh nơi công cộng, trong gia đình và cộng đồng.",
         "Giữ gìn vệ sinh, cảnh quan đô thị; bảo tồn giá trị văn hóa Thăng Long – Hà Nội."),
        province="01",
    ),
)
# fmt: on


# --- story text ------------------------------------------------------------------------------

_INTRO_BORN = (
    "{Ten} sinh năm {nam_sinh} tại {xa}, {tinh}. Năm {nam_bd}, {chu} bắt đầu công việc {viec_lam}"
    " và gắn bó với nghề từ đó đến nay.",
    "Sinh năm {nam_sinh}, {ten} lớn lên ở {xa}, {tinh}. Từ năm {nam_bd}, {chu} làm {viec_lam},"
    " hơn {so_nam} năm chưa một lần nghĩ đến chuyện bỏ nghề.",
)
_INTRO_PERSON = (
    "Ở {xa}, {tinh}, nhắc đến {ten}, nhiều người nhớ ngay đến sự tận tụy của {chu} với công việc"
    " {viec_lam}. Hơn {so_nam} năm qua, {chu} đã gắn bó với địa phương và với nghề.",
    "Năm {nam_bd}, {ten} bắt đầu công việc {viec_lam} tại {xa}, {tinh}. Khi ấy, điều kiện"
    " còn rất nhiều khó khăn, nhưng {chu} quyết tâm bám trụ.",
    "Hơn {so_nam} năm làm {viec_lam} ở {xa}, {ten} được bà con tin yêu vì cách làm gần dân,"
    " nói đi đôi với làm.",
)
_INTRO_GROUP = (
    "{Ten} được thành lập năm {nam_bd} tại {xa}, {tinh}, ban đầu chỉ có {so_tv} thành viên."
    " Đến nay, {chu} đã trở thành một điển hình của địa phương.",
    "Từ năm {nam_bd}, {ten} từng bước khắc phục khó khăn, trở thành điểm sáng của {xa}, {tinh}.",
    "Ra đời năm {nam_bd} với cơ sở vật chất thiếu thốn, {ten} nay là một trong những tập thể"
    " tiêu biểu của {tinh}.",
)
_INTRO_MODEL = (
    "{Ten} được hình thành từ năm {nam_bd}, xuất phát từ chính nhu cầu của người dân {xa}, {tinh}.",
    "Năm {nam_bd}, từ một cuộc họp dân, {ten} ra đời. Đến nay, mô hình đã thu hút {so_ho} hộ"
    " dân tham gia.",
)
_ACTIVITIES: dict[str, tuple[str, ...]] = {
    "nong-nghiep": (
        "{Chu} mạnh dạn chuyển {dt} ha đất trồng lúa kém hiệu quả sang trồng {cay}, cho thu nhập"
        " gấp {boi} lần trước đây.",
        "Từ năm {nam_giua}, {chu} áp dụng quy trình sản xuất theo tiêu chuẩn VietGAP và liên kết"
        " tiêu thụ sản phẩm với {so_dn} doanh nghiệp.",
        "Mỗi năm, {chu} tạo việc làm thường xuyên cho {lao_dong} lao động địa phương với thu nhập"
        " {luong} triệu đồng/người/tháng.",
        "{Chu} thường xuyên chia sẻ kinh nghiệm, hỗ trợ giống và kỹ thuật cho {so_ho} hộ nông dân"
        " trong vùng.",
        "Vùng {cay} do {chu} khởi xướng nay đã rộng {dt} ha, được cấp mã số vùng trồng.",
    ),
    "giao-duc": (
        "{Chu} luôn đi đầu trong đổi mới phương pháp dạy học, ứng dụng công nghệ thông tin vào"
        " từng bài giảng.",
        "Nhiều năm liền, tỷ lệ học sinh hoàn thành chương trình đạt {pct}%.",
        "{Chu} có {so_sk} sáng kiến kinh nghiệm được Hội đồng khoa học ngành giáo dục {tinh}"
        " công nhận.",
        "Những năm khó khăn, {chu} vận động được {tien} triệu đồng mua sách vở, áo ấm cho học sinh"
        " nghèo.",
        "Đã có {so_hs} học sinh đạt giải trong các kỳ thi học sinh giỏi cấp tỉnh, cấp quốc gia.",
    ),
    "y-te": (
        "{Chu} khám, điều trị cho hơn {so_bn} lượt người bệnh mỗi năm.",
        "Tỷ lệ trẻ em dưới một tuổi được tiêm chủng đầy đủ trên địa bàn luôn duy trì trên {pct}%.",
        "{Chu} lập hồ sơ quản lý sức khỏe cho {so_ho} hộ gia đình, chú trọng người cao tuổi và"
        " người mắc bệnh mạn tính.",
        "Những ngày mưa lũ, {chu} vẫn lội bộ đến từng nhà để cấp thuốc, hướng dẫn bà con phòng"
        " dịch.",
    ),
    "an-ninh": (
        "{Chu} phối hợp với Nhân dân xây dựng {so_mh} mô hình tự quản về an ninh, trật tự.",
        "Nhiều năm liền, địa bàn không có điểm nóng; tội phạm hình sự giảm {pct_giam}% so với năm"
        " trước.",
        "{Chu} trực tiếp tham gia giải quyết {so_vu} vụ việc, hòa giải thành phần lớn mâu thuẫn"
        " ngay từ cơ sở.",
        "Trong mùa mưa bão, {chu} có mặt ở những điểm xung yếu, giúp di dời {so_ho} hộ dân đến"
        " nơi an toàn.",
    ),
    "cong-nghiep": (
        "{Chu} có {so_sk} sáng kiến cải tiến kỹ thuật, làm lợi khoảng {tien} triệu đồng mỗi năm.",
        "{Chu} luôn hoàn thành vượt định mức, bảo đảm an toàn lao động tuyệt đối.",
        "Đời sống của {lao_dong} người lao động được chăm lo, thu nhập bình quân đạt {luong} triệu"
        " đồng/người/tháng.",
        "Dây chuyền do {chu} đề xuất cải tiến giúp giảm {pct_giam}% tỷ lệ sản phẩm lỗi.",
    ),
    "kinh-doanh": (
        "Doanh thu năm {nam_gan} đạt {dt_ty} tỷ đồng; nghĩa vụ thuế được thực hiện đầy đủ,"
        " đúng hạn.",
        "{Chu} tạo việc làm ổn định cho {lao_dong} lao động, phần lớn là người địa phương.",
        "Mỗi năm, {chu} dành {tien} triệu đồng ủng hộ quỹ khuyến học và xây nhà đại đoàn kết.",
    ),
    "van-hoa-the-thao": (
        "{Chu} dày công sưu tầm, phục dựng {so_bai} làn điệu dân ca của địa phương.",
        "Mỗi năm, {chu} tổ chức hàng chục buổi biểu diễn phục vụ bà con vùng sâu, vùng xa.",
        "{Chu} truyền dạy miễn phí cho hơn {so_hs} học trò, nhiều em đã đoạt giải tại các liên hoan"
        " nghệ thuật quần chúng.",
    ),
    "dan-van": (
        "{Chu} kiên trì đến từng nhà vận động bà con hiến {dt_m2} m² đất làm đường giao thông"
        " nông thôn.",
        "Nhờ cách làm gần dân, {so_ho} hộ đã tự nguyện tham gia và đóng góp ngày công.",
        "{Chu} đứng ra hòa giải thành công {so_vu} vụ mâu thuẫn trong cộng đồng.",
        "Các cuộc họp dân đều được {chu} tổ chức công khai, bàn bạc dân chủ trước khi làm.",
    ),
    "doan-the": (
        "{Chu} vận động thành lập {so_mh} tổ hợp tác, giúp hội viên vay vốn phát triển kinh tế.",
        "Quỹ hỗ trợ hội viên do {chu} vận động đã đạt {tien} triệu đồng.",
        "{Chu} tổ chức {so_mh} lớp tập huấn về kỹ năng sống, phòng chống bạo lực gia đình.",
        "Số hội viên tăng từ {so_tv} lên {so_ho} người chỉ sau vài năm.",
    ),
    "hanh-chinh": (
        "{Chu} tham mưu rút ngắn thời gian giải quyết thủ tục hành chính; tỷ lệ hồ sơ đúng hạn"
        " đạt {pct}%.",
        "{Chu} hướng dẫn người dân nộp hồ sơ trực tuyến và sử dụng dịch vụ công trên điện thoại.",
        "Chỉ số hài lòng của người dân đối với bộ phận một cửa đạt trên {pct}%.",
    ),
    "an-sinh-xa-hoi": (
        "{Chu} vận động xây dựng {so_nha} căn nhà đại đoàn kết cho hộ nghèo.",
        "Mỗi dịp Tết, {chu} trao hàng trăm suất quà cho gia đình chính sách, hộ cận nghèo.",
        "Tỷ lệ hộ nghèo trên địa bàn giảm từ {pct_a}% xuống còn {pct_b}%.",
    ),
    "moi-truong": (
        "{Chu} duy trì thu gom rác thải hằng ngày cho {so_ho} hộ dân.",
        "Hơn {so_km} km đường làng đã được trồng hoa, cây xanh.",
        "{Chu} hướng dẫn bà con phân loại rác tại nguồn, ủ phân hữu cơ từ rác nhà bếp.",
    ),
    "giao-thong": (
        "{Chu} đã đảm bảo an toàn tuyệt đối trên hơn {so_km} nghìn km đường.",
        "{Chu} vận động lắp đặt {so_den} bóng đèn chiếu sáng trên các tuyến đường liên thôn.",
        "Nhờ chủ động duy tu, các tuyến đường do {chu} phụ trách luôn thông suốt trong mùa mưa lũ.",
    ),
    "thong-tin-truyen-thong": (
        "{Chu} thực hiện hàng trăm tin, bài phản ánh đời sống ở cơ sở mỗi năm.",
        "{Chu} hướng dẫn {so_ho} hộ dân cài đặt và sử dụng ứng dụng dịch vụ công trên điện thoại.",
    ),
    "khoa-hoc-cong-nghe": (
        "{Chu} chủ trì {so_dt} đề tài khoa học cấp tỉnh, cấp bộ; nhiều kết quả đã được chuyển giao"
        " cho sản xuất.",
        "{Chu} có {so_bai} bài báo khoa học đăng trên các tạp chí trong nước và quốc tế.",
        "Giải pháp của {chu} giúp tiết kiệm khoảng {tien} triệu đồng mỗi năm.",
    ),
    "quoc-phong": (
        "{Chu} tham gia huấn luyện, luôn đạt loại giỏi trong các đợt kiểm tra.",
        "Trong mùa mưa bão, {chu} cùng lực lượng dân quân giúp di dời {so_ho} hộ dân đến nơi"
        " an toàn.",
        "{Chu} tham gia tuần tra, bảo vệ địa bàn {so_vu} lần mỗi năm.",
    ),
}
_CHALLENGES = (
    "Những ngày đầu không ít khó khăn: vốn ít, kinh nghiệm chưa có, nhiều người còn nghi ngại.",
    "Có thời điểm thiên tai, dịch bệnh khiến công việc gần như phải bắt đầu lại từ đầu.",
    "{Chu} nhiều lần đi học hỏi kinh nghiệm ở các tỉnh bạn rồi về áp dụng phù hợp với điều kiện"
    " địa phương.",
    "Không nản lòng, {chu} kiên trì thuyết phục từng người, làm trước để mọi người cùng làm theo.",
    "Điều {chu} tâm đắc nhất là sự đồng thuận của bà con trong mỗi việc làm chung.",
    "Cách làm không có gì cao siêu: việc gì đã bàn thì làm đến nơi đến chốn, công khai với dân.",
)
_OUTLOOK = (
    "Thời gian tới, {chu} dự định mở rộng quy mô, tiếp tục chia sẻ kinh nghiệm để nhiều người"
    " cùng làm.",
    "{Chu} mong muốn tiếp tục đóng góp sức mình cho sự phát triển của {xa}.",
    "Với {chu}, mỗi danh hiệu là động lực để tiếp tục cố gắng, không phải là đích đến.",
    "Những kết quả ấy được chính quyền và Nhân dân địa phương ghi nhận, lan tỏa trong phong trào"
    " thi đua yêu nước.",
    "Cách làm của {chu} đã được nhiều nơi trong {tinh} đến học tập, nhân rộng.",
    "Điều quý nhất, theo nhiều người dân, là sự bền bỉ: năm nào cũng làm, việc nhỏ cũng làm.",
)
_QUOTES = (
    "Mình làm được thì phải giúp bà con cùng làm được.",
    "Việc gì có lợi cho dân thì phải kiên trì đến cùng.",
    "Phần thưởng lớn nhất là thấy bà con tin tưởng.",
    "Cứ làm thật, làm đến nơi đến chốn thì dân sẽ theo.",
    "Không ai làm thay mình được, nên phải tự mình bắt tay vào trước.",
)
_CLOSING = (
    "*Hồ sơ tổng hợp phục vụ đo hiệu năng: nhân vật, đơn vị và số liệu là hư cấu; địa danh là"
    " đơn vị hành chính có thật.*"
)
_SUMMARIES: dict[str, str] = {
    "nong-nghiep": "điển hình sản xuất, kinh doanh giỏi, giúp nhiều hộ thoát nghèo",
    "giao-duc": "tận tụy với học sinh, đi đầu đổi mới phương pháp dạy học",
    "y-te": "tận tâm chăm sóc sức khỏe ban đầu cho Nhân dân",
    "an-ninh": "nòng cốt giữ gìn an ninh, trật tự ở cơ sở",
    "quoc-phong": "nòng cốt xây dựng lực lượng dân quân vững mạnh",
    "cong-nghiep": "lao động giỏi, nhiều sáng kiến cải tiến kỹ thuật",
    "kinh-doanh": "sản xuất, kinh doanh hiệu quả, chăm lo tốt cho người lao động",
    "van-hoa-the-thao": "gìn giữ và truyền dạy văn hóa truyền thống",
    "dan-van": "gần dân, hiểu dân, vận động Nhân dân cùng làm",
    "doan-the": "tập hợp, đoàn kết hội viên, đoàn viên phát triển kinh tế",
    "hanh-chinh": "cải cách hành chính, phục vụ người dân tận tình",
    "an-sinh-xa-hoi": "chăm lo cho người nghèo, gia đình chính sách",
    "moi-truong": "giữ gìn môi trường xanh, sạch, đẹp",
    "giao-thong": "bảo đảm giao thông an toàn, thông suốt",
    "thong-tin-truyen-thong": "đưa thông tin và dịch vụ số đến với người dân",
    "khoa-hoc-cong-nghe": "nghiên cứu và chuyển giao khoa học vào sản xuất",
}
_PUBLISHERS = (
    "Báo {ten_tinh}",
    "Cổng thông tin điện tử {tinh}",
    "Đài Phát thanh và Truyền hình {ten_tinh}",
)
_WITHDRAWAL_REASONS = (
    "Theo đề nghị của người được tôn vinh.",
    "Hồ sơ trùng lặp với một hồ sơ khác.",
    "Thông tin khen thưởng chưa được xác minh.",
    "Quyết định khen thưởng bị thu hồi.",
)

# --- helpers ---------------------------------------------------------------------------------


def _key(text: str) -> str:
    """ASCII slug: no diacritics, đ→d, runs of other characters as one dash."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _lower_unit(unit: Unit) -> str:
    """ "xã Triệu Thành", "thành phố Hà Nội": the unit as written inside a sentence."""
    return f"{unit.type.lower()} {unit.name}"


def _vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _weighted(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    return rng.choices([i for i, _ in items], [w for _, w in items])[0]


def _numeric_name(unit: Unit) -> bool:
    """True for "Phường 7": a name that means nothing without its type."""
    return unit.name[:1].isdigit()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Tables:
    """The admin table in the shapes the generator needs, built once per process."""

    admin: AdminUnits
    taxonomy: Taxonomy
    old: list[tuple[Unit, Unit, Unit]]  # commune, district, province (before the reform)
    new: list[tuple[Unit, Unit]]  # commune, province (from 2025-07-01)
    predecessors: dict[str, list[Unit]]  # new commune code -> old communes that went into it


@cache
def _tables() -> _Tables:
    admin = load_admin_units()
    old: list[tuple[Unit, Unit, Unit]] = []
    predecessors: dict[str, list[Unit]] = {}
    for commune in admin.units(OLD_ERA, 3):
        district, province = admin.ancestors(commune)[:2]
        old.append((commune, district, province))
        for code in commune.successors:
            predecessors.setdefault(code, []).append(commune)
    new = [(c, admin.ancestors(c)[0]) for c in admin.units(NEW_ERA, 3)]
    local = Award(
        id="cong-dan-thu-do-uu-tu", vi="Danh hiệu Công dân Thủ đô ưu tú",
        en="Outstanding Citizen of the Capital", form="dia-phuong", kind="title",
        level="ministry_province", classes=(), recipients=frozenset({"individual"}),
        conferred_by=frozenset({"province"}), precedence=6.5, valid_from=None, valid_to=None,
        renamed=(), local=True,
    )  # fmt: skip  # the same title as site_config.yml's local_awards
    taxonomy = load_taxonomy().with_local([local])
    return _Tables(admin, taxonomy, old, new, predecessors)


@dataclass
class _Place:
    """Where a profile is recorded, and the units to name in texts before and after the reform."""

    era: str
    commune: Unit
    district: Unit | None
    province: Unit
    current_province: Unit
    as_of: dt.date
    old: tuple[Unit, Unit | None, Unit]  # commune, district, province as named before 2025-07-01
    new: tuple[Unit, Unit]  # commune, province as named from 2025-07-01

    def at(self, day: dt.date) -> tuple[Unit, Unit | None, Unit]:
        """Commune, district and province as named on that day."""
        if day < REFORM_DATE:
            return self.old
        return (self.new[0], None, self.new[1])


@dataclass
class _AwardOut:
    award: Award
    klass: str | None
    year: int
    date: dt.date
    level: str
    issuer: str
    number: str
    citation: str | None
    campaign: str | None
    posthumous: bool = False
    status: str = "active"
    revocation: tuple[str, dt.date, str] | None = None


@dataclass
class _Profile:
    """Everything about one profile before it is written."""

    kind: str
    slug: str
    sector: str
    place: _Place
    groups: tuple[str, ...]
    traits: frozenset[str]
    start: dt.date
    display: str
    role: str | None = None
    unit: str = ""
    lines: list[str] = field(default_factory=list)
    awards: list[_AwardOut] = field(default_factory=list)


# --- the generator ---------------------------------------------------------------------------


class _Generator:
    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.tables = _tables()
        self.slugs: set[str] = set()
        self.people: set[tuple[str, str]] = set()
        self.persona_weights = [p.weight for p in _PERSONAS]
        self.collective_weights = [g.weight for g in _COLLECTIVES]
        self.model_weights = [g.weight for g in _MODELS]
        self.families = [f for f, _ in _FAMILIES]
        self.family_weights = [w for _, w in _FAMILIES]

    # -- places ---------------------------------------------------------------------------

    def place(self, current: bool) -> _Place:
        rng, tables, admin = self.rng, self.tables, self.tables.admin
        if current:
            commune, province = rng.choice(tables.new)
            as_of = _between(rng, REFORM_DATE, self.today)
            before = tables.predecessors.get(commune.code)
            old_commune = rng.choice(before) if before else None
            old: tuple[Unit, Unit | None, Unit]
            if old_commune is not None:
                district, old_province = admin.ancestors(old_commune)[:2]
                old = (old_commune, district, old_province)
            else:  # pragma: no cover - every new commune has a predecessor in the table
                old = (commune, None, province)
            return _Place(
                NEW_ERA, commune, None, province, province, as_of, old, (commune, province)
            )
        commune, district, province = rng.choice(tables.old)
        as_of = _between(rng, dt.date(2012, 1, 1), REFORM_DATE - dt.timedelta(days=1))
        now = admin.current_units(commune)
        new_province = admin.current_province(commune)
        new_commune = now[0] if now and now[0].level == 3 else commune
        return _Place(
            OLD_ERA, commune, district, province, new_province, as_of,
            (commune, district, province), (new_commune, new_province),
        )  # fmt: skip

    def locality_lines(self, place: _Place) -> list[str]:
        rng = self.rng
        province = place.province
        # Editors write names both ways ("Quảng Trị", "Tỉnh Quảng Trị"); districts keep their
        # type, which tells "huyện Kỳ Anh" from "thị xã Kỳ Anh".
        lines = ["locality:"]
        lines.append(
            f"  province: {_q(province.full_name if rng.random() < 0.4 else province.name)}"
        )
        if place.district is not None:
            lines.append(f"  district: {_q(place.district.full_name)}")
        commune = place.commune
        numeric = _numeric_name(commune)
        written = commune.full_name if numeric or rng.random() < 0.5 else commune.name
        lines.append(f"  commune: {_q(written)}")
        lines.append(f"  code: {_q(commune.code)}")
        lines.append(f"  as_of: {place.as_of.isoformat()}")
        return lines

    def words(self, place: _Place, day: dt.date) -> dict[str, str]:
        """Template words for a place as named on `day`."""
        commune, _, province = place.at(day)
        if commune.type == "Phường":
            village = f"tổ dân phố {self.rng.randint(1, 25)}"
        elif commune.type == "Thị trấn":
            village = f"khu phố {self.rng.randint(1, 12)}"
        elif place.old[2].code >= _AP_FROM:
            village = f"ấp {self.rng.choice(_VILLAGES)}"
        else:
            village = f"thôn {self.rng.choice(_VILLAGES)}"
        return {
            "xa": _lower_unit(commune),
            "Xa": commune.full_name,
            "ten_xa": commune.name,
            "tinh": _lower_unit(province),
            "ten_tinh": province.name,
            "thon": village,
            "Thon": _cap(village),
            "hieu": self.rng.choice(_BRANDS),
            "cay": self.rng.choice(_CROPS),
            "viec": self.rng.choice(_TASKS),
        }

    def unique_slug(self, base: str) -> str:
        base = base[:90].rstrip("-")
        slug, counter = base, 2
        while slug in self.slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        self.slugs.add(slug)
        return slug

    # -- awards ---------------------------------------------------------------------------

    def level(self, award: Award, day: dt.date) -> str | None:
        taxonomy = self.tables.taxonomy
        options = [
            (lvl, _LEVEL_WEIGHT[lvl])
            for lvl in sorted(award.conferred_by)
            if taxonomy.issuer_in_force(lvl, day)
            and not (lvl == "district" and day >= REFORM_DATE)
            and self.may_confer(lvl, award, day)
        ]
        if not options:
            return None
        return _weighted(self.rng, options)

    def may_confer(self, level: str, award: Award, day: dt.date) -> bool:
        """True unless a conferral rule of that date (Law 06/2022 Art. 80 …) leaves it out."""
        rules = self.tables.taxonomy.conferral_on(level, day)
        return not rules or any(award.id in rule.awards for rule in rules)

    def issuer(self, level: str, day: dt.date, profile: _Profile) -> tuple[str, str]:
        rng = self.rng
        number = rng.randint(1, 3999)
        commune, district, province = profile.place.at(day)
        if level == "state":
            return "Chủ tịch nước", f"{number}/QĐ-CTN"
        if level == "government":
            return "Thủ tướng Chính phủ", f"{number}/QĐ-TTg"
        if level == "ministry":
            before, after = _MINISTRIES[profile.sector]
            head, body, suffix = before if day < _MINISTRY_MERGER else after
            return f"{head} {body}", f"{number}/QĐ-{suffix}"
        if level == "province":
            return f"Chủ tịch Ủy ban nhân dân {_lower_unit(province)}", f"{number}/QĐ-UBND"
        if level == "district" and district is not None:
            return f"Chủ tịch Ủy ban nhân dân {_lower_unit(district)}", f"{number}/QĐ-UBND"
        if level == "commune":
            return f"Chủ tịch Ủy ban nhân dân {_lower_unit(commune)}", f"{number}/QĐ-UBND"
        unit_head = next((h for p, h in _UNIT_HEADS if profile.unit.startswith(p)), None)
        if unit_head is not None and rng.random() < 0.8:
            initials = "".join(w[0] for w in profile.unit.split()).upper()[:6]
            return f"{unit_head} {profile.unit}", f"{number}/QĐ-{initials}"
        head, body, suffix = _PROVINCIAL_BODIES.get(profile.sector, _DEFAULT_BODY)
        return f"{head} {body.format(tinh=_lower_unit(province))}", f"{number}/QĐ-{suffix}"

    def campaign_for(self, profile: _Profile, day: dt.date) -> str | None:
        fits = [
            c.slug
            for c in _CAMPAIGNS
            if profile.sector in c.sectors
            and c.start <= day <= (c.end or self.today)
            and (c.province is None or c.province == profile.place.current_province.code)
        ]
        return self.rng.choice(fits) if fits else None

    def award(
        self, profile: _Profile, picks: Sequence[_Pick], start: dt.date, end: dt.date
    ) -> _AwardOut | None:
        """One award record that the taxonomy allows for this profile, or None after tries."""
        rng, taxonomy = self.rng, self.tables.taxonomy
        weights = [p.weight for p in picks]
        for _ in range(12):
            pick = rng.choices(picks, weights)[0]
            low = max(start, dt.date(pick.first, 1, 1))
            high = min(end, dt.date(pick.last, 12, 31))
            if low > high:
                continue
            day = _between(rng, low, high)
            award = taxonomy.get(pick.award)
            if award is None or _RECIPIENT[profile.kind] not in award.recipients:
                continue
            if not award.in_force(day):
                continue
            # State and Prime Minister's awards crown a career; wartime medals are the exception.
            seasoned = day.year - profile.start.year >= 10 or "cuu-chien-binh" in pick.needs
            if award.precedence < 600 and not seasoned:
                continue
            classes = award.classes_on(day)
            klass: str | None = None
            if classes:
                allowed = [(c, w) for c, w in pick.classes if c in classes]
                klass = _weighted(rng, allowed) if allowed else classes[-1]
            level = self.level(award, day)
            if level is None:
                continue
            issuer, number = self.issuer(level, day, profile)
            # Annual titles are decided early in the following year.
            year = day.year - 1 if award.kind == "emulation_title" and day.month <= 4 else day.year
            year = max(year, start.year)
            campaign = self.campaign_for(profile, day) if rng.random() < 0.55 else None
            return _AwardOut(
                award, klass, year, day, level, issuer, number,
                self.citation(award, klass, year, campaign), campaign,
            )  # fmt: skip
        return None

    def citation(
        self, award: Award, klass: str | None, year: int, campaign: str | None
    ) -> str | None:
        rng = self.rng
        if award.kind in ("order", "title", "prize") or award.id == "bang-khen-thu-tuong":
            first = year - rng.randint(3, 6)
            return (
                f"Đã có thành tích xuất sắc trong công tác từ năm {first} đến năm {year - 1},"
                " góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc."
            )
        if campaign is not None:
            title = next(c.title for c in _CAMPAIGNS if c.slug == campaign)
            return f"Đã có thành tích xuất sắc trong phong trào thi đua “{title}” năm {year}."
        if rng.random() < 0.5:
            return None
        return rng.choice(
            (
                f"Đã hoàn thành xuất sắc nhiệm vụ năm {year}.",
                f"Đã có thành tích tiêu biểu trong lao động, sản xuất năm {year}.",
                f"Đã có nhiều đóng góp cho phong trào thi đua yêu nước của địa phương năm {year}.",
            )
        )

    def awards(self, profile: _Profile, end: dt.date) -> list[_AwardOut]:
        rng = self.rng
        wanted = _weighted(rng, ((1, 40.0), (2, 30.0), (3, 20.0), (4, 10.0)))
        picks = [
            p
            for p in _AWARDS_BY_KIND[profile.kind]
            if not p.needs or any(n in profile.traits for n in p.needs)
        ]
        found: list[_AwardOut] = []
        seen: set[tuple[str, int]] = set()
        for _ in range(wanted + 2):
            if len(found) == wanted:
                break
            record = self.award(profile, picks, profile.start, end)
            if record is None or (record.award.id, record.year) in seen:
                continue
            seen.add((record.award.id, record.year))
            found.append(record)
        found.sort(key=lambda a: (a.date, a.award.id))
        # A small share of decisions is later revoked.
        for record in found:
            late = record.date + dt.timedelta(days=60)
            if late < self.today and rng.random() < 0.004:
                record.status = "revoked"
                when = _between(rng, late, self.today)
                record.revocation = (
                    f"{rng.randint(1, 3999)}/QĐ-{record.number.rsplit('-', 1)[-1]}",
                    when,
                    record.issuer,
                )
        return found

    # -- people and groups ----------------------------------------------------------------

    def person(self, place: _Place) -> tuple[list[str], _Profile, dict[str, str]]:
        rng = self.rng
        persona = rng.choices(_PERSONAS, self.persona_weights)[0]
        female = rng.random() < persona.female
        old_place = place.old[2]
        ethnicity: str | None = None
        if old_place.code in _HIGHLAND and rng.random() < 0.35:
            ethnicity, families, males, females = rng.choice(_HIGHLAND_PEOPLE)
            family = rng.choice(families)
            middle = "Thị" if female else ("A" if ethnicity == "Mông" else "Văn")
            given = rng.choice(females if female else males)
        else:
            family = rng.choices(self.families, self.family_weights)[0]
            if old_place.code >= "48" and family in _SOUTHERN and rng.random() < 0.8:
                family = _SOUTHERN[family]
            middle = _weighted(rng, _MIDDLE_FEMALE if female else _MIDDLE_MALE)
            if rng.random() < 0.08:
                given = rng.choice(_GIVEN2_FEMALE if female else _GIVEN2_MALE)
            else:
                given = rng.choice(_GIVEN_FEMALE if female else _GIVEN_MALE)
        display = f"{family} {middle} {given}"
        dup_key = (_key(display), place.commune.code)
        if dup_key in self.people:  # two records of one name in one commune look like one person
            given = rng.choice(_GIVEN2_FEMALE if female else _GIVEN2_MALE)
            display = f"{family} {middle} {given}"
            dup_key = (_key(display), place.commune.code)
            if dup_key in self.people:
                middle = f"{middle} {rng.choice(('Minh', 'Thanh', 'Hoài', 'Ngọc'))}"
                display = f"{family} {middle} {given}"
                dup_key = (_key(display), place.commune.code)
        if dup_key in self.people:
            raise _Retry
        self.people.add(dup_key)

        age = rng.randint(*persona.ages)
        birth_year = place.as_of.year - age
        first_job = max(birth_year + (16 if age < 25 else 21), 1976)
        words = self.words(place, place.as_of)
        position = rng.choice(persona.positions).format_map(words)
        unit = rng.choice(persona.units).format_map(words)
        # "nguyen-van-an-trieu-thanh"; numbered wards keep their type: "...-phuong-7".
        where = place.commune.full_name if _numeric_name(place.commune) else place.commune.name
        slug = self.unique_slug(f"{_key(display)}-{_key(where)}")
        traits = frozenset(
            (persona.sector, *persona.groups, "female" if female else "male",
             f"p{place.current_province.code}")
        )  # fmt: skip
        profile = _Profile(
            "individual", slug, persona.sector, place, persona.groups, traits,
            dt.date(first_job, 1, 1), display, persona.role, unit,
        )  # fmt: skip
        lines = [
            f"slug: {slug}",
            "kind: individual",
            "illustrative: true",
            "name:",
            f"  family: {_q(family)}",
            f"  middle: {_q(middle)}",
            f"  given: {_q(given)}",
            f"gender: {'female' if female else 'male'}",
        ]
        consent: list[str] = []
        show_birth = rng.random() < 0.6
        if show_birth:
            lines.append(f"birth_year: {birth_year}")
            consent.append("  birth_date: true")
        elif rng.random() < 0.3:
            consent.append("  birth_date: false")
        if ethnicity is not None and rng.random() < 0.7:
            lines.append(f"ethnicity: {_q(ethnicity)}")
            consent.append("  ethnicity: true")
        lines.append(f"position: {_q(position)}")
        if unit:
            lines.append(f"unit: {_q(unit)}")
        profile.lines = lines
        pronoun = ("bà" if female else "ông") if age >= 50 else ("chị" if female else "anh")
        job = position[:1].lower() + position[1:]
        story_words = {
            "Ten": display, "ten": display, "Chu": _cap(pronoun), "chu": pronoun,
            "viec_lam": job if not unit else f"{job} tại {unit}",
            "nam_sinh": str(birth_year) if show_birth else "",
        }  # fmt: skip
        return consent, profile, story_words

    def group(self, place: _Place, kind: Kind) -> tuple[list[str], _Profile, dict[str, str]]:
        rng = self.rng
        if kind == "collective":
            group = rng.choices(_COLLECTIVES, self.collective_weights)[0]
        else:
            group = rng.choices(_MODELS, self.model_weights)[0]
        words = self.words(place, place.as_of)
        full = group.full.format_map(words)
        full = full[:1].upper() + full[1:]
        short = group.short.format_map(words) if group.short else ""
        slug = self.unique_slug(_key(full) if kind == "collective" else _key(short or full))
        founded = rng.randint(1960, 2015) if kind == "collective" else rng.randint(2005, 2022)
        founded = min(founded, place.as_of.year - 1)
        traits = frozenset(
            (group.sector, *group.groups, *group.tags, f"p{place.current_province.code}")
        )
        profile = _Profile(
            kind, slug, group.sector, place, group.groups, traits,
            dt.date(founded + 1, 1, 1), full,
        )  # fmt: skip
        lines = [
            f"slug: {slug}",
            f"kind: {kind}",
            "illustrative: true",
            "name:",
            f"  full: {_q(full)}",
        ]
        if short:
            lines.append(f"  short: {_q(short)}")
        if group.sector in ("cong-nghiep", "kinh-doanh"):
            lines.append(
                f"unit: {_q(f'Doanh nghiệp ngoài nhà nước, khoảng {rng.randint(30, 900)} người')}"
            )
        profile.lines = lines
        subject = "mô hình" if kind == "model" else "đơn vị"
        story_words = {
            "Ten": full, "ten": short or full, "Chu": _cap(subject), "chu": subject,
            "viec_lam": "", "nam_sinh": "",
        }  # fmt: skip
        return [], profile, story_words

    # -- the profile file -----------------------------------------------------------------

    def profile(self, index: int, photo: bool) -> tuple[str, str, str, str]:
        """(relative path, YAML text, slug, status) of one profile."""
        rng = self.rng
        kind = _weighted(rng, _KIND_SHARES)
        status = _weighted(rng, (("published", 96.5), ("proposed", 2.5), ("withdrawn", 1.0)))
        # Proposals are current business: their locality uses today's list.
        current = status == "proposed" or rng.random() < 0.45
        for _ in range(5):
            place = self.place(current)
            try:
                if kind == "individual":
                    consent, profile, story_words = self.person(place)
                else:
                    consent, profile, story_words = self.group(place, kind)
                break
            except _Retry:
                continue
        else:  # pragma: no cover - five crowded communes in a row
            raise RuntimeError("could not find a unique name")
        lines = profile.lines
        lines.append(f"sector: {profile.sector}")
        groups = [g for g in profile.groups if g in TARGET_GROUPS]
        if groups:
            lines.append(f"target_groups: [{', '.join(groups)}]")
        if profile.role is not None:
            lines.append(f"work_role: {profile.role}")
        lines.extend(self.locality_lines(place))

        awards = self.awards(profile, place.as_of)
        death_year: int | None = None
        if (
            kind == "individual"
            and rng.random() < 0.005
            and place.as_of.year > profile.start.year + 2
        ):
            death_year = rng.randint(profile.start.year + 1, place.as_of.year - 1)
            awards = [a for a in awards if a.date.year <= death_year]
            day = _between(rng, dt.date(death_year + 1, 1, 1), place.as_of)
            award = self.tables.taxonomy.get("bang-khen-bo-ban-nganh-tinh")
            assert award is not None
            level = "province"
            issuer, number = self.issuer(level, day, profile)
            awards.append(
                _AwardOut(
                    award, None, day.year, day, level, issuer, number,
                    "Đã có thành tích xuất sắc, dũng cảm cứu người bị nạn.", None, posthumous=True,
                )
            )  # fmt: skip
        if death_year is not None:
            lines.append(f"death_year: {death_year}")
        profile.awards = awards
        if awards:
            lines.append("awards:")
            for record in awards:
                lines.extend(_award_lines(record))
        campaigns = sorted({a.campaign for a in awards if a.campaign})
        if campaigns:
            lines.append(f"campaigns: [{', '.join(campaigns)}]")

        words = self.words(place, place.as_of)
        words.update(story_words)
        tail = _SUMMARIES.get(profile.sector, "tiêu biểu trong phong trào thi đua yêu nước")
        where = f" ({words['ten_xa']}, {words['ten_tinh']})"
        if words["ten_xa"] in profile.display:  # "Trạm Y tế xã Triệu Thành" says it already
            where = ""
        summary = f"{_cap(profile.display)}{where}: {tail}."
        lines.append(f"summary: {_q(summary)}")
        lines.append("story: |")
        for paragraph_line in self.story(profile, words).split("\n"):
            lines.append(f"  {paragraph_line}" if paragraph_line else "")
        lines.extend(self.sources(profile, words))
        if photo:
            alt = f"Ảnh minh họa dạng phong cảnh (ruộng bậc thang) cho hồ sơ {profile.display}"
            caption = f"{profile.display}, {words['xa']}"
            lines.extend(
                [
                    "photos:",
                    f"  - file: {_q(f'photos/{profile.slug}.jpg')}",
                    f"    alt: {_q(alt)}",
                    f"    caption: {_q(caption)}",
                    '    credit: "Ảnh minh họa do vinhdanh tạo"',
                    '    licence: "CC0 1.0"',
                ]
            )
            consent.insert(0, "  photo: true")
        if consent:
            lines.append("consent:")
            lines.extend(consent)
            lines.append(f"  reference: {_q(f'HS-{place.as_of.year}-{index + 1:05d}')}")
        lines.append(f"status: {status}")
        last = max([place.as_of, *(a.date for a in awards)])
        if status == "proposed":
            lines.extend(self.proposal(profile, words))
        elif status == "withdrawn":
            when = _between(rng, last, self.today)
            lines.extend(
                [
                    "withdrawal:",
                    f"  date: {when.isoformat()}",
                    f"  reason: {_q(rng.choice(_WITHDRAWAL_REASONS))}",
                ]
            )
            last = when
        lines.append(f"updated: {_between(rng, last, self.today).isoformat()}")
        folder = _key(place.current_province.name)
        text = unicodedata.normalize("NFC", "\n".join(lines) + "\n")
        return f"profiles/{folder}/{profile.slug}.yml", text, profile.slug, status

    def proposal(self, profile: _Profile, words: dict[str, str]) -> list[str]:
        rng = self.rng
        if profile.kind == "individual":
            options = ["huan-chuong-lao-dong", "bang-khen-thu-tuong", "chien-si-thi-dua-toan-quoc"]
        elif profile.kind == "collective":
            options = ["huan-chuong-lao-dong", "bang-khen-thu-tuong", "co-thi-dua-chinh-phu"]
        else:
            options = ["bang-khen-thu-tuong"]
        award_id = rng.choice(options)
        start = self.today - dt.timedelta(days=rng.randint(0, 10))
        end = start + dt.timedelta(days=rng.randint(20, 30))
        province = profile.place.current_province
        comments_to = (
            f"Ban Thi đua – Khen thưởng {_lower_unit(province)};"
            f" thư điện tử: thiduakhenthuong@{_key(province.name)}.example.vn"
        )
        notice = f"Thông báo số {rng.randint(1, 999)}/TB-HĐTĐKT ngày {_vn_date(start)}"
        lines = ["proposal:", f"  award: {award_id}"]
        if award_id == "huan-chuong-lao-dong":
            lines.append("  class: ba")
        lines += [
            f"  proposed_by: {_q(f'Ủy ban nhân dân {_lower_unit(province)}')}",
            f"  window_start: {start.isoformat()}",
            f"  window_end: {end.isoformat()}",
            f"  comments_to: {_q(comments_to)}",
            f"  notice: {_q(notice)}",
        ]
        return lines

    def sources(self, profile: _Profile, words: dict[str, str]) -> list[str]:
        rng = self.rng
        count = _weighted(rng, ((0, 30.0), (1, 50.0), (2, 20.0)))
        if not count:
            return []
        lines = ["sources:"]
        for i in range(count):
            day = _between(rng, profile.start, profile.place.as_of)
            publisher = rng.choice(_PUBLISHERS).format_map(words)
            title = rng.choice(
                (
                    f"{profile.display}: {_SUMMARIES.get(profile.sector, 'điển hình tiên tiến')}",
                    f"Gương sáng ở {words['xa']}",
                    f"Tôn vinh điển hình tiên tiến {words['tinh']} năm {day.year}",
                )
            )
            folder = _key(words["ten_tinh"])
            url = f"https://example.vn/{folder}/{profile.slug}-{day.year}-{i + 1}.html"
            lines += [
                f"  - title: {_q(title)}",
                f"    url: {_q(url)}",
                f"    publisher: {_q(publisher)}",
                f"    date: {day.isoformat()}",
            ]
        return lines

    def story(self, profile: _Profile, words: dict[str, str]) -> str:
        rng = self.rng
        numbers = {
            "nam_bd": str(profile.start.year),
            "so_nam": str(max(2, profile.place.as_of.year - profile.start.year)),
            "nam_giua": str((profile.start.year + profile.place.as_of.year) // 2),
            "nam_gan": str(profile.place.as_of.year - 1),
            "so_tv": str(rng.randint(7, 40)),
            "so_ho": str(rng.randint(40, 600)),
            "dt": str(rng.randint(2, 60)),
            "boi": rng.choice(("hai", "ba", "bốn")),
            "so_dn": str(rng.randint(2, 6)),
            "lao_dong": str(rng.randint(8, 400)),
            "luong": str(rng.randint(6, 15)),
            "pct": str(rng.randint(95, 100)),
            "pct_giam": str(rng.randint(5, 30)),
            "pct_a": str(rng.randint(8, 25)),
            "pct_b": str(rng.randint(1, 7)),
            "so_sk": str(rng.randint(2, 12)),
            "tien": str(rng.randint(5, 900) * 10),
            "so_hs": str(rng.randint(10, 200)),
            "so_bn": str(rng.randint(2, 15) * 1000),
            "so_mh": str(rng.randint(2, 12)),
            "so_vu": str(rng.randint(10, 90)),
            "so_bai": str(rng.randint(5, 40)),
            "so_nha": str(rng.randint(3, 60)),
            "so_km": str(rng.randint(3, 40)),
            "so_den": str(rng.randint(50, 900)),
            "so_dt": str(rng.randint(2, 9)),
            "dt_ty": str(rng.randint(5, 900)),
            "dt_m2": f"{rng.randint(2, 90) * 100:,}".replace(",", "."),
        }
        values = {**words, **numbers}
        if profile.kind == "individual":
            intros = _INTRO_BORN if values["nam_sinh"] else _INTRO_PERSON
        elif profile.kind == "collective":
            intros = _INTRO_GROUP
        else:
            intros = _INTRO_MODEL
        activities = _ACTIVITIES.get(profile.sector, _ACTIVITIES["dan-van"])
        chosen = rng.sample(activities, min(len(activities), rng.randint(3, 4)))
        paragraphs = [rng.choice(intros), " ".join(chosen), " ".join(rng.sample(_CHALLENGES, 2))]
        campaigns = [a.campaign for a in profile.awards if a.campaign]
        if campaigns:
            title = next(c.title for c in _CAMPAIGNS if c.slug == campaigns[0])
            paragraphs.append(
                f"Trong phong trào thi đua “{title}”, {{chu}} là một trong những điển hình tiêu"
                " biểu của {tinh}."
            )
        if profile.awards:
            ranked = sorted(profile.awards, key=lambda a: (a.award.precedence, a.date))
            names = list(dict.fromkeys(a.award.display(a.klass, a.date) for a in ranked))[:2]
            listing = "\n".join(
                f"- {a.date.year}: {a.award.display(a.klass, a.date)}" for a in profile.awards
            )
            paragraphs.append(
                f"Ghi nhận những đóng góp đó, {{chu}} đã được tặng {' và '.join(names)}."
                f"\n\nCác hình thức khen thưởng chính:\n\n{listing}"
            )
        if profile.kind == "individual" and rng.random() < 0.6:
            paragraphs.append(f"> “{rng.choice(_QUOTES)}”, {{chu}} chia sẻ.")
        paragraphs.append(" ".join(rng.sample(_OUTLOOK, 2)))
        paragraphs.append(_CLOSING)
        text = "\n\n".join(paragraphs).format_map(values)
        return text

    def config(self, featured: list[str]) -> str:
        lines = [
            "# Dự án tổng hợp cho đo hiệu năng (benchmarks/synthetic.py): dữ liệu minh họa.",
            'site_name: "Vinh danh — Bảng vàng thi đua, khen thưởng (dữ liệu tổng hợp)"',
            'site_url: "https://vinhdanh.example.vn/"',
            'site_description: "Bảng vàng tổng hợp để đo hiệu năng: mọi nhân vật và số liệu là'
            ' hư cấu; địa danh là đơn vị hành chính có thật."',
            'owner: "Ban Thi đua – Khen thưởng (minh họa)"',
            "language: vi",
            "illustrative: true",
            "data_licence:",
            '  id: "CC-BY-4.0"',
            '  name: "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"',
            '  url: "https://creativecommons.org/licenses/by/4.0/"',
            "content_licence:",
            '  id: "CC-BY-4.0"',
            '  name: "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"',
            '  url: "https://creativecommons.org/licenses/by/4.0/"',
            'comments_to: "Ban Thi đua – Khen thưởng (minh họa);'
            ' thư điện tử: gopy@vinhdanh.example.vn"',
            'contact: "Đề nghị sửa, bổ sung hoặc gỡ hồ sơ: lienhe@vinhdanh.example.vn"',
            "privacy:",
            '  controller: "Ban Thi đua - Khen thưởng (minh họa)"',
            '  purposes: ["Công khai kết quả thi đua, khen thưởng (minh họa)"]',
            '  legal_basis: "Quyết định khen thưởng công khai; thông tin khác theo sự đồng ý"',
            '  retention: "Lâu dài; gỡ khi người được vinh danh rút lại đồng ý"',
            '  requests_to: "lienhe@vinhdanh.example.vn"',
            "  response_days: 15",
        ]
        if featured:
            lines.append("featured:")
            lines.extend(f"  - {slug}" for slug in featured)
        lines += [
            "page_size: 50",
            "local_awards:",
            "  - id: cong-dan-thu-do-uu-tu",
            '    vi: "Danh hiệu Công dân Thủ đô ưu tú"',
            '    en: "Outstanding Citizen of the Capital"',
            "    recipients: [individual]",
            "    conferred_by: [province]",
            "    precedence: 6.5",
            "    level: ministry_province",
        ]
        return "\n".join(lines) + "\n"

    def campaign(self, campaign: _Campaign) -> str:
        rng = self.rng
        end = campaign.end
        status = "completed" if end is not None and end < self.today else "active"
        last = min(end or self.today, self.today)
        launch = campaign.start + dt.timedelta(days=rng.randint(10, 120))
        # The preliminary review falls around the middle of the period so far.
        middle = launch + (last - launch) * rng.randint(40, 60) // 100
        review = max(middle, launch + dt.timedelta(days=365))
        lines = [
            "---",
            f"slug: {campaign.slug}",
            f"title: {_q(campaign.title)}",
            f"short_name: {_q(campaign.short)}",
            "illustrative: true",
            f"launched_by: {_q(campaign.launched_by)}",
            f"level: {campaign.level}",
        ]
        if campaign.province is not None:
            province = self.tables.admin.by_code(NEW_ERA, campaign.province)
            assert province is not None
            lines.append(f"province: {_q(province.name)}")
        lines.append(f"start: {campaign.start.isoformat()}")
        if end is not None:
            lines.append(f"end: {end.isoformat()}")
        lines.append("criteria:")
        lines.extend(f"  - {_q(c)}" for c in campaign.criteria)
        lines += [
            "milestones:",
            "  - kind: phat-dong",
            f"    date: {launch.isoformat()}",
            f"    title: {_q(f'Phát động phong trào “{campaign.short}”')}",
            '    note: "Ngày minh họa."',
            "  - kind: so-ket",
            f"    date: {review.isoformat()}",
            f"    title: {_q(f'Sơ kết phong trào “{campaign.short}”')}",
        ]
        if end is not None and end <= self.today:
            lines += [
                "  - kind: tong-ket",
                f"    date: {end.isoformat()}",
                f"    title: {_q(f'Tổng kết phong trào “{campaign.short}”')}",
            ]
        if campaign.cluster:
            lines.append(f"cluster: {_q(campaign.cluster)}")
        lines += [
            f"status: {status}",
            f"summary: {_q(f'Phong trào thi đua do {campaign.launched_by} phát động.')}",
            "---",
            "",
            f"“{campaign.title}” là phong trào thi đua do {campaign.launched_by} phát động"
            f" từ năm {campaign.start.year}.",
            "",
            "Tiêu chí chính:",
            "",
            *(f"- {c}" for c in campaign.criteria),
            "",
            _CLOSING,
        ]
        return unicodedata.normalize("NFC", "\n".join(lines) + "\n")


class _Retry(Exception):
    """The chosen commune already has a person of that name: pick another place."""


def _award_lines(record: _AwardOut) -> list[str]:
    lines = [f"  - award: {record.award.id}"]
    if record.klass is not None:
        lines.append(f"    class: {record.klass}")
    lines += [
        f"    year: {record.year}",
        f"    decision_number: {_q(record.number)}",
        f"    decision_date: {record.date.isoformat()}",
        f"    issuer: {_q(record.issuer)}",
        f"    issuer_level: {record.level}",
    ]
    if record.posthumous:
        lines.append("    posthumous: true")
    if record.citation:
        lines.append(f"    citation: {_q(record.citation)}")
    if record.campaign:
        lines.append(f"    campaign: {record.campaign}")
    if record.status != "active":
        lines.append(f"    status: {record.status}")
    if record.revocation is not None:
        number, day, issuer = record.revocation
        lines += [
            "    revocation:",
            f"      number: {_q(number)}",
            f"      date: {day.isoformat()}",
            f"      issuer: {_q(issuer)}",
            '      reason: "Phát hiện sai sót trong hồ sơ đề nghị khen thưởng."',
        ]
    return lines


# --- what editors add to a project (benchmarks/build.py's edit kinds) ---------------------------


def added_award(folder: str, number: int) -> list[str]:
    """The YAML lines of one more Bằng khen for a profile filed in profiles/`folder`: from the
    chairman of that province's People's Committee, decision number and date set by `number`."""
    tables = _tables()
    province = next(p for p in tables.admin.provinces(NEW_ERA) if _key(p.name) == folder)
    award = tables.taxonomy.get("bang-khen-bo-ban-nganh-tinh")
    assert award is not None
    # Within the year before REFERENCE_DATE, so after the reform: the folder's province is the
    # one that confers it. Numbers from 4000 up are none the generator writes (1 to 3999).
    day = REFERENCE_DATE - dt.timedelta(days=number % 365)
    issuer = f"Chủ tịch Ủy ban nhân dân {_lower_unit(province)}"
    # A wording of its own: two awards of one year with one wording are "one achievement
    # rewarded twice" (award.same_achievement), and a benchmark project stays without warnings.
    citation = (
        f"Đã có thành tích xuất sắc trong đợt thi đua cao điểm lần thứ {number} năm {day.year}."
    )
    record = _AwardOut(
        award, None, day.year, day, "province", issuer, f"{4000 + number}/QĐ-UBND", citation, None
    )
    return _award_lines(record)


def new_profile(folders: Collection[str], number: int) -> tuple[str, str]:
    """(relative path, YAML text) of one more published profile, filed in one of `folders`
    (names of profiles/' subfolders), its slug and file named by `number` ("…-moi-7")."""
    # Its own seed: the same profile for the same number, whatever project it is added to.
    gen, index = _Generator(1_000_000 + number, REFERENCE_DATE), 0
    while True:
        relpath, text, slug, status = gen.profile(index, photo=False)
        folder = relpath.split("/")[1]
        if status == "published" and folder in folders:
            named = f"{slug}-moi-{number}"
            # The generator writes the slug first; it is the file's name too.
            text = text.replace(f"slug: {slug}\n", f"slug: {named}\n", 1)
            return f"profiles/{folder}/{named}.yml", text
        index += 1


@cache
def photo_bytes() -> bytes:
    """A 3000x2000 JPEG landscape drawn with Pillow: the same bytes on every call."""
    from PIL import Image, ImageDraw  # only needed when photos are asked for

    width, height = 3000, 2000
    ramp = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            ramp.point(lambda v: 120 + v // 3),
            ramp.point(lambda v: 170 + v // 4),
            ramp.point(lambda v: 235 - v // 5),
        ),
    )
    draw = ImageDraw.Draw(image)
    draw.ellipse((2200, 200, 2600, 600), fill=(250, 210, 90))
    for i in range(12):  # terraced fields
        top = 1100 + i * 75
        shade = (60 + i * 8, 140 + i * 6, 50 + i * 4)
        draw.polygon(
            [(0, top), (width, top - 160 + i * 10), (width, height), (0, height)], fill=shade
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def write_project(
    root: Path, n: int, seed: int = 1, photos: int = 0, *, today: dt.date = REFERENCE_DATE
) -> None:
    """Write a complete synthetic project of `n` profiles under `root` (deterministic per seed)."""
    gen = _Generator(seed, today)
    root.mkdir(parents=True, exist_ok=True)
    (root / "content" / "campaigns").mkdir(parents=True, exist_ok=True)
    for campaign in _CAMPAIGNS:
        path = root / "content" / "campaigns" / f"{campaign.slug}.md"
        path.write_text(gen.campaign(campaign), encoding="utf-8")

    folders: set[Path] = set()
    featured: list[str] = []
    first_photo: Path | None = None
    photos = min(photos, n)
    for i in range(n):
        # Spread the photos evenly: exactly `photos` profiles get one.
        has_photo = photos > 0 and (i * photos) // n != ((i + 1) * photos) // n
        relpath, text, slug, status = gen.profile(i, has_photo)
        path = root / relpath
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8")
        if status == "published" and len(featured) < 6 and i % 7 == 0:
            featured.append(slug)
        if has_photo:
            target = path.parent / "photos" / f"{slug}.jpg"
            target.parent.mkdir(exist_ok=True)
            # One image, hard-linked where the file system allows: 3000x2000 JPEGs add up.
            if first_photo is None:
                target.write_bytes(photo_bytes())
                first_photo = target
            else:
                try:
                    os.link(first_photo, target)
                except OSError:
                    shutil.copyfile(first_photo, target)
    (root / "site_config.yml").write_text(gen.config(featured), encoding="utf-8")


__all__ = ["REFERENCE_DATE", "added_award", "new_profile", "photo_bytes", "write_project"]
