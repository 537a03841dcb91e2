"""What a profile's records resolve to: its locality (units then and now), its awards (with
their taxonomy entries) and a model's practice (recognitions and replications, places
resolved).

The model (model.site, model.profilechecks) makes them; pages, rolls, statistics, search and
open data read them. Like model.entries, this module checks nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from generator.reference.adminunits import OLD_ERA, Era, Unit, capitalise_first, join_vi
from generator.reference.taxonomy import Award, RevocationGround
from generator.source.documents import (
    AwardRecord,
    Locality,
    LocalityForm,
    ModelPractice,
    ModelRecognition,
    ModelReplication,
)
from generator.vntext import slugify

# Art. 93 of Law 06/2022: a decision is annulled (hủy bỏ; insignia and money recovered, thu
# hồi); a state honorary title is stripped (tước).
WITHDRAWAL_LABELS = {
    "revoked": "Quyết định đã bị hủy bỏ",
    "stripped": "Đã bị tước danh hiệu",
}

# What a profile shows, and statistics count, for a locality that names no Vietnamese unit.
UNKNOWN_PLACE_TEXT = "Chưa rõ địa phương"
FOREIGN_PLACE_TEXT = "Nước ngoài"
_province_slug = functools.lru_cache(maxsize=256)(slugify)  # 34 names, asked for by every page


@dataclass(frozen=True)
class ResolvedLocality:
    """A locality as recorded, and the units it resolves to then and now.

    A place the source does not give (`form == "unknown"`) or a foreign country ("foreign")
    resolves to no unit at all: no era, no province then or now, so no province roll, figure or
    facet can take it for one.
    """

    recorded: Locality
    era: Era | None
    units: tuple[Unit, ...]  # province, [district], [commune] in the recorded era
    current_province: Unit | None
    current_units: tuple[Unit, ...]  # today's commune(s), or the province alone

    @property
    def form(self) -> LocalityForm:
        """The form: "place" (a Vietnamese unit, resolved or not), "unknown" or "foreign"."""
        return self.recorded.form

    @property
    def country(self) -> str | None:
        """The foreign country as recorded ("Liên bang Nga"), else None."""
        return self.recorded.country

    def recorded_text(self) -> str:
        """The locality as the record gives it, smallest unit first; the country abroad;
        "Chưa rõ địa phương" when the source gives no place."""
        if self.recorded.unknown:
            return UNKNOWN_PLACE_TEXT
        if self.recorded.country is not None:
            return self.recorded.country
        if self.units:
            # Unit types lower-case inside the line (Decree 30/2020): "Xã Triệu Thành, huyện
            # Triệu Phong, tỉnh Quảng Trị".
            names = ", ".join(u.running_name for u in reversed(self.units))
            return capitalise_first(names)
        parts = [self.recorded.commune, self.recorded.district, self.recorded.province]
        return ", ".join(p for p in parts if p)

    def current_text(self, inline: bool = False) -> str:
        """Today's unit(s): commune(s) and province after the 2025 reform ("" without);
        capitalised as a line's start unless `inline` ("nay là xã Triệu Phong, …")."""
        if self.current_province is None:
            return ""
        communes = [u.running_name for u in self.current_units if u.level == 3]
        prov = self.current_province.running_name
        text = f"{join_vi(communes)}, {prov}" if communes else prov
        return text if inline else capitalise_first(text)

    def short_text(self) -> str:
        """The place in one line where space is short (cards, rolls, embeds, search, JSON-LD):
        today's unit(s), else the place as recorded."""
        return self.current_text() or self.recorded_text()

    def now_text(self) -> str:
        """ "nay là xã Triệu Phong, tỉnh Quảng Trị", or "nay thuộc phường A và phường B, …"
        when the recorded unit was split; "" when unchanged or unresolved."""
        today = self.current_text(inline=True)
        if not self.changed or not today:
            return ""
        split = len([u for u in self.current_units if u.level == 3]) > 1
        split = split or any(u.partial for u in self.units[-1:])
        return f"{'nay thuộc' if split else 'nay là'} {today}"

    @property
    def province_slug(self) -> str | None:
        """URL slug of today's province ("quang-tri"), or None when unresolved."""
        return _province_slug(self.current_province.name) if self.current_province else None

    @property
    def changed(self) -> bool:
        """True when the recorded units are not today's (shown as "nay là …")."""
        return self.era == OLD_ERA


@dataclass(frozen=True)
class ResolvedAward:
    """An award record with its taxonomy entry."""

    record: AwardRecord
    award: Award
    ground: RevocationGround | None = None  # the Art. 93 ground of an annulment or stripping

    @property
    def withdrawn(self) -> bool:
        """True when the decision was annulled (hủy bỏ) or the title stripped (tước)."""
        return self.record.status in ("revoked", "stripped")

    @property
    def withdrawal_label(self) -> str:
        """ "Quyết định đã bị hủy bỏ" / "Đã bị tước danh hiệu" (Art. 93), or ""."""
        return WITHDRAWAL_LABELS.get(self.record.status, "")

    @property
    def withdrawal_text(self) -> str:
        """The annulling or stripping act in the law's words, as plain text (press kit, feed)."""
        act = self.record.revocation
        if not self.withdrawn or act is None:
            return ""
        verb = "Tước danh hiệu" if self.record.status == "stripped" else "Hủy bỏ"
        text = f"{verb} theo Quyết định số {act.number} ngày {act.date.strftime('%d/%m/%Y')}"
        if act.issuer:
            text += f" của {act.issuer}"
        if self.record.status == "revoked":
            text += "; hiện vật khen thưởng và tiền thưởng bị thu hồi"
        if self.ground is not None:
            text += f". Căn cứ {self.ground.law}: {self.ground.vi}"
        if act.reason:
            text += f". {act.reason}"
        return text + "."

    @property
    def display(self) -> str:
        """Display name with class as of the award's date; a generic category ("Bằng khen cấp
        Bộ, ban, ngành, tỉnh") named from its issuer, as a reader expects."""
        record = self.record
        if record.recorded_name and record.recorded_name in self.award.local_names:
            return record.recorded_name
        return self.award.display_for(
            record.award_class, award_date(record), record.issuer_level, record.issuer
        )


@dataclass(frozen=True)
class ResolvedReplication:
    """A place that copied a model, with its units then and now."""

    record: ModelReplication
    locality: ResolvedLocality


@dataclass(frozen=True)
class ResolvedRecognition:
    """Who recognised a model, with the profile's award given by the same decision if any."""

    record: ModelRecognition
    award: ResolvedAward | None


@dataclass(frozen=True)
class ResolvedPractice:
    """A model's structured facts (`model:`), places and acts resolved."""

    record: ModelPractice
    recognitions: tuple[ResolvedRecognition, ...]
    replications: tuple[ResolvedReplication, ...]

    @property
    def recognised_text(self) -> str:
        """ "Ban Thường vụ Thành ủy Cần Thơ (2024)"; several joined by "; "; "" when none."""
        return "; ".join(f"{r.record.by} ({r.record.year})" for r in self.recognitions)


def award_date(record: AwardRecord) -> dt.date:
    """The date an award is judged by: its decision date, else the end of its year."""
    return record.decision_date or dt.date(record.year, 12, 31)
