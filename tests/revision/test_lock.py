"""The one flock helper behind the revision lock and the watch instance lock (R1, issue 9)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intentd.revision import lock

HOLD = """
import sys
from pathlib import Path
from intentd.revision import lock
held = lock.acquire(Path(sys.argv[1]))
held.record_pid()
print("held", flush=True)
sys.stdin.read()
"""


def test_acquire_creates_the_folder_and_release_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".intentd" / "some.lock"
    held = lock.acquire(path)
    assert held.held and path.exists() and path.read_bytes() == b""  # no PID unless asked
    held.release()
    held.release()  # idempotent
    assert not held.held and path.exists()
    with lock.acquire(path) as again:
        assert again.held
    assert not again.held


def test_a_held_lock_is_refused_at_once_naming_the_recorded_pid(tmp_path: Path) -> None:
    path = tmp_path / "a.lock"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        with pytest.raises(lock.Held) as err:
            lock.acquire(path)
        assert err.value.pid == proc.pid and err.value.path == path
        assert lock.running_pid(path) == proc.pid
        assert lock.holder_pid(path) == proc.pid
    finally:
        proc.kill()
        proc.wait(10)
    assert lock.running_pid(path) is None  # the kernel dropped it with the process
    assert lock.holder_pid(path) == proc.pid  # the PID stays, for people only
    with lock.acquire(path):
        pass


def test_waiting_says_so_once_then_gives_up_at_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "b.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    waits: list[int] = []
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another process at work (flock is per open file)
        with pytest.raises(lock.Held) as err:
            lock.acquire(path, timeout=0.2, on_wait=lambda: waits.append(1))
        assert err.value.pid is None  # it recorded none
        assert lock.running_pid(path) == -1
    finally:
        os.close(fd)
    assert waits == [1]
    with lock.acquire(path, timeout=0.2, on_wait=lambda: waits.append(2)) as held:
        assert held.held
    assert waits == [1]  # free at once: no wait, nothing said


def test_record_pid_replaces_what_was_there(tmp_path: Path) -> None:
    path = tmp_path / "c.lock"
    path.write_text("123456789\nold garbage\n")
    with lock.acquire(path) as held:
        held.record_pid()
        assert path.read_text() == f"{os.getpid()}\n"


def test_no_lock_file_means_no_holder(tmp_path: Path) -> None:
    assert lock.running_pid(tmp_path / "none.lock") is None
    assert lock.holder_pid(tmp_path / "none.lock") is None
