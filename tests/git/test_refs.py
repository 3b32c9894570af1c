"""The git layer's `refs` module: compare-and-swap ref updates, tags, notes (real git)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from intentd import git as gitops
from intentd.errors import GitError
from tests.git.support import spy_backoff
from tests.helpers.gitrepo import GitRepo


def test_cas_fails_when_branch_moved(git_repo: GitRepo) -> None:
    old = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a.txt": b"a\n"}, old)
    ours = gitops.commit_tree(git_repo.path, tree, [old], "ours")
    git_repo.write("mine.txt", "person\n")
    theirs = git_repo.commit("the person commits meanwhile")
    with pytest.raises(GitError, match="moved while intentd was working"):
        gitops.update_branch(git_repo.path, ours, old)
    assert git_repo.head() == theirs


def test_cas_on_unborn_branch_and_detached_head(tmp_path: Path, git_env: None) -> None:
    repo = GitRepo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    tree = gitops.write_tree_from_bytes(tmp_path, {"a": b"1"}, None)
    first = gitops.commit_tree(tmp_path, tree, [], "first")
    assert gitops.update_branch(tmp_path, first, None) == "refs/heads/main"
    repo.run("checkout", "-q", "--detach")
    second = gitops.commit_tree(tmp_path, tree, [first], "second")
    assert gitops.update_branch(tmp_path, second, first) == "HEAD"
    assert repo.head() == second
    assert repo.run("rev-parse", "main").strip() == first


def test_held_ref_lock_is_waited_on(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    old = git_repo.head()
    new = gitops.commit_tree(git_repo.path, old + "^{tree}", [old], "x")
    lock = git_repo.path / ".git/refs/heads/main.lock"
    lock.write_bytes(b"")
    waiting = spy_backoff(monkeypatch)
    worker = threading.Thread(target=gitops.update_branch, args=(git_repo.path, new, old))
    worker.start()
    assert waiting.wait(10), "update_branch never started waiting"
    assert worker.is_alive() and lock.exists()
    lock.unlink()
    worker.join(10)
    assert git_repo.head() == new


def test_tag_created_once_and_never_moved(git_repo: GitRepo) -> None:
    first = git_repo.head()
    assert gitops.tag(git_repo.path, "spec/v0.1.0", first, "spec 0.1.0") is True
    assert gitops.tag(git_repo.path, "spec/v0.1.0", first, "spec 0.1.0") is False
    git_repo.write("x", "x")
    second = git_repo.commit("more")
    with pytest.raises(GitError, match=r"already exists.*never moves"):
        gitops.tag(git_repo.path, "spec/v0.1.0", second, "spec 0.1.0")
    assert git_repo.run("rev-parse", "spec/v0.1.0^{commit}").strip() == first


def test_notes(git_repo: GitRepo) -> None:
    head = git_repo.head()
    assert gitops.read_note(git_repo.path, head) is None
    gitops.add_note(git_repo.path, head, "spec_publish_uri: repo:spec/openapi.yaml@abc")
    gitops.add_note(git_repo.path, head, "spec_publish_uri: again")  # idempotent overwrite
    assert gitops.read_note(git_repo.path, head) == "spec_publish_uri: again\n"
    assert git_repo.run("notes", "--ref=intentd", "show", head) == "spec_publish_uri: again\n"
