"""The watch loop: a revision on every settled save (the shell around :mod:`.filters`).

Events are only a wake-up; state decides (daemon-reliability.md R2). After a quiet period the
watcher reads a *stable* snapshot of the intent files (:func:`.snapshot.stable_fingerprint`)
and calls the injected ``run_revision`` only if that fingerprint differs from the one it last
acted on, so a ``touch`` or an identical save does nothing. A dropped event (inotify overflow,
or watchfiles clearing a batch on timeout, which loses saves under forced polling) is caught by a
stat-only sweep on idle ticks and a hashing rescan every ``rescan_interval``. ``run_revision``
runs inline: one revision at a time, and edits made meanwhile (buffered by watchfiles and
re-checked afterwards) coalesce into one next run. It starts with one unconditional run
(catch-up on edits made while stopped).

The watcher never exits on a watcher error (an undecodable file name, ``intent/`` deleted and
recreated, an inotify limit): it reports it and rebuilds with backoff (R4). It waits while
``repo_busy`` names a git operation in progress and catches up once afterwards (R5).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import layout
from ..intent.snapshot import Fingerprint, Signature, file_sha, stable_fingerprint, stat_signature
from ..layout import INTENT_DIR
from .changes import (
    STEP_MS,
    Batch,
    ChangeSource,
    DirIdentity,
    dir_identity,
    polling_delay_ms,
    watch_dirs,
    watched_paths,
    watchfiles_source,
)
from .events import Emit, Throttle, describe_change, make_event, revision_error, watch_error_message
from .filters import Debouncer


class Watcher:
    """The daemon loop. Call :meth:`run` (blocks until ``stop_event`` is set).

    ``run_revision`` builds one revision (its result is ignored: it reports for itself); an
    exception from it is emitted as a ``failure`` (IntentdError) or ``error`` event and watching
    goes on. ``repo_busy`` returns why git is busy (merge, rebase, …, detached HEAD) or None;
    it is asked only when there is something to do. ``emit`` receives the events of
    :mod:`.events`: start, catch-up, change, waiting, failure, error, stop.
    ``source`` and ``clock`` exist for tests (a scripted change source, a fake clock).
    """

    def __init__(
        self,
        workspace: Path,
        run_revision: Callable[[], object],
        *,
        quiet_period: float = 0.5,
        rescan_interval: float = 30.0,
        stop_event: threading.Event | None = None,
        emit: Emit | None = None,
        repo_busy: Callable[[], str | None] | None = None,
        source: ChangeSource | None = None,
        clock: Callable[[], float] = time.monotonic,
        busy_poll: float = 1.0,
        backoff: tuple[float, float] = (0.1, 5.0),
        stable_gap: float = 0.02,
        sweep_interval: float | None = None,
        tick: float | None = None,
    ) -> None:
        self.workspace = Path(workspace).resolve()
        self.stop_event = stop_event if stop_event is not None else threading.Event()
        self.runs = 0
        self.last: Fingerprint | None = None
        self.idle_ticks = 0  # consecutive quiet ticks with nothing pending (tests wait on it)
        self._run_revision = run_revision
        self._quiet = quiet_period
        self._rescan = rescan_interval
        self._emit_fn: Emit = emit if emit is not None else (lambda _e: None)
        self._repo_busy = repo_busy if repo_busy is not None else (lambda: None)
        self._clock = clock
        self._busy_poll = busy_poll
        self._backoff = backoff
        self._stable_gap = stable_gap
        # Polling sees a change up to one poll late, so a writer pausing between chunks can look
        # quiet for a poll longer than it is: widen the quiet period by one poll delay.
        poll_ms = polling_delay_ms() if source is None else None
        self._source = (
            source
            if source is not None
            else watchfiles_source(self.workspace, quiet_period, poll_ms)
        )
        self._tick_ms = _tick_ms(quiet_period, tick)
        self._debounce = Debouncer(quiet_period + (poll_ms or 0) / 1000)
        # Below the quiet period, so a writer whose events were lost still keeps it open.
        self._sweep_interval = sweep_interval or min(0.5, self._debounce.quiet / 2)
        self._errors = Throttle()
        self._force: str | None = "start"  # run even if the fingerprint looks unchanged
        self._waiting: str | None = None
        self._next_sweep = self._next_busy_check = self._next_rescan = 0.0
        self._changed: set[str] = set()
        self._rebuild = False
        self._signature: Signature | None = None

    @property
    def settled(self) -> bool:
        """Nothing pending, nothing running, and two quiet watcher ticks in a row."""
        return self.idle_ticks >= 2

    # -- the loop: follow the change source, rebuild it on errors -----------------------------

    def run(self) -> None:
        self._emit("start", f"watching {self.workspace}", quiet_period_s=self._quiet)
        now = self._clock()
        self._debounce.event(now - self._quiet)  # catch up at start-up, no quiet period
        self._next_rescan = now + self._rescan
        delay = self._backoff[0]
        while not self.stop_event.is_set():
            dirs = watch_dirs(self.workspace)
            if not dirs:
                self._idle_without_intent()
                continue
            try:
                delay = self._follow(dirs, delay)
            except (RuntimeError, OSError) as exc:
                # R4: watchfiles ends its generator on any error; rebuild it with backoff.
                self._watch_error(exc, delay)
                self._debounce.event(self._clock())  # events may have been lost: re-check
                self.stop_event.wait(delay)
                delay = min(delay * 2, self._backoff[1])
        self._emit("stop", "stopped")

    def _follow(self, dirs: list[Path], delay: float) -> float:
        """Handle batches until stopped or the watched folders change; returns the backoff."""
        identity = dir_identity(dirs)
        batches = iter(self._source(dirs, self.stop_event, self._tick_ms))
        try:
            for batch in batches:
                delay = self._backoff[0]
                self._tick(batch)
                if self.stop_event.is_set() or self._must_rebuild(identity):
                    break
        finally:
            close = getattr(batches, "close", None)
            if close is not None:
                close()
        return delay

    def _tick(self, batch: Batch) -> None:
        self._on_changes(batch)
        if not batch and self._clock() >= self._next_sweep:
            self._sweep()
        self._step()
        quiet = not batch and not self._debounce.pending and self._waiting is None
        self.idle_ticks = self.idle_ticks + 1 if quiet else 0

    def _must_rebuild(self, identity: DirIdentity) -> bool:
        if not self._rebuild and dir_identity(watch_dirs(self.workspace)) == identity:
            return False
        # intent/ or plan/ replaced (rm -rf + checkout): watch the new directories.
        self._rebuild = False
        self._debounce.event(self._clock())
        return True

    def _idle_without_intent(self) -> None:
        self._step()
        self.stop_event.wait(self._tick_ms / 1000)
        if watch_dirs(self.workspace):
            self._debounce.event(self._clock())

    # -- noticing changes ---------------------------------------------------------------------

    def _on_changes(self, batch: Batch) -> None:
        paths = watched_paths(str(self.workspace), batch)
        if not paths:
            return
        self._changed.update(paths)
        # An event on a watched root itself: deleted or replaced, its watch is gone.
        self._rebuild = self._rebuild or any(p in (INTENT_DIR, layout.PLAN_DIR) for p in paths)
        self._debounce.event(self._clock() - STEP_MS / 1000)
        self._signature = stat_signature(self.workspace)

    def _sweep(self) -> None:
        self._next_sweep = self._clock() + self._sweep_interval
        signature = stat_signature(self.workspace)
        # The signature is also retaken on every batch, so a difference here is a change no
        # event reported: it restarts the quiet period like an event would.
        if self._signature is not None and signature != self._signature:
            self._debounce.event(self._clock())
        self._signature = signature

    # -- acting on them -----------------------------------------------------------------------

    def _step(self) -> None:
        """Act if the quiet period has passed: check state, wait for git, run a revision."""
        now = self._clock()
        self._rescan_if_due(now)
        if self.stop_event.is_set() or not self._debounce.due(now):
            return
        if self._waiting is not None and not self._done_waiting(now):
            return
        fp = self._stable_fingerprint()
        if fp is None:
            self._debounce.event(self._clock())  # still being written: wait another quiet period
        elif self._force is None and fp == self.last:
            self._debounce.drop()  # a touch, an identical save, our own write: nothing to do
            self._changed.clear()
        elif self._still_busy(now):
            self._force = self._force or "catch-up"
        else:
            self._revise(fp)

    def _rescan_if_due(self, now: float) -> None:
        if now >= self._next_rescan:
            self._next_rescan = now + self._rescan
            if not self._debounce.pending:
                self._debounce.event(now - self._quiet)

    def _done_waiting(self, now: float) -> bool:
        """While waiting for git: True once it is free (and a catch-up run is then owed)."""
        if now < self._next_busy_check or self._still_busy(now):
            return False
        self._waiting = None
        self._force = self._force or "catch-up"
        return True

    def _still_busy(self, now: float) -> bool:
        try:
            reason = self._repo_busy()
        except Exception as exc:  # cannot tell: let the revision run and report what is wrong
            self._report_once(f"cannot tell whether git is busy: {exc}", source="repo_busy")
            return False
        if reason is None:
            return False
        if reason != self._waiting:
            self._emit("waiting", f"waiting: {reason}", reason=reason)
        self._waiting = reason
        self._next_busy_check = now + self._busy_poll
        return True

    def _revise(self, fp: Fingerprint) -> None:
        kind = "catch-up" if self._force else "change"
        paths = sorted(self._changed)
        reason = self._force or "change"
        self._emit(kind, describe_change(kind, paths), reason=reason, paths=paths[:50])
        self._force = None
        self._changed.clear()
        self._debounce.begin()
        try:
            self._run_revision()
        except Exception as exc:  # a failed cycle is reported; watching continues (STYLE.md)
            said, message, data = revision_error(exc)
            self._emit(said, message, **data)
        finally:
            self._debounce.end()
            self.runs += 1
        self._remember(fp)

    def _remember(self, fp: Fingerprint) -> None:
        """Record what the revision acted on; edits made while it ran get one next run."""
        after = self._stable_fingerprint()
        # The revision rewrites plan/handoff.yaml: that write is ours, not a hand edit.
        plan = after.plan if after is not None else file_sha(self.workspace / layout.HANDOFF)
        self.last = Fingerprint(fp.intent, plan)
        if after is None or after.intent != fp.intent:
            self._debounce.event(self._clock())  # edited during the revision: one next run

    def _stable_fingerprint(self) -> Fingerprint | None:
        return stable_fingerprint(self.workspace, gap=self._stable_gap, sleep=self.stop_event.wait)

    # -- saying so ----------------------------------------------------------------------------

    def _watch_error(self, exc: BaseException, delay: float) -> None:
        self._report_once(
            f"{watch_error_message(exc, self.workspace)}; restarting the watcher",
            source="watcher",
            retry_s=delay,
        )

    def _report_once(self, message: str, **data: Any) -> None:
        """Emit an error once per distinct message a minute (a flapping watcher must not flood)."""
        if self._errors.allows(message, self._clock()):
            self._emit("error", message, **data)

    def _emit(self, event: str, message: str, **data: Any) -> None:
        self._emit_fn(make_event(event, message, data or None))


def _tick_ms(quiet_period: float, tick: float | None) -> int:
    """How often watchfiles wakes us with no change, to notice a quiet period has passed:
    latency after the quiet period is about half of it (see docs/benchmarks.md)."""
    return int(tick * 1000) if tick else max(STEP_MS, min(100, int(quiet_period * 100)))
