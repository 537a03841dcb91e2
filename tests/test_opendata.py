"""Open data and press: JSON API and schemas, CSV, Atom feeds, sitemap, press kits, consent."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result
from test_build import active_content

from generator.cli import cli
from generator.opendata import profileindex
from generator.opendata.htmltext import html_to_markdown, html_to_text, md_escape
from generator.opendata.presskit import deterministic_zip
from tests.projects import NOWHERE, PROPOSED_NAME, PUBLISHED, QUIET_CAMPAIGN
from tests.projects import OPENDATA_COLLECTIVE as COLLECTIVE
from tests.projects import OPENDATA_HOA as HOA
from tests.projects import write_build_project as write_xss_project
from tests.projects import write_opendata_project as write_project

TODAY = "2024-02-01"
SITE_URL = "https://vinhdanh.example.vn/"


def run(root: Path, *args: str) -> Result:
    """`vinhdanh build` through click."""
    return CliRunner().invoke(cli, ["build", "--root", str(root), "--today", TODAY, *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the project above, shared by the read-only tests."""
    root = write_project(tmp_path_factory.mktemp("opendata"))
    result = run(root)
    assert result.exit_code == 0, result.output
    return root / "site"


PHOTO_SECRET = b"SENTINEL-PHOTO-NO-CONSENT"


def write_photo_project(root: Path) -> bytes:
    """The project above with a consented photo for Nguyễn Thị Hoa (so she has a press kit) and
    one without consent for the cooperative; the bytes of that unconsented photo."""
    from test_images import camera_jpeg, gradient, jpeg_bytes

    write_project(root)
    (root / "profiles" / "anh").mkdir()
    (root / "profiles" / "anh" / "hoa.jpg").write_bytes(camera_jpeg())
    secret = jpeg_bytes(gradient((700, 500)), comment=PHOTO_SECRET)
    (root / "profiles" / "anh" / "htx-bi-mat.jpg").write_bytes(secret)
    photo = "photos:\n  - {file: anh/%s, alt: %s, caption: %s, credit: %s, licence: CC BY 4.0}\n"
    hoa = HOA.replace(
        "consent:\n  {birth_date: true,", "consent:\n  {photo: true, birth_date: true,"
    )
    hoa += photo % ("hoa.jpg", "Cô Hoa trên lớp", "Giờ học", "Ban Thi đua")
    (root / "profiles" / "nguyen-thi-hoa.yml").write_text(hoa, encoding="utf-8")
    htx = COLLECTIVE + photo % ("htx-bi-mat.jpg", "Trụ sở", "Trụ sở", "Hợp tác xã")
    (root / "profiles" / "htx-trieu-thanh.yml").write_text(htx, encoding="utf-8")
    return secret


@pytest.fixture(scope="module")
def photo_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """One build of the photo project: its site/ and the unconsented photo's bytes."""
    root = tmp_path_factory.mktemp("opendata-photos")
    secret = write_photo_project(root)
    result = run(root)
    assert result.exit_code == 0, result.output
    return root / "site", secret


def read_json(site: Path, rel: str) -> dict[str, object]:
    """A JSON document of the built site."""
    data: dict[str, object] = json.loads((site / rel).read_text(encoding="utf-8"))
    return data


def press_kit(site: Path, slug: str) -> dict[str, bytes]:
    """The members of a profile's press kit."""
    with zipfile.ZipFile(site / "bao-chi" / f"{slug}.zip") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- JSON API and schemas -------------------------------------------------------------------------


