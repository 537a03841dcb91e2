"""Models worth copying (mô hình "Dân vận khéo", issue #20 point 3): the `model:` block of a
`kind: model` profile checked at file:line (a private phone refused, a replication linked to an
unknown profile refused), the model page in the order a commune official acts on it, the mô
hình roll, the API block, the models CSV and the press kit, each compared with what the
fixture's own YAML says (read here with yaml, not through the generator's model)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from generator.commands.build import build_project
from tests.projects import write_small_project
from tests.test_check import line_of, run_check

TODAY = dt.date(2026, 1, 15)
MODEL_FILE = "profiles/mo-hinh-cho-noi.yml"
KEY = MODEL_FILE.replace("/", "__")
# Two communes of today's Cần Thơ that copied the model, each with its own profile.
COPY_A = """\
slug: to-tu-quan-phong-dien
kind: collective
name:
  full: Tổ tự quản chợ nổi Phong Điền
locality:
  province: Thành phố Cần Thơ
  commune: Xã Phong Điền
  as_of: 2025-08-01
awards:
  - award: giay-khen
    year: 2025
    decision_number: 214/QĐ-UBND
    decision_date: 2025-10-28
    issuer: Chủ tịch UBND xã Phong Điền
    issuer_level: commune
"""
COPY_B = (
    COPY_A.replace("to-tu-quan-phong-dien", "to-tu-quan-nga-bay")
    .replace("Phong Điền", "Ngã Bảy")
    .replace("Xã Ngã Bảy", "Phường Ngã Bảy")
)
DRAFT = COPY_A.replace("to-tu-quan-phong-dien", "to-tu-quan-nhap").replace(
    "kind: collective", "kind: collective\nstatus: draft"
)
PHONE = "0292 000 0000"
MODEL = f"""\
slug: mo-hinh-cho-noi
kind: model
name:
  full: Mô hình “Dân vận khéo” Chợ nổi văn minh
locality:
  province: Thành phố Cần Thơ
  commune: Phường Cái Răng
  as_of: 2025-08-01
awards:
  - award: giay-khen
    year: 2025
    decision_number: 88/QĐ-UBND
    decision_date: 2025-10-24
    issuer: Chủ tịch UBND phường Cái Răng
    issuer_level: commune
model:
  problem: Rác xuống sông và chèo kéo khách làm chợ mất khách.
  run_by: Ủy ban MTTQ phường Cái Răng
  started: 2023
  method:
    - Gặp tiểu thương lâu năm trên ghe.
    - Tiểu thương tự viết cam kết ba điều.
    - Xuồng thu gom rác mỗi sáng.
  results:
    - indicator: Ghe ký cam kết
      value: 142
      unit: ghe
      year: 2025
      baseline: 0
      baseline_year: 2023
    - indicator: Rác thu gom
      value: 1,8
      unit: tấn/tháng
      year: 2025
    - indicator: Ghe niêm yết giá
      value: 96.5
      unit: "%"
      year: 2024
  recognised:
    - by: Ban Dân vận Thành ủy Cần Thơ
      year: 2025
    - by: Chủ tịch UBND phường Cái Răng
      year: 2025
      decision_number: 88/QĐ-UBND
  replicated_in:
    - locality:
        province: Thành phố Cần Thơ
        commune: Xã Phong Điền
        as_of: 2025-08-01
      year: 2025
      profile: to-tu-quan-phong-dien
    - locality:
        province: Thành phố Cần Thơ
        commune: Phường Ngã Bảy
        as_of: 2025-08-01
      profile: to-tu-quan-nga-bay
    - locality:
        province: Thành phố Cần Thơ
        commune: Xã Phụng Hiệp
        as_of: 2025-08-01
      note: Chưa có hồ sơ.
  conditions:
    - Có chợ đông tiểu thương lâu năm.
    - Có xuồng thu gom rác.
  contact:
    organisation: Ủy ban MTTQ phường Cái Răng
    address: Trụ sở Ủy ban MTTQ phường Cái Răng
    phone: "{PHONE}"
    switchboard: true
    email: mattran@cairang.example.vn
"""
# A second model with no structured facts: the roll and the table still list it.
PLAIN_MODEL = """\
slug: mo-hinh-khuyen-hoc
kind: model
name:
  full: Mô hình dòng họ khuyến học
locality:
  province: Lạng Sơn
