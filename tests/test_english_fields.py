"""The optional English fields (`en:` blocks): checked like the Vietnamese ones, published in the
API with their schema, and the English edition's words for places, dates and awards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, cast

import pytest

from generator.commands.build import render_project
from generator.editors.schema import render_schemas
from generator.model import englishtext
from generator.model.englishfields import looks_vietnamese
from generator.model.localities import resolve_locality
from generator.model.resolved import ResolvedLocality
from generator.model.site import build_site
from generator.opendata.apidocuments import api_schemas
from generator.reference.adminunits import ERAS, load_admin_units
from generator.reference.taxonomy import CLASS_NAMES, CLASS_NAMES_EN, load_taxonomy
from generator.source.documents import Locality
from tests.projects import CAMPAIGN, CONFIG, PERSON, write_small_project
from tests.test_apidocuments import check_documents

ROOT = Path(__file__).resolve().parent.parent

# The small project's person with English text beside the Vietnamese.
ENGLISH_PERSON = (
    PERSON.replace(
        "    campaign: nong-thon-moi\n",
        "    campaign: nong-thon-moi\n"
        "    citation: Đã có thành tích xuất sắc.\n"
        "    en:\n"
        "      citation: For outstanding achievements.\n",
    )
    + """\
summary: Nông dân sản xuất giỏi.
en:
  position: Farmer
  summary: A farmer who grows good crops.
"""
)


def problems(root: Path, lang: str = "en") -> list[str]:
    """Every problem `check` reports for the project, formatted."""
    _site, report = build_site(root)
    return [p.format(lang) for p in report]  # type: ignore[arg-type]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def project(tmp_path: Path, person: str) -> Path:
    return write_small_project(tmp_path, **{"profiles__nguyen-van-an.yml": person})


# --- check -------------------------------------------------------------------------------------


def test_english_beside_its_original_is_clean(tmp_path: Path) -> None:
    assert problems(project(tmp_path, ENGLISH_PERSON)) == []


def test_a_misspelt_english_key_is_an_error_at_its_line_in_both_languages(tmp_path: Path) -> None:
    person = ENGLISH_PERSON.replace("  summary: A farmer", "  sumary: A farmer")
    root = project(tmp_path, person)
    line = line_of(person, "sumary:")
    found = problems(root)
    assert len(found) == 1, found
    assert found[0].startswith(f"profiles/nguyen-van-an.yml:{line}:3: en.sumary: ")
    assert "unknown" in found[0] or "not allowed" in found[0]
    vi = problems(root, "vi")[0]
    assert vi.startswith(f"profiles/nguyen-van-an.yml:{line}:3: en.sumary: ")
    assert vi != found[0]  # the Vietnamese message, not the English one


def test_english_text_has_the_vietnamese_length_limit(tmp_path: Path) -> None:
    person = ENGLISH_PERSON.replace("  position: Farmer", "  position: " + "word " * 500)
    found = problems(project(tmp_path, person))
    line = line_of(person, "  position: word")
    assert len(found) == 1, found
    assert found[0].startswith(f"profiles/nguyen-van-an.yml:{line}:")
    assert "en.position" in found[0] and "2000" in found[0]


def test_english_without_its_original_is_a_warning(tmp_path: Path) -> None:
    person = ENGLISH_PERSON + "  unit: Tân Phú cooperative\n"
    found = problems(project(tmp_path, person))
    line = line_of(person, "  unit: Tân Phú")
    assert found == [
        f"profiles/nguyen-van-an.yml:{line}:3: warning: en.unit: English without its "
        "Vietnamese 'unit': the Vietnamese page would lack it; write the Vietnamese original "
        "or remove the English"
    ]
    vi = problems(project(tmp_path, person), "vi")
    assert vi[0].startswith(f"profiles/nguyen-van-an.yml:{line}:3: cảnh báo: en.unit: có ")


def test_vietnamese_pasted_into_an_english_field_is_a_warning(tmp_path: Path) -> None:
    pasted = "Nông dân sản xuất giỏi, hiến đất làm đường liên thôn."
    person = ENGLISH_PERSON.replace(
        "  summary: A farmer who grows good crops.", f"  summary: {pasted}"
    )
    found = problems(project(tmp_path, person))
    line = line_of(person, f"  summary: {pasted}")
    assert len(found) == 1, found
    assert found[0].startswith(f"profiles/nguyen-van-an.yml:{line}:3: warning: en.summary: ")
    assert "Vietnamese diacritics" in found[0]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Nông dân sản xuất giỏi", True),
        ("Chủ nhiệm Hợp tác xã nông nghiệp Triệu Thành", True),
        # English naming people and places with their diacritics is English.
        ("Nguyễn Thị Hoa chairs the Triệu Thành farming cooperative", False),
        ("Head of the Đại Hòa Minh village cooperative group", False),
        ("Farmer", False),
        ("Tân Phú cooperative", False),
        ("Tân Phú Trung commune cooperative", False),
        ("Nguyễn", False),  # one marked word is a name, not a pasted sentence
    ],
)
def test_looks_vietnamese(text: str, reported: bool) -> None:
    assert (looks_vietnamese(text) is not None) is reported


def test_a_model_s_steps_in_english_line_up_with_the_vietnamese(tmp_path: Path) -> None:
    model = """\
