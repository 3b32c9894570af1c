"""gitops against real temporary repositories (no mocks of git)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from intentd import git as gitops
from intentd.errors import GitError

try:
    from tests.helpers.gitrepo import GitRepo, git_env, git_repo
except ImportError:  # tests/ imported as a package
    from tests.gitrepo import GitRepo, git_env, git_repo  # noqa: F401


def _hook(repo: GitRepo, name: str, body: str, folder: str = ".git/hooks") -> Path:
    path = repo.write(f"{folder}/{name}", "#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _revision(repo: GitRepo, files: dict[str, bytes | None], **trailers: str) -> str:
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


# ---------------------------------------------------------------- state


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


# ---------------------------------------------------------------- trees and commits


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


# ---------------------------------------------------------------- the person's index


def test_staged_unrelated_file_stays_staged_and_out_of_commit(git_repo: GitRepo) -> None:
    git_repo.write("README.md", "# my staged edit\n")
    git_repo.run("add", "README.md")
    new = _revision(git_repo, {"intent/app.md": b"app\n", "spec/openapi.yaml": b"openapi: 3.1.0\n"})
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
    _revision(
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


def _spy_backoff(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    waiting = threading.Event()
    real = gitops._backoff

    def spy(deadline: float, attempt: int) -> bool:
        waiting.set()
        return real(deadline, attempt)

    monkeypatch.setattr(gitops, "_backoff", spy)
    return waiting


def test_held_index_lock_is_waited_on_never_deleted(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = git_repo.head()
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a.txt": b"a\n"}, old)
    new = gitops.commit_tree(git_repo.path, tree, [old], "x")
    lock = git_repo.path / ".git/index.lock"
    lock.write_bytes(b"held by the person's git")
    waiting = _spy_backoff(monkeypatch)
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


# ---------------------------------------------------------------- refs and tags


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


# ---------------------------------------------------------------- hooks


def test_pre_commit_hook_sees_tree_and_can_reject(git_repo: GitRepo) -> None:
    _hook(
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
    _hook(git_repo, "pre-commit", "echo fixed > fixed.txt && git add fixed.txt\n")
    tree = gitops.write_tree_from_bytes(git_repo.path, {"a": b"a"}, git_repo.head())
    with pytest.raises(GitError, match="changed the files"):
        gitops.run_hooks(git_repo.path, tree, "msg\n")
    assert "fixed.txt" not in git_repo.staged()


def test_commit_msg_hook_sees_trailers_and_may_edit(git_repo: GitRepo) -> None:
    _hook(
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


# ---------------------------------------------------------------- history


def test_last_revision_and_log(git_repo: GitRepo) -> None:
    first = _revision(git_repo, {"spec/a": b"1"}, **{"Intent-Id": "r1", "Spec-Version": "0.1.0"})
    second = _revision(git_repo, {"spec/a": b"2"}, **{"Intent-Id": "r2", "Spec-Version": "0.2.0"})
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
    rev = _revision(git_repo, {"spec/a": b"1"}, **{"Intent-Id": "r1", "Intent-Hash": "abc"})
    git_repo.write("other.txt", "y")
    git_repo.commit("plain commit")
    assert gitops.last_revision(git_repo.path) == (rev, {"Intent-Id": "r1", "Intent-Hash": "abc"})


def test_last_revision_only_for_this_workspace(git_repo: GitRepo) -> None:
    (git_repo.path / "a").mkdir()
    (git_repo.path / "b").mkdir()
    ra = _revision(git_repo, {"a/spec/x": b"1"}, **{"Intent-Id": "ra"})
    _revision(git_repo, {"b/spec/x": b"1"}, **{"Intent-Id": "rb"})
    found = gitops.last_revision(git_repo.path / "a")
    assert found is not None and found[0] == ra


def test_read_blobs(git_repo: GitRepo) -> None:
    rev = _revision(git_repo, {"spec/a": b"bytes\x00\n", "spec/b": b""})
    got = gitops.read_blobs(git_repo.path, rev, ["spec/a", "spec/b", "spec/none", "spec"])
    assert got == {"spec/a": b"bytes\x00\n", "spec/b": b"", "spec/none": None, "spec": None}
    assert gitops.read_blob(git_repo.path, rev, "README.md") == b"# scratch\n"
    assert gitops.list_paths(git_repo.path, rev, "spec") == ["spec/a", "spec/b"]


def test_fsck_clean(git_repo: GitRepo) -> None:
    _revision(git_repo, {"spec/a": b"1"})
    assert gitops.fsck(git_repo.path) == []


def test_held_ref_lock_is_waited_on(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    old = git_repo.head()
    new = gitops.commit_tree(git_repo.path, old + "^{tree}", [old], "x")
    lock = git_repo.path / ".git/refs/heads/main.lock"
    lock.write_bytes(b"")
    waiting = _spy_backoff(monkeypatch)
    worker = threading.Thread(target=gitops.update_branch, args=(git_repo.path, new, old))
    worker.start()
    assert waiting.wait(10), "update_branch never started waiting"
    assert worker.is_alive() and lock.exists()
    lock.unlink()
    worker.join(10)
    assert git_repo.head() == new


def test_linked_worktree(git_repo: GitRepo, tmp_path: Path) -> None:
    wt = tmp_path / "wt"
    git_repo.run("worktree", "add", "-q", "-b", "feature", str(wt))
    st = gitops.state(wt)
    assert st.branch == "feature" and st.toplevel == wt.resolve()
    assert st.git_dir != st.common_dir == (git_repo.path / ".git").resolve()
    assert st.index_lock == st.git_dir / "index.lock"
    GitRepo(wt).write("spec/a", "1")
    new = _revision(GitRepo(wt), {"spec/a": b"1"})
    assert GitRepo(wt).run("status", "--porcelain") == ""
    assert git_repo.run("rev-parse", "feature").strip() == new


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
