"""Progress of long commands (`build`, `import`): which stage runs, and how far along it is.

The build and the importer report through the small `Progress` interface and never import a
terminal library: `make_progress` picks a rich progress bar on an interactive terminal,
plain lines (throttled, short) in CI logs and pipes, and `SilentProgress` is the default
for library calls and tests. Progress goes to stderr only: stdout stays the command's output.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Protocol

from generator.errors import Lang

if TYPE_CHECKING:
    from rich.progress import Progress as RichBar
    from rich.progress import ProgressColumn, Task, TaskID
    from rich.text import Text

# Stage key -> (Vietnamese, English) label. Keys are what the build and importer pass.
STAGES: dict[str, tuple[str, str]] = {
    "check": ("Đọc, kiểm tra hồ sơ", "Reading and checking sources"),
    "images": ("Ảnh, thẻ chia sẻ", "Photos and share cards"),
    "pages": ("Trang, dữ liệu mở", "Pages and open data"),
    "mkdocs": ("Dựng HTML (MkDocs)", "HTML (MkDocs)"),
    "search": ("Chỉ mục tìm kiếm", "Search index"),
    "swap": ("Ghi site/", "Writing site/"),
    "import.load": ("Đọc dự án", "Reading the project"),
    "import.read": ("Đọc bảng tính", "Reading the spreadsheet"),
    "import.rows": ("Dòng", "Rows"),
    "import.check": ("Kiểm tra hồ sơ nhập", "Checking the imported profiles"),
    "import.write": ("Ghi tệp", "Writing files"),
}

PROGRESS_VARIABLE = "VINHDANH_PROGRESS"  # off, lines or bar: overrides the terminal's choice
REFRESH_PER_SECOND = 10  # a redraw costs the build next to nothing at this rate
LINE_EVERY_SECONDS = 2.0  # plain lines: at most one per tenth of a stage, this far apart


class Progress(Protocol):
    """What long work reports: the stage it is in, and how many of its units are done."""

    def stage(self, key: str, total: int | None = None) -> None:
        """Start stage `key` (ending the one before); with the current key, set its total."""

    def advance(self, count: int = 1) -> None:
        """Count `count` more units of the current stage as done."""

    def finish(self) -> None:
        """End the last stage; nothing more is reported."""


class SilentProgress:
    """Reports nothing: library calls and tests."""

    def stage(self, key: str, total: int | None = None) -> None:
        """Nothing."""

    def advance(self, count: int = 1) -> None:
        """Nothing."""

    def finish(self) -> None:
        """Nothing."""


SILENT = SilentProgress()


def stage_label(key: str, lang: Lang) -> str:
    """A stage's name in the reader's language."""
    vi, en = STAGES.get(key, (key, key))
    return vi if lang == "vi" else en


def count_text(value: int, lang: Lang) -> str:
    """A count as the reader writes it: 1.000 in Vietnamese, 1,000 in English."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


