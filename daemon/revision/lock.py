"""One holder at a time: an exclusive ``flock`` on a file under ``.intentd/``.

The revision lock (one revision per workspace) and the watch instance lock (one watcher per
workspace) are both this. The kernel drops the lock when the holder dies (even by
``kill -9``), so the next holder starts at once after a crash. The file is never deleted:
deleting a lock file lets a third process lock a fresh inode while the second still holds the
old one (daemon-reliability.md R1). A PID written inside is for people only. ``flock`` does
nothing on NFS mounted with ``nolock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

#: The longest pause between two tries while waiting, and the first one (it grows by 1.6×).
MAX_GAP = 0.25
FIRST_GAP = 0.01


class FileLock:
    """A held lock; release it with :meth:`release` or by leaving a ``with`` block."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def record_pid(self) -> None:
        """Write this process's PID into the file, for people asking who holds it."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def release(self) -> None:
        """Unlock and close. The file stays (see the module docstring)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class Held(Exception):
    """Another process holds the lock; ``pid`` is the one it recorded (None: none)."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is held by {f'pid {pid}' if pid else 'another process'}")
        self.path = path
        self.pid = pid


def acquire(
    path: Path, *, timeout: float = 0.0, on_wait: Callable[[], None] | None = None
) -> FileLock:
    """Take the lock, trying again with backoff for up to ``timeout`` seconds while another
    process holds it (``on_wait`` is called once, when waiting starts); raises :class:`Held`
    when it is still held then. The default timeout tries once."""
    fd = _open(path)
    try:
        if _wait_flock(fd, timeout, on_wait):
            return FileLock(path, fd)
        holder = _read_pid(fd)
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    raise Held(path, holder)


def holder_pid(path: Path) -> int | None:
    """The PID recorded by the current or last holder (information only; it may be stale)."""
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return _parse_pid(text)


def running_pid(path: Path) -> int | None:
    """The PID of a process that holds the lock now (-1 when it recorded none), or None. The
    PID in the file alone may be stale: it is never deleted (R1)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _read_pid(fd) or -1  # held
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    # close-on-exec, so git children never keep the lock alive
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_flock(fd: int, timeout: float, on_wait: Callable[[], None] | None) -> bool:
    deadline = time.monotonic() + timeout
    attempt = 0
    while not _try_flock(fd):
        if attempt == 0 and on_wait is not None:
            on_wait()
        if time.monotonic() >= deadline:
            return False
        time.sleep(min(MAX_GAP, FIRST_GAP * 1.6**attempt))
        attempt += 1
    return True


def _read_pid(fd: int) -> int | None:
    try:
        data = os.pread(fd, 64, 0)
    except OSError:
        return None
    return _parse_pid(data.decode("ascii", errors="replace"))


def _parse_pid(text: str) -> int | None:
    head = text.strip().split("\n", 1)[0].strip()
    return int(head) if head.isdigit() else None
