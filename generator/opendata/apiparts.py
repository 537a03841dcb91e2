"""The small parts the API's documents share: bilingual labels, units, a locality, sources."""

from __future__ import annotations

from typing import Literal, cast

from generator.model.resolved import ResolvedLocality
from generator.model.urls import safe_http_url
from generator.opendata import apidocuments as api
from generator.opendata.context import OpenDataContext
from generator.reference.adminunits import Unit
from generator.source.documents import Source


# The small parts below are dict literals, not `api.Label(...)` calls: mypy checks them the same
# against the return type, and calling a TypedDict costs three times as much (~1 µs, per unit,
# label and award of every profile).
def label_pair(vi: str, en: str) -> api.Label:
    """A text in Vietnamese and English."""
    return {"vi": vi, "en": en}


def id_label(id: str, vi: str, en: str) -> api.IdLabel:
    """A code with its Vietnamese and English names."""
    return {"id": id, "vi": vi, "en": en}


def unit_json(unit: Unit) -> api.Unit:
    """An administrative unit: code, era, names, level."""
    return {
        "code": unit.code,
        "era": unit.era,
        "full_name": unit.full_name,
        "level": cast(Literal[1, 2, 3], unit.level),
        "name": unit.name,
        "type": unit.type,
    }


def source_json(source: Source) -> api.Source:
    """A published source of a profile or decision, its URL only if http(s)."""
    return api.Source(
        date=source.date,
        publisher=source.publisher,
        title=source.title,
        url=safe_http_url(source.url),
    )


def locality_json(ctx: OpenDataContext, loc: ResolvedLocality) -> api.Locality:
    """A resolved locality (a profile's, or a decision's issuing authority's) for the API."""
    recorded = loc.recorded
    return api.Locality(
        country=(
            api.Country(code=recorded.country_code, name=recorded.country)
            if recorded.country is not None
            else None
        ),
        form=loc.form,
        current=api.CurrentLocality(
            province=unit_json(loc.current_province) if loc.current_province else None,
            text=loc.current_text() or None,
            units=[unit_json(u) for u in loc.current_units],
        ),
        changed=loc.changed,
        recorded=api.RecordedLocality(
            as_of=recorded.as_of,
            code=recorded.code,
            commune=recorded.commune,
            district=recorded.district,
            era=loc.era,
            province=recorded.province,
            text=loc.recorded_text(),
            units=[unit_json(u) for u in loc.units],
        ),
    )
