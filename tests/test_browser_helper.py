"""The test tools themselves: skip or fail when a tool is missing, the local server, the filter."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser import is_local, missing_tool, serve


def test_missing_tool_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium not found"):
        missing_tool("chromium not found")


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        missing_tool("chromium not found")


def test_ci_false_is_not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        missing_tool("java not found")


def test_server_serves_files_and_the_sites_404_page(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>không có</p>", encoding="utf-8")
    with serve(tmp_path) as served:
        assert served.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(served.page_url("a/"), timeout=10) as response:
            assert response.read() == b"<p>a</p>"
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(served.page_url("b/"), timeout=10)
        assert caught.value.code == 404
        assert caught.value.read().decode("utf-8") == "<p>không có</p>"
    # Stopped at the end of the block: nothing listens any more.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(served.page_url("a/"), timeout=2)


def test_server_stops_by_itself(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    with serve(tmp_path, lifetime=0.2) as served:
        time.sleep(1.0)
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(served.url, timeout=2)


def test_only_the_local_server_counts_as_local() -> None:
    assert is_local("http://127.0.0.1:8123/assets/x.css")
    assert is_local("data:image/svg+xml;base64,AAAA")
    assert not is_local("https://fonts.googleapis.com/css?family=Roboto")
    assert not is_local("http://localhost:8123/")  # the tests only ever use 127.0.0.1
    assert not is_local("http://127.0.0.1.example.com/")