awards:
  - award: giay-khen
    year: 2024
    decision_number: 12/QĐ-UBND
    decision_date: 2024-05-02
    issuer: Chủ tịch UBND xã Na Sầm
    issuer_level: commune
"""


def files(**overrides: str | bytes) -> dict[str, str | bytes]:
    """The project's extra files: the models and the two communes' profiles."""
    found: dict[str, str | bytes] = {
        KEY: MODEL,
        "profiles__mo-hinh-khuyen-hoc.yml": PLAIN_MODEL,
        "profiles__to-tu-quan-phong-dien.yml": COPY_A,
        "profiles__to-tu-quan-nga-bay.yml": COPY_B,
    }
    found.update(overrides)
    return found


def check(tmp_path: Path, lang: str = "en", **overrides: str | bytes) -> tuple[int, list[str]]:
    """`vinhdanh check` of the project with the models; exit code and output lines."""
    root = write_small_project(tmp_path, **files(**overrides))
    return run_check(root, "--lang", lang)


def errors_at(lines: list[str], line: int) -> list[str]:
    """The problems reported for the model file at `line`."""
    return [text for text in lines if text.startswith(f"{MODEL_FILE}:{line}:")]


# --- the check --------------------------------------------------------------------------------


def test_the_fixture_passes_the_check(tmp_path: Path) -> None:
    code, lines = check(tmp_path)
    assert code == 0, "\n".join(lines)


def test_a_private_mobile_number_is_refused_at_its_line(tmp_path: Path) -> None:
    text = MODEL.replace(PHONE, "0912 345 678")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    found = errors_at(lines, line_of(text, "0912 345 678"))
    assert found and "mobile number" in found[0] and "switchboard" in found[0], lines
    # The same rule in Vietnamese.
    code, lines = check(tmp_path, "vi", **{KEY: text})
    found = errors_at(lines, line_of(text, "0912 345 678"))
    assert found and "số di động" in found[0], lines


def test_a_mobile_in_international_form_is_refused_too(tmp_path: Path) -> None:
    text = MODEL.replace(PHONE, "+84 912 345 678")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    assert errors_at(lines, line_of(text, "+84 912")), lines


def test_an_office_line_without_switchboard_is_refused(tmp_path: Path) -> None:
    text = MODEL.replace("    switchboard: true\n", "")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    found = errors_at(lines, line_of(text, PHONE))
    assert found and "switchboard: true" in found[0], lines


def test_a_personal_mailbox_is_refused(tmp_path: Path) -> None:
    text = MODEL.replace("mattran@cairang.example.vn", "chu.tich.cairang@gmail.com")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    found = errors_at(lines, line_of(text, "gmail.com"))
    assert found and "gmail.com" in found[0], lines


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "data:text/html,x", "https://a.example/x y", "ftp://a.example"],
)
def test_a_contact_address_is_http_only(tmp_path: Path, address: str) -> None:
    # One `url` type serves sources, recognitions, contacts and decisions: a link on a public page.
    text = MODEL.replace(
        "    email: mattran@cairang.example.vn\n",
        f"    email: mattran@cairang.example.vn\n    url: {json.dumps(address)}\n",
    )
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    found = errors_at(lines, line_of(text, json.dumps(address)))
    assert found and "http" in found[0], lines


def test_a_replication_linked_to_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    text = MODEL.replace("profile: to-tu-quan-nga-bay", "profile: to-tu-quan-nga-bayy")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    found = errors_at(lines, line_of(text, "to-tu-quan-nga-bayy"))
    assert found and "'to-tu-quan-nga-bayy'" in found[0] and "to-tu-quan-nga-bay'?" in found[0]


def test_a_replication_linked_to_a_draft_is_refused(tmp_path: Path) -> None:
    text = MODEL.replace("profile: to-tu-quan-nga-bay", "profile: to-tu-quan-nhap")
    code, lines = check(tmp_path, **{KEY: text, "profiles__to-tu-quan-nhap.yml": DRAFT})
    assert code == 1
    found = errors_at(lines, line_of(text, "to-tu-quan-nhap"))
    assert found and "not published" in found[0], lines


def test_a_replication_place_is_resolved_like_any_locality(tmp_path: Path) -> None:
    text = MODEL.replace("commune: Xã Phụng Hiệp", "commune: Xã Không Có")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    assert errors_at(lines, line_of(text, "Xã Không Có")), lines


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ("      unit: ghe\n", "", "indicator: Ghe ký cam kết", "missing"),
        ("value: 142", "value: 1.200", "1.200", "thousands"),
        ("value: 142", "value: nhiều", "nhiều", "not a number"),
        ("baseline_year: 2023", "baseline_year: 2026", "2026", "after the result"),
        ("  run_by:", "  runby:", "runby", "run_by"),
    ],
)
def test_schema_and_cross_checks_point_at_the_line(
    tmp_path: Path, old: str, new: str, needle: str, words: str
) -> None:
    text = MODEL.replace(old, new, 1)
    assert text != MODEL
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    found = errors_at(lines, line_of(text, needle))
    assert found and words in found[0], lines


def test_a_phone_typed_into_a_step_is_flagged(tmp_path: Path) -> None:
    """Free text of the block goes through the personal-data scan like a story."""
    text = MODEL.replace("Xuồng thu gom rác mỗi sáng.", "Gọi chị Ba 0912 345 678 để thu gom.")
    root = write_small_project(tmp_path, **files(**{KEY: text}))
    code, lines = run_check(root, "--lang", "en", "--strict")
    assert code == 1
    found = errors_at(lines, line_of(text, "0912 345 678"))
    assert found and "phone number" in found[0], lines


def test_a_model_block_on_a_collective_is_refused(tmp_path: Path) -> None:
    text = MODEL.replace("kind: model", "kind: collective")
    code, lines = check(tmp_path, **{KEY: text})
    assert code == 1
    assert errors_at(lines, line_of(text, "model:")), lines


# --- what the build publishes -----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built, the model with a consented photo (so it has a press kit)."""
    root = tmp_path_factory.mktemp("models")
    photo = io.BytesIO()
    Image.new("RGB", (400, 300), (40, 90, 160)).save(photo, "JPEG")
    with_photo = MODEL.replace(
        "model:\n",
        "consent:\n  photo: true\nphotos:\n  - file: photos/cho-noi.jpg\n    alt: Chợ nổi\n"
        "    credit: Ban biên tập\n    licence: CC BY 4.0\nmodel:\n",
        1,
    )
    write_small_project(
        root, **files(**{KEY: with_photo, "profiles__photos__cho-noi.jpg": photo.getvalue()})
    )
    build_project(root, today=TODAY)
    return root


