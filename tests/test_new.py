"""`vinhdanh new profile|campaign`: scaffolds that pass `check`, slugs that never collide."""

from __future__ import annotations

from pathlib import Path

from editors_project import check, run, snapshot, write_project

from generator.source.load import load_front_matter_document, load_yaml_document

PERSON_FLAGS = (
    "--name", "Trần Thị Bình", "--province", "Quảng Trị", "--district", "Triệu Phong",
    "--commune", "Triệu Thành", "--as-of", "2020-01-01", "--award", "BK TTg",
    "--decision-number", "12/QĐ-TTg", "--decision-date", "2020-03-04", "--position", "Giáo viên",
)  # fmt: skip


def new_profile(root: Path, *args: str, input: str | None = None) -> tuple[int, list[str]]:
    code, output = run("new", "profile", "--root", str(root), "--lang", "en", *args, input=input)
    return code, output.splitlines()


def test_non_interactive_profile_passes_check(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    code, lines = new_profile(root, "--yes", "--publish", *PERSON_FLAGS)
    assert code == 0, lines
    relpath = "profiles/quang-tri/tran-thi-binh.yml"
    assert lines == [
        "'BK TTg' → Bằng khen của Thủ tướng Chính phủ",
        f"Created {relpath} (slug tran-thi-binh). Open it, fill it in, then run: vinhdanh check",
        "vinhdanh check: no errors.",
    ]
    text = (root / relpath).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/profile.schema.json\n")
    assert "# Loại: individual (cá nhân), collective (tập thể), model (mô hình),\n" in text
    data = load_yaml_document(text.encode(), relpath).data
    assert data["name"] == {"family": "Trần", "middle": "Thị", "given": "Bình"}
    assert data["locality"] == {
        "province": "Tỉnh Quảng Trị",
        "district": "Huyện Triệu Phong",
        "commune": "Xã Triệu Thành",
        "code": "19678",
        "as_of": "2020-01-01",
    }
    assert data["awards"] == [
        {
            "award": "bang-khen-thu-tuong",
            "year": 2020,
            "decision_number": "12/QĐ-TTg",
            "decision_date": "2020-03-04",
            "issuer": "Thủ tướng Chính phủ",
            "issuer_level": "government",
        }
    ]
    assert data["status"] == "published"
    assert "illustrative" not in data
    assert check(root) == (0, "Checked 3 profiles, 1 campaign, 0 decisions: no errors.\n")


def test_slug_ties_are_broken_by_commune_then_district_then_counter(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    # Namesakes in one commune: the editor says they are different people.
    flags = ("--yes", "--allow-duplicate", "--name", "Nguyễn Văn An", "--province", "Quảng Trị")
    place = ("--district", "Triệu Phong", "--commune", "Triệu Long", "--as-of", "2019-01-01")
    created = []
    for _ in range(4):
        code, lines = new_profile(root, *flags, *place)
        assert code == 0, lines
        created.append(lines[0].split()[1])
    assert created == [
        "profiles/quang-tri/nguyen-van-an-trieu-long.yml",  # nguyen-van-an is taken
        "profiles/quang-tri/nguyen-van-an-trieu-phong.yml",
        "profiles/quang-tri/nguyen-van-an-trieu-phong-2.yml",
        "profiles/quang-tri/nguyen-van-an-trieu-phong-3.yml",
    ]
    assert check(root)[0] == 0


def test_former_slugs_are_taken_too(tmp_path: Path) -> None:
    moved = (
        "slug: le-van-ba-moi\nformer_slugs: [le-van-ba]\nkind: individual\n"
        "name: {family: Lê, middle: Văn, given: Ba}\nlocality: {province: Lạng Sơn}\n"
    )
    root = write_project(tmp_path, **{"profiles__le-van-ba-moi.yml": moved})
    code, lines = new_profile(root, "--yes", "--name", "Lê Văn Ba", "--province", "Hà Nội")
    assert code == 0, lines
    assert lines[0].startswith("Created profiles/ha-noi/le-van-ba-2.yml ")


def test_unknown_commune_and_award_stop_with_suggestions(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    before = snapshot(root)
    code, lines = new_profile(
        root, "--yes", "--name", "Lê Văn Cường", "--province", "Quảng Trị",
        "--district", "Triệu Phong", "--commune", "Triệu Thàn", "--as-of", "2019-01-01",
    )  # fmt: skip
    assert (code, lines) == (
        1,
        [
            "unknown commune 'Triệu Thàn' in Huyện Triệu Phong "
            "(Xã Triệu Thành, Xã Triệu Thuận, Xã Triệu Tân?)"
        ],
    )
    code, lines = new_profile(
        root, "--yes", "--name", "Lê Văn Cường", "--province", "Quảng Trị", "--award", "HCLĐ",
        "--year", "2020",
    )  # fmt: skip
    assert code == 1
    assert lines == [
        "'HCLĐ': Huân chương Lao động comes in classes: First Class (nhat), Second Class (nhi), "
        "Third Class (ba); give the class (e.g. 'hạng Ba')"
    ]
    code, lines = new_profile(root, "--yes", "--province", "Quảng Trị")
    assert (code, lines) == (1, ["--name is missing (run without --yes to be asked)"])
    assert snapshot(root) == before


def test_interactive_prompts_ask_again_after_a_mistake(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    answers = "\n".join(
        [
            "collective",  # kind
            "Hợp tác xã dệt thổ cẩm Bản Lác",  # name
            "Hoà Bình",  # province (old list; as of 2020)
            "Mai Chau",  # district, without diacritics
            "Chiềng Châu",  # commune
            "2020-05-01",  # as of
            "",  # position
            "",  # unit
            "Bằng khen",  # award: ambiguous, asked again
            "Bằng khen UBND tỉnh",
            "",  # decision number
            "2020-06-01",  # decision date
        ]
    )
    code, output = run("new", "profile", "--root", str(root), input=answers + "\n")
    assert code == 0, output
    relpath = "profiles/phu-tho/hop-tac-xa-det-tho-cam-ban-lac.yml"
    assert f"Đã tạo {relpath} (slug hop-tac-xa-det-tho-cam-ban-lac)." in output
    assert "không nhận ra khen thưởng 'Bằng khen'" in output
    data = load_yaml_document((root / relpath).read_bytes(), relpath).data
    assert data["kind"] == "collective"
    assert data["locality"]["district"] == "Huyện Mai Châu"
    assert data["awards"][0]["award"] == "bang-khen-bo-ban-nganh-tinh"
    assert check(root)[0] == 0


def test_new_campaign_passes_check(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    code, output = run(
        "new", "campaign", "--root", str(root), "--yes", "--title",
        "Phong trào thi đua “Cả nước chung tay vì người nghèo”", "--short-name", "Vì người nghèo",
        "--launched-by", "Thủ tướng Chính phủ", "--level", "national", "--start", "2021-01-01",
        "--end", "2025-12-31",
    )  # fmt: skip
    assert code == 0, output
    relpath = "content/campaigns/vi-nguoi-ngheo.md"
    assert output.splitlines()[0].startswith(f"Đã tạo {relpath} (slug vi-nguoi-ngheo).")
    doc = load_front_matter_document((root / relpath).read_bytes(), relpath)
    assert doc.data["title"] == "Phong trào thi đua “Cả nước chung tay vì người nghèo”"
    assert doc.data["milestones"] == [{"kind": "phat-dong", "date": "2021-01-01"}]
    assert check(root) == (0, "Checked 2 profiles, 2 campaigns, 0 decisions: no errors.\n")
    code, output = run(
        "new", "campaign", "--root", str(root), "--yes", "--title", "Khác",
        "--launched-by", "UBND tỉnh", "--start", "2021-01-01", "--slug", "vi-nguoi-ngheo",
    )  # fmt: skip
    assert (code, output) == (
        1,
        "slug 'vi-nguoi-ngheo' đã được dùng (hoặc là slug cũ của một hồ sơ)\n",
    )


# The fixture's Nguyễn Văn An (profiles/nguyen-van-an.yml, name: on line 4), as `new` is told.
AN = ("--name", "Nguyễn  văn AN", "--province", "Quảng Trị", "--district", "Triệu Phong")
AN_DECISION = ("--award", "HCLĐ hạng Ba", "--decision-number", "1234/QĐ-CTN",
               "--decision-date", "2019-08-20")  # fmt: skip


def test_a_second_file_for_the_same_person_is_refused_with_the_existing_path(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path)
    before = snapshot(root)
    same_place = (*AN, "--commune", "Triệu Thành", "--as-of", "2019-05-01")
    code, lines = new_profile(root, "--yes", *same_place)
    assert code == 1
    assert lines == [
        "profiles/nguyen-van-an.yml:4: “Nguyễn Văn An” already has a profile with the same name "
        "and commune: no second file made. Edit that file (add the award to its awards:), or if "
        "this is another person or collective of the same name, run again with --allow-duplicate."
    ]
    # Elsewhere in the province, but under the same decision: the same man, moved.
    code, lines = new_profile(root, "--yes", *AN[:4], "--commune", "Đông Hà", *AN_DECISION)
    assert code == 1
    assert lines[-1].startswith("profiles/nguyen-van-an.yml:4: “Nguyễn Văn An” already has a ")
    assert "with the same name and decision (number and date)" in lines[-1]
    assert snapshot(root) == before
    # In Vietnamese, the default language.
    code, output = run("new", "profile", "--root", str(root), "--yes", *same_place)
    assert code == 1
    assert output.startswith("profiles/nguyen-van-an.yml:4: đã có hồ sơ “Nguyễn Văn An” cùng tên")
    assert "--allow-duplicate" in output
    assert snapshot(root) == before


def test_allow_duplicate_writes_a_second_file(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    flags = (*AN, "--commune", "Triệu Thành", "--as-of", "2019-05-01")
    code, lines = new_profile(root, "--yes", "--allow-duplicate", *flags)
    assert code == 0, lines
    assert lines[0].startswith("Created profiles/quang-tri/nguyen-van-an-trieu-thanh.yml ")
    assert check(root)[0] == 0


def test_interactive_duplicate_asks_and_no_stops(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    before = snapshot(root)
    flags = ("--kind", "individual", *AN, "--commune", "Triệu Thành", "--as-of", "2019-05-01",
             "--position", "Nông dân", "--unit", "HTX Triệu Thành", *AN_DECISION)  # fmt: skip
    code, output = run("new", "profile", "--root", str(root), "--lang", "en", *flags, input="n\n")
    assert code == 1
    assert "Make a new profile anyway, for another person or collective of the same name?" in output
    assert output.endswith("No new file made; edit the existing profile.\n")
    assert snapshot(root) == before
    code, output = run("new", "profile", "--root", str(root), "--lang", "en", *flags, input="y\n")
    assert code == 0, output
    assert "Created profiles/quang-tri/nguyen-van-an-trieu-thanh.yml" in output


def test_a_namesake_in_another_commune_is_not_a_duplicate(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    code, lines = new_profile(
        root, "--yes", *AN, "--commune", "Triệu Long", "--as-of", "2019-05-01"
    )
    assert code == 0, lines
    assert lines[0].startswith("Created profiles/quang-tri/nguyen-van-an-trieu-long.yml ")


def test_a_new_profile_with_an_award_is_a_draft_unless_published(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    code, lines = new_profile(root, "--yes", *PERSON_FLAGS)
    assert code == 0, lines
    relpath = "profiles/quang-tri/tran-thi-binh.yml"
    assert lines[1:] == [
        f"Created {relpath} (slug tran-thi-binh). Open it, fill it in, then run: vinhdanh check",
        "The profile is a draft (status: draft), not published: check it against the decision, "
        "then set status: published (or make it with --publish).",
        "vinhdanh check: no errors.",
    ]
    data = load_yaml_document((root / relpath).read_bytes(), relpath).data
    assert data["status"] == "draft"
    assert data["awards"][0]["award"] == "bang-khen-thu-tuong"
    # --publish with nothing conferred is refused: a published profile records an award.
    code, lines = new_profile(root, "--yes", "--publish", "--name", "Lê Thị Cúc",
                              "--province", "Quảng Trị")  # fmt: skip
    assert (code, lines) == (
        1,
        ["--publish needs an award (--award): a published profile records what was conferred"],
    )
