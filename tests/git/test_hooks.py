"""The git layer's `hooks` module: git's own hooks run for intentd's commits (real git)."""

from __future__ import annotations

import os

import pytest

from intentd import git as gitops
from intentd.errors import GitError
from tests.git.support import hook
from tests.helpers.gitrepo import GitRepo


def test_pre_commit_hook_sees_tree_and_can_reject(git_repo: GitRepo) -> None:
    hook(
        git_repo,
        "pre-commit",
        'git show :spec/openapi.yaml > "$HOOK_LOG"; echo "INTENTD_COMMIT=$INTENTD_COMMIT" >> "$HOOK_LOG"\n'
        'echo "NOPE: spec not allowed" >&2; exit 1\n',
    )
    log = git_repo.path.parent / "hook.log"
    os.environ["HOOK_LOG"] = str(log)
    try:
        tree = gitops.write_tree_from_bytes(
            git_repo.path, {"spec/openapi.yaml": b"validated\n"}, git_repo.head()
        )
        with pytest.raises(gitops.GitCommandError) as info:
            gitops.run_hooks(git_repo.path, tree, "msg\n")
    finally:
        del os.environ["HOOK_LOG"]
    assert "NOPE: spec not allowed" in str(info.value) and info.value.returncode == 1
    assert log.read_text() == "validated\nINTENTD_COMMIT=1\n"


def test_pre_commit_hook_changing_files_is_refused(git_repo: GitRepo) -> None:
    hook(git_repo, "pre-commit", "echo fixed > fixed.txt && git add fixed.txt\n")
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a": b"a"}, git_repo.head())
    with pytest.raises(GitError, match="changed the files"):
        gitops.run_hooks(git_repo.path, tree, "msg\n")
    assert "fixed.txt" not in git_repo.staged()


def test_commit_msg_hook_sees_trailers_and_may_edit(git_repo: GitRepo) -> None:
    hook(
        git_repo,
        "commit-msg",
        'grep -q "^Intent-Id: r7$" "$1" || { echo "no trailer" >&2; exit 1; }\n'
        'printf "\\nReviewed-by: hook\\n" >> "$1"\n',
        folder="my-hooks",
    )
    git_repo.run("config", "core.hooksPath", "my-hooks")
    tree = git_repo.head() + "^{tree}"
    msg = gitops.add_trailers(git_repo.path, "intent r7: x", {"Intent-Id": "r7"})
    edited = gitops.run_hooks(git_repo.path, tree, msg)
    assert edited.startswith("intent r7: x\n\nIntent-Id: r7\n")
    assert "Reviewed-by: hook" in edited


def test_non_executable_hook_is_skipped(git_repo: GitRepo) -> None:
    git_repo.write(".git/hooks/pre-commit", "#!/bin/sh\nexit 1\n")
    tree = git_repo.head() + "^{tree}"
    assert gitops.run_hooks(git_repo.path, tree, "msg") == "msg\n"