@pytest.fixture(scope="module")
def fixture_model() -> dict[str, Any]:
    """The fixture's model block as YAML says it."""
    data: dict[str, Any] = yaml.safe_load(MODEL)["model"]
    return data


class _Page(HTMLParser):
    """Headings (level, text), links (href, text) and table rows of a page's article."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.rows: list[list[str]] = []
        self._tag: str | None = None
        self._text = ""
        self._href: str | None = None
        self._link = ""
        self._cell = False
        self._in_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article = True
        if not self._in_article:
            return
        if tag in ("h1", "h2", "h3"):
            self._tag, self._text = tag, ""
        elif tag == "a":
            self._href, self._link = dict(attrs).get("href"), ""
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        if tag == self._tag:
            self.headings.append((tag, self._text.replace("¶", "").strip()))
            self._tag = None
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._link.split())))
            self._href = None
        elif tag in ("td", "th") and self._cell and self.rows:
            self.rows[-1].append(" ".join(self._text.split()))
            self._cell = False

    def handle_data(self, data: str) -> None:
        self._text += data
        self._link += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def figure(value: float, unit: str) -> str:
    """A figure as a Vietnamese reader writes it, computed here: decimal comma, "96,5%"."""
    number = str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
    return number + ("" if unit == "%" else " ") + unit


def fixture_value(raw: object) -> float:
    """A value of the fixture's YAML as a number (the fixture writes "1,8" with a comma)."""
    return float(str(raw).replace(",", "."))


def test_the_model_page_reads_in_the_order_an_official_acts(built: Path) -> None:
    page = parse(built / "site/ho-so/mo-hinh-cho-noi/index.html")
    titles = [text for level, text in page.headings if level in ("h2", "h3")]
    expected = [
        "Cách làm và kết quả",
        "Việc khó cần giải quyết",
        "Cách làm",
        "Kết quả",
        "Được công nhận",
        "Đã nhân rộng ở 3 nơi",
        "Điều kiện để nhân rộng",
        "Liên hệ để học cách làm",
    ]
    assert [t for t in titles if t in expected] == expected
    # Before the awards: what to copy comes first.
    assert titles.index("Liên hệ để học cách làm") < titles.index("Khen thưởng")


