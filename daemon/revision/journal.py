"""The revision journal: what a revision was about to do, so the next run can finish it.

Before renaming anything, the transaction records in ``.intentd/journal.json`` (written
atomically) the revision id, the base commit, the sha256 of every file it is about to write
(``target``) and of what those paths held before (``previous``; null = absent). At start-up
:func:`recover` compares that with the disk and git: each path holds the target (roll forward),
the previous content (roll back) or something else (a hand edit: leave it), and the commit,
tag and note are each done or not (issue 4, item 5; daemon-reliability R8).

Fault injection: the transaction calls :func:`fault` at each point in :data:`FAULT_POINTS`;
when ``INTENTD_FAULT`` names that point the process SIGKILLs itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import git, layout
from ..atomic import fsync_dir, write_atomic
from ..errors import IntentdError

JOURNAL = layout.JOURNAL
FAULT_ENV = "INTENTD_FAULT"
#: Where the transaction calls :func:`fault`; ``after-rename-N`` counts renames from 1.
FAULT_POINTS = (
    "after-journal",
    "after-temp-write",
    "after-rename-N",
    "before-ref-update",
    "after-ref-update",
    "before-tag",
    "before-note",
)

Phase = Literal["prepared", "written", "committed", "done"]
FileState = Literal["target", "previous", "other"]
Action = Literal["roll-forward", "roll-back", "finish", "done"]


def fault(point: str) -> None:
    """SIGKILL this process if ``$INTENTD_FAULT`` names ``point`` (comma-separated list)."""
    wanted = os.environ.get(FAULT_ENV, "")
    if wanted and point in {w.strip() for w in wanted.split(",")}:
        os.kill(os.getpid(), signal.SIGKILL)


class Journal(BaseModel):
    """One revision in flight. Paths are workspace-relative POSIX strings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    revision_id: str
    base_commit: str | None
    target: dict[str, str | None]  # sha256 of the bytes being written; None: being removed
    previous: dict[str, str | None]  # sha256 before; None: absent
    phase: Phase = "prepared"
    commit: str | None = None  # the commit object, recorded before the ref moves
    tag: str | None = None  # the tag this revision will get, if any
    note: bool = False  # whether a note is due


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The file's sha256, None if absent; a folder or other non-file never matches a hash."""
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None
    except (IsADirectoryError, NotADirectoryError):
        return "not-a-file"


def write(ws: Path, journal: Journal) -> None:
    write_atomic(ws / JOURNAL, (journal.model_dump_json(indent=2) + "\n").encode())


def set_phase(ws: Path, journal: Journal, phase: Phase, **changes: object) -> Journal:
    """Record progress (``commit=...`` etc. may be set at the same time); returns the new value."""
    updated = Journal.model_validate({**journal.model_dump(), "phase": phase, **changes})
    write(ws, updated)
    return updated


def read(ws: Path) -> Journal | None:
    path = ws / JOURNAL
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return Journal.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        raise IntentdError(
            f"{JOURNAL}: unreadable revision journal ({exc.__class__.__name__}); check plan/ "
            f"and spec/ against `git status`, then delete {JOURNAL}"
        ) from None


def clear(ws: Path) -> None:
    path = ws / JOURNAL
    try:
        path.unlink()
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


@dataclass(frozen=True)
class Recovery:
    """What an interrupted revision left behind, and what can be done about it."""

    journal: Journal
    files: dict[str, FileState]
    committed: str | None  # the revision's commit if HEAD's history has it
    tagged: bool  # the tag exists at that commit (or none was due)
    noted: bool  # the note exists on that commit (or none was due)

    @property
    def hand_edited(self) -> list[str]:
        """Paths holding neither what intentd wrote nor what was there: never touch them."""
        return sorted(p for p, s in self.files.items() if s == "other")

    @property
    def to_roll_back(self) -> list[str]:
        """Paths holding the target that must return to the previous content."""
        j = self.journal
        return sorted(
            p
            for p, s in self.files.items()
            if s == "target" and j.target.get(p) != j.previous.get(p)
        )

    @property
    def action(self) -> Action:
        """``done``: nothing left; ``finish``: committed, add the missing tag/note;
        ``roll-forward``: every file holds the target, commit them; ``roll-back``: restore
        the paths in :attr:`to_roll_back` (or redo the revision from scratch)."""
        if self.committed:
            return "done" if self.tagged and self.noted else "finish"
        if all(s == "target" for s in self.files.values()):
            return "roll-forward"
        return "roll-back"


def classify(ws: Path, journal: Journal) -> dict[str, FileState]:
    states: dict[str, FileState] = {}
    for path in sorted(set(journal.target) | set(journal.previous)):
        current = file_sha256(ws / path)
        if path in journal.target and current == journal.target[path]:
            states[path] = "target"
        elif current == journal.previous.get(path):
            states[path] = "previous"
        else:
            states[path] = "other"
    return states


def recover(ws: Path) -> Recovery | None:
    """Inspect an interrupted revision; None when no journal is left (nothing to do)."""
    journal = read(ws)
    if journal is None:
        return None
    committed = _committed(ws, journal)
    tagged = journal.tag is None or (
        committed is not None
        and git.rev_parse(ws, f"refs/tags/{journal.tag}^{{commit}}") == committed
    )
    noted = not journal.note or (committed is not None and git.read_note(ws, committed) is not None)
    return Recovery(journal, classify(ws, journal), committed, tagged, noted)


def _committed(ws: Path, journal: Journal) -> str | None:
    head = git.rev_parse(ws, "HEAD^{commit}")
    if head is None:
        return None
    if journal.commit and git.rev_parse(ws, f"{journal.commit}^{{commit}}"):
        return journal.commit if git.is_ancestor(ws, journal.commit, head) else None
    # No commit recorded (killed around update-ref): the revision's commit is the newest one
    # carrying its Intent-Id, and only if it came after the base (an older revision of the same
    # intent does not count).
    last = git.last_revision(ws)
    if last is None or last[1].get("Intent-Id") != journal.revision_id:
        return None
    base = journal.base_commit
    if base is not None and (last[0] == base or not git.is_ancestor(ws, base, last[0])):
        return None
    return last[0]


def roll_back(ws: Path, recovery: Recovery) -> list[str]:
    """Put back the previous content of every path still holding the target, taken from the
    base commit when its bytes match the recorded hash; returns the paths restored. Hand
    edits are left alone; a path whose previous bytes cannot be found is left as is."""
    j = recovery.journal
    paths = recovery.to_roll_back
    old = git.read_blobs(ws, j.base_commit, paths) if j.base_commit else {}
    restored = []
    for path in paths:
        want = j.previous.get(path)
        data = old.get(path)
        if want is None:
            (ws / path).unlink(missing_ok=True)
            fsync_dir((ws / path).parent)
        elif data is not None and sha256(data) == want:
            write_atomic(ws / path, data)
        else:
            continue
        restored.append(path)
    return restored
