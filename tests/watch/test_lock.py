"""One ``intentd watch`` per workspace (daemon-reliability.md R1)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intentd.errors import IntentdError
from intentd.watch import lock

HOLDER = """
import subprocess, sys
from pathlib import Path
from intentd.watch import lock
held = lock.acquire(Path(sys.argv[1]))
child = subprocess.Popen(["sleep", "60"], close_fds=False)  # like a git child outliving us
print(child.pid, flush=True)
sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the lock is held (or the child died)
    assert line.strip().isdigit(), f"holder failed to start: {line!r}"
    grandchild = int(line)
    try:
        yield proc, grandchild
    finally:
        for pid in (proc.pid, grandchild):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait(10)


def test_acquire_writes_pid_and_never_deletes_the_file(tmp_path: Path) -> None:
    held = lock.acquire(tmp_path)
    path = tmp_path / ".intentd" / "watch.lock"
    assert held.held and path.read_text() == f"{os.getpid()}\n"
    assert lock.holder_pid(tmp_path) == os.getpid()
    held.release()
    assert not held.held and path.exists()
    held.release()  # idempotent
    with lock.acquire(tmp_path) as again:
        assert again.held
    assert path.exists()


def test_second_acquire_in_process_is_refused(tmp_path: Path) -> None:
    with lock.acquire(tmp_path), pytest.raises(IntentdError) as err:
        lock.acquire(tmp_path)
    assert f"pid {os.getpid()}" in str(err.value)
    assert err.value.findings[0].location == ".intentd/watch.lock"


def test_second_instance_names_the_holder_then_starts_at_once_after_kill_9(
    tmp_path: Path, holder: tuple[subprocess.Popen[str], int]
) -> None:
    proc, grandchild = holder
    with pytest.raises(IntentdError) as err:
        lock.acquire(tmp_path)
    assert f"already running in this workspace (pid {proc.pid})" in str(err.value)

    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    os.kill(grandchild, 0)  # the child it started is still alive and must not hold the lock
    with lock.acquire(tmp_path) as held:  # no wait, no stale-lock cleanup needed
        assert held.held
        assert lock.holder_pid(tmp_path) == os.getpid()


def test_garbage_in_the_lock_file_is_harmless(tmp_path: Path) -> None:
    (tmp_path / ".intentd").mkdir()
    (tmp_path / ".intentd" / "watch.lock").write_text("not a pid\nxx")
    assert lock.holder_pid(tmp_path) is None
    with lock.acquire(tmp_path):
        assert lock.holder_pid(tmp_path) == os.getpid()
