"""`vinhdanh check`: one broken fixture per error kind, asserting the exact message and place."""

from __future__ import annotations

import json
import marshal
import os
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.projects import COLLECTIVE, PERSON
from tests.projects import write_small_project as write_project


def run_check(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.strip().splitlines()


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def errors_for(tmp_path: Path, *args: str, **overrides: str | bytes) -> list[str]:
    code, lines = run_check(write_project(tmp_path, **overrides), "--lang", "en", *args)
    assert code == 1, lines
    return lines[:-1]


def test_shipped_demo_content_passes() -> None:
    root = Path(__file__).resolve().parent.parent
    code, lines = run_check(root, "--strict")
    assert code == 0, "\n".join(lines)
    assert lines[-1].startswith("Đã kiểm tra ")
    assert lines[-1].endswith("không có lỗi.")


def test_valid_project_passes_with_summary(tmp_path: Path) -> None:
    code, lines = run_check(write_project(tmp_path))
    assert (code, lines) == (0, ["Đã kiểm tra 2 hồ sơ, 1 phong trào, 0 quyết định: không có lỗi."])
    code, lines = run_check(tmp_path, "--lang", "en")
    assert lines == ["Checked 2 profiles, 1 campaign, 0 decisions: no errors."]


def test_misspelt_key_exact(tmp_path: Path) -> None:
    text = PERSON.replace("position:", "positon:")
    line = line_of(text, "positon:")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line}:1: positon: unknown field 'positon' ('position'?)"
    ]


def test_misspelt_nested_key_in_vietnamese(tmp_path: Path) -> None:
    text = PERSON.replace("    decision_date:", "    decison_date:")
    line = line_of(text, "decison_date")
    write_project(tmp_path, **{"profiles__nguyen-van-an.yml": text})
    code, lines = run_check(tmp_path)
    assert code == 1
    assert lines[0] == (
        f"profiles/nguyen-van-an.yml:{line}:5: awards[0].decison_date: "
        "trường không được hỗ trợ 'decison_date' ('decision_date'?)"
    )
    assert lines[-1] == "Đã kiểm tra 1 hồ sơ, 1 phong trào, 0 quyết định: 1 lỗi, 0 cảnh báo."


def test_yaml_alias_bomb(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    assert errors_for(tmp_path, **{"profiles__bomb.yml": bomb}) == [
        "profiles/bomb.yml:1:4: YAML anchors (&a) are not allowed"
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    text = PERSON + "position: Chủ nhiệm\n"
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'position', 2)}:1: "
        f"duplicate key 'position' (first at line {line_of(text, 'position')})"
    ]


def test_invalid_utf8(tmp_path: Path) -> None:
    raw = PERSON.encode().replace("Nông dân".encode(), b"N\xf4ng d\xe2n")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": raw}) == [
        f"profiles/nguyen-van-an.yml:{line_of(PERSON, 'Nông dân')}:12: "
        "not valid UTF-8 (byte 0xF4 here); save the file as UTF-8"
    ]


def test_nfd_file_is_accepted(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", PERSON)
    assert nfd != PERSON
    code, lines = run_check(write_project(tmp_path, **{"profiles__nguyen-van-an.yml": nfd}))
    assert code == 0, lines


PHOTO = """\
consent:
  photo: true
photos:
  - file: {file}
    alt: Ảnh chân dung
    credit: Ban biên tập
    licence: CC BY 4.0
"""


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "../../../etc/passwd.jpg",
            "photo path '../../../etc/passwd.jpg' points outside the project",
        ),
        ("/etc/hostname", "photo path '/etc/hostname' points outside the project"),
        ("khong-co.jpg", "photo file 'khong-co.jpg' not found"),
        ("link.jpg", "photo 'link.jpg' is a symbolic link; add the real file"),
        ("anh.gif", "photo 'anh.gif' must be .jpg, .jpeg, .png or .webp"),
    ],
)
def test_photo_paths(tmp_path: Path, file: str, message: str) -> None:
    text = PERSON + PHOTO.format(file=file)
    write_project(tmp_path, **{"profiles__nguyen-van-an.yml": text})
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jpg"
    outside.write_bytes(b"\xff\xd8\xff")
    os.symlink(outside, tmp_path / "profiles" / "link.jpg")
    (tmp_path / "profiles" / "anh.gif").write_bytes(b"GIF89a")
    code, lines = run_check(tmp_path, "--lang", "en")
    assert code == 1
    assert lines[:-1] == [
        f"profiles/nguyen-van-an.yml:{line_of(text, '- file:')}:5: photos[0].file: {message}"
    ]


