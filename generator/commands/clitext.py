"""click's own words in Vietnamese: "Usage:", "Options:", "Show this message and exit.",
"Error: No such option", "Missing argument"…; English with --lang en or VINHDANH_LANG=en.

click marks its strings for gettext (`from gettext import gettext as _` in each module) but
ships no catalogue. A compiled .mo under the process-wide "messages" domain would translate
other libraries too, so each click module's `_` and `ngettext` are pointed at this catalogue.
The language is read from the command line before click parses it: `--help` is answered while
parsing, before any `--lang` option reaches its command.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import click

from generator.errors import Lang

# click's English -> Vietnamese. Vietnamese has no plural forms: ngettext's messages are keyed
# by the singular, and use only the fields the plural is given too.
CLICK_VI: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để biết cách dùng.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu lệnh.",
    "Got unexpected extra argument ({args})": "Thừa tham số không cần ({args})",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng nhận được {len}.",
    "{value!r} is not {choice}.": "{value!r} không thuộc các giá trị {choices}.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {formats}.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải là giá trị đúng/sai. Giá trị nhận được: {states}"
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "Cần {len_type} giá trị, nhưng nhận được {len_value}."
    ),
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "Không có {name} {filename!r}.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {name} {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "Aborted!": "Đã dừng!",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Do you want to continue?": "Tiếp tục không?",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "deprecated": "không dùng nữa",
}
# A help text set when the command tree was declared, in the language it was declared in:
# its English, to translate it again when the language changes.
_ENGLISH_OF = {vi: en for en, vi in CLICK_VI.items()}
_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
    "click._termui_impl",
)

_language: Lang = "vi"


def gettext(message: str) -> str:
    """click's `_`: `message` in the current language."""
    return CLICK_VI.get(message, message) if _language == "vi" else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """click's `ngettext`: one Vietnamese form, two English ones."""
    english = singular if count == 1 else plural
    return CLICK_VI.get(singular, english) if _language == "vi" else english


def use_language(lang: Lang) -> None:
    """Make click speak `lang` from now on."""
    global _language
    _language = lang
    for name in _CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def language_of(args: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """The language a command line asks for: its last --lang, else VINHDANH_LANG, else vi."""
    chosen = environ.get("VINHDANH_LANG", "vi")
    for index, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif word.startswith("--lang="):
            chosen = word.removeprefix("--lang=")
    return "en" if chosen == "en" else "vi"


def _relabel(command: click.Command) -> None:
    """Help texts click filled in when the tree was declared, in the current language."""
    for param in command.params:
        # Options carry help in every click 8 (arguments only from 8.5, and ours have none).
        if not isinstance(param, click.Option):
            continue
        text = param.help
        if isinstance(text, str) and (text in CLICK_VI or text in _ENGLISH_OF):
            param.help = gettext(_ENGLISH_OF.get(text, text))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _relabel(sub)


class LocalisedCommand(click.Command):
    """A command whose built-in --help option speaks the current language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """click's --help option, its text in the current language (it is made once)."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = gettext("Show this message and exit.")
        return option


class LocalisedGroup(LocalisedCommand, click.Group):
    """The `vinhdanh` group: picks the language before click reads the command line."""

    command_class = LocalisedCommand
    group_class = type  # subgroups are LocalisedGroup too

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Run the command line in the language it asks for."""
        words = list(sys.argv[1:] if args is None else args)
        use_language(language_of(words, os.environ))
        _relabel(self)
        return super().main(args, *rest, **extra)
