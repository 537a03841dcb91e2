"""Scaffold new source files: `vinhdanh new profile|campaign`, and the pieces `import` shares.

A new profile gets a slug that no profile uses or used (former slugs redirect), a path under
today's province (`profiles/<province>/<slug>.yml`), official unit names and code, an award id
from the taxonomy, and Vietnamese comments explaining every field. It starts with a
`yaml-language-server` line so editors get completion from `schemas/profile.schema.json`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from generator.editors.localities import AnyPlace, Place, PlaceProblem, eras_for, find_place
from generator.editors.yamlwriter import Path_, dump_yaml
from generator.errors import Lang, class_codes, say
from generator.model.site import (
    CAMPAIGNS_DIR,
    PROFILES_DIR,
    RECIPIENT_OF_KIND,
    Entry,
    Site,
    build_site,
    split_household_name,
)
from generator.reference.awardnames import AwardMatch, AwardMatcher
from generator.source.documents import ProfileKind
from generator.source.load import iter_source_files
from generator.vntext import fold, nfc, slugify, split_full_name

SCHEMA_DIR = "schemas"
MAX_SLUG = 100
ISSUERS_BY_SUFFIX: dict[str, tuple[str, str]] = {
    # Decision-number suffix (folded) -> (issuer, issuer level): the two that name one signer.
    "ctn": ("Chủ tịch nước", "state"),
    "ttg": ("Thủ tướng Chính phủ", "government"),
}

PROFILE_COMMENTS: dict[Path_, str] = {
    ("slug",): "Định danh cố định, trùng tên tệp; địa chỉ trang là /ho-so/<slug>/.\n"
    "Không sửa khi đổi tên: nếu buộc phải đổi, ghi slug cũ vào former_slugs.",
    ("kind",): "Loại: individual (cá nhân), collective (tập thể), model (mô hình),\n"
    "household (hộ gia đình).",
    ("name",): "Cá nhân: họ (family), tên đệm (middle), tên (given, có thể hai chữ).\n"
    'Tập thể, mô hình: full: "Hợp tác xã …" (ghi cả loại hình).\n'
    "Hộ gia đình: form (ho-ong: Hộ ông …, ho-ba, gia-dinh-ong, gia-dinh-ba, …) và tên chủ hộ.",
    ("position",): "Chức vụ, nghề nghiệp.",
    ("unit",): "Cơ quan, đơn vị công tác.",
    ("locality",): "Địa phương như ghi trong quyết định, tại thời điểm đó (tên chính thức và mã\n"
    "đơn vị hành chính). Trước 2025-07-01 có cấp huyện (district); từ ngày đó chỉ còn tỉnh\n"
    "và xã. as_of: ngày địa danh được ghi, quyết định dùng danh mục nào. Nguồn không ghi nơi\n"
    "nào: chỉ ghi unknown: true; người nước ngoài: country (tên nước), không ghi tỉnh.",
    ("awards",): "Khen thưởng: mỗi quyết định một mục. award: mã trong danh mục (trình soạn thảo\n"
    "gợi ý); class: nhat, nhi, ba với hình thức có hạng; year: năm khen thưởng.\n"
    "Quyết định bị hủy bỏ: status: revoked; danh hiệu vinh dự nhà nước bị tước: status:\n"
    "stripped; cả hai kèm revocation: {number, date, ground}. Truy tặng: posthumous: true.",
    ("consent",): "Tóm tắt (summary) và câu chuyện (story, Markdown) nếu có, ví dụ:\n"
    'summary: "Hai mươi năm gắn bó với trạm y tế xã biên giới …"\n'
    "\n"
    "Đồng ý công bố thông tin nhạy cảm: chỉ ghi true khi đã có văn bản đồng ý của người\n"
    "được vinh danh (lưu ngoài kho mã, ghi số hồ sơ ở reference). Không có cờ thì không\n"
    "công bố ảnh, ngày sinh, dân tộc, tôn giáo, sức khỏe, địa chỉ.",
    ("status",): "draft: bản nháp, chưa công bố ở đâu; published: công bố (cần ít nhất một\n"
    "khen thưởng); proposed: đang lấy ý kiến (cần mục proposal); withdrawn: đã gỡ (cần mục\n"
    "withdrawal: date, reason).",
}

CAMPAIGN_COMMENTS: dict[Path_, str] = {
    ("slug",): "Định danh cố định, trùng tên tệp; địa chỉ trang là /phong-trao/<slug>/.",
    ("title",): "Tên đầy đủ của phong trào; short_name: tên ngắn dùng trong danh sách.",
    ("launched_by",): "Cơ quan hoặc người phát động.",
    ("legal_basis",): 'Văn bản phát động, mỗi văn bản một dòng: - "Quyết định số …/QĐ-TTg …"',
    ("level",): "Cấp: national, ministry, province, commune, organisation.",
    ("start",): "Thời gian: start (bắt đầu), end (kết thúc, bỏ trống nếu chưa định).",
    ("criteria",): 'Tiêu chí thi đua, mỗi tiêu chí một dòng: - "…"',
    ("milestones",): "Các mốc: phat-dong (phát động), so-ket (sơ kết), tong-ket (tổng kết),\n"
    "bao-cao (hạn báo cáo), khac; mỗi mốc có date, có thể có title, note.",
    ("status",): "planned (sắp triển khai), active (đang triển khai), completed (đã tổng kết).",
}


def schema_modeline(root: Path, file: Path, kind: str = "profile") -> str:
    """The `yaml-language-server` line pointing from `file` to the project's schema."""
    schema = root / SCHEMA_DIR / f"{kind}.schema.json"
    relative = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"yaml-language-server: $schema={relative}"