def test_the_results_table_gives_each_figure_with_its_year(
    built: Path, fixture_model: dict[str, Any]
) -> None:
    page = parse(built / "site/ho-so/mo-hinh-cho-noi/index.html")
    header = ["Chỉ tiêu", "Trước khi làm", "Kết quả", "Năm"]
    start = page.rows.index(header)
    rows = page.rows[start + 1 : start + 1 + len(fixture_model["results"])]
    for row, result in zip(rows, fixture_model["results"], strict=True):
        unit = result["unit"]
        assert row[0] == result["indicator"]
        assert row[2] == figure(fixture_value(result["value"]), unit)
        assert row[3] == str(result["year"])
        if "baseline" in result:
            before = f"{figure(fixture_value(result['baseline']), unit)}"
            assert row[1] == before + f" ({result['baseline_year']})"
        else:
            assert row[1] == "Chưa ghi"


def test_replications_link_to_the_communes_profiles(
    built: Path, fixture_model: dict[str, Any]
) -> None:
    page = parse(built / "site/ho-so/mo-hinh-cho-noi/index.html")
    linked = [c["profile"] for c in fixture_model["replicated_in"] if "profile" in c]
    hrefs = [href for href, _text in page.links if href.startswith("../to-tu-quan-")]
    assert hrefs == [f"../{slug}/" for slug in linked]
    for slug in linked:
        assert (built / "site/ho-so" / slug / "index.html").is_file()
    texts = dict(page.links)
    assert texts["../to-tu-quan-phong-dien/"] == "Xã Phong Điền, thành phố Cần Thơ"
    # The decision that recognised it is one of the profile's awards: linked to them.
    assert ("#khen-thuong", "Quyết định số 88/QĐ-UBND") in page.links
    # The organisation's switchboard, dialable.
    assert (f"tel:{re.sub(r'[^0-9]', '', PHONE)}", PHONE) in page.links


def test_the_mo_hinh_roll_lists_problem_copies_and_recognition(
    built: Path, fixture_model: dict[str, Any]
) -> None:
    page = parse(built / "site/danh-sach/mo-hinh/index.html")
    assert page.rows[0] == ["STT", "Mô hình", "Việc khó đã giải quyết", "Nhân rộng", "Công nhận"]
    by_name = {row[1]: row for row in page.rows[1:]}
    full = yaml.safe_load(MODEL)["name"]["full"]
    row = by_name[full]
    assert row[2] == fixture_model["problem"]
    assert row[3] == f"Nhân rộng: {len(fixture_model['replicated_in'])} nơi"
    recognised = "; ".join(f"{r['by']} ({r['year']})" for r in fixture_model["recognised"])
    assert row[4] == f"Công nhận: {recognised}"
    # A model without the block: its highest award's issuer stands for who recognised it.
    plain = yaml.safe_load(PLAIN_MODEL)
    award = plain["awards"][0]
    row = by_name[plain["name"]["full"]]
    assert row[2] == "Chưa ghi việc khó"
    assert row[3] == "Nhân rộng: chưa ghi"
    assert row[4] == f"Công nhận: {award['issuer']} ({award['year']})"
    # Reachable from the home page.
    home = parse(built / "site/index.html")
    assert ("danh-sach/mo-hinh/", "Mô hình hay") in home.links


def test_the_api_document_carries_the_block(built: Path, fixture_model: dict[str, Any]) -> None:
    document = json.loads((built / "site/api/v1/profiles/mo-hinh-cho-noi.json").read_text())
    block = document["model"]
    assert block["problem"] == fixture_model["problem"]
    assert block["method"] == fixture_model["method"]
    assert block["conditions"] == fixture_model["conditions"]
    assert block["run_by"] == fixture_model["run_by"]
    assert block["started"] == fixture_model["started"]
    assert [(r["indicator"], r["value"], r["unit"], r["year"]) for r in block["results"]] == [
        (r["indicator"], fixture_value(r["value"]), r["unit"], r["year"])
        for r in fixture_model["results"]
    ]
    assert block["replicated_count"] == len(fixture_model["replicated_in"])
    assert [c["profile"] for c in block["replicated_in"]] == [
        c.get("profile") for c in fixture_model["replicated_in"]
    ]
    assert block["replicated_in"][0]["profile_url"].endswith(
        "/api/v1/profiles/to-tu-quan-phong-dien.json"
    )
    assert block["contact"]["phone"] == PHONE
    assert "switchboard" not in block["contact"]
    plain = json.loads((built / "site/api/v1/profiles/mo-hinh-khuyen-hoc.json").read_text())
    assert plain["model"] is None


