"""The one place errors map to exit codes: 0 done, 1 the person's problem, 3 a bug."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from intentd import cli
from intentd.revision import stages as pipeline

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workspace-template"


def _intentd(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intentd", *args], capture_output=True, text=True, cwd=cwd
    )


def test_plan_writes_the_handoff_and_readme_byte_stable(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(TEMPLATE, ws)
    first = _intentd("plan", str(ws))
    assert first.returncode == 0, first.stderr
    handoff = (ws / "plan" / "handoff.yaml").read_bytes()
    readme = (ws / "plan" / "README.md").read_text()
    assert "```mermaid\nerDiagram" in readme and "| GET | `/books`" in readme
    assert _intentd("plan", str(ws)).returncode == 0
    assert (ws / "plan" / "handoff.yaml").read_bytes() == handoff


def test_a_user_error_exits_1_with_path_line(tmp_path: Path) -> None:
    (tmp_path / "intent").mkdir()
    (tmp_path / "intent" / "app.md").write_text(
        "# X\n\n## Entities\n\n### Book\n- title: strnig\n", encoding="utf-8"
    )
    result = _intentd("plan", str(tmp_path))
    assert result.returncode == 1
    assert "intent/app.md:6: " in result.stderr and "strnig" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bug_exits_3_and_keeps_the_traceback_in_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(TEMPLATE / "intent", tmp_path / "intent")

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "read_bundle", broken)
    assert cli.main(["plan", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err
    log = (tmp_path / ".intentd" / "crash.log").read_text()
    assert "Traceback" in log and "RuntimeError: boom" in log


def test_schema_prints_the_handoff_intent_and_event_schemas() -> None:
    for kind, needle in (
        ("handoff", "api_surface"),
        ("intent", "features"),
        ("events", "failure-report"),
    ):
        result = _intentd("schema", kind)
        assert result.returncode == 0
        assert needle in json.dumps(json.loads(result.stdout))


def test_no_command_prints_help_and_exits_1() -> None:
    result = _intentd()
    assert result.returncode == 1 and "usage: intentd" in result.stdout
