"""Commits: trailers appended, commit objects made with ``commit-tree``, and files committed
the way a revision commits them.

A revision commit never goes through ``git commit``: the tree is built from the validated bytes
in a temporary index, committed with ``commit-tree`` and published with a compare-and-swap
``update-ref``; the person's index and working tree are never read for it (issue 4, item 4;
daemon-reliability R6). Git's hooks are run explicitly before (:mod:`.hooks`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import GitError
from .index import refresh_index
from .memo import _remember_commit
from .refs import update_branch
from .repo import rev_parse
from .run import HOOK_TIMEOUT, _git, _identity, _out, _reaping, _start
from .trees import write_tree_from_bytes

_TRAILER_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_CONFIG_BOOL = ("config", "--type=bool", "--get")


def add_trailers(ws: Path, message: str, trailers: Mapping[str, str]) -> str:
    """``message`` with a ``Key: value`` trailer block appended (the repo's trailer.* config
    applies, R11). Values must be one line."""
    args = []
    for key, value in trailers.items():
        if not _TRAILER_KEY.match(key):
            raise GitError(f"trailer key {key!r}: use letters, digits and '-' only")
        if "\n" in value or "\r" in value:
            raise GitError(f"trailer {key}: the value must be one line, got {value!r}")
        args += ["--trailer", f"{key}: {value}"]
    body = message if message.endswith("\n") else message + "\n"
    return _out(ws, "interpret-trailers", "--no-divider", *args, stdin=body.encode())


def commit_tree(
    ws: Path,
    tree: str,
    parents: Sequence[str],
    message: str,
    trailers: Mapping[str, str] | None = None,
    *,
    sign: bool | None = None,
    timeout: float = HOOK_TIMEOUT,
) -> str:
    """A commit object for ``tree``; no ref moves.

    ``sign=None`` follows ``commit.gpgSign`` as ``git commit`` would (``commit-tree`` itself
    ignores it); a timeout keeps a passphrase prompt from hanging the daemon (R11).
    """
    if trailers:
        message = add_trailers(ws, message, trailers)
    if not message.endswith("\n"):
        message += "\n"
    identity, signed = _committer(ws, sign)
    args = ["commit-tree", tree, *(["-S"] if signed else [])]
    for parent in parents:
        args += ["-p", parent]
    out = _git(ws, *args, "-F", "-", stdin=message.encode(), env=identity, timeout=timeout).stdout
    commit = out.decode().strip()
    _remember_commit(commit)
    return commit


def _committer(ws: Path, sign: bool | None) -> tuple[dict[str, str], bool]:
    """Who commits, and whether to sign (``None``: as ``commit.gpgSign`` says)."""
    # the signing setting is read while the identity is (both are plain queries)
    sign_ask = None
    if sign is None:
        sign_ask = _start(ws, *_CONFIG_BOOL, "commit.gpgSign", read_only=True, ok=(0, 1))
    with _reaping(*([sign_ask] if sign_ask else [])):
        identity = _identity(ws)
        if sign_ask is not None:
            sign = sign_ask.text().strip() == "true"
    return identity, bool(sign)


def config_bool(ws: Path, key: str) -> bool:
    out = _out(ws, *_CONFIG_BOOL, key, read_only=True, ok=(0, 1))
    return out.strip() == "true"


def commit_files(ws: Path, files: Mapping[str, bytes | None], message: str) -> str:
    """Commit ``files`` on top of HEAD the way a revision does (temporary index, commit-tree,
    compare-and-swap), leaving the person's other staged work alone; returns the commit."""
    head = rev_parse(ws, "HEAD^{commit}")
    tree = write_tree_from_bytes(ws, files, head)
    commit = commit_tree(ws, tree, [head] if head else [], message)
    update_branch(ws, commit, head, reason="intentd init")
    refresh_index(ws, list(files), head, commit)
    return commit
