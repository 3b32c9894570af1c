"""What the git layer's tests share: a hook written into a repo, one revision the way the
transaction makes it, and a spy on the lock backoff."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from intentd import git as gitops
from intentd.git import run as git_run
from tests.helpers.gitrepo import GitRepo


def hook(repo: GitRepo, name: str, body: str, folder: str = ".git/hooks") -> Path:
    path = repo.write(f"{folder}/{name}", "#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def revision(repo: GitRepo, files: dict[str, bytes | None], **trailers: str) -> str:
    """What the transaction does: tree from bytes → commit-tree → CAS → refresh index."""
    ws = repo.path
    old = gitops.state(ws).head
    tree = gitops.write_tree_from_bytes(ws, files, old)
    message = gitops.add_trailers(ws, "intent r1: test", trailers or {"Intent-Id": "r1"})
    message = gitops.run_hooks(ws, tree, message)
    new = gitops.commit_tree(ws, tree, [old] if old else [], message)
    gitops.update_branch(ws, new, old)
    gitops.refresh_index(ws, files, old, new)
    return new


def spy_backoff(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """An event set the first time a lock wait backs off. Patched in ``git.run``, where every
    lock wait (index, ref, tag, notes) looks ``_backoff`` up."""
    waiting = threading.Event()
    real = git_run._backoff

    def spy(deadline: float, attempt: int) -> bool:
        waiting.set()
        return real(deadline, attempt)

    monkeypatch.setattr(git_run, "_backoff", spy)
    return waiting
