"""The wheel carries everything a pip-installed intentd needs to create workspaces (issue 2)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        cwd=build,
        capture_output=True,
    )
    (path,) = out.glob("intentd-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_ships_template_hook_prompts_and_subpackages(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for required in (
        "intentd/py.typed",
        "intentd/cli.py",
        "intentd/planner/offline.py",
        "intentd/llm/planner.py",
        "intentd/llm/prompts/planner-v1.md",
        "intentd/_data/hooks/pre-commit",
        "intentd/_data/workspace-template/intentd.yaml",
        "intentd/_data/workspace-template/intent/app.md",
        "intentd/_data/workspace-template/Makefile",
        "intentd/_data/workspace-template/.github/workflows/intentd.yml",
    ):
        assert required in names, required
    assert not any(n.startswith("daemon/") for n in names), "the package is named intentd"


def test_wheel_declares_the_console_script(wheel: zipfile.ZipFile) -> None:
    (entry,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "intentd = intentd.cli:main" in wheel.read(entry).decode()
