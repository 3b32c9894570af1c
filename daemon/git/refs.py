"""Refs: publishing a commit with a compare-and-swap ``update-ref``, tags that never move,
and intentd's notes.

A ref that no longer points where intentd started is never overwritten (R9); a ref lock
another git process holds is waited on, with backoff.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import GitError
from .repo import rev_parse
from .run import (
    HOOK_TIMEOUT,
    LOCK_TIMEOUT,
    GitCommandError,
    _git,
    _git_locked,
    _identity,
    _may_retry,
    _out,
)

NOTES_REF = "refs/notes/intentd"


def update_ref_cas(
    ws: Path,
    ref: str,
    new: str,
    old: str | None,
    *,
    reason: str = "intentd",
    no_deref: bool = False,
    timeout: float = LOCK_TIMEOUT,
) -> None:
    """Move ``ref`` from ``old`` (None: must not exist) to ``new``, or fail if it moved.

    A ref lock held by another git process is waited on; a ref that no longer points at
    ``old`` is never overwritten (R9).
    """
    zero = "0" * len(new)
    args = ["update-ref", *(["--no-deref"] if no_deref else []), "-m", reason, ref, new]
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        try:
            _git(ws, *args, old or zero)
            return
        except GitCommandError as exc:
            current = rev_parse(ws, ref)
            if current != old:
                raise _moved(ref, old, current, exc) from None
            if not _may_retry(exc, deadline, attempt):
                raise
            attempt += 1


def _moved(ref: str, old: str | None, current: str | None, exc: GitCommandError) -> GitCommandError:
    return GitCommandError(
        f"{ref} moved while intentd was working (expected {old or 'no ref'}, "
        f"found {current or 'no ref'}); nothing was overwritten, the revision "
        "will be redone on top of it",
        command=exc.command,
        returncode=exc.returncode,
        stderr=exc.stderr,
    )


def update_branch(ws: Path, new: str, old: str | None, *, reason: str = "intentd") -> str:
    """Move HEAD's branch (or a detached HEAD itself) from ``old`` to ``new``; returns the
    ref that moved."""
    head_ref = _out(ws, "symbolic-ref", "-q", "HEAD", read_only=True, ok=(0, 1)).strip()
    if head_ref:
        update_ref_cas(ws, head_ref, new, old, reason=reason)
        return head_ref
    update_ref_cas(ws, "HEAD", new, old, reason=reason, no_deref=True)
    return "HEAD"


def tag(ws: Path, name: str, commit: str, message: str, *, timeout: float = HOOK_TIMEOUT) -> bool:
    """Create annotated tag ``name`` at ``commit``; False if it is already there.

    A tag at another commit is an error and is never moved (issue 4, item 3).
    """
    target = rev_parse(ws, f"{commit}^{{commit}}")
    if target is None:
        raise GitError(f"cannot tag {name}: {commit} is not a commit")
    # No look first: `git tag` refuses a name that exists before it writes anything, and
    # that refusal is handled below exactly as a tag found beforehand would be.
    try:
        _git_locked(
            ws,
            None,
            "tag",
            "-a",
            "-F",
            "-",
            name,
            target,
            stdin=message.encode(),
            env=_identity(ws),
            run_timeout=timeout,
        )
    except GitCommandError:
        at = rev_parse(ws, f"refs/tags/{name}^{{commit}}")  # already there, or lost a race
        if at == target:
            return False
        if at is not None:
            raise _tag_clash(name, at, target) from None
        raise
    return True


def _tag_clash(name: str, at: str, target: str) -> GitError:
    return GitError(
        f"tag {name} already exists at {at[:12]}, not at {target[:12]}; intentd never "
        f"moves a tag. If the old tag is wrong, delete it yourself (`git tag -d {name}`) "
        "or pin a higher version in the intent."
    )


def add_note(ws: Path, commit: str, text: str, ref: str = NOTES_REF) -> None:
    """Attach ``text`` as the note of ``commit`` (replacing an earlier one: idempotent)."""
    body = text if text.endswith("\n") else text + "\n"
    _git_locked(
        ws,
        None,
        "notes",
        f"--ref={ref}",
        "add",
        "-f",
        "-F",
        "-",
        commit,
        stdin=body.encode(),
        env=_identity(ws),
    )


def read_note(ws: Path, commit: str, ref: str = NOTES_REF) -> str | None:
    result = _git(ws, "notes", f"--ref={ref}", "show", commit, read_only=True, ok=(0, 1))
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None
