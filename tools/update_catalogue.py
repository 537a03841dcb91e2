"""Refresh the msgids of generator/locale/en.po from the templates, theme, pages and labels.

    python tools/update_catalogue.py

Keeps every English already written, adds the new Vietnamese strings with an empty msgstr (to
be translated: tests/test_english_words.py fails until they are), drops the strings no longer
used, and writes the entries sorted with where each is used, so a diff shows what changed.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from generator.templating.i18n import extract_messages, read_catalogue

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


def main() -> int:
    """Rewrite the catalogue; print what was added and dropped."""
    old = read_catalogue("en")
    found = extract_messages()
    new = Catalog(locale="en")
    for msgid in sorted(found):
        kept = old.get(msgid)
        new.add(
            msgid,
            kept.string if kept is not None else "",
            # Files without line numbers: an edit elsewhere in a template must not churn the
            # catalogue.
            locations=[(place, None) for place in sorted({_file(w) for w in found[msgid]})],
        )
    added = [m for m in found if old.get(m) is None]
    dropped = [m.id for m in old if m.id and m.id not in found]
    buffer = io.BytesIO()
    write_po(buffer, new, width=100, omit_header=True, sort_output=True, include_lineno=False)
    CATALOGUE.write_bytes(HEADER.encode() + buffer.getvalue())
    untranslated = [m.id for m in new if m.id and not m.string]
    print(
        f"{len(found)} strings, {len(added)} new, {len(dropped)} dropped, "
        f"{len(untranslated)} without English"
    )
    for msgid in untranslated:
        print(f"  to translate: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
