"""End to end: the real daemon (``service.watch`` → ``Watcher`` → ``revision.build``) on temp
git repositories, with real watchfiles and real git (issue 5, "Must show").

The daemon runs on a thread with a stop event and its ``--json`` events captured, or as a real
``intentd watch --json`` process where signals, a second instance or ``kill -9`` are the point.
No fixed sleep is a pass condition: every test waits, with a timeout, for a state — a commit
holding given bytes, an event, or the watcher ``settled`` (nothing pending, quiet ticks) — and
then asserts on what ``git`` shows. Sleeps inside a scenario only pace the writer.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.daemon_harness import (
    APP,
    INTENT,
    TEMP_NAME,
    TIMEOUT,
    Daemon,
    Proc,
    all_paths_ever,
    changed_in,
    committed,
    copy_workspace,
    git,
    head,
    intent,
    intentd,
    make_base,
    new_commits,
    revision_commits,
    save,
    show,
    temp_files_on_disk,
    wait_until,
)


@pytest.fixture(scope="session")
def base_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workspace with revision r1, built once; each test gets a copy."""
    return make_base(tmp_path_factory.mktemp("daemon-e2e") / "base")


@pytest.fixture
def ws(base_workspace: Path, tmp_path: Path, git_env: None) -> Path:
    return copy_workspace(base_workspace, tmp_path / "ws")


# -- saves -------------------------------------------------------------------------------------


def test_a_save_produces_one_commit(ws: Path) -> None:
    base = head(ws)
    with Daemon(ws) as d:
        assert d.events.kinds()[:2] == ["start", "catch-up"]
        assert d.events.of("up-to-date"), "the start-up pass found r1 up to date"
        save(ws / APP, intent("Second version."))
        d.settle_after(committed(ws, intent("Second version.")), "the save to be committed")
    commits = new_commits(ws, base)
    assert len(commits) == 1
    assert set(changed_in(ws, commits[0])) >= {APP, "plan/handoff.yaml", "spec/openapi.yaml"}
    assert all(p.startswith(("intent/", "plan/", "spec/")) for p in changed_in(ws, commits[0]))
    assert "Intent-Hash: " in git(ws, "log", "-1", "--format=%B")
    [rev] = d.events.of("revision")
    assert rev["data"]["commit"] == commits[0] and rev["data"]["revision"] == 2
    assert not d.problems()
    assert git(ws, "status", "--porcelain") == ""


def test_200_saves_in_2s_give_at_most_three_commits_the_last_with_the_final_bytes(
    ws: Path,
) -> None:
    base = head(ws)
    versions = [intent(f"Save number {i}.") for i in range(200)]
    with Daemon(ws) as d:
        start = time.monotonic()
        for i, data in enumerate(versions):
            save(ws / APP, data)
            time.sleep(max(0.0, start + (i + 1) * 0.01 - time.monotonic()))  # pacing only
        d.settle_after(committed(ws, versions[-1]), "the final save to be committed")
    commits = new_commits(ws, base)
    assert 1 <= len(commits) <= 3, len(commits)
    assert show(ws, commits[-1], APP) == versions[-1]
    assert all(show(ws, c, APP) in versions for c in commits)  # never a torn write
    assert not d.problems()


def test_touch_makes_no_commit(ws: Path) -> None:
    base = head(ws)
    with Daemon(ws) as d:
        runs = d.watcher.runs if d.watcher else 0
        os.utime(ws / APP)
        d.noticed()
        d.settle()
        assert new_commits(ws, base) == []
        assert d.watcher is not None and d.watcher.runs == runs  # not even a revision run
        save(ws / APP, intent())  # identical bytes: nothing either
        d.noticed()
        d.settle()
    assert new_commits(ws, base) == []
    assert "change" not in d.events.kinds()


# -- editors: the file operations of a save, replayed ------------------------------------------
# Each replay saves ``new`` into ``d/app.md`` the way that editor does and returns what the
# editor does later (quitting: the swap file or lock goes), run after the revision.


