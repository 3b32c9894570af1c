"""The git layer's `repo` module: where the repository is, HEAD, operations in progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from intentd import git as gitops
from tests.git.support import revision
from tests.helpers.gitrepo import GitRepo


def test_state_clean_repo(git_repo: GitRepo) -> None:
    st = gitops.state(git_repo.path)
    assert st.toplevel == git_repo.path.resolve()
    assert st.prefix == ""
    assert st.branch == "main" and st.head_ref == "refs/heads/main"
    assert st.head == git_repo.head()
    assert st.operation is None and not st.detached and st.busy() is None
    assert st.git_dir == st.common_dir == (git_repo.path / ".git").resolve()


def test_state_workspace_in_subfolder(git_repo: GitRepo) -> None:
    git_repo.write("ws/intent/app.md", "x\n")
    st = gitops.state(git_repo.path / "ws")
    assert st.prefix == "ws/" and st.toplevel == git_repo.path.resolve()


def test_state_unborn_branch(tmp_path: Path, git_env: None) -> None:
    repo = GitRepo(tmp_path)
    repo.run("init", "-q", "-b", "trunk")
    st = gitops.state(tmp_path)
    assert st.head is None and st.branch == "trunk"


def test_not_a_repository(tmp_path: Path, git_env: None) -> None:
    with pytest.raises(gitops.GitCommandError) as info:
        gitops.state(tmp_path)
    assert "not inside a git" in str(info.value) and info.value.returncode != 0


def test_inherited_git_env_is_ignored(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    # As when intentd runs inside someone's hook: GIT_INDEX_FILE must not redirect us.
    monkeypatch.setenv("GIT_INDEX_FILE", str(git_repo.path / "bogus-index"))
    assert gitops.state(git_repo.path).head == git_repo.head()


def _conflict(repo: GitRepo) -> None:
    repo.run("checkout", "-q", "-b", "other")
    repo.write("README.md", "other\n")
    repo.commit("other side")
    repo.run("checkout", "-q", "main")
    repo.write("README.md", "main\n")
    repo.commit("main side")


def test_merge_in_progress_detected(git_repo: GitRepo) -> None:
    _conflict(git_repo)
    git_repo.run("merge", "other", check=False)
    st = gitops.state(git_repo.path)
    assert st.operation == "merge"
    assert st.unmerged == ("README.md",)
    assert "merge is in progress" in (st.busy() or "")


def test_rebase_stopped_on_conflict_detected(git_repo: GitRepo) -> None:
    _conflict(git_repo)
    git_repo.run("rebase", "other", check=False)
    st = gitops.state(git_repo.path)
    assert st.operation == "rebase" and st.detached
    assert st.busy() is not None


def test_cherry_pick_and_bisect_detected(git_repo: GitRepo) -> None:
    _conflict(git_repo)
    git_repo.run("cherry-pick", "other", check=False)
    assert gitops.state(git_repo.path).operation == "cherry-pick"
    git_repo.run("cherry-pick", "--abort")
    git_repo.run("bisect", "start")
    assert gitops.state(git_repo.path).operation == "bisect"


def test_detached_head_detected(git_repo: GitRepo) -> None:
    git_repo.run("checkout", "-q", "--detach")
    st = gitops.state(git_repo.path)
    assert st.detached and st.branch is None and st.operation is None and st.busy() is None


def test_linked_worktree(git_repo: GitRepo, tmp_path: Path) -> None:
    wt = tmp_path / "wt"
    git_repo.run("worktree", "add", "-q", "-b", "feature", str(wt))
    st = gitops.state(wt)
    assert st.branch == "feature" and st.toplevel == wt.resolve()
    assert st.git_dir != st.common_dir == (git_repo.path / ".git").resolve()
    assert st.index_lock == st.git_dir / "index.lock"
    GitRepo(wt).write("spec/a", "1")
    new = revision(GitRepo(wt), {"spec/a": b"1"})
    assert GitRepo(wt).run("status", "--porcelain") == ""
    assert git_repo.run("rev-parse", "feature").strip() == new
