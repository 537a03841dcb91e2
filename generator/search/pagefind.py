"""Pagefind, run as a service: the packaged binary driven over its stdin/stdout protocol.

Pagefind's Python wrapper reads one reply from its service every 0.1 s (17 minutes for 10,000
records), so this module speaks the same service protocol to the packaged binary directly, with
at most `MAX_IN_FLIGHT` documents unparsed, and reports what the run cost (`IndexStats`).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import subprocess
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from generator.errors import Problem, make_problem

INDEX_PLACE = "build/search"  # where a problem of the search index is said to be
MAX_IN_FLIGHT = 256  # documents Pagefind may hold unparsed
# Postings per index chunk (Pagefind's default: 20,000). Measured at 10,000 profiles: 1,000
# keeps every typical first query under 260 KB; 4,000 took 280-300 KB.
INDEX_CHUNK_SIZE = 1_000


class SearchIndexError(Exception):
    """Pagefind failed, or the index cannot be made; `problems` say why from the message
    catalogue (shown in the reader's language)."""

    def __init__(self, message: str = "", problems: Collection[Problem] = ()) -> None:
        # A bare message (the index's own format checks, in English) is said through the
        # catalogue, so the editor reads what happened and what to do in their language.
        self.problems = list(problems) or [
            make_problem(INDEX_PLACE, 1, 1, "", "build.search_index_failed", detail=message)
        ]
        super().__init__(message or "\n".join(p.format("en") for p in self.problems))

    def __reduce__(self) -> tuple[type[SearchIndexError], tuple[str, list[Problem]]]:
        # Raised in the search child (commands.rendering._index_records), reported by the build.
        return SearchIndexError, ("", self.problems)


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the `pagefind[extended]` package (never downloaded)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError("Pagefind binary not found: pip install 'pagefind[extended]'")
    return Path(found)


@dataclass
class IndexStats:
    """What one index build did and cost."""

    records: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    pagefind_peak_kib: int = 0  # the Pagefind process's own peak resident memory
    pagefind_cpu_seconds: float = 0.0  # its user + system time (both cores)
    shards: int = 1  # the records were split into (generator/search/index.py)
    shards_indexed: int = 1  # of them, those Pagefind indexed (the rest came from the cache)
    files_changed: int = 0  # in the bundle folder
    # Fragment names two shards shared, lengthened by the merge (generator/search/index.py).
    fragments_renamed: int = 0
    # Folded words whose entries the merge spliced again, of `words` (the rest: the last
    # merge's, shards.SpliceMemo).
    words_spliced: int = 0
    words: int = 0
    # The bundle files written or removed, as paths under the bundle folder (None: not known,
    # the folder was walked: a hand or an older build may have changed it since the last sync).
    changed_paths: frozenset[str] | None = None


class PagefindService:
    """A `pagefind --service` process: base64 JSON messages, each ended by a comma."""

    def __init__(self, executable: Path | None = None) -> None:
        # Pagefind takes settings from PAGEFIND_* variables: the caller's (a CI job's, a
        # packager's) must not change the bundle, so only ours are passed on.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        # Smaller index chunks than Pagefind's default: a query downloads the chunks of its
        # words only, and our records are many and short (an "unstable" knob: pinned 1.5).
        env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(INDEX_CHUNK_SIZE)
        self._proc = subprocess.Popen(
            [str(executable or pagefind_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._waiting: set[int] = set()
        self._in_flight = 0  # documents sent and not yet indexed
        self._lock = threading.Condition()
        self._failure: str | None = None
        # Replies are read on their own thread: requests are streamed without waiting, and
        # a full stdout pipe would otherwise stop Pagefind reading stdin (a deadlock).
        self._reader = threading.Thread(target=self._read_replies, daemon=True)
        self._reader.start()
        self.peak_kib = 0
        self.cpu_seconds = 0.0

    def _read_replies(self) -> None:
        stdout = self._proc.stdout
        assert isinstance(stdout, io.BufferedReader)
        pending = bytearray()
        while True:
            chunk = stdout.read1(1 << 20)
            if not chunk:
                with self._lock:
                    self._failure = self._failure or "Pagefind stopped unexpectedly"
                    self._lock.notify_all()
                return
            pending += chunk
            if b"," not in chunk:
                continue  # a long reply (GetFiles) arrives in many chunks
            *messages, rest = bytes(pending).split(b",")
            pending = bytearray(rest)
            for raw in messages:
                reply = json.loads(base64.b64decode(raw))
                with self._lock:
                    payload = reply.get("payload", {})
                    if payload.get("type") == "Error":
                        self._failure = self._failure or f"Pagefind: {payload.get('message')}"
                    message_id = reply.get("message_id")
                    if message_id in self._waiting:
                        self._replies[message_id] = payload
                    else:
                        self._in_flight -= 1
                    self._lock.notify_all()

    def _send(self, payload: dict[str, Any], wait: bool) -> dict[str, Any] | None:
        stdin: IO[bytes] | None = self._proc.stdin
        assert stdin is not None
        with self._lock:
            if self._failure:
                raise SearchIndexError(self._failure)
            self._next_id += 1
            message_id = self._next_id
            if wait:
                self._waiting.add(message_id)
            else:
                self._in_flight += 1
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        try:
            stdin.write(base64.b64encode(message) + b",")
            if wait:
                stdin.flush()
        except BrokenPipeError:
            raise SearchIndexError(self._failure or "Pagefind stopped unexpectedly") from None
        if not wait:
            return None
        with self._lock:
            while message_id not in self._replies and not self._failure:
                self._lock.wait()
            if self._failure:
                raise SearchIndexError(self._failure)
            self._waiting.discard(message_id)
            return self._replies.pop(message_id)

    def new_index(self, config: Mapping[str, object]) -> int:
        """Create an index in the service; its id."""
        reply = self._send({"type": "NewIndex", "config": dict(config)}, wait=True)
        assert reply is not None
        return int(reply["index_id"])

    def add_html(self, index_id: int, url: str, content: str) -> None:
        """Queue one synthetic HTML document (Pagefind parses it; nothing is read from disk)."""
        payload = {
            "type": "AddFile",
            "index_id": index_id,
            "url": url,
            "file_contents": content,
            "file_path": None,
        }
        self._send(payload, wait=False)
        if self._in_flight >= MAX_IN_FLIGHT:
            # Pagefind parses every document it has read at once: bounding what it holds
            # bounds its memory (10,000 records unbounded: 0.7 GB).
            stdin = self._proc.stdin
            assert stdin is not None
            stdin.flush()
            with self._lock:
                while self._in_flight >= MAX_IN_FLIGHT // 2 and not self._failure:
                    self._lock.wait()
                if self._failure:
                    raise SearchIndexError(self._failure)

    def get_files(self, index_id: int) -> dict[str, bytes]:
        """Every file of the bundle, by path relative to the bundle folder."""
        reply = self._send({"type": "GetFiles", "index_id": index_id}, wait=True)
        assert reply is not None
        return {f["path"]: base64.b64decode(f["content"]) for f in reply["files"]}

    def delete_index(self, index_id: int) -> None:
        """Let the service forget an index whose files were taken (its memory is freed)."""
        # One service indexes every shard of a build and keeps each index to its end unless
        # told: at 10,000 profiles it ended at 231 MiB, and at 34 MiB when each was deleted.
        self._send({"type": "DeleteIndex", "index_id": index_id}, wait=True)

    def close(self) -> None:
        """End the service and record its peak memory."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
        if self._proc.returncode is None:
            try:
                # wait4 gives this child's own peak memory (RUSAGE_CHILDREN would mix others).
                _, status, usage = os.wait4(self._proc.pid, 0)
                self._proc.returncode = os.waitstatus_to_exitcode(status)
                self.peak_kib = usage.ru_maxrss
                self.cpu_seconds = usage.ru_utime + usage.ru_stime
            except ChildProcessError:
                self._proc.wait()
        self._reader.join(timeout=10)
