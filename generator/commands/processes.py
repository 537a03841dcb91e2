"""The build's jobs that run beside it: a call in a forked child, in a new interpreter, or on a
thread (typed)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

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
    """A call run in a child process (fork), for a job that reads the model: the open data,
    the search records and index, the caches' saver (MkDocs runs in a `Spawned` one)."""

    # The child inherits everything already computed; only its outcome comes back (its
    # result, or the exception it raised, which the parent raises again: exceptions must
    # pickle, BuildError does), with the records it logged under `logger`, which the parent
    # logs as if it had made the call itself. The outcome goes into an unnamed file, not a
    # pipe, so the child ends as soon as its call returns: an outcome larger than a pipe's
    # buffer (the open data's file names, from ~1,000 profiles) kept the child waiting, with
    # its copy of the model, until the parent read it once the pages were rendered (#21).

    where = "child"

    def __init__(
        self,
        target: Callable[..., T],
        *args: object,
        logger: str | None = "mkdocs",
        **kwargs: object,
    ) -> None:
        self.pid = 0
        self._outbox: IO[bytes] | None = None
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
        outbox = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait or discard)
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
            _run_child(call, outbox.fileno(), parent, logger)
        self.pid, self._outbox = pid, outbox

    def start(self) -> None:
        """Nothing: a forked call runs from the start (the same interface as `Threaded`)."""

    def wait(self) -> T:
        """Wait for the child; log what it logged; raise what it raised, else its result."""
        if self.pid and self._outbox is not None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            code = os.waitstatus_to_exitcode(status)
            with self._outbox as outbox:
                outbox.seek(0)
                data = outbox.read()
            try:
                self.outcome, self.records, self.seconds = pickle.loads(data)
            except (pickle.UnpicklingError, EOFError):
                # None (the child was killed), or cut short: unlike a pipe, the file can
                # fill its disk (a full /tmp), and the child's write fails.
                what = "outcome unreadable" if data else "ended"
                self.outcome = ("error", RuntimeError(f"job process {what} (status {code})"))
            for record in self.records:
                logging.getLogger(record.name).handle(record)
        assert self.outcome is not None
        return _result(self.outcome)

    def discard(self) -> None:
        """Stop the child if it still runs (the build failed elsewhere)."""
        if self.pid and self._outbox is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            self._outbox.close()
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
        try:
            data = pickle.dumps((outcome, keep.records, took))
        except Exception:  # an exception that cannot be pickled: its text
            failed = ("error", RuntimeError(repr(outcome[1])))
            data = pickle.dumps((failed, keep.records, took))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0 if outcome[0] == "ok" else 1  # 1 too when the outcome was not written whole
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


# What a new interpreter runs: this module, with the parent's import path, reading its job on
# stdin and writing the outcome to the file descriptor given as its argument.
_SPAWNED_MAIN = (
    "import pickle, sys; data = sys.stdin.buffer.read(); size = int.from_bytes(data[:8]);"
    " sys.path[:] = pickle.loads(data[8 : 8 + size]);"
    " from generator.commands.processes import _run_spawned;"
    " _run_spawned(data[8 + size :], int(sys.argv[1]))"
)


class Spawned(Generic[T]):
    """A call run in a new interpreter: for a job that needs none of this process's memory
    (MkDocs, given only the build folder's paths), so that it carries no copy of the model."""

    # A forked child shares the parent's pages only until either side writes to them, and
    # reference counting writes to every object touched (and the parent keeps working): at
    # 3,000 profiles the forked MkDocs child ended holding ~280 MiB of its own, 120 MiB of
    # which was the parent's model and pages. A new interpreter starts from nothing; the
    # target, its arguments and its outcome pickle (by reference for functions), and it logs
    # at the levels this process gives `logger`. Same interface as `Forked`.

    where = "child"

    def __init__(
        self,
        target: Callable[..., T],
        *args: object,
        logger: str | None = "mkdocs",
        outbox: Outbox | None = None,
        **kwargs: object,
    ) -> None:
        # `outbox`: messages this process sends the call while it runs (its `inbox` is among
        # the arguments; its end of the pipe is inherited, and closed here once started).
        self.records: list[logging.LogRecord] = []
        self.seconds = 0.0
        self.outcome: Outcome[T] | None = None
        level = logging.getLogger(logger).getEffectiveLevel() if logger is not None else 0
        job = pickle.dumps((target, args, kwargs, logger, level, os.getpid()))
        path = pickle.dumps([p for p in sys.path if isinstance(p, str)])  # before the job
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", _SPAWNED_MAIN, str(write)],
                stdin=subprocess.PIPE,
                pass_fds=(write,) if outbox is None else (write, outbox.inbox.fd),
            )
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
            if outbox is not None:
                outbox.handed_over()
        self.read = read
        assert self._proc.stdin is not None
        try:
            with self._proc.stdin as feed:
                feed.write(len(path).to_bytes(8) + path + job)
        except BrokenPipeError:  # the interpreter ended at once: `wait` says how
            pass

    @property
    def pid(self) -> int:
        """The child's process id (0 once waited for)."""
        return self._proc.pid if self._proc is not None else 0

    def start(self) -> None:
        """Nothing: the call runs from the start (the same interface as `Threaded`)."""

    def wait(self) -> T:
        """Wait for the child; log what it logged; raise what it raised, else its result."""
        if self._proc is not None:
            with os.fdopen(self.read, "rb") as pipe:
                data = pipe.read()
            status = self._proc.wait()
            self._proc = None
            if data:
                self.outcome, self.records, self.seconds = pickle.loads(data)
            else:
                self.outcome = ("error", RuntimeError(f"job process ended (status {status})"))
            for record in self.records:
                logging.getLogger(record.name).handle(record)
        assert self.outcome is not None
        return _result(self.outcome)

    def discard(self) -> None:
        """Stop the child if it still runs (the build failed elsewhere)."""
        if self._proc is not None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.terminate()
            self._proc.wait()
            os.close(self.read)
            self._proc = None

    @property
    def running(self) -> bool:
        """True while the child was not waited for."""
        return self._proc is not None


