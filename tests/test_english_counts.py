"""Counts in English (issue #22 point 5) and the English search's "Type" filter (point 8).

A count's words are one catalogue entry with a plural (`ngettext`, `msgid_plural`, the header's
Plural-Forms): "1 profile", "2 profiles" on English pages, while Vietnamese, which has no
plural, gives its one text twice, so its pages are the same bytes (tests/test_golden.py). One
Vietnamese word with two English meanings is kept apart by a context (`pgettext`): the search
filter's "Trang thông tin" is an information page, a model's contact "Trang thông tin" its
website.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.model.site import build_site
from generator.opendata.datapage import data_page
from generator.pages.render import render_site
from generator.search.records import KIND_PAGE, iter_search_records
from generator.search.searchpage import render_search_page
from generator.templating.i18n import Msgid, extract_messages, read_catalogue, translations
from tests.projects import CONFIG, PERSON, write_small_project
from tests.test_english_words import DECISION
from tests.test_models import COPY_A, COPY_B
from tests.test_models import MODEL as MODEL_PROFILE

EDITION = CONFIG + "english_edition: true\n"
TODAY = dt.date(2026, 12, 5)
# The small project's person again, in another commune of the same province: two profiles.
SECOND_PERSON = (
    PERSON.replace("slug: nguyen-van-an", "slug: tran-van-binh")
    .replace("given: An", "given: Bình")
    .replace("family: Nguyễn", "family: Trần")
)


def _docs(tmp_path: Path, **files: str) -> dict[str, str]:
    root = write_small_project(tmp_path, **{"site_config.yml": EDITION, **files})
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    return render_site(site, TODAY).docs


def _paragraph_with(doc: str, words: str) -> str:
    found = re.search(rf"<p>[^<]*{words}[^<]*</p>", doc)
    assert found is not None, words
    return found.group()


def test_a_count_of_one_is_singular_in_english(tmp_path: Path) -> None:
    one = _docs(tmp_path / "one")
    two = _docs(tmp_path / "two", **{"profiles__tran-van-binh.yml": SECOND_PERSON})
    roll = "danh-sach/ca-nhan/index.md"
    assert _paragraph_with(one[f"en/{roll}"], "profile") == "<p>1 profile</p>"
    assert _paragraph_with(two[f"en/{roll}"], "profile") == "<p>2 profiles</p>"
    # The Vietnamese says its one word either way.
    assert _paragraph_with(one[roll], "hồ sơ") == "<p>1 hồ sơ</p>"
    assert _paragraph_with(two[roll], "hồ sơ") == "<p>2 hồ sơ</p>"
    # The home page's figures: "1 individual", "2 individuals".
    assert "<strong>1</strong> individual</li>" in one["en/index.md"]
    assert "<strong>2</strong> individuals</li>" in two["en/index.md"]
    assert "<strong>1</strong> cá nhân</li>" in one["index.md"]


# A commune's list of cultured families, and another of the same commune a year before.
FIRST_LIST = DECISION
SECOND_LIST = (
    DECISION.replace("slug: trieu-phong-gia-dinh-van-hoa-2025", "slug: trieu-phong-gdvh-2024")
    .replace('"212/QĐ-UBND"', '"199/QĐ-UBND"')
    .replace("decision_date: 2025-12-15", "decision_date: 2024-12-16")
    .replace("year: 2025", "year: 2024")
    .replace("Lê Văn Ba", "Hồ Văn Năm")
    .replace("Trần Thị Tư", "Đặng Thị Sáu")
)


def test_the_statistics_count_decisions_in_the_plural_form(tmp_path: Path) -> None:
    """The statistics' sentences built in Python (`Phrase.counted`) and the statistics page's
    count of decisions say "1 decision", "2 decisions"; the Vietnamese the same words."""
    one = _docs(tmp_path / "one", **{"decisions__a.yml": FIRST_LIST})
    two = _docs(
        tmp_path / "two", **{"decisions__a.yml": FIRST_LIST, "decisions__b.yml": SECOND_LIST}
    )
    stats, province = "thong-ke/index.md", "danh-sach/tinh/quang-tri/index.md"
    note = "Includes the {} issued by {} in the area."
    assert note.format("list of 1 decision", "an authority") in one[f"en/{province}"]
    assert note.format("lists of 2 decisions", "authorities") in two[f"en/{province}"]
    assert "honoured on the list of 1 decision</li>" in one[f"en/{stats}"]
    assert "honoured on the lists of 2 decisions</li>" in two[f"en/{stats}"]
    # The Vietnamese pages: one text, the count in it.
    for docs, n in ((one, 1), (two, 2)):
        vietnamese = f"Gồm cả danh sách của {n} quyết định do cơ quan trên địa bàn ban hành."
        assert vietnamese in docs[province]
        assert f"lượt khen thưởng theo {n} quyết định danh sách</li>" in docs[stats]
    # The rolls' index links them: "1 decision with a list", "2 decisions with lists".
    rolls = "danh-sach/index.md"
    assert ">1 decision with a list</a>" in one[f"en/{rolls}"]
    assert ">2 decisions with lists</a>" in two[f"en/{rolls}"]
    assert ">1 quyết định theo danh sách</a>" in one[rolls]


def test_the_statistics_key_figures_agree_with_their_count(tmp_path: Path) -> None:
    """The statistics page's key figures: "1 published profile", "2 published profiles"."""
    root = write_small_project(tmp_path / "one", **{"site_config.yml": EDITION})
    (root / "profiles" / "htx-tan-phu.yml").unlink()  # the person alone
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    one = render_site(site, TODAY).docs
    two = _docs(tmp_path / "two")
    for docs, words in (
        (one, ("1</strong> published profile<", "1</strong> award in force<")),
        (two, ("2</strong> published profiles<", "2</strong> awards in force<")),
    ):
        for said in words:
            assert said in docs["en/thong-ke/index.md"]
    assert "<strong>1</strong> hồ sơ đã công bố</li>" in one["thong-ke/index.md"]
    assert "<strong>2</strong> hồ sơ đã công bố</li>" in two["thong-ke/index.md"]