def test_photo_alt_text_required(tmp_path: Path) -> None:
    text = PERSON + PHOTO.format(file="a.jpg").replace("    alt: Ảnh chân dung\n", "")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, '- file:')}:5: photos[0].alt: "
        "required field missing"
    ]


def _award(text: str, **changes: str) -> str:
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def test_unknown_award(tmp_path: Path) -> None:
    text = _award(PERSON, **{"award: huan-chuong-lao-dong": "award: huan-chuong-lao-dongg"})
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, '- award:')}:5: awards[0].award: "
        "unknown award id 'huan-chuong-lao-dongg' ('huan-chuong-lao-dong'?)"
    ]


def test_class_the_award_does_not_have(tmp_path: Path) -> None:
    text = PERSON + (
        "  - award: anh-hung-lao-dong\n    class: nhat\n    year: 1985\n    issuer_level: state\n"
    )
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'class: nhat')}:5: awards[1].class: "
        "'anh-hung-lao-dong' has no classes: remove 'class'"
    ]


def test_class_missing(tmp_path: Path) -> None:
    text = PERSON.replace("    class: ba\n", "")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, '- award:')}:5: awards[0].award: "
        "'huan-chuong-lao-dong' comes in classes: First Class (nhat), Second Class (nhi), "
        "Third Class (ba); give the class, e.g. class: ba"
    ]


def test_individual_only_award_given_to_collective(tmp_path: Path) -> None:
    text = COLLECTIVE + "  - award: nha-giao-uu-tu\n    year: 2020\n"
    assert errors_for(tmp_path, **{"profiles__htx-tan-phu.yml": text}) == [
        f"profiles/htx-tan-phu.yml:{line_of(text, 'nha-giao-uu-tu')}:5: awards[1].award: "
        "'nha-giao-uu-tu' is not given to a collective (only to: individual)"
    ]


def test_award_not_in_force_at_its_date(tmp_path: Path) -> None:
    text = PERSON + "  - award: huy-hieu\n    year: 2025\n    decision_date: 2025-03-02\n"
    [message] = errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text})
    assert message.startswith(
        f"profiles/nguyen-van-an.yml:{line_of(text, 'decision_date: 2025')}:5: "
        "awards[1].decision_date: 'huy-hieu' did not exist on 2025-03-02 (in force "
    )


def test_old_regime_award_is_valid(tmp_path: Path) -> None:
    text = PERSON + "  - award: anh-hung-lao-dong\n    year: 1952\n    posthumous: true\n"
    code, lines = run_check(write_project(tmp_path, **{"profiles__nguyen-van-an.yml": text}))
    assert code == 0, lines


def test_district_issuer_after_reform(tmp_path: Path) -> None:
    text = PERSON + (
        "  - award: giay-khen\n    year: 2025\n    decision_date: 2025-09-01\n"
        "    issuer_level: district\n"
    )
    lines = errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text})
    assert (
        f"profiles/nguyen-van-an.yml:{line_of(text, 'issuer_level: district')}:5: "
        "awards[1].issuer_level: district-level authorities ceased on 2025-07-01; "
        "no decision can be dated 2025-09-01"
    ) in lines


def test_unknown_campaign(tmp_path: Path) -> None:
    text = PERSON.replace("campaigns: [nong-thon-moi]", "campaigns: [nong-thon-moj]")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'campaigns:')}:13: campaigns[0]: "
        "unknown campaign 'nong-thon-moj' ('nong-thon-moi'?)"
    ]


def test_duplicate_slug(tmp_path: Path) -> None:
    assert errors_for(tmp_path, **{"profiles__quang-tri__nguyen-van-an.yml": PERSON}) == [
        "profiles/quang-tri/nguyen-van-an.yml:1:1: slug: "
        "slug 'nguyen-van-an' is already used by profiles/nguyen-van-an.yml"
    ]


def test_slug_must_match_file_name(tmp_path: Path) -> None:
    assert errors_for(
        tmp_path, **{"profiles__nguyen-van-an.yml": "", "profiles__an.yml": PERSON}
    ) == [
        "profiles/an.yml:1:1: slug: slug 'nguyen-van-an' must match the file name ('an.yml')",
        "profiles/nguyen-van-an.yml:1:1: kind: required field missing",
        "profiles/nguyen-van-an.yml:1:1: locality: required field missing",
        "profiles/nguyen-van-an.yml:1:1: name: required field missing",
        "profiles/nguyen-van-an.yml:1:1: slug: required field missing",
    ]


