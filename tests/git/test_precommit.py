"""The pre-commit hook installer and shim (daemon-reliability.md R12), with real git.

Most tests install the shim with a *fake* interpreter that records the arguments it was given,
so they test the shim's own logic without depending on ``intentd check``. The last test runs
the real thing end to end; see its docstring for what it needs.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intentd.errors import IntentdError
from intentd.git import precommit as hooks
from intentd.resources import hooks_dir
from tests.helpers.gitrepo import GIT_ENV

ENV = GIT_ENV


@pytest.fixture(autouse=True)
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "INTENTD_COMMIT"):
        monkeypatch.delenv(k, raising=False)


def git(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def ok(cwd: Path, *args: str) -> str:
    res = git(cwd, *args)
    assert res.returncode == 0, f"git {' '.join(args)}: {res.stderr}"
    return res.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    ok(path, "init", "-q", "-b", "main")
    ok(path, "config", "user.name", "Test Person")
    ok(path, "config", "user.email", "person@example.com")
    (path / "README.md").write_text("hi\n")
    ok(path, "add", "README.md")
    ok(path, "commit", "-q", "-m", "init")
    return path


@pytest.fixture
def fake_python(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An 'interpreter' that imports anything and logs `-m intentd …` calls."""
    log = tmp_path / "fake-python.log"
    exe = tmp_path / "bin-fake" / "python"
    exe.parent.mkdir()
    exe.write_text(
        "#!/usr/bin/env bash\n"
        'if [ "$1" = "-c" ]; then exit 0; fi\n'
        f'echo "$*" >> {log}\n'
        'echo "fake intentd ran: $*" >&2\n'
        'exit "${FAKE_RC:-0}"\n'
    )
    exe.chmod(0o755)
    yield str(exe), log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def stage(repo: Path, rel: str, text: str = "x: 1\n") -> None:
    p = repo / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    ok(repo, "add", "--", rel)


