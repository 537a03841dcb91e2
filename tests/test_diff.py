"""`vinhdanh diff`: what a change does to the roll, in words, against a git revision."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from editors_project import PERSON, run, write_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NEW_PERSON = """\
slug: le-thi-cuc
kind: individual
name: {family: Lê, middle: Thị, given: Cúc}
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Ái, as_of: 2020-01-01}
awards:
  - award: lao-dong-tien-tien
    year: 2020
    decision_number: 45/QĐ-UBND
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org",
         "-c", "commit.gpgsign=false", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def committed_project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Roll as published")
    return root


def change_roll(root: Path) -> None:
    """Add a profile, revoke an award, change a position, withdraw a collective."""
    person = PERSON.replace("position: Nông dân", "position: Chủ nhiệm Hợp tác xã").replace(
        "    campaign: nong-thon-moi\n",
        "    campaign: nong-thon-moi\n    status: revoked\n"
        "    revocation: {number: 77/QĐ-CTN, date: 2024-03-01}\n",
    )
    (root / "profiles/nguyen-van-an.yml").write_text(person, encoding="utf-8")
    collective = root / "profiles/htx-tan-phu.yml"
    collective.write_text(
        collective.read_text(encoding="utf-8")
        + "status: withdrawn\nwithdrawal: {date: 2024-05-01, reason: Theo đề nghị của đơn vị}\n",
        encoding="utf-8",
    )
    (root / "profiles/le-thi-cuc.yml").write_text(NEW_PERSON, encoding="utf-8")


def test_markdown_summary_of_a_change(tmp_path: Path) -> None:
    root = committed_project(tmp_path)
    commit = git(root, "rev-parse", "HEAD")[:12]
    change_roll(root)
    code, output = run("diff", "--root", str(root))
    assert code == 0, output
    lines = output.splitlines()
    expected = [
        "## Thay đổi trên bảng vàng",
        f"So với `HEAD` (`{commit}`).",  # no origin/main in this repository
        "**Tóm tắt:** 1 hồ sơ mới, 1 hồ sơ sửa, 1 hồ sơ gỡ, 0 tệp xóa; 1 khen thưởng mới, "
        "1 khen thưởng bị hủy bỏ, tước; 0 phong trào thay đổi.",
        "### Hồ sơ mới",
        "- **Lê Thị Cúc** — `profiles/le-thi-cuc.yml`: cá nhân; Xã Triệu Ái, huyện Triệu Phong, "
        "tỉnh Quảng Trị; công bố",
        "  - thêm khen thưởng: Lao động tiên tiến (2020, QĐ 45/QĐ-UBND)",
        "### Hồ sơ sửa đổi",
        "- **Nguyễn Văn An** — `profiles/nguyen-van-an.yml`",
        "  - chức vụ: “Nông dân” → “Chủ nhiệm Hợp tác xã”",
        "  - hủy bỏ quyết định khen thưởng: Huân chương Lao động hạng Ba (2019, QĐ "
        "1234/QĐ-CTN); quyết định số 77/QĐ-CTN ngày 2024-03-01",
        "### Hồ sơ gỡ khỏi trang",
        "- **Hợp tác xã nông nghiệp Tân Phú** — `profiles/htx-tan-phu.yml`: gỡ ngày 2024-05-01; "
        "trang hồ sơ, các danh sách, tìm kiếm, API và nguồn tin không còn hồ sơ này; địa chỉ cũ "
        "hiện trang “hồ sơ đã gỡ”",
        "### Trang thay đổi",
        "- `/ho-so/htx-tan-phu/`",
        "- `/ho-so/le-thi-cuc/`",
        "- `/ho-so/nguyen-van-an/`",
        "- `/danh-sach/danh-hieu/huan-chuong-lao-dong/`",
        "- `/danh-sach/danh-hieu/bang-khen-thu-tuong/`",
        "- `/danh-sach/danh-hieu/lao-dong-tien-tien/`",
        "- `/danh-sach/nam/2019/`",
        "- `/danh-sach/nam/2020/`",
        "- `/danh-sach/tinh/lang-son/`",
        "- `/danh-sach/tinh/quang-tri/`",
        "- `/phong-trao/nong-thon-moi/`",
        "### Kiểm tra (vinhdanh check)",
        "✅ Không có lỗi.",
    ]
    for line in expected:
        assert line in lines, line
    # Sections come in this order, and nothing is reported that did not happen.
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == [
        "### Hồ sơ mới",
        "### Hồ sơ sửa đổi",
        "### Hồ sơ gỡ khỏi trang",
        "### Trang thay đổi",
        "### Kiểm tra (vinhdanh check)",
    ]


