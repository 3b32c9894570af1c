"""``intentd log`` over real revisions (issue 4, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.revision_fixtures import Workspace, make_workspace


def test_log_lists_revisions_newest_first(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "log", str(ws.path))
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["r4", "0.2.2", "patch"],
        ["r3", "0.2.1", "patch"],
        ["r2", "0.2.0", "minor"],
        ["r1", "0.1.0", "initial"],
    ]
    assert lines[1].endswith("— add POST /pets/{petId}/feed")
    assert lines[2].endswith("— remove POST /pets/{petId}/adopt")
    assert ws.head()[:7] in lines[0]  # type: ignore[index]
    code, out, _ = run_cli(capsys, "log", "-n", "1", str(ws.path))
    assert len(out.splitlines()) == 1


def test_log_without_revisions_says_what_to_do(
    tmp_path: Path, git_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = make_workspace(tmp_path / "empty", build=False)
    code, out, _ = run_cli(capsys, "log", str(empty.path))
    assert code == 0 and "no intentd revisions yet" in out
