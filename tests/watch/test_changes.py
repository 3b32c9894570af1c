"""Where change events come from (``intentd.watch.changes``): the folders, the filter, polling."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intentd.watch.changes import (
    IntentFilter,
    dir_identity,
    polling_delay_ms,
    relative,
    watch_dirs,
    watched_paths,
)


def test_watchfiles_filter_uses_workspace_relative_paths(tmp_path: Path) -> None:
    f = IntentFilter(tmp_path)
    root = tmp_path.resolve()
    assert f(None, str(root / "intent" / "app.md"))  # type: ignore[arg-type]
    assert not f(None, str(root / "intent" / "4913"))  # type: ignore[arg-type]
    assert not f(None, "/elsewhere/intent/app.md")  # type: ignore[arg-type]


def test_relative_paths_stay_inside_the_workspace() -> None:
    assert relative("/ws", "/ws/intent/app.md") == "intent/app.md"
    assert relative("/ws", "/ws") == "."
    assert relative("/ws", "/elsewhere/app.md") is None
    assert relative("/ws", "/ws/../ws2/app.md") is None


def test_watched_paths_keep_only_what_a_revision_reads() -> None:
    batch = {
        (2, "/ws/intent/app.md"),
        (1, "/ws/intent/4913"),
        (2, "/ws/plan/handoff.yaml"),
        (2, "/ws/plan/README.md"),
        (2, "/elsewhere/intent/app.md"),
    }
    assert sorted(watched_paths("/ws", batch)) == ["intent/app.md", "plan/handoff.yaml"]


def test_watch_dirs_need_intent_and_add_plan_once_it_exists(tmp_path: Path) -> None:
    assert watch_dirs(tmp_path) == []
    (tmp_path / "plan").mkdir()
    assert watch_dirs(tmp_path) == []
    (tmp_path / "intent").mkdir()
    assert watch_dirs(tmp_path) == [tmp_path / "intent", tmp_path / "plan"]
    shutil.rmtree(tmp_path / "plan")
    assert watch_dirs(tmp_path) == [tmp_path / "intent"]


def test_dir_identity_tells_a_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "intent").mkdir()
    before = dir_identity([tmp_path / "intent"])
    assert before == dir_identity([tmp_path / "intent"])
    shutil.rmtree(tmp_path / "intent")
    assert dir_identity([tmp_path / "intent"]) == ((str(tmp_path / "intent"), -1, -1),)


@pytest.mark.parametrize(
    ("force", "delay", "expected"),
    [
        ("1", "", 300),
        ("true", "50", 50),
        ("1", "soon", 300),
        ("false", "50", None),
        ("disabled", "", None),
    ],
)
def test_polling_follows_watchfiles_rules(
    monkeypatch: pytest.MonkeyPatch, force: str, delay: str, expected: int | None
) -> None:
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", force)
    monkeypatch.setenv("WATCHFILES_POLL_DELAY_MS", delay)
    assert polling_delay_ms() == expected
