"""What ``intentd watch`` says (``intentd.watch.events``) and shows (``intentd.watch.printer``)."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path

import pytest

from intentd.errors import Finding, IntentError
from intentd.revision.report import Event as EventModel
from intentd.revision.transaction import Outcome
from intentd.watch import printer
from intentd.watch.events import (
    REPEAT_AFTER_S,
    Throttle,
    describe_change,
    make_event,
    outcome_event,
    revision_error,
    watch_error_message,
)
from intentd.watch.printer import Printer


def test_an_event_matches_the_published_schema() -> None:
    event = make_event("waiting", "waiting: a rebase is in progress", {"reason": "rebase"})
    assert EventModel.model_validate(event).event == "waiting"
    assert event["at"].endswith("Z") and "+" not in event["at"]


@pytest.mark.parametrize(
    ("kind", "paths", "message"),
    [
        ("catch-up", [], "catching up"),
        ("change", [], "change"),
        ("change", ["intent/app.md"], "change: intent/app.md"),
        ("change", ["a", "b", "c", "d", "e"], "change: a, b, c (+2 more)"),
    ],
)
def test_change_messages(kind: str, paths: list[str], message: str) -> None:
    assert describe_change(kind, paths) == message


def test_watch_error_messages_say_what_to_do() -> None:
    ws = Path("/ws")
    undecodable = RuntimeError('Unable to decode path "/ws/intent/\\xFF.md" to string')
    assert watch_error_message(undecodable, ws) == (
        "intent/\\xFF.md: the file name is not valid UTF-8; rename it"
    )
    limit = watch_error_message(OSError(errno.ENOSPC, "No space left on device"), ws)
    assert limit.startswith("file watcher stopped: ") and "max_user_watches" in limit
    assert watch_error_message(RuntimeError("boom"), ws) == "file watcher stopped: boom"


def test_a_revision_error_is_a_failure_for_the_person_or_an_error_for_a_bug() -> None:
    exc = IntentError("bad", (Finding("intent/app.md:3", "unknown field type 'strnig'"),))
    assert revision_error(exc) == (
        "failure",
        "intent/app.md:3: unknown field type 'strnig'",
        {"findings": ["intent/app.md:3: unknown field type 'strnig'"], "error": "IntentError"},
    )
    try:
        raise KeyError("bug")
    except KeyError as bug:
        kind, message, data = revision_error(bug)
    assert kind == "error" and message == "internal error in the revision: KeyError: 'bug'"
    assert data["source"] == "revision" and "Traceback" in data["traceback"]


def test_outcome_events() -> None:
    up = outcome_event(Outcome("up-to-date", "nothing to do"))
    assert up is not None and (up["event"], up["message"], up["data"]) == (
        "up-to-date",
        "up to date",
        None,
    )
    assert outcome_event(Outcome("fresh", "new workspace")) is None


def test_throttle_lets_a_repeat_through_once_a_minute() -> None:
    t = Throttle()
    assert t.allows("a", 0.0)
    assert not t.allows("a", REPEAT_AFTER_S - 1)
    assert t.allows("b", 1.0) and t.allows("a", 2.0)
    assert not t.allows("a", 3.0)
    assert t.allows("a", 2.0 + REPEAT_AFTER_S)


def _events() -> list[dict[str, object]]:
    return [
        make_event("start", "watching /ws"),
        make_event("change", "change: intent/app.md"),
        make_event("planning", "asking the planner"),
        make_event("failure", "intent/app.md:3: bad"),
    ]


def test_printer_shows_lines_and_logs_every_event(tmp_path: Path) -> None:
    out = io.StringIO()
    show = Printer(tmp_path, quiet=False, as_json=False, out=out)
    for e in _events():
        show(e)
    assert out.getvalue() == "watching /ws\n… asking the planner\nintent/app.md:3: bad\n"
    log = (tmp_path / printer.LOG).read_text().splitlines()
    assert [json.loads(line)["event"] for line in log] == ["start", "change", "planning", "failure"]


def test_printer_quiet_and_json(tmp_path: Path) -> None:
    quiet, as_json = io.StringIO(), io.StringIO()
    events = _events()
    for e in events:
        Printer(tmp_path, quiet=True, as_json=False, out=quiet)(e)
        Printer(tmp_path, quiet=False, as_json=True, out=as_json)(e)
    assert quiet.getvalue() == "intent/app.md:3: bad\n"
    assert [json.loads(line) for line in as_json.getvalue().splitlines()] == events


def test_printer_rotates_the_log_and_survives_a_closed_stream(tmp_path: Path) -> None:
    log = tmp_path / printer.LOG
    log.parent.mkdir()
    log.write_text("x" * (printer.LOG_MAX_BYTES + 1))
    out = io.StringIO()
    out.close()
    Printer(tmp_path, quiet=False, as_json=False, out=out)(make_event("stop", "stopped"))
    assert log.with_suffix(".log.1").stat().st_size == printer.LOG_MAX_BYTES + 1
    assert json.loads(log.read_text())["event"] == "stop"