def test_the_data_page_counts_the_api_s_pages(tmp_path: Path) -> None:
    """The data page's API table: "(1 page)" for a small site, "(3 pages)" for a larger one."""
    root = write_small_project(tmp_path, **{"site_config.yml": EDITION})
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    profiles = "The list of profiles, 100 profiles a page ({}), by profile code;"
    assert profiles.format("1 page") in data_page(site, TODAY, 1, 100, "en")
    assert profiles.format("3 pages") in data_page(site, TODAY, 3, 100, "en")
    assert "100 hồ sơ mỗi trang (1 trang)" in data_page(site, TODAY, 1, 100)
    assert "100 hồ sơ mỗi trang (3 trang)" in data_page(site, TODAY, 3, 100)


def test_plural_entries_in_the_catalogue() -> None:
    used = extract_messages()
    profiles = Msgid("%(num)s hồ sơ", "%(num)s hồ sơ")
    assert profiles in used, "the roll's count is an ngettext"
    catalogue = read_catalogue("en")
    entry = catalogue.get(profiles.text)
    assert entry is not None and entry.pluralizable
    assert entry.string == ("%(num)s profile", "%(num)s profiles")
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    english = translations("en")
    assert english.ngettext(profiles.text, profiles.text, 1) == "%(num)s profile"
    assert english.ngettext(profiles.text, profiles.text, 0) == "%(num)s profiles"
    vietnamese = translations("vi")
    assert vietnamese.ngettext(profiles.text, profiles.text, 1) == profiles.text
    assert vietnamese.ngettext(profiles.text, profiles.text, 2) == profiles.text


def test_the_english_type_filter_names_information_pages(tmp_path: Path) -> None:
    root = write_small_project(tmp_path, **{"site_config.yml": EDITION})
    site, _report = build_site(root)
    assert site is not None
    records = list(iter_search_records(site))
    english = render_search_page(site, records, "en")
    value = f'value="{KIND_PAGE}"> <span class="vd-facet__value">'
    assert f"{value}Information page</span>" in english
    assert "Website" not in english
    assert f"{value}{KIND_PAGE}</span>" in render_search_page(site, records)


def test_a_models_website_is_still_its_website(tmp_path: Path) -> None:
    model = MODEL_PROFILE.replace(
        "    email: mattran@cairang.example.vn\n",
        "    email: mattran@cairang.example.vn\n    url: https://cairang.example.vn/\n",
    )
    docs = _docs(
        tmp_path,
        **{
            "profiles__mo-hinh-cho-noi.yml": model,
            "profiles__to-tu-quan-phong-dien.yml": COPY_A,
            "profiles__to-tu-quan-nga-bay.yml": COPY_B,
        },
    )
    assert "<dt>Website</dt>" in docs["en/ho-so/mo-hinh-cho-noi/index.md"]
    assert "<dt>Trang thông tin</dt>" in docs["ho-so/mo-hinh-cho-noi/index.md"]
    catalogue = read_catalogue("en")
    assert catalogue.get("Trang thông tin", context="a model's contact").string == "Website"
    assert translations("en").gettext(KIND_PAGE) == "Information page"
