"""The real watcher (``service.watch`` on a thread, real watchfiles and git) faced with a FIFO
and a billion-laughs save: it reports the file by name, keeps watching, and commits the next
valid save."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers.daemon_harness import (
    APP,
    Daemon,
    committed,
    copy_workspace,
    head,
    intent,
    make_base,
    save,
    show,
    wait_until,
)

from .inputs import LAUGHS, NOT_REGULAR, front_matter, laughs


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("hostile-watch") / "base")


@pytest.fixture
def ws(base: Path, tmp_path: Path, git_env: None) -> Path:
    return copy_workspace(base, tmp_path / "ws")


def failures(d: Daemon) -> list[str]:
    return [str(e.get("message", "")) for e in d.events.of("failure")]


def test_a_fifo_is_reported_and_the_watcher_commits_the_next_save(ws: Path) -> None:
    with Daemon(ws) as d:
        before = head(ws)
        os.mkfifo(ws / "intent/pipe.md")
        wait_until(lambda: bool(failures(d)), what="the FIFO's failure")
        d.settle()
        assert re.search(r"intent/pipe\.md: " + NOT_REGULAR, failures(d)[0]), failures(d)
        assert head(ws) == before
        (ws / "intent/pipe.md").unlink()
        save(ws / APP, intent("After the pipe."))
        d.settle_after(committed(ws, intent("After the pipe.")), "the valid save")
    assert show(ws, "HEAD", "intent/pipe.md") is None


def test_a_billion_laughs_save_is_reported_and_the_next_save_commits(ws: Path) -> None:
    with Daemon(ws) as d:
        before = head(ws)
        save(ws / APP, front_matter(laughs()))
        wait_until(lambda: bool(failures(d)), what="the billion laughs' failure")
        d.settle()
        assert re.search(r"intent/app\.md:\d+: " + LAUGHS, failures(d)[0]), failures(d)
        assert head(ws) == before
        save(ws / APP, intent("After the laughs."))
        d.settle_after(committed(ws, intent("After the laughs.")), "the valid save")
    assert not d.events.of("error"), d.events.of("error")
