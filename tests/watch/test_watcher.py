"""The watch loop in layers (STYLE.md): a scripted fake change source with a fake clock, and
real end-to-end runs on watchfiles with a stop event and timeouts. The pure filter and
debounce are in test_filters.py, the stable snapshot in tests/intent/test_snapshot.py.

No fixed sleep is a pass condition: end-to-end tests wait (with a timeout) for the watcher to
report a state — a run that saw given bytes, or ``settled`` (nothing pending, quiet ticks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from intentd import git as gitops
from intentd.errors import Finding, IntentError
from intentd.intent import read_bundle
from intentd.watch.watcher import Watcher
from tests.helpers.gitrepo import GIT_ENV


def _workspace(tmp_path: Path, text: str = "# App\n") -> Path:
    ws = tmp_path / "ws"
    (ws / "intent").mkdir(parents=True)
    (ws / "intent" / "app.md").write_text(text)
    return ws


# -- a scripted fake change source with a fake clock ----------------------------------------


class Script:
    """Drives a Watcher synchronously: each step runs between two batches the watcher pulls."""

    def __init__(self, ws: Path) -> None:
        self.ws = ws.resolve()
        self.now = 100.0
        self.stop = threading.Event()
        self.events: list[dict[str, Any]] = []
        self.runs: list[bytes] = []
        self.sources = 0
        self.steps: list[Callable[[], Any]] = []
        self.busy: str | None = None
        self.on_run: Callable[[], None] | None = None

    def clock(self) -> float:
        return self.now

    def run_revision(self) -> None:
        self.runs.append((self.ws / "intent" / "app.md").read_bytes())
        if self.on_run is not None:
            self.on_run()

    def source(
        self, dirs: Sequence[Path], stop: threading.Event, tick_ms: int
    ) -> Iterator[set[Any]]:
        self.sources += 1
        while self.steps:
            out = self.steps.pop(0)()
            if isinstance(out, BaseException):
                raise out
            yield out if isinstance(out, set) else set()
        self.stop.set()

    # steps
    def tick(self, dt: float = 0.1) -> None:
        def step() -> None:
            self.now += dt

        self.steps.append(step)

    def ticks(self, seconds: float, dt: float = 0.1) -> None:
        for _ in range(round(seconds / dt)):
            self.tick(dt)

    def save(self, text: str, rel: str = "intent/app.md") -> None:
        def step() -> set[Any]:
            (self.ws / rel).write_text(text)
            return {(2, str(self.ws / rel))}

        self.steps.append(step)

    def touch(self, rel: str = "intent/app.md") -> None:
        def step() -> set[Any]:
            os.utime(self.ws / rel)
            return {(2, str(self.ws / rel))}

        self.steps.append(step)

    def do(self, fn: Callable[[], Any]) -> None:
        self.steps.append(fn)

    def watcher(self, **kw: Any) -> Watcher:
        opts: dict[str, Any] = {
            "quiet_period": 0.5,
            "rescan_interval": 1000.0,
            "stop_event": self.stop,
            "emit": self.events.append,
            "repo_busy": lambda: self.busy,
            "source": self.source,
            "clock": self.clock,
            "busy_poll": 0.2,
            "backoff": (0.001, 0.002),
            "stable_gap": 0.0,
        }
        opts.update(kw)
        return Watcher(self.ws, self.run_revision, **opts)

    def kinds(self) -> list[str]:
        return [e["event"] for e in self.events]


def test_fake_start_catches_up_once_then_one_save_one_run(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()
    s.do(lambda: len(s.runs) == 1 or pytest.fail("no catch-up run at start"))
    s.save("v1\n")
    s.ticks(0.3)
    s.do(lambda: len(s.runs) == 1 or pytest.fail("ran before the quiet period"))
    s.ticks(0.5)
    s.ticks(2.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"v1\n"]
    assert s.kinds()[0] == "start" and s.kinds()[-1] == "stop"
    assert s.kinds().count("catch-up") == 1 and s.kinds().count("change") == 1


def test_fake_touch_and_identical_save_do_nothing(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()
    s.touch()
    s.ticks(1.0)
    s.save("v0\n")
    s.ticks(1.0)
    s.watcher().run()
    assert s.runs == [b"v0\n"]


def test_fake_burst_coalesces_to_one_run_with_final_bytes(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()
    for i in range(200):
        s.save(f"v{i}\n")
        s.tick(0.01)
    s.ticks(1.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"v199\n"]


def test_fake_edit_during_revision_gives_exactly_one_more_run(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    edits = iter(["during-1\n", "during-2\n"])

    def edit_while_running() -> None:
        if len(s.runs) == 1:  # the start-up run: two saves land mid-revision
            for text in edits:
                (s.ws / "intent" / "app.md").write_text(text)

    s.on_run = edit_while_running
    s.ticks(2.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"during-2\n"]


def test_fake_own_handoff_write_is_not_a_hand_edit_but_a_hand_edit_is(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    (s.ws / "plan").mkdir()

    def write_plan() -> None:  # what a revision does
        (s.ws / "plan" / "handoff.yaml").write_text(f"generated: {len(s.runs)}\n")

    s.on_run = write_plan
    s.tick()
    s.do(lambda: {(2, str(s.ws / "plan" / "handoff.yaml"))})  # the event of our own write
    s.ticks(1.0)
    s.do(lambda: len(s.runs) == 1 or pytest.fail("own write triggered a run"))
    s.save("hand: edit\n", "plan/handoff.yaml")
    s.ticks(1.0)
    s.watcher().run()
    assert len(s.runs) == 2


def test_fake_dropped_event_is_caught_by_the_tick_sweep(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()
    s.do(lambda: (s.ws / "intent" / "app.md").write_text("silent\n"))  # no event reported
    s.ticks(2.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"silent\n"]


def test_fake_change_invisible_to_stat_is_caught_by_rescan(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    app = s.ws / "intent" / "app.md"

    def sneaky() -> None:  # same size, same mtime, same inode: only the hash differs
        st = app.stat()
        with app.open("r+b") as fh:
            fh.write(b"v1\n")
        os.utime(app, ns=(st.st_atime_ns, st.st_mtime_ns))

    s.tick()
    s.do(sneaky)
    s.ticks(2.0)
    s.do(lambda: len(s.runs) == 1 or pytest.fail("ran without rescan"))
    s.ticks(4.0)
    s.watcher(rescan_interval=5.0).run()
    assert s.runs == [b"v0\n", b"v1\n"]


def test_fake_watcher_error_rebuilds_and_keeps_watching(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()
    s.do(lambda: RuntimeError('Unable to decode path "intent/\\xFF.md" to string'))
    s.save("v1\n")
    s.ticks(1.0)
    s.do(lambda: OSError(28, "OS file watch limit reached"))
    s.save("v2\n")
    s.ticks(1.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"v1\n", b"v2\n"]
    errors = [e for e in s.events if e["event"] == "error"]
    assert len(errors) == 2 and s.sources == 3
    assert "max_user_watches" in errors[1]["message"]


def test_fake_failed_revision_is_reported_and_watching_continues(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))

    def fail_first() -> None:
        if len(s.runs) == 1:
            raise IntentError("bad", (Finding("intent/app.md:3", "unknown field type 'strnig'"),))
        if len(s.runs) == 2:
            raise KeyError("bug")

    s.on_run = fail_first
    s.tick()
    s.save("v1\n")
    s.ticks(1.0)
    s.save("v2\n")
    s.ticks(1.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"v1\n", b"v2\n"]
    failure = next(e for e in s.events if e["event"] == "failure")
    assert failure["message"] == "intent/app.md:3: unknown field type 'strnig'"
    bug = next(e for e in s.events if e["event"] == "error")
    assert "KeyError" in bug["message"] and "Traceback" in bug["data"]["traceback"]


def test_fake_waits_during_git_operation_and_catches_up_once(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()
    s.do(lambda: setattr(s, "busy", "a rebase is in progress"))
    s.save("v1\n")
    s.ticks(1.0)
    s.save("v2\n")  # more edits while waiting
    s.ticks(3.0)
    s.do(lambda: len(s.runs) == 1 or pytest.fail("ran during a rebase"))
    s.do(lambda: setattr(s, "busy", None))
    s.ticks(2.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"v2\n"]
    assert s.kinds().count("waiting") == 1
    waiting = next(e for e in s.events if e["event"] == "waiting")
    assert waiting["message"] == "waiting: a rebase is in progress"
    assert s.kinds().count("catch-up") == 2  # start-up and after the rebase


def test_fake_repo_busy_failing_is_reported_once_and_does_not_block(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))

    def broken() -> str | None:
        raise OSError("git: not found")

    s.tick()
    s.save("v1\n")
    s.ticks(1.0)
    s.watcher(repo_busy=broken).run()
    assert s.runs == [b"v0\n", b"v1\n"]
    errors = [e["message"] for e in s.events if e["event"] == "error"]
    assert errors == ["cannot tell whether git is busy: git: not found"]


def test_fake_busy_at_start_defers_the_start_run(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.busy = "HEAD is detached"
    s.ticks(2.0)
    s.do(lambda: len(s.runs) == 0 or pytest.fail("ran on a detached HEAD"))
    s.do(lambda: setattr(s, "busy", None))
    s.ticks(1.0)
    s.watcher().run()
    assert s.runs == [b"v0\n"]


def test_fake_intent_replaced_is_watched_again(tmp_path: Path) -> None:
    s = Script(_workspace(tmp_path, "v0\n"))
    s.tick()

    def replace() -> set[Any]:
        shutil.rmtree(s.ws / "intent")
        (s.ws / "intent").mkdir()  # the inode number may well be reused
        (s.ws / "intent" / "app.md").write_text("recreated\n")
        return {(3, str(s.ws / "intent" / "app.md")), (3, str(s.ws / "intent"))}

    s.do(replace)
    s.ticks(1.0)
    s.watcher().run()
    assert s.runs == [b"v0\n", b"recreated\n"]
    assert s.sources == 2


# -- real end-to-end runs on watchfiles -------------------------------------------------------

E2E_QUIET = 0.3
TIMEOUT = 20.0


def wait_until(pred: Callable[[], bool], timeout: float = TIMEOUT, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or pred}")
        time.sleep(0.01)


class Live:
    """A real Watcher on a thread, with a fake run_revision that records what it saw."""

    def __init__(self, ws: Path, **kw: Any) -> None:
        self.ws = ws
        self.stop = threading.Event()
        self.seen: list[bytes] = []
        self.bundles: list[tuple[str, ...] | str] = []
        self.events: list[dict[str, Any]] = []
        self.watcher = Watcher(
            ws,
            self.run_revision,
            quiet_period=kw.pop("quiet_period", E2E_QUIET),
            rescan_interval=kw.pop("rescan_interval", 60.0),
            stop_event=self.stop,
            emit=self.events.append,
            **kw,
        )
        self.thread = threading.Thread(target=self.watcher.run, daemon=True)

    def run_revision(self) -> None:
        app = self.ws / "intent" / "app.md"
        seen = app.read_bytes() if app.exists() else b"<missing>"
        bundle: tuple[str, ...] | str
        try:
            bundle = tuple(f.path for f in read_bundle(self.ws).files)
        except IntentError as exc:
            bundle = f"error: {exc}"
        # bundles first: a test that waits on `seen` then reads `bundles` must find it there
        self.bundles.append(bundle)
        self.seen.append(seen)

    def __enter__(self) -> Live:
        self.thread.start()
        wait_until(lambda: len(self.seen) == 1, what="the start-up run")
        self.settle()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive(), "watcher did not stop"

    def settle(self) -> None:
        wait_until(lambda: self.watcher.settled, what="the watcher to settle")

    def settle_after(self, data: bytes) -> None:
        """Wait for a run that saw ``data``, then for the watcher to go quiet."""
        wait_until(lambda: data in self.seen, what=f"a run that saw {data[:30]!r}")
        self.watcher.idle_ticks = 0
        self.settle()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return _workspace(tmp_path, "# App\n\nv0\n")


def _save(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)


def test_e2e_one_save_one_run(ws: Path) -> None:
    with Live(ws) as live:
        _save(ws / "intent" / "app.md", b"# App\n\nv1\n")
        live.settle_after(b"# App\n\nv1\n")
    assert live.seen == [b"# App\n\nv0\n", b"# App\n\nv1\n"]
    assert [e["event"] for e in live.events][:2] == ["start", "catch-up"]


def test_e2e_touch_runs_nothing(ws: Path) -> None:
    with Live(ws) as live:
        os.utime(ws / "intent" / "app.md")
        live.watcher.idle_ticks = 0
        live.settle()  # the touch's batch resets idle_ticks, so this waits past it
    assert len(live.seen) == 1


def test_e2e_200_saves_in_2s(ws: Path) -> None:
    app = ws / "intent" / "app.md"
    with Live(ws) as live:
        start = time.monotonic()
        for i in range(200):
            _save(app, f"# App\n\nsave {i}\n".encode())
            time.sleep(max(0.0, start + (i + 1) * 0.01 - time.monotonic()))
        live.settle_after(b"# App\n\nsave 199\n")
    after_start = live.seen[1:]
    assert 1 <= len(after_start) <= 3
    assert after_start[-1] == b"# App\n\nsave 199\n"


def test_e2e_slow_writer_is_never_seen_truncated(ws: Path) -> None:
    app = ws / "intent" / "app.md"
    chunk = (b"x" * 1023 + b"\n") * 100  # 100 KiB
    final = chunk * 10
    with Live(ws) as live:
        with app.open("wb") as fh:
            for _ in range(10):
                fh.write(chunk)
                fh.flush()
                time.sleep(0.1)  # the writer's pace (part of the scenario, not a pass condition)
        live.settle_after(final)
    assert all(s in (b"# App\n\nv0\n", final) for s in live.seen)
    assert live.seen[-1] == final


# Editor replays: the file operations each editor makes on save, in order.


def _vim_backupcopy_yes(d: Path, new: bytes) -> None:
    (d / ".app.md.swp").write_bytes(b"swap")  # while editing
    (d / "4913").write_bytes(b"")  # can-I-write-here probe
    (d / "4913").unlink()
    shutil.copy2(d / "app.md", d / "app.md~")
    _save(d / "app.md", new)  # truncate and rewrite in place
    (d / "app.md~").unlink()
    (d / ".app.md.swp").unlink()


def _vim_backupcopy_no(d: Path, new: bytes) -> None:
    (d / ".app.md.swp").write_bytes(b"swap")
    (d / "4913").write_bytes(b"")
    (d / "4913").unlink()
    os.rename(d / "app.md", d / "app.md~")
    _save(d / "app.md", new)
    (d / "app.md~").unlink()
    (d / ".app.md.swp").unlink()


def _jetbrains(d: Path, new: bytes) -> None:
    _save(d / "app.md___jb_tmp___", new)
    os.rename(d / "app.md", d / "app.md___jb_old___")
    os.rename(d / "app.md___jb_tmp___", d / "app.md")
    (d / "app.md___jb_old___").unlink()


def _emacs(d: Path, new: bytes) -> None:
    os.symlink("user@host.4242:1700000000", d / ".#app.md")  # lock
    _save(d / "#app.md#", new[: len(new) // 2])  # auto-save, half the text
    _save(d / "#app.md#", new)
    os.rename(d / "app.md", d / "app.md~")  # backup on first save
    _save(d / "app.md", new)
    (d / "#app.md#").unlink()
    (d / ".#app.md").unlink()


def _gedit(d: Path, new: bytes) -> None:
    _save(d / ".goutputstream-X1Y2Z3", new)
    shutil.copy2(d / "app.md", d / "app.md~")
    os.rename(d / ".goutputstream-X1Y2Z3", d / "app.md")


@pytest.mark.parametrize(
    "replay",
    [_vim_backupcopy_yes, _vim_backupcopy_no, _jetbrains, _emacs, _gedit],
    ids=["vim-backupcopy-yes", "vim-backupcopy-no", "jetbrains", "emacs", "gedit"],
)
def test_e2e_editor_replay_gives_exactly_one_run(
    ws: Path, replay: Callable[[Path, bytes], None]
) -> None:
    new = b"# App\n\nsaved by an editor\n"
    with Live(ws) as live:
        replay(ws / "intent", new)
        live.settle_after(new)
    assert live.seen == [b"# App\n\nv0\n", new]
    assert live.bundles == [("intent/app.md",), ("intent/app.md",)]


def test_e2e_undecodable_file_name_does_not_stop_it(ws: Path) -> None:
    with Live(ws, backoff=(0.01, 0.05)) as live:
        with open(os.path.join(os.fsencode(ws / "intent"), b"\xff.md"), "wb") as fh:
            fh.write(b"# odd\n")
        wait_until(lambda: any(e["event"] == "error" for e in live.events), what="error event")
        _save(ws / "intent" / "app.md", b"# App\n\nafter\n")
        live.settle_after(b"# App\n\nafter\n")
    assert live.seen[-1] == b"# App\n\nafter\n"
    assert live.thread.is_alive() is False


def test_e2e_intent_deleted_and_recreated_is_still_watched(ws: Path) -> None:
    with Live(ws) as live:
        shutil.rmtree(ws / "intent")
        (ws / "intent").mkdir()
        _save(ws / "intent" / "app.md", b"# App\n\nrecreated\n")
        live.settle_after(b"# App\n\nrecreated\n")
        _save(ws / "intent" / "app.md", b"# App\n\nstill watching\n")
        live.settle_after(b"# App\n\nstill watching\n")
    assert live.seen[-2:] == [b"# App\n\nrecreated\n", b"# App\n\nstill watching\n"]


def test_e2e_forced_polling(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")
    monkeypatch.setenv("WATCHFILES_POLL_DELAY_MS", "50")
    with Live(ws) as live:
        os.utime(ws / "intent" / "app.md")
        _save(ws / "intent" / "app.md", b"# App\n\npolled\n")
        live.settle_after(b"# App\n\npolled\n")
    assert live.seen == [b"# App\n\nv0\n", b"# App\n\npolled\n"]


def test_e2e_start_without_intent_then_created(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    live = Live(ws)
    live.thread.start()
    wait_until(lambda: live.seen == [b"<missing>"], what="the start-up run")
    assert str(live.bundles[0]).startswith("error: intent/:")
    (ws / "intent").mkdir()
    _save(ws / "intent" / "app.md", b"# App\n\nfirst\n")
    live.settle_after(b"# App\n\nfirst\n")
    live.__exit__()
    assert live.seen == [b"<missing>", b"# App\n\nfirst\n"]


def test_e2e_stop_event_ends_the_watcher_promptly(ws: Path) -> None:
    live = Live(ws)
    with live:
        pass
    assert [e["event"] for e in live.events][-1] == "stop"


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    return res.stdout + res.stderr


def test_e2e_real_git_merge_and_detached_head_wait_then_catch_up_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    _git(ws, "init", "-q", "-b", "main")
    (ws / "README.md").write_text("base\n")
    _git(ws, "add", ".")
    _git(ws, "commit", "-q", "-m", "base")
    _git(ws, "checkout", "-q", "-b", "other")
    (ws / "README.md").write_text("theirs\n")
    _git(ws, "commit", "-q", "-am", "theirs")
    _git(ws, "checkout", "-q", "main")
    (ws / "README.md").write_text("ours\n")
    _git(ws, "commit", "-q", "-am", "ours")

    def busy() -> str | None:  # what the CLI passes (gitops owns git)
        state = gitops.state(ws)
        return state.busy() or ("HEAD is detached" if state.detached else None)

    with Live(ws, repo_busy=busy) as live:
        assert "CONFLICT" in _git(ws, "merge", "other")
        _save(ws / "intent" / "app.md", b"# App\n\nduring the merge\n")
        wait_until(lambda: any(e["event"] == "waiting" for e in live.events), what="waiting")
        assert len(live.seen) == 1  # nothing ran when it would have
        _git(ws, "merge", "--abort")
        live.settle_after(b"# App\n\nduring the merge\n")
        assert len(live.seen) == 2

        _git(ws, "checkout", "-q", "--detach")
        _save(ws / "intent" / "app.md", b"# App\n\ndetached\n")
        wait_until(lambda: [e["event"] for e in live.events].count("waiting") == 2)
        assert len(live.seen) == 2
        _git(ws, "checkout", "-q", "main")
        live.settle_after(b"# App\n\ndetached\n")
    assert len(live.seen) == 3
    waiting = [e["message"] for e in live.events if e["event"] == "waiting"]
    assert "merge" in waiting[0] and waiting[1] == "waiting: HEAD is detached"
    kinds = [e["event"] for e in live.events]
    assert kinds.count("catch-up") == 3  # start-up, after the merge, after the detached HEAD