def test_sensitive_field_without_consent(tmp_path: Path) -> None:
    text = PERSON + "ethnicity: Tày\n"
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'ethnicity')}:1: ethnicity: "
        "sensitive field 'ethnicity' needs the consent flag consent.ethnicity: true"
    ]


def test_sensitive_field_with_refused_consent_is_a_warning(tmp_path: Path) -> None:
    text = PERSON + "birth_year: 1970\nconsent:\n  birth_date: false\n"
    code, lines = run_check(
        write_project(tmp_path, **{"profiles__nguyen-van-an.yml": text}), "--lang", "en"
    )
    assert code == 0
    assert lines[0] == (
        f"profiles/nguyen-van-an.yml:{line_of(text, 'birth_year')}:1: warning: birth_year: "
        "field 'birth_year' has a value but consent.birth_date is false: it will not be "
        "published; remove it from the repository (git history is permanent)"
    )
    code, _ = run_check(tmp_path, "--strict")
    assert code == 1


def test_proposed_without_comment_window(tmp_path: Path) -> None:
    text = PERSON + "status: proposed\n"
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'status:')}:1: status: "
        "a 'proposed' profile needs a proposal block with its comment window",
        # A proposed person is not an awardee, so it cannot be featured either.
        "site_config.yml:8:12: featured[0]: "
        "featured profile 'nguyen-van-an' does not exist or is not published",
    ]


def test_revoked_award_without_decision(tmp_path: Path) -> None:
    text = PERSON + "    status: revoked\n"
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'status: revoked')}:5: awards[0].status: "
        "an annulled award needs the annulling decision (revocation: number, date)"
    ]


def test_unknown_commune_suggests_closest(tmp_path: Path) -> None:
    text = PERSON.replace("commune: Triệu Thành", "commune: Triệu Thàn")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line_of(text, 'commune:')}:3: locality.commune: "
        "unknown commune 'Triệu Thàn' in Huyện Triệu Phong (list before 2025-07-01) "
        "(Xã Triệu Thành, Xã Triệu Thuận, Xã Triệu Tân?)"
    ]


_PLACE = """\
  province: Quảng Trị
  district: Triệu Phong
  commune: Triệu Thành
  as_of: 2019-05-01
"""


def test_unknown_place_and_foreign_country_pass(tmp_path: Path) -> None:
    unknown = PERSON.replace(_PLACE, "  unknown: true\n")
    foreign = COLLECTIVE.replace(
        "  province: Lạng Sơn\n", "  country: Cộng hòa Dân chủ Nhân dân Lào\n  country_code: LA\n"
    )
    files = {"profiles__nguyen-van-an.yml": unknown, "profiles__htx-tan-phu.yml": foreign}
    code, lines = run_check(write_project(tmp_path, **files), "--lang", "en", "--strict")
    assert (code, lines) == (0, ["Checked 2 profiles, 1 campaign, 0 decisions: no errors."])


@pytest.mark.parametrize(
    ("locality", "key", "message"),
    [
        (
            "  unknown: true\n  province: Quảng Trị\n  area: [border]\n",
            "province",
            "'unknown: true' (place unknown) is given together with 'province', 'area': if the "
            "place is known, remove 'unknown', otherwise remove 'province', 'area'",
        ),
        (
            "  unknown: true\n  country: Lào\n",
            "country",
            "'unknown: true' (place unknown) and 'country' exclude each other: a foreign "
            "recipient has only 'country'",
        ),
        (
            "  country: Liên bang Nga\n  commune: Triệu Thành\n",
            "commune",
            "a foreign recipient ('country: Liên bang Nga') has no Vietnamese administrative "
            "unit: remove 'commune'",
        ),
        (
            "  country: VIỆT NAM\n",
            "country",
            "'country' is for foreign recipients only: for Viet Nam, give the 'province' (or "
            "'unknown: true' when the place is not known)",
        ),
        (
            "  province: Quảng Trị\n  country_code: RU\n",
            "country_code",
            "'country_code' goes with the country's name in 'country'",
        ),
        (
            "  country: Liên bang Nga\n  country_code: Nga\n",
            "country_code",
            "'Nga' is not an ISO 3166-1 country code (two capital letters, e.g. 'RU')",
        ),
    ],
)
def test_conflicting_locality_forms(tmp_path: Path, locality: str, key: str, message: str) -> None:
    text = PERSON.replace(_PLACE, locality)
    line = line_of(text, f"  {key}:")
    assert errors_for(tmp_path, **{"profiles__nguyen-van-an.yml": text}) == [
        f"profiles/nguyen-van-an.yml:{line}:3: locality.{key}: {message}"
    ]