def taken_slugs(root: Path, site: Site | None) -> set[str]:
    """Slugs no new profile may take: every file name, stored slug and former slug."""
    taken = {p.stem for p in iter_source_files(root / PROFILES_DIR, (".yml", ".yaml"))}
    if site is not None:
        for entry in site.entries:
            taken.add(entry.slug)
            taken.update(entry.profile.former_slugs)
    return taken


def _trim(slug: str, limit: int = MAX_SLUG) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def propose_slug(name: str, place: AnyPlace | None, taken: Iterable[str]) -> str:
    """slugify(name); if taken, add the commune's then the district's slug; then a counter."""
    used = set(taken)
    base = _trim(slugify(name)) or "ho-so"
    candidates = [base]
    if place is not None:
        for unit in reversed(place.units[1:]):  # commune first, then district
            candidates.append(_trim(f"{base}-{slugify(unit.name)}"))
    for candidate in candidates:
        if candidate not in used:
            return candidate
    stem = candidates[-1]
    counter = 2
    while f"{stem}-{counter}" in used:
        counter += 1
    return f"{stem}-{counter}"


def profile_relpath(place: AnyPlace, slug: str) -> str:
    """Where a new profile goes: under today's province (a place unknown, or abroad: in a
    folder of its own beside the provinces)."""
    return f"{PROFILES_DIR}/{place.folder}/{slug}.yml"


def name_fields(kind: str, full_name: str) -> dict[str, object]:
    """The `name:` mapping: parts for a person, form and the head's parts for a household
    ("Hộ …" when the text names no form), `full` for a collective or model."""
    fields: dict[str, object] = {}
    if kind == "household":
        form, full_name = split_household_name(full_name) or ("ho", full_name)
        fields["form"] = form
    elif kind != "individual":
        return {"full": full_name}
    family, middle, given = split_full_name(full_name)
    fields["family"] = family
    if middle:
        fields["middle"] = middle
    fields["given"] = given
    return fields


def issuer_from_number(number: str | None) -> tuple[str, str] | None:
    """(issuer, level) when the decision number names the signer: "…/QĐ-CTN", "…/QĐ-TTg"."""
    if not number:
        return None
    suffix = slugify(number.rsplit("/", 1)[-1]).rsplit("-", 1)[-1]
    return ISSUERS_BY_SUFFIX.get(suffix) if "/" in number else None