def _vim(d: Path, new: bytes, *, backupcopy: bool) -> Callable[[], None]:
    swap = d / ".app.md.swp"
    swap.write_bytes(b"b0VIM 9.0\0" + b"\0" * 1000)  # while editing
    (d / "4913").write_bytes(b"")  # can-I-create-files-here probe
    (d / "4913").unlink()
    if backupcopy:  # backupcopy=yes: copy to the backup, rewrite the original in place
        shutil.copy2(d / "app.md", d / "app.md~")
        save(d / "app.md", new)
    else:  # backupcopy=no: the original becomes the backup, a new file is written
        os.rename(d / "app.md", d / "app.md~")
        save(d / "app.md", new)
    fd = os.open(d / "app.md", os.O_RDONLY)
    os.fsync(fd)  # vim fsyncs the file it wrote ('fsync' option)
    os.close(fd)
    (d / "app.md~").unlink()  # 'writebackup': the backup goes after a good write
    swap.write_bytes(b"b0VIM 9.0\0" + b"\1" * 1000)  # the swap is updated after the write
    return swap.unlink


def _vim_backupcopy_yes(d: Path, new: bytes) -> Callable[[], None]:
    return _vim(d, new, backupcopy=True)


def _vim_backupcopy_no(d: Path, new: bytes) -> Callable[[], None]:
    return _vim(d, new, backupcopy=False)


def _jetbrains(d: Path, new: bytes) -> Callable[[], None]:
    save(d / "app.md___jb_tmp___", new)
    os.rename(d / "app.md", d / "app.md___jb_old___")
    os.rename(d / "app.md___jb_tmp___", d / "app.md")
    (d / "app.md___jb_old___").unlink()
    return lambda: None


