"""The interface's words in each edition: gettext catalogues whose msgids are the Vietnamese.

The Vietnamese edition is the source: its templates hold Vietnamese text and translate it with
`NullTranslations`, which hands every msgid back unchanged, so Vietnamese pages stay
byte-identical whatever is marked for translation. The English edition reads
``generator/locale/en.po`` (msgid = the Vietnamese, msgstr = the English), compiled in memory
once per process. ``tools/update_catalogue.py`` refreshes its msgids from the templates and the
Python labels; ``tests/test_english_words.py`` fails when one has no English.
"""

from __future__ import annotations

import ast
import functools
import gettext
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Final

import jinja2
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

SOURCE_LANGUAGE: Final = "vi"
LANGUAGES: Final = ("vi", "en")

# The colour-scheme toggles' names (Material prints the configuration's; our partials/palette.html
# translates them): here, so that the catalogue's extraction sees them.
TO_DARK: Final = "Chuyển sang giao diện tối"
TO_LIGHT: Final = "Chuyển sang giao diện sáng"
# The title of the headings' permalinks (python-markdown's toc, one setting for every page).
PERMALINK_TITLE: Final = "Liên kết đến mục này"


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


def translate_count(language: str, singular: str, plural: str, n: int) -> str:
    """A count's words (a `Phrase.counted`'s msgid and plural) in `language`, the form `n` takes."""
    return translations(language).ngettext(singular, plural, n)


def install(env: jinja2.Environment, language: str) -> None:
    """Give `env` the i18n extension (`{% trans %}`, `_()`) speaking `language`.

    Every environment gets the extension, Vietnamese included, so both editions run the same
    compiled templates (the bytecode cache is keyed by template, not by language)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = language
    if isinstance(env.autoescape, bool):
        # `_()` as the extension's newstyle gettext makes it, but a plain function: Jinja's
        # alias takes the context to look `gettext` up and call it with the context again
        # (~40 calls a page, issue #21); `{% trans %}` still calls the extension's.
        env.globals["_"] = _newstyle_gettext(translations(language).gettext, env.autoescape)


def _newstyle_gettext(find: Callable[[str], str], autoescape: bool) -> Callable[..., str]:
    """jinja2.ext's newstyle `gettext` for an environment that always or never escapes."""

    def translated(string: str, /, **variables: object) -> str:
        text = find(string)
        if not variables and "%" not in text:
            return Markup(text) if autoescape else text  # what `% {}` would give, 2 µs less
        # Always a format string, as Jinja's: "%%" is "%" with or without variables.
        return (Markup(text) if autoescape else text) % variables

    return translated


# --- the catalogue's msgids ----------------------------------------------------------------------

# The page templates (the press kit's and feeds' under opendata/ are Vietnamese only), the theme
# (MkDocs' own environment: `vd_words["…"]`, see `theme_words`), and the page modules
# (`r.t("…")`: titles and descriptions given in front matter).
_TEMPLATE_OPTIONS: Final = {
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
    "newstyle_gettext": "true",
    "silent": "false",
}
_KEYWORDS: Final = {
    "_": None,
    "gettext": None,
    # A count's words: `ngettext("%(num)s hồ sơ", "%(num)s hồ sơ", n)` (the Vietnamese twice, the
    # same: Vietnamese has no plural; en.po gives "%(num)s profile" / "%(num)s profiles").
    "ngettext": (1, 2),
    # One Vietnamese word with two meanings in English ("Trang thông tin": a model's website, a
    # search result's information page): `pgettext("context", "…")` keeps them apart.
    "pgettext": ((1, "c"), 2),
    "t": None,
    "vd_words": None,  # extract_theme's
    "translate": (2,),
}


# The modules whose Vietnamese string constants are the statistics' words.
STATISTICS_MODULES: Final = (
    "statistics.py",
    "statsections.py",
    "statsfigures.py",
    "overawarding.py",
    "clusterfigures.py",
    "tally.py",
    "areaclasses.py",  # the automatic sources' titles
)
_VIETNAMESE_LETTER: Final = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)