slug: to-tu-quan
kind: model
name: {full: "Mô hình Tổ tự quản đường làng"}
locality: {province: Quảng Trị}
awards:
  - {award: giay-khen, year: 2024, issuer_level: commune, issuer: Chủ tịch UBND xã}
model:
  problem: Đường làng nhiều rác.
  method: [Họp dân., Chia tổ., Quét đường mỗi tuần.]
  en:
    problem: The village road was full of rubbish.
    method: [Meet the villagers., Sweep the road every week.]
    conditions: [Volunteers.]
"""
    root = write_small_project(tmp_path, **{"profiles__to-tu-quan.yml": model})
    found = problems(root)
    method, conditions = line_of(model, "    method: [Meet"), line_of(model, "conditions:")
    assert found == [
        f"profiles/to-tu-quan.yml:{method}:5: warning: model.en.method: the English has 2 "
        "lines, the Vietnamese 'model.method' 3: translate line by line, in the same order",
        f"profiles/to-tu-quan.yml:{conditions}:5: warning: model.en.conditions: English "
        "without its Vietnamese 'model.conditions': the Vietnamese page would lack it; write "
        "the Vietnamese original or remove the English",
    ]


def test_invisible_and_direction_characters_in_english_text(tmp_path: Path) -> None:
    person = ENGLISH_PERSON.replace("A farmer who", "A far\u200bmer who")
    root = project(tmp_path, person)
    found = problems(root)
    line = line_of(person, "A far\u200bmer")
    assert len(found) == 1 and found[0].startswith(f"profiles/nguyen-van-an.yml:{line}:")
    assert "U+200B" in found[0]
    site, _report = build_site(root)
    assert site is not None
    summaries = [e.profile.en.summary for e in site.entries if e.profile.en is not None]
    assert summaries == ["A farmer who grows good crops."]  # removed on reading
    refused = ENGLISH_PERSON.replace("A farmer who", "A farmer \u202ewho")
    found = problems(project(tmp_path, refused))
    assert len(found) == 1 and "U+202E" in found[0], found
    assert not found[0].split(": ", 1)[1].startswith("warning")


def test_an_english_story_gets_the_markdown_guard(tmp_path: Path) -> None:
    story = "[" * 3_000 + "a" + "]" * 3_000
    person = ENGLISH_PERSON + f"  story: '{story}'\n" + "story: Câu chuyện.\n"
    found = problems(project(tmp_path, person))
    line = line_of(person, "  story: '[[[")
    assert len(found) == 1, found
    assert found[0].startswith(f"profiles/nguyen-van-an.yml:{line}:3: en.story: Markdown too")


def test_personal_data_in_english_text_is_reported(tmp_path: Path) -> None:
    person = ENGLISH_PERSON.replace(
        "A farmer who grows good crops.",
        "A Catholic farmer of the Mông ethnic group; call 0912 345 678.",
    )
    found = problems(project(tmp_path, person))
    line = line_of(person, "A Catholic farmer")
    assert [f.split(": ")[0] for f in found] == [f"profiles/nguyen-van-an.yml:{line}:3"] * 3
    text = "\n".join(found)
    assert "'0912 345 678'" in text and "'Catholic'" in text and "'Mông ethnic'" in text
    # With consent, the faith and the ethnicity may be published; the phone number never.
    consented = person + "consent: {religion: true, ethnicity: true}\n"
    found = problems(project(tmp_path, consented))
    assert len(found) == 1 and "'0912 345 678'" in found[0], found


def test_personal_data_in_a_model_s_english_steps_is_reported(tmp_path: Path) -> None:
    model = MODEL.replace("Sweep the road every week.", "Call Mr Lò on 0987 654 321 to join.")
    found = problems(write_small_project(tmp_path, **{"profiles__to-tu-quan.yml": model}))
    line = line_of(model, "Call Mr Lò")
    assert len(found) == 1, found
    assert found[0].startswith(f"profiles/to-tu-quan.yml:{line}:")
    assert "model.en.method[1]" in found[0] and "'0987 654 321'" in found[0]


def test_campaign_decision_and_cluster_english(tmp_path: Path) -> None:
    campaign = CAMPAIGN.replace(
        "---\nPhong trào",
        "en:\n  title: The whole country builds new rural areas\n  short_name: New rural areas\n"
        "  story: The campaign in English.\n---\nPhong trào",
    )
    decision = """\
