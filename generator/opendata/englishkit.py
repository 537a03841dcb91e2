"""The English press kit's words: what `opendata/en/*` print, as plain text made from the model.

The English edition's kit says in English what the model has in English: fixed words, award
names and classes (the taxonomy's), places with English unit types and dates
(`generator.model.englishtext`), and the free text of an `en:` block where the editor gave one.
Names of people, collectives, bodies and places stay as written, in Vietnamese with their
diacritics. Any other Vietnamese text (a free text with no translation, a figure's unit, a
recorded value) is kept, never machine-translated, and flagged where it stands: in a line,
between curly quotes followed by "(in Vietnamese only)"; a paragraph or a story, as a quoted
block ("> " lines) after a line saying so. tests/test_english_cards.py reads them so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.model import englishtext
from generator.model.entries import KIND_NAMES, Entry
from generator.model.labels import FACT_LABELS, quantity
from generator.model.resolved import ResolvedAward
from generator.model.urls import edition_path, profile_path
from generator.opendata.context import OpenDataContext
from generator.opendata.htmltext import MarkdownText, html_to_markdown_and_text, md_escape
from generator.source.documents import SECTORS, TARGET_GROUPS, Photo
from generator.templating.i18n import translate
from generator.templating.sanitise import sanitise_markdown

VIETNAMESE_ONLY = "in Vietnamese only"
BLOCK_NOTE = "Available in Vietnamese only (no English translation has been given):"


def in_vietnamese(text: str) -> str:
    """A Vietnamese text kept in an English line: quoted and flagged."""
    return f"“{text}” ({VIETNAMESE_ONLY})"


def as_recorded(text: str) -> str:
    """A short recorded value (a photo's licence, a consented fact): as it is when it is plain
    ASCII ("CC BY 4.0", "1980"), else flagged as Vietnamese."""
    return text if text.isascii() else in_vietnamese(text)


def photo_text(photo: Photo, key: str) -> str | None:
    """A photo's alt text or caption in the English kit: the editor's English (`en:`), else
    the Vietnamese quoted and flagged; None when the photo has none."""
    english = getattr(photo.en, key, None) if photo.en is not None else None
    original: str | None = getattr(photo, key)
    if english:
        return str(english)
    return in_vietnamese(original) if original else None


def _en(message: str) -> str:
    """A fixed Vietnamese label of the model in English (the site's catalogue)."""
    return translate("en", message)


@dataclass(frozen=True)
class KitBlock:
    """A paragraph or a story of the kit: the English, or the Vietnamese to quote as a block."""

    markdown: str
    text: str
    vietnamese: bool

    def quoted(self, markdown: bool) -> str:
        """The block as the kit prints it: a Vietnamese one quoted line by line."""
        body = self.markdown if markdown else self.text
        if not self.vietnamese:
            return body
        lines = "\n".join(f"> {line}".rstrip() for line in body.strip("\n").split("\n"))
        return MarkdownText(lines) if markdown else lines


def _plain_block(text: str, vietnamese: bool) -> KitBlock:
    """A one-paragraph free text as a block (Markdown-escaped by the template's finalize when
    not quoted; quoted lines are escaped here)."""
    return KitBlock(md_escape(text) if vietnamese else text, text, vietnamese)


def free_text(owner: Any, key: str) -> str | None:
    """A free-text field in a line: its `en:` value, else the Vietnamese flagged; None when
    the field is empty."""
    original = getattr(owner, key, None)
    if not original:
        return None
    english = getattr(getattr(owner, "en", None), key, None)
    return str(english) if english else in_vietnamese(str(original))


def free_block(owner: Any, key: str) -> KitBlock | None:
    """A free-text paragraph (a summary, a citation): its `en:` value, else the Vietnamese
    as a flagged block; None when the field is empty."""
    original = getattr(owner, key, None)
    if not original:
        return None
    english = getattr(getattr(owner, "en", None), key, None)
    return _plain_block(str(english), False) if english else _plain_block(str(original), True)


def story_block(ctx: OpenDataContext, entry: Entry) -> KitBlock | None:
    """The story from its sanitised HTML: the `en:` story, else the Vietnamese one flagged."""
    english = entry.profile.en.story if entry.profile.en is not None else None
    if english:
        md, txt = html_to_markdown_and_text(sanitise_markdown(english))
        return KitBlock(md, txt, False)
    story = ctx.story(entry)
    if not story:
        return None
    md, txt = html_to_markdown_and_text(story)
    return KitBlock(md, txt, True)


def list_of(owner: Any, key: str) -> tuple[list[str], bool]:
    """A list of free texts (a model's steps, conditions): the `en:` list, else the
    Vietnamese one, and whether it is the Vietnamese."""
    english = getattr(getattr(owner, "en", None), key, None)
    if english:
        return [str(item) for item in english], False
    return [str(item) for item in getattr(owner, key, None) or []], True


def withdrawal(resolved: ResolvedAward) -> str:
    """The annulling or stripping act in English (`ResolvedAward.withdrawal_text`)."""
    act = resolved.record.revocation
    if not resolved.withdrawn or act is None:
        return ""
    stripped = resolved.record.status == "stripped"
    text = "Title stripped" if stripped else "Annulled"
    text += f" by Decision No. {act.number} of {englishtext.date_text(act.date)}"
    if act.issuer:
        text += f", {act.issuer}"
    if not stripped:
        text += "; the insignia and the award money are recovered"
    ground = resolved.ground
    if ground is not None:
        text += f". Ground: {ground.en} ({in_vietnamese(ground.law)})"
    if act.reason:
        text += f". {in_vietnamese(act.reason)}"
    return text + "."


def award_line(ctx: OpenDataContext, resolved: ResolvedAward) -> dict[str, Any]:
    """One award of the kit: name, year, decision, issuer, withdrawal, campaign, citation."""
    record = resolved.record
    named = englishtext.resolved_award_name(resolved)
    parts = [f"{record.year}"]
    if record.decision_number:
        decision = f"Decision No. {record.decision_number}"
        if record.decision_date:
            decision += f" of {englishtext.date_text(record.decision_date)}"
        parts.append(decision)
    if record.issuer:
        parts.append(record.issuer)  # a body's or an office's name, as written
    campaign = ctx.site.campaigns.get(record.campaign) if record.campaign else None
    return {
        "name": named.text if named.lang == "en" else in_vietnamese(named.text),
        "posthumous": record.posthumous,
        "details": ", ".join(parts),
        "withdrawn": _en(resolved.withdrawal_label) if resolved.withdrawn else "",
        "withdrawal": withdrawal(resolved),
        "campaign": free_text(campaign[0], "title") if campaign is not None else None,
        "citation": free_block(record, "citation"),
    }


def citation_text(ctx: OpenDataContext, entry: Entry, site_name: str) -> str:
    """The ready-to-paste citation in English, of the English page."""
    best = entry.top_award
    text = entry.display_name
    if best is not None:
        named = englishtext.resolved_award_name(best).text
        posthumous = " (posthumous)" if best.record.posthumous else ""
        text += f" — {named}{posthumous} ({best.record.year})"
    permalink = ctx.url(edition_path("en", profile_path(entry.slug)))
    return f"{text}. {site_name}, {permalink}, accessed {englishtext.date_text(ctx.today)}."


@dataclass
class EnglishKit:
    """What the English kit's templates see (`values`)."""

    ctx: OpenDataContext
    entry: Entry
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ctx, entry = self.ctx, self.entry
        profile, config = entry.profile, ctx.config
        english = config.en
        site_name = (english.site_name if english else None) or config.site_name
        owner = (english.owner if english else None) or config.owner
        facts: list[tuple[str, str]] = []
        if profile.position:
            facts.append(("Position", free_text(profile, "position") or ""))
        if profile.unit:
            facts.append(("Unit", free_text(profile, "unit") or ""))
        place = englishtext.recorded_place(entry.locality)
        now = englishtext.now_place(entry.locality)
        label = "Country" if entry.locality.form == "foreign" else "Place"
        facts.append((label, f"{place} ({now})" if now else place))
        consented = entry.consented_facts
        if "birth_date" in consented:
            consented.pop("birth_year", None)
        for key, value in consented.items():
            shown = (
                englishtext.date_text(value)
                if isinstance(value, dt.date)
                else as_recorded(str(value))
            )
            facts.append((_en(FACT_LABELS[key]), shown))
        if profile.death_year:
            facts.append(("Year of death", str(profile.death_year)))
        if profile.sector:
            facts.append(("Sector", SECTORS[profile.sector][1]))
        if profile.target_groups:
            groups = ", ".join(TARGET_GROUPS[g][1] for g in profile.target_groups)
            facts.append(("Groups", groups))
        campaigns = [
            free_text(ctx.site.campaigns[s][0], "title") or ""
            for s in entry.campaign_slugs
            if s in ctx.site.campaigns
        ]
        self.values = {
            "name": entry.display_name,
            "kind": _en(KIND_NAMES[profile.kind]),
            "illustrative": profile.illustrative or config.illustrative,
            "facts": facts,
            "summary": free_block(profile, "summary"),
            "practice": self.practice(),
            "awards": [award_line(ctx, a) for a in entry.shown_awards],
            "story": story_block(ctx, entry),
            "campaigns": campaigns,
            "sources": [
                {
                    "title": in_vietnamese(s.title) if not s.title.isascii() else s.title,
                    "publisher": s.publisher,
                    "date": englishtext.date_text(s.date),
                    "url": s.url,
                }
                for s in profile.sources
            ],
            "citation": citation_text(ctx, entry, site_name),
            "permalink": ctx.url(edition_path("en", profile_path(entry.slug))),
            "vietnamese_page": ctx.url(profile_path(entry.slug)),
            "updated": englishtext.date_text(entry.updated) if entry.updated else "",
            "site_name": site_name,
            "owner": owner,
            "today": englishtext.date_text(ctx.today),
            "contact": in_vietnamese(config.contact) if config.contact else None,
            "data_licence": config.data_licence,
            "text_licence": config.content_licence or config.data_licence,
        }

    def practice(self) -> dict[str, Any] | None:
        """A model's facts in English: the problem, steps, results, recognitions, copies."""
        practice = self.entry.practice
        if practice is None:
            return None
        rec = practice.record
        method, method_vi = list_of(rec, "method")
        conditions, conditions_vi = list_of(rec, "conditions")
        results = []
        for result in rec.results:
            measured = quantity(result.value, result.unit)
            line = f"{result.year}: {in_vietnamese(f'{result.indicator}: {measured}')}"
            if result.baseline is not None:
                before = in_vietnamese(quantity(result.baseline, result.unit))
                line += f"; before: {before}"
                if result.baseline_year:
                    line += f" ({result.baseline_year})"
            results.append(line)
        recognitions = []
        for found in practice.recognitions:
            act = found.record
            line = f"{act.by}, {act.year}"
            if act.decision_number:
                line += f", Decision No. {act.decision_number}"
            if act.date:
                line += f" of {englishtext.date_text(act.date)}"
            recognitions.append(line)
        copies = []
        for copy in practice.replications:
            line = englishtext.short_place(copy.locality)
            if copy.record.year:
                line += f" (since {copy.record.year})"
            if copy.record.note:
                line += f": {in_vietnamese(copy.record.note)}"
            copies.append(line)
        contact = None
        if rec.contact is not None:
            parts = [rec.contact.organisation]
            if rec.contact.address:
                parts.append(in_vietnamese(rec.contact.address))
            parts += [p for p in (rec.contact.phone, rec.contact.email, rec.contact.url) if p]
            contact = ", ".join(str(p) for p in parts)
        run_by = rec.run_by
        if run_by and rec.partners:
            run_by += ", with " + ", ".join(rec.partners)
        return {
            "run_by": run_by,
            "started": rec.started,
            "problem": free_text(rec, "problem"),
            "method": method,
            "method_vi": method_vi,
            "results": results,
            "recognitions": recognitions,
            "copies": copies,
            "conditions": conditions,
            "conditions_vi": conditions_vi,
            "contact": contact,
        }
