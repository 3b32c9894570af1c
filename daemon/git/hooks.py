"""Git's own hooks (pre-commit, commit-msg) run for intentd's commits, as ``git commit`` would.

``commit-tree`` runs no hooks, so intentd runs them itself, against the revision's tree in a
scratch index. Not to be confused with :mod:`.precommit`, which installs intentd's check as
the workspace's pre-commit hook for the person's own commits.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from ..errors import GitError
from .memo import _remembered
from .repo import _where
from .run import HOOK_TIMEOUT, GitCommandError, _env, _kill_group, _out
from .trees import _temp_index


def hooks_dir(ws: Path) -> Path:
    """Where git looks for hooks (``core.hooksPath`` honoured)."""
    return _remembered("hooks", ws, _ask_hooks_dir)


def _ask_hooks_dir(ws: Path) -> Path:
    out = _out(ws, "rev-parse", "--path-format=absolute", "--git-path", "hooks", read_only=True)
    return Path(out.strip())


def run_hooks(ws: Path, tree: str, message: str, *, timeout: float = HOOK_TIMEOUT) -> str:
    """Run the pre-commit and commit-msg hooks as ``git commit`` would for ``tree``.

    Hooks see ``tree`` as the index (a scratch GIT_INDEX_FILE) and ``INTENTD_COMMIT=1`` so
    intentd's own check hook steps aside. Returns the message, possibly edited by commit-msg.
    A failing hook, or a pre-commit hook that changes the files (intentd commits only bytes it
    validated), raises :class:`GitError` with the hook's output.
    """
    where = _where(ws)
    hooks = hooks_dir(ws)
    with _temp_index(where, tree) as (tmp, env):
        env = {**env, "INTENTD_COMMIT": "1", "GIT_EDITOR": ":"}
        if _run_hook(where.top, hooks / "pre-commit", [], env, timeout):
            _refuse_changes(where.top, tree, env)
        msg_file = tmp / "COMMIT_EDITMSG"
        msg_file.write_bytes(message.encode())
        _run_hook(where.top, hooks / "commit-msg", [str(msg_file)], env, timeout)
        edited = msg_file.read_bytes()
    cleaned = _out(where.top, "stripspace", stdin=edited)
    if not cleaned.strip():
        raise GitError("the commit-msg hook left an empty commit message")
    return cleaned


def _refuse_changes(top: Path, tree: str, env: Mapping[str, str]) -> None:
    """Fail if the pre-commit hook left the scratch index holding another tree."""
    after = _out(top, "write-tree", env=env).strip()
    if after != tree:
        raise GitError(
            "the pre-commit hook changed the files being committed; intentd commits "
            "only what it validated. Make the hook report instead of fixing, or run "
            "the fix on intent/ and save again."
        )


def _run_hook(
    top: Path, hook: Path, args: list[str], env: Mapping[str, str], timeout: float
) -> bool:
    """Run one hook if it exists and is executable (git skips others); True if it ran."""
    if not (hook.is_file() and os.access(hook, os.X_OK)):
        return False
    cmd = [str(hook), *args]
    try:
        proc = _spawn_hook(cmd, top, env)
    except OSError as exc:
        if exc.errno != errno.ENOEXEC:  # a script without "#!", which git runs with sh
            raise GitCommandError(f"cannot run {hook}: {exc}", command=tuple(cmd)) from exc
        cmd = ["/bin/sh", *cmd]
        proc = _spawn_hook(cmd, top, env)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise GitCommandError(
            f"the {hook.name} hook did not finish within {timeout:.0f}s",
            command=tuple(cmd),
            returncode=-1,
        ) from None
    if proc.returncode != 0:
        raise GitCommandError(
            f"the {hook.name} hook rejected the commit",
            command=tuple(cmd),
            returncode=proc.returncode,
            stderr=out.decode("utf-8", "replace"),
        )
    return True


def _spawn_hook(cmd: list[str], top: Path, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        cwd=top,
        env=_env(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
