"""The pure half of the watcher (``intentd.watch.filters``): which paths matter, and when to act."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intentd.watch.filters import Debouncer, is_ignored, is_watched

# -- the filter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "intent/.app.md.swp",
        "intent/.app.md.swo",
        "intent/.app.md.swx",
        "intent/app.md.swp",
        "intent/app.md~",
        "intent/4913",
        "intent/5036",
        "intent/#app.md#",
        "intent/.#app.md",
        "intent/app.md___jb_tmp___",
        "intent/app.md___jb_old___",
        "intent/.goutputstream-AB12CD",
        "intent/.app.md.intentd-tmp-k2j3",
        "plan/.handoff.yaml.intentd-tmp-x9",
        "intent/.hidden.md",
        "intent/.drafts/app.md",
        "intent/app.md.bak",
    ],
)
def test_editor_temp_files_are_ignored(path: str) -> None:
    assert is_ignored(path)
    assert not is_watched(path)


@pytest.mark.parametrize(
    "path",
    ["intent/app.md", "intent/sub/api.yaml", "intent/wire.PNG", "intent/a.yml", "intent/x.svg.md"],
)
def test_intent_files_are_watched(path: str) -> None:
    assert not is_ignored(path)
    assert is_watched(path)


@pytest.mark.parametrize(
    ("path", "watched"),
    [
        ("plan/handoff.yaml", True),  # a hand edit steers the plan
        ("plan/README.md", False),  # ours, derived
        ("spec/openapi.yaml", False),
        ("intent", True),  # the folder itself (deleted / recreated)
        ("intent/sub", True),  # a folder renamed reports only its own name
        ("intent/notes.txt", False),  # not allowlisted
        ("intentd.yaml", False),
        ("README.md", False),
        ("intent/../README.md", False),
    ],
)
def test_watch_allowlist(path: str, watched: bool) -> None:
    assert is_watched(path) is watched


@given(st.text())
def test_filter_never_raises(path: str) -> None:
    assert isinstance(is_ignored(path), bool)
    assert isinstance(is_watched(path), bool)


# -- the debounce state machine ------------------------------------------------------------


def test_quiet_period_restarts_on_each_event() -> None:
    d = Debouncer(quiet=0.5)
    assert not d.due(0.0)
    d.event(1.0)
    assert not d.due(1.4)
    d.event(1.4)
    assert not d.due(1.8)
    assert d.due(1.9)
    assert d.deadline() == pytest.approx(1.9)


def test_one_revision_at_a_time_and_events_during_it_coalesce() -> None:
    d = Debouncer(quiet=0.5)
    d.event(0.0)
    assert d.due(0.5)
    d.begin()
    assert not d.due(10.0)
    with pytest.raises(RuntimeError):
        d.begin()
    for t in (0.6, 0.7, 0.8):  # three saves while the revision runs
        d.event(t)
    assert not d.due(2.0)  # still running
    d.end()
    assert d.due(2.0)  # exactly one next run, for all three
    d.begin()
    d.end()
    assert not d.due(100.0)


def test_next_run_waits_for_quiet_after_last_event_during_revision() -> None:
    d = Debouncer(quiet=0.5)
    d.event(0.0)
    d.begin()
    d.event(1.0)
    d.end()
    assert not d.due(1.2)
    assert d.due(1.5)


def test_drop_clears_without_a_run() -> None:
    d = Debouncer(quiet=0.1)
    d.event(0.0)
    d.drop()
    assert not d.due(5.0)
    assert d.deadline() is None