def extract_vietnamese(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str | tuple[str, str], list[str]]]:
    """Babel extraction method of a module's Vietnamese string constants: the statistics'
    titles, labels, notes and phrases, a `Phrase.counted(msgid, plural, …)`'s two as one
    entry with a plural (as `ngettext`). Left out: docstrings, f-strings' pieces, and the words
    of a `frozenset(…)` (words matched in data, never shown)."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        counted = _counted_phrase(node)
        if counted is not None:
            singular, plural = counted
            skipped.update((id(singular), id(plural)))
            yield singular.lineno, "ngettext", (str(singular.value), str(plural.value)), []
        matched = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "frozenset"
        )
        if isinstance(node, ast.JoinedStr) or matched:
            skipped.update(id(part) for part in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and _VIETNAMESE_LETTER.search(node.value)
        ):
            yield node.lineno, "_", node.value, []


def _counted_phrase(node: ast.AST) -> tuple[ast.Constant, ast.Constant] | None:
    """The msgid and plural of a `Phrase.counted("…", "…", n, …)` call, else None."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "counted"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "Phrase"
        and len(node.args) >= 2
    ):
        return None
    singular, plural = node.args[:2]
    if not (
        isinstance(singular, ast.Constant)
        and isinstance(singular.value, str)
        and isinstance(plural, ast.Constant)
        and isinstance(plural.value, str)
    ):
        raise ValueError(f"line {node.lineno}: Phrase.counted's msgid and plural must be text")
    return singular, plural


def _package() -> Path:
    return Path(str(resources.files("generator")))


def _sources() -> Iterator[tuple[str, Path, dict[str, str]]]:
    """(method, file, options) of every file whose marked strings the catalogue holds."""
    package = _package()
    for path in sorted((package / "templates").glob("*")):
        if path.suffix in (".md", ".html"):
            yield "jinja2.ext:babel_extract", path, _TEMPLATE_OPTIONS
    # The profile's press block is in the page, the data page is a page (the press kit's and
    # the feeds' templates are not: they stay Vietnamese).
    for name in ("_press.html", "data.md"):
        yield "jinja2.ext:babel_extract", package / "templates/opendata" / name, _TEMPLATE_OPTIONS
    for path in sorted((package / "theme").rglob("*.html")):
        yield "generator.templating.i18n:extract_theme", path, {}
    for path in sorted((package / "pages").glob("*.py")):
        yield "python", path, {}
    yield "python", package / "search" / "records.py", {}  # the search page's title
    yield "python", package / "search" / "englishnames.py", {}  # the result lines' words
    # The statistics: the model's sections say their words as Vietnamese constants (titles,
    # labels, notes, `Phrase` msgids); the charts' sentences are `w.t("…")`.
    for name in STATISTICS_MODULES:
        yield "generator.templating.i18n:extract_vietnamese", package / "model" / name, {}
    yield "python", package / "templating" / "charts.py", {}
    yield "python", package / "opendata" / "datapage.py", {}  # the data page's title


def label_tables() -> dict[str, Mapping[str, object]]:
    """The Python tables whose Vietnamese labels templates translate with the `tr` filter."""
    from generator.model import entries, labels, resolved, rolls, statistics, statsfigures
    from generator.templating import charts, environment

    return {
        "KIND_NAMES": entries.KIND_NAMES,
        "DECISION_KIND_WORDS": entries.DECISION_KIND_WORDS,
        "WITHDRAWAL_LABELS": resolved.WITHDRAWAL_LABELS,
        "KIND_ROLL_TITLES": labels.KIND_ROLL_TITLES,
        "CAMPAIGN_STATUS": labels.CAMPAIGN_STATUS,
        "CAMPAIGN_LEVEL": labels.CAMPAIGN_LEVEL,
        "MILESTONE_NAMES": labels.MILESTONE_NAMES,
        "FACT_LABELS": labels.FACT_LABELS,
        "NOTICES": {"notice": labels.PROPOSAL_NOTICE, "not_decided": labels.NOT_DECIDED},
        "FACET_LABELS": labels.FACET_LABELS,
        "WINDOW_LABELS": environment.WINDOW_LABELS,
        "PALETTE": {"dark": TO_DARK, "light": TO_LIGHT},
        "ROLL_GROUPS": rolls.ROLL_GROUPS,
        "ROLL_TITLES": {"provinces": rolls.PROVINCE_INDEX_TITLE},
        "ROLL_INTROS": {"current": rolls.CURRENT_UNITS_INTRO, **rolls.PLACE_ROLL_INTROS},
        # (slug, title) pairs: the titles only.
        "PLACE_ROLLS": {k: title for k, (_slug, title) in statistics.PLACE_ROLLS.items()},
        "ROLE_ROLLS": {k: title for k, (_slug, title) in statistics.ROLE_ROLLS.items()},
        "AREA_ROLLS": {k: title for k, (_slug, title) in statistics.AREA_ROLLS.items()},
        "PERMALINK": {"title": PERMALINK_TITLE},
        "MILESTONE_LABELS": charts.MILESTONE_LABELS,
        # "Nam" has no letter only Vietnamese writes: the statistics' extraction would miss it.
        "GENDER_LABELS": statsfigures.GENDER_LABELS,
        # Row labels of the statistics and titles of their rolls (Art. 8 commendation types).
        "TYPE_LABELS": statsfigures.TYPE_LABELS,
        # The statistics' lines of their own (generator.model.statistics.place_key).
        "PLACE_LINES": {
            "unknown": resolved.UNKNOWN_PLACE_TEXT,
            "foreign": resolved.FOREIGN_PLACE_TEXT,
        },
    }


