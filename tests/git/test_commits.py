"""The git layer's `commits` module: trailers and `commit-tree` (real git)."""

from __future__ import annotations

import pytest

from intentd import git as gitops
from intentd.errors import GitError
from tests.helpers.gitrepo import GitRepo


def test_trailers_appended_and_read_back(git_repo: GitRepo) -> None:
    msg = gitops.add_trailers(
        git_repo.path,
        "intent r2: spec 0.1.0 → 0.2.0 (minor)\n\nNon-breaking:\n- add GET /books\n",
        {"Intent-Id": "r2", "Spec-Version": "0.2.0", "Spec-Bump": "minor"},
    )
    assert msg.endswith("\n\nIntent-Id: r2\nSpec-Version: 0.2.0\nSpec-Bump: minor\n")
    head = git_repo.head()
    commit = gitops.commit_tree(git_repo.path, head + "^{tree}", [head], msg)
    assert gitops.trailers(git_repo.path, commit) == {
        "Intent-Id": "r2",
        "Spec-Version": "0.2.0",
        "Spec-Bump": "minor",
    }
    out = git_repo.run("log", "-1", "--format=%(trailers:key=Spec-Version,valueonly)", commit)
    assert out.strip() == "0.2.0"


def test_multiline_trailer_value_refused(git_repo: GitRepo) -> None:
    with pytest.raises(GitError, match="one line"):
        gitops.add_trailers(git_repo.path, "x", {"Planner": "a\nb"})


def test_signing_failure_is_an_error_not_a_hang(git_repo: GitRepo) -> None:
    git_repo.run("config", "commit.gpgsign", "true")
    git_repo.run("config", "gpg.program", "false")
    head = git_repo.head()
    with pytest.raises(gitops.GitCommandError) as info:
        gitops.commit_tree(git_repo.path, head + "^{tree}", [head], "x", timeout=30)
    assert info.value.command[:2] == ("git", "commit-tree") and info.value.returncode != 0
    assert info.value.stderr
