"""mkdocs.yml: the MkDocs configuration derived from site_config.yml (generated, never
hand-written); values Material prints raw are escaped."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from generator.model.entries import Site
from generator.model.urls import SITE_FEED_PATH, safe_http_url
from generator.templating.i18n import PERMALINK_TITLE, TO_DARK, TO_LIGHT, theme_words
from generator.templating.sanitise import escape_text


class _PythonName:
    """A `!!python/name:` reference in mkdocs.yml (MkDocs' loader resolves it)."""

    def __init__(self, name: str) -> None:
        self.name = name


class _ConfigDumper(yaml.SafeDumper):
    """A safe dumper that can also write `!!python/name:` references."""


def _represent_python_name(dumper: yaml.SafeDumper, value: _PythonName) -> yaml.ScalarNode:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.name}", "")


_ConfigDumper.add_representer(_PythonName, _represent_python_name)


NAV = [
    {"Trang chủ": "index.md"},
    {
        "Tìm kiếm": "tim-kiem/index.md"
    },  # generator.search.records; in the nav so every page links it
    {"Phong trào thi đua": "phong-trao/index.md"},
    {"Danh sách vinh danh": "danh-sach/index.md"},
    {"Thống kê": "thong-ke/index.md"},  # generator.model.statistics
    {"Lấy ý kiến": "lay-y-kien/index.md"},
    {"Giới thiệu": "gioi-thieu/index.md"},
    {"Dữ liệu mở": "du-lieu/index.md"},  # written by generator.opendata.publish
]
# gitignore-style: everything reached through listings rather than the nav.
NOT_IN_NAV = "/ho-so/\n/phong-trao/*/\n/danh-sach/*/\n/quyet-dinh/\n/lay-y-kien/*/\n"
# The English edition's nav: the same pages under en/ (partials/nav-item.html links an English
# page's nav to them), titled from this table by their Vietnamese page's url.
NAV_EN = {
    "": "Home",
    "tim-kiem/": "Search",
    "phong-trao/": "Emulation campaigns",
    "danh-sach/": "Honour rolls",
    "thong-ke/": "Statistics",
    "lay-y-kien/": "Public comment",
    "gioi-thieu/": "About",
    "du-lieu/": "Open data",
}
# Material's colour schemes: the reader's system preference picks one, the header's toggle
# (partials/palette.html, named in Vietnamese) switches and remembers it. Each toggle names the
# scheme it switches *to*. Dark-mode colours of our own blocks: theme/assets/stylesheets.
PALETTE: list[dict[str, Any]] = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": TO_DARK},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": TO_LIGHT},
    },
]


def mkdocs_config(site: Site) -> dict[str, Any]:
    """The MkDocs configuration derived from site_config.yml (values Material prints raw are
    escaped)."""
    config = site.config
    owner = escape_text(config.owner)
    licence = escape_text(config.data_licence.name)
    extra: dict[str, Any] = {
        "generator": False,
        "illustrative": config.illustrative,
        "feed": {"path": SITE_FEED_PATH, "title": f"{escape_text(config.site_name)} (Atom)"},
    }
    not_in_nav = NOT_IN_NAV
    if config.english_edition:
        extra["english"] = english_extra(site)
        not_in_nav += "/en/\n"  # reached by the language switch, its nav by partials/nav-item
    return {
        "site_name": escape_text(config.site_name),
        "site_url": safe_http_url(config.site_url) or "",
        "site_description": escape_text(config.site_description),
        "site_author": owner,
        "copyright": f"© {owner} · Dữ liệu: {licence}"
        + (
            f" · Nội dung: {escape_text(config.content_licence.name)}"
            if config.content_licence is not None
            else ""
        ),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": "vi",
            "font": False,
            "custom_dir": "overrides",
            "features": ["navigation.top"],
            # A copy: whoever changes the returned config must not change the next one.
            "palette": copy.deepcopy(PALETTE),
        },
        "plugins": [],
        "nav": NAV,
        "not_in_nav": not_in_nav,
        "markdown_extensions": [
            {
                "toc": {
                    "slugify": _PythonName("generator.templating.sanitise.toc_slugify"),
                    "permalink": True,
                    "permalink_title": PERMALINK_TITLE,
                }
            },
            "attr_list",
            "md_in_html",
            "tables",
        ],
        "extra": extra,
    }


def english_extra(site: Site) -> dict[str, Any]:
    """What the theme prints on the English edition's pages instead of the configuration's
    Vietnamese values (escaped, as Material prints them raw): the site's name, description,
    owner and copyright, the nav's titles; each falls back to the Vietnamese value."""
    config = site.config
    en = config.en
    owner = escape_text((en.owner if en else None) or config.owner)
    name = escape_text((en.site_name if en else None) or config.site_name)
    licence = escape_text(config.data_licence.id)
    content = config.content_licence
    return {
        "site_name": name,
        "site_description": escape_text(
            (en.site_description if en else None) or config.site_description
        ),
        "owner": owner,
        "copyright": f"© {owner} · Data: {licence}"
        + (f" · Content: {escape_text(content.id)}" if content is not None else ""),
        "nav": dict(NAV_EN),
        # The theme's own words in English (its overrides print `vd_words[…]`), escaped:
        # Material prints extra values raw.
        "words": {vi: escape_text(en) for vi, en in theme_words("en").items()},
    }


def render_mkdocs_config(site: Site) -> str:
    """mkdocs.yml text; generated, never hand-written."""
    head = "# Generated by `vinhdanh build` from site_config.yml; edits here are overwritten.\n"
    body = yaml.dump(
        mkdocs_config(site),
        Dumper=_ConfigDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return head + body