def commit(repo: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return git(repo, "commit", "-q", "-m", "hand edit", env=env)


# -- the shipped template -------------------------------------------------------------------


def test_template_ships_with_id_line_and_markers() -> None:
    text = (hooks_dir() / "pre-commit").read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert f"{hooks.ID_PREFIX}{hooks.CURRENT_ID}\n" in text
    assert "# start templated\n" in text and "# end templated\n" in text
    assert os.access(hooks_dir() / "pre-commit", os.X_OK)
    subprocess.run(["bash", "-n", str(hooks_dir() / "pre-commit")], check=True)


def test_render_bakes_in_quoted_values() -> None:
    out = hooks.render(hooks.template(), "/opt/my python/bin/python3", "sub dir")
    assert "INSTALL_PYTHON='/opt/my python/bin/python3'\nWORKSPACE='sub dir'\n" in out
    assert out.count("INSTALL_PYTHON=") == 1


# -- install / uninstall --------------------------------------------------------------------


def test_install_twice_changes_nothing(repo: Path, fake_python: tuple[str, Path]) -> None:
    path = hooks.install(repo, python=fake_python[0])
    assert path == repo / ".git" / "hooks" / "pre-commit"
    first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    listing = sorted(os.listdir(path.parent))
    assert hooks.install(repo, python=fake_python[0]) == path
    assert path.read_bytes() == first and path.stat().st_mtime_ns == mtime
    assert sorted(os.listdir(path.parent)) == listing
    assert not (path.parent / "pre-commit.legacy").exists()
    assert path.stat().st_mode & stat.S_IXUSR
    assert hooks.is_ours(path)


def test_commit_outside_plan_and_spec_does_not_run_intentd(
    repo: Path, fake_python: tuple[str, Path]
) -> None:
    hooks.install(repo, python=fake_python[0])
    stage(repo, "intent/app.md", "# App\n")
    stage(repo, "planner/notes.yaml")  # not plan/
    assert commit(repo).returncode == 0
    assert calls(fake_python[1]) == []


def test_hand_edit_of_spec_runs_intentd_check_staged(
    repo: Path, fake_python: tuple[str, Path]
) -> None:
    hooks.install(repo, python=fake_python[0])
    stage(repo, "spec/openapi.yaml")
    assert commit(repo).returncode == 0
    assert calls(fake_python[1]) == ["-m intentd check --staged ."]
    stage(repo, "plan/handoff.yaml")
    res = commit(repo, env={"FAKE_RC": "1"})  # the check fails → the commit is refused
    assert res.returncode == 1 and "fake intentd ran" in res.stderr
    assert ok(repo, "diff", "--cached", "--name-only").split() == ["plan/handoff.yaml"]


def test_staged_deletion_under_spec_is_checked(repo: Path, fake_python: tuple[str, Path]) -> None:
    stage(repo, "spec/openapi.yaml")
    ok(repo, "commit", "-q", "--no-verify", "-m", "spec")
    hooks.install(repo, python=fake_python[0])
    ok(repo, "rm", "-q", "spec/openapi.yaml")
    assert commit(repo).returncode == 0
    assert len(calls(fake_python[1])) == 1


def test_intentd_commit_steps_aside(repo: Path, fake_python: tuple[str, Path]) -> None:
    hooks.install(repo, python=fake_python[0])
    stage(repo, "spec/openapi.yaml")
    res = commit(repo, env={"INTENTD_COMMIT": "1", "FAKE_RC": "1"})
    assert res.returncode == 0, res.stderr
    assert calls(fake_python[1]) == []


def test_existing_hook_is_kept_still_runs_and_uninstall_restores_it(
    repo: Path, fake_python: tuple[str, Path], tmp_path: Path
) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    ran = tmp_path / "legacy-ran"
    original = f'#!/bin/sh\necho "$INTENTD_COMMIT" >> {ran}\nexit "${{LEGACY_RC:-0}}"\n'
    hook.write_text(original)
    hook.chmod(0o755)

    hooks.install(repo, python=fake_python[0])
    legacy = hook.with_name("pre-commit.legacy")
    assert legacy.read_text() == original and hooks.is_ours(hook)
    hooks.install(repo, python=fake_python[0])  # twice: the legacy hook is not clobbered
    assert legacy.read_text() == original

    stage(repo, "spec/openapi.yaml")
    assert commit(repo).returncode == 0
    assert ran.read_text() == "\n" and len(calls(fake_python[1])) == 1

    stage(repo, "docs.md")
    res = commit(repo, env={"LEGACY_RC": "3"})
    assert res.returncode == 1  # the person's hook still refuses commits
    assert ok(repo, "diff", "--cached", "--name-only").split() == ["docs.md"]

    res = commit(repo, env={"INTENTD_COMMIT": "1"})  # intentd's own commits still run it
    assert res.returncode == 0 and ran.read_text().splitlines()[-1] == "1"

    assert hooks.uninstall(repo) is True
    assert hook.read_text() == original and not legacy.exists()
    assert os.access(hook, os.X_OK)
    assert hooks.uninstall(repo) is False  # not ours any more: left alone
    assert hook.read_text() == original


def test_uninstall_without_legacy_removes_only_our_hook(
    repo: Path, fake_python: tuple[str, Path]
) -> None:
    assert hooks.uninstall(repo) is False
    path = hooks.install(repo, python=fake_python[0])
    assert hooks.uninstall(repo) is True
    assert not path.exists()


def test_foreign_hook_and_legacy_both_present_is_refused(repo: Path) -> None:
    hookdir = repo / ".git" / "hooks"
    (hookdir / "pre-commit").write_text("#!/bin/sh\nexit 0\n")
    (hookdir / "pre-commit.legacy").write_text("#!/bin/sh\nexit 0\n")
    with pytest.raises(IntentdError) as err:
        hooks.install(repo)
    assert "merge them" in str(err.value)
    assert (hookdir / "pre-commit").read_text() == "#!/bin/sh\nexit 0\n"


def test_legacy_that_calls_back_into_the_hook_does_not_loop(
    repo: Path, fake_python: tuple[str, Path]
) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\nexec "$(dirname "$0")/pre-commit" "$@"\n')
    hook.chmod(0o755)
    hooks.install(repo, python=fake_python[0])
    stage(repo, "spec/openapi.yaml")
    assert commit(repo).returncode == 0  # git's timeout=60 would fail a loop
    assert len(calls(fake_python[1])) == 1


def test_core_hooks_path_is_refused_politely(repo: Path) -> None:
    ok(repo, "config", "core.hooksPath", ".githooks")
    with pytest.raises(IntentdError) as err:
        hooks.install(repo)
    text = str(err.value)
    assert text.startswith("core.hooksPath: git runs hooks from ")
    assert "git config --unset core.hooksPath" in text
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    assert not (repo / ".githooks").exists()


def test_linked_worktree_installs_into_the_common_dir(
    repo: Path, fake_python: tuple[str, Path], tmp_path: Path
) -> None:
    wt = tmp_path / "wt"
    ok(repo, "worktree", "add", "-q", "-b", "feature", str(wt))
    path = hooks.install(wt, python=fake_python[0])
    assert path == repo / ".git" / "hooks" / "pre-commit"
    stage(wt, "spec/openapi.yaml")
    assert commit(wt).returncode == 0
    assert calls(fake_python[1]) == ["-m intentd check --staged ."]
    assert hooks.uninstall(wt) is True


def test_workspace_in_a_subfolder_checks_only_its_own_plan_and_spec(
    repo: Path, fake_python: tuple[str, Path]
) -> None:
    ws = repo / "apps" / "api"
    ws.mkdir(parents=True)
    hooks.install(ws, python=fake_python[0])
    assert "WORKSPACE=apps/api\n" in (repo / ".git" / "hooks" / "pre-commit").read_text()
    stage(repo, "spec/openapi.yaml")  # another project's spec/ at the top
    assert commit(repo).returncode == 0 and calls(fake_python[1]) == []
    stage(repo, "apps/api/spec/openapi.yaml")
    assert commit(repo).returncode == 0
    assert calls(fake_python[1]) == ["-m intentd check --staged apps/api"]


def test_missing_python_and_intentd_gives_a_clear_message(repo: Path, tmp_path: Path) -> None:
    hooks.install(repo, python=str(tmp_path / "deleted-venv" / "bin" / "python"))
    stage(repo, "spec/openapi.yaml")
    res = commit(repo, env={"PATH": "/usr/bin:/bin"})
    assert res.returncode == 1
    assert "intentd pre-commit hook: cannot run `intentd check`" in res.stderr
    assert "deleted-venv/bin/python" in res.stderr
    assert "--no-verify" in res.stderr
    assert ok(repo, "diff", "--cached", "--name-only").split() == ["spec/openapi.yaml"]


def test_falls_back_to_intentd_on_path(repo: Path, tmp_path: Path) -> None:
    hooks.install(repo, python=str(tmp_path / "deleted-venv" / "bin" / "python"))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "path-intentd.log"
    (bindir / "intentd").write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    (bindir / "intentd").chmod(0o755)
    stage(repo, "spec/openapi.yaml")
    res = commit(repo, env={"PATH": f"{bindir}:/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    assert log.read_text() == "check --staged .\n"


def test_real_interpreter_is_baked_in_by_default(repo: Path) -> None:
    path = hooks.install(repo)
    assert f"INSTALL_PYTHON={sys.executable}\n" in path.read_text() or (
        f"INSTALL_PYTHON='{sys.executable}'\n" in path.read_text()
    )


def _cli_has(*argv: str) -> bool:
    res = subprocess.run(
        [sys.executable, "-m", "intentd", *argv, "--help"], capture_output=True, text=True
    )
    return res.returncode == 0


def test_hand_edit_breaking_the_contract_is_refused_at_commit(tmp_path: Path) -> None:
    """End to end with the real ``intentd``: needs ``intentd init DIR`` (workspace + hooks +
    first revision) and ``intentd check --staged [WS]`` (validates the staged plan/ and spec/,
    exit 1 with ``path:line: message`` findings). Until the lead wires both into cli.py this test
    reports XFAIL with that reason — it is not skipped silently — and runs for real after.
    """
    if not (_cli_has("init") and _cli_has("check") and "--staged" in _check_help()):
        pytest.xfail("needs `intentd init` and `intentd check --staged` wired in daemon/cli.py")
    ws = tmp_path / "ws"
    res = subprocess.run(
        [sys.executable, "-m", "intentd", "init", str(ws)], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
    hook = Path(ok(ws, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())
    assert hooks.is_ours(hook / "hooks" / "pre-commit")
    spec = ws / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("openapi: 3.1.0", "openapi: banana", 1))
    ok(ws, "add", "spec/openapi.yaml")
    res = commit(ws)
    assert res.returncode != 0
    assert "spec/openapi.yaml" in res.stderr
    assert ok(ws, "diff", "--cached", "--name-only").split() == ["spec/openapi.yaml"]


def _check_help() -> str:
    return subprocess.run(
        [sys.executable, "-m", "intentd", "check", "--help"], capture_output=True, text=True
    ).stdout
