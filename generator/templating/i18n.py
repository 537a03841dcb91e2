"""The interface's words in each edition: gettext catalogues whose msgids are the Vietnamese.

The Vietnamese edition is the source: its templates hold Vietnamese text and translate it with
`NullTranslations`, which hands every msgid back unchanged, so Vietnamese pages stay
byte-identical whatever is marked for translation. The English edition reads
``generator/locale/en.po`` (msgid = the Vietnamese, msgstr = the English), compiled in memory
once per process. ``tools/update_catalogue.py`` refreshes its msgids from the templates and the
Python labels; ``tests/test_english_words.py`` fails when one has no English.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterable
from importlib import resources
from typing import Final

import jinja2
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_LANGUAGE: Final = "vi"
LANGUAGES: Final = ("vi", "en")


def catalogue_text(language: str) -> bytes:
    """The PO file of `language` as shipped in the package."""
    return (resources.files("generator") / "locale" / f"{language}.po").read_bytes()


def read_catalogue(language: str) -> Catalog:
    """The catalogue of `language`, parsed by babel."""
    return read_po(io.BytesIO(catalogue_text(language)), locale=language)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The translations of an edition: none for Vietnamese (the msgids are Vietnamese), the
    PO catalogue for another language (fuzzy entries left out, as gettext does)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for language {language!r}")
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(language))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(language: str, message: str) -> str:
    """One fixed string (a Python label) in `language`."""
    return translations(language).gettext(message)


def translate_all(language: str, messages: Iterable[str]) -> dict[str, str]:
    """Each of `messages` in `language`, keyed by its Vietnamese."""
    table = translations(language)
    return {message: table.gettext(message) for message in messages}


def install(env: jinja2.Environment, language: str) -> None:
    """Give `env` the i18n extension (`{% trans %}`, `_()`) speaking `language`.

    Every environment gets the extension, Vietnamese included, so both editions run the same
    compiled templates (the bytecode cache is keyed by template, not by language)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = language
