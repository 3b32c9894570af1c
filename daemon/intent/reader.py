"""Reading ``intent/`` from disk: the one walk of the folder, and the bundle read through it.

:func:`walk` decides which files a revision reads; the watcher's snapshot
(:mod:`.snapshot`) walks with it too, so the two never disagree about a file. Every problem
is a finding naming the path: an oversized file, a binary where text belongs, a symlink
leaving the workspace, an unreadable file. All of them are reported together.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, IntentError
from ..layout import INTENT_DIR
from .bundle import (
    IntentBundle,
    IntentFile,
    is_decodable,
    is_image_path,
    is_intent_path,
    make_bundle,
    make_file,
)


@dataclass(frozen=True)
class Entry:
    """One thing :func:`walk` found under ``intent/``."""

    rel: str  # workspace-relative, forward slashes
    full: Path
    decodable: bool  # False: the path holds bytes that are not UTF-8
    linked_dir: bool = False  # a symlink to a folder: never walked into, checked by the reader


def walk(workspace: Path) -> Iterator[Entry]:
    """Every intent file under ``workspace/intent`` in a stable order, and every folder link.

    Hidden files and folders and editor temp files are skipped (their names never match the
    allowlisted suffixes or start with a dot). Nothing is read or followed here.
    """
    root = Path(workspace)
    for dirpath, dirnames, filenames in os.walk(root / INTENT_DIR, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            if (here / d).is_symlink():
                dirnames.remove(d)
                yield _entry(root, here / d, linked_dir=True)
        for name in sorted(filenames):
            if not name.startswith(".") and is_intent_path(name):
                yield _entry(root, here / name)


def _entry(root: Path, full: Path, *, linked_dir: bool = False) -> Entry:
    rel = full.relative_to(root).as_posix()
    return Entry(rel, full, is_decodable(rel), linked_dir)


def read_bundle(
    workspace: Path, *, max_text_bytes: int = 1_000_000, max_image_bytes: int = 5_000_000
) -> IntentBundle:
    """Read every intent file under ``workspace/intent`` (see :func:`walk`) into a bundle."""
    root = workspace.resolve()
    if not (root / INTENT_DIR).is_dir():
        raise IntentError(
            f"{INTENT_DIR}/: missing",
            (Finding(f"{INTENT_DIR}/", "no intent/ folder; create it and write intent/app.md"),),
        )
    findings: list[Finding] = []
    files: list[IntentFile] = []
    for entry in walk(root):
        limit = max_image_bytes if is_image_path(entry.rel) else max_text_bytes
        f = _read_entry(entry, root, limit, findings)
        if f is not None:
            files.append(f)
    if findings:
        raise IntentError("intent/ cannot be read", tuple(findings))
    if not files:
        raise IntentError(
            f"{INTENT_DIR}/: empty",
            (
                Finding(
                    f"{INTENT_DIR}/",
                    "no intent files (*.md, *.yaml, images); write intent/app.md to start",
                ),
            ),
        )
    return make_bundle(files)


def _read_entry(entry: Entry, root: Path, limit: int, findings: list[Finding]) -> IntentFile | None:
    if entry.linked_dir:
        _check_link(entry, root, findings)
        return None
    if not entry.decodable:
        shown = entry.rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        findings.append(Finding(shown, "the file name is not valid UTF-8; rename the file"))
        return None
    bad = unfit_name(entry.rel)
    if bad is not None:
        findings.append(Finding(repr(entry.rel)[1:-1], bad))
        return None
    if entry.full.is_symlink() and not _check_link(entry, root, findings):
        return None
    return _read_one(entry, limit, findings)


# A line break or other control character cannot pass through git's line-based plumbing (nor
# print as ``path:line``); a backslash reads as a folder separator on Windows and in git paths.
_UNFIT = re.compile(r"[\x00-\x1f\x7f\\]")


def unfit_name(rel: str) -> str | None:
    """Why git cannot commit a file at ``rel`` (a newline, a control character, a backslash)."""
    m = _UNFIT.search(rel)
    if m is None:
        return None
    what = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", "\\": "a backslash"}
    shown = what.get(m.group(), f"the control character U+{ord(m.group()):04X}")
    return f"the file name holds {shown}, which git cannot commit; rename the file"


def _check_link(entry: Entry, root: Path, findings: list[Finding]) -> bool:
    try:
        target = entry.full.resolve(strict=True)
    except (OSError, RuntimeError):
        findings.append(
            Finding(entry.rel, "broken symlink; point it at a file inside the workspace")
        )
        return False
    if not target.is_relative_to(root):
        findings.append(
            Finding(
                entry.rel, f"symlink leaves the workspace (→ {target}); copy the file in instead"
            )
        )
        return False
    return True


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


class NotRegular(OSError):
    """The path is not a regular file (a FIFO, a socket, a device): never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (None: it is one)."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def open_regular(path: str | Path) -> int:
    """A read-only descriptor of ``path``, refused (:class:`NotRegular`) unless a regular file.

    Opened non-blocking, so a FIFO swapped in after any earlier check cannot block the open,
    and checked on the descriptor itself; the caller closes it.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = not_regular(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegular(kind)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def not_regular_finding(rel: str, kind: str) -> Finding:
    return Finding(
        rel,
        f"{kind}, not a regular file; intent/ reads only regular files: remove it or save a file in its place",
    )


def _read_one(entry: Entry, limit: int, findings: list[Finding]) -> IntentFile | None:
    rel = entry.rel
    try:
        kind = not_regular(entry.full.stat().st_mode)  # by name, before any open
        if kind is not None:
            raise NotRegular(kind)
        fd = open_regular(entry.full)
        with os.fdopen(fd, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                findings.append(
                    Finding(rel, f"file is {size} bytes, over the {limit}-byte limit; split it up")
                )
                return None
            data = fh.read(limit + 1)
    except NotRegular as exc:
        findings.append(not_regular_finding(rel, exc.kind))
        return None
    except OSError as exc:
        findings.append(Finding(rel, f"cannot read: {exc.strerror or exc}; check permissions"))
        return None
    if len(data) > limit:
        findings.append(
            Finding(rel, f"file grew over the {limit}-byte limit while read; split it up")
        )
        return None
    try:
        return make_file(rel, data)
    except IntentError as exc:
        findings.extend(exc.findings)
        return None
