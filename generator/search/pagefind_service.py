"""One Pagefind process that indexes shard after shard (`pagefind --service`).

Starting the extended binary costs about 0.12–0.16 s of CPU beyond the work, as much as
indexing sixty of our pages, and a site of 10⁵ entries has about 200 shards: a process per
shard spent about a sixth of Pagefind's CPU on the shards of the 10,000-entry benchmark
starting up (benchmarks/README.md). A service answers many indexes, each made, filled from a
folder (AddDir), its files taken (GetFiles) and deleted in turn. AddDir and GetFiles run the
command line's own steps (read every page of the folder, build, produce the bundle's files),
so a bundle is what `pagefind --site` writes for the folder (tests/browser/test_search_index.py
compares them). The files are written here: Pagefind 1.5.2's WriteFiles answers before its
writes have landed (docs/design.md#pagefind-files). Two differences from the command line,
both in our favour: a service takes its options from the requests, never from a
pagefind.yml or the PAGEFIND_* option variables where it happens to run (the one variable it
reads, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE, is set by search/index.py `pagefind_env`); and it
gives an empty bundle where the command line stops with "not able to build an index", which
search/index.py checks for itself (`run_pagefind`).

The messages go both ways as the base64 of a JSON object followed by a comma, one answer for
each request, in order (Pagefind's src/service/). Each process has at most one service,
started when first asked for and stopped by `stop_service` or when the process exits: the
service ends by itself when its input closes, so one left by a killed process does not linger.
"""

from __future__ import annotations

import atexit
import base64
import json
import subprocess
import tempfile
from pathlib import Path


class PagefindError(RuntimeError):
    """Pagefind refused a request or stopped: its message, or what it wrote on stderr."""


class PagefindService:
    def __init__(self, binary: Path, env: dict[str, str]):
        # read only when it fails (a pipe could fill and stall it); closed in close()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        self._asked = 0
        self._unread = b""

    def index_folder(self, folder: Path, bundle: Path, config: dict) -> None:
        """Index every HTML file under `folder` (URLs from each file's place in it, as
        `pagefind --site folder`) into the bundle folder `bundle`. `config`: Pagefind's service
        options (root_selector, force_language, …)."""
        try:
            index_id = self._ask({"type": "NewIndex", "config": config})["index_id"]
            self._ask({"type": "AddDir", "index_id": index_id, "path": str(folder)})
            # The bundle's files come back in the answer and are written here, not by Pagefind
            # (WriteFiles): Pagefind 1.5.2 answers WriteFiles before its writes have landed, and
            # exits on closed input with them still in flight (docs/design.md#pagefind-files).
            files = self._ask({"type": "GetFiles", "index_id": index_id})["files"]
            self._ask({"type": "DeleteIndex", "index_id": index_id})  # its pages are held until then
        except BaseException:
            # A refused request leaves its index behind, an interrupted one an answer unread that
            # the next request would take for its own: this process is not asked again.
            self._process.kill()
            self._process.wait()  # so that `running()` says so at once
            raise
        write_bundle(files, bundle)

    def running(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """End the service: it exits when its input closes (waited for, then killed after 30 s:
        a process forked meanwhile may hold a copy of that input open)."""
        if self._process.stdin and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()
        self._stderr.close()

    def _ask(self, payload: dict) -> dict:
        self._asked += 1
        message = {"message_id": self._asked, "payload": payload}
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
            self._process.stdin.flush()
        except (OSError, ValueError):  # it stopped, or its input was closed here
            raise PagefindError(self._stopped()) from None
        answer = self._answer()
        if answer["payload"]["type"] == "Error":
            raise PagefindError(f"{payload['type']}: {answer['payload'].get('message', '')}")
        return answer["payload"]

    def _answer(self) -> dict:
        pieces = [self._unread]  # a GetFiles answer is megabytes: only new pieces are searched
        while b"," not in pieces[-1]:
            more = self._process.stdout.read1(1 << 20)
            if not more:
                raise PagefindError(self._stopped())
            pieces.append(more)
        encoded, _, self._unread = b"".join(pieces).partition(b",")
        return json.loads(base64.b64decode(encoded))

    def _stopped(self) -> str:
        code = self._process.wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        return f"the Pagefind service stopped (exit {code})" + (f": {said}" if said else "")


def write_bundle(files: list[dict], bundle: Path) -> None:
    """Write the files of a GetFiles answer (each a path inside the bundle and its bytes in
    base64) under `bundle`. A file already there is replaced, never written through: it may
    be a hard link into the build cache."""
    bundle.mkdir(parents=True, exist_ok=True)
    for file in files:
        inside = Path(file["path"])
        if inside.is_absolute() or ".." in inside.parts:
            raise PagefindError(f"GetFiles: a file outside the bundle: {file['path']!r}")
        target = bundle / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))


_service: PagefindService | None = None  # this process's, started on first use


def service(binary: Path, env: dict[str, str]) -> PagefindService:
    """This process's service, started if there is none running."""
    global _service
    if _service is not None and not _service.running():
        stop_service()  # it stopped after an error: the next shard gets a new one
    if _service is None:
        _service = PagefindService(binary, env)
    return _service


def stop_service() -> None:
    """Stop this process's service, if it has one."""
    global _service
    if _service is not None:
        _service.close()
        _service = None


atexit.register(stop_service)
