"""The git layer's `history` module: blobs, the log of revisions, trailers, fsck (real git)."""

from __future__ import annotations

import pytest

from intentd import git as gitops
from tests.git.support import revision
from tests.helpers.gitrepo import GitRepo


def test_last_revision_and_log(git_repo: GitRepo) -> None:
    first = revision(git_repo, {"spec/a": b"1"}, **{"Intent-Id": "r1", "Spec-Version": "0.1.0"})
    second = revision(git_repo, {"spec/a": b"2"}, **{"Intent-Id": "r2", "Spec-Version": "0.2.0"})
    git_repo.write("notes.txt", "x\n")
    # Matches the --grep prefilter but is prose, not a trailer block.
    git_repo.commit("person's commit\n\nIntent-Id: is what intentd writes\nas I noted here")
    assert gitops.last_revision(git_repo.path) == (
        second,
        {"Intent-Id": "r2", "Spec-Version": "0.2.0"},
    )
    revs = gitops.log_revisions(git_repo.path)
    assert [r.intent_id for r in revs] == ["r2", "r1"]
    assert revs[1].commit == first and revs[1].spec_version == "0.1.0"
    assert revs[0].parents == (first,) and revs[0].subject == "intent r1: test"


def test_last_revision_skips_plain_commits(git_repo: GitRepo) -> None:
    assert gitops.last_revision(git_repo.path) is None
    rev = revision(git_repo, {"spec/a": b"1"}, **{"Intent-Id": "r1", "Intent-Hash": "abc"})
    git_repo.write("other.txt", "y")
    git_repo.commit("plain commit")
    assert gitops.last_revision(git_repo.path) == (rev, {"Intent-Id": "r1", "Intent-Hash": "abc"})


def test_last_revision_only_for_this_workspace(git_repo: GitRepo) -> None:
    (git_repo.path / "a").mkdir()
    (git_repo.path / "b").mkdir()
    ra = revision(git_repo, {"a/spec/x": b"1"}, **{"Intent-Id": "ra"})
    revision(git_repo, {"b/spec/x": b"1"}, **{"Intent-Id": "rb"})
    found = gitops.last_revision(git_repo.path / "a")
    assert found is not None and found[0] == ra


def test_read_blobs(git_repo: GitRepo) -> None:
    rev = revision(git_repo, {"spec/a": b"bytes\x00\n", "spec/b": b""})
    got = gitops.read_blobs(git_repo.path, rev, ["spec/a", "spec/b", "spec/none", "spec"])
    assert got == {"spec/a": b"bytes\x00\n", "spec/b": b"", "spec/none": None, "spec": None}
    assert gitops.read_blob(git_repo.path, rev, "README.md") == b"# scratch\n"
    assert gitops.list_paths(git_repo.path, rev, "spec") == ["spec/a", "spec/b"]


def test_read_index_blobs_honours_the_hook_index(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repo.write("plan/handoff.yaml", "staged\n")
    git_repo.run("add", "plan/handoff.yaml")
    git_repo.write("plan/handoff.yaml", "on disk\n")
    assert gitops.read_index_blobs(git_repo.path, ["plan/handoff.yaml", "nope"]) == {
        "plan/handoff.yaml": b"staged\n",
        "nope": None,
    }
    # Inside a hook git points GIT_INDEX_FILE at the index being committed.
    tree = gitops.write_tree_from_bytes(git_repo.path, {"plan/handoff.yaml": b"hook\n"}, None)
    other = git_repo.path.parent / "hook-index"
    monkeypatch.setenv("GIT_INDEX_FILE", str(other))
    git_repo.run("read-tree", tree)
    assert gitops.read_index_blob(git_repo.path, "plan/handoff.yaml") == b"hook\n"


def test_fsck_clean(git_repo: GitRepo) -> None:
    revision(git_repo, {"spec/a": b"1"})
    assert gitops.fsck(git_repo.path) == []
