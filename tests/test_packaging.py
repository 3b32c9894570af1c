"""The wheel carries everything a pip-installed intentd needs (issues 2 and 9).

The wheel is built from a clean copy of the checkout (tracked and new files, nothing ignored,
no stale ``build/``), so a subpackage missing from pyproject.toml's hand-written package list
fails here instead of hiding behind the editable install. It is then installed into a fresh
virtual environment that runs ``intentd init`` and ``intentd build`` outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.helpers.gitrepo import GIT_ENV

PACKAGE = ROOT / "daemon"


def _clean_copy(dest: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        rel = Path(os.fsdecode(raw))
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest


@pytest.fixture(scope="module")
def wheel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = _clean_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip_wheel, "-w", str(out), str(src)],
        check=True,
        cwd=src,
        capture_output=True,
    )
    (path,) = out.glob("intentd-*.whl")
    return path


@pytest.fixture(scope="module")
def wheel(wheel_path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(wheel_path)


def test_wheel_ships_every_subpackage(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    packages = sorted(p.parent.relative_to(PACKAGE) for p in PACKAGE.rglob("__init__.py"))
    assert len(packages) >= 12
    for pkg in packages:
        for module in sorted((PACKAGE / pkg).glob("*.py")):
            shipped = f"intentd/{(pkg / module.name).as_posix()}".replace("/./", "/")
            assert shipped in names, f"{shipped} missing: add it to pyproject's packages"


def test_wheel_ships_template_hook_and_prompts(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for required in (
        "intentd/py.typed",
        "intentd/planner/llm/prompts/planner-v2.md",
        "intentd/planner/llm/prompts/enhance-v1.md",
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


def test_the_installed_wheel_inits_and_builds_a_workspace(wheel_path: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel_path)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from the test's own environment: a PYTHONPATH entry is not a site
    # directory, so the editable install's finder there is not loaded and `intentd` can only
    # be the wheel's.
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    env.pop("VIRTUAL_ENV", None)
    where = subprocess.run(
        [py, "-c", "import intentd, sys; print(intentd.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(env_dir)), where
    intentd = env_dir / "bin" / "intentd"
    ws = tmp_path / "ws"
    init = subprocess.run(
        [intentd, "init", str(ws)], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    assert (ws / "spec" / "openapi.yaml").is_file() and (ws / "plan" / "handoff.yaml").is_file()
    (ws / "intent" / "app.md").write_text(
        (ws / "intent" / "app.md").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    build = subprocess.run(
        [intentd, "build", str(ws)], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    log = subprocess.run(
        ["git", "-C", str(ws), "log", "--format=%s"], env=env, capture_output=True, text=True
    ).stdout.splitlines()
    assert len(log) >= 3 and "spec" in log[0], log
