"""The person's index: brought up to a revision's commit without disturbing what they staged,
and the workspace paths that differ from HEAD.

``index.lock`` held by someone else is waited on, never removed (R7).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .repo import _repo_path, _Where, _where, _ws_path
from .run import LOCK_TIMEOUT, _git_locked, _lines, _out, _reaping, _start
from .trees import _Entry, _ls_tree


def refresh_index(
    ws: Path,
    paths: Iterable[str] | None,
    old_commit: str | None,
    new_commit: str,
    *,
    timeout: float = LOCK_TIMEOUT,
) -> list[str]:
    """Bring the person's index up to ``new_commit`` for ``paths`` without disturbing it.

    A path whose index entry equals ``old_commit``'s blob (or is absent and was new) is set to
    ``new_commit``'s; anything the person staged differently (partial staging) or left
    unmerged stays as it is. ``paths=None`` means every workspace path that differs between
    the two commits (recovery after a crash between ``update-ref`` and this step). Returns the
    workspace paths that changed. ``index.lock`` held by someone else is waited on, never
    removed (R7). Idempotent.
    """
    where = _where(ws)
    if paths is None:
        paths = _diff_names(where, old_commit, new_commit)
    wanted = sorted({_repo_path(where, p) for p in paths})
    if not wanted:
        return []
    index_ask = _start(where.top, "ls-files", "-s", "-z", "--", *wanted, read_only=True)
    with _reaping(index_ask):  # the index is read while the trees are compared
        old, new = _changed_entries(where, old_commit, new_commit, wanted)
        staged, unmerged = _index_entries(index_ask.text())
    updates = [
        path
        for path in wanted
        if path not in unmerged
        and staged.get(path) == old.get(path)  # the person staged nothing else there
        and staged.get(path) != new.get(path)
    ]
    # The read above and this write are two commands: a `git add` of one of these paths in
    # the few milliseconds between them would be replaced by the committed blob (its file on
    # disk is untouched, so nothing is lost; the path just shows as unstaged).
    if updates:
        lines = _index_info(where, updates, new)
        lock = where.index.with_name(where.index.name + ".lock")
        _git_locked(
            where.top, lock, "update-index", "--index-info", stdin=_lines(lines), timeout=timeout
        )
    return [_ws_path(where, path) for path in updates]


def _index_info(where: _Where, paths: Iterable[str], new: Mapping[str, _Entry]) -> list[str]:
    """``update-index --index-info`` lines setting each path to its entry in ``new``, or
    removing it where ``new`` has none."""
    lines = []
    for path in paths:
        target = new.get(path)
        lines.append(f"{target[0]} {target[1]}\t{path}" if target else f"0 {where.zero}\t{path}")
    return lines


def _changed_entries(
    where: _Where, old: str | None, new: str, paths: Sequence[str]
) -> tuple[dict[str, _Entry], dict[str, _Entry]]:
    """The entries of ``paths`` that differ between two commits, on each side (a path the
    same in both needs no index update, whatever the index holds): one ``diff-tree``."""
    if old is None:
        return {}, _ls_tree(where, new, paths)
    out = _out(
        where.top, "diff-tree", "-r", "-z", "--no-renames", old, new, "--", *paths, read_only=True
    )
    fields = out.split("\0")
    before: dict[str, _Entry] = {}
    after: dict[str, _Entry] = {}
    for meta, path in zip(fields[0:-1:2], fields[1::2], strict=False):
        old_mode, new_mode, old_oid, new_oid = meta.lstrip(":").split()[:4]
        for side, mode, oid in ((before, old_mode, old_oid), (after, new_mode, new_oid)):
            if mode not in ("000000", "160000", "040000"):  # ls-tree -r lists only blobs
                side[path] = (mode, oid)
    return before, after


def _diff_names(where: _Where, old: str | None, new: str) -> list[str]:
    base = old or _out(where.top, "hash-object", "-t", "tree", "--stdin", stdin=b"").strip()
    out = _out(
        where.top,
        "diff-tree",
        "-r",
        "-z",
        "--no-renames",
        "--name-only",
        base,
        new,
        "--",
        where.prefix or ".",
        read_only=True,
    )
    return [_ws_path(where, p) for p in filter(None, out.split("\0"))]


def _index_entries(out: str) -> tuple[dict[str, _Entry], set[str]]:
    """``ls-files -s -z`` output: stage-0 entries, and the paths with unmerged stages."""
    staged: dict[str, _Entry] = {}
    unmerged: set[str] = set()
    for rec in filter(None, out.split("\0")):
        meta, path = rec.split("\t", 1)
        mode, oid, stage = meta.split()
        if stage == "0":
            staged[path] = (mode, oid)
        else:
            unmerged.add(path)
    return staged, unmerged


def changed_paths(ws: Path, under: Sequence[str] = ()) -> list[str]:
    """Workspace paths (under the given folders) that differ from HEAD in the index or on disk,
    untracked files included: what the next revision would pick up."""
    where = _where(ws)
    specs = [_repo_path(where, u) for u in under] or [where.prefix or "."]
    out = _out(
        where.top,
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--no-renames",
        "--",
        *specs,
        read_only=True,
    )
    found = {rec[3:] for rec in out.split("\0") if len(rec) > 3}
    return sorted(_ws_path(where, p) for p in found)
