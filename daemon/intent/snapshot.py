"""The stable snapshot of what a revision reads, and its fingerprint (daemon-reliability.md R2, R3).

A revision reads the intent files and ``plan/handoff.yaml``. The watcher asks two things of
them: did anything change (a cheap stat sweep, no reads: :func:`stat_signature`), and what
exactly is there once nothing changes any more (:func:`stable_fingerprint`: every file read
twice, same size, mtime_ns and sha256). Both walk ``intent/`` with :func:`.reader.walk`, and
the fingerprint hashes with :func:`.bundle.intent_hash`, so for a readable bundle it *is* the
bundle's ``sha256``: nothing keeps two walks or two hashes in step.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import layout
from ..layout import INTENT_DIR
from .bundle import IntentBundle, intent_hash
from .reader import NotRegular, open_regular, walk

FileState = tuple[int, int, str]  # size, mtime_ns, sha256
Signature = tuple[tuple[str, int, int, int], ...]  # (path, size, mtime_ns, inode), sorted


@dataclass(frozen=True)
class Fingerprint:
    """What a revision reads. ``intent`` equals :attr:`IntentBundle.sha256` for a readable
    bundle (None: no ``intent/``); ``plan`` is the sha256 of ``plan/handoff.yaml`` (None: absent).
    """

    intent: str | None
    plan: str | None


def _inputs(workspace: Path) -> Iterator[tuple[str, str, bool]]:
    """(workspace-relative path, full path, name decodable) of every file a revision reads."""
    for entry in walk(workspace):
        if not entry.linked_dir:
            yield entry.rel, str(entry.full), entry.decodable
    handoff = Path(workspace) / layout.HANDOFF
    if handoff.exists():
        yield layout.HANDOFF, str(handoff), True


def scan(workspace: Path) -> dict[str, FileState]:
    """One read of every file a revision reads: workspace-relative path → (size, mtime_ns, sha)."""
    return {rel: file_state(full, read=ok) for rel, full, ok in _inputs(workspace)}


def stat_signature(workspace: Path) -> Signature:
    """A cheap stat-only view (no reads) of the inputs, swept on every watcher tick.

    watchfiles can lose events (an inotify overflow, #348; a batch cleared on timeout, seen
    here under forced polling), so each quiet tick compares this and wakes the debounce
    itself (daemon-reliability.md R2). Stat never produces an inotify event.
    """
    out = []
    for rel, full, _ok in _inputs(workspace):
        try:
            st = os.stat(full)
        except OSError:
            out.append((rel, -1, -1, -1))
        else:
            out.append((rel, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sorted(out))


def fingerprint_of(workspace: Path, states: dict[str, FileState]) -> Fingerprint:
    """The fingerprint of one :func:`scan` (pure apart from checking that intent/ exists)."""
    intent = None
    if (Path(workspace) / INTENT_DIR).is_dir():
        intent = intent_hash((rel, s[2]) for rel, s in states.items() if rel != layout.HANDOFF)
    plan = states[layout.HANDOFF][2] if layout.HANDOFF in states else None
    return Fingerprint(intent, plan)


def stable_fingerprint(
    workspace: Path,
    *,
    attempts: int = 10,
    gap: float = 0.02,
    sleep: Callable[[float], Any] = time.sleep,
) -> Fingerprint | None:
    """Read until two consecutive reads agree (size, mtime_ns, sha256 of every file).

    Returns None when the files are still changing after ``attempts`` reads (R3: never act
    on a half-saved file).
    """
    previous = scan(workspace)
    for _ in range(max(1, attempts - 1)):
        sleep(gap)
        current = scan(workspace)
        if current == previous:
            return fingerprint_of(workspace, current)
        previous = current
    return None


def read_stable_bundle(
    read: Callable[[], IntentBundle],
    *,
    attempts: int = 20,
    gap: float = 0.02,
    sleep: Callable[[float], Any] = time.sleep,
) -> IntentBundle:
    """Call ``read`` (a bundle reader) until two reads agree (R3: never act on a half-saved file).

    A writer still busy after ``attempts`` reads gets the last read; the watcher sees the
    next change and runs again.
    """
    previous = read()
    for _ in range(attempts):
        sleep(gap)
        current = read()
        if current.sha256 == previous.sha256:
            return current
        previous = current
    return previous


def read_settled_bundle(workspace: Path, read: Callable[[], IntentBundle]) -> IntentBundle:
    """The bundle a revision commits right after :func:`stable_fingerprint` found the files stable.

    The files were just read twice, a gap apart, and found stable (R3), so one read that still
    matches what is on disk right after it is that same stable state; only when it does not (a
    save landed in between) is the bundle re-read until stable. This saves the 20 ms gap of a
    second stable read on every save (bench/bench_watch.py).
    """
    bundle = read()
    if fingerprint_of(workspace, scan(workspace)).intent == bundle.sha256:
        return bundle
    return read_stable_bundle(read)


def file_state(path: str, *, read: bool = True) -> FileState:
    """Size, mtime_ns and sha256. ``read=False`` (an undecodable name) hashes the metadata:
    opening such a file makes watchfiles fail on the access event it cannot decode (#282).
    Nor is anything but a regular file opened (a FIFO would block): it hashes its metadata
    too, and the revision reading it reports it (:func:`.reader.read_bundle`)."""
    try:
        st = os.stat(path)
        if not read or not stat.S_ISREG(st.st_mode):
            meta = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}".encode()
            return (st.st_size, st.st_mtime_ns, hashlib.sha256(meta).hexdigest())
        with os.fdopen(open_regular(path), "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except NotRegular:
        return (-1, -1, "error:not-regular")
    except OSError as exc:
        # Vanished or unreadable: a distinct state, so a later read that works counts as a change.
        return (-1, -1, f"error:{exc.errno}")
    return (st.st_size, st.st_mtime_ns, digest)


def file_sha(path: Path) -> str | None:
    """The sha256 of one file, None when it cannot be read."""
    state = file_state(str(path))
    return None if state[0] < 0 else state[2]
