"""The `vinhdanh` command line: thin wrappers that call the stages in order."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

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


def main() -> None:
    """Console entry point."""
    cli(prog_name="vinhdanh")
