"""Emulation clusters and blocks (cụm, khối thi đua, issue #20 point 4): the check at file:line,
the cluster pages and the links to them, a campaign's sơ kết / tổng kết with their decision and
figures, and the statistics figures, recomputed here from the fixture's own files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.build import build_project
from generator.model.clusterfigures import CLUSTERS_PATH, OUTCOME_LABELS
from generator.model.site import build_site
from generator.model.statistics import UNKNOWN, Section, compute_statistics
from tests.projects import CAMPAIGN, MILESTONES
from tests.projects import write_small_project as write_project
from tests.test_check import errors_for, line_of, run_check

TODAY = dt.date(2026, 1, 15)
FILE = "clusters/cum-lang-son.yml"
KEY = FILE.replace("/", "__")
CLUSTER_NAME = "Cụm thi đua các hợp tác xã Lạng Sơn"
SECOND = """\
slug: htx-na-sam
kind: collective
name:
  full: Hợp tác xã Na Sầm
locality:
  province: Lạng Sơn
awards:
  - award: co-thi-dua-bo-ban-nganh-tinh
    year: 2021
    decision_number: 88/QĐ-UBND
    decision_date: 2022-01-10
    issuer: Chủ tịch UBND tỉnh Lạng Sơn
    issuer_level: province
"""
CLUSTER = f"""\
slug: cum-lang-son
kind: cum
name: {CLUSTER_NAME}
organiser: Ban Thi đua – Khen thưởng tỉnh Lạng Sơn
level: province
members:
  - profile: htx-tan-phu
  - profile: htx-na-sam
  - name: Hợp tác xã Đồng Đăng
    locality:
      province: Lạng Sơn
years:
  - year: 2020
    leader: htx-tan-phu
    deputies: [Hợp tác xã Đồng Đăng]
    agreement:
      date: 2020-02-20
      title: Giao ước thi đua năm 2020
      targets:
        - Doanh thu tăng 10%
        - Không nợ bảo hiểm xã hội
    flags: []
  - year: 2021
    leader: htx-na-sam
    flags:
      - award: co-thi-dua-bo-ban-nganh-tinh
        member: htx-na-sam
        decision_number: 88/QĐ-UBND
        decision_date: 2022-01-10
        issuer: Chủ tịch UBND tỉnh Lạng Sơn
  - year: 2022
    leader: htx-na-sam
"""
SO_KET = """\
  - kind: so-ket
    date: 2018-06-01
    decision:
      number: 77/QĐ-TTg
      date: 2018-06-20
      issuer: Thủ tướng Chính phủ
    figures:
      - label: Tập thể được khen thưởng
        value: 123
      - label: Cá nhân được khen thưởng
        value: 4567
  - kind: tong-ket
    date: 2020-12-01
