"""``intentd watch``: a revision on every settled save (the shell around :mod:`.watchfilter`).

Events are only a wake-up; state decides (daemon-reliability.md R2). After a quiet period the
watcher reads a *stable* snapshot of the intent files (twice, same size, mtime_ns and sha256)
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

import contextlib
import errno
import hashlib
import os
import platform
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import watchfiles

from .. import layout
from ..errors import IntentdError
from ..intent import is_decodable, is_intent_path
from ..layout import INTENT_DIR
from .filters import Debouncer, is_ignored, is_watched

Event = dict[str, Any]
Emit = Callable[[Event], None]
Batch = set[tuple[Any, str]]
# (directories to watch, stop event, tick in ms) -> batches of (change, absolute path); an
# empty batch is a timeout tick. watchfiles.watch in production, a script in tests.
ChangeSource = Callable[[Sequence[Path], threading.Event, int], Iterable[Batch]]

FileState = tuple[int, int, str]  # size, mtime_ns, sha256
#: watchfiles yields a batch once no new change arrived for this long, so its newest change is
#: at least this old when we see it; the quiet period counts from the change, not the yield.
STEP_MS = 50


@dataclass(frozen=True)
class Fingerprint:
    """What a revision reads. ``intent`` equals :attr:`IntentBundle.sha256` for a readable
    bundle (None: no ``intent/``); ``plan`` is the sha256 of ``plan/handoff.yaml`` (None: absent).
    """

    intent: str | None
    plan: str | None


class IntentFilter(watchfiles.BaseFilter):
    """watchfiles filter: only changes :func:`.watchfilter.is_watched` cares about."""

    def __init__(self, workspace: Path) -> None:
        super().__init__()
        self.root = str(Path(workspace).resolve())

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        rel = _relative(self.root, path)
        return rel is not None and is_watched(rel)


def _inputs(workspace: Path) -> Iterator[tuple[str, str, bool]]:
    """(workspace-relative path, full path, name decodable) of every file a revision reads."""
    root = Path(workspace)
    for dirpath, dirnames, filenames in os.walk(root / INTENT_DIR, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if not is_ignored(rel) and is_intent_path(name):
                yield rel, full, is_decodable(name)
    handoff = root / layout.HANDOFF
    if handoff.exists():
        yield layout.HANDOFF, str(handoff), True


def scan(workspace: Path) -> dict[str, FileState]:
    """One read of every file a revision reads: workspace-relative path → (size, mtime_ns, sha)."""
    return {rel: _file_state(full, read=ok) for rel, full, ok in _inputs(workspace)}


def stat_signature(workspace: Path) -> tuple[tuple[str, int, int, int], ...]:
    """A cheap stat-only view (no reads) of the inputs, swept on every watcher tick.

    watchfiles can lose events (an inotify overflow, #348; a batch cleared on timeout, seen
    here under forced polling), so each quiet tick compares this and wakes the debounce
    itself (daemon-reliability.md R2). Stat never produces an inotify event.
    """
    out = []
    for rel, full, _ok in _inputs(workspace):
        try:
            st = os.stat(full)
        except OSError:
            out.append((rel, -1, -1, -1))
        else:
            out.append((rel, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sorted(out))


def fingerprint_of(workspace: Path, states: dict[str, FileState]) -> Fingerprint:
    """The fingerprint of one :func:`scan` (pure apart from checking that intent/ exists)."""
    h = hashlib.sha256()
    for rel in sorted(p for p in states if p != layout.HANDOFF):
        # Same formula as intent.bundle_hash, so a readable bundle gets the same hash.
        h.update(os.fsencode(rel) + b"\0" + states[rel][2].encode("ascii") + b"\n")
    intent = h.hexdigest() if (Path(workspace) / INTENT_DIR).is_dir() else None
    plan = states[layout.HANDOFF][2] if layout.HANDOFF in states else None
    return Fingerprint(intent, plan)


def stable_fingerprint(
    workspace: Path,
    *,
    attempts: int = 10,
    gap: float = 0.02,
    sleep: Callable[[float], Any] = time.sleep,
) -> Fingerprint | None:
    """Read until two consecutive reads agree (size, mtime_ns, sha256 of every file).

    Returns None when the files are still changing after ``attempts`` reads (R3: never act
    on a half-saved file).
    """
    previous = scan(workspace)
    for _ in range(max(1, attempts - 1)):
        sleep(gap)
        current = scan(workspace)
        if current == previous:
            return fingerprint_of(workspace, current)
        previous = current
    return None


class Watcher:
    """The daemon loop. Call :meth:`run` (blocks until ``stop_event`` is set).

    ``run_revision`` builds one revision (its result is ignored: it reports for itself); an
    exception from it is emitted as a ``failure`` (IntentdError) or ``error`` event and watching
    goes on. ``repo_busy`` returns why git is busy (merge, rebase, …, detached HEAD) or None;
    it is asked only when there is something to do. ``emit`` receives events shaped like
    :class:`intentd.events.Event`: start, catch-up, change, waiting, failure, error, stop.
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
        self._source: ChangeSource = source if source is not None else self._watchfiles_source
        self._clock = clock
        self._busy_poll = busy_poll
        self._backoff = backoff
        self._stable_gap = stable_gap
        self._next_sweep = 0.0
        # How often watchfiles wakes us with no change, to notice a quiet period has passed:
        # latency after the quiet period is about half of it (see docs/benchmarks.md).
        self._tick_ms = (
            int(tick * 1000) if tick else max(STEP_MS, min(100, int(quiet_period * 100)))
        )
        # Polling sees a change up to one poll late, so a writer pausing between chunks can look
        # quiet for a poll longer than it is: widen the quiet period by one poll delay.
        self._poll_ms = polling_delay_ms() if source is None else None
        self._debounce = Debouncer(quiet_period + (self._poll_ms or 0) / 1000)
        # Below the quiet period, so a writer whose events were lost still keeps it open.
        self._sweep_interval = sweep_interval or min(0.5, self._debounce.quiet / 2)
        self._force: str | None = "start"  # run even if the fingerprint looks unchanged
        self._waiting: str | None = None
        self._next_busy_check = 0.0
        self._next_rescan = 0.0
        self._changed: set[str] = set()
        self._rebuild = False
        self._signature: tuple[tuple[str, int, int, int], ...] | None = None
        self._last_error = ""
        self._last_error_at = 0.0

    # -- the loop ---------------------------------------------------------------------------

    def run(self) -> None:
        self._emit("start", f"watching {self.workspace}", quiet_period_s=self._quiet)
        now = self._clock()
        self._debounce.event(now - self._quiet)  # catch up at start-up, no quiet period
        self._next_rescan = now + self._rescan
        delay = self._backoff[0]
        while not self.stop_event.is_set():
            dirs = self._watch_dirs()
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

    def _watch_error(self, exc: BaseException, delay: float) -> None:
        self._report_once(
            f"{_watch_error_message(exc, self.workspace)}; restarting the watcher",
            source="watcher",
            retry_s=delay,
        )

    def _report_once(self, message: str, **data: Any) -> None:
        """Emit an error once per distinct message a minute (a flapping watcher must not flood)."""
        now = self._clock()
        if message != self._last_error or now - self._last_error_at >= 60.0:
            self._emit("error", message, **data)
            self._last_error, self._last_error_at = message, now

    def _follow(self, dirs: list[Path], delay: float) -> float:
        identity = _identity(dirs)
        batches = iter(self._source(dirs, self.stop_event, self._tick_ms))
        try:
            for batch in batches:
                delay = self._backoff[0]
                self._on_changes(batch)
                if not batch and self._clock() >= self._next_sweep:
                    self._sweep()
                self._step()
                self._count_idle(batch)
                if self.stop_event.is_set():
                    break
                if self._rebuild or _identity(self._watch_dirs()) != identity:
                    # intent/ or plan/ replaced (rm -rf + checkout): watch the new directories.
                    self._rebuild = False
                    self._debounce.event(self._clock())
                    break
        finally:
            close = getattr(batches, "close", None)
            if close is not None:
                close()
        return delay

    @property
    def settled(self) -> bool:
        """Nothing pending, nothing running, and two quiet watcher ticks in a row."""
        return self.idle_ticks >= 2

    def _count_idle(self, batch: Batch) -> None:
        quiet = not batch and not self._debounce.pending and self._waiting is None
        self.idle_ticks = self.idle_ticks + 1 if quiet else 0

    def _idle_without_intent(self) -> None:
        self._step()
        self.stop_event.wait(self._tick_ms / 1000)
        if self._watch_dirs():
            self._debounce.event(self._clock())

    def _sweep(self) -> None:
        self._next_sweep = self._clock() + self._sweep_interval
        signature = stat_signature(self.workspace)
        # The signature is also retaken on every batch, so a difference here is a change no
        # event reported: it restarts the quiet period like an event would.
        if self._signature is not None and signature != self._signature:
            self._debounce.event(self._clock())
        self._signature = signature

    def _on_changes(self, batch: Batch) -> None:
        root = str(self.workspace)
        hit = False
        for _change, path in batch:
            rel = _relative(root, path)
            if rel is not None and is_watched(rel):
                self._changed.add(rel)
                hit = True
                # An event on a watched root itself: deleted or replaced, its watch is gone.
                self._rebuild = self._rebuild or rel in (INTENT_DIR, layout.PLAN_DIR)
        if hit:
            self._debounce.event(self._clock() - STEP_MS / 1000)
            self._signature = stat_signature(self.workspace)

    def _step(self) -> None:
        """Act if the quiet period has passed: check state, wait for git, run a revision."""
        now = self._clock()
        if now >= self._next_rescan:
            self._next_rescan = now + self._rescan
            if not self._debounce.pending:
                self._debounce.event(now - self._quiet)
        if self.stop_event.is_set() or not self._debounce.due(now):
            return
        if self._waiting is not None:
            if now < self._next_busy_check or self._still_busy(now):
                return
            self._waiting = None
            self._force = self._force or "catch-up"
        fp = stable_fingerprint(self.workspace, gap=self._stable_gap, sleep=self.stop_event.wait)
        if fp is None:
            self._debounce.event(self._clock())  # still being written: wait another quiet period
            return
        if self._force is None and fp == self.last:
            self._debounce.drop()  # a touch, an identical save, our own write: nothing to do
            self._changed.clear()
            return
        if self._still_busy(now):
            self._force = self._force or "catch-up"
            return
        self._revise(fp)

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
        self._emit(kind, _describe(kind, paths), reason=self._force or "change", paths=paths[:50])
        self._force = None
        self._changed.clear()
        self._debounce.begin()
        try:
            self._run_revision()
        except Exception as exc:  # a failed cycle is reported; watching continues (STYLE.md)
            self._report(exc)
        finally:
            self._debounce.end()
            self.runs += 1
        after = stable_fingerprint(self.workspace, gap=self._stable_gap, sleep=self.stop_event.wait)
        # The revision rewrites plan/handoff.yaml: that write is ours, not a hand edit.
        plan = after.plan if after is not None else _sha_or_none(self.workspace / layout.HANDOFF)
        self.last = Fingerprint(fp.intent, plan)
        if after is None or after.intent != fp.intent:
            self._debounce.event(self._clock())  # edited during the revision: one next run

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, IntentdError):
            lines = [f.render() for f in exc.findings] or [exc.message]
            self._emit("failure", "\n".join(lines), findings=lines, error=type(exc).__name__)
        else:
            tb = "".join(traceback.format_exception(exc))
            self._emit(
                "error",
                f"internal error in the revision: {type(exc).__name__}: {exc}",
                source="revision",
                traceback=tb,
            )

    # -- helpers ------------------------------------------------------------------------------

    def _watch_dirs(self) -> list[Path]:
        intent = self.workspace / INTENT_DIR
        if not intent.is_dir():
            return []
        plan = self.workspace / layout.PLAN_DIR
        return [intent, plan] if plan.is_dir() else [intent]

    def _watchfiles_source(
        self, dirs: Sequence[Path], stop_event: threading.Event, tick_ms: int
    ) -> Iterator[Batch]:
        return watchfiles.watch(
            *dirs,
            watch_filter=IntentFilter(self.workspace),
            debounce=max(100, int(self._quiet * 1000)),
            step=STEP_MS,
            stop_event=stop_event,
            rust_timeout=tick_ms,
            yield_on_timeout=True,
            raise_interrupt=False,
            force_polling=self._poll_ms is not None,
            poll_delay_ms=self._poll_ms or 300,
        )

    def _emit(self, event: str, message: str, **data: Any) -> None:
        at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self._emit_fn({"event": event, "at": at, "message": message, "data": data or None})


