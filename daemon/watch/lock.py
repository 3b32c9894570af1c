"""One ``intentd watch`` per workspace: the lock on ``.intentd/watch.lock``, holding its PID.

The flock itself (released by the kernel when the holder dies, the file never deleted) is
:mod:`intentd.revision.lock`; this module names the file and says who holds it.
"""

from __future__ import annotations

from pathlib import Path

from .. import layout
from ..errors import Finding, IntentdError
from ..revision import lock as filelock

LOCK_PATH = layout.WATCH_LOCK
InstanceLock = filelock.FileLock

__all__ = ["LOCK_PATH", "InstanceLock", "acquire", "holder_pid", "running_pid"]


def acquire(workspace: Path) -> InstanceLock:
    """Take the workspace's single-instance lock or raise :class:`IntentdError` naming the holder."""
    try:
        held = filelock.acquire(Path(workspace) / LOCK_PATH)
    except filelock.Held as busy:
        who = f"pid {busy.pid}" if busy.pid else "another process"
        raise IntentdError(
            f"{LOCK_PATH}: intentd watch is already running here ({who})",
            (
                Finding(
                    LOCK_PATH,
                    f"intentd watch is already running in this workspace ({who}); "
                    "stop it first, or leave it running",
                    rule="single-instance",
                ),
            ),
        ) from None
    held.record_pid()
    return held


def holder_pid(workspace: Path) -> int | None:
    """The PID recorded by the current or last holder (information only; it may be stale)."""
    return filelock.holder_pid(Path(workspace) / LOCK_PATH)


def running_pid(workspace: Path) -> int | None:
    """The PID of a watcher that holds the lock now, or None (the PID file alone may be stale:
    it is never deleted, R1)."""
    return filelock.running_pid(Path(workspace) / LOCK_PATH)
