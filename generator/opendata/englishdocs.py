"""The `en` parts of the API documents: the English an editor wrote beside the Vietnamese.

Each builder returns None when its document has no English at all (`en: null`), else every key
of its block, null or [] where that field has no English. Stories and campaign texts pass the
same sanitiser as the Vietnamese (generator.templating.sanitise), so `story_html` and
`body_html` in English are the same allow-listed HTML.
"""

from __future__ import annotations

from generator.opendata import apidocuments as api
from generator.source.documents import (
    AwardRecord,
    Campaign,
    Decision,
    ModelPractice,
    Photo,
    Profile,
)
from generator.templating.sanitise import sanitise_markdown


def award_english(record: AwardRecord) -> api.AwardEnglish | None:
    """An award's English citation, or None."""
    if record.en is None or record.en.citation is None:
        return None
    return api.AwardEnglish(citation=record.en.citation)


def profile_english(profile: Profile, press_kit: str | None = None) -> api.ProfileEnglish | None:
    """A profile's English position, unit, summary and story (sanitised HTML) and the URL of
    its English press kit (`press_kit`: where the site has the English edition), or None when
    it has neither."""
    en = profile.en
    if en is None or not any((en.position, en.unit, en.summary, en.story)):
        if press_kit is None:
            return None
        return api.ProfileEnglish(
            position=None, press_kit=press_kit, story_html=None, summary=None, unit=None
        )
    return api.ProfileEnglish(
        position=en.position,
        press_kit=press_kit,
        story_html=str(sanitise_markdown(en.story)) if en.story else None,
        summary=en.summary,
        unit=en.unit,
    )


def photo_english(photo: Photo) -> api.PhotoEnglish | None:
    """A photo's English alt text and caption, or None."""
    en = photo.en
    if en is None or not (en.alt or en.caption):
        return None
    return api.PhotoEnglish(alt=en.alt, caption=en.caption)


def practice_english(practice: ModelPractice) -> api.PracticeEnglish | None:
    """A model's English problem, steps and conditions, or None."""
    en = practice.en
    if en is None or not (en.problem or en.method or en.conditions):
        return None
    return api.PracticeEnglish(
        conditions=list(en.conditions), method=list(en.method), problem=en.problem
    )


def campaign_english(campaign: Campaign) -> api.CampaignEnglish | None:
    """A campaign's English title, short name, summary and page text, or None."""
    en = campaign.en
    if en is None or not any((en.title, en.short_name, en.summary, en.story)):
        return None
    body = sanitise_markdown(en.story, headings=True) if en.story else None
    return api.CampaignEnglish(
        body_html=str(body) if body else None,
        short_name=en.short_name,
        summary=en.summary,
        title=en.title,
    )


def decision_english(decision: Decision) -> api.DecisionEnglish | None:
    """A decision's English subject, or None."""
    if decision.en is None or decision.en.subject is None:
        return None
    return api.DecisionEnglish(subject=decision.en.subject)
