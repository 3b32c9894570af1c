"""What the person sees of ``intentd watch``, and the events log behind it.

One line per revision, failures as ``path:line: message`` lines that editors link, a status
line while the planner works (issue 5); ``--quiet`` shows only failures; ``--json`` prints one
event per line. Every event also goes to ``.intentd/events.log`` (JSON lines, rotated at 1 MB).
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import TextIO

from .. import layout
from .events import Event

LOG = layout.EVENTS_LOG
LOG_MAX_BYTES = 1_000_000
_SHOWN = ("start", "revision", "waiting", "stop", "up-to-date")


class Printer:
    """Renders events for a terminal (or as JSON lines) and appends them to the log."""

    def __init__(self, root: Path, *, quiet: bool, as_json: bool, out: TextIO | None = None):
        self.root = root
        self.quiet = quiet
        self.as_json = as_json
        self.out = out or sys.stdout
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
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

    def _text(self, event: Event) -> str | None:
        kind = event["event"]
        if kind in ("failure", "error"):
            return str(event["message"])
        if self.quiet:
            return None
        if kind in _SHOWN:
            return str(event["message"])
        if kind == "planning":
            return f"… {event['message']}"
        return None

    def _log(self, event: Event) -> None:
        path = self.root / LOG
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
                path.replace(path.with_suffix(".log.1"))
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
        except OSError:
            pass  # the log is a convenience; never let it stop the daemon
