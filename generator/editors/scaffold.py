"""`vinhdanh new profile|campaign`: ask for what is missing, refuse a duplicate, write the file.

What the file says (slug, path, names, awards, comments) is drafted in
`generator.editors.drafts`, which `import` shares; this module is the conversation around it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import click

from generator.editors.drafts import (
    CampaignDraft,
    ProfileDraft,
    award_fields,
    campaign_relpath,
    profile_relpath,
    propose_campaign_slug,
    propose_slug,
    render_campaign,
    render_profile,
    taken_slugs,
)
from generator.editors.localities import Place, PlaceProblem, eras_for, find_place
from generator.errors import Lang, class_codes, say
from generator.model.entries import RECIPIENT_OF_KIND, Entry, Site, split_household_name
from generator.model.site import build_site
from generator.model.sourcefiles import CAMPAIGNS_DIR
from generator.reference.awardnames import AwardMatch, AwardMatcher
from generator.vntext import fold, nfc, slugify


def place_message(problem: PlaceProblem, lang: Lang) -> str:
    """Why a place was not found, with close names."""
    if problem.ambiguous:
        options = "; ".join(problem.suggestions)
        return say("place.commune_ambiguous", lang, name=problem.name, options=options)
    if problem.level == "province":
        return say("place.province_unknown", lang, name=problem.name, hint=problem.hint())
    if problem.level == "district" and not problem.suggestions and problem.parent is not None:
        return say("place.district_after_reform", lang, name=problem.name)
    return say(
        f"place.{problem.level}_unknown",
        lang,
        name=problem.name,
        parent=problem.parent or "",
        hint=problem.hint(),
    )


class Abort(Exception):
    """`new` cannot go on; the message says why (already in the reader's language)."""


@dataclass
class ProfileRequest:
    """What the editor gave on the command line for `new profile`; None means "ask"."""

    kind: str | None = None
    name: str | None = None
    province: str | None = None
    district: str | None = None
    commune: str | None = None
    as_of: dt.date | None = None
    award: str | None = None
    award_class: str | None = None
    year: int | None = None
    decision_number: str | None = None
    decision_date: dt.date | None = None
    position: str | None = None
    unit: str | None = None
    campaign: str | None = None
    slug: str | None = None
    publish: bool = False  # status: published at once (an award is needed), else draft
    allow_duplicate: bool = False  # write even if a profile of the same person seems to exist


@dataclass
class CampaignRequest:
    """What the editor gave on the command line for `new campaign`; None means "ask"."""

    title: str | None = None
    short_name: str | None = None
    launched_by: str | None = None
    level: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    province: str | None = None
    slug: str | None = None


class _Asker:
    """Prompts for what is missing when interactive; with --yes, a missing essential aborts."""

    def __init__(self, interactive: bool, lang: Lang) -> None:
        self.interactive = interactive
        self.lang = lang

    def text(self, key: str, option: str, value: str | None, required: bool) -> str | None:
        if value is not None or not self.interactive:
            if value is None and required:
                raise Abort(say("new.missing", self.lang, option=option))
            return value
        answer: str = click.prompt(
            say(f"new.ask.{key}", self.lang), default="" if not required else None
        )
        return answer.strip() or None

    def date(self, key: str, option: str, value: dt.date | None, required: bool) -> dt.date | None:
        if value is not None or not self.interactive:
            if value is None and required:
                raise Abort(say("new.missing", self.lang, option=option))
            return value
        while True:
            answer = self.text(key, option, None, required)
            if answer is None:
                return None
            try:
                return dt.date.fromisoformat(answer)
            except ValueError:
                click.echo(say("new.bad_date", self.lang, value=answer), err=True)

    def choice(self, key: str, option: str, value: str | None, choices: list[str]) -> str:
        if value is not None:
            return value
        if not self.interactive:
            return choices[0]
        answer: str = click.prompt(
            say(f"new.ask.{key}", self.lang), type=click.Choice(choices), default=choices[0]
        )
        return answer


def _ask_place(
    site: Site, request: ProfileRequest, ask: _Asker, year: int | None
) -> tuple[Place, dt.date | None]:
    """Province, district, commune until they are found in the unit table."""
    province = ask.text("province", "--province", request.province, True)
    district = ask.text("district", "--district", request.district, False)
    commune = ask.text("commune", "--commune", request.commune, False)
    as_of = ask.date("as_of", "--as-of", request.as_of, False)
    while True:
        assert province is not None
        found = find_place(
            site.admin, eras_for(as_of, year, bool(district)), province, district, commune
        )
        if isinstance(found, Place):
            return found, as_of
        message = place_message(found, ask.lang)
        if not ask.interactive:
            raise Abort(message)
        click.echo(message, err=True)
        if found.level == "province":
            province = ask.text("province", "--province", None, True)
        elif found.level == "district":
            district = ask.text("district", "--district", None, False)
        else:
            commune = ask.text("commune", "--commune", None, False)


def _ask_award(
    site: Site, request: ProfileRequest, ask: _Asker, kind: str
) -> tuple[AwardMatch | None, int | None, dt.date | None, str | None]:
    """The award (matched to the taxonomy, asked again until it is), year, decision date, number."""
    text = ask.text("award", "--award", request.award, False)
    if text is None:
        return None, request.year, request.decision_date, request.decision_number
    matcher = AwardMatcher(site.taxonomy)
    recipient = RECIPIENT_OF_KIND[kind]
    while True:
        award = site.taxonomy.get(text)
        if award is not None:
            match: AwardMatch | None = AwardMatch(text, award, request.award_class, 1.0, False)
        else:
            match = matcher.match(text, year=request.year, recipient=recipient)
        if match is not None and match.acceptable:
            break
        names = [a.name_on(None) for a in matcher.candidates(text)]
        hint = f" ({', '.join(names)}?)" if names else ""
        message = say("match.award_unknown", ask.lang, text=text, hint=hint)
        if not ask.interactive:
            raise Abort(message)
        click.echo(message, err=True)
        text = ask.text("award", "--award", None, True) or ""
    klass = request.award_class or match.award_class
    if match.award.classes and klass is None:
        if not ask.interactive:
            raise Abort(
                say(
                    "match.award_class_missing", ask.lang, text=text,
                    award=match.award.name_on(None), classes=class_codes(match.award.classes),
                )
            )  # fmt: skip
        klass = click.prompt(
            say("new.ask.class", ask.lang), type=click.Choice(list(match.award.classes))
        )
    if not match.award.classes:
        klass = None
    match = AwardMatch(text, match.award, klass, match.score, match.posthumous)
    if text != match.award.id:
        shown = match.award.display(klass)
        click.echo(say("new.understood", ask.lang, text=text, award=shown), err=True)
    number = ask.text("decision_number", "--decision-number", request.decision_number, False)
    decided = ask.date("decision_date", "--decision-date", request.decision_date, False)
    year = request.year or (decided.year if decided is not None else None)
    while year is None:
        answer = ask.text("year", "--year", None, True) or ""
        if answer.isdigit() and 1900 <= int(answer) <= 2100:
            year = int(answer)
        elif not ask.interactive:
            raise Abort(say("import.year_invalid", ask.lang, value=answer))
        else:
            click.echo(say("import.year_invalid", ask.lang, value=answer), err=True)
    return match, year, decided, number


def find_duplicate(
    site: Site, name: str, place: Place, number: str | None, decided: dt.date | None
) -> tuple[Entry, str] | None:
    """An existing profile of the same person or collective, and why ("place" or "decision"):
    the same folded name, and the same place today or the same decision (number and date)."""
    # The name alone is not enough (namesakes are common), nor the decision alone (one
    # decision lists many recipients).
    key = fold(name)
    for entry in site.entries:
        if fold(entry.display_name) != key:
            continue
        units = entry.locality.units
        if units and entry.locality.form == "place":
            codes = tuple(sorted(u.code for u in site.admin.current_units(units[-1])))
            if codes == place.current_codes:
                return entry, "place"
        if number is not None and decided is not None:
            for award in entry.profile.awards:
                same_number = fold(award.decision_number or "") == fold(number)
                if same_number and award.decision_date == decided:
                    return entry, "decision"
    return None


def _refuse_duplicate(ask: _Asker, found: tuple[Entry, str]) -> None:
    """Stop (or, asked, let the editor go on) when the profile seems to exist already."""
    entry, why = found
    line = entry.doc.pos(("name",))[0]
    message = say(
        "new.duplicate",
        ask.lang,
        path=f"{entry.relpath}:{line}",
        name=entry.display_name,
        why=say(f"new.duplicate.{why}", ask.lang),
    )
    if not ask.interactive:
        raise Abort(message)
    click.echo(message, err=True)
    if not click.confirm(say("new.ask.duplicate", ask.lang), default=False):
        raise Abort(say("new.duplicate_stopped", ask.lang))


def _report_new_file(root: Path, relpath: str, lang: Lang) -> bool:
    """Run the check and print what concerns the new file; True when it has no errors."""
    _, report = build_site(root)
    mine = [p for p in report if p.path == relpath]
    if not mine:
        click.echo(say("new.check_ok", lang))
        return True
    click.echo(say("new.check_problems", lang))
    for problem in mine:
        click.echo(problem.format(lang))
    return not any(p.severity == "error" for p in mine)


def create_profile(root: Path, request: ProfileRequest, interactive: bool, lang: Lang) -> bool:
    """`vinhdanh new profile`: ask what is missing, write the file, check it. True when clean."""
    site, report = build_site(root)
    if site is None:
        raise Abort("\n".join(p.format(lang) for p in report.errors))
    ask = _Asker(interactive, lang)
    kind = ask.choice("kind", "--kind", request.kind, list(RECIPIENT_OF_KIND))
    name = ask.text("name", "--name", request.name, True)
    assert name is not None
    name = " ".join(nfc(name).split())
    person = (split_household_name(name) or ("", name))[1] if kind == "household" else name
    if kind in ("individual", "household") and len(person.split()) < 2:
        raise Abort(say("import.name_incomplete", lang, name=name))
    place, as_of = _ask_place(site, request, ask, request.year)
    # Before the award's questions: the same name in the same place needs no more.
    found = find_duplicate(site, name, place, None, None)
    if found is not None and not request.allow_duplicate:
        _refuse_duplicate(ask, found)
        request.allow_duplicate = True  # the editor said it is someone else
    position = ask.text("position", "--position", request.position, False)
    unit = ask.text("unit", "--unit", request.unit, False)
    match, year, decided, number = _ask_award(site, request, ask, kind)
    if request.campaign is not None and request.campaign not in site.campaigns:
        raise Abort(say("campaign.unknown", lang, campaign=request.campaign, hint=""))
    if request.publish and match is None:
        raise Abort(say("new.publish_needs_award", lang))
    found = find_duplicate(site, name, place, number, decided)
    if found is not None and not request.allow_duplicate:
        _refuse_duplicate(ask, found)
    taken = taken_slugs(root, site)
    if request.slug is not None:
        if slugify(request.slug) != request.slug or request.slug in taken:
            raise Abort(say("new.slug_taken", lang, slug=request.slug))
        slug = request.slug
    else:
        slug = propose_slug(name, place, taken)
    awards: tuple[dict[str, object], ...] = ()
    if match is not None and year is not None:
        awards = (
            award_fields(
                match,
                year,
                decision_number=number,
                decision_date=decided,
                campaign=request.campaign,
            ),
        )
    draft = ProfileDraft(
        slug=slug,
        kind=kind,  # type: ignore[arg-type]  # one of the choices above
        full_name=name,
        place=place,
        as_of=as_of,
        position=position,
        unit=unit,
        awards=awards,
        # A draft until the editor asks (--publish): a roll lists what was conferred, and a
        # new file is checked against its decision before it is published.
        status="published" if awards and request.publish else "draft",
    )
    relpath = profile_relpath(place, slug)
    target = root / relpath
    if target.exists():
        raise Abort(say("new.exists", lang, path=relpath))
    note = "Hồ sơ vinh danh, tạo bằng `vinhdanh new profile`. Dòng bắt đầu bằng # là chú thích.\n"
    note += "Kiểm tra sau khi sửa: vinhdanh check. Hướng dẫn: docs/huong-dan-bien-tap.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_profile(root, relpath, draft, note), encoding="utf-8")
    click.echo(say("new.created", lang, path=relpath, slug=slug))
    if awards and draft.status == "draft":
        click.echo(say("new.draft", lang))
    return _report_new_file(root, relpath, lang)


CAMPAIGN_LEVELS = ["national", "ministry", "province", "commune", "organisation"]


def create_campaign(root: Path, request: CampaignRequest, interactive: bool, lang: Lang) -> bool:
    """`vinhdanh new campaign`: ask what is missing, write the page, check it."""
    site, report = build_site(root)
    if site is None:
        raise Abort("\n".join(p.format(lang) for p in report.errors))
    ask = _Asker(interactive, lang)
    title = ask.text("title", "--title", request.title, True)
    short_name = ask.text("short_name", "--short-name", request.short_name, False)
    launched_by = ask.text("launched_by", "--launched-by", request.launched_by, True)
    level = ask.choice("level", "--level", request.level, CAMPAIGN_LEVELS)
    start = ask.date("start", "--start", request.start, True)
    end = ask.date("end", "--end", request.end, False)
    assert title is not None and launched_by is not None and start is not None
    taken = set(site.campaigns) | {p.stem for p in (root / CAMPAIGNS_DIR).glob("*.md")}
    if request.slug is not None:
        if slugify(request.slug) != request.slug or request.slug in taken:
            raise Abort(say("new.slug_taken", lang, slug=request.slug))
        slug = request.slug
    else:
        slug = propose_campaign_slug(short_name or title, taken)
    draft = CampaignDraft(
        slug=slug,
        title=nfc(title),
        launched_by=nfc(launched_by),
        level=level,
        start=start,
        end=end,
        short_name=nfc(short_name) if short_name else None,
        province=request.province,
    )
    relpath = campaign_relpath(slug)
    target = root / relpath
    if target.exists():
        raise Abort(say("new.exists", lang, path=relpath))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_campaign(draft), encoding="utf-8")
    click.echo(say("new.created", lang, path=relpath, slug=slug))
    return _report_new_file(root, relpath, lang)
