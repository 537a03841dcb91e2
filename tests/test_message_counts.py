"""Counts in messages read as words: "1 error", "2 errors" in English (Vietnamese nouns do not
change: "1 lỗi", "2 lỗi"), and award classes by their names ("hạng Nhất", "First Class"),
with the id an editor types in `class:` beside it, never the bare ids "nhat, nhi, ba"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import MESSAGES, class_codes, fill, make_problem, say
from tests.projects import PERSON
from tests.projects import write_small_project as write_project
from tests.test_check import run_check

# Parameters that hold a number of things in the catalogue's English messages.
COUNTS = (
    "count", "errors", "warnings", "lines", "rows", "days", "profiles", "campaigns",
    "decisions", "pages", "redirects", "written", "added", "removed", "new", "imported",
    "failed", "old", "names_added", "awards_added",
)  # fmt: skip
NOUN_AFTER_COUNT = re.compile(r"\{(" + "|".join(COUNTS) + r")\}( [a-z]+)? ([a-z]{2,}s)\b")


def test_a_plural_is_chosen_by_the_number() -> None:
    template = "{n} {n:error|errors}, {w} {w:warning|warnings}"
    assert fill(template, n=1, w=0) == "1 error, 0 warnings"
    assert fill(template, n="2", w="1") == "2 errors, 1 warning"
    assert fill("{x:>3}|{y}", x="a", y=1) == "  a|1"  # other format specs as str.format


def test_no_english_message_puts_a_plural_noun_after_a_count() -> None:
    # "{count} recipients" must be "{count} {count:recipient|recipients}".
    loose = {
        code: match.group(0)
        for code, (_vi, en) in MESSAGES.items()
        if (match := NOUN_AFTER_COUNT.search(en))
    }
    assert loose == {}


@pytest.mark.parametrize(
    ("errors", "warnings", "english", "vietnamese"),
    [
        (1, 1, "❌ 1 error, 1 warning", "❌ 1 lỗi, 1 cảnh báo"),
        (2, 0, "❌ 2 errors, 0 warnings", "❌ 2 lỗi, 0 cảnh báo"),
    ],
)
def test_summaries_agree_with_their_numbers(
    errors: int, warnings: int, english: str, vietnamese: str
) -> None:
    assert say("diff.check_failed", "en", errors=errors, warnings=warnings).startswith(english)
    assert say("diff.check_failed", "vi", errors=errors, warnings=warnings).startswith(vietnamese)


def test_the_check_summary_in_english_and_vietnamese(tmp_path: Path) -> None:
    text = PERSON.replace("    class: ba\n", "")
    root = write_project(tmp_path, **{"profiles/nguyen-van-an.yml": text})
    code, lines = run_check(root, "--lang", "en")
    assert code == 1
    assert lines[-1] == "Checked 2 profiles, 1 campaign, 0 decisions: 1 error, 0 warnings."
    code, lines = run_check(root)
    assert lines[-1] == "Đã kiểm tra 2 hồ sơ, 1 phong trào, 0 quyết định: 1 lỗi, 0 cảnh báo."
    # The one error names the classes, in the reader's language, and what to type.
    assert lines[0].endswith(
        "'huan-chuong-lao-dong' chia hạng: hạng Nhất (nhat), hạng Nhì (nhi), hạng Ba (ba); "
        "phải ghi hạng, ví dụ class: ba"
    )


def test_a_class_not_given_by_an_award_is_named() -> None:
    problem = make_problem(
        "profiles/a.yml", 3, 5, "awards[0].class", "award.class_not_allowed",
        award="huy-chuong-x", klass=class_codes(["nhat"]), classes=class_codes(["nhi", "ba"]),
    )  # fmt: skip
    assert problem.message("vi") == (
        "'huy-chuong-x' không có hạng Nhất (nhat); chỉ có hạng Nhì (nhi), hạng Ba (ba)"
    )
    assert problem.message("en") == (
        "'huy-chuong-x' has no First Class (nhat); only Second Class (nhi), Third Class (ba)"
    )
    for lang in ("vi", "en"):
        assert not re.search(r"(?<!\()\b(nhat|nhi)\b(?!\))", problem.message(lang))
