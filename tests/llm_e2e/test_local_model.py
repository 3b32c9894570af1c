"""A real local model end to end (``make test-llm``; not part of ``make test``).

``tools/test-llm.sh`` starts llama-cpp-python's server with Gemma 3 270M on 127.0.0.1 and
sets ``INTENTD_TEST_LLM_URL``. The model is tiny: the plumbing is asserted (a schema-valid
hand-off, or a clean failure with findings), never the quality of the plan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intentd import yamlio
from intentd.config import StageModel
from intentd.errors import PlanError
from intentd.handoff import check, from_data
from intentd.intent import make_bundle, make_file
from intentd.planner.llm.planner import OpenAIPlanner

URL = os.environ.get("INTENTD_TEST_LLM_URL", "")
REPORT = os.environ.get("INTENTD_TEST_LLM_REPORT", "")
pytestmark = pytest.mark.skipif(not URL, reason="set INTENTD_TEST_LLM_URL (make test-llm)")

INTENT = """\
# Notes

A tiny notes app.

## Features
### Write notes (must, S)
Manages: Note (list, create)
- A user writes a note with a title

## Entities
### Note
- title: string, required
"""

CONFIG = f"""\
planner:
  backend: openai
  model: gemma-3-270m
  base_url: {URL}
  profile: json_object
  timeout: 600
  retries: 0
  max_tokens: 1500
  repair_attempts: 1
"""


def _stage() -> StageModel:
    return StageModel(
        backend="openai",
        model="gemma-3-270m",
        base_url=URL,
        profile="json_object",
        timeout=600,
        retries=0,
        max_tokens=1500,
        repair_attempts=1,
    )


def _record(name: str, data: dict[str, object]) -> None:
    print(f"{name}: {json.dumps(data)}")
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **data}) + "\n")


def test_planner_through_a_local_model() -> None:
    bundle = make_bundle([make_file("intent/app.md", INTENT.encode())])
    # A 270M model loops inside unbounded strings (notes §5): bound them hard.
    planner = OpenAIPlanner(_stage(), cache_dir=None, schema_bounds=(40, 2))
    started = time.monotonic()
    outcome = "valid"
    findings: list[str] = []
    try:
        handoff = planner.plan(bundle, None, [])
    except PlanError as exc:
        outcome = "rejected"
        findings = [f.render() for f in exc.findings[:5]]
        assert exc.findings, "a failed plan carries its findings"
        assert all(f.render() for f in exc.findings)
    else:
        assert check(handoff) == []
    wall = time.monotonic() - started
    u = planner.last_usage
    _record(
        "planner",
        {
            "outcome": outcome,
            "attempts": u.attempts,
            "prompt_tokens": u.prompt_tokens,
            "completion_tokens": u.completion_tokens,
            "wall_s": round(wall, 1),
            "completion_tokens_per_s": round(u.completion_tokens / wall, 1) if wall else None,
            "first_findings": findings,
        },
    )
    assert u.requests >= 1


def test_intentd_build_commits_or_rolls_back(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "intent").mkdir(parents=True)
    (ws / "intent" / "app.md").write_text(INTENT, encoding="utf-8")
    (ws / "intentd.yaml").write_text(CONFIG, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", "init", "-q", "-b", "main", str(ws)], check=True, env=env)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "intentd", "build", str(ws), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    wall = time.monotonic() - started
    _record(
        "build",
        {
            "exit_code": proc.returncode,
            "wall_s": round(wall, 1),
            "stderr_tail": proc.stderr.strip().splitlines()[-3:],
        },
    )
    assert proc.returncode in (0, 1), proc.stderr  # 3 would be a bug
    handoff_path = ws / "plan" / "handoff.yaml"
    if proc.returncode == 0:
        handoff = from_data(yamlio.loads(handoff_path.read_text(encoding="utf-8")))
        assert check(handoff) == []
        log = subprocess.run(
            ["git", "-C", str(ws), "log", "-1", "--format=%B"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert "Intent-Hash:" in log.stdout
    else:
        assert proc.stdout.strip() or proc.stderr.strip(), "a rollback says why"
        assert (
            not handoff_path.exists()
            or check(from_data(yamlio.loads(handoff_path.read_text(encoding="utf-8")))) == []
        )
