"""Refresh the msgids of generator/locale/en.po from the templates, theme, pages and labels.

    python tools/update_catalogue.py

Keeps every English already written, adds the new Vietnamese strings with an empty msgstr (to
be translated: tests/test_english_words.py fails until they are), drops the strings no longer
used, and writes the entries sorted with where each is used, so a diff shows what changed. A
count's words (`ngettext`) get `msgid_plural` and two msgstr (the header's Plural-Forms: one,
other); a word with a context (`pgettext`) its `msgctxt`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from generator.templating.i18n import Msgid, extract_messages, read_catalogue

CATALOGUE = Path(__file__).resolve().parent.parent / "generator" / "locale" / "en.po"

# Written by hand, not by babel: babel's header carries the time of writing (the file must
# change only when its strings do) and placeholders nobody fills in.
HEADER = """\
# English edition of the vinhdanh interface. msgid: the Vietnamese the templates hold;
# msgstr: its English. Refresh the msgids with `python tools/update_catalogue.py`;
# tests/test_english_words.py fails when a msgid has no English.
msgid ""
msgstr ""
"Project-Id-Version: vinhdanh\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def _file(where: str) -> str:
    """ "templates/home.md:3" → "templates/home.md"; "label SECTORS" → "label:SECTORS"."""
    path, _, line = where.rpartition(":")
    return path if line.isdigit() else where.replace(" ", ":")


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _translated(string: str | tuple[str, ...]) -> bool:
    """True when every form of the English is written (a count's singular and plural)."""
    return all(string) if isinstance(string, tuple) else bool(string)


def _kept(old: Catalog, msgid: Msgid) -> str | tuple[str, str]:
    """The English already written for `msgid`, when it is of the same shape (a plain string,
    or a singular and a plural); else empty, to be written."""
    kept = old.get(msgid.text, context=msgid.context)
    if msgid.plural is None:
        return kept.string if kept is not None and isinstance(kept.string, str) else ""
    if kept is not None and isinstance(kept.string, tuple) and len(kept.string) == 2:
        return (kept.string[0], kept.string[1])
    return ("", "")


def main() -> int:
    """Rewrite the catalogue; print what was added and dropped."""
    old = read_catalogue("en")
    found = extract_messages()
    new = Catalog(locale="en")
    for msgid in sorted(found, key=lambda m: (m.text, m.context or "")):
        new.add(
            msgid.babel_id,
            _kept(old, msgid),
            # Files without line numbers: an edit elsewhere in a template must not churn the
            # catalogue.
            locations=[(place, None) for place in sorted({_file(w) for w in found[msgid]})],
            context=msgid.context,
        )
    added = [m.text for m in found if old.get(m.text, context=m.context) is None]
    used = {(m.text, m.context) for m in found}
    dropped = [_singular(m.id) for m in old if m.id and (_singular(m.id), m.context) not in used]
    buffer = io.BytesIO()
    write_po(buffer, new, width=100, omit_header=True, sort_output=True, include_lineno=False)
    CATALOGUE.write_bytes(HEADER.encode() + buffer.getvalue())
    untranslated = [_singular(m.id) for m in new if m.id and not _translated(m.string)]
    print(
        f"{len(found)} strings, {len(added)} new, {len(dropped)} dropped, "
        f"{len(untranslated)} without English"
    )
    for msgid in untranslated:
        print(f"  to translate: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
