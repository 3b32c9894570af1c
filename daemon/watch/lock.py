"""One ``intentd watch`` per workspace: an exclusive ``flock`` on ``.intentd/watch.lock``.

The kernel drops the lock when the holder dies (even by ``kill -9``), so a new instance
starts at once after a crash. The PID inside is for people only, and the file is never
deleted: deleting a lock file lets a third process lock a fresh inode while the second still
holds the old one (daemon-reliability.md R1). ``flock`` does nothing on NFS mounted with
``nolock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from .. import layout
from ..errors import Finding, IntentdError

LOCK_PATH = layout.WATCH_LOCK


class InstanceLock:
    """The held lock; release it with :meth:`release` or by leaving a ``with`` block."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Unlock and close. The file stays (see the module docstring)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire(workspace: Path) -> InstanceLock:
    """Take the workspace's single-instance lock or raise :class:`IntentdError` naming the holder."""
    path = Path(workspace) / LOCK_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    # os.open makes the fd non-inheritable, so git children never keep the lock alive.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_pid(fd)
        os.close(fd)
        who = f"pid {holder}" if holder else "another process"
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
    except BaseException:
        os.close(fd)
        raise
    _write_pid(fd)
    return InstanceLock(path, fd)


def holder_pid(workspace: Path) -> int | None:
    """The PID recorded by the current or last holder (information only; it may be stale)."""
    try:
        text = (Path(workspace) / LOCK_PATH).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return _parse_pid(text)


def running_pid(workspace: Path) -> int | None:
    """The PID of a watcher that holds the lock now, or None (the PID file alone may be stale:
    it is never deleted, R1)."""
    path = Path(workspace) / LOCK_PATH
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _read_pid(fd) or -1  # held: someone is watching
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)


def _read_pid(fd: int) -> int | None:
    try:
        data = os.pread(fd, 64, 0)
    except OSError:
        return None
    return _parse_pid(data.decode("ascii", errors="replace"))


def _parse_pid(text: str) -> int | None:
    head = text.strip().split("\n", 1)[0].strip()
    return int(head) if head.isdigit() else None
