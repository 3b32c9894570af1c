"""Where things are: the repository around a workspace, what HEAD is, what is in progress.

Paths in this API are workspace-relative POSIX strings (``spec/openapi.yaml``); a workspace may
be a subfolder of the repository, and :attr:`RepoState.prefix` maps them to repository paths
(:func:`_repo_path` and :func:`_ws_path` translate).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import GitError
from .memo import _known_commit, _remember, _remember_commit, _remembered
from .run import GitCommandError, _git, _out, _reaping, _start

Operation = Literal["merge", "rebase", "cherry-pick", "revert", "bisect"]

_OPERATION_PATHS: tuple[tuple[str, Operation], ...] = (
    ("MERGE_HEAD", "merge"),
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
    ("BISECT_LOG", "bisect"),
)
_ABSOLUTE = ("rev-parse", "--path-format=absolute")
# Four lines: the top, the workspace's prefix, the object format and the index file.
_WHERE = ("--show-toplevel", "--show-prefix", "--show-object-format", "--git-path", "index")
# The git dir, the common dir, then one line per operation path.
_DIRS = (
    "--absolute-git-dir",
    "--git-common-dir",
    *(arg for name, _ in _OPERATION_PATHS for arg in ("--git-path", name)),
)
_DIR_LINES = 2 + len(_OPERATION_PATHS)
_VERIFY = ("-q", "--verify", "--end-of-options")
# The lines _locate's rev-parse prints before HEAD's commit: where, dirs, hooks.
_LOCATED = 4 + _DIR_LINES + 1


@dataclass(frozen=True)
class RepoState:
    """What the repository around a workspace is doing right now (R5)."""

    toplevel: Path
    prefix: str  # the workspace inside the repo, "" or "sub/dir/"
    git_dir: Path
    common_dir: Path
    index_file: Path
    head_ref: str | None  # "refs/heads/main"; None when HEAD is detached
    head: str | None  # None on an unborn branch
    operation: Operation | None
    unmerged: tuple[str, ...] = ()

    @property
    def branch(self) -> str | None:
        if self.head_ref is None:
            return None
        return self.head_ref.removeprefix("refs/heads/")

    @property
    def detached(self) -> bool:
        return self.head_ref is None

    @property
    def index_lock(self) -> Path:
        """The person's ``index.lock``; intentd waits for it and never removes it (R7)."""
        return self.index_file.with_name(self.index_file.name + ".lock")

    def busy(self) -> str | None:
        """Why intentd must not commit now, or None (issue 4, item 7)."""
        if self.operation is not None:
            return f"a {self.operation} is in progress in {self.toplevel}; finish or abort it first"
        if self.unmerged:
            shown = ", ".join(self.unmerged[:5])
            return f"unmerged paths ({shown}); resolve them and `git add` first"
        return None


@dataclass(frozen=True)
class _Where:
    top: Path
    prefix: str
    zero: str  # the null object id of this repository's hash
    index: Path

    @classmethod
    def parse(cls, lines: Sequence[str]) -> _Where:
        """From the four lines ``rev-parse`` prints for :data:`_WHERE`."""
        top, prefix, fmt, index = lines[:4]
        return cls(Path(top), prefix, "0" * (64 if fmt == "sha256" else 40), Path(index))


def _where(ws: Path) -> _Where:
    return _remembered("where", ws, _ask_where)


def _ask_where(ws: Path) -> _Where:
    try:
        out = _out(ws, *_ABSOLUTE, *_WHERE, read_only=True)
    except GitCommandError as exc:
        raise GitCommandError(
            f"{ws} is not inside a git work tree; run `git init` there first",
            command=exc.command,
            returncode=exc.returncode,
            stderr=exc.stderr,
        ) from None
    return _Where.parse(out.split("\n"))


