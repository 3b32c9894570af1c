"""``intentd watch``: the daemon glue — instance lock, the watcher, the revision, the output.

What the person sees (issue 5): one line per revision, failures as ``path:line: message``
lines that editors link, a status line while the planner works; ``--quiet`` shows only
failures; ``--json`` prints one event per line (schema: ``intentd schema events``). Every event
also goes to ``.intentd/events.log`` (JSON lines, rotated at 1 MB).
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from .. import git, layout
from ..errors import IntentdError
from ..intent import IntentBundle
from ..revision import stages as pipeline
from ..revision import transaction as revision
from ..workspace import Workspace
from . import lock
from .watcher import Watcher, fingerprint_of, scan, stop_on_signals

LOG = layout.EVENTS_LOG
LOG_MAX_BYTES = 1_000_000
#: A revision that lost the compare-and-swap race with the person's own commit is redone on
#: top of it at once (daemon-reliability R7: no revision lost); past this many, the next save
#: or rescan tries again.
RACE_RETRIES = 3
_MOVED = "moved while intentd was working"
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Printer:
    """Renders events for a terminal (or as JSON lines) and appends them to the log."""

    def __init__(self, root: Path, *, quiet: bool, as_json: bool, out: TextIO | None = None):
        self.root = root
        self.quiet = quiet
        self.as_json = as_json
        self.out = out or sys.stdout
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        with self._lock:
            self._log(event)
            if self.as_json:
                text: str | None = json.dumps(event, ensure_ascii=False, default=str)
            else:
                text = self._text(event)
            try:
                if text:
                    self.out.write(text + "\n")
                self.out.flush()
            except (OSError, ValueError):
                pass  # a closed terminal or pipe must not stop the daemon; the log has it

    def _text(self, event: dict[str, Any]) -> str | None:
        kind = event["event"]
        if kind in ("failure", "error"):
            return str(event["message"])
        if self.quiet:
            return None
        if kind in ("start", "revision", "waiting", "stop", "up-to-date"):
            return str(event["message"])
        if kind == "planning":
            return f"… {event['message']}"
        return None

    def _log(self, event: dict[str, Any]) -> None:
        path = self.root / LOG
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
                path.replace(path.with_suffix(".log.1"))
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
        except OSError:
            pass  # the log is a convenience; never let it stop the daemon


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _event(kind: str, message: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"event": kind, "at": _now(), "message": message, "data": data}


def repo_busy(root: Path) -> Callable[[], str | None]:
    """Why the watcher must wait (R5): a git operation in progress, or a detached HEAD."""

    def busy() -> str | None:
        state = git.state(root)
        reason = state.busy()
        if reason is None and state.detached:
            return "HEAD is detached; check out a branch and intentd catches up"
        return reason

    return busy


def make_revision(
    ws: Workspace, emit: Callable[[dict[str, Any]], None]
) -> Callable[[], revision.Outcome]:
    def run() -> revision.Outcome:
        def progress(text: str) -> None:
            emit(_event("planning", text))

        try:
            bundle: IntentBundle | None = _read_snapshot(ws)
        except IntentdError:
            # Unreadable intent: let the revision read it again and fail as a revision does
            # (reported, and kept in .intentd/last_failure.json for `intentd status`).
            bundle = None
        opts = revision.Options(progress=progress, bundle=bundle)
        outcome = revision.build(ws.root, opts)
        for _ in range(RACE_RETRIES):
            if not _lost_race(outcome):
                break
            emit(_event("planning", "the branch moved during the revision; redoing it on top"))
            outcome = revision.build(ws.root, opts)
        if outcome.status == "committed" and outcome.report is not None:
            emit(_event("revision", outcome.message, outcome.report.model_dump(mode="json")))
        elif outcome.status == "up-to-date":
            emit(_event("up-to-date", "up to date"))
        elif outcome.failure is not None:
            lines = [
                f"{f.location}: {f.message}" if f.location else f.message
                for f in outcome.failure.findings
            ]
            summary = (
                f"revision failed ({outcome.failure.stage}): {outcome.message}; nothing committed"
            )
            emit(
                _event(
                    "failure", "\n".join([*lines, summary]), outcome.failure.model_dump(mode="json")
                )
            )
        return outcome

    return run


def _read_snapshot(ws: Workspace) -> IntentBundle:
    """The intent bundle the revision commits, read once and checked against the files.

    The watcher has just read the files twice, a gap apart, and found them stable (R3), so
    one read that still matches what is on disk right after it is that same stable state; only
    when it does not (a save landed in between) is the bundle re-read until stable. This
    saves the 20 ms gap of a second stable read on every save (bench/bench_watch.py).
    """
    bundle = pipeline.read_bundle(ws)
    if fingerprint_of(ws.root, scan(ws.root)).intent == bundle.sha256:
        return bundle
    return pipeline.read_stable_bundle(ws)


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
                _run_shielded(watcher)
        else:
            watcher.run()
    finally:
        instance.release()
    return 0


def _run_shielded(watcher: Watcher) -> None:
    """Run the watcher on a thread that blocks SIGINT and SIGTERM; this (main) thread takes them.

    Ctrl-C signals the whole process group. A git child caught between ``fork`` and its
    ``setsid`` (``start_new_session=True``) is still in that group, gets the signal, and dies
    of it as soon as ``subprocess`` restores its signal mask — measured: a ``kill -TERM`` to
    the group right after a ref update killed the index refresh (rc -15) in about one run in
    three (tests/test_daemon_kill.py). Children forked from a thread that blocks both signals
    inherit the mask, so the pending signal is never delivered to them; the main thread still
    runs the handler that sets the stop event, and the revision under way finishes.
    """
    failure: list[BaseException] = []

    def run() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            watcher.run()
        except BaseException as exc:  # re-raised in the main thread
            failure.append(exc)

    # A daemon thread: a second Ctrl-C (KeyboardInterrupt here) still ends the process.
    worker = threading.Thread(target=run, name="intentd-watch", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)  # wakes the main thread so signal handlers run promptly
    if failure:
        raise failure[0]
