"""Shared by tests/e2e/test_daemon_e2e.py and tests/e2e/test_daemon_kill.py: a small workspace in a real
temp git repository, git queries, and the daemon run two ways — ``service.watch`` on a thread
(:class:`Daemon`, events captured, the ``Watcher`` reachable for ``settled``) or a real
``intentd watch --json`` process in its own process group (:class:`Proc`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intentd.revision import transaction as revision
from intentd.watch import daemon as service
from intentd.watch.watcher import Watcher
from tests.helpers.gitrepo import GIT_ENV, IDENTITY

TIMEOUT = 90.0  # generous: a busy 2-core machine, revisions of ~1 s
APP = "intent/app.md"
TEMP_NAME = re.compile(
    r"(^|/)(\.[^/]*\.sw[a-p]|\d+|#[^/]*#|\.#[^/]*|[^/]*~|[^/]*___jb_(tmp|old)___"
    r"|\.goutputstream-[^/]*|[^/]*\.intentd-tmp-[^/]*)$"
)

INTENT = """---
project_name: Petshop
intent_id: petshop
---
# Petshop

A small pet shop. {note}

## Features

### Manage pets {{#pets}} (must, M)
Shop staff keep the list of pets.
Manages: Pet
Access: public
- A pet can be listed
- A pet can be adopted once

## Entities

### Pet
- name: string, required — the pet's name
- species: enum(cat, dog, bird), required
- age: integer

## Goals

- Happy pets — metric: 90% adopted
"""


def intent(note: str = "First version.") -> bytes:
    return INTENT.format(note=note).encode()


# -- git and files ----------------------------------------------------------------------------


def git(ws: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=ws, capture_output=True, env={**os.environ, **(env or {})}
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {proc.returncode}\n{proc.stderr.decode()}")
    return proc.stdout.decode()


def show(ws: Path, rev: str, path: str) -> bytes | None:
    proc = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ws, capture_output=True)
    return proc.stdout if proc.returncode == 0 else None


def head(ws: Path) -> str:
    return git(ws, "rev-parse", "HEAD").strip()


def new_commits(ws: Path, base: str) -> list[str]:
    """Commits reachable from HEAD and not from ``base``, oldest first."""
    return git(ws, "rev-list", "--reverse", f"{base}..HEAD").split()


def revision_commits(ws: Path, base: str) -> list[str]:
    """The daemon's commits since ``base`` (they carry an ``Intent-Hash`` trailer)."""
    out = git(
        ws, "log", "--format=%H %(trailers:key=Intent-Hash,valueonly,separator=)", f"{base}.."
    )
    return [line.split()[0] for line in out.splitlines() if len(line.split()) == 2][::-1]


def changed_in(ws: Path, commit: str) -> list[str]:
    return git(ws, "diff-tree", "--no-commit-id", "-r", "--name-only", commit).split()


def all_paths_ever(ws: Path) -> set[str]:
    out = git(ws, "log", "--all", "--name-only", "--format=")
    return {p for p in out.split("\n") if p}


def temp_files_on_disk(ws: Path) -> list[str]:
    return sorted(
        str(p.relative_to(ws))
        for p in ws.rglob("*")
        if ".git" not in p.relative_to(ws).parts and ".intentd-tmp-" in p.name
    )


def save(path: Path, data: bytes) -> None:
    """What most editors' plain save is: truncate and write in place."""
    with path.open("wb") as fh:
        fh.write(data)


def wait_until(pred: Callable[[], bool], timeout: float = TIMEOUT, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what or pred}")
        time.sleep(0.02)


# -- the workspace -----------------------------------------------------------------------------


def make_base(path: Path) -> Path:
    """A workspace with revision r1 committed: README, ``.gitignore``, a short quiet period
    (fast tests) and ``max_file_bytes`` raised to 3 MB (the slow writer's 1 MB file)."""
    saved = {k: os.environ.get(k) for k in GIT_ENV}
    os.environ.update(GIT_ENV)
    try:
        path.mkdir(parents=True)
        git(path, "init", "-q", "-b", "main")
        git(path, "config", "user.name", IDENTITY["GIT_AUTHOR_NAME"])
        git(path, "config", "user.email", IDENTITY["GIT_AUTHOR_EMAIL"])
        (path / "README.md").write_text("# scratch\n")
        (path / ".gitignore").write_text(".intentd/\n")
        (path / "intentd.yaml").write_text("quiet_period_ms: 200\nmax_file_bytes: 3000000\n")
        (path / "intent").mkdir()
        (path / APP).write_bytes(intent())
        git(path, "add", ".")
        git(path, "commit", "-q", "--no-verify", "-m", "scaffolding")
        outcome = revision.build(path)
        assert outcome.status == "committed", outcome.message
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return path