def _repo_path(where: _Where, path: str) -> str:
    """A workspace-relative POSIX path as a path from the repository's top."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if (
        not parts
        or path.startswith("/")
        or ".." in parts
        or parts[0] == ".git"
        or any(c in path for c in "\n\0")
    ):
        raise GitError(f"{path!r}: not a plain path inside the workspace")
    return where.prefix + "/".join(parts)


def _ws_path(where: _Where, repo_path: str) -> str:
    return repo_path.removeprefix(where.prefix)


def rev_parse(ws: Path, rev: str) -> str | None:
    """The object id ``rev`` names, or None (unborn HEAD, unknown name)."""
    if rev.endswith("^{commit}") and _known_commit(rev[:-9]):
        return rev[:-9]
    out = _out(ws, "rev-parse", *_VERIFY, rev, read_only=True, ok=(0, 1))
    return out.strip() or None


def is_ancestor(ws: Path, ancestor: str, descendant: str) -> bool:
    rc = _git(ws, "merge-base", "--is-ancestor", ancestor, descendant, read_only=True, ok=(0, 1))
    return rc.returncode == 0


def is_repo(path: Path) -> bool:
    """True if ``path`` is inside a git work tree."""
    result = _git(path, "rev-parse", "--is-inside-work-tree", read_only=True, ok=range(256))
    return result.returncode == 0 and result.stdout.strip() == b"true"


def init_repo(path: Path, branch: str = "main") -> None:
    """``git init`` with ``branch`` as the initial branch."""
    _git(path, "init", "-q", f"--initial-branch={branch}")


# ---------------------------------------------------------------- the state


def state(ws: Path) -> RepoState:
    """The repository around ``ws``: where it is, what HEAD is, what is in progress (R5)."""
    try:
        head_ref_ask = _start(ws, "symbolic-ref", "-q", "HEAD", read_only=True, ok=(0, 1))
    except GitCommandError:
        _where(ws)  # the error that says what to do (not a work tree)
        raise
    with _reaping(head_ref_ask):
        where, dirs, head = _locate(ws)
        head_ref = head_ref_ask.text().strip() or None
    git_dir, common_dir, *op_paths = dirs
    return RepoState(
        toplevel=where.top,
        prefix=where.prefix,
        git_dir=Path(git_dir),
        common_dir=Path(common_dir),
        index_file=where.index,
        head_ref=head_ref,
        head=head,
        operation=_operation(op_paths),
        unmerged=_unmerged(where.top),
    )


def _operation(op_paths: Sequence[str]) -> Operation | None:
    """The operation whose file or folder exists in the git dir, first in the list wins."""
    for (_, op), path in zip(_OPERATION_PATHS, op_paths, strict=False):
        if os.path.lexists(path):
            return op
    return None


def _unmerged(top: Path) -> tuple[str, ...]:
    # From the top: an unmerged path anywhere blocks a commit, not only under the workspace.
    out = _out(top, "ls-files", "-u", "-z", read_only=True)
    return tuple(sorted({e.split("\t", 1)[1] for e in out.split("\0") if "\t" in e}))


def _locate(ws: Path) -> tuple[_Where, list[str], str | None]:
    """Where the repository is, its git dirs and operation paths, hooks and HEAD's commit,
    in one ``rev-parse`` (remembered for the session)."""
    located = _ask_locate(ws)
    if located is None:
        # not a work tree (or a git that answers differently): ask the slow way, for its errors
        where = _where(ws)
        dirs = _out(ws, *_ABSOLUTE, *_DIRS, read_only=True).split("\n")[:_DIR_LINES]
        return where, dirs, rev_parse(ws, "HEAD^{commit}")
    lines, head = located
    where = _Where.parse(lines)
    _remember("where", ws, where)
    _remember("hooks", ws, Path(lines[_LOCATED - 1]))
    _remember_commit(head)
    return where, lines[4 : _LOCATED - 1], head


def _ask_locate(ws: Path) -> tuple[list[str], str | None] | None:
    """``rev-parse``'s lines and HEAD's commit, or None when it did not answer as expected."""
    try:
        result = _git(
            ws,
            *_ABSOLUTE,
            *_WHERE,
            *_DIRS,
            "--git-path",
            "hooks",
            *_VERIFY,
            "HEAD^{commit}",
            read_only=True,
            ok=(0, 1),
        )
    except GitCommandError:
        return None
    lines = result.stdout.decode("utf-8", "surrogateescape").split("\n")
    resolved = result.returncode == 0
    if len(lines) != _LOCATED + 1 + resolved or (resolved and not lines[_LOCATED]):
        return None
    return lines, lines[_LOCATED] if resolved else None
