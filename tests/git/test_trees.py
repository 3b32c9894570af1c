"""The git layer's `trees` module: trees written from bytes in a scratch index (real git)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intentd import git as gitops
from intentd.errors import GitError
from tests.helpers.gitrepo import GitRepo


def test_tree_from_bytes_ignores_working_tree_and_index(git_repo: GitRepo) -> None:
    git_repo.write("spec/openapi.yaml", "on disk, saved mid-revision\n")
    index_before = (git_repo.path / ".git/index").read_bytes()
    base = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"spec/openapi.yaml": b"validated\n"}, base)
    assert git_repo.run("cat-file", "-p", f"{tree}:spec/openapi.yaml") == "validated\n"
    assert git_repo.run("cat-file", "-p", f"{tree}:README.md") == "# scratch\n"
    assert (git_repo.path / ".git/index").read_bytes() == index_before
    assert (git_repo.path / "spec/openapi.yaml").read_text() == "on disk, saved mid-revision\n"


def test_tree_from_bytes_removes_and_keeps_modes(git_repo: GitRepo) -> None:
    script = git_repo.write("run.sh", "#!/bin/sh\n")
    script.chmod(0o755)
    base = git_repo.commit("script")
    tree = gitops.write_tree_from_bytes(
        git_repo.path, {"run.sh": b"#!/bin/sh\necho\n", "README.md": None}, base
    )
    listing = git_repo.run("ls-tree", tree)
    assert "100755 blob" in listing and "README.md" not in listing


def test_tree_from_bytes_in_subfolder_workspace_and_unborn(tmp_path: Path, git_env: None) -> None:
    repo = GitRepo(tmp_path)
    repo.run("init", "-q", "-b", "main")
    (tmp_path / "ws").mkdir()
    tree = gitops.write_tree_from_bytes(tmp_path / "ws", {"plan/handoff.yaml": b"a: 1\n"}, None)
    assert repo.run("ls-tree", "-r", "--name-only", tree).split() == ["ws/plan/handoff.yaml"]


@pytest.mark.parametrize("bad", ["/etc/passwd", "../x", ".git/config", "a\nb", ""])
def test_paths_outside_the_workspace_are_refused(git_repo: GitRepo, bad: str) -> None:
    with pytest.raises(GitError, match="not a plain path"):
        gitops.write_tree_from_bytes(git_repo.path, {bad: b"x"}, None)


def test_tree_from_bytes_applies_clean_filters_by_path(git_repo: GitRepo) -> None:
    # As `git add` would: a path with eol conversion is stored normalised, others verbatim.
    git_repo.write(".gitattributes", "*.txt text eol=lf\n")
    base = git_repo.commit("attributes")
    files = {"a.txt": b"one\r\ntwo\r\n", "b.yaml": b"one\r\ntwo\r\n"}
    tree = gitops.write_tree_from_bytes(git_repo.path, files, base)
    assert git_repo.show(f"{tree}:a.txt") == b"one\ntwo\n"
    assert git_repo.show(f"{tree}:b.yaml") == b"one\r\ntwo\r\n"
    raw = gitops.write_tree_from_bytes(git_repo.path, files, base, filters=False)
    assert git_repo.show(f"{raw}:a.txt") == b"one\r\ntwo\r\n"
    git_repo.run("config", "core.autocrlf", "input")
    tree = gitops.write_tree_from_bytes(git_repo.path, files, base)
    assert git_repo.show(f"{tree}:b.yaml") == b"one\ntwo\n"
