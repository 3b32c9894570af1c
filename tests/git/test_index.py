"""The git layer's `index` module: the person's index after a revision, changed paths."""

from __future__ import annotations

import threading

import pytest

from intentd import git as gitops
from intentd.errors import GitError
from tests.git.support import revision, spy_backoff
from tests.helpers.gitrepo import GitRepo


def test_staged_unrelated_file_stays_staged_and_out_of_commit(git_repo: GitRepo) -> None:
    git_repo.write("README.md", "# my staged edit\n")
    git_repo.run("add", "README.md")
    new = revision(git_repo, {"intent/app.md": b"app\n", "spec/openapi.yaml": b"openapi: 3.1.0\n"})
    changed = git_repo.run("show", "--name-only", "--format=", new).split()
    assert changed == ["intent/app.md", "spec/openapi.yaml"]
    assert git_repo.staged() == ["README.md"]
    assert git_repo.run("show", ":README.md") == "# my staged edit\n"
    # The new paths are in the index at the committed blobs, so nothing shows as staged.
    assert git_repo.run("diff", "--cached", "--name-only", "--", "intent", "spec") == ""


def test_partial_staging_is_kept(git_repo: GitRepo) -> None:
    git_repo.write("intent/app.md", "v1\n")
    git_repo.write("intent/other.md", "o1\n")
    git_repo.commit("v1")
    git_repo.write("intent/app.md", "v1\nstaged line\n")
    git_repo.run("add", "intent/app.md")
    git_repo.write("intent/app.md", "v1\nstaged line\nunstaged line\n")
    git_repo.write("intent/other.md", "o2\n")  # not staged: the index still has o1 = old blob
    revision(
        git_repo,
        {
            "intent/app.md": b"v1\nstaged line\nunstaged line\n",
            "intent/other.md": b"o2\n",
        },
    )
    # app.md: the person's partial staging is untouched (index != old commit's blob).
    assert git_repo.run("show", ":intent/app.md") == "v1\nstaged line\n"
    # other.md: the index held the old blob, so it now holds the committed one.
    assert git_repo.run("show", ":intent/other.md") == "o2\n"
    assert git_repo.run("diff", "--name-only", "--", "intent/other.md") == ""


def test_refresh_index_returns_changed_paths(git_repo: GitRepo) -> None:
    old = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a.txt": b"a\n", "README.md": None}, old)
    new = gitops.commit_tree(git_repo.path, tree, [old], "x")
    assert gitops.refresh_index(git_repo.path, ["a.txt", "README.md"], old, new) == [
        "README.md",
        "a.txt",
    ]
    assert git_repo.run("ls-files").split() == ["a.txt"]


def test_held_index_lock_is_waited_on_never_deleted(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a.txt": b"a\n"}, old)
    new = gitops.commit_tree(git_repo.path, tree, [old], "x")
    lock = git_repo.path / ".git/index.lock"
    lock.write_bytes(b"held by the person's git")
    waiting = spy_backoff(monkeypatch)
    result: list[object] = []
    worker = threading.Thread(
        target=lambda: result.append(gitops.refresh_index(git_repo.path, ["a.txt"], old, new))
    )
    worker.start()
    assert waiting.wait(10), "refresh_index never started waiting"
    assert worker.is_alive() and lock.read_bytes() == b"held by the person's git"
    lock.unlink()  # the other git process finishes
    worker.join(10)
    assert result == [["a.txt"]]
    assert git_repo.run("ls-files", "a.txt").strip() == "a.txt"


def test_stale_index_lock_times_out_clearly(git_repo: GitRepo) -> None:
    old = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a.txt": b"a\n"}, old)
    new = gitops.commit_tree(git_repo.path, tree, [old], "x")
    lock = git_repo.path / ".git/index.lock"
    lock.write_bytes(b"")
    with pytest.raises(GitError, match=r"index\.lock is held.*stale"):
        gitops.refresh_index(git_repo.path, ["a.txt"], old, new, timeout=0.3)
    assert lock.exists()


def test_refresh_index_all_changed_paths_after_a_crash(git_repo: GitRepo) -> None:
    git_repo.write("intent/app.md", "new intent\n")
    git_repo.write("spec/openapi.yaml", "new spec\n")
    old = git_repo.head()
    files = {"intent/app.md": b"new intent\n", "spec/openapi.yaml": b"new spec\n"}
    new = gitops.commit_tree(
        git_repo.path, gitops.write_tree_from_bytes(git_repo.path, files, old), [old], "r"
    )
    gitops.update_branch(git_repo.path, new, old)  # ...and the process died here
    assert gitops.refresh_index(git_repo.path, None, old, new) == sorted(files)
    assert git_repo.run("status", "--porcelain") == ""
    assert gitops.refresh_index(git_repo.path, None, old, new) == []  # idempotent


def test_changed_paths(git_repo: GitRepo) -> None:
    git_repo.write("intent/a*.md", "glob-looking name\n")
    git_repo.write("intent/b.md", "b\n")
    git_repo.write("spec/s.yaml", "s\n")
    git_repo.commit("base")
    assert gitops.changed_paths(git_repo.path, ["intent", "spec"]) == []
    git_repo.write("intent/a*.md", "edited\n")
    git_repo.write("intent/new.md", "untracked\n")
    git_repo.write("spec/s.yaml", "staged\n")
    git_repo.run("add", "spec/s.yaml")
    git_repo.write("README.md", "outside\n")
    assert gitops.changed_paths(git_repo.path, ["intent", "spec"]) == [
        "intent/a*.md",
        "intent/new.md",
        "spec/s.yaml",
    ]
    # A literal path, not a glob: "a*.md" must not match b.md.
    assert gitops.read_blobs(git_repo.path, "HEAD", ["intent/a*.md"]) == {
        "intent/a*.md": b"glob-looking name\n"
    }
    old = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"intent/a*.md": b"edited\n"}, old)
    assert git_repo.run("diff-tree", "-r", "--name-only", old, tree).split() == ["intent/a*.md"]