slug: qd-1
decision_number: 1/QĐ-UBND
decision_date: 2024-05-02
issuer: Chủ tịch UBND xã Triệu Thành
issuer_level: commune
award: giay-khen
year: 2024
kind: individual
locality: {province: Quảng Trị}
recipients: [Lê Văn Bình]
en: {subject: Certificates of commendation for 2024}
"""
    root = write_small_project(
        tmp_path,
        **{"content__campaigns__nong-thon-moi.md": campaign, "decisions__qd-1.yml": decision},
    )
    found = problems(root)
    short, subject = line_of(campaign, "short_name"), line_of(decision, "en:")
    assert found == [
        f"content/campaigns/nong-thon-moi.md:{short}:3: warning: en.short_name: English "
        "without its Vietnamese 'short_name': the Vietnamese page would lack it; write the "
        "Vietnamese original or remove the English",
        f"decisions/qd-1.yml:{subject}:6: warning: en.subject: English without its "
        "Vietnamese 'subject': the Vietnamese page would lack it; write the Vietnamese "
        "original or remove the English",
    ]
    # The campaign's English story translates the page's body: no body, a warning.
    bodiless = campaign.replace("Phong trào thử nghiệm.\n", "")
    root = write_small_project(tmp_path, **{"content__campaigns__nong-thon-moi.md": bodiless})
    stories = [p for p in problems(root) if "en.story" in p]
    assert len(stories) == 1 and "'body'" in stories[0], stories


def test_the_demo_has_english_fields_and_checks_clean() -> None:
    site, report = build_site(ROOT)
    assert site is not None
    assert not [p for p in report if p.code.startswith("english.")]
    english = [e for e in site.entries if e.profile.en is not None]
    assert len(english) >= 3
    assert any(e.practice is not None and e.practice.record.en is not None for e in english)
    assert any(c.en is not None for c, _doc in site.campaigns.values())


def test_editor_schemas_document_the_english_blocks() -> None:
    schemas = {name: json.loads(text) for name, text in render_schemas(ROOT).items()}
    profile = schemas["profile.schema.json"]
    block = profile["$defs"]["ProfileEnglish"]
    assert set(block["properties"]) == {"position", "unit", "summary", "story"}
    assert block["additionalProperties"] is False
    assert all(p["description"].startswith("Tiếng Anh") for p in block["properties"].values())
    assert profile["properties"]["en"]["description"].startswith("Tiếng Anh")
    assert set(profile["$defs"]["AwardEnglish"]["properties"]) == {"citation"}
    practice = profile["$defs"]["PracticeEnglish"]["properties"]
    assert set(practice) == {"problem", "method", "conditions"}
    campaign = schemas["campaign.schema.json"]["$defs"]["CampaignEnglish"]["properties"]
    assert set(campaign) == {"title", "short_name", "summary", "story"}
    assert "subject" in schemas["decision.schema.json"]["$defs"]["DecisionEnglish"]["properties"]
    assert "summary" in schemas["cluster.schema.json"]["$defs"]["ClusterEnglish"]["properties"]


# --- the English edition's words -----------------------------------------------------------------


def test_dates_in_english() -> None:
    assert englishtext.date_text(dt.date(2026, 12, 5)) == "5 December 2026"
    assert englishtext.date_text(dt.date(2019, 1, 31)) == "31 January 2019"
    assert englishtext.date_text(None) == ""
    days = [dt.date(2024, m, 1) for m in range(1, 13)]
    assert len({englishtext.date_text(d).split()[1] for d in days}) == 12


def test_every_administrative_unit_has_an_english_type() -> None:
    admin = load_admin_units()
    kinds: set[tuple[int, str]] = set()
    units = [u for era in ERAS for level in (1, 2, 3) for u in admin.units(era, level)]
    assert len(units) > 14_000  # both lists: 63 + 696 + 10,047 and 34 + 3,321
    for unit in units:
        name = englishtext.unit_name(unit)
        assert unit.name in name and name.strip() == name
        assert englishtext.unit_type(unit) in name.lower()
        kinds.add((unit.level, unit.type))
    # Every type of both lists, special zones included, and nothing the table does not use.
    assert kinds == set(englishtext.UNIT_TYPES_EN)
    assert "Đặc khu" in {t for _, t in kinds}


class _Problems:
    """A checker that keeps what it is told (a place in these tests resolves cleanly)."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, loc: object, code: str, *args: object, **params: object) -> None:
        self.found.append(code)


