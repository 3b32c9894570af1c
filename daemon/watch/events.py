"""What ``intentd watch`` says: its events and their messages.

An event is a dict shaped like :class:`intentd.revision.report.Event` (schema:
``intentd schema events``): start, catch-up, change, planning, waiting, revision, up-to-date,
failure, error, stop. Messages say where, what and how to fix it, in the ``path: message``
form editors link.
"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import IntentdError
from .changes import relative

if TYPE_CHECKING:  # the watcher itself never imports the revision machinery
    from ..revision.transaction import Outcome

Event = dict[str, Any]
Emit = Callable[[Event], None]

#: A repeated error is emitted again only after this long (a flapping watcher must not flood).
REPEAT_AFTER_S = 60.0


def make_event(kind: str, message: str, data: dict[str, Any] | None = None) -> Event:
    at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"event": kind, "at": at, "message": message, "data": data}


@dataclass
class Throttle:
    """Lets an error message through once per distinct message every :data:`REPEAT_AFTER_S`."""

    last: str = ""
    at: float = 0.0

    def allows(self, message: str, now: float) -> bool:
        if message == self.last and now - self.at < REPEAT_AFTER_S:
            return False
        self.last, self.at = message, now
        return True


def describe_change(kind: str, paths: list[str]) -> str:
    """The message of a change or catch-up event: the first three paths and a count."""
    if not paths:
        return "catching up" if kind == "catch-up" else "change"
    shown = ", ".join(paths[:3]) + (f" (+{len(paths) - 3} more)" if len(paths) > 3 else "")
    return f"{kind}: {shown}"


def watch_error_message(exc: BaseException, workspace: Path) -> str:
    """What went wrong with the file watcher, and what to do about it."""
    text = str(exc)
    if "Unable to decode path" in text:
        where = text.split('"')[1] if text.count('"') >= 2 else text
        rel = relative(str(workspace), where) or where
        return f"{rel}: the file name is not valid UTF-8; rename it"
    text = f"file watcher stopped: {text}"
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "watch limit" in text:
        text += (
            " (the inotify watch limit is reached: raise fs.inotify.max_user_watches, "
            "or set WATCHFILES_FORCE_POLLING=1)"
        )
    return text


def revision_error(exc: Exception) -> tuple[str, str, dict[str, Any]]:
    """(kind, message, data) for an exception out of ``run_revision``.

    An :class:`IntentdError` is the person's to fix (a ``failure`` with its findings); anything
    else is a bug in intentd (an ``error`` with the traceback).
    """
    if isinstance(exc, IntentdError):
        lines = [f.render() for f in exc.findings] or [exc.message]
        return "failure", "\n".join(lines), {"findings": lines, "error": type(exc).__name__}
    tb = "".join(traceback.format_exception(exc))
    message = f"internal error in the revision: {type(exc).__name__}: {exc}"
    return "error", message, {"source": "revision", "traceback": tb}


def outcome_event(outcome: Outcome) -> Event | None:
    """The event that reports one revision's outcome (None: nothing to say)."""
    if outcome.status == "committed" and outcome.report is not None:
        return make_event("revision", outcome.message, outcome.report.model_dump(mode="json"))
    if outcome.status == "up-to-date":
        return make_event("up-to-date", "up to date")
    if outcome.failure is not None:
        failure = outcome.failure
        lines = [
            f"{f.location}: {f.message}" if f.location else f.message for f in failure.findings
        ]
        summary = f"revision failed ({failure.stage}): {outcome.message}; nothing committed"
        return make_event("failure", "\n".join([*lines, summary]), failure.model_dump(mode="json"))
    return None
