"""A roll's row and a card are rendered from the entry's view (generator.model.rowshown),
made with its check's row: the view says what the entry says, in either edition, and a
template that shows a field the view does not carry fails (the view is the one source of
truth of those pages and of their keys; issue #21)."""

from __future__ import annotations

import datetime as dt
import marshal
from collections import namedtuple
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.model.checkrows import row_of, shown_of
from generator.model.entries import Entry, Site
from generator.model.labels import model_recognised
from generator.model.rolls import iter_rolls
from generator.model.rowshown import EntryShown, shown_digests
from generator.model.site import build_site
from generator.pages import renderer
from generator.pages.renderer import PageRenderer
from generator.pages.rolls import render_roll
from generator.templating.environment import make_environment

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)
CARDS = (
    '{% import "_macros.html" as m with context %}{% for e in entries %}{{ m.card(e) }}{% endfor %}'
)


@pytest.fixture(scope="module")
def demo() -> Site:
    """The demo project (its profiles hold English fields, models, posthumous awards)."""
    site, _report = build_site(ROOT)
    assert site is not None
    return site


def test_the_view_shows_what_the_entry_says_in_either_edition(demo: Site) -> None:
    seen: set[str] = set()
    for language in ("vi", "en"):
        helpers = make_environment(language=language).globals
        place, award_label, en_text = helpers["place"], helpers["award_label"], helpers["en_text"]
        for entry in demo.published():
            shown = shown_of(entry)
            profile = entry.profile
            assert (shown.slug, shown.display_name) == (entry.slug, entry.display_name)
            assert place(shown) == place(entry.locality)
            for key in ("position", "unit"):
                assert (getattr(shown, key), en_text(shown, key)) == (
                    getattr(profile, key),
                    en_text(profile, key),
                )
            seen |= {"english role"} if profile.en is not None and profile.en.position else set()
            active = {id(a) for a in entry.active_awards}
            for award, viewed in zip(entry.awards, shown.awards, strict=True):
                if id(award) not in active:
                    assert viewed is None
                    continue
                assert viewed is not None
                record = award.record
                assert award_label(viewed) == award_label(award)
                assert (viewed.posthumous, viewed.year) == (record.posthumous, record.year)
                assert viewed.decision_number == record.decision_number
                assert viewed.decision_date == record.decision_date
                seen |= {"posthumous"} if record.posthumous else set()
            best = entry.top_award
            assert shown.top == (shown.awards[entry.awards.index(best)] if best else None)
            practice = entry.practice
            if practice is None:
                assert shown.practice is None
            else:
                assert shown.practice is not None
                viewed_problem = en_text(shown.practice, "problem")
                assert viewed_problem == en_text(practice.record, "problem")
                assert shown.practice.replications == len(practice.replications)
                seen |= {"practice"}
            if profile.kind == "model":
                assert shown.recognised == model_recognised(entry)
            photos = [
                i for i, p in enumerate(profile.photos) for q, _ in entry.public_photos if p is q
            ]
            assert list(shown.photos) == photos
    # The demo shows each kind of field the view carries.
    assert seen == {"english role", "posthumous", "practice"}


def _render(site: Site, language: str) -> dict[str, str]:
    """Every roll's pages and every published entry's card, in `language`."""
    r = PageRenderer(site, TODAY, language=language)
    for roll in iter_rolls(site):
        render_roll(r, roll)
    cards = r.env.from_string(CARDS).render(**r.context(""), entries=site.published())
    return {**r.out.docs, "cards": cards}


def _without(field: str) -> Any:
    """`shown_of` giving a view without `field`."""
    fields = [f for f in EntryShown._fields if f != field]
    lacking = namedtuple("Lacking", fields)  # type: ignore[misc]

    def shown(entry: Entry) -> Any:
        view = shown_of(entry)
        return lacking(*(getattr(view, f) for f in fields))

    return shown


@pytest.mark.parametrize("field", EntryShown._fields)
def test_a_template_showing_a_field_the_view_lacks_fails(
    demo: Site, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every field is shown by some page (none is carried for nothing), and a template that
    # shows one the view lacks raises (StrictUndefined) or, for `en`, which en_text reads
    # with a default, shows the Vietnamese: never the last build's text.
    whole = {language: _render(demo, language) for language in ("vi", "en")}
    monkeypatch.setattr(renderer, "shown_of", _without(field))
    for language in ("vi", "en"):
        try:
            lacking = _render(demo, language)
        except (jinja2.UndefinedError, AttributeError):
            return
        if lacking != whole[language]:
            return
    pytest.fail(f"no page shows the view's {field!r}")


def test_the_roll_pages_keys_are_the_views_digests(demo: Site) -> None:
    # A field of the view changed changes the row's digest (the roll pages' keys).
    entry = next(e for e in demo.published() if e.profile.position)
    row = row_of(entry)
    saved = marshal.loads(row.roll_view)
    assert row.shown == shown_digests(row.slug, row.display_name, row.place_text, saved)
    changed = ("Khác", *saved[1:])
    assert shown_digests(row.slug, row.display_name, row.place_text, changed)[0] != row.shown[0]