def _place(**recorded: object) -> ResolvedLocality:
    check = _Problems()
    place = resolve_locality(Locality.model_validate(recorded), load_admin_units(), check)  # type: ignore[arg-type]
    assert check.found == [], check.found
    return place


def test_localities_in_english() -> None:
    old = _place(
        province="Quảng Trị", district="Triệu Phong", commune="Triệu Thành", as_of="2019-05-01"
    )
    assert englishtext.recorded_place(old) == (
        "Triệu Thành commune, Triệu Phong district, Quảng Trị province"
    )
    assert englishtext.now_place(old) == "now Triệu Phong commune, Quảng Trị province"
    assert englishtext.short_place(old) == "Triệu Phong commune, Quảng Trị province"
    ward = _place(province="Hà Nội", commune="Hoàng Mai", as_of="2025-08-01")
    assert englishtext.recorded_place(ward) == "Hoàng Mai ward, Hà Nội city"
    assert englishtext.now_place(ward) == ""
    zone = _place(province="Thành phố Hồ Chí Minh", commune="Côn Đảo", as_of="2025-08-01")
    assert englishtext.short_place(zone) == "Côn Đảo special zone, Hồ Chí Minh city"
    numbered = _place(
        province="Thành phố Hồ Chí Minh", district="Quận 1", commune="Bến Thành",
        as_of="2020-01-01",
    )  # fmt: skip
    assert englishtext.recorded_place(numbered) == ("Bến Thành ward, District 1, Hồ Chí Minh city")
    assert englishtext.recorded_place(_place(unknown=True)) == "Place not recorded"
    assert englishtext.recorded_place(_place(country="Lào")) == "Lào"


def test_every_award_and_class_has_an_english_name() -> None:
    taxonomy = load_taxonomy()
    assert set(CLASS_NAMES_EN) == set(CLASS_NAMES)
    for award in taxonomy:
        assert award.en and award.en != award.vi, award.id
        assert looks_vietnamese(award.en) is None, award.en
        for klass in (None, *award.classes):
            name = englishtext.award_name(award, klass)
            assert name.lang == "en" and name.text.startswith(award.en), (award.id, klass)
    labour = taxonomy.get("huan-chuong-lao-dong")
    hero = taxonomy.get("anh-hung-lao-dong")
    assert labour is not None and hero is not None
    assert englishtext.award_name(labour, "nhat").text == "Labour Order, First Class"
    assert englishtext.award_name(hero, None).text == "Hero of Labour"


def test_a_local_award_without_an_english_name_stays_vietnamese(tmp_path: Path) -> None:
    local = """\
local_awards:
  - {id: cong-dan-uu-tu, vi: "Công dân ưu tú", recipients: [individual],
     conferred_by: [province], precedence: 650, level: ministry_province}
  - {id: lao-dong-gioi, vi: "Lao động giỏi", en: "Good Worker", recipients: [individual],
     conferred_by: [province], precedence: 651, level: ministry_province, classes: [nhat]}
"""
    root = write_small_project(tmp_path, **{"site_config.yml": CONFIG + local})
    site, report = build_site(root)
    assert site is not None and not list(report)
    plain, named = site.taxonomy.get("cong-dan-uu-tu"), site.taxonomy.get("lao-dong-gioi")
    assert plain is not None and named is not None
    assert englishtext.award_name(plain, None) == englishtext.AwardName("Công dân ưu tú", "vi")
    assert englishtext.award_name(named, "nhat") == englishtext.AwardName(
        "Good Worker, First Class", "en"
    )


