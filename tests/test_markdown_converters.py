"""The python-markdown converters of the build (contributor Markdown sanitised, a generated
page's text for the search index): made from extension objects, never looked up by name."""

from __future__ import annotations

import importlib.metadata
import threading

import markdown.util
import pytest

from generator.search.records import page_text
from generator.templating.sanitise import sanitise_markdown


def test_a_converter_reads_no_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    # Named, python-markdown finds an extension among every installed package's entry points
    # (~30 ms of CPU, once a process: the build's, and its search child's, on every edit).
    markdown.util.get_installed_extensions.cache_clear()

    def refused(**_group: str) -> object:
        raise AssertionError("the installed packages' entry points were read")

    monkeypatch.setattr(importlib.metadata, "entry_points", refused)
    made: dict[str, str] = {}

    def convert() -> None:  # in a thread of its own: its converters are made anew
        try:
            text = "- một\n- hai\n\n| a | b |\n|---|---|\n| 1 | 2 |"
            made["story"] = str(sanitise_markdown(text, headings=True))
            made["plain"] = str(sanitise_markdown("*mở đầu*", remember=False))
            made["page"] = page_text('---\ntitle: "T"\n---\n<div markdown>\n**Đậm**\n</div>\n')
        except AssertionError as exc:
            made["error"] = str(exc)

    thread = threading.Thread(target=convert)
    thread.start()
    thread.join()
    assert "error" not in made, made["error"]
    assert "<table>" in made["story"] and "<li>một</li>" in made["story"]
    assert made["plain"] == "<p><em>mở đầu</em></p>"
    assert made["page"].strip() == "Đậm"
    markdown.util.get_installed_extensions.cache_clear()
