"""``intentd watch``: the daemon glue — instance lock, the watcher, the revision, the output.

What the person sees (issue 5): one line per revision, failures as ``path:line: message``
lines that editors link, a status line while the planner works; ``--quiet`` shows only
failures; ``--json`` prints one event per line (schema: ``intentd schema events``). Every event
also goes to ``.intentd/events.log`` (JSON lines, rotated at 1 MB).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from . import gitops, lock, pipeline, revision
from .errors import IntentdError
from .watch import Watcher, stop_on_signals

LOG = Path(".intentd") / "events.log"
LOG_MAX_BYTES = 1_000_000


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
                self.out.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
            else:
                text = self._text(event)
                if text:
                    self.out.write(text + "\n")
            self.out.flush()

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
        state = gitops.state(root)
        reason = state.busy()
        if reason is None and state.detached:
            return "HEAD is detached; check out a branch and intentd catches up"
        return reason

    return busy


def make_revision(
    ws: pipeline.Workspace, emit: Callable[[dict[str, Any]], None]
) -> Callable[[], revision.Outcome]:
    def run() -> revision.Outcome:
        def progress(text: str) -> None:
            emit(_event("planning", text))

        try:
            bundle = pipeline.read_stable_bundle(ws)
        except IntentdError as exc:
            raise exc
        outcome = revision.build(ws.root, revision.Options(progress=progress, bundle=bundle))
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


def watch(
    path: str | Path,
    *,
    quiet: bool = False,
    as_json: bool = False,
    stop_event: threading.Event | None = None,
    out: TextIO | None = None,
) -> int:
    ws = pipeline.Workspace.open(path)
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
        if stop_event is None:
            with stop_on_signals(stop):
                watcher.run()
        else:
            watcher.run()
    finally:
        instance.release()
    return 0