# --- the API -------------------------------------------------------------------------------------

MODEL = """\
slug: to-tu-quan
kind: model
name: {full: "Mô hình Tổ tự quản đường làng"}
locality: {province: Quảng Trị}
awards:
  - {award: giay-khen, year: 2024, issuer_level: commune, issuer: Chủ tịch UBND xã}
model:
  problem: Đường làng nhiều rác.
  method: [Họp dân., Quét đường mỗi tuần.]
  en:
    problem: The village road was full of rubbish.
    method: [Meet the villagers., Sweep the road every week.]
"""


def test_the_api_documents_carry_the_english_fields(tmp_path: Path) -> None:
    person = (
        ENGLISH_PERSON.replace(
            "  summary: A farmer who grows good crops.\n",
            "  summary: A farmer who grows good crops.\n"
            "  story: |\n    He *farms* well.<script>alert(1)</script>\n",
        )
        + "story: Anh làm ruộng giỏi.\n"
    )
    campaign = CAMPAIGN.replace(
        "---\nPhong trào",
        "en:\n  title: New rural areas\n"
        "  story: 'A **test** campaign. <img src=x onerror=alert(1)>'\n---\nPhong trào",
    )
    root = write_small_project(
        tmp_path,
        **{
            "profiles__nguyen-van-an.yml": person,
            "profiles__to-tu-quan.yml": MODEL,
            "content__campaigns__nong-thon-moi.md": campaign,
        },
    )
    _result, rendered = render_project(root, today=dt.date(2026, 1, 15))
    assert rendered is not None
    checked = check_documents(rendered.files)  # every document fits its schema and its model
    assert checked["profile"] == 3 and checked["campaign"] == 1

    def document(path: str) -> dict[str, Any]:
        return cast("dict[str, Any]", json.loads(rendered.files[path]))

    an = document("api/v1/profiles/nguyen-van-an.json")
    assert an["en"] == {
        "position": "Farmer",
        "press_kit": None,  # the English edition is off
        "story_html": "<p>He <em>farms</em> well.</p>",  # the script is gone
        "summary": "A farmer who grows good crops.",
        "unit": None,
    }
    assert an["summary"] == "Nông dân sản xuất giỏi."  # the Vietnamese stays where it was
    assert an["awards"][0]["en"] == {"citation": "For outstanding achievements."}
    assert an["awards"][0]["citation"] == "Đã có thành tích xuất sắc."
    assert document("api/v1/profiles/htx-tan-phu.json")["en"] is None
    practice = document("api/v1/profiles/to-tu-quan.json")["model"]
    assert practice["en"] == {
        "conditions": [],
        "method": ["Meet the villagers.", "Sweep the road every week."],
        "problem": "The village road was full of rubbish.",
    }
    nong_thon_moi = document("api/v1/campaigns/nong-thon-moi.json")
    assert nong_thon_moi["en"] == {
        "body_html": "<p>A <strong>test</strong> campaign. </p>",
        "short_name": None,
        "summary": None,
        "title": "New rural areas",
    }
    assert nong_thon_moi["title"] == "Cả nước chung sức xây dựng nông thôn mới"


def test_the_api_schemas_describe_the_english_fields() -> None:
    schemas = api_schemas()
    profile = schemas["profile"]
    assert "en" in profile["required"]
    assert profile["properties"]["en"]["description"].startswith("Tiếng Anh")
    english = profile["$defs"]["ProfileEnglish"]
    assert set(english["required"]) == {"position", "unit", "summary", "story_html", "press_kit"}
    texts = {k: p for k, p in english["properties"].items() if k != "press_kit"}
    assert all("không dịch máy" in p["description"] for p in texts.values())
    assert "english_edition" in english["properties"]["press_kit"]["description"]
    assert "en" in profile["$defs"]["ProfileAward"]["required"]
    assert "en" in profile["$defs"]["Practice"]["required"]
    assert set(schemas["campaign"]["$defs"]["CampaignEnglish"]["required"]) == {
        "title", "short_name", "summary", "body_html"
    }  # fmt: skip
    assert "en" in schemas["decision"]["required"]