"""
CLUSTERED_CAMPAIGN = CAMPAIGN.replace(MILESTONES, MILESTONES + SO_KET).replace(
    "---\nPhong", f"cluster: {CLUSTER_NAME}\n---\nPhong"
)
PROJECT = {
    "profiles__htx-na-sam.yml": SECOND,
    KEY: CLUSTER,
    "content__campaigns__nong-thon-moi.md": CLUSTERED_CAMPAIGN,
}


def cluster_errors(tmp_path: Path, text: str) -> list[str]:
    return errors_for(tmp_path, **{**PROJECT, KEY: text})


# --- the check ------------------------------------------------------------------------------


def test_the_fixture_passes_the_strict_check(tmp_path: Path) -> None:
    code, lines = run_check(write_project(tmp_path, **PROJECT), "--strict", "--lang", "en")
    assert code == 0, lines


def test_an_unknown_member_slug_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = CLUSTER.replace("  - profile: htx-na-sam\n", "  - profile: htx-na-sa\n")
    errors = cluster_errors(tmp_path, text)
    line = line_of(text, "profile: htx-na-sa")
    assert any(
        e.startswith(f"{FILE}:{line}:") and "no profile 'htx-na-sa'" in e and "htx-na-sam" in e
        for e in errors
    ), errors


def test_a_person_cannot_be_a_member(tmp_path: Path) -> None:
    text = CLUSTER.replace("  - profile: htx-tan-phu\n", "  - profile: nguyen-van-an\n", 1)
    errors = cluster_errors(tmp_path, text)
    line = line_of(text, "profile: nguyen-van-an")
    assert any(e.startswith(f"{FILE}:{line}:") and "not a collective" in e for e in errors)


def test_a_member_without_profile_needs_its_place(tmp_path: Path) -> None:
    text = CLUSTER.replace("    locality:\n      province: Lạng Sơn\n", "")
    errors = cluster_errors(tmp_path, text)
    line = line_of(text, "name: Hợp tác xã Đồng Đăng")
    assert any(e.startswith(f"{FILE}:{line}:") and "add its 'locality'" in e for e in errors)


def test_a_flag_to_a_non_member_is_an_error_saying_why(tmp_path: Path) -> None:
    text = CLUSTER.replace("        member: htx-na-sam", "        member: Hợp tác xã Lộc Bình")
    errors = cluster_errors(tmp_path, text)
    line = line_of(text, "member: Hợp tác xã Lộc Bình")
    found = [e for e in errors if e.startswith(f"{FILE}:{line}:")]
    assert found and "not a member" in found[0] and "Art. 25, 26" in found[0], errors


def test_a_leader_must_be_a_member(tmp_path: Path) -> None:
    text = CLUSTER.replace("    leader: htx-tan-phu", "    leader: htx-khac")
    errors = cluster_errors(tmp_path, text)
    line = line_of(text, "leader: htx-khac")
    assert any(e.startswith(f"{FILE}:{line}:") and "is not among the members" in e for e in errors)


def test_unknown_keys_and_twice_recorded_years_point_at_their_lines(tmp_path: Path) -> None:
    text = CLUSTER.replace("  - year: 2022\n", "  - year: 2021\n    chairman: x\n")
    errors = cluster_errors(tmp_path, text)
    assert any(e.startswith(f"{FILE}:{line_of(text, 'chairman')}:") for e in errors), errors
    text = CLUSTER.replace("  - year: 2022\n", "  - year: 2021\n")
    errors = cluster_errors(tmp_path / "twice", text)
    line = line_of(text, "- year: 2021", 2)
    assert any(e.startswith(f"{FILE}:{line}:") and "2021 is listed twice" in e for e in errors)


def test_a_flag_missing_from_the_members_profile_is_a_warning(tmp_path: Path) -> None:
    second = SECOND.replace("co-thi-dua-bo-ban-nganh-tinh", "bang-khen-bo-ban-nganh-tinh")
    root = write_project(tmp_path, **{**PROJECT, "profiles__htx-na-sam.yml": second})
    code, lines = run_check(root, "--lang", "en")
    assert code == 0, lines
    line = line_of(CLUSTER, "member: htx-na-sam")
    assert any(
        out.startswith(f"{FILE}:{line}:") and "warning" in out and "does not record" in out
        for out in lines
    ), lines


# --- figures, recomputed from the fixture's files ---------------------------------------------


def expected_figures() -> dict[str, dict[str, int]]:
    """The three sections' counts, from the cluster file alone."""
    data = yaml.safe_load(CLUSTER)
    members = {data["name"]: len(data["members"])}
    flags = {data["name"]: sum(len(y.get("flags") or []) for y in data["years"])}
    outcomes: Counter[str] = Counter()
    per_year: dict[str, Counter[str]] = {}
    for year in data["years"]:
        if year.get("flags") is None:
            key = UNKNOWN
        elif any(f["award"] == "co-thi-dua-chinh-phu" for f in year["flags"]):
            key = "government"
        else:
            key = "other" if year["flags"] else "none"
        outcomes[key] += 1
        per_year[str(year["year"])] = Counter({key: 1})
    years = {"Tất cả các năm": dict(outcomes)}
    years.update({y: dict(c) for y, c in per_year.items()})
    return {
        "cluster_members": members,
        "cluster_flags": flags,
        **{
            f"cluster_years/{group}/{OUTCOME_LABELS[k]}": {"": counts.get(k, 0)}
            for group, counts in years.items()
            for k in OUTCOME_LABELS
        },
    }


