"""The statistics page's annex of annulled awards and stripped titles is rendered from each
award's view (generator.model.annexshown), kept on its entry's check row: the view says what
the entry says, in either edition, the annex reads as it did from the entry, and an annex
showing a field the view lacks fails (the view is the one source of truth of those lines and
of the page's key; issue #21)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from collections import namedtuple
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.model import statistics
from generator.model.annexshown import RevokedShown, revoked_view
from generator.model.entries import Site
from generator.model.site import build_site
from generator.model.statistics import compute_statistics, figures_text
from generator.model.urls import STATISTICS_PATH
from generator.pages.renderer import PageRenderer
from generator.pages.statistics import render_statistics

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `tests` helpers import as a package (see tests/browser.py)
    sys.path.insert(0, str(ROOT))

from tests.browser import copy_demo  # noqa: E402

TODAY = dt.date(2026, 12, 1)
# The annex's line as the page wrote it from the entry before the view (session 20's
# template): what the view must still give, in either edition.
FROM_ENTRY = (
    '{% import "_macros.html" as m with context %}'
    "<td>{{ item.year }}</td><td>{{ m.person_link(entry) }}</td>"
    "<td>{{ m.award_name(award) }} ({{ award.record.year }})</td>"
    "<td>{{ m.decision(award.record) }}</td><td>{% if award.record.revocation %}"
    "{{ name(award.withdrawal_text) }}{% else %}{{ award.withdrawal_label | tr }}{% endif %}</td>"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The demo project (annulled awards, a stripped title, a posthumous award), one of its
    acts removed so that the annex also says a withdrawal without its act."""
    root = copy_demo(tmp_path_factory.mktemp("annex"), page_size=None)
    stripped = root / "profiles/bac-ninh/luong-van-duc-que-vo.yml"
    text = stripped.read_text("utf-8")
    without, count = re.subn(r"(?m)^    revocation:\n(?:      .*\n)+", "", text)
    assert count == 1
    stripped.write_text(without, "utf-8")
    site, _report = build_site(root)
    assert site is not None
    return site


def test_the_view_shows_what_the_entry_says_in_either_edition(demo: Site) -> None:
    stats = compute_statistics(demo, TODAY)
    by_slug = {e.slug: e for e in demo.published()}
    seen: set[str] = set()
    assert stats.revocations
    for language in ("vi", "en"):
        r = PageRenderer(demo, TODAY, language=language)
        render_statistics(r)
        page = next(text for path, text in r.out.docs.items() if "thong-ke" in path)
        award_label = r.env.globals["award_label"]
        line = r.env.from_string(FROM_ENTRY)
        for item in stats.revocations:
            entry = by_slug[item.slug]
            award = entry.awards[item.index]
            shown, record = item.shown, award.record
            assert (shown.slug, shown.display_name) == (entry.slug, entry.display_name)
            assert award_label(shown.award) == award_label(award)
            assert (shown.award.posthumous, shown.award.year) == (record.posthumous, record.year)
            assert shown.award.decision_number == record.decision_number
            assert shown.award.decision_date == record.decision_date
            assert shown.act == (award.withdrawal_text if record.revocation else "")
            assert shown.label == award.withdrawal_label
            seen |= {"act" if shown.act else "label", record.status}
            # The page's line is the one the entry gave.
            context = r.context(STATISTICS_PATH)
            assert line.render(**context, item=item, entry=entry, award=award) in page
    assert seen == {"act", "label", "revoked", "stripped"}


def _pages(site: Site) -> dict[str, str]:
    """The statistics page in either edition."""
    found: dict[str, str] = {}
    for language in ("vi", "en"):
        r = PageRenderer(site, TODAY, language=language)
        render_statistics(r)
        found |= {f"{language}:{path}": text for path, text in r.out.docs.items()}
    return found


@pytest.mark.parametrize("field", RevokedShown._fields)
def test_an_annex_showing_a_field_the_view_lacks_fails(
    demo: Site, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every field is shown (none carried for nothing), and an annex showing one the view
    # lacks raises (StrictUndefined): never the last build's text.
    whole = _pages(demo)
    fields = [f for f in RevokedShown._fields if f != field]
    lacking = namedtuple("Lacking", fields)  # type: ignore[misc]

    def view(*args: Any) -> Any:
        found = revoked_view(*args)
        return lacking(*(getattr(found, f) for f in fields))

    monkeypatch.setattr(statistics, "revoked_view", view)
    with contextlib.suppress(jinja2.UndefinedError, AttributeError):
        assert _pages(demo) != whole


def test_the_page_is_keyed_by_the_annex_view(demo: Site) -> None:
    # A field of the view changed (a renamed entry's, an act's) changes the page's key.
    stats = compute_statistics(demo, TODAY)
    before = figures_text(stats)
    item = stats.revocations[0]
    renamed = item.shown._replace(display_name="Tên khác")
    stats.revocations[0] = statistics.RevokedAward(
        item.slug, item.index, item.year, item.day, item.award_id, renamed
    )
    assert figures_text(stats) != before
