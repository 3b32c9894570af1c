"""Atomic, durable file writes (daemon-reliability R8).

A file is written to a temp file in its own folder (``.<name>.intentd-tmp-<random>``, which the
watcher and ``.gitignore`` skip), flushed, fsynced and renamed over the target; then the folder
is fsynced so the rename itself survives a power cut (PostgreSQL's ``durable_rename``). A reader
sees the old bytes or the new bytes, never a mix.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

TEMP_MARK = ".intentd-tmp-"
_TEMP_NAME = re.compile(r"^\..+\.intentd-tmp-[0-9a-f]{12}$")
# Folders never searched for leftovers: not ours, and possibly huge.
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "__pycache__"})


def is_temp_file(name: str) -> bool:
    """True for a temp file of ours (by its base name); the watcher ignores these."""
    return bool(_TEMP_NAME.match(os.path.basename(name)))


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_MARK}{secrets.token_hex(6)}")


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_parents(folder: Path) -> None:
    """Create missing folders, fsyncing each new one's parent so the entry is durable."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
        fsync_dir(new.parent)


def write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` durably to a fresh temp file beside ``path``; returns the temp path.

    The temp file takes the mode of the file it will replace (new files: 0666 minus umask).
    """
    _make_parents(path.parent)
    tmp = temp_path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    try:
        if mode != 0o666:
            os.fchmod(fd, mode)  # umask would otherwise strip bits the old file had
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def replace(tmp: Path, path: Path, *, sync: bool = True) -> None:
    """Rename a temp file from :func:`write_temp` over ``path`` (and fsync the folder)."""
    os.replace(tmp, path)
    if sync:
        fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably."""
    tmp = write_temp(path, data)
    try:
        replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_files(
    files: Mapping[Path, bytes | None], step: Callable[[str], None] | None = None
) -> None:
    """Write several files: every temp file first, then the renames, then folder fsyncs.

    ``None`` removes a file. ``step`` is called at ``after-temp-write`` and ``after-rename-N``
    (N counts from 1 in sorted path order) so a transaction can inject faults (journal.fault).
    Nothing is renamed until every temp file is on disk, so a failed write leaves no target
    changed.
    """
    order = sorted(files)
    temps: dict[Path, Path] = {}
    try:
        for path in order:
            data = files[path]
            if data is not None:
                temps[path] = write_temp(path, data)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    try:
        if step:
            step("after-temp-write")
        folders = set()
        for n, path in enumerate(order, start=1):
            if path in temps:
                os.replace(temps.pop(path), path)
            else:
                path.unlink(missing_ok=True)
            folders.add(path.parent)
            if step:
                step(f"after-rename-{n}")
    finally:
        for tmp in temps.values():  # only after an exception; a crash leaves them to cleanup
            tmp.unlink(missing_ok=True)
    for folder in sorted(folders):
        fsync_dir(folder)


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        for name in names:
            if is_temp_file(name):
                yield Path(folder) / name


def cleanup_temp_files(root: Path) -> list[Path]:
    """Delete temp files left by an interrupted write under ``root``; returns what went."""
    removed = []
    for tmp in _walk(root):
        try:
            tmp.unlink()
        except FileNotFoundError:
            continue
        removed.append(tmp)
    for folder in sorted({p.parent for p in removed}):
        fsync_dir(folder)
    return removed
