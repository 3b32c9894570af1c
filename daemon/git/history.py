"""Reading what git holds: blobs at a commit or in the index, intentd's revisions from the log
and their trailers, and ``fsck``.

A revision is known by its trailers (``Intent-Id``, ``Spec-Version`` …), never by files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GitError
from .commits import _TRAILER_KEY
from .repo import _repo_path, _where, _ws_path, rev_parse
from .run import _git, _out
from .trees import _cat_blobs

_TRAILERS_FORMAT = "%(trailers:only=true,unfold=true,key_value_separator=%x1f,separator=%x1d)"
_LOG_FORMAT = "%x1e%H%x00%P%x00%cI%x00%s%x00" + _TRAILERS_FORMAT
# How many commits one `git log` reads while looking for the last revision.
_LOG_BATCH = 64


@dataclass(frozen=True)
class RevisionInfo:
    """One intentd revision as recorded in git (from trailers, never from files)."""

    commit: str
    parents: tuple[str, ...]
    date: str  # ISO 8601, committer date
    subject: str
    trailers: Mapping[str, str] = field(default_factory=dict)

    @property
    def intent_id(self) -> str | None:
        return self.trailers.get("Intent-Id")

    @property
    def spec_version(self) -> str | None:
        return self.trailers.get("Spec-Version")

    @property
    def bump(self) -> str | None:
        return self.trailers.get("Spec-Bump")

    @property
    def revision(self) -> str | None:
        return self.trailers.get("Revision")


# ---------------------------------------------------------------- blobs


def read_blobs(ws: Path, commit: str, paths: Iterable[str]) -> dict[str, bytes | None]:
    """The bytes of each path at ``commit`` (None where absent), in one ``cat-file``."""
    where = _where(ws)
    order = list(dict.fromkeys(paths))
    names = [f"{commit}:{_repo_path(where, p)}" for p in order]
    return dict(zip(order, _cat_blobs(where, names), strict=True))


def read_blob(ws: Path, commit: str, path: str) -> bytes | None:
    return read_blobs(ws, commit, [path])[path]


def read_index_blobs(ws: Path, paths: Iterable[str]) -> dict[str, bytes | None]:
    """The staged bytes of each path (None where not staged at stage 0).

    Inside a git hook this is the index being committed: the ``GIT_INDEX_FILE`` git hands
    the hook (``commit -a`` and ``commit --only`` use a temporary one) is honoured here, and
    only here.
    """
    where = _where(ws)
    order = list(dict.fromkeys(paths))
    inherited = os.environ.get("GIT_INDEX_FILE")
    env = {"GIT_INDEX_FILE": os.path.abspath(inherited)} if inherited else None
    names = [f":{_repo_path(where, p)}" for p in order]
    return dict(zip(order, _cat_blobs(where, names, env), strict=True))


def read_index_blob(ws: Path, path: str) -> bytes | None:
    return read_index_blobs(ws, [path])[path]


def list_paths(ws: Path, commit: str, under: str = "") -> list[str]:
    """Workspace paths of the files at ``commit`` (optionally under a folder)."""
    where = _where(ws)
    spec = _repo_path(where, under) if under.strip("/.") else where.prefix or "."
    out = _out(where.top, "ls-tree", "-r", "-z", "--name-only", commit, "--", spec, read_only=True)
    return [_ws_path(where, p) for p in filter(None, out.split("\0"))]


# ---------------------------------------------------------------- the log and its trailers


def _log(ws: Path, args: Sequence[str]) -> list[RevisionInfo]:
    where = _where(ws)
    pathspec = ["--", where.prefix] if where.prefix else []
    out = _out(where.top, "log", f"--format={_LOG_FORMAT}", *args, *pathspec, read_only=True)
    infos = []
    for rec in out.split("\x1e")[1:]:
        commit, parents, date, subject, raw = rec.rstrip("\n").split("\0", 4)
        infos.append(
            RevisionInfo(commit, tuple(parents.split()), date, subject, _parse_trailers(raw))
        )
    return infos


def _parse_trailers(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in filter(None, raw.split("\x1d")):
        key, _, value = item.partition("\x1f")
        found[key.strip()] = value.strip()
    return found


def trailers(ws: Path, commit: str) -> dict[str, str]:
    """The trailers of ``commit`` (the last value wins for a repeated key)."""
    out = _out(ws, "show", "-s", f"--format={_TRAILERS_FORMAT}", commit, read_only=True)
    return _parse_trailers(out.rstrip("\n"))


def last_revision(
    ws: Path, trailer: str = "Intent-Id", rev: str = "HEAD"
) -> tuple[str, dict[str, str]] | None:
    """The newest first-parent commit touching the workspace that carries ``trailer``."""
    if not _TRAILER_KEY.match(trailer):
        raise GitError(f"trailer key {trailer!r}: use letters, digits and '-' only")
    if rev_parse(ws, f"{rev}^{{commit}}") is None:
        return None
    skip = 0
    while True:
        found = _log(
            ws,
            [rev, "--first-parent", f"--grep=^{trailer}:", f"-n{_LOG_BATCH}", f"--skip={skip}"],
        )
        for info in found:
            if trailer in info.trailers:
                return info.commit, dict(info.trailers)
        if len(found) < _LOG_BATCH:
            return None
        skip += _LOG_BATCH


def log_revisions(
    ws: Path, rev: str = "HEAD", *, first_parent: bool = False, max_count: int | None = None
) -> list[RevisionInfo]:
    """intentd revisions (commits with an ``Intent-Id`` trailer), newest first."""
    if rev_parse(ws, f"{rev}^{{commit}}") is None:
        return []
    args = [rev, "--grep=^Intent-Id:", *(["--first-parent"] if first_parent else [])]
    found = [i for i in _log(ws, args) if i.intent_id is not None]
    return found[:max_count] if max_count is not None else found


# ---------------------------------------------------------------- integrity


def fsck(ws: Path) -> list[str]:
    """Problems ``git fsck --full`` reports (dangling objects are not problems); [] if clean."""
    result = _git(
        ws, "fsck", "--full", "--no-progress", "--no-dangling", read_only=True, ok=range(256)
    )
    text = (result.stdout + result.stderr).decode("utf-8", "replace")
    problems = [line for line in text.splitlines() if line.strip()]
    if result.returncode != 0 and not problems:
        problems.append(f"git fsck exited {result.returncode}")
    return problems
