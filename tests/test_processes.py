"""The build's jobs beside it (commands.processes): MkDocs runs in a new interpreter that holds
none of the build's memory (issue #21, memory that fits), and a job's outcome comes back."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import pickle
import resource
import signal
import threading
import time
from pathlib import Path

import pytest

from generator.commands import build as build_stage
from generator.commands.build import build_project
from generator.commands.processes import Forked, Inbox, Outbox, Spawned
from generator.commands.sitengine import EngineError, build_pages
from generator.errors import make_problem
from generator.model.entries import Site
from tests.projects import write_build_project

TODAY = dt.date(2024, 2, 1)


class _Held:
    """An object only the parent process makes."""


def _held_here() -> int:
    """How many `_Held` objects the calling process holds."""
    gc.unfreeze()  # a forked child's inherited objects are frozen, out of gc.get_objects
    return sum(isinstance(thing, _Held) for thing in gc.get_objects())


def _fails_with(problem_path: str) -> None:
    raise EngineError(
        ["engine: WARNING: odd"], [make_problem(problem_path, 3, 1, "", "build.not_writable")]
    )


def _logs_and_returns(value: int) -> int:
    logging.getLogger("mkdocs.test").warning("said in the child")
    return value * 2


def _engine_without_model(*args: object, **kwargs: object) -> None:
    """`build_pages`, refused when the process it runs in holds a model of the site."""
    gc.unfreeze()  # as in `_held_here`
    if any(isinstance(thing, Site) for thing in gc.get_objects()):
        raise EngineError(["the engine's process holds the build's model (a Site)"])
    build_pages(*args, **kwargs)  # type: ignore[arg-type]


def test_spawned_child_holds_none_of_the_parents_objects() -> None:
    held = _Held()  # noqa: F841 (kept alive while the jobs run)
    assert Forked(_held_here, logger=None).wait() == 1  # a forked child inherits it
    assert Spawned(_held_here, logger=None).wait() == 0


def test_spawned_child_gives_back_its_result_logs_and_exceptions(
    caplog: pytest.LogCaptureFixture,
) -> None:
    job = Spawned(_logs_and_returns, 21)
    assert job.pid != os.getpid() and job.running
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        assert job.wait() == 42
    assert not job.running
    assert [r.getMessage() for r in caplog.records] == ["said in the child"]
    failed = Spawned(_fails_with, "profiles/x.yml", logger=None)
    with pytest.raises(EngineError) as raised:
        failed.wait()
    assert raised.value.messages == ["engine: WARNING: odd"]  # pickled whole, problems too
    assert [(p.path, p.line) for p in raised.value.problems] == [("profiles/x.yml", 3)]


@pytest.mark.slow
def test_mkdocs_runs_in_a_process_without_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build holds its Site while MkDocs runs; a forked MkDocs would hold it too.
    root = write_build_project(tmp_path)
    monkeypatch.setattr(build_stage, "build_pages", _engine_without_model)
    result = build_project(root, today=TODAY)
    assert result.built and result.site is not None
    assert (root / "site" / "index.html").is_file()


def _sum_until_closed(inbox: Inbox) -> list[int]:
    """Read numbers from `inbox` until the sender closes it; the sums of each wait's take."""
    sums: list[int] = []
    while True:
        try:
            first = inbox.get()
        except EOFError:
            return sums
        assert isinstance(first, list)
        total = sum(first)
        try:
            while (more := inbox.get(block=False)) is not None:
                assert isinstance(more, list)
                total += sum(more)
        except EOFError:  # closed right after: this take is the last
            return [*sums, total]
        sums.append(total)


def test_a_spawned_child_reads_messages_while_it_runs() -> None:
    outbox = Outbox()
    job = Spawned(_sum_until_closed, outbox.inbox, logger=None, outbox=outbox)
    # Larger than a pipe's buffer: the child's reader drains it while the parent writes.
    numbers = list(range(100_000))
    assert outbox.send(numbers) and outbox.send([1, 2])
    outbox.close()
    assert sum(job.wait()) == sum(numbers) + 3
    assert not outbox.send([4])  # closed


def test_a_message_to_a_child_that_ended_is_not_sent() -> None:
    outbox = Outbox()
    job = Spawned(_fails_with, "profiles/x.yml", logger=None, outbox=outbox)
    with pytest.raises(EngineError):
        job.wait()
    assert not outbox.send(list(range(100_000)))  # a broken pipe, not a hang
    outbox.close()


def _outcome_larger_than_a_pipe() -> list[str]:
    return [f"api/v1/ho-so/ho-so-{n}.json" for n in range(20_000)]  # ~0.6 MB pickled


def test_a_forked_child_ends_as_soon_as_its_call_returns() -> None:
    # Its outcome waits in a file: through a pipe, an outcome larger than the pipe's buffer
    # kept the child (and its copy of the model) alive until the parent read it (issue #21).
    job = Forked(_outcome_larger_than_a_pipe, logger=None)
    deadline = time.monotonic() + 30
    while os.waitid(os.P_PID, job.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        assert time.monotonic() < deadline, "the child is still there"
        time.sleep(0.01)
    assert job.wait() == _outcome_larger_than_a_pipe()
    assert not job.running
    raising = Forked(_fails_with, "profiles/y.yml", logger=None)
    with pytest.raises(EngineError):
        raising.wait()


def _outcome_beyond_a_file_size_limit() -> list[str]:
    # The outcome file can fill up as a pipe cannot (a full /tmp): a limit on the size of
    # the files this child writes (the kernel's EFBIG, not a stand-in) cuts its outcome short.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    return _outcome_larger_than_a_pipe()


def test_a_forked_childs_outcome_cut_short_is_its_failure() -> None:
    job = Forked(_outcome_beyond_a_file_size_limit, logger=None)
    with pytest.raises(RuntimeError, match=r"job process outcome unreadable \(status 1\)"):
        job.wait()
    assert not job.running


@pytest.mark.parametrize(
    "sent",
    [
        (100).to_bytes(8) + b"\x80\x05cut",  # the sender killed half-way through a message
        (5).to_bytes(8) + b"\x00\x01\x02\x03\x04",  # a whole message that is no pickle
    ],
    ids=["cut", "not-a-pickle"],
)
def test_a_cut_message_ends_the_inbox_quietly(sent: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # The reading thread raised on it (a traceback on the terminal) and never said the inbox
    # had ended: the child's next `get` waited for ever, its copy of the model with it.
    raised: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    read, write = os.pipe()
    inbox = Inbox(read)
    with os.fdopen(write, "wb") as pipe:
        pipe.write(_message([1, 2]) + sent)
    got: list[object] = []

    def take() -> None:
        try:
            while True:
                got.append(inbox.get())
        except EOFError:
            got.append(EOFError)

    reader = threading.Thread(target=take, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "the inbox never ended"
    assert got == [[1, 2], EOFError]
    assert raised == []


def _message(value: object) -> bytes:
    """`value` as `Outbox.send` writes it."""
    data = pickle.dumps(value)
    return len(data).to_bytes(8) + data
