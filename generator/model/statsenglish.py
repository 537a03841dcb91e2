"""The English names of what the statistics count, from the site's own data.

Row labels of the statistics are Vietnamese: fixed ones ("Lãnh đạo, quản lý") are the
catalogue's msgids, the others come from data: the taxonomy's levels, forms and awards, which
carry their English names, campaigns whose editor gave an English title, and provinces, named
the English way ("Quảng Trị province") by generator.model.englishtext. This table maps such a
Vietnamese label to its English; what it does not hold (a unit's name, a campaign's title with
no English) is a name, kept as written (generator.templating.statwords).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.englishtext import award_name
from generator.model.entries import Site
from generator.reference.adminunits import NEW_ERA, OLD_ERA, Unit
from generator.source.documents import SECTORS, TARGET_GROUPS


@dataclass(frozen=True)
class StatEnglish:
    """English of the statistics' data labels: plain words, and provinces by unit (their name
    is marked as Vietnamese where they are printed)."""

    words: dict[str, str] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)


def stat_english(site: Site) -> StatEnglish:
    """The English of every level, form, award, sector, target group, campaign with an
    English title, and province label."""
    taxonomy = site.taxonomy
    words: dict[str, str] = {}
    for labels in (taxonomy.levels, taxonomy.forms):
        words.update((label.vi, label.en) for label in labels.values() if label.en)
    for award in taxonomy:
        named = award_name(award, None)
        if named.lang == "en":
            words[award.name_on(None)] = named.text
    for table in (SECTORS, TARGET_GROUPS):
        words.update(table.values())
    # A campaign's title is a name, unless its editor gave its English.
    for campaign, _doc in site.campaigns.values():
        if campaign.en is not None and campaign.en.title:
            words[campaign.title] = campaign.en.title
    units = {
        unit.full_name: unit for era in (OLD_ERA, NEW_ERA) for unit in site.admin.provinces(era)
    }
    return StatEnglish(words, units)