def test_the_models_table_has_one_row_per_model(built: Path, fixture_model: dict[str, Any]) -> None:
    text = (built / "site/du-lieu/mo-hinh.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["Mã hồ sơ"] for r in rows) == ["mo-hinh-cho-noi", "mo-hinh-khuyen-hoc"]
    row = next(r for r in rows if r["Mã hồ sơ"] == "mo-hinh-cho-noi")
    assert row["Việc khó đã giải quyết"] == fixture_model["problem"]
    assert row["Cách làm (các bước)"] == " | ".join(fixture_model["method"])
    assert row["Số nơi nhân rộng"] == str(len(fixture_model["replicated_in"]))
    assert row["Điện thoại cơ quan"] == PHONE
    first = fixture_model["results"][0]
    assert row["Kết quả (năm)"].startswith(
        f"{first['indicator']}: {figure(first['value'], first['unit'])} ({first['year']}; "
        f"trước: {figure(first['baseline'], first['unit'])}, {first['baseline_year']})"
    )
    # Listed on the data page.
    assert "du-lieu/mo-hinh.csv" in (built / "site/du-lieu/index.html").read_text()


def test_the_press_kit_text_tells_the_model(built: Path, fixture_model: dict[str, Any]) -> None:
    with zipfile.ZipFile(built / "site/bao-chi/mo-hinh-cho-noi.zip") as kit:
        text = kit.read("mo-hinh-cho-noi/ho-so.txt").decode()
        markdown = kit.read("mo-hinh-cho-noi/ho-so.md").decode()
    for body in (text, markdown):
        assert f"Việc khó cần giải quyết: {fixture_model['problem']}" in body
        for n, step in enumerate(fixture_model["method"], start=1):
            assert f"{n}. {step}" in body
        assert f"Đã nhân rộng ở {len(fixture_model['replicated_in'])} nơi" in body
        assert PHONE in body
    assert text.index("CÁCH LÀM VÀ KẾT QUẢ") < text.index("KHEN THƯỞNG")


# --- the demo's model page and roll in a real browser, and for the W3C checker -----------------

DEMO_MODEL = "ho-so/mo-hinh-dan-van-kheo-cho-noi-van-minh-cai-rang/"
DEMO_PAGES = [DEMO_MODEL, "danh-sach/mo-hinh/"]


@pytest.mark.slow
def test_demo_model_pages_are_valid_html(demo_project: Path) -> None:
    from tests.test_html_valid import is_known_material_error, page_file, run_vnu

    messages = run_vnu([page_file(demo_project / "site", path) for path in DEMO_PAGES])
    errors = [m for m in messages if not is_known_material_error(m)]
    assert not errors, errors


@pytest.mark.slow
@pytest.mark.parametrize("path", DEMO_PAGES)
def test_demo_model_pages_on_a_phone(chromium: Any, demo_site: Any, path: str) -> None:
    """At 390 px: axe finds nothing serious, nothing scrolls sideways, the sections come in
    order and the replications are links that open."""
    from tests.browser import PHONE as PHONE_SCREEN
    from tests.browser import open_probe
    from tests.test_a11y import FAILING_IMPACTS, describe, run_axe

    with open_probe(chromium, demo_site, **PHONE_SCREEN) as probe:
        page = probe.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_SCREEN["viewport"]["width"], f"{path}: {width}px wide"
        violations = run_axe(probe)
        serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert not serious, describe(violations)
        if path == DEMO_MODEL:
            headings = page.locator("article h3").all_inner_texts()
            order = ["Việc khó", "Cách làm", "Kết quả", "Đã nhân rộng", "Điều kiện", "Liên hệ"]
            found = [next(i for i, h in enumerate(headings) if h.startswith(o)) for o in order]
            assert found == sorted(found), headings
            copies = page.locator(".vd-model-copies a")
            assert copies.count() == 2
            copies.first.click()
            page.wait_for_load_state()
            assert "/ho-so/to-tu-quan-cho-noi-phong-dien/" in page.url
        else:
            # The phone layout names what each cell is, the column heads being hidden.
            labels = page.locator(".vd-entries--models .vd-cell-label").first
            assert labels.is_visible()
        probe.assert_clean()