def _label_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _label_strings(item)


@dataclass(frozen=True)
class Msgid:
    """One entry the catalogue must hold: its Vietnamese, the plural's (an `ngettext`: the
    catalogue then gives a singular and a plural English) and its context (a `pgettext`)."""

    text: str
    plural: str | None = None
    context: str | None = None

    @property
    def babel_id(self) -> str | tuple[str, str]:
        """The id as babel's Catalog holds it: (singular, plural) for a count's words."""
        return (self.text, self.plural) if self.plural is not None else self.text


def extract_messages() -> dict[Msgid, list[str]]:
    """Every msgid the English catalogue must hold, with where it is used ("templates/home.md:3",
    "label SECTORS"). A text used both with and without a plural is an error: one catalogue
    entry cannot be both."""
    from babel.messages.extract import extract_from_file

    found: dict[Msgid, list[str]] = {}
    package = _package()
    for method, path, options in _sources():
        where = path.relative_to(package).as_posix()
        for line, message, _comments, context in extract_from_file(
            method, path, keywords=_KEYWORDS, options=options
        ):
            if isinstance(message, tuple):  # ngettext: singular and plural
                singular, plural = (str(m) for m in message[:2])
                key = Msgid(singular, plural, context)
            elif message:
                key = Msgid(message, None, context)
            else:
                continue
            found.setdefault(key, []).append(f"{where}:{line}")
    for table, labels in label_tables().items():
        for value in labels.values():
            for text in _label_strings(value):
                found.setdefault(Msgid(text), []).append(f"label {table}")
    counted = {(m.text, m.context) for m in found if m.plural is not None}
    both = sorted(m.text for m in found if m.plural is None and (m.text, m.context) in counted)
    if both:
        raise ValueError(f"used both with and without a plural (ngettext): {both}")
    return found


# The theme's words: `vd_words["Tìm kiếm"] | default("Tìm kiếm")`, `vd_words` being the table
# below on an English page (mkdocs.yml's extra.english.words) and empty on a Vietnamese one.
# The theme runs no Python of ours (plain MkDocs and other engines render it the same), so its
# English comes from the configuration, made from the catalogue.
_THEME_WORD = re.compile(r"""vd_words\[(["'])(.+?)\1\]""")


def extract_theme(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method of the theme's `vd_words["…"]`."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        for found in _THEME_WORD.finditer(line):
            yield number, "vd_words", found[2], []


@functools.cache
def theme_words(language: str) -> dict[str, str]:
    """The theme's words in `language`, keyed by their Vietnamese (the palette's toggles too)."""
    package = _package()
    messages = {TO_DARK, TO_LIGHT}
    for path in sorted((package / "theme").rglob("*.html")):
        messages.update(found[2] for found in _THEME_WORD.finditer(path.read_text("utf-8")))
    return {message: translate(language, message) for message in sorted(messages)}