def polling_delay_ms() -> int | None:
    """The poll delay if watchfiles will poll (``WATCHFILES_FORCE_POLLING``, WSL), else None.

    Same rules as watchfiles' own defaults, decided here so the quiet period can account for it.
    """
    force = os.environ.get("WATCHFILES_FORCE_POLLING", "")
    if force:
        polling = force.lower() not in {"false", "disable", "disabled"}
    else:
        uname = platform.uname()
        polling = uname.system == "Linux" and "microsoft-standard" in uname.release.lower()
    if not polling:
        return None
    delay = os.environ.get("WATCHFILES_POLL_DELAY_MS", "")
    return int(delay) if delay.isdecimal() else 300


@contextlib.contextmanager
def stop_on_signals(stop_event: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop_event`` so a running revision finishes (issue 5: Ctrl-C never
    leaves a revision half-made); a second SIGINT raises KeyboardInterrupt. Main thread only.
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop_event.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop_event.set()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _relative(root: str, path: str) -> str | None:
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return None
    if rel == ".." or rel.startswith(".." + os.sep):
        return None
    return rel.replace(os.sep, "/")


def _identity(dirs: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for d in dirs:
        try:
            st = d.stat()
        except OSError:
            out.append((str(d), -1, -1))
        else:
            out.append((str(d), st.st_dev, st.st_ino))
    return tuple(out)


def _file_state(path: str, *, read: bool = True) -> FileState:
    """Size, mtime_ns and sha256. ``read=False`` (an undecodable name) hashes the metadata:
    opening such a file makes watchfiles fail on the access event it cannot decode (#282)."""
    try:
        st = os.stat(path)
        if not read:
            meta = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}".encode()
            return (st.st_size, st.st_mtime_ns, hashlib.sha256(meta).hexdigest())
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        # Vanished or unreadable: a distinct state, so a later read that works counts as a change.
        return (-1, -1, f"error:{exc.errno}")
    return (st.st_size, st.st_mtime_ns, digest)


def _sha_or_none(path: Path) -> str | None:
    state = _file_state(str(path))
    return None if state[0] < 0 else state[2]


def _describe(kind: str, paths: list[str]) -> str:
    if not paths:
        return "catching up" if kind == "catch-up" else "change"
    shown = ", ".join(paths[:3]) + (f" (+{len(paths) - 3} more)" if len(paths) > 3 else "")
    return f"{kind}: {shown}"


def _watch_error_message(exc: BaseException, workspace: Path) -> str:
    text = str(exc)
    if "Unable to decode path" in text:
        where = text.split('"')[1] if text.count('"') >= 2 else text
        rel = _relative(str(workspace), where) or where
        return f"{rel}: the file name is not valid UTF-8; rename it"
    text = f"file watcher stopped: {text}"
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "watch limit" in text:
        text += (
            " (the inotify watch limit is reached: raise fs.inotify.max_user_watches, "
            "or set WATCHFILES_FORCE_POLLING=1)"
        )
    return text