def _validator(site: Path, url: str) -> jsonschema.protocols.Validator:
    assert url.startswith(f"{SITE_URL}api/v1/schemas/"), url
    schema = json.loads((site / url.removeprefix(SITE_URL)).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.slow
def test_every_json_document_validates_against_its_schema(built: Path) -> None:
    documents = sorted((built / "api").rglob("*.json"))
    used: set[str] = set()
    checked = 0
    for path in documents:
        rel = path.relative_to(built).as_posix()
        document = json.loads(path.read_text(encoding="utf-8"))
        if rel.startswith("api/v1/schemas/"):
            assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
            assert document["$id"] == SITE_URL + rel
            continue
        _validator(built, document["$schema"]).validate(document)
        used.add(document["$schema"])
        checked += 1
    schemas = {SITE_URL + p.relative_to(built).as_posix() for p in built.glob("api/v1/schemas/*")}
    assert used == schemas  # every schema describes something, every document has one
    # profiles 4 + index 1, campaigns 2 + index 1, decisions 1 + index 1, awards, localities,
    # entry point
    assert checked == len(PUBLISHED) + 1 + 2 + 1 + 1 + 1 + 3
    # No profile here has a consented photo, so none has a press kit (see the photo project).
    assert not (built / "bao-chi").exists()


@pytest.mark.slow
def test_a_schema_rejects_what_it_must(built: Path) -> None:
    document = read_json(built, "api/v1/profiles/nguyen-thi-hoa.json")
    validator = _validator(built, str(document["$schema"]))
    assert not list(validator.iter_errors(document))
    for broken in ({**document, "gender": "female"}, {**document, "updated": "02/01/2024"}):
        assert list(validator.iter_errors(broken))
    facts = {**document, "consented_facts": {"ethnicity": "x", "phone": "0900"}}
    assert list(validator.iter_errors(facts))


@pytest.mark.slow
def test_profile_document(built: Path) -> None:
    doc = read_json(built, "api/v1/profiles/nguyen-thi-hoa.json")
    assert doc["id"] == doc["slug"] == "nguyen-thi-hoa"
    assert doc["kind"] == "individual" and doc["illustrative"] is True
    assert doc["name"] == {
        "display": "Nguyễn Thị Hoa", "family": "Nguyễn", "middle": "Thị", "given": "Hoa",
        "form": None, "full": None, "short": None,
    }  # fmt: skip
    assert doc["permalink"] == f"{SITE_URL}ho-so/nguyen-thi-hoa/"
    assert doc["links"] == {
        "html": f"{SITE_URL}ho-so/nguyen-thi-hoa/",
        "press_kit": None,  # no consented photo, no press kit
        "self": f"{SITE_URL}api/v1/profiles/nguyen-thi-hoa.json",
    }
    assert doc["consented_facts"] == {"birth_year": 1980, "health": "Thương binh hạng 4/4"}
    assert doc["sector"] == {"id": "giao-duc", "vi": "Giáo dục, đào tạo", "en": "Education"}
    assert [g["id"] for g in doc["target_groups"]] == ["nha-giao", "phu-nu"]  # type: ignore[attr-defined,index]
    awards = doc["awards"]
    assert isinstance(awards, list)
    assert [a["award"] for a in awards] == ["huan-chuong-lao-dong", "bang-khen-thu-tuong"]
    first, revoked = awards
    assert first["name"] == {
        "vi": "Huân chương Lao động hạng Ba",
        "en": "Labour Order, Third Class",
    }
    assert first["class"] == "ba" and first["decision_date"] == "2019-05-10"
    # A level, not the signer: in 1985 the signer was the Chairman of the Council of State.
    assert first["issuer_level_name"]["vi"] == "Nguyên thủ quốc gia (Chủ tịch nước)"
    assert first["campaign"] == "dan-van-kheo" and first["status"] == "active"
    assert revoked["status"] == "revoked"
    assert revoked["revocation"] == {
        "date": "2018-01-01", "ground": None, "issuer": None, "number": "99/QĐ-TTg",
        "reason": "Hồ sơ không trung thực",
    }  # fmt: skip
    assert doc["top_award"] == "huan-chuong-lao-dong"
    locality = doc["locality"]
    assert isinstance(locality, dict)
    assert locality["recorded"]["era"] == "2025-03"
    assert [u["code"] for u in locality["recorded"]["units"]] == ["45", "469", "19678"]
    # Running text (Decree 30/2020): unit types lower-case after the first word.
    assert locality["recorded"]["text"] == "Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị"
    assert locality["current"]["province"]["full_name"] == "Tỉnh Quảng Trị"
    assert locality["current"]["province"]["era"] == "2025-07"
    assert locality["changed"] is True
    story = str(doc["story_html"])
    assert "<strong>Hoa</strong>" in story and "<li>Tủ sách</li>" in story
    assert doc["photos"] == []
    assert doc["former_slugs"] == ["nguyen-hoa"]
    assert doc["updated"] == "2024-01-02"
    assert "truy cập 01/02/2024" in str(doc["how_to_cite"])
    meta = doc["meta"]
    assert isinstance(meta, dict)
    assert meta["licence"] == {
        "id": "CC-BY-4.0",
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert meta["content_licence"] == {"id": "CC-BY-SA-4.0", "name": "CC BY-SA 4.0", "url": None}
    assert meta["generated"] == TODAY


@pytest.mark.slow
def test_profile_index_lists_published_profiles_by_slug(built: Path) -> None:
    index = read_json(built, "api/v1/profiles/index.json")
    profiles = index["profiles"]
    assert isinstance(profiles, list)
    assert [p["id"] for p in profiles] == PUBLISHED
    assert index["meta"] == {**index["meta"], "count": 4, "page": 1, "pages": 1, "per_page": 100}  # type: ignore[dict-item]
    assert index["links"] == {
        "first": f"{SITE_URL}api/v1/profiles/index.json",
        "last": f"{SITE_URL}api/v1/profiles/index.json",
        "next": None,
        "prev": None,
        "self": f"{SITE_URL}api/v1/profiles/index.json",
    }
    hoa = profiles[PUBLISHED.index("nguyen-thi-hoa")]
    assert hoa["top_award"] == {
        "award": "huan-chuong-lao-dong",
        "name": "Huân chương Lao động hạng Ba",
        "year": 2019,
    }
    assert hoa["url"] == f"{SITE_URL}api/v1/profiles/nguyen-thi-hoa.json"


@pytest.mark.slow
def test_profile_index_pages_link_like_the_nobel_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profileindex, "PER_PAGE", 3)
    root = write_project(tmp_path)
    assert run(root).exit_code == 0
    site = root / "site"
    first = read_json(site, "api/v1/profiles/index.json")
    second = read_json(site, "api/v1/profiles/page-2.json")
    assert not (site / "api/v1/profiles/page-3.json").exists()
    base = f"{SITE_URL}api/v1/profiles/"
    assert first["links"] == {
        "first": f"{base}index.json", "last": f"{base}page-2.json", "next": f"{base}page-2.json",
        "prev": None, "self": f"{base}index.json",
    }  # fmt: skip
    assert second["links"] == {
        "first": f"{base}index.json", "last": f"{base}page-2.json", "next": None,
        "prev": f"{base}index.json", "self": f"{base}page-2.json",
    }  # fmt: skip
    assert second["meta"]["page"] == 2 and second["meta"]["pages"] == 2  # type: ignore[index]
    slugs = [p["id"] for doc in (first, second) for p in doc["profiles"]]  # type: ignore[attr-defined]
    assert slugs == PUBLISHED
    entry = read_json(site, "api/v1/index.json")
    assert entry["meta"]["profile_pages"] == 2  # type: ignore[index]


@pytest.mark.slow
def test_campaign_documents(built: Path) -> None:
    index = read_json(built, "api/v1/campaigns/index.json")
    assert [c["id"] for c in index["campaigns"]] == ["dan-van-kheo", "phong-trao-moi"]  # type: ignore[attr-defined]
    campaign = read_json(built, "api/v1/campaigns/dan-van-kheo.json")
    assert campaign["exemplars"] == ["nguyen-thi-hoa", "htx-trieu-thanh"]  # "Hoa" < "Hợp tác xã"
    assert campaign["exemplar_count"] == 2
    assert campaign["criteria"] == ["Gần dân", "hiểu dân"]
    assert "<strong>Dân vận khéo</strong>" in str(campaign["body_html"])
    assert campaign["feed"] == f"{SITE_URL}feeds/phong-trao/dan-van-kheo.xml"
    quiet = read_json(built, "api/v1/campaigns/phong-trao-moi.json")
    assert quiet["exemplars"] == [] and quiet["body_html"] is None


@pytest.mark.slow
def test_awards_and_localities(built: Path) -> None:
    awards = read_json(built, "api/v1/awards.json")
    items = {a["id"]: a for a in awards["awards"]}  # type: ignore[attr-defined]
    assert items["cong-dan-uu-tu-tinh"]["local"] is True
    assert items["huan-chuong-lao-dong"]["count"] == 1
    assert items["bang-khen-thu-tuong"]["count"] == 1  # Hoa's was revoked: not counted
    assert items["huan-chuong-lao-dong"]["en"] == "Labour Order"
    precedences = [a["precedence"] for a in awards["awards"]]  # type: ignore[attr-defined]
    assert precedences == sorted(precedences)
    localities = read_json(built, "api/v1/localities.json")
    provinces = localities["provinces"]
    assert isinstance(provinces, list) and len(provinces) == 34
    quang_tri = next(p for p in provinces if p["full_name"] == "Tỉnh Quảng Trị")
    assert quang_tri["count"] == len(PUBLISHED)
    assert quang_tri["roll"] == f"{SITE_URL}danh-sach/tinh/quang-tri/"
    assert sum(p["count"] for p in provinces) == len(PUBLISHED)
    units = {(u["era"], u["code"]): u for u in localities["units"]}  # type: ignore[attr-defined]
    commune = units[("2025-03", "19678")]
    assert commune["full_name"] == "Xã Triệu Thành" and commune["count"] == len(PUBLISHED)
    assert commune["current_province"]["full_name"] == "Tỉnh Quảng Trị"
    assert all(u["era"] == "2025-07" for u in commune["current"])


@pytest.mark.slow
def test_api_entry_point(built: Path) -> None:
    entry = read_json(built, "api/v1/index.json")
    endpoints = entry["endpoints"]
    assert isinstance(endpoints, dict)
    for url in [endpoints["profiles"], endpoints["campaigns"], endpoints["awards"]]:
        assert (built / str(url).removeprefix(SITE_URL)).is_file(), url
    assert entry["csv"] == {
        "vi": f"{SITE_URL}du-lieu/vinh-danh.csv",
        "en": f"{SITE_URL}du-lieu/honours.csv",
    }


# --- CSV ------------------------------------------------------------------------------------------


def awards_given(root: Path) -> list[tuple[str, str]]:
    """(slug, award) of every award given to a published profile, read from the YAML itself."""
    given = []
    for path in sorted((root / "profiles").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("status", "published") != "published":
            continue
        for award in data.get("awards", []):
            if award.get("status", "active") in ("active", "revoked"):
                given.append((data["slug"], award["award"]))
    return given


def read_csv(path: Path) -> list[list[str]]:
    """Rows of a published CSV, checking the bytes Excel needs."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = data[3:].decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.slow
def test_csv_has_one_row_per_award_given(built: Path) -> None:
    expected = awards_given(built.parent)
    assert len(expected) == 6  # the refused award is not given
    vi = read_csv(built / "du-lieu" / "vinh-danh.csv")
    en = read_csv(built / "du-lieu" / "honours.csv")
    assert vi[0][:3] == ["Mã hồ sơ", "Họ và tên, tên tập thể", "Loại"]
    assert en[0][:3] == ["id", "name", "kind"]
    listed = 2  # the decision's two households: a row each, marked as from its list
    assert len(vi) == len(en) == len(expected) + listed + 1
    header = en[0]
    every = [dict(zip(header, row, strict=True)) for row in en[1:]]
    rows = [r for r in every if r["row_source"] == "profile"]
    assert sorted((r["id"], r["award_id"]) for r in rows) == sorted(expected)
    from_list = [r for r in every if r["row_source"] == "decision_list"]
    assert [(r["name"], r["kind"], r["award_id"]) for r in from_list] == [
        ("Hộ bà Trần Thị Hai", "household", "gia-dinh-van-hoa"),  # Hai before Một
        ("Hộ ông Lê Văn Một", "household", "gia-dinh-van-hoa"),
    ]
    assert from_list[0]["permalink"] == f"{SITE_URL}quyet-dinh/trieu-thanh-gdvh-2023/"
    assert vi[0][-1] == "Nguồn dòng" and vi[-1][-1] == "Danh sách quyết định"
    revoked = next(r for r in rows if r["status"] == "revoked")
    assert revoked["award_id"] == "bang-khen-thu-tuong" and revoked["id"] == "nguyen-thi-hoa"
    assert revoked["revocation_number"] == "99/QĐ-TTg"
    hoa = next(r for r in rows if r["award_id"] == "huan-chuong-lao-dong")
    assert hoa["locality_recorded_code"] == "19678" and hoa["locality_recorded_era"] == "2025-03"
    assert hoa["province_today"] == "Tỉnh Quảng Trị" and hoa["province_today_code"]
    assert hoa["award_en"] == "Labour Order, Third Class" and hoa["class"] == "ba"
    assert hoa["permalink"] == f"{SITE_URL}ho-so/nguyen-thi-hoa/"
    assert hoa["campaign_id"] == "dan-van-kheo"
    vi_revoked = next(
        r for r in vi[1:] if r[0] == "nguyen-thi-hoa" and "Quyết định đã bị hủy bỏ" in r
    )
    assert "Bằng khen của Thủ tướng Chính phủ" in vi_revoked


@pytest.mark.slow
def test_csv_neutralises_formulas(built: Path) -> None:
    rows = read_csv(built / "du-lieu" / "honours.csv")
    header = rows[0]
    found = [
        dict(zip(header, row, strict=True)) for row in rows[1:] if row[0] == "le-van-cong-thuc"
    ]
    assert found and all(r["position"] == '\'=HYPERLINK("https://evil.example")' for r in found)
    assert all(r["unit"] == "'@SUM(A1:A2)" for r in found)
    assert "'-1/QĐ" in [r["decision_number"] for r in found]
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


# --- feeds ----------------------------------------------------------------------------------------


def feed_files(site: Path) -> list[Path]:
    """Every Atom feed of the site."""
    return sorted(p for p in (site / "feeds").rglob("*.xml") if p.name != "sitemap.xml")


@pytest.mark.slow
def test_feeds_parse_and_have_stable_ids(built: Path) -> None:
    feeds = feed_files(built)
    assert [p.relative_to(built).as_posix() for p in feeds] == [
        "feeds/phong-trao/dan-van-kheo.xml",
        "feeds/phong-trao/phong-trao-moi.xml",
        "feeds/vinh-danh.xml",
    ]
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        rel = path.relative_to(built).as_posix()
        assert parsed.feed.id == f"tag:vinhdanh.example.vn,2024:{rel}"
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links["self"] == SITE_URL + rel
        assert links["alternate"].startswith(SITE_URL)
        assert parsed.feed.author == "Ban Thi đua - Khen thưởng tỉnh"
        for item in parsed.entries:
            assert re.fullmatch(r"tag:vinhdanh\.example\.vn,2024:ho-so/[a-z0-9-]+/", item.id)
            assert item.link.startswith(f"{SITE_URL}ho-so/")
    site = feedparser.parse((built / "feeds" / "vinh-danh.xml").read_bytes())
    # Without a date a profile cannot be "latest"; the others, most recently changed first.
    assert [e.id.rsplit(":", 1)[1] for e in site.entries] == [
        "ho-so/nguyen-thi-hoa/",
        "ho-so/le-van-cong-thuc/",
        "ho-so/htx-trieu-thanh/",
    ]
    hoa = site.entries[0]
    assert hoa.updated == "2024-01-02T00:00:00Z"  # profile.updated, not the build date
    assert hoa.published == "2017-03-01T00:00:00Z"  # the first decision
    assert site.feed.updated == "2024-01-02T00:00:00Z"
    assert "Huân chương Lao động hạng Ba" in hoa.content[0].value
    assert [t.term for t in hoa.tags] == ["dan-van-kheo"]
    quiet = feedparser.parse((built / "feeds" / "phong-trao" / "phong-trao-moi.xml").read_bytes())
    assert quiet.entries == []


@pytest.mark.slow
def test_feed_ids_survive_a_rename(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert run(root).exit_code == 0
    feed = root / "site" / "feeds" / "vinh-danh.xml"
    before = [(e.id, e.title) for e in feedparser.parse(feed.read_bytes()).entries]
    path = root / "profiles" / "nguyen-thi-hoa.yml"
    path.write_text(path.read_text("utf-8").replace("given: Hoa", "given: Hoà"), "utf-8")
    assert run(root).exit_code == 0
    after = [(e.id, e.title) for e in feedparser.parse(feed.read_bytes()).entries]
    assert [i for i, _ in after] == [i for i, _ in before]
    assert ("Nguyễn Thị Hoà" in [t for _, t in after]) and before != after


@pytest.mark.slow
def test_pages_link_their_feeds(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Bảng vàng thử nghiệm (Atom)" href="feeds/vinh-danh.xml">'
    ) in home
    campaign = (built / "phong-trao" / "dan-van-kheo" / "index.html").read_text("utf-8")
    assert 'href="../../feeds/phong-trao/dan-van-kheo.xml"' in campaign
    assert 'title="Phong trào: Phong trào thi đua Dân vận khéo"' in campaign


@pytest.mark.slow
def test_a_sitemap_sits_beside_every_feed_a_page_links(built: Path) -> None:
    """Material fetches sitemap.xml relative to each rel=alternate link: it must not 404."""
    hrefs = set()
    for path in built.rglob("*.html"):
        html = path.read_text("utf-8")
        for href in re.findall(r'<link rel="alternate" type="[^"]+"[^>]* href="([^"]+)"', html):
            # MkDocs writes root-relative links on the 404 page (served at any depth).
            target = (built / href[1:] if href.startswith("/") else path.parent / href).resolve()
            hrefs.add(target.relative_to(built.resolve()).as_posix())
            assert target.is_file(), (path, href)
            assert (target.parent / "sitemap.xml").is_file(), (path, href)
    assert hrefs == {
        "feeds/vinh-danh.xml",
        "feeds/phong-trao/dan-van-kheo.xml",
        "feeds/phong-trao/phong-trao-moi.xml",
    }
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ET.parse(built / "feeds" / "phong-trao" / "sitemap.xml")
    assert [el.text for el in tree.getroot().iter(f"{namespace}loc")] == [
        f"{SITE_URL}feeds/phong-trao/dan-van-kheo.xml",
        f"{SITE_URL}feeds/phong-trao/phong-trao-moi.xml",
    ]


# --- sitemap and robots ---------------------------------------------------------------------------


def public_pages(site: Path) -> set[str]:
    """Absolute URLs of the built HTML pages, less 404, redirects and "withdrawn" pages."""
    urls = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        if rel == "404.html" or '<meta name="robots" content="noindex">' in html:
            continue
        assert rel.endswith("index.html"), rel
        urls.add(SITE_URL + rel.removesuffix("index.html"))
    return urls


@pytest.mark.slow
def test_sitemap_lists_every_public_page(built: Path) -> None:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ET.parse(built / "sitemap.xml")
    locs = [el.text or "" for el in tree.getroot().iter(f"{namespace}loc")]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(SITE_URL) for loc in locs)
    assert set(locs) == public_pages(built)
    for path in ("du-lieu/", "lay-y-kien/", "ho-so/nguyen-thi-hoa/", "phong-trao/dan-van-kheo/"):
        assert SITE_URL + path in locs
    for path in ("ho-so/nguyen-hoa/", "ho-so/sentinel-withdrawn-name/"):
        assert SITE_URL + path not in locs
    with gzip.open(built / "sitemap.xml.gz") as packed:
        assert packed.read() == (built / "sitemap.xml").read_bytes()


@pytest.mark.slow
def test_robots_txt(built: Path) -> None:
    text = (built / "robots.txt").read_text("utf-8")
    assert text == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"


# --- press: citation block, press kit, embed ------------------------------------------------------


class _Textareas(HTMLParser):
    """The text of every <textarea> (entities decoded, as a browser shows it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "textarea":
            self._inside = True
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.found[-1] += data


def embed_snippet(html: str) -> str:
    """The embeddable card shown on a profile page."""
    parser = _Textareas()
    parser.feed(html)
    assert len(parser.found) == 1
    return parser.found[0]


@pytest.mark.slow
def test_profile_page_has_the_citation_block(built: Path) -> None:
    html = (built / "ho-so" / "nguyen-thi-hoa" / "index.html").read_text("utf-8")
    citation = (
        "Nguyễn Thị Hoa — Huân chương Lao động hạng Ba (2019). Bảng vàng thử nghiệm, "
        f"{SITE_URL}ho-so/nguyen-thi-hoa/, truy cập 01/02/2024."
    )
    # On the page the access date is the reader's (time.js), the build's day until then.
    on_page = citation.replace(
        "truy cập 01/02/2024.",
        'truy cập <time datetime="2024-02-01" data-vd-today>01/02/2024</time><span '
        'class="vd-asof" data-vd-asof> (tính đến ngày dựng trang)</span>.',
    )
    assert f'<p class="vd-press__cite" id="vd-trich-dan">{on_page}</p>' in html
    assert read_json(built, "api/v1/profiles/nguyen-thi-hoa.json")["how_to_cite"] == citation
    assert 'id="trich-dan"' in html
    assert f'<a href="{SITE_URL}ho-so/nguyen-thi-hoa/" id="vd-dia-chi">' in html
    assert "bao-chi/" not in html  # no consented photo, no press kit (the JSON instead)
    assert 'href="../../api/v1/profiles/nguyen-thi-hoa.json"' in html
    assert "<dt>Ảnh</dt>" not in html  # no consented photo
    snippet = embed_snippet(html)
    assert f'<a href="{SITE_URL}ho-so/nguyen-thi-hoa/"' in snippet
    assert "Nguyễn Thị Hoa</a>" in snippet and "Huân chương Lao động hạng Ba (2019)" in snippet
    assert "tỉnh Quảng Trị" in snippet


@pytest.mark.slow
def test_press_kit_holds_the_promised_files(photo_built: tuple[Path, bytes]) -> None:
    built, _secret = photo_built
    slug = "nguyen-thi-hoa"  # the one profile with a consented photo
    with zipfile.ZipFile(built / "bao-chi" / f"{slug}.zip") as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            f"{slug}/{name}"
            for name in ("CREDITS.txt", "anh-1.jpg", "ho-so.json", "ho-so.md", "ho-so.txt")
        ]
        for info in infos:
            assert info.date_time == (2024, 2, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
    # Only a profile with a consented photo has a press kit (the output budget, issue #21).
    files = {p.name for p in (built / "bao-chi").iterdir()}
    assert files == {f"{slug}.zip"}
    for other in PUBLISHED:
        links = read_json(built, f"api/v1/profiles/{other}.json")["links"]
        expected = f"{SITE_URL}bao-chi/{slug}.zip" if other == slug else None
        assert links["press_kit"] == expected, other  # type: ignore[index]
        html = (built / "ho-so" / other / "index.html").read_text("utf-8")
        assert (f'href="../../bao-chi/{other}.zip" download' in html) is (other == slug), other
    kit = press_kit(built, "nguyen-thi-hoa")
    document = json.loads(kit["nguyen-thi-hoa/ho-so.json"])
    _validator(built, document["$schema"]).validate(document)
    citation = read_json(built, "api/v1/profiles/nguyen-thi-hoa.json")["how_to_cite"]
    assert citation in kit["nguyen-thi-hoa/ho-so.txt"].decode("utf-8")
    assert citation in kit["nguyen-thi-hoa/CREDITS.txt"].decode("utf-8")
    assert (
        kit["nguyen-thi-hoa/ho-so.json"]
        == (built / "api" / "v1" / "profiles" / "nguyen-thi-hoa.json").read_bytes()
    )
    md = kit["nguyen-thi-hoa/ho-so.md"].decode("utf-8")
    assert md.startswith("# Nguyễn Thị Hoa\n")
    assert "- **Huân chương Lao động hạng Ba**, năm 2019, Quyết định số 123/QĐ-CTN" in md
    assert "Cô **Hoa** dạy học ở xã, *ba mươi năm*." in md  # story kept as Markdown
    assert "- Lớp học tình thương" in md and "[bài báo](https://example.vn/bai-bao)" in md
    assert "**Quyết định đã bị hủy bỏ**: Hủy bỏ theo Quyết định số 99/QĐ-TTg" in md
    assert "- Sức khỏe: Thương binh hạng 4/4" in md
    txt = kit["nguyen-thi-hoa/ho-so.txt"].decode("utf-8")
    assert "Cô Hoa dạy học ở xã, ba mươi năm." in txt and "**" not in txt
    assert "bài báo (https://example.vn/bai-bao)" in txt
    credits = kit["nguyen-thi-hoa/CREDITS.txt"].decode("utf-8")
    assert "CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>" in credits
    assert "ho-so.md, ho-so.txt — nội dung (text): CC BY-SA 4.0" in credits
    assert "DỮ LIỆU MINH HỌA" in credits


@pytest.mark.slow
def test_data_page_is_in_the_nav_and_describes_every_download(built: Path) -> None:
    html = (built / "du-lieu" / "index.html").read_text("utf-8")
    for target in [
        "vinh-danh.csv", "honours.csv", "../api/v1/profiles/index.json",
        "../api/v1/campaigns/index.json", "../api/v1/awards.json", "../api/v1/localities.json",
        "../api/v1/index.json", "../feeds/vinh-danh.xml", "../feeds/phong-trao/dan-van-kheo.xml",
        "../sitemap.xml", "../robots.txt", "../api/v1/schemas/profile.json",
    ]:  # fmt: skip
        assert f'href="{target}"' in html, target
        assert (built / "du-lieu" / target).resolve().is_file(), target
    assert "CC BY 4.0" in html and "CC BY-SA 4.0" in html
    home = (built / "index.html").read_text("utf-8")
    assert 'href="du-lieu/"' in home  # nav
    assert "Nội dung: CC BY-SA 4.0" in home  # footer


# --- contributor text stays inert -----------------------------------------------------------------


@pytest.mark.slow
def test_open_data_carries_no_active_content(tmp_path: Path) -> None:
    from test_images import camera_jpeg

    root = write_xss_project(tmp_path, xss=True)
    # A consented photo, so that the profile has a press kit (only such profiles have one).
    (root / "profiles" / "anh").mkdir()
    (root / "profiles" / "anh" / "xss.jpg").write_bytes(camera_jpeg())
    profile = root / "profiles" / "xss-nguoi-thu.yml"
    profile.write_text(
        profile.read_text("utf-8")
        + "consent: {photo: true}\n"
        + "photos:\n  - {file: anh/xss.jpg, alt: Ảnh, credit: Ban Thi đua, licence: CC BY 4.0}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 0, result.output
    site = root / "site"
    profile = json.loads((site / "api/v1/profiles/xss-nguoi-thu.json").read_text("utf-8"))
    assert profile["name"]["family"] == "<script>alert(1)</script>"  # data stays data
    assert active_content(profile["story_html"]) == []
    assert "evil.example" not in profile["story_html"]
    campaign = json.loads((site / "api/v1/campaigns/xss-phong-trao.json").read_text("utf-8"))
    assert active_content(campaign["body_html"]) == []
    for path in feed_files(site):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, path
        for item in parsed.entries:
            assert active_content(item.content[0].value) == [], path
    html = (site / "ho-so" / "xss-nguoi-thu" / "index.html").read_text("utf-8")
    snippet = embed_snippet(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    # The card's own inline styles are the only findings: constants from the template.
    # The templates are the package's resources, wherever the module that renders them is.
    template = Path(str(resources.files("generator"))) / "templates" / "opendata" / "_embed.html"
    styles = template.read_text("utf-8")
    for finding in active_content(snippet):
        style = re.fullmatch(r"\w+ style=(.*)", finding)
        assert style and f'style="{style.group(1)}"' in styles, finding
    kit = press_kit(site, "xss-nguoi-thu")
    for rel in ("ho-so.md", "ho-so.txt", "CREDITS.txt"):
        # Plain text may show the payload as text; no file carries the story's raw HTML.
        text = kit[f"xss-nguoi-thu/{rel}"].decode("utf-8")
        assert "evil.example" not in text and "<iframe" not in text, rel
    md = kit["xss-nguoi-thu/ho-so.md"].decode("utf-8")
    assert "<script" not in md.lower() and "<img" not in md.lower()
    assert "&lt;script\\>alert(1)&lt;/script\\>" in md
    assert "\\[x\\](javascript:alert(1))" in md  # a Markdown link in a name stays text
    assert not re.search(r"(?<!\\)\]\(javascript", md)  # no unescaped link to a script


# --- consent and status ---------------------------------------------------------------------------


def iter_output(site: Path) -> list[tuple[str, bytes]]:
    """Every file under site/ with its bytes; ZIP members and gzip contents unpacked too."""
    found: list[tuple[str, bytes]] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        found.append((rel, data))
        # By content, not by name: the search index's fragments are gzip without ".gz".
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as archive:
                found += [(f"{rel}!{n}", archive.read(n)) for n in archive.namelist()]
        elif data.startswith(b"\x1f\x8b"):
            found.append((f"{rel}!", gzip.decompress(data)))
    return found


@pytest.mark.slow
def test_private_and_unpublished_data_appears_nowhere(
    built: Path, photo_built: tuple[Path, bytes]
) -> None:
    # The photo project is the same roll with a press kit (only profiles with photos have one).
    files = iter_output(built) + iter_output(photo_built[0])
    kinds = {rel.rsplit(".", 1)[-1] for rel, _ in files}
    assert {"html", "json", "csv", "xml", "zip", "gz", "md", "txt"} <= kinds
    if (built / "pagefind").is_dir():  # the search index's compressed fragments were opened
        assert any(rel.startswith("pagefind/") and rel.endswith("!") for rel, _ in files)
    for rel, data in files:
        text = data.decode("utf-8", errors="replace").lower()
        for sentinel in NOWHERE:
            assert sentinel.lower() not in text, (sentinel, rel)
        if not rel.startswith("lay-y-kien/"):  # the comment page and each proposal's page
            assert PROPOSED_NAME.lower() not in text, rel
    for rel, _data in files:  # no other file is named after an unpublished proposal either
        assert "sentinel-closed" not in rel, rel
        assert "sentinel-proposed" not in rel or rel.startswith("lay-y-kien/"), rel
    proposals = (built / "lay-y-kien" / "index.html").read_text("utf-8")
    assert PROPOSED_NAME in proposals  # the scan would find it


# --- determinism and failure ----------------------------------------------------------------------


@pytest.mark.slow
def test_open_data_is_byte_identical_across_builds(tmp_path: Path) -> None:
    one = write_project(tmp_path / "one")
    two = write_project(tmp_path / "two")
    assert run(one).exit_code == 0
    assert run(two, "--clean").exit_code == 0

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for folder in ("api", "du-lieu", "feeds", "bao-chi")
            for p in (site / folder).rglob("*")
            if p.is_file()
        } | {"robots.txt": (site / "robots.txt").read_bytes()}

    first = files(one / "site")
    assert len(first) > 20
    assert files(two / "site") == first
    assert run(one).exit_code == 0
    assert files(one / "site") == first


@pytest.mark.slow
def test_a_slug_that_takes_a_listing_file_name_fails_the_build(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    (root / "profiles" / "index.yml").write_text(
        COLLECTIVE.replace("slug: htx-trieu-thanh", "slug: index"), encoding="utf-8"
    )
    result = run(root)
    assert result.exit_code == 1
    # Found by the check (`vinhdanh check` too), with file and line, before anything is made.
    assert (
        "profiles/index.yml:1:1: slug: slug 'index' trùng tên một tệp của dữ liệu mở "
        "(api/v1/profiles/index.json)" in result.output
    )
    assert not (root / "site").exists() and not (root / "build").exists()


@pytest.mark.slow
def test_a_campaign_slug_that_takes_a_file_name_fails_the_build(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    (root / "content" / "campaigns" / "sitemap.md").write_text(
        QUIET_CAMPAIGN.replace("slug: phong-trao-moi", "slug: sitemap"), encoding="utf-8"
    )
    result = run(root)
    assert result.exit_code == 1
    assert (
        "content/campaigns/sitemap.md:2:1: slug: slug 'sitemap' trùng tên một tệp của dữ liệu "
        "mở (api/v1/campaigns/sitemap.json)" in result.output
    )


# --- helpers --------------------------------------------------------------------------------------


def test_markdown_escaping() -> None:
    assert md_escape("a*b_c [x](javascript:y) <b> `c` |") == (
        "a\\*b\\_c \\[x\\](javascript:y) &lt;b&gt; \\`c\\` \\|"
    ).replace("&gt;", "\\>")
    assert md_escape("# not a heading\n- not a list\n2019. not a list") == (
        "\\# not a heading\n\\- not a list\n2019\\. not a list"
    )
    assert md_escape("A & B &amp; C") == "A & B &amp;amp; C"


def test_html_to_markdown_and_text() -> None:
    html = (
        "<p>Cô <strong>Hoa</strong> *thật*</p><ul><li>một</li><li>hai</li></ul>"
        "<ol><li>ba</li></ol><blockquote><p>trích</p></blockquote>"
        '<p><a href="https://example.vn/a (b)">liên kết</a></p><pre><code>x = 1\n</code></pre>'
    )
    assert html_to_markdown(html) == (
        "Cô **Hoa** \\*thật\\*\n\n- một\n\n- hai\n\n1. ba\n\n> trích\n\n"
        "[liên kết](https://example.vn/a%20%28b%29)\n\n    x = 1"
    )
    assert html_to_text(html) == (
        "Cô Hoa *thật*\n\n• một\n\n• hai\n\n1. ba\n\ntrích\n\n"
        "liên kết (https://example.vn/a (b))\n\nx = 1"
    )


def test_deterministic_zip() -> None:
    import datetime as dt

    one = deterministic_zip({"b.txt": b"2", "a.txt": b"1"}, dt.date(2024, 2, 1))
    two = deterministic_zip({"a.txt": b"1", "b.txt": b"2"}, dt.date(2024, 2, 1))
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        assert archive.namelist() == ["a.txt", "b.txt"]
    old = deterministic_zip({"a.txt": b"1"}, dt.date(1970, 1, 1))
    assert zipfile.ZipFile(io.BytesIO(old)).infolist()[0].date_time[0] == 1980


# --- photos (the images stage) --------------------------------------------------------------------


@pytest.mark.slow
def test_consented_photos_in_api_and_press_kit_others_nowhere(
    photo_built: tuple[Path, bytes],
) -> None:
    import hashlib

    from PIL import Image

    from generator.images.encoding import photo_key
    from generator.images.jobs import ImageSettings

    site, secret = photo_built

    doc = read_json(site, "api/v1/profiles/nguyen-thi-hoa.json")
    _validator(site, str(doc["$schema"])).validate(doc)
    [shown] = doc["photos"]  # type: ignore[misc]
    assert {k: shown[k] for k in ("alt", "caption", "credit", "licence", "mime")} == {
        "alt": "Cô Hoa trên lớp",
        "caption": "Giờ học",
        "credit": "Ban Thi đua",
        "licence": "CC BY 4.0",
        "mime": "image/jpeg",
    }
    assert (shown["width"], shown["height"]) == (1200, 1600)
    assert [(v["mime"], v["width"]) for v in shown["variants"]] == [
        ("image/webp", 320), ("image/webp", 640), ("image/webp", 1200),
        ("image/jpeg", 320), ("image/jpeg", 640), ("image/jpeg", 1200),
    ]  # fmt: skip
    for variant in shown["variants"]:
        assert variant["url"].startswith(f"{SITE_URL}anh/")
        with Image.open(site / variant["url"].removeprefix(SITE_URL)) as im:
            assert im.size == (variant["width"], variant["height"])
    assert shown["url"] == shown["variants"][-1]["url"]
    assert read_json(site, "api/v1/profiles/htx-trieu-thanh.json")["photos"] == []

    kit = press_kit(site, "nguyen-thi-hoa")
    assert sorted(kit) == [
        f"nguyen-thi-hoa/{n}"
        for n in ("CREDITS.txt", "anh-1.jpg", "ho-so.json", "ho-so.md", "ho-so.txt")
    ]
    full = kit["nguyen-thi-hoa/anh-1.jpg"]
    assert full == (site / shown["url"].removeprefix(SITE_URL)).read_bytes()  # the largest JPEG
    assert b"Exif" not in full and b"SecretCam" not in full
    credits = kit["nguyen-thi-hoa/CREDITS.txt"].decode("utf-8")
    assert "* anh-1.jpg — ảnh (photo): Ban Thi đua; CC BY 4.0" in credits
    assert "không kèm ảnh" not in credits
    with zipfile.ZipFile(site / "bao-chi" / "nguyen-thi-hoa.zip") as archive:
        assert archive.getinfo("nguyen-thi-hoa/anh-1.jpg").compress_type == zipfile.ZIP_STORED
    assert not (site / "bao-chi" / "htx-trieu-thanh.zip").exists()  # no consented photo

    digest = hashlib.sha256(secret).hexdigest()
    needles = [digest, photo_key(digest, ImageSettings())[:12], "htx-bi-mat", "Trụ sở"]
    needles.append(PHOTO_SECRET.decode())
    for rel, data in iter_output(site):
        text = data.decode("utf-8", errors="replace")
        for needle in needles:
            assert needle not in text and needle not in rel, (needle, rel)
