"""``intentd watch``: the daemon glue — instance lock, the watcher, the revision, the output.

The :class:`.watcher.Watcher` decides when; :func:`make_revision` is what it runs (one
revision, redone when it lost a race with the person's own commit, reported as an event);
:class:`.printer.Printer` shows the events and logs them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .. import git
from ..errors import IntentdError
from ..intent import snapshot
from ..intent.bundle import IntentBundle
from ..revision import stages as pipeline
from ..revision import transaction as revision
from ..workspace import Workspace
from . import lock
from .events import Emit, make_event, outcome_event
from .printer import Printer
from .signals import run_shielded, stop_on_signals
from .watcher import Watcher

#: A revision that lost the compare-and-swap race with the person's own commit is redone on
#: top of it at once (daemon-reliability R7: no revision lost); past this many, the next save
#: or rescan tries again.
RACE_RETRIES = 3
_MOVED = "moved while intentd was working"


def repo_busy(root: Path) -> Callable[[], str | None]:
    """Why the watcher must wait (R5): a git operation in progress, or a detached HEAD."""

    def busy() -> str | None:
        state = git.state(root)
        reason = state.busy()
        if reason is None and state.detached:
            return "HEAD is detached; check out a branch and intentd catches up"
        return reason

    return busy


def make_revision(ws: Workspace, emit: Emit) -> Callable[[], revision.Outcome]:
    """What the watcher runs: one revision of the settled snapshot, reported through ``emit``."""

    def run() -> revision.Outcome:
        def progress(text: str) -> None:
            emit(make_event("planning", text))

        opts = revision.Options(progress=progress, bundle=_settled_bundle(ws))
        outcome = _build(ws, opts, emit)
        event = outcome_event(outcome)
        if event is not None:
            emit(event)
        return outcome

    return run


def _settled_bundle(ws: Workspace) -> IntentBundle | None:
    """The stable bundle the revision commits (:func:`.snapshot.read_settled_bundle`)."""
    try:
        return snapshot.read_settled_bundle(ws.root, lambda: pipeline.read_bundle(ws))
    except IntentdError:
        # Unreadable intent: let the revision read it again and fail as a revision does
        # (reported, and kept in .intentd/last_failure.json for `intentd status`).
        return None


def _build(ws: Workspace, opts: revision.Options, emit: Emit) -> revision.Outcome:
    outcome = revision.build(ws.root, opts)
    for _ in range(RACE_RETRIES):
        if not _lost_race(outcome):
            break
        emit(make_event("planning", "the branch moved during the revision; redoing it on top"))
        outcome = revision.build(ws.root, opts)
    return outcome


def _lost_race(outcome: revision.Outcome) -> bool:
    """The person committed between our read of HEAD and our compare-and-swap."""
    failure = outcome.failure
    return (
        outcome.status == "failed"
        and failure is not None
        and failure.stage == "git"
        and _MOVED in failure.message
    )


def watch(
    path: str | Path,
    *,
    quiet: bool = False,
    as_json: bool = False,
    stop_event: threading.Event | None = None,
    out: TextIO | None = None,
    on_start: Callable[[Watcher], None] | None = None,
) -> int:
    """Run the daemon until ``stop_event`` is set (or SIGINT/SIGTERM when none is given).

    ``on_start`` receives the :class:`Watcher` before it runs (tests wait on ``settled``).
    """
    ws = Workspace.open(path)
    instance = lock.acquire(ws.root)
    stop = stop_event or threading.Event()
    printer = Printer(ws.root, quiet=quiet, as_json=as_json, out=out)
    try:
        watcher = Watcher(
            ws.root,
            make_revision(ws, printer),
            quiet_period=ws.config.quiet_period_ms / 1000,
            rescan_interval=ws.config.rescan_interval_s,
            stop_event=stop,
            emit=printer,
            repo_busy=repo_busy(ws.root),
        )
        if on_start is not None:
            on_start(watcher)
        if stop_event is None:
            with stop_on_signals(stop):
                run_shielded(watcher.run)
        else:
            watcher.run()
    finally:
        instance.release()
    return 0
