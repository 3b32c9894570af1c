"""Cleaning up after an interrupted revision, before the next one starts (issue 4, item 5).

Temp files a killed write left go; the journal's revision is finished when its commit made it
(index, tag, note) or rolled back to be redone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import atomic, git, layout
from ..errors import GitError
from . import journal
from .commit import publish_note
from .failure import Failed, git_finding


def recover(
    root: Path,
    state: git.RepoState,
    *,
    tag_prefix: str,
    timeout: float,
    say: Callable[[str], None],
) -> None:
    """Leave the workspace as if the interrupted revision had finished, or never started."""
    atomic.cleanup_temp_files(root / layout.PLAN_DIR)
    atomic.cleanup_temp_files(root / layout.SPEC_DIR)
    _cleanup_own_temp_files(root / layout.STATE_DIR)
    try:
        rec = journal.recover(root)
        if rec is None:
            return
        if rec.committed:
            _finish(root, state, rec, rec.committed, tag_prefix=tag_prefix, timeout=timeout)
            say(f"finished an interrupted revision ({rec.committed[:7]})")
        else:
            restored = journal.roll_back(root, rec)
            say(f"rolled back an interrupted revision ({len(restored)} files); redoing it")
    except GitError as exc:
        raise Failed(
            "git", f"cannot finish an interrupted revision: {exc.message}", [git_finding(exc)]
        ) from None
    journal.clear(root)


def _finish(
    root: Path,
    state: git.RepoState,
    rec: journal.Recovery,
    commit: str,
    *,
    tag_prefix: str,
    timeout: float,
) -> None:
    """The steps after the branch moved that the interrupted run did not get to."""
    j = rec.journal
    git.refresh_index(root, None, j.base_commit, commit, timeout=timeout)
    if j.tag and not rec.tagged:
        version = j.tag.removeprefix(tag_prefix)
        git.tag(root, j.tag, commit, f"spec {version}\n")
    if j.note and not rec.noted:
        git.add_note(root, commit, publish_note(state, commit))


def _cleanup_own_temp_files(folder: Path) -> None:
    """Temp files a killed run left in ``.intentd/`` itself (journal, reports); the LLM
    cache below it manages its own."""
    try:
        names = [p for p in folder.iterdir() if atomic.is_temp_file(p.name)]
    except FileNotFoundError:
        return
    for tmp in names:
        tmp.unlink(missing_ok=True)
