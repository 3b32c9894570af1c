"""One revision's memo of git's answers: asked once, reused until the revision ends.

Within a :func:`session`, what cannot change under a revision is remembered: where the
repository is, its hooks folder, who commits, which ids name commits, what a commit's folders
hold and the scratch index built for a tree. Objects are immutable, so answers about an object
id stay true; refs never are remembered. Outside a session every question goes to git.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")
#: What ``ls-tree -r`` listed: repository path → (mode, kind, object id).
TreeEntries = dict[str, tuple[str, str, str]]
#: The repository folders listed for a commit, and their entries.
Listing = tuple[tuple[str, ...], TreeEntries]


@dataclass
class _Session:
    answers: dict[tuple[str, str], object] = field(default_factory=dict)
    commits: set[str] = field(default_factory=set)  # full ids known to name commits
    # (top, tree) → the bytes of a scratch index holding that tree (what read-tree writes)
    indexes: dict[tuple[str, str], bytes] = field(default_factory=dict)
    # (top, commit) → the repository folders listed and their entries
    trees: dict[tuple[str, str], Listing] = field(default_factory=dict)


_SESSION: ContextVar[_Session | None] = ContextVar("intentd_git_session", default=None)


@contextmanager
def session() -> Iterator[None]:
    """Within one revision, ask git once for what cannot change under it: where the
    repository is, its hooks folder, who commits, what a commit holds. A revision runs some
    sixty git commands otherwise, a third of them asking the same question again. Objects
    are immutable, so a commit id's tree and type are remembered too; refs never are."""
    if _SESSION.get() is not None:
        yield
        return
    token = _SESSION.set(_Session())
    try:
        yield
    finally:
        _SESSION.reset(token)


def _remembered(kind: str, ws: Path, ask: Callable[[Path], _T]) -> _T:
    current = _SESSION.get()
    if current is None:
        return ask(ws)
    key = (kind, str(ws))
    if key not in current.answers:
        current.answers[key] = ask(ws)
    return current.answers[key]  # type: ignore[return-value]


def _remember(kind: str, ws: Path, value: object) -> None:
    current = _SESSION.get()
    if current is not None:
        current.answers.setdefault((kind, str(ws)), value)


def _remember_commit(oid: str | None) -> None:
    current = _SESSION.get()
    if current is not None and oid:
        current.commits.add(oid)


def _known_commit(oid: str) -> bool:
    """Whether ``oid`` is a full id this session already knows names a commit."""
    current = _SESSION.get()
    return current is not None and oid in current.commits


def _listing(top: Path, commit: str) -> Listing | None:
    current = _SESSION.get()
    return current.trees.get((str(top), commit)) if current else None


def _remember_listing(
    top: Path, commit: str, folders: tuple[str, ...], entries: TreeEntries
) -> None:
    current = _SESSION.get()
    if current is not None:
        current.trees[(str(top), commit)] = (folders, entries)


def _scratch_index(top: Path, tree: str | None) -> bytes | None:
    """The bytes of a scratch index already built for ``tree``, if any."""
    current = _SESSION.get()
    return current.indexes.get((str(top), tree)) if current and tree else None


def _remember_index(top: Path, tree: str, index: Path) -> None:
    """Keep the scratch index at ``index`` for ``tree`` (read only within a session)."""
    current = _SESSION.get()
    if current is not None:
        current.indexes[(str(top), tree)] = index.read_bytes()