def test_locality_without_any_form_says_how_to_record_it(tmp_path: Path) -> None:
    text = PERSON.replace(_PLACE, "  district: Triệu Phong\n")
    write_project(tmp_path, **{"profiles__nguyen-van-an.yml": text})
    code, lines = run_check(tmp_path, "--lang", "vi")
    assert code == 1
    assert lines[0] == (
        f"profiles/nguyen-van-an.yml:{line_of(text, 'locality:')}:1: locality: thiếu tỉnh/thành "
        "phố 'province'; nếu quyết định, danh sách gốc không ghi nơi nào, ghi 'unknown: true' "
        "(chưa rõ địa phương); người, tập thể nước ngoài: ghi 'country'"
    )


def test_probable_duplicate_person_is_a_warning(tmp_path: Path) -> None:
    twin = PERSON.replace("slug: nguyen-van-an", "slug: nguyen-van-an-2")
    write_project(tmp_path, **{"profiles__nguyen-van-an-2.yml": twin})
    code, lines = run_check(tmp_path, "--lang", "en")
    assert code == 0
    # Files load in path order, so the warning lands on the second: "-2.yml" < ".yml".
    assert lines[0] == (
        f"profiles/nguyen-van-an.yml:{line_of(PERSON, 'name:')}:1: warning: name: "
        "probably the same person as profiles/nguyen-van-an-2.yml (same name, same commune)"
    )
    code, _ = run_check(tmp_path, "--strict")
    assert code == 1


