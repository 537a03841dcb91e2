"""A model's structured facts (`model:` of a `kind: model` profile) as open data.

Two outputs read `Entry.practice` here, so the API and the table say the same: the `model`
block of the profile's API document, and the models table (`du-lieu/mo-hinh.csv`, one row per
published model, with or without structured facts) that a district office filters to find a
model to copy. The page and the press kit render the same facts from templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.csvout import csv_document, csv_lines
from generator.model.entries import Entry
from generator.model.labels import model_recognised, quantity
from generator.model.resolved import ResolvedLocality, ResolvedPractice
from generator.model.urls import decision_path, profile_api_path, profile_path, safe_http_url
from generator.opendata import apidocuments as api
from generator.opendata.englishdocs import practice_english

# (Vietnamese header, English header) of the models table, in order.
MODEL_CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Mã hồ sơ", "id"),
    ("Tên mô hình", "name"),
    ("Địa phương (nay)", "locality_today"),
    ("Việc khó đã giải quyết", "problem"),
    ("Đơn vị thực hiện", "run_by"),
    ("Năm bắt đầu", "started"),
    ("Cách làm (các bước)", "method"),
    ("Kết quả (năm)", "results"),
    ("Công nhận", "recognised"),
    ("Số nơi nhân rộng", "replicated_count"),
    ("Nơi nhân rộng", "replicated_in"),
    ("Điều kiện nhân rộng", "conditions"),
    ("Cơ quan liên hệ", "contact_organisation"),
    ("Điện thoại cơ quan", "contact_phone"),
    ("Thư điện tử cơ quan", "contact_email"),
    ("Địa chỉ cơ quan", "contact_address"),
    ("Địa chỉ trang", "permalink"),
)
MODELS_CSV = "du-lieu/mo-hinh.csv"
# Several items in one cell: a separator no editor's sentence uses.
ITEM_SEPARATOR = " | "


def practice_document(
    entry: Entry,
    url: Callable[[str], str],
    locality: Callable[[ResolvedLocality], api.Locality],
) -> api.Practice | None:
    """The `model` block of a profile's API document, None when it records no structured facts;
    `url` makes a site path absolute, `locality` publishes a resolved place."""
    practice = entry.practice
    if practice is None:
        return None
    rec = practice.record
    contact = rec.contact
    return api.Practice(
        conditions=list(rec.conditions),
        contact=(
            api.PracticeContact(
                address=contact.address,
                email=contact.email,
                organisation=contact.organisation,
                phone=contact.phone,
                url=safe_http_url(contact.url),
            )
            if contact is not None
            else None
        ),
        en=practice_english(rec),
        method=list(rec.method),
        partners=list(rec.partners),
        problem=rec.problem,
        recognised=[
            api.PracticeRecognition(
                by=r.record.by,
                date=r.record.date,
                decision_number=r.record.decision_number,
                decision_url=url(decision_path(r.record.decision)) if r.record.decision else None,
                url=safe_http_url(r.record.url),
                year=r.record.year,
            )
            for r in practice.recognitions
        ],
        replicated_count=len(practice.replications),
        replicated_in=[
            api.PracticeReplication(
                locality=locality(copy.locality),
                note=copy.record.note,
                profile=copy.record.profile,
                profile_url=(
                    url(profile_api_path(copy.record.profile)) if copy.record.profile else None
                ),
                year=copy.record.year,
            )
            for copy in practice.replications
        ],
        results=[
            api.PracticeResult(
                baseline=r.baseline,
                baseline_year=r.baseline_year,
                indicator=r.indicator,
                unit=r.unit,
                value=r.value,
                year=r.year,
            )
            for r in rec.results
        ],
        run_by=rec.run_by,
        started=rec.started,
    )


def result_text(practice: ResolvedPractice) -> list[str]:
    """Each result in one line: "Ghe ký cam kết: 142 ghe (2025; trước: 0 ghe, 2023)"."""
    lines = []
    for r in practice.record.results:
        text = f"{r.indicator}: {quantity(r.value, r.unit)} ({r.year}"
        if r.baseline is not None:
            text += f"; trước: {quantity(r.baseline, r.unit)}"
            text += f", {r.baseline_year}" if r.baseline_year is not None else ""
        lines.append(text + ")")
    return lines


def replication_text(practice: ResolvedPractice) -> list[str]:
    """Each place that copied the model: "Xã Phong Điền, thành phố Cần Thơ (2025)"."""
    return [
        c.locality.short_text() + (f" ({c.record.year})" if c.record.year else "")
        for c in practice.replications
    ]


def model_rows(models: Iterable[Entry], url: Callable[[str], str]) -> list[list[object]]:
    """One row per published model (`MODEL_CSV_COLUMNS`), empty cells where nothing is
    recorded; "recognised" falls back to the highest award's issuer as the roll does."""
    rows: list[list[object]] = []
    for entry in models:
        practice = entry.practice
        rec = practice.record if practice is not None else None
        contact = rec.contact if rec is not None else None
        rows.append(
            [
                entry.slug,
                entry.display_name,
                entry.locality.short_text(),
                rec.problem if rec else "",
                rec.run_by if rec else "",
                rec.started if rec else "",
                ITEM_SEPARATOR.join(rec.method) if rec else "",
                ITEM_SEPARATOR.join(result_text(practice)) if practice else "",
                model_recognised(entry),
                len(practice.replications) if practice else 0,
                ITEM_SEPARATOR.join(replication_text(practice)) if practice else "",
                ITEM_SEPARATOR.join(rec.conditions) if rec else "",
                contact.organisation if contact else "",
                contact.phone if contact else "",
                contact.email if contact else "",
                contact.address if contact else "",
                url(profile_path(entry.slug)),
            ]
        )
    return rows


def model_lines(entry: Entry, url: Callable[[str], str]) -> bytes:
    """A model's line of the models table, made from its entry alone (`models_csv` joins
    them: `publish` keeps each by its entry's key)."""
    return csv_lines(model_rows([entry], url))


def models_csv(lines: Iterable[bytes]) -> bytes:
    """The models table: the lines (`model_lines`) of every published `kind: model` profile,
    in the roll's order."""
    header = [vi for vi, _en in MODEL_CSV_COLUMNS]
    return csv_document(header, lines)