def section_figures(sections: list[Section]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for s in sections:
        if s.id in ("cluster_members", "cluster_flags"):
            found[s.id] = {r.label: r.value for r in s.rows}
        elif s.id == "cluster_years":
            for stack in s.stacks:
                for r in stack.rows:
                    found[f"cluster_years/{stack.label}/{r.label}"] = {"": r.value}
    return found


def test_statistics_figures_match_the_files(tmp_path: Path) -> None:
    site, report = build_site(write_project(tmp_path, **PROJECT))
    assert site is not None and not report.errors, [p.format("en") for p in report]
    stats = compute_statistics(site, TODAY)
    expected = expected_figures()
    assert section_figures(stats.sections) == expected
    # Not recorded is its own row, never folded into "no flag".
    assert expected[f"cluster_years/2022/{OUTCOME_LABELS[UNKNOWN]}"] == {"": 1}
    assert expected[f"cluster_years/2020/{OUTCOME_LABELS['none']}"] == {"": 1}


def test_no_cluster_no_section(tmp_path: Path) -> None:
    site, _report = build_site(write_project(tmp_path))
    assert site is not None
    ids = {s.id for s in compute_statistics(site, TODAY).sections}
    assert not ids & {"cluster_members", "cluster_flags", "cluster_years"}


# --- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("clusters"), **PROJECT)
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    return root / "site"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.slow
def test_the_cluster_page(built: Path) -> None:
    html = (built / CLUSTERS_PATH / "cum-lang-son" / "index.html").read_text()
    text = text_of(html)
    assert CLUSTER_NAME in text and "Ban Thi đua – Khen thưởng tỉnh Lạng Sơn" in text
    # Members: profiles linked, the one without a profile named with its place.
    assert 'href="../../ho-so/htx-tan-phu/"' in html and 'href="../../ho-so/htx-na-sam/"' in html
    assert "Hợp tác xã Đồng Đăng — " in text
    assert "Giao ước thi đua năm 2020" in text and "Doanh thu tăng 10%" in text
    assert "tất cả thành viên cùng ký" in text
    assert "Năm này không có thành viên nào được tặng cờ thi đua" in text  # 2020: flags: []
    assert "Chưa ghi kết quả bình xét cờ thi đua" in text  # 2022: not recorded
    assert "Quyết định số 88/QĐ-UBND" in text and "(có trong hồ sơ của đơn vị)" in text
    assert 'href="../../danh-sach/danh-hieu/co-thi-dua-bo-ban-nganh-tinh/"' in html
    index = text_of((built / CLUSTERS_PATH / "index.html").read_text())
    assert CLUSTER_NAME in index and "cụm thi đua, 3 thành viên" in index


@pytest.mark.slow
def test_members_and_campaign_link_to_the_cluster(built: Path) -> None:
    link = 'href="../../cum-thi-dua/cum-lang-son/"'
    for slug in ("htx-tan-phu", "htx-na-sam"):
        html = (built / "ho-so" / slug / "index.html").read_text()
        assert f"Thành viên <a {link}>{CLUSTER_NAME}</a>" in html
    person = (built / "ho-so" / "nguyen-van-an" / "index.html").read_text()
    assert "cum-thi-dua" not in person
    campaign = (built / "phong-trao" / "nong-thon-moi" / "index.html").read_text()
    assert f"<a {link}>{CLUSTER_NAME}</a>" in campaign


@pytest.mark.slow
def test_milestones_carry_decision_and_figures_on_page_and_api(built: Path) -> None:
    text = text_of((built / "phong-trao" / "nong-thon-moi" / "index.html").read_text())
    assert "Quyết định số 77/QĐ-TTg ngày 20/06/2018 của Thủ tướng Chính phủ" in text
    assert "Tập thể được khen thưởng 123" in text and "Cá nhân được khen thưởng 4.567" in text
    # The tổng kết records neither: said so.
    assert "Chưa ghi quyết định khen thưởng." in text and "Chưa ghi số liệu." in text
    api: dict[str, Any] = json.loads((built / "api/v1/campaigns/nong-thon-moi.json").read_text())
    so_ket = next(m for m in api["milestones"] if m["kind"] == "so-ket")
    assert so_ket["decision"]["number"] == "77/QĐ-TTg"
    assert so_ket["figures"] == [
        {"label": "Tập thể được khen thưởng", "value": 123},
        {"label": "Cá nhân được khen thưởng", "value": 4567},
    ]
    tong_ket = next(m for m in api["milestones"] if m["kind"] == "tong-ket")
    assert tong_ket["decision"] is None and tong_ket["figures"] == []


@pytest.mark.slow
def test_statistics_page_and_csv_show_the_same_figures(built: Path) -> None:
    expected = expected_figures()
    rows = list(csv.reader(io.StringIO((built / "thong-ke/thong-ke.csv").read_text("utf-8-sig"))))
    found: dict[str, dict[str, int]] = {}
    for section, label, value, _share, link in rows[1:]:
        if section in ("cluster_members", "cluster_flags"):
            found.setdefault(section, {})[label] = int(value)
            assert link.endswith("/cum-thi-dua/cum-lang-son/")
        elif section == "cluster_years":
            group, _, outcome = label.partition(" / ")
            found[f"cluster_years/{group}/{outcome}"] = {"": int(value)}
    assert found == expected
    html = (built / "thong-ke" / "index.html").read_text()
    block = html[html.index('id="tk-cluster-members"') :]
    block = block[: block.index("</table>")]
    # The data table beside the chart: the cluster linked to its page, its member count.
    assert '<a href="../cum-thi-dua/cum-lang-son/">' + CLUSTER_NAME + "</a>" in block
    assert re.search(r'<td class="vd-num">3</td>', block)
    years = html[html.index('id="tk-cluster-years"') :]
    years = text_of(years[: years.index("</table>")])
    assert OUTCOME_LABELS[UNKNOWN] in years and "2022" in years


# --- W3C and axe on the demo's cluster pages ------------------------------------------------

DEMO_CLUSTER = "cum-thi-dua/khoi-thi-dua-doanh-nghiep/"


@pytest.mark.slow
def test_demo_cluster_pages_are_valid_html(demo_project: Path) -> None:
    from tests.test_html_valid import is_known_material_error, page_file, run_vnu

    site = demo_project / "site"
    files = [page_file(site, p) for p in (DEMO_CLUSTER, CLUSTERS_PATH)]
    errors = [m for m in run_vnu(files) if not is_known_material_error(m)]
    assert not errors, errors


@pytest.mark.slow
@pytest.mark.parametrize("path", [DEMO_CLUSTER, CLUSTERS_PATH])
def test_demo_cluster_pages_pass_axe(path: str, probe: Any) -> None:
    from tests.test_a11y import FAILING_IMPACTS, describe, run_axe

    probe.goto(path)
    violations = run_axe(probe)
    assert not [v for v in violations if v["impact"] in FAILING_IMPACTS], describe(violations)


@pytest.mark.slow
def test_an_edited_cluster_reaches_its_members_pages_in_an_incremental_build(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path, **PROJECT)
    assert build_project(root, today=TODAY).built
    renamed = "Cụm thi đua hợp tác xã biên giới"
    (root / FILE).write_text(CLUSTER.replace(CLUSTER_NAME, renamed), encoding="utf-8")
    assert build_project(root, today=TODAY).built
    page = (root / "site" / "ho-so" / "htx-tan-phu" / "index.html").read_text()
    assert renamed in page and CLUSTER_NAME not in page
