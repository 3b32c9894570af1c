"""Ctrl-C and SIGTERM stop ``intentd watch`` between revisions, never in the middle of one.

Issue 5: Ctrl-C never leaves a revision half-made. The signal only sets the stop event; the
revision under way finishes, and a second Ctrl-C ends the process at once.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def stop_on_signals(stop_event: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop_event`` so a running revision finishes; a second SIGINT
    raises KeyboardInterrupt. Main thread only.
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


def run_shielded(run: Callable[[], None]) -> None:
    """Call ``run`` on a thread that blocks SIGINT and SIGTERM; this (main) thread takes them.

    Ctrl-C signals the whole process group. A git child caught between ``fork`` and its
    ``setsid`` (``start_new_session=True``) is still in that group, gets the signal, and dies
    of it as soon as ``subprocess`` restores its signal mask — measured: a ``kill -TERM`` to
    the group right after a ref update killed the index refresh (rc -15) in about one run in
    three (tests/e2e/test_daemon_kill.py). Children forked from a thread that blocks both
    signals inherit the mask, so the pending signal is never delivered to them; the main thread
    still runs the handler that sets the stop event, and the revision under way finishes.
    """
    failure: list[BaseException] = []

    def shielded() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            run()
        except BaseException as exc:  # re-raised in the main thread
            failure.append(exc)

    # A daemon thread: a second Ctrl-C (KeyboardInterrupt here) still ends the process.
    worker = threading.Thread(target=shielded, name="intentd-watch", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)  # wakes the main thread so signal handlers run promptly
    if failure:
        raise failure[0]
