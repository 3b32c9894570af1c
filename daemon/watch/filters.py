"""What the watcher acts on, and when: the pure half of ``intentd watch``.

No I/O and no clock here: paths are strings, times are numbers passed in. The shell
(:mod:`.watcher`) feeds real events and ``time.monotonic()``.

Editors save through temp files that watchfiles' default filter lets through (vim's ``4913``
probe, emacs ``#x#`` autosaves, gedit ``.goutputstream-*``; daemon-reliability.md R3), so the
filter is an allowlist of intent files with an explicit ignore list in front of it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .. import layout
from ..intent.bundle import is_intent_path
from ..layout import INTENT_DIR

_IGNORED_NAME = re.compile(
    r"""
    ^\.                      # hidden: .x.swp, .#x (emacs lock), .goutputstream-*, .x.intentd-tmp-*
    | ~$                     # backups: x~
    | ^\d+$                  # vim's write probe 4913 (and 5036, 5159, … when taken)
    | ^\#.*\#$               # emacs autosave #x#
    | \.sw[a-px]$            # vim swap outside a hidden name (with 'directory' set)
    | ___jb_(tmp|old|bak)___$  # JetBrains safe write
    | \.intentd-tmp-         # intentd's own atomic-write temp files
    | ^\.?goutputstream-     # gedit / GIO
    | \.(tmp|temp|bak|orig|rej|kate-swp)$
    """,
    re.VERBOSE,
)


def is_ignored(path: str) -> bool:
    """True for editor temp files, backups, hidden files and intentd's own temp files.

    ``path`` is a workspace-relative path (``/`` or the OS separator); every component is
    checked for being hidden, the last one against the editor patterns.
    """
    parts = [p for p in re.split(r"[\\/]", path) if p not in ("", ".")]
    if not parts:
        return False
    if any(p.startswith(".") for p in parts):
        return True
    return bool(_IGNORED_NAME.search(parts[-1]))


def is_watched(rel: str) -> bool:
    """True if a change at workspace-relative ``rel`` may change what a revision reads.

    Intent files (allowlisted suffixes) and suffix-less names under ``intent/`` (directories:
    a renamed folder reports only its own name), plus a hand edit of ``plan/handoff.yaml``.
    """
    rel = posixpath.normpath(rel.replace("\\", "/"))
    if rel == layout.HANDOFF:
        return True
    if rel == INTENT_DIR:
        return True
    if not rel.startswith(INTENT_DIR + "/") or is_ignored(rel):
        return False
    name = posixpath.basename(rel)
    return is_intent_path(name) or posixpath.splitext(name)[1] == ""


@dataclass
class Debouncer:
    """Quiet-period debounce with one revision at a time.

    * every :meth:`event` restarts the quiet period;
    * :meth:`due` is true once the quiet period has passed since the last event, and no
      revision is running;
    * events arriving while a revision runs (between :meth:`begin` and :meth:`end`) coalesce
      into exactly one next run, due a quiet period after the last of them.
    """

    quiet: float
    pending: bool = False
    running: bool = False
    last_event: float | None = None

    def event(self, now: float) -> None:
        self.pending = True
        self.last_event = now

    def due(self, now: float) -> bool:
        if not self.pending or self.running or self.last_event is None:
            return False
        return now - self.last_event >= self.quiet

    def deadline(self) -> float | None:
        """When :meth:`due` will next become true (None: nothing pending or running)."""
        if not self.pending or self.running or self.last_event is None:
            return None
        return self.last_event + self.quiet

    def begin(self) -> None:
        """A revision starts: it takes everything pending so far."""
        if self.running:
            raise RuntimeError("a revision is already running")
        self.running = True
        self.pending = False

    def drop(self) -> None:
        """What was pending needs no revision (the state did not change)."""
        self.pending = False

    def end(self) -> None:
        """The revision finished; anything that arrived meanwhile stays pending."""
        self.running = False
