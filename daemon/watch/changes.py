"""Where change events come from: watchfiles on ``intent/`` and ``plan/``, or a test's script.

Events are only a wake-up (daemon-reliability.md R2): the watcher decides on the state it
reads (:mod:`intentd.intent.snapshot`), so this module only says which folders to watch, how
watchfiles is set up for them (polling included), and which events matter
(:func:`.filters.is_watched`).
"""

from __future__ import annotations

import os
import platform
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import watchfiles

from .. import layout
from ..layout import INTENT_DIR
from .filters import is_watched

Batch = set[tuple[Any, str]]
# (directories to watch, stop event, tick in ms) -> batches of (change, absolute path); an
# empty batch is a timeout tick. watchfiles.watch in production, a script in tests.
ChangeSource = Callable[[Sequence[Path], threading.Event, int], Iterable[Batch]]
DirIdentity = tuple[tuple[str, int, int], ...]

#: watchfiles yields a batch once no new change arrived for this long, so its newest change is
#: at least this old when we see it; the quiet period counts from the change, not the yield.
STEP_MS = 50


class IntentFilter(watchfiles.BaseFilter):
    """watchfiles filter: only changes :func:`.filters.is_watched` cares about."""

    def __init__(self, workspace: Path) -> None:
        super().__init__()
        self.root = str(Path(workspace).resolve())

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        rel = relative(self.root, path)
        return rel is not None and is_watched(rel)


def watchfiles_source(workspace: Path, quiet_period: float, poll_ms: int | None) -> ChangeSource:
    """The production change source; ``poll_ms`` (from :func:`polling_delay_ms`) forces polling."""

    def source(dirs: Sequence[Path], stop_event: threading.Event, tick_ms: int) -> Iterator[Batch]:
        return watchfiles.watch(
            *dirs,
            watch_filter=IntentFilter(workspace),
            debounce=max(100, int(quiet_period * 1000)),
            step=STEP_MS,
            stop_event=stop_event,
            rust_timeout=tick_ms,
            yield_on_timeout=True,
            raise_interrupt=False,
            force_polling=poll_ms is not None,
            poll_delay_ms=poll_ms or 300,
        )

    return source


def polling_delay_ms() -> int | None:
    """The poll delay if watchfiles will poll (``WATCHFILES_FORCE_POLLING``, WSL), else None.

    Same rules as watchfiles' own defaults, decided here so the quiet period can account for it.
    """
    force = os.environ.get("WATCHFILES_FORCE_POLLING", "")
    if force:
        polling = force.lower() not in {"false", "disable", "disabled"}
    else:
        uname = platform.uname()
        polling = uname.system == "Linux" and "microsoft-standard" in uname.release.lower()
    if not polling:
        return None
    delay = os.environ.get("WATCHFILES_POLL_DELAY_MS", "")
    return int(delay) if delay.isdecimal() else 300


def watch_dirs(workspace: Path) -> list[Path]:
    """The folders to watch: ``intent/`` and, once it exists, ``plan/`` (none without intent/)."""
    intent = workspace / INTENT_DIR
    if not intent.is_dir():
        return []
    plan = workspace / layout.PLAN_DIR
    return [intent, plan] if plan.is_dir() else [intent]


def dir_identity(dirs: Sequence[Path]) -> DirIdentity:
    """Which folders these are: a folder deleted and recreated has another (device, inode)."""
    out = []
    for d in dirs:
        try:
            st = d.stat()
        except OSError:
            out.append((str(d), -1, -1))
        else:
            out.append((str(d), st.st_dev, st.st_ino))
    return tuple(out)


def relative(root: str, path: str) -> str | None:
    """``path`` relative to ``root`` with forward slashes; None when it lies outside."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return None
    if rel == ".." or rel.startswith(".." + os.sep):
        return None
    return rel.replace(os.sep, "/")


def watched_paths(root: str, batch: Batch) -> list[str]:
    """The workspace-relative paths of a batch that may change what a revision reads."""
    out = []
    for _change, path in batch:
        rel = relative(root, path)
        if rel is not None and is_watched(rel):
            out.append(rel)
    return out