def test_json_format_for_bots(tmp_path: Path) -> None:
    text = PERSON.replace("position:", "positon:")
    write_project(tmp_path, **{"profiles__nguyen-van-an.yml": text})
    result = CliRunner().invoke(cli, ["check", "--root", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 1
    assert data["problems"][0]["code"] == "schema.extra"
    assert data["problems"][0]["path"] == "profiles/nguyen-van-an.yml"


def test_every_problem_reported_at_once_sorted(tmp_path: Path) -> None:
    person = PERSON.replace("position:", "positon:").replace("class: ba", "class: bon")
    collective = COLLECTIVE.replace("bang-khen-thu-tuong", "bang-khen-thu-tuongg")
    lines = errors_for(
        tmp_path, **{"profiles__nguyen-van-an.yml": person, "profiles__htx-tan-phu.yml": collective}
    )
    assert [line.split(":")[0] for line in lines] == [
        "profiles/htx-tan-phu.yml",
        "profiles/nguyen-van-an.yml",
        "profiles/nguyen-van-an.yml",
    ]


def test_probable_duplicate_across_the_2025_reform(tmp_path: Path) -> None:
    # Old Xã Triệu Thành (huyện Triệu Phong) went into today's Xã Triệu Phong (code 19624).
    today = PERSON.replace("slug: nguyen-van-an", "slug: nguyen-van-an-moi").replace(
        "  district: Triệu Phong\n  commune: Triệu Thành\n  as_of: 2019-05-01\n",
        "  commune: Triệu Phong\n  as_of: 2025-09-01\n",
    )
    write_project(tmp_path, **{"profiles__nguyen-van-an-moi.yml": today})
    code, lines = run_check(tmp_path, "--lang", "en")
    assert code == 0
    assert lines[0].endswith(
        "probably the same person as profiles/nguyen-van-an-moi.yml (same name, same commune)"
    )


def test_neighbouring_old_communes_merged_later_are_not_duplicates(tmp_path: Path) -> None:
    # Triệu Thành and Triệu Thượng both went into today's Xã Triệu Phong, but were two places.
    other = PERSON.replace("slug: nguyen-van-an", "slug: nguyen-van-an-2").replace(
        "commune: Triệu Thành", "commune: Triệu Thượng"
    )
    code, lines = run_check(write_project(tmp_path, **{"profiles__nguyen-van-an-2.yml": other}))
    assert (code, len(lines)) == (0, 1), lines


def test_problems_in_files_parsed_before_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build keeps each file's parse (generator.model.sourcefiles.DocumentCache, saved with
    # marshal) and reuses it while the file is unchanged; the positions of its keys are kept packed
    # and unpacked only for a problem's line. The report must be the one a fresh parse gives.
    from generator.incremental.buildcache import FileDigests
    from generator.model import sourcefiles
    from generator.model.site import build_site
    from generator.source.load import Document, load_yaml_document

    bad_person = PERSON.replace("class: ba", "class: bon").replace("year: 2019", "year: 20l9")
    write_project(tmp_path, **{"profiles__nguyen-van-an.yml": bad_person})
    fresh = [p.format("en") for p in build_site(tmp_path)[1]]
    assert len(fresh) >= 2 and all(":1:1:" not in line for line in fresh)
    digests = FileDigests()
    first = sourcefiles.DocumentCache({}, digests.digest)
    assert [p.format("en") for p in build_site(tmp_path, documents=first)[1]] == fresh
    saved = marshal.loads(marshal.dumps(first.used))

    def parse(raw: bytes, relpath: str, limit: int = 1 << 20) -> Document:
        assert not relpath.startswith(("profiles/", "content/")), f"{relpath} parsed again"
        return load_yaml_document(raw, relpath, limit)  # the configuration is read at every check

    monkeypatch.setattr(sourcefiles, "load_front_matter_document", parse)
    monkeypatch.setattr(sourcefiles, "load_yaml_document", parse)
    digests.recorded_ns = time.time_ns() + 10**10  # the files' stamps are trusted now
    again = sourcefiles.DocumentCache(saved, digests.digest)
    assert [p.format("en") for p in build_site(tmp_path, documents=again)[1]] == fresh
    assert again.used == first.used


def test_photo_headers_are_remembered_while_the_photo_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check opens every photo's header; a build keeps what each told (by the file's
    # content digest and the limits) and opens only photos that changed.
    from PIL import Image

    from generator.incremental.buildcache import FileDigests
    from generator.model import sourcefiles
    from generator.model.site import build_site
    from generator.source.load import PhotoFinding, check_photo_header

    write_project(tmp_path, **{"profiles__nguyen-van-an.yml": PERSON + PHOTO.format(file="a.png")})
    photo = tmp_path / "profiles" / "a.png"
    Image.new("RGB", (120, 90), "white").save(photo)  # narrower than the limit: a warning
    fresh = [p.format("en") for p in build_site(tmp_path)[1]]
    assert any("a.png" in line for line in fresh)
    digests = FileDigests()
    first = sourcefiles.DocumentCache({}, digests.digest)
    assert [p.format("en") for p in build_site(tmp_path, documents=first)[1]] == fresh
    assert len(first.headers_used) == 1
    opened: list[Path] = []

    def spy(path: Path, *args: int) -> list[PhotoFinding]:
        opened.append(path)
        return check_photo_header(path, *args)

    monkeypatch.setattr(sourcefiles, "check_photo_header", spy)
    again = sourcefiles.DocumentCache({}, digests.digest)
    again.headers = marshal.loads(marshal.dumps(first.headers_used))
    assert [p.format("en") for p in build_site(tmp_path, documents=again)[1]] == fresh
    assert opened == []
    Image.new("RGB", (1600, 1200), "white").save(photo)  # replaced: wide enough now
    later = sourcefiles.DocumentCache({}, digests.digest)
    later.headers = again.headers_used
    assert not any("a.png" in p.format("en") for p in build_site(tmp_path, documents=later)[1])
    assert len(opened) == 1


def test_localities_resolved_from_memory_report_the_same(tmp_path: Path) -> None:
    # generator.model.localities.resolve_remembered: a build keeps each locality's resolution
    # (and the problems it raised) by table digest and the record's fields; the report must not
    # change.
    from generator.model import localities
    from generator.model.site import build_site

    wrong_commune = PERSON.replace("commune: Triệu Thành", "commune: Triệu Thànhh")
    wrong_code = COLLECTIVE.replace("province: Lạng Sơn", "province: Lạng Sơn\n  code: '99999'")
    write_project(
        tmp_path,
        **{"profiles__nguyen-van-an.yml": wrong_commune, "profiles__htx-tan-phu.yml": wrong_code},
    )
    localities._RESOLVED.clear()
    site, report = build_site(tmp_path)
    assert site is not None
    fresh = [p.format("en") for p in report]
    places = [(e.locality.units, e.locality.current_units) for e in site.entries]
    assert any("Triệu Thànhh" in line for line in fresh)
    assert any("99999" in line for line in fresh)
    saved = marshal.loads(marshal.dumps(localities.remembered_localities()))
    assert len(saved) == 2
    localities._RESOLVED.clear()
    localities.remember_localities(saved)
    site, report = build_site(tmp_path)
    assert site is not None and len(localities._RESOLVED) == 2
    assert [p.format("en") for p in report] == fresh
    assert [(e.locality.units, e.locality.current_units) for e in site.entries] == places