def copy_workspace(base: Path, dest: Path) -> Path:
    """A copy of ``base`` (repository included, ``.intentd/`` left out)."""
    shutil.copytree(
        base, dest, symlinks=True, ignore=lambda d, names: [".intentd"] if Path(d) == base else []
    )
    return dest


# -- the daemon ------------------------------------------------------------------------------


class Events:
    """A text stream for ``service.watch(out=…)`` that parses the ``--json`` lines."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._buf = ""
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            self._buf += text
            while "\n" in self._buf:
                line, self._buf = self._buf.split("\n", 1)
                if line.strip():
                    self.items.append(json.loads(line))
        return len(text)

    def flush(self) -> None:
        pass

    def kinds(self) -> list[str]:
        with self._lock:
            return [e["event"] for e in self.items]

    def of(self, kind: str) -> list[dict[str, Any]]:
        with self._lock:
            return [e for e in self.items if e["event"] == kind]


class Daemon:
    """``service.watch`` on a thread: the real lock, watcher, revision and printer."""

    def __init__(self, ws: Path) -> None:
        self.ws = ws
        self.stop = threading.Event()
        self.events = Events()
        self.watcher: Watcher | None = None
        self.result: int | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.result = service.watch(
                self.ws,
                as_json=True,
                stop_event=self.stop,
                out=self.events,  # type: ignore[arg-type]
                on_start=self._started,
            )
        except BaseException as exc:  # surfaced by the test through .error
            self.error = exc

    def _started(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def __enter__(self) -> Daemon:
        self.thread.start()
        wait_until(
            lambda: self.error is not None or (self.watcher is not None and self.watcher.runs >= 1),
            what="the start-up run",
        )
        assert self.error is None, self.error
        self.settle()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive(), "the daemon did not stop"
        assert self.error is None, self.error

    def settle(self) -> None:
        """Wait until nothing is pending or running and the watcher had quiet ticks."""
        w = self.watcher
        assert w is not None
        w.idle_ticks = 0
        wait_until(lambda: w.settled, what="the daemon to settle")

    def settle_after(self, pred: Callable[[], bool], what: str = "") -> None:
        wait_until(pred, what=what)
        self.settle()

    def noticed(self) -> None:
        """Wait until the watcher saw a change (its quiet period holds ``idle_ticks`` at 0)."""
        w = self.watcher
        assert w is not None
        wait_until(lambda: w.idle_ticks == 0, timeout=10, what="the watcher to notice")

    def problems(self) -> list[dict[str, Any]]:
        return self.events.of("failure") + self.events.of("error")


def committed(ws: Path, data: bytes) -> Callable[[], bool]:
    return lambda: show(ws, "HEAD", APP) == data


class Proc:
    """``intentd watch --json`` as a real process in its own process group (like a terminal
    job), its events read from stdout by a thread."""

    def __init__(self, ws: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "intentd", "watch", str(ws), "--json", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip():
                self.events.append(json.loads(line))

    def kinds(self) -> list[str]:
        return [e["event"] for e in list(self.events)]

    def wait_event(self, kind: str, count: int = 1) -> None:
        wait_until(
            lambda: self.kinds().count(kind) >= count or self.proc.poll() is not None,
            what=f"{kind!r} from intentd watch",
        )
        assert self.kinds().count(kind) >= count, (self.kinds(), self.stderr())

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read() if self.proc.poll() is not None else ""

    def end(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
        rc = self.proc.wait(TIMEOUT)
        self._reader.join(TIMEOUT)
        return rc


def intentd(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intentd", *args], capture_output=True, text=True, timeout=TIMEOUT
    )