def award_fields(
    match: AwardMatch,
    year: int,
    *,
    decision_number: str | None = None,
    decision_date: dt.date | None = None,
    citation: str | None = None,
    campaign: str | None = None,
    posthumous: bool = False,
) -> dict[str, object]:
    """One `awards:` item in the order editors read it."""
    item: dict[str, object] = {"award": match.award.id}
    if match.award_class is not None:
        item["class"] = match.award_class
    item["year"] = year
    if decision_number:
        item["decision_number"] = decision_number
    if decision_date is not None:
        item["decision_date"] = decision_date
    issuer = issuer_from_number(decision_number)
    if issuer is not None and issuer[1] in match.award.conferred_by:
        item["issuer"], item["issuer_level"] = issuer
    if posthumous or match.posthumous:
        item["posthumous"] = True
    if citation:
        item["citation"] = citation
    if campaign:
        item["campaign"] = campaign
    return item


@dataclass
class ProfileDraft:
    """What a new profile file says, before it is written."""

    slug: str
    kind: ProfileKind
    full_name: str
    place: AnyPlace
    as_of: dt.date | None = None
    position: str | None = None
    unit: str | None = None
    awards: tuple[dict[str, object], ...] = ()
    status: str = "published"

    def data(self) -> dict[str, object]:
        """The profile as an ordered mapping."""
        data: dict[str, object] = {
            "slug": self.slug,
            "kind": self.kind,
            "name": name_fields(self.kind, self.full_name),
        }
        if self.position:
            data["position"] = self.position
        if self.unit:
            data["unit"] = self.unit
        data["locality"] = self.place.locality_fields(self.as_of)
        data["awards"] = list(self.awards)
        return data


def render_profile(root: Path, relpath: str, draft: ProfileDraft, note: str = "") -> str:
    """A new profile file with the schema line, an optional note and field comments."""
    header = schema_modeline(root, root / relpath)
    if note:
        header += "\n" + note
    data = draft.data()
    data["consent"] = {"photo": False}
    data["status"] = draft.status
    return dump_yaml(data, PROFILE_COMMENTS, header=header)


def render_import_profile(root: Path, relpath: str, draft: ProfileDraft, note: str) -> str:
    """A profile written by `import`: the schema line, where it came from, no field comments."""
    header = schema_modeline(root, root / relpath) + "\n" + note
    data = draft.data()
    data["status"] = draft.status
    return dump_yaml(data, header=header)


@dataclass
class CampaignDraft:
    """What a new campaign page says, before it is written."""

    slug: str
    title: str
    launched_by: str
    level: str
    start: dt.date
    end: dt.date | None = None
    short_name: str | None = None
    province: str | None = None

    def data(self) -> dict[str, object]:
        """The front matter as an ordered mapping."""
        data: dict[str, object] = {"slug": self.slug, "title": self.title}
        if self.short_name:
            data["short_name"] = self.short_name
        data["launched_by"] = self.launched_by
        data["legal_basis"] = []
        data["level"] = self.level
        if self.province:
            data["province"] = self.province
        data["start"] = self.start
        if self.end is not None:
            data["end"] = self.end
        data["criteria"] = []
        data["milestones"] = [{"kind": "phat-dong", "date": self.start}]
        data["status"] = "active" if self.start <= dt.date.today() else "planned"
        return data


def campaign_relpath(slug: str) -> str:
    """Where a campaign page goes."""
    return f"{CAMPAIGNS_DIR}/{slug}.md"


def render_campaign(draft: CampaignDraft) -> str:
    """A campaign page: commented front matter and a body to fill in."""
    header = (
        "Phong trào thi đua, tạo bằng `vinhdanh new campaign`. Dòng bắt đầu bằng # là chú thích.\n"
        "Sau phần này (sau dòng ---) là nội dung giới thiệu phong trào, viết bằng Markdown."
    )
    front = dump_yaml(draft.data(), CAMPAIGN_COMMENTS, header=header)
    body = f"Giới thiệu phong trào “{draft.title}”: mục đích, đối tượng, cách tham gia.\n"
    return f"---\n{front}---\n\n{body}"


def propose_campaign_slug(text: str, taken: Iterable[str]) -> str:
    """slugify(short name or title), with a counter when taken."""
    used = set(taken)
    base = _trim(slugify(text)) or "phong-trao"
    if base not in used:
        return base
    counter = 2
    while f"{base}-{counter}" in used:
        counter += 1
    return f"{base}-{counter}"


# --- vinhdanh new: asking and writing ------------------------------------------------------------


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
