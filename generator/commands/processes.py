"""The build's jobs that run beside it: a call in a forked child, or on a thread (typed)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
# How a call ended: its value, or the exception it raised (raised again by `wait`).
Outcome = tuple[Literal["ok"], T] | tuple[Literal["error"], BaseException]

_PR_SET_PDEATHSIG = 1
_LOWER_PRIORITY = 10  # nice value of a job that must not slow MkDocs down


class _LogRecords(logging.Handler):
    """Keeps a child's log records, flattened to text, to hand them to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _outcome(call: Callable[[], T]) -> Outcome[T]:
    try:
        return "ok", call()
    except BaseException as exc:  # raised again where the job is waited for
        return "error", exc


def _result(outcome: Outcome[T]) -> T:
    if outcome[0] == "error":
        raise outcome[1]
    return outcome[1]


class Forked(Generic[T]):
    """A call run in a child process (fork): MkDocs, open data and indexing each get a core."""

    # The child inherits everything already computed; only its outcome comes back (its
    # result, or the exception it raised, which the parent raises again: exceptions must
    # pickle, BuildError does), with the records it logged under `logger`, which the parent
    # logs as if it had made the call itself.

    where = "child"

    def __init__(
        self,
        target: Callable[..., T],
        *args: object,
        logger: str | None = "mkdocs",
        **kwargs: object,
    ) -> None:
        self.pid = 0
        self.read = -1
        self.records: list[logging.LogRecord] = []
        self.seconds = 0.0  # how long the call took in the child
        self.outcome: Outcome[T] | None = None

        def call() -> T:
            return target(*args, **kwargs)

        if not hasattr(os, "fork"):  # no fork (not Linux/macOS): run it here and now
            began = time.perf_counter()
            self.outcome = _outcome(call)
            self.seconds = time.perf_counter() - began
            return
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        # Frozen objects are never traversed by the child's garbage collector, which would
        # otherwise write to (and so copy) most of the memory it shares with the parent.
        gc.freeze()
        pid = os.fork()
        if pid:
            gc.unfreeze()
        if pid == 0:  # the child: never returns
            os.close(read)
            _run_child(call, write, parent, logger)
        os.close(write)
        self.pid, self.read = pid, read

    def start(self) -> None:
        """Nothing: a forked call runs from the start (the same interface as `Threaded`)."""

    def wait(self) -> T:
        """Wait for the child; log what it logged; raise what it raised, else its result."""
        if self.pid:
            with os.fdopen(self.read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if data:
                self.outcome, self.records, self.seconds = pickle.loads(data)
            else:
                ended = RuntimeError(f"MkDocs process ended (status {status})")
                self.outcome = ("error", ended)
            for record in self.records:
                logging.getLogger(record.name).handle(record)
        assert self.outcome is not None
        return _result(self.outcome)

    def discard(self) -> None:
        """Stop the child if it still runs (the build failed elsewhere)."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            os.close(self.read)
            self.pid = 0

    @property
    def running(self) -> bool:
        """True while the child was not waited for."""
        return self.pid != 0


def _run_child(call: Callable[[], Any], write: int, parent: int, logger: str | None) -> None:
    """The forked child: make the call, send its outcome to the parent, exit."""
    code = 1
    try:
        _die_with(parent)
        keep = _LogRecords()
        if logger is not None:
            log = logging.getLogger(logger)
            log.addHandler(keep)
            log.propagate = False  # the parent's handlers get them, once
        began = time.perf_counter()
        outcome = _outcome(call)
        took = time.perf_counter() - began
        code = 0 if outcome[0] == "ok" else 1
        try:
            data = pickle.dumps((outcome, keep.records, took))
        except Exception:  # an exception that cannot be pickled: its text
            failed = ("error", RuntimeError(repr(outcome[1])))
            data = pickle.dumps((failed, keep.records, took))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


class Threaded(Generic[T]):
    """A call run on a thread of this process, once `start` is called: for a job that mostly
    waits on another process while this one waits too (feeding Pagefind while MkDocs builds)."""

    # A forked child would hold its own copy of whatever it touches of this process's memory
    # (at 10,000 profiles about 400 MB): the peak of a full build. Start it only after the
    # last fork: forking while a thread runs may copy a lock that thread holds.

    where = "thread"

    def __init__(self, target: Callable[..., T], *args: object, **kwargs: object) -> None:
        self.seconds = 0.0
        self.outcome: Outcome[T] | None = None

        def run() -> None:
            began = time.perf_counter()
            # Below MkDocs, which is the longest job of a full build: this thread (and the
            # Pagefind it starts, which inherits its priority) takes the core MkDocs leaves.
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _LOWER_PRIORITY)
            self.outcome = _outcome(lambda: target(*args, **kwargs))
            self.seconds = time.perf_counter() - began

        self._thread = threading.Thread(target=run, name="vinhdanh-job", daemon=True)

    def start(self) -> None:
        """Start the call (once)."""
        if self._thread.ident is None:
            self._thread.start()

    def wait(self) -> T:
        """Run the call to its end; raise what it raised, else return its result."""
        self.start()
        self._thread.join()
        assert self.outcome is not None
        return _result(self.outcome)

    def discard(self) -> None:
        """Let a started call end (a thread cannot be stopped); a call never started never runs."""
        if self._thread.ident is not None:
            self._thread.join()


Job = Forked[T] | Threaded[T]


def _die_with(parent: int) -> None:
    """End this (child) process when `parent` ends, killed or not (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)
