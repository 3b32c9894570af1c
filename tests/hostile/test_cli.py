"""Each hostile input through the real CLI (``python -m intentd plan`` and ``build`` in a temp
git workspace): exit 1, the ``path:line`` message, nothing committed, nothing written under
plan/ or spec/, and a bounded time and memory (generous: a guard against blow-ups)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.daemon_harness import APP, copy_workspace, git, head, intent, make_base

from .inputs import CASES, NEWLINE_NAME, Case, committed_paths, outputs

SECONDS = 20.0
MAX_RSS_MB = 500


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("hostile") / "base")


@pytest.fixture
def ws(base: Path, tmp_path: Path, git_env: None) -> Path:
    return copy_workspace(base, tmp_path / "ws")


def run(ws: Path, command: str) -> tuple[int, str, float]:
    """``intentd COMMAND ws`` as a child process: (exit code, output, seconds)."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "intentd", command, str(ws)],
        capture_output=True,
        text=True,
        timeout=SECONDS * 3,  # a hang fails the test instead of stalling the suite
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - start


def children_max_rss_mb() -> float:
    """The largest resident set of any child waited for so far (Linux: kilobytes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


RUNS = [pytest.param(c, cmd, id=f"{c.name}-{cmd}") for c in CASES for cmd in c.commands]


@pytest.mark.parametrize(("case", "command"), RUNS)
def test_hostile_input_is_refused_fast_with_its_message(ws: Path, case: Case, command: str) -> None:
    before_head = head(ws)
    case.plant(ws)  # (the hand-edited plan case plants under plan/)
    before_out = outputs(ws)
    code, output, seconds = run(ws, command)
    assert code == 1, output
    assert re.search(case.message, output), output
    assert "Traceback" not in output and "internal error" not in output, output
    assert head(ws) == before_head, "nothing is committed"
    assert outputs(ws) == before_out, "nothing is written under plan/ or spec/"
    assert git(ws, "diff", "--cached", "--name-only") == "", "nothing is staged"
    assert seconds < SECONDS, f"{command} took {seconds:.1f}s"
    assert children_max_rss_mb() < MAX_RSS_MB


def test_the_newline_name_never_reaches_git(ws: Path) -> None:
    (ws / NEWLINE_NAME).write_bytes(b"# Reviews\n")
    code, output, _ = run(ws, "build")
    assert code == 1, output
    assert "git:" not in output, "no raw git text"
    assert not any("rev" in p and "iews" in p for p in committed_paths(ws))


def test_after_the_hostile_file_goes_the_next_build_commits(ws: Path) -> None:
    base = head(ws)
    for case in CASES:
        if case.name.startswith(("fifo", "laughs-yaml")):
            case.plant(ws)
    assert run(ws, "build")[0] == 1
    for name in ("intent/pipe.md", "intent/pipe.png", "intent/extra.yaml"):
        (ws / name).unlink()
    (ws / APP).write_bytes(intent("Second version."))
    code, output, _ = run(ws, "build")
    assert code == 0, output
    assert head(ws) != base
    assert git(ws, "show", f"HEAD:{APP}") == intent("Second version.").decode()
