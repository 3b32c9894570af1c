"""Real git repositories for tests, isolated from the machine's git configuration.

``git_env`` points git at no global or system config (GIT_CONFIG_GLOBAL=/dev/null,
GIT_CONFIG_NOSYSTEM=1) and gives it an identity; ``git_repo`` is a fresh repository on branch
``main`` with one commit. Import the fixtures from tests/conftest.py:

    from tests.helpers.gitrepo import git_env, git_repo  # noqa: F401
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Person",
    "GIT_AUTHOR_EMAIL": "person@example.com",
    "GIT_COMMITTER_NAME": "Test Person",
    "GIT_COMMITTER_EMAIL": "person@example.com",
}
#: No global or system config, and an identity: what every test's git runs with.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **IDENTITY}


class GitRepo:
    """A scratch repository: ``run`` git in it, ``write`` files, ``commit`` everything."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            input=input,
            capture_output=True,
            check=False,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"git {' '.join(args)} exited {proc.returncode}\n{proc.stderr.decode()}"
            )
        return proc.stdout.decode()

    def write(self, rel: str, data: bytes | str) -> Path:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    def commit(self, message: str = "change", *paths: str) -> str:
        self.run("add", "--", *(paths or (".",)))
        self.run("commit", "-q", "--no-verify", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.run("rev-parse", "HEAD").strip()

    def staged(self) -> list[str]:
        return self.run("diff", "--cached", "--name-only").split()

    def show(self, rev_path: str) -> bytes:
        return subprocess.run(
            ["git", "show", rev_path], cwd=self.path, capture_output=True, check=True
        ).stdout


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set :data:`GIT_ENV` and drop what would point git (or a fault) elsewhere; usable from
    module-scoped fixtures through ``pytest.MonkeyPatch.context()``."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "INTENTD_FAULT"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def git_repo(tmp_path: Path, git_env: None) -> Iterator[GitRepo]:
    path = tmp_path / "repo"
    path.mkdir()
    repo = GitRepo(path)
    repo.run("init", "-q", "-b", "main")
    repo.run("config", "user.name", IDENTITY["GIT_AUTHOR_NAME"])
    repo.run("config", "user.email", IDENTITY["GIT_AUTHOR_EMAIL"])
    repo.write("README.md", "# scratch\n")
    repo.commit("initial")
    yield repo
