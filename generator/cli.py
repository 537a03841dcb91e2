"""The `vinhdanh` command line: thin wrappers that call the stages in order."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from generator.build import BuildError, build_project, serve_project
from generator.errors import Lang, Report
from generator.model import build_site

_LANG_CHOICE = click.Choice(["vi", "en"])


def _default_lang() -> str:
    lang = os.environ.get("VINHDANH_LANG", "vi")
    return lang if lang in ("vi", "en") else "vi"


def _summary(report: Report, profiles: int, campaigns: int, lang: Lang) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    if lang == "vi":
        head = f"Đã kiểm tra {profiles} hồ sơ, {campaigns} phong trào: "
        if errors:
            return head + f"{errors} lỗi, {warnings} cảnh báo."
        return head + (f"không có lỗi ({warnings} cảnh báo)." if warnings else "không có lỗi.")
    head = f"Checked {profiles} profiles, {campaigns} campaigns: "
    if errors:
        return head + f"{errors} errors, {warnings} warnings."
    return head + (f"no errors ({warnings} warnings)." if warnings else "no errors.")


@click.group(help="vinhdanh — bảng vàng thi đua, khen thưởng (static honour-roll site generator).")
@click.version_option(package_name="vinhdanh")
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
def check(root: Path, lang: Lang, strict: bool, fmt: str) -> None:
    """Validate and cross-reference all sources; exit 1 on errors."""
    site, report = build_site(root)
    profiles = len(site.entries) if site else 0
    campaigns = len(site.campaigns) if site else 0
    if fmt == "json":
        click.echo(report.to_json(lang))
    else:
        for problem in report:
            click.echo(problem.format(lang))
        click.echo(_summary(report, profiles, campaigns, lang))
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
def build_command(root: Path, today: dt.datetime | None, clean: bool, lang: Lang) -> None:
    """Check, render and build the site; on any error leave site/ untouched and exit 1."""
    try:
        result = build_project(root, today=_today_option(today), clean=clean)
    except BuildError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        click.echo(
            "Dựng trang thất bại; site/ giữ nguyên."
            if lang == "vi"
            else "Build failed; site/ left unchanged.",
            err=True,
        )
        sys.exit(1)
    site = result.site
    for problem in result.report:
        click.echo(problem.format(lang))
    if not result.built:
        profiles = len(site.entries) if site else 0
        campaigns = len(site.campaigns) if site else 0
        click.echo(_summary(result.report, profiles, campaigns, lang))
        sys.exit(1)
    stats = result.docs
    if lang == "vi":
        click.echo(
            f"Đã dựng {result.pages} trang (+{result.extra_pages} trang chuyển hướng) "
            f"vào site/ ngày {result.today}: {stats.written} tệp ghi mới, "
            f"{stats.removed} tệp xóa, {result.seconds:.1f} giây."
        )
    else:
        click.echo(
            f"Built {result.pages} pages (+{result.extra_pages} redirect pages) into "
            f"site/ as of {result.today}: {stats.written} files written, "
            f"{stats.removed} removed, {result.seconds:.1f} s."
        )


@cli.command("serve", help="Xem trước và tự dựng lại khi sửa (live preview).")
@_ROOT
@_TODAY
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="Địa chỉ máy chủ xem trước (host:port).",
)
def serve_command(root: Path, today: dt.datetime | None, dev_addr: str) -> None:
    """Build, serve locally and rebuild when sources change."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("dạng host:port, ví dụ 127.0.0.1:8000", param_hint="--dev-addr")
    click.echo(f"Xem trước tại http://{host}:{port}/ (Ctrl+C để dừng)")
    serve_project(root, host=host, port=int(port), today=_today_option(today))


def main() -> None:
    """Console entry point."""
    cli(prog_name="vinhdanh")