def _emacs(d: Path, new: bytes) -> Callable[[], None]:
    lock = d / ".#app.md"
    os.symlink("person@host.4242:1700000000", lock)  # the lock: a dangling symlink
    save(d / "#app.md#", new[: len(new) // 2])  # auto-save while typing
    save(d / "#app.md#", new)
    os.rename(d / "app.md", d / "app.md~")  # backup on the first save of a session
    save(d / "app.md", new)
    (d / "#app.md#").unlink()  # a save removes the auto-save file
    return lock.unlink  # the lock goes when the buffer is killed


def _gedit(d: Path, new: bytes) -> Callable[[], None]:
    save(d / ".goutputstream-X1Y2Z3", new)
    shutil.copy2(d / "app.md", d / "app.md~")  # "create a backup copy" preference
    os.rename(d / ".goutputstream-X1Y2Z3", d / "app.md")
    return (d / "app.md~").unlink


@pytest.mark.parametrize(
    "replay",
    [_vim_backupcopy_yes, _vim_backupcopy_no, _jetbrains, _emacs, _gedit],
    ids=["vim-backupcopy-yes", "vim-backupcopy-no", "jetbrains", "emacs", "gedit"],
)
def test_editor_save_gives_exactly_one_revision_and_never_commits_a_temp_file(
    ws: Path, replay: Callable[[Path, bytes], Callable[[], None]]
) -> None:
    base = head(ws)
    new = intent("Saved by an editor.")
    with Daemon(ws) as d:
        quit_editor = replay(ws / "intent", new)
        d.settle_after(committed(ws, new), "the editor's save to be committed")
        quit_editor()
        d.settle()
    assert len(new_commits(ws, base)) == 1
    assert len(d.events.of("revision")) == 1
    assert not d.problems()
    leaked = sorted(
        p for p in all_paths_ever(ws) | set(git(ws, "ls-files").split()) if TEMP_NAME.search(p)
    )
    assert leaked == []
    assert git(ws, "ls-tree", "-r", "--name-only", "HEAD", "intent").split() == [APP]


# -- a slow writer -------------------------------------------------------------------------------


def test_slow_writer_never_gets_a_truncated_file_committed(ws: Path) -> None:
    base = head(ws)
    # 1 MB of prose in the description paragraph: valid intent at every length, so only the
    # daemon's quiet period and stable read stand between a half-written file and a commit.
    words = (b"lorem ipsum dolor sit amet consectetur " * 30_000)[:1_000_000].strip()
    final = intent("Slow." + " " + words.decode())
    chunks = [
        final[i : i + len(final) // 10 + 1] for i in range(0, len(final), len(final) // 10 + 1)
    ]
    assert len(chunks) == 10 and b"".join(chunks) == final
    # The default quiet period (500 ms, R3): a writer pausing 100 ms between chunks must not
    # look finished even when this busy machine delays it by a few hundred milliseconds.
    (ws / "intentd.yaml").write_text("quiet_period_ms: 500\nmax_file_bytes: 3000000\n")
    with Daemon(ws) as d:
        with (ws / APP).open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                fh.flush()
                time.sleep(0.1)  # the writer's pace: part of the scenario
        d.settle_after(committed(ws, final), "the whole 1 MB file to be committed")
    commits = new_commits(ws, base)
    assert [show(ws, c, APP) == final for c in commits] == [True] * len(commits)
    assert len(commits) == 1
    assert not d.problems()


# -- start-up --------------------------------------------------------------------------------


def test_an_edit_made_while_stopped_is_committed_at_start(ws: Path) -> None:
    base = head(ws)
    with Daemon(ws):
        pass
    save(ws / APP, intent("Edited while the daemon was stopped."))
    assert new_commits(ws, base) == []
    with Daemon(ws) as d:
        # __enter__ waited for the start-up pass: it has already committed the edit.
        assert show(ws, "HEAD", APP) == intent("Edited while the daemon was stopped.")
    assert len(new_commits(ws, base)) == 1
    catch_up = d.events.of("catch-up")
    assert len(catch_up) == 1 and d.events.kinds().index("catch-up") < d.events.kinds().index(
        "revision"
    )


# -- the person's own git ------------------------------------------------------------------------


def test_the_persons_commit_loop_and_saves_both_succeed_and_no_revision_is_lost(ws: Path) -> None:
    base = head(ws)
    results: list[tuple[str, int, str]] = []
    loops = 15

    def person() -> None:
        for i in range(loops):
            (ws / "notes.txt").write_text(f"note {i}\n")
            for args in (("add", "notes.txt"), ("commit", "-q", "-m", f"note {i}")):
                proc = subprocess.run(["git", *args], cwd=ws, capture_output=True, text=True)
                results.append((" ".join(args), proc.returncode, proc.stderr))

    versions = [intent(f"Save during the person's commits {i}.") for i in range(8)]
    with Daemon(ws) as d:
        t = threading.Thread(target=person)
        t.start()
        for data in versions:
            save(ws / APP, data)
            time.sleep(0.25)  # pacing: some saves get their own revision, some coalesce
        t.join(TIMEOUT)
        d.settle_after(committed(ws, versions[-1]), "the final save to be committed")
    failed = [r for r in results if r[1] != 0]
    assert failed == [], failed
    assert not d.problems(), d.problems()
    log = git(ws, "log", "--format=%s", f"{base}..").splitlines()
    assert sorted(s for s in log if s.startswith("note ")) == sorted(
        f"note {i}" for i in range(loops)
    )
    assert show(ws, "HEAD", "notes.txt") == f"note {loops - 1}\n".encode()
    for c in revision_commits(ws, base):  # the daemon never swept the person's file in
        assert "notes.txt" not in changed_in(ws, c)
    assert git(ws, "status", "--porcelain") == ""


def _diverge(ws: Path, branch: str) -> None:
    """``branch`` and main both change README.md since HEAD: merging them conflicts."""
    git(ws, "checkout", "-q", "-b", branch)
    (ws / "README.md").write_text("theirs\n")
    git(ws, "commit", "-q", "--no-verify", "-am", "theirs")
    git(ws, "checkout", "-q", "main")
    (ws / "README.md").write_text("ours\n")
    git(ws, "commit", "-q", "--no-verify", "-am", "ours")


def test_conflicted_merge_daemon_waits_then_catches_up_exactly_once(ws: Path) -> None:
    _diverge(ws, "other")
    with Daemon(ws) as d:
        assert "CONFLICT" in git(ws, "merge", "other", check=False)
        base = head(ws)
        save(ws / APP, intent("Saved during the merge."))
        wait_until(lambda: bool(d.events.of("waiting")), what="the daemon to say it waits")
        assert "merge" in d.events.of("waiting")[0]["message"]
        assert head(ws) == base
        assert git(ws, "diff", "--name-only", "--", "plan", "spec") == ""  # nothing written
        (ws / "README.md").write_text("merged\n")
        git(ws, "add", "README.md")
        git(ws, "commit", "-q", "--no-edit", "--no-verify")
        merge = head(ws)
        d.settle_after(committed(ws, intent("Saved during the merge.")), "the catch-up")
    assert git(ws, "rev-parse", "HEAD^").strip() == merge
    assert revision_commits(ws, merge) == [head(ws)]  # exactly once
    assert APP not in changed_in(ws, merge)
    kinds = d.events.kinds()
    after = kinds[kinds.index("waiting") :]
    assert after.count("revision") == 1 and after.count("catch-up") == 1
    assert not d.problems()


def test_rebase_stopped_on_a_conflict_daemon_waits_then_catches_up_exactly_once(ws: Path) -> None:
    _diverge(ws, "feature")
    git(ws, "checkout", "-q", "feature")
    with Daemon(ws) as d:
        git(ws, "rebase", "main", check=False)
        assert (ws / ".git" / "rebase-merge").is_dir(), "the rebase stopped on the conflict"
        stopped_at = head(ws)
        save(ws / APP, intent("Saved during the rebase."))
        wait_until(lambda: bool(d.events.of("waiting")), what="the daemon to say it waits")
        assert "rebase" in d.events.of("waiting")[0]["message"]
        assert head(ws) == stopped_at  # without R5 it would commit onto the detached HEAD
        # The person finishes the rebase (git refuses --continue with unstaged changes).
        (ws / "README.md").write_text("resolved\n")
        git(ws, "add", "README.md")
        git(ws, "stash", "push", "-q", "--", APP)
        git(ws, "rebase", "--continue", env={"GIT_EDITOR": "true"})
        rebased = head(ws)
        git(ws, "stash", "pop", "-q")
        d.settle_after(committed(ws, intent("Saved during the rebase.")), "the catch-up")
    assert git(ws, "symbolic-ref", "--short", "HEAD").strip() == "feature"
    assert revision_commits(ws, rebased) == [head(ws)]  # exactly once
    kinds = d.events.kinds()
    assert kinds[kinds.index("waiting") :].count("revision") == 1
    assert not d.problems()


def test_the_persons_staged_files_are_never_swept_in(ws: Path) -> None:
    base = head(ws)
    with Daemon(ws) as d:
        (ws / "README.md").write_text("# scratch\n\nstaged by the person\n")
        git(ws, "add", "README.md")
        (ws / "README.md").write_text("# scratch\n\nstaged, then edited again\n")  # partial
        save(ws / APP, intent("With the person's README staged."))
        d.settle_after(committed(ws, intent("With the person's README staged.")), "the save")
    [c] = new_commits(ws, base)
    assert "README.md" not in changed_in(ws, c)
    assert git(ws, "diff", "--cached", "--name-only").split() == ["README.md"]
    assert show(ws, ":0", "README.md") == b"# scratch\n\nstaged by the person\n"
    assert (ws / "README.md").read_text() == "# scratch\n\nstaged, then edited again\n"


# -- the process: one instance, kill -9, status, Ctrl-C, the hook ---------------------------
def test_second_instance_exits_1_naming_the_pid_and_after_kill_9_a_new_one_starts_at_once(
    ws: Path,
) -> None:
    first = Proc(ws)
    try:
        first.wait_event("start")
        second = intentd("watch", str(ws))
        assert second.returncode == 1
        assert f"pid {first.proc.pid}" in second.stderr, second.stderr
        os.kill(first.proc.pid, signal.SIGKILL)
        first.proc.wait(TIMEOUT)
        third = Proc(ws)
        try:
            third.wait_event("start")  # the kernel dropped the dead holder's flock
            third.wait_event("up-to-date")
            assert third.proc.poll() is None
        finally:
            assert third.end() == 0
        assert "stop" in third.kinds()
    finally:
        first.end(signal.SIGKILL)


def test_status_shows_the_last_revision_and_the_last_failure(ws: Path) -> None:
    bad = INTENT.format(note="Broken.").replace("- age: integer", "- age: intgr").encode()
    with Daemon(ws) as d:
        save(ws / APP, intent("Good."))
        d.settle_after(committed(ws, intent("Good.")), "the good save")
        status = intentd("status", str(ws))
        assert status.returncode == 0, status.stderr
        assert f"watcher: running (pid {os.getpid()})" in status.stdout
        assert re.search(r"^last revision: r2 spec \S+ \(\w+\) [0-9a-f]{7}$", status.stdout, re.M)
        good = head(ws)
        save(ws / APP, bad)
        wait_until(lambda: bool(d.events.of("failure")), what="the failure")
        d.settle()
        assert head(ws) == good
        status = intentd("status", str(ws))
    failure = d.events.of("failure")[0]["message"]
    assert re.search(r"intent/app\.md:\d+: .*intgr", failure), failure
    lines = status.stdout.splitlines()
    assert any(line.startswith("last revision: r2 ") for line in lines), status.stdout
    assert any(line.startswith("last failure: ") for line in lines), status.stdout
    assert re.search(r"^  intent/app\.md:\d+: .*intgr", status.stdout, re.M), status.stdout
    assert "pending: intent/app.md" in status.stdout


def test_ctrl_c_during_a_revision_lets_it_finish(ws: Path) -> None:
    base = head(ws)
    daemon = Proc(ws)
    try:
        daemon.wait_event("up-to-date")
        save(ws / APP, intent("Saved just before Ctrl-C."))
        daemon.wait_event("planning")  # the revision is under way
        os.killpg(daemon.proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        assert daemon.proc.wait(TIMEOUT) == 0
    finally:
        daemon.end(signal.SIGKILL)
    kinds = daemon.kinds()
    assert kinds[kinds.index("planning") :].count("revision") == 1 and kinds[-1] == "stop"
    assert len(new_commits(ws, base)) == 1
    assert show(ws, "HEAD", APP) == intent("Saved just before Ctrl-C.")
    assert git(ws, "status", "--porcelain") == ""  # files, index and HEAD agree
    assert not (ws / ".intentd" / "journal.json").exists()
    assert temp_files_on_disk(ws) == []
    assert not list((ws / ".git").glob("**/*.lock"))
    git(ws, "fsck", "--no-progress")


def test_hand_edit_breaking_the_spec_is_refused_at_git_commit_by_the_hook(ws: Path) -> None:
    res = intentd("hooks", "install", str(ws))
    assert res.returncode == 0, res.stderr
    spec = ws / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("openapi: 3.1.0", "openapi: banana", 1))
    git(ws, "add", "spec/openapi.yaml")
    before = head(ws)
    proc = subprocess.run(
        ["git", "commit", "-m", "hand edit"], cwd=ws, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert re.search(r"^spec/openapi\.yaml(:\d+)?: ", proc.stderr, re.M), proc.stderr
    assert head(ws) == before
    assert git(ws, "diff", "--cached", "--name-only").split() == ["spec/openapi.yaml"]