class LinesProgress:
    """Plain lines for logs: a line per stage, and its count every tenth (if seconds apart)."""

    def __init__(self, lang: Lang, stream: IO[str] | None = None) -> None:
        self.lang: Lang = lang
        self.stream = stream if stream is not None else sys.stderr
        self.key = ""
        self.total: int | None = None
        self.done = 0
        self.tenth = 0  # the last tenth of the total a line was written for
        self.last = 0.0  # when the last line was written (monotonic)

    def _say(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
        self.last = time.monotonic()

    def stage(self, key: str, total: int | None = None) -> None:
        """Write the stage's name (a total given later for the same stage writes nothing)."""
        if key != self.key:
            self.key, self.done, self.tenth = key, 0, 0
            self._say(f"{stage_label(key, self.lang)}…")
        self.total = total

    def advance(self, count: int = 1) -> None:
        """Write the count when a new tenth is reached and the last line is seconds old."""
        self.done += count
        if not self.total:
            return
        tenth = min(10, self.done * 10 // self.total)
        if tenth <= self.tenth:
            return
        if tenth == 10 or time.monotonic() - self.last >= LINE_EVERY_SECONDS:
            self.tenth = tenth
            done, total = count_text(self.done, self.lang), count_text(self.total, self.lang)
            self._say(f"{stage_label(self.key, self.lang)}: {done}/{total}")

    def finish(self) -> None:
        """Nothing more to write: the command's summary follows."""
        self.key = ""


# Live display being drawn by a thread, held across os.fork(): a child forked while that thread
# writes would inherit stderr's buffer lock held by a thread it does not have (and hang on its
# first write). Registered once per process; see RichProgress.
_drawing: list[threading.RLock] = []
_fork_hooks = False


def _before_fork() -> None:
    for lock in _drawing:
        lock.acquire()


def _after_fork() -> None:
    for lock in reversed(_drawing):
        lock.release()


def _after_fork_in_child() -> None:
    _after_fork()
    _drawing.clear()  # the drawing thread is not in the child


class RichProgress:
    """A progress bar per stage on an interactive terminal (stderr), drawn by rich."""

    def __init__(self, lang: Lang, stream: IO[str] | None = None, force: bool = False) -> None:
        global _fork_hooks
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.lang: Lang = lang
        console = Console(
            file=stream if stream is not None else sys.stderr,
            force_terminal=True if force else None,
            highlight=False,
        )
        self.bar: RichBar = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description}"),
            BarColumn(finished_style="green"),  # the theme's olive is grey on 16 colours
            _count_column(lang),
            TimeElapsedColumn(),
            console=console,
            refresh_per_second=REFRESH_PER_SECOND,
            # stdout is the command's output: never routed through the display.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task: TaskID | None = None
        self.bar.start()
        if not _fork_hooks:
            os.register_at_fork(
                before=_before_fork,
                after_in_parent=_after_fork,
                after_in_child=_after_fork_in_child,
            )
            _fork_hooks = True
        self._lock: threading.RLock = self.bar.live._lock
        _drawing.append(self._lock)

    def _end_task(self) -> None:
        if self.task is None:
            return
        task = self.bar.tasks[-1]
        total = task.total if task.total is not None else max(int(task.completed), 1)
        self.bar.update(self.task, total=total, completed=total)
        self.bar.stop_task(self.task)
        self.task = None

    def stage(self, key: str, total: int | None = None) -> None:
        """A new line with its bar (the same key only sets the bar's total)."""
        if self.task is not None and self.bar.tasks[-1].fields.get("key") == key:
            self.bar.update(self.task, total=total, counted=bool(total))
            return
        self._end_task()
        self.task = self.bar.add_task(
            stage_label(key, self.lang), total=total, key=key, counted=bool(total)
        )

    def advance(self, count: int = 1) -> None:
        """Move the bar (drawn at most REFRESH_PER_SECOND times a second)."""
        if self.task is not None:
            self.bar.advance(self.task, count)

    def finish(self) -> None:
        """Draw the last state and leave it on the terminal."""
        self._end_task()
        self.bar.stop()
        if self._lock in _drawing:
            _drawing.remove(self._lock)


def _count_column(lang: Lang) -> ProgressColumn:
    """done/total written the reader's way; nothing for a stage without a total."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class CountColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            if task.total is None or not task.fields.get("counted"):
                return Text("")
            done = count_text(int(task.completed), lang)
            return Text(f"{done}/{count_text(int(task.total), lang)}", style="progress.download")

    return CountColumn()


def interactive(stream: IO[str], env: Mapping[str, str]) -> bool:
    """True for a terminal a person watches: not CI, not TERM=dumb, not a pipe or file."""
    if env.get("CI", "").lower() in ("true", "1", "yes") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def make_progress(
    lang: Lang, stream: IO[str] | None = None, env: Mapping[str, str] | None = None
) -> Progress:
    """The progress reporter for a command: a bar on a terminal, plain lines elsewhere.

    VINHDANH_PROGRESS=off (scripts that read stderr, tests), lines or bar overrides the choice.
    """
    out = stream if stream is not None else sys.stderr
    env = os.environ if env is None else env
    chosen = env.get(PROGRESS_VARIABLE, "").strip().lower()
    if chosen in ("off", "0", "none", "no"):
        return SILENT
    if chosen == "bar" or (chosen != "lines" and interactive(out, env)):
        return RichProgress(lang, out, force=chosen == "bar")
    return LinesProgress(lang, out)
