"""SIGKILL a real ``intentd build`` at every fault point and at random moments (issue 4, item 5).

After each kill: every generated file is whole (the old revision's bytes or the new one's).
After the next ``intentd build``: no temp file, no journal, no lock, ``git fsck`` clean, HEAD a
revision of the final intent (exactly one new commit, tagged and noted), and the working tree
and index clean for intent/, plan/ and spec/.

``INTENTD_RANDOM_KILLS`` sets the number of random kills (default 10; CI sets 50) and
``INTENTD_RANDOM_SEED`` replays a run (the seed is printed on failure).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from intentd import cli
from intentd.revision import journal
from tests.helpers.gitrepo import isolate_git
from tests.helpers.revision_fixtures import (
    APP,
    GENERATED,
    Workspace,
    clone_workspace,
    make_workspace,
)

EDIT = ("- nickname: string\n", "- nickname: string\n- color: string\n")
POINTS = [p for p in journal.FAULT_POINTS if p != "after-rename-N"]
RENAMES = [f"after-rename-{n}" for n in range(1, 11)]
RANDOM_KILLS = int(os.environ.get("INTENTD_RANDOM_KILLS", "10"))


@dataclass
class Reference:
    base: Workspace
    r1: str
    before: dict[str, bytes | None]  # generated files at r1
    renames: int  # how many files the edit's revision writes


@pytest.fixture(scope="module")
def ref(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp)
        root = tmp_path_factory.mktemp("faults")
        base = make_workspace(root / "base")
        done = clone_workspace(base, root / "done")
        done.edit(*EDIT)
        assert done.build().status == "committed"
        written = [p for p in done.in_commit() if p != APP]
        r1 = base.head()
        assert r1 is not None
        yield Reference(base, r1, base.generated(), len(written))


def _build_process(ws: Workspace, fault: str | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != journal.FAULT_ENV}
    if fault is not None:
        env[journal.FAULT_ENV] = fault
    return subprocess.Popen(
        [sys.executable, "-m", "intentd", "build", "-q", str(ws.path)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _await_journal(proc: subprocess.Popen[bytes], path: Path) -> None:
    while proc.poll() is None and not path.exists():
        time.sleep(0.002)


def _wait_for_orphans(ws: Workspace, timeout: float = 30.0) -> None:
    """git commands the killed process started run on (their own session); let them end so
    the next build meets the repository as a person would a moment later."""
    deadline = time.monotonic() + timeout
    me = str(os.getpid())
    while time.monotonic() < deadline:
        busy = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
            except OSError:
                continue
            if pid != me and (cwd == str(ws.path) or cwd.startswith(f"{ws.path}/")):
                busy.append(pid)
        if not busy:
            return
        time.sleep(0.01)
    raise AssertionError(f"processes still running in {ws.path} after {timeout}s")


def _leftovers(ws: Workspace) -> list[str]:
    temps = [str(p) for p in ws.path.rglob("*intentd-tmp-*") if ".git" not in p.parts]
    locks = [str(p) for p in (ws.path / ".git").rglob("*.lock")]
    return temps + locks + [str(p) for p in ws.path.glob(".intentd/journal.json")]


def _torn(ws: Workspace, before: dict[str, bytes | None]) -> list[str]:
    """Generated files holding neither their previous bytes nor exactly what the killed
    revision meant to write (its journal's target hash, or HEAD's blob once published)."""
    j = journal.read(ws.path)
    head = ws.head()
    committed = {p: ws.show(f"{head}:{p}") if p in ws.in_commit() else None for p in GENERATED}
    torn = []
    for path, data in ws.generated().items():
        if data == before[path] or data == committed[path]:
            continue
        target = j.target.get(path) if j is not None else None
        if data is None or target is None or journal.sha256(data) != target:
            torn.append(path)
    return torn


def _recover_and_check(ws: Workspace, r1_count: int) -> None:
    """The next build finishes or redoes the revision; the repository ends clean."""
    assert cli.main(["build", "-q", str(ws.path)]) == 0
    assert _leftovers(ws) == []
    fsck = subprocess.run(
        ["git", "fsck", "--full", "--no-dangling", "--no-progress"],
        cwd=ws.path,
        capture_output=True,
        text=True,
    )
    assert fsck.returncode == 0 and fsck.stdout + fsck.stderr == "", fsck.stdout + fsck.stderr
    assert ws.show(f"HEAD:{APP}") == (ws.path / APP).read_bytes()
    assert ws.count() == r1_count + 1  # one revision, not two, not none
    assert ws.dirty("intent", "plan", "spec") == []
    assert ws.staged() == []
    t = ws.trailers()
    if t["Spec-Bump"] != "none":
        assert ws.tags()[f"spec/v{t['Spec-Version']}"] == ws.head()
    note = ws.note()
    assert note is not None and note["commit"] == ws.head()
    assert cli.main(["build", "-q", "--check", str(ws.path)]) == 0


@pytest.mark.parametrize("point", POINTS + RENAMES)
def test_sigkill_at_each_fault_point(
    ref: Reference, tmp_path: Path, git_env: None, point: str
) -> None:
    ws = clone_workspace(ref.base, tmp_path / "ws")
    ws.edit(*EDIT)
    r1_count = ws.count()

    proc = _build_process(ws, point)
    _, err = proc.communicate(timeout=120)
    _wait_for_orphans(ws)

    if point.startswith("after-rename-") and int(point.rsplit("-", 1)[1]) > ref.renames:
        assert proc.returncode == 0, err.decode()  # this revision makes fewer renames
        return
    assert proc.returncode == -signal.SIGKILL, err.decode()
    assert _torn(ws, ref.before) == []
    assert ws.head() in (ref.r1, ws.git("rev-parse", "main").strip())
    if point in ("after-ref-update", "before-tag", "before-note"):
        assert ws.head() != ref.r1  # published: the next run only finishes the revision
    else:
        assert ws.head() == ref.r1

    _recover_and_check(ws, r1_count)
    assert ws.git("rev-parse", "HEAD~1").strip() == ref.r1


def test_sigkill_at_random_moments(ref: Reference, tmp_path: Path, git_env: None) -> None:
    """Half the kills land anywhere in the run; half at a random moment after the journal
    appears (the transaction proper), which a uniform delay would mostly miss."""
    seed = int(os.environ.get("INTENTD_RANDOM_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    ws = clone_workspace(ref.base, tmp_path / "ws")

    journal_file = ws.path / ".intentd/journal.json"
    ws.edit("- nickname: string\n", "- nickname: string\n- extra0: string\n")
    started = time.monotonic()
    proc = _build_process(ws)  # one uninterrupted run times the kills
    _await_journal(proc, journal_file)
    in_journal = time.monotonic()
    assert proc.wait(timeout=120) == 0
    whole, tail = time.monotonic() - started, time.monotonic() - in_journal

    outcomes: dict[str, int] = {}
    for i in range(1, RANDOM_KILLS + 1):
        ws.edit(f"- extra{i - 1}: string\n", f"- extra{i - 1}: string\n- extra{i}: string\n")
        before, head, count = ws.generated(), ws.head(), ws.count()
        proc = _build_process(ws)
        if i % 2:
            time.sleep(rng.uniform(0.0, whole))
        else:
            _await_journal(proc, journal_file)
            time.sleep(rng.uniform(0.0, tail))
        if proc.poll() is None:
            proc.kill()
        rc = proc.wait(timeout=120)
        _wait_for_orphans(ws)
        moment = (
            "finished"
            if rc == 0
            else "after update-ref"
            if ws.head() != head
            else "in the transaction"
            if journal_file.exists()
            else "before the transaction"
        )
        outcomes[moment] = outcomes.get(moment, 0) + 1
        torn = _torn(ws, before)
        assert torn == [], f"partial files after kill {i} (seed {seed}): {torn}"
        try:
            _recover_and_check(ws, count)
        except AssertionError as exc:
            raise AssertionError(f"kill {i} ({moment}), INTENTD_RANDOM_SEED={seed}: {exc}") from exc
    print(f"random kills (seed {seed}): {outcomes}")
    assert sum(outcomes.values()) == RANDOM_KILLS