def _run_spawned(job: bytes, write: int) -> None:
    """The new interpreter of a `Spawned` job: make the call, send its outcome, exit."""
    target, args, kwargs, logger, level, parent = pickle.loads(job)
    if logger is not None:
        logging.getLogger(logger).setLevel(level)
    _run_child(lambda: target(*args, **kwargs), write, parent, logger)


class Inbox:
    """The receiving end of an `Outbox`, read in the `Spawned` child it was handed to: each
    message as it arrives (a thread keeps the pipe drained, so the sender never waits while
    the child works)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._queue: queue.Queue[tuple[bool, object]] = queue.Queue()
        self._reader: threading.Thread | None = None

    def __reduce__(self) -> tuple[type[Inbox], tuple[int]]:
        """Pickled as its file descriptor: the child inherits the pipe's end by number."""
        return Inbox, (self.fd,)

    def _read(self) -> None:
        with os.fdopen(self.fd, "rb") as pipe:
            while len(head := pipe.read(8)) == 8:
                size = int.from_bytes(head)
                body = pipe.read(size)
                if len(body) != size:
                    break  # the sender ended half-way through a message: the inbox ends here
                try:
                    message = pickle.loads(body)
                except Exception:  # any bytes but a message (pickle raises many kinds)
                    # Raised here, it was a thread's traceback on the terminal, and the end
                    # below was never put: the child's next `get` waited for ever.
                    break
                self._queue.put((True, message))
        self._queue.put((False, None))  # the sender closed its end (or ended)

    def get(self, block: bool = True) -> object | None:
        """The next message (waiting for it if `block`, else None when there is none yet);
        EOFError once the sender has closed its end and every message was read."""
        if self._reader is None:
            self._reader = threading.Thread(target=self._read, name="vinhdanh-inbox", daemon=True)
            self._reader.start()
        try:
            more, message = self._queue.get(block)
        except queue.Empty:
            return None
        if not more:
            self._queue.put((False, None))  # and every later call
            raise EOFError("the sender closed the inbox")
        return message


class Outbox:
    """Messages to a `Spawned` call while it runs: give it `inbox` among its arguments and
    this outbox as `Spawned(..., outbox=)`, then `send` (a pipe, one pickle a message)."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.inbox = Inbox(read)
        self._pipe: BinaryIO | None = os.fdopen(write, "wb")
        self._read_open = True

    def handed_over(self) -> None:
        """The child holds the reading end: this process's copy is closed, so that a child
        that ended shows as a broken pipe."""
        if self._read_open:
            os.close(self.inbox.fd)
            self._read_open = False

    def send(self, message: object) -> bool:
        """Send `message`; False if the child is gone (`wait` then says why)."""
        if self._pipe is None:
            return False
        data = pickle.dumps(message)
        try:
            self._pipe.write(len(data).to_bytes(8) + data)
            self._pipe.flush()
        except BrokenPipeError:
            self.close()
            return False
        return True

    def close(self) -> None:
        """No more messages: the child reads the end of its inbox."""
        self.handed_over()
        if self._pipe is not None:
            with contextlib.suppress(BrokenPipeError):
                self._pipe.close()
            self._pipe = None


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


Job = Forked[T] | Spawned[T] | Threaded[T]


def return_freed_memory() -> None:
    """Give the free pages of this process's C heap back to the system (glibc; elsewhere
    nothing): what a phase let go of stays counted as this process's until then."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


def _die_with(parent: int) -> None:
    """End this (child) process when `parent` ends, killed or not (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)