def test_text_format_in_english_and_check_problems(tmp_path: Path) -> None:
    root = committed_project(tmp_path)
    (root / "profiles/le-thi-cuc.yml").write_text(
        NEW_PERSON.replace("lao-dong-tien-tien", "lao-dong-tien-tienn"), encoding="utf-8"
    )
    code, output = run("diff", "--root", str(root), "--base", "main", "--format", "text",
                       "--lang", "en")  # fmt: skip
    assert code == 0, output
    lines = output.splitlines()
    assert lines[:2] == ["Changes to the roll", "==================="]
    assert (
        "* Lê Thị Cúc — profiles/le-thi-cuc.yml: individual; Xã Triệu Ái, huyện Triệu Phong, "
        "tỉnh Quảng Trị; published" in lines
    )
    assert "❌ 1 error, 0 warnings: fix them before merging." in lines
    assert lines[-1] == (
        "profiles/le-thi-cuc.yml:6:5: awards[0].award: unknown award id 'lao-dong-tien-tienn' "
        "('lao-dong-tien-tien'?)"
    )


def test_no_change_and_a_deleted_file(tmp_path: Path) -> None:
    root = committed_project(tmp_path)
    code, output = run("diff", "--root", str(root))
    assert code == 0
    assert "Không có thay đổi nào trên bảng vàng." in output.splitlines()
    (root / "profiles/htx-tan-phu.yml").unlink()
    _, output = run("diff", "--root", str(root), "--lang", "en")
    assert (
        "- **Hợp tác xã nông nghiệp Tân Phú** — `profiles/htx-tan-phu.yml`: file deleted, the old "
        "address will return 404 (prefer status: withdrawn to deleting the file)"
    ) in output.splitlines()


def test_unknown_revision_is_reported(tmp_path: Path) -> None:
    root = committed_project(tmp_path)
    code, output = run("diff", "--root", str(root), "--base", "no-such-branch", "--lang", "en")
    assert code == 2
    assert output.startswith("cannot compare with git: ")


PROPOSED = """\
slug: pham-van-hai
kind: individual
name: {family: Phạm, middle: Văn, given: Hải}
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Long, as_of: 2024-05-01}
status: proposed
proposal:
  award: anh-hung-lao-dong
  window_start: 2024-05-06
  window_end: 2024-05-20
  comments_to: Ban Thi đua – Khen thưởng tỉnh
"""

DECIDED = """\
slug: pham-van-hai
kind: individual
name: {family: Phạm, middle: Văn, given: Hải}
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Long, as_of: 2024-05-01}
awards:
  - award: anh-hung-lao-dong
    year: 2024
    decision_number: 900/QĐ-CTN
    decision_date: 2024-08-30
status: published
"""


def test_a_proposal_becomes_a_decision(tmp_path: Path) -> None:
    root = write_project(tmp_path / "repo", **{"profiles__pham-van-hai.yml": PROPOSED})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Public comment")
    (root / "profiles/pham-van-hai.yml").write_text(DECIDED, encoding="utf-8")
    code, output = run("diff", "--root", str(root), "--base", "main")
    assert code == 0, output
    lines = output.splitlines()
    assert "- **Phạm Văn Hải** — `profiles/pham-van-hai.yml`" in lines
    assert "  - trạng thái: lấy ý kiến → công bố" in lines
    assert "  - thêm khen thưởng: Anh hùng Lao động (2024, QĐ 900/QĐ-CTN)" in lines
    assert not [line for line in lines if line.startswith("  - lấy ý kiến")]
    assert "- `/lay-y-kien/`" in lines
    assert "- `/ho-so/pham-van-hai/`" in lines
    assert "- `/danh-sach/danh-hieu/anh-hung-lao-dong/`" in lines


