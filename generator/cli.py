"""The `vinhdanh` command line: thin wrappers that call the stages in order.

Each command imports the modules it runs when it runs (the model, the build, the editors'
tools): `vinhdanh --help` and every command's start-up load only click, the message catalogue
and the few constants the options show (`python -X importtime -c "import generator.cli"`,
docs/performance.md)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.clitext import LocalisedGroup
from generator.commands.hostlimits import HOSTS, measure, over_limits
from generator.editors.rolltable import LARGE_IMPORT_ROWS
from generator.errors import Lang, say
from generator.incremental.lock import LOCK_WAIT_SECONDS

if TYPE_CHECKING:
    from generator.errors import Report
    from generator.model.entries import Site

_LANG_CHOICE = click.Choice(["vi", "en"])
_EXIT_AT_ONCE = False  # set by `build`: main() then skips the interpreter's teardown


def _default_lang() -> str:
    lang = os.environ.get("VINHDANH_LANG", "vi")
    return lang if lang in ("vi", "en") else "vi"


def _summary(report: Report, site: Site | None, lang: Lang) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    profiles = len(site.entries) if site else 0
    campaigns = len(site.campaigns) if site else 0
    decisions = len(site.decisions) if site else 0
    head = say("cli.checked", lang, profiles=profiles, campaigns=campaigns, decisions=decisions)
    if errors:
        return head + say("cli.check_errors", lang, errors=errors, warnings=warnings)
    if warnings:
        return head + say("cli.check_warnings", lang, warnings=warnings)
    return head + say("cli.check_ok", lang)


@click.group(
    cls=LocalisedGroup,  # click's own words in Vietnamese (English with --lang en)
    help="vinhdanh — bảng vàng thi đua, khen thưởng (static honour-roll site generator).",
)
@click.version_option(package_name="vinhdanh", message="%(prog)s %(version)s")  # no words
def cli() -> None:
    """The command group."""


@cli.command(help="Kiểm tra toàn bộ hồ sơ và phong trào (check every profile and campaign).")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Thư mục dự án (project folder).",
)
@click.option(
    "--lang",
    type=_LANG_CHOICE,
    default=_default_lang,
    show_default="vi",
    help="Ngôn ngữ thông báo (message language).",
)
@click.option("--strict", is_flag=True, help="Cảnh báo cũng là lỗi (warnings fail).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Định dạng kết quả (output format).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Ngày dựng trang, YYYY-MM-DD: báo lỗi ngày quyết định, ngày gỡ sau ngày này "
    "(mặc định: SOURCE_DATE_EPOCH nếu có).",
)
def check(root: Path, lang: Lang, strict: bool, fmt: str, today: dt.datetime | None) -> None:
    """Validate and cross-reference all sources; exit 1 on errors."""
    from generator.commands.outcome import BuildError
    from generator.commands.today import latest_data_date, source_date_epoch
    from generator.model.profilechecks import check_dates
    from generator.model.site import build_site

    site, report = build_site(root)
    try:
        # The build's "today" (--today, SOURCE_DATE_EPOCH, else the latest date in the data):
        # dates after it, and minors on it, are judged as the build will judge them.
        day = _today_option(today) or source_date_epoch()
    except BuildError as exc:
        raise click.UsageError("; ".join(exc.messages)) from None
    if site is not None:
        check_dates(site, day or latest_data_date(site), report)
    if fmt == "json":
        click.echo(report.to_json(lang))
    else:
        for problem in report:
            click.echo(problem.format(lang))
        click.echo(_summary(report, site, lang))
    failed = bool(report.errors) or (strict and bool(report.warnings))
    sys.exit(1 if failed else 0)


def _today_option(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


_ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Thư mục dự án (project folder).",
)
_TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Ngày dựng trang, YYYY-MM-DD (mặc định: SOURCE_DATE_EPOCH, "
    "nếu không thì ngày mới nhất trong dữ liệu).",
)


@cli.command("build", help="Dựng trang tĩnh vào site/ (build the static site into site/).")
@_ROOT
@_TODAY
@click.option("--clean", is_flag=True, help="Xóa build/ và dựng lại từ đầu (rebuild build/).")
@click.option(
    "--lang",
    type=_LANG_CHOICE,
    default=_default_lang,
    show_default="vi",
    help="Ngôn ngữ thông báo (message language).",
)
@click.option(
    "--timings", is_flag=True, help="In thời gian từng bước (print the time of each stage)."
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=LOCK_WAIT_SECONDS,
    show_default=True,
    help="Số giây chờ khi một lần dựng khác đang chạy trong thư mục này "
    "(seconds to wait for another build in this folder).",
)
@click.option(
    "--partition",
    metavar="TỈNH",
    help="Chỉ dựng lát cắt của một tỉnh, thành phố hiện nay (slug) vào --out; 'list' in danh "
    "sách lát cắt dạng JSON (build one province's slice into --out; 'list' prints them).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục của lát cắt (the slice's folder).",
)
@click.option(
    "--merge",
    is_flag=True,
    help="Ghép các lát cắt (các thư mục theo sau) với phần chung vào site/ "
    "(merge the slice folders that follow with the shared part into site/).",
)
@click.argument("slices", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
def build_command(
    root: Path,
    today: dt.datetime | None,
    clean: bool,
    lang: Lang,
    timings: bool,
    wait: float,
    partition: str | None,
    out: Path | None,
    merge: bool,
    slices: tuple[Path, ...],
) -> None:
    """Check, render and build the site; on any error leave site/ untouched and exit 1."""
    global _EXIT_AT_ONCE
    _EXIT_AT_ONCE = True  # nothing of this command needs cleaning up at exit
    if partition is not None or out is not None or merge or slices:
        from generator.commands.partitioned import build_partitioned

        build_partitioned(root, _today_option(today), clean, lang, timings, wait, partition, out,
                          merge, slices)  # fmt: skip
        return
    from generator.commands.buildstart import build_project
    from generator.commands.outcome import BuildError, build_failed, echo_timings
    from generator.progress import make_progress

    progress = make_progress(lang)  # on stderr: a bar on a terminal, plain lines in CI
    try:
        result = build_project(
            root, today=_today_option(today), clean=clean, wait=wait, progress=progress
        )
    except BuildError as exc:
        progress.finish()
        build_failed(exc, lang)
    finally:
        progress.finish()  # also on Ctrl+C: the terminal gets its cursor back
    site = result.site
    for problem in result.report:
        click.echo(problem.format(lang))
    if not result.built:
        click.echo(_summary(result.report, site, lang))
        sys.exit(1)
    stats = result.docs
    click.echo(
        say(
            "cli.built", lang, pages=result.pages, redirects=result.extra_pages,
            today=result.today, written=stats.written, removed=stats.removed,
            seconds=f"{result.seconds:.1f}",
        )
    )  # fmt: skip
    if timings:
        echo_timings(result.timings)


@cli.command("serve", help="Xem trước và tự dựng lại khi sửa (live preview).")
@_ROOT
@_TODAY
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="Địa chỉ máy chủ xem trước (host:port).",
)
@click.option(
    "--lang",
    type=_LANG_CHOICE,
    default=_default_lang,
    show_default="vi",
    help="Ngôn ngữ thông báo, cả trên trang xem trước (message language).",
)
def serve_command(root: Path, today: dt.datetime | None, dev_addr: str, lang: Lang) -> None:
    """Build, serve locally and rebuild when sources change; errors show on every page."""
    from generator.commands.build import serve_project

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        hint = "dạng host:port, ví dụ 127.0.0.1:8000"
        hint = hint if lang == "vi" else "host:port, e.g. 127.0.0.1:8000"
        raise click.BadParameter(hint, param_hint="--dev-addr")
    serve_project(root, host=host, port=int(port), today=_today_option(today), lang=lang)


# --- editors' tools: new, schema, import, diff (issue #7) ---------------------------------------

_LANG = click.option(
    "--lang",
    type=_LANG_CHOICE,
    default=_default_lang,
    show_default="vi",
    help="Ngôn ngữ thông báo (message language).",
)
_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _date_option(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


@cli.group("new", help="Tạo tệp hồ sơ hoặc phong trào mới (scaffold a profile or campaign).")
def new_group() -> None:
    """The `new` subcommands."""


@new_group.command("profile", help="Tạo hồ sơ mới, hỏi từng mục còn thiếu (new profile).")
@_ROOT
@_LANG
@click.option("--kind", type=click.Choice(["individual", "collective", "model", "household"]))
@click.option("--name", help="Họ và tên, tên tập thể/mô hình, hoặc 'Hộ ông …' (hộ gia đình).")
@click.option("--province", help="Tỉnh/thành phố.")
@click.option("--district", help="Huyện/quận (chỉ trước 2025-07-01).")
@click.option("--commune", help="Xã/phường.")
@click.option("--as-of", "as_of", type=_DATE, help="Ngày ghi nhận địa danh (YYYY-MM-DD).")
@click.option("--award", help="Khen thưởng: mã hoặc tên, ví dụ 'HCLĐ hạng Ba'.")
@click.option("--class", "award_class", type=click.Choice(["nhat", "nhi", "ba"]), help="Hạng.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Năm khen thưởng.")
@click.option("--decision-number", help="Số quyết định.")
@click.option("--decision-date", type=_DATE, help="Ngày quyết định (YYYY-MM-DD).")
@click.option("--position", help="Chức vụ, nghề nghiệp.")
@click.option("--unit", help="Cơ quan, đơn vị.")
@click.option("--campaign", help="Mã phong trào thi đua.")
@click.option("--slug", help="Slug tự chọn (mặc định: từ tên).")
@click.option(
    "--publish",
    is_flag=True,
    help="Công bố ngay (status: published; cần --award). Mặc định: bản nháp (draft).",
)
@click.option(
    "--allow-duplicate",
    is_flag=True,
    help="Vẫn tạo khi đã có hồ sơ cùng tên, cùng xã hoặc cùng quyết định (người trùng tên).",
)
@click.option("--yes", "-y", is_flag=True, help="Không hỏi; thiếu mục bắt buộc thì dừng.")
def new_profile_command(
    root: Path,
    lang: Lang,
    kind: str | None,
    name: str | None,
    province: str | None,
    district: str | None,
    commune: str | None,
    as_of: dt.datetime | None,
    award: str | None,
    award_class: str | None,
    year: int | None,
    decision_number: str | None,
    decision_date: dt.datetime | None,
    position: str | None,
    unit: str | None,
    campaign: str | None,
    slug: str | None,
    publish: bool,
    allow_duplicate: bool,
    yes: bool,
) -> None:
    """Scaffold profiles/<province>/<slug>.yml and check it."""
    from generator.editors.scaffold import Abort, ProfileRequest, create_profile

    request = ProfileRequest(
        kind=kind,
        name=name,
        province=province,
        district=district,
        commune=commune,
        as_of=_date_option(as_of),
        award=award,
        award_class=award_class,
        year=year,
        decision_number=decision_number,
        decision_date=_date_option(decision_date),
        position=position,
        unit=unit,
        campaign=campaign,
        slug=slug,
        publish=publish,
        allow_duplicate=allow_duplicate,
    )
    try:
        clean = create_profile(root, request, interactive=not yes, lang=lang)
    except Abort as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    sys.exit(0 if clean else 1)


@new_group.command("campaign", help="Tạo trang phong trào thi đua mới (new campaign page).")
@_ROOT
@_LANG
@click.option("--title", help="Tên phong trào.")
@click.option("--short-name", help="Tên ngắn.")
@click.option("--launched-by", help="Cơ quan phát động.")
@click.option(
    "--level", type=click.Choice(["national", "ministry", "province", "commune", "organisation"])
)
@click.option("--start", type=_DATE, help="Ngày bắt đầu (YYYY-MM-DD).")
@click.option("--end", type=_DATE, help="Ngày kết thúc (YYYY-MM-DD).")
@click.option("--province", help="Tỉnh (phong trào cấp tỉnh).")
@click.option("--slug", help="Slug tự chọn (mặc định: từ tên ngắn hoặc tên).")
@click.option("--yes", "-y", is_flag=True, help="Không hỏi; thiếu mục bắt buộc thì dừng.")
def new_campaign_command(
    root: Path,
    lang: Lang,
    title: str | None,
    short_name: str | None,
    launched_by: str | None,
    level: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    province: str | None,
    slug: str | None,
    yes: bool,
) -> None:
    """Scaffold content/campaigns/<slug>.md and check it."""
    from generator.editors.scaffold import Abort, CampaignRequest, create_campaign

    request = CampaignRequest(
        title=title,
        short_name=short_name,
        launched_by=launched_by,
        level=level,
        start=_date_option(start),
        end=_date_option(end),
        province=province,
        slug=slug,
    )
    try:
        clean = create_campaign(root, request, interactive=not yes, lang=lang)
    except Abort as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    sys.exit(0 if clean else 1)


@cli.command("schema", help="Ghi JSON Schema của hồ sơ và phong trào (write the JSON Schemas).")
@_ROOT
@_LANG
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi (mặc định: schemas/ trong dự án).",
)
def schema_command(root: Path, lang: Lang, out: Path | None) -> None:
    """Write schemas/profile.schema.json and schemas/campaign.schema.json."""
    from generator.editors.schema import DEFAULT_DIR, write_schemas

    folder = out if out is not None else root / DEFAULT_DIR
    changed = write_schemas(root, folder)
    for path in changed:
        click.echo(say("schemafile.written", lang, path=path))
    if not changed:
        click.echo(say("schemafile.unchanged", lang, out=folder))


@cli.command("rules", help="In bảng quy tắc pháp lý mà lệnh check áp dụng (the legal rules).")
@_LANG
def rules_command(lang: Lang) -> None:
    """Print, as Markdown, every legal rule the check applies (docs/quy-tac-phap-ly.md)."""
    from generator.editors.rulebook import rules_markdown
    from generator.reference.taxonomy import load_taxonomy

    click.echo(rules_markdown(load_taxonomy(), lang), nl=False)


@cli.command("limits", help="Kiểm tra site/ có vừa giới hạn của nơi lưu trữ (host limits).")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default="site",
    show_default=True,
    help="Thư mục trang đã dựng (the built site).",
)
@click.option(
    "--host",
    "hosts",
    type=click.Choice(sorted(HOSTS)),
    multiple=True,
    default=("github-pages",),
    show_default=True,
    help="Nơi lưu trữ, có thể lặp lại (host; repeatable).",
)
@_LANG
def limits_command(site_dir: Path, hosts: tuple[str, ...], lang: Lang) -> None:
    """Print site/'s size and files; exit 1 when it passes a host's limits."""
    size = measure(site_dir)
    vi = lang == "vi"
    mb, largest = size.total_bytes / 1e6, size.largest[1] / 1e6
    click.echo(
        f"{site_dir}: {mb:,.1f} MB, {size.files:,} tệp, lớn nhất {size.largest[0]} {largest:.1f} MB"
        if vi
        else f"{site_dir}: {mb:,.1f} MB, {size.files:,} files, largest {size.largest[0]} "
        f"{largest:.1f} MB"
    )
    what = {
        "bytes": ("dung lượng", "size"),
        "files": ("số tệp", "files"),
        "file_bytes": ("tệp lớn nhất", "largest file"),
    }
    failed = False
    for key in hosts:
        host = HOSTS[key]
        for name, measured, limit in over_limits(size, host):
            failed = True
            label = what[name][0 if vi else 1]
            click.echo(
                f"{host.name}: {label} {measured:,} vượt giới hạn {limit:,}"
                if vi
                else f"{host.name}: {label} {measured:,} over the limit of {limit:,}",
                err=True,
            )
    if failed:
        sys.exit(1)
    click.echo("Vừa giới hạn của nơi lưu trữ." if vi else "Within the host's limits.")


@cli.command("import", help="Nhập danh sách khen thưởng từ tệp .xlsx/.csv (import a roll).")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_ROOT
@_LANG
@click.option("--sheet", help="Tên trang tính (mặc định: trang đầu có dòng tiêu đề).")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tệp ánh xạ YAML: tên cột lạ, giá trị mặc định, cách ghi khen thưởng riêng.",
)
@click.option("--dry-run", is_flag=True, help="Chỉ xem trước, không ghi tệp nào.")
@click.option(
    "--write",
    "--no-dry-run",
    "write",
    is_flag=True,
    help=f"Ghi cả khi bảng dài hơn {LARGE_IMPORT_ROWS} dòng (bảng dài mặc định chỉ chạy thử).",
)
@click.option("--update", is_flag=True, help="Thêm khen thưởng mới vào hồ sơ đã có.")
@click.option("--province", help="Tỉnh mặc định cho dòng không ghi tỉnh.")
@click.option("--as-of", "as_of", type=_DATE, help="Ngày ghi nhận địa danh (mặc định: ngày QĐ).")
@click.option("--campaign", help="Mã phong trào gán cho mọi khen thưởng nhập.")
@click.option(
    "--decision",
    is_flag=True,
    help="Bảng là danh sách của một quyết định: ghi một tệp decisions/<slug>.yml "
    "(one decision's list, imported as one decision file).",
)
@click.option("--issuer", help="Với --decision: người ký, ví dụ “Chủ tịch UBND xã …”.")
@click.option(
    "--issuer-level",
    type=click.Choice(
        ["state", "government", "ministry", "province", "district", "commune", "organisation"]
    ),
    help="Với --decision: cấp quyết định (mặc định: suy ra từ người ký).",
)
def import_command(
    source: Path,
    root: Path,
    lang: Lang,
    sheet: str | None,
    mapping: Path | None,
    dry_run: bool,
    write: bool,
    update: bool,
    province: str | None,
    as_of: dt.datetime | None,
    campaign: str | None,
    decision: bool,
    issuer: str | None,
    issuer_level: str | None,
) -> None:
    """Read the roll, write profiles (or, with --decision, one decision file) that pass the
    check, report every row that did not."""
    from generator.editors.importer import run_import
    from generator.editors.importreport import format_result
    from generator.editors.rows import ImportOptions

    options = ImportOptions(
        source=source,
        sheet=sheet,
        mapping=mapping,
        dry_run=dry_run,
        write=write,
        update=update,
        province=province,
        as_of=_date_option(as_of),
        campaign=campaign,
        decision=decision,
        issuer=issuer,
        issuer_level=issuer_level,
    )
    from generator.progress import make_progress

    progress = make_progress(lang)  # on stderr: a bar on a terminal, plain lines in CI
    try:
        result = run_import(root, options, progress)
    finally:
        progress.finish()
    click.echo(format_result(result, lang))
    sys.exit(0 if result.ok else 1)


@cli.command("diff", help="Thay đổi trên bảng vàng so với một phiên bản git (for a PR comment).")
@_ROOT
@_LANG
@click.option("--base", help="Phiên bản git để so (mặc định: origin/main nếu có, không thì HEAD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "text"]),
    default="markdown",
    show_default=True,
    help="Định dạng (output format).",
)
def diff_command(root: Path, lang: Lang, base: str | None, fmt: str) -> None:
    """Print what the working tree changes on the roll compared with a git revision."""
    from generator.editors.diff import diff_roll
    from generator.editors.diffreport import format_markdown, format_text
    from generator.editors.revisions import GitError

    try:
        result = diff_roll(root, base, lang)
    except GitError as exc:
        click.echo(say("diff.git_error", lang, reason=exc), err=True)
        sys.exit(2)
    click.echo(
        format_markdown(result, lang) if fmt == "markdown" else format_text(result, lang), nl=False
    )


def main() -> None:
    """Console entry point."""
    # A build holds hundreds of thousands of long-lived objects (the model, page caches):
    # collecting them every 700 allocations cost 1-2 s of a 10,000-profile rebuild.
    gc.set_threshold(100_000, 50, 1_000)
    try:
        cli(prog_name="vinhdanh")  # standalone: always ends in SystemExit
    except SystemExit as exc:
        if not _EXIT_AT_ONCE:
            raise
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        # Freeing a build's heap object by object took another 1.5 s at 10,000 profiles: its
        # files are written and closed, so the process ends at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