LIST = """\
slug: trieu-thanh-gdvh-2020
decision_number: 88/QĐ-UBND
decision_date: 2020-12-10
issuer: Chủ tịch UBND xã Triệu Thành
issuer_level: commune
award: gia-dinh-van-hoa
year: 2020
campaign: nong-thon-moi
kind: household
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, as_of: 2020-12-10}
recipients:
  - Hộ ông Lê Văn Một
  - Hộ bà Trần Thị Hai
  - {name: Hộ ông Phan Văn Ba, unit: Thôn 1}
"""
COUNTED = """\
slug: ldtt-2020
decision_number: 12/QĐ-UBND
decision_date: 2020-12-20
issuer: Chủ tịch UBND huyện Triệu Phong
issuer_level: district
award: lao-dong-tien-tien
year: 2020
kind: individual
locality: {province: Quảng Trị, district: Triệu Phong, as_of: 2020-12-20}
count: 120
"""
LIST_FILE = "decisions/trieu-thanh-gdvh-2020.yml"
LIST_TITLE = "Quyết định số 88/QĐ-UBND ngày 10/12/2020 của Chủ tịch UBND xã Triệu Thành"


def test_decisions_added_changed_and_deleted(tmp_path: Path) -> None:
    root = write_project(tmp_path / "repo", **{LIST_FILE.replace("/", "__"): LIST})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A commune's list")
    # One line removed, two added, one moved to another hamlet; a decision of 120 by count.
    edited = LIST.replace("  - Hộ bà Trần Thị Hai\n", "").replace("Thôn 1", "Thôn 2")
    edited += "  - Hộ ông Lê Văn Bốn\n  - Gia đình bà Hồ Thị Năm\n"
    (root / LIST_FILE).write_text(edited, encoding="utf-8")
    (root / "decisions/ldtt-2020.yml").write_text(COUNTED, encoding="utf-8")
    code, output = run("diff", "--root", str(root), "--base", "main")
    assert code == 0, output
    lines = output.splitlines()
    assert (
        "**Tóm tắt:** 0 hồ sơ mới, 0 hồ sơ sửa, 0 hồ sơ gỡ, 0 tệp xóa; 0 khen thưởng mới, "
        "0 khen thưởng bị hủy bỏ, tước; 0 phong trào thay đổi; 1 quyết định danh sách mới, "
        "1 sửa, 0 xóa: thêm 122 người, tập thể, hộ được khen, bớt 1."
    ) in lines
    section = lines[lines.index("### Quyết định theo danh sách") :]
    assert section[2:7] == [
        "- thêm **Quyết định số 12/QĐ-UBND ngày 20/12/2020 của Chủ tịch UBND huyện Triệu "
        "Phong** — `decisions/ldtt-2020.yml`: Lao động tiên tiến năm 2020, 120 cá nhân",
        f"- **{LIST_TITLE}** — `{LIST_FILE}`",
        "  - danh sách: thêm 2 dòng, bớt 1 dòng, sửa 1 dòng (nay 4 dòng)",
        # New names are quoted; the removed one is not (a take-down must not be publicised).
        "  - tên mới: “Hộ ông Lê Văn Bốn”, “Gia đình bà Hồ Thị Năm”",
        "",
    ]
    assert "Trần Thị Hai" not in output
    for page in (
        "/quyet-dinh/",
        "/quyet-dinh/trieu-thanh-gdvh-2020/",
        "/quyet-dinh/ldtt-2020/",
        "/danh-sach/tinh/quang-tri/",  # its figures count the lists of its authorities
        "/phong-trao/nong-thon-moi/",
    ):
        assert f"- `{page}`" in lines, page
    # Deleted, in English and as text; a field change is named with old and new values.
    (root / LIST_FILE).unlink()
    (root / "decisions/ldtt-2020.yml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Without the list")
    (root / "decisions/ldtt-2020.yml").write_text(COUNTED, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A count")
    (root / "decisions/ldtt-2020.yml").write_text(
        COUNTED.replace("count: 120", "count: 125"), encoding="utf-8"
    )
    code, output = run("diff", "--root", str(root), "--base", "HEAD~2", "--format", "text",
                       "--lang", "en")  # fmt: skip
    assert code == 0, output
    lines = output.splitlines()
    assert lines[3].endswith(
        "; 1 decision list added, 0 changed, 1 deleted: 125 recipients added, 3 removed."
    ), lines[3]
    assert (
        f"* deleted {LIST_TITLE} — {LIST_FILE}: file deleted, 3 recipients (household) leave "
        "the roll, the old address will return 404"
    ) in lines
    _, output = run("diff", "--root", str(root), "--base", "HEAD", "--lang", "en")
    assert "  - count: “120” → “125”" in output.splitlines(), output
    assert "125 recipients added" not in output and "5 recipients added, 0 removed." in output
