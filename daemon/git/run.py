"""Running git: a scrubbed environment, one process per command, errors that carry the
command, and waits on locks another git process holds.

Everything goes through the git CLI (``subprocess``, ``start_new_session=True`` so a Ctrl-C in
the terminal cannot kill git half-way and leave a stale lock — R8). Read-only queries pass
``--no-optional-locks`` (R7) so they never take ``index.lock`` behind the person's back.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..errors import GitError
from .memo import _remembered

#: How long to wait for a lock another git process holds before giving up (R7).
LOCK_TIMEOUT = 60.0
#: Hooks and signing may block; past this a hook is stopped and reported.
HOOK_TIMEOUT = 600.0

# Variables git sets for hooks and aliases that would point our commands at another index or
# repository (pre-commit's ``no_git_env``); identity and config overrides are kept.
_KEEP_GIT_ENV = frozenset(
    {
        "GIT_EXEC_PATH",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSL_CAINFO",
        "GIT_SSL_NO_VERIFY",
        "GIT_CONFIG_COUNT",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_NOSYSTEM",
        "GIT_CONFIG_PARAMETERS",
        "GIT_HTTP_PROXY_AUTHMETHOD",
        "GIT_ALLOW_PROTOCOL",
        "GIT_ASKPASS",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_COMMITTER_DATE",
        "GIT_TRACE",
    }
)
_LOCK_ERROR = re.compile(
    r"(index|\S+)\.lock'?: File exists|cannot lock ref|Unable to create '.*\.lock'"
)


@dataclass
class GitCommandError(GitError):
    """A git command that failed: the fields of :class:`GitError`, rendered with the command."""

    def render(self) -> str:
        detail = self.stderr.strip()
        if detail.startswith(self.message):  # the message is often stderr's first line
            detail = detail[len(self.message) :].strip()
        cmd = " ".join(self.command)
        tail = f"\n{detail}" if detail else ""
        return f"{self.message} (`{cmd}` exited {self.returncode}){tail}"


# ---------------------------------------------------------------- the environment


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_")
        or k in _KEEP_GIT_ENV
        or k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_", "GIT_TRACE"))
    }
    env["GIT_TERMINAL_PROMPT"] = "0"  # a daemon has nobody to answer a prompt
    env.update(extra or {})
    return env


def _untranslated(env: dict[str, str]) -> dict[str, str]:
    """Git's messages in English (lock and CAS failures are recognised by their text) and
    paths taken literally (a file named ``a*.md`` is not a glob)."""
    env["GIT_LITERAL_PATHSPECS"] = "1"
    ctype = env.pop("LC_ALL", None) or env.get("LC_CTYPE") or env.get("LANG")
    if ctype:
        env["LC_CTYPE"] = ctype  # keep the character set; only messages change
    env["LC_MESSAGES"] = "C"
    return env


def _identity(ws: Path) -> dict[str, str]:
    """Commit as the person; if git knows no identity (a fresh machine, CI), as intentd
    rather than failing the revision."""
    return dict(_remembered("identity", ws, _ask_identity))


def _ask_identity(ws: Path) -> dict[str, str]:
    asks = [
        _start(ws, "var", f"GIT_{who}_IDENT", read_only=True, ok=range(256))
        for who in ("AUTHOR", "COMMITTER")
    ]
    with _reaping(*asks):
        author, committer = (ask.result().returncode for ask in asks)
    fallback: dict[str, str] = {}
    if author != 0:
        fallback |= {"GIT_AUTHOR_NAME": "intentd", "GIT_AUTHOR_EMAIL": "intentd@localhost"}
    if committer != 0:
        fallback |= {"GIT_COMMITTER_NAME": "intentd", "GIT_COMMITTER_EMAIL": "intentd@localhost"}
    return fallback


# ---------------------------------------------------------------- one command


def _git(
    ws: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    read_only: bool = False,
    ok: Iterable[int] = (0,),
    timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return _start(ws, *args, stdin=stdin, env=env, read_only=read_only, ok=ok).result(timeout)


def _out(
    ws: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    read_only: bool = False,
    ok: Iterable[int] = (0,),
) -> str:
    result = _git(ws, *args, stdin=stdin, env=env, read_only=read_only, ok=ok)
    return result.stdout.decode("utf-8", "surrogateescape")


@dataclass
class _Running:
    """A git command :func:`_start` started; :meth:`result` waits for it as :func:`_git` does.
    Independent read-only queries run side by side: each costs a process start (a millisecond
    or two), most of a revision's git time."""

    cmd: list[str]
    proc: subprocess.Popen[bytes]
    stdin: bytes | None
    ok: tuple[int, ...]
    done: bool = False

    def result(self, timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
        self.done = True
        try:
            out, err = self.proc.communicate(self.stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc)
            raise GitCommandError(
                f"git did not finish within {timeout:.0f}s (waiting for a passphrase or a hook?)",
                command=tuple(self.cmd),
                returncode=-1,
            ) from None
        result = subprocess.CompletedProcess(self.cmd, self.proc.returncode, out, err)
        if self.proc.returncode not in self.ok:
            raise _error(result)
        return result

    def text(self) -> str:
        return self.result().stdout.decode("utf-8", "surrogateescape")

    def reap(self) -> None:
        """Wait for a command whose answer is no longer wanted (after another one failed)."""
        if not self.done:
            self.done = True
            with suppress(OSError, ValueError):
                self.proc.communicate(self.stdin)


def _start(
    ws: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    read_only: bool = False,
    ok: Iterable[int] = (0,),
) -> _Running:
    cmd = ["git", *(["--no-optional-locks"] if read_only else []), *args]
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=ws,
            env=_untranslated(_env(env)),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise GitCommandError(f"cannot run git: {exc}", command=tuple(cmd), returncode=-1) from exc
    return _Running(cmd, proc, stdin, tuple(ok))


@contextmanager
def _reaping(*running: _Running) -> Iterator[None]:
    """Whatever happens inside, every started command is waited for before leaving."""
    try:
        yield
    finally:
        for run in running:
            run.reap()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _error(result: subprocess.CompletedProcess[bytes], message: str = "") -> GitCommandError:
    stderr = result.stderr.decode("utf-8", "replace")
    first = stderr.strip().splitlines()[0] if stderr.strip() else "git failed"
    return GitCommandError(
        message or first,
        command=tuple(str(a) for a in result.args),
        returncode=result.returncode,
        stderr=stderr,
    )


def _lines(lines: Iterable[str]) -> bytes:
    """Lines as git reads them on stdin (``--index-info``, ``--batch``, ``--stdin-paths``)."""
    return "".join(f"{line}\n" for line in lines).encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------- locks


def _backoff(deadline: float, attempt: int) -> bool:
    """Sleep with exponential backoff and jitter; False once the deadline has passed."""
    now = time.monotonic()
    if now >= deadline:
        return False
    delay = min(1.0, 0.02 * (1.6**attempt)) * random.uniform(0.5, 1.5)
    time.sleep(min(delay, deadline - now))
    return True


def _may_retry(exc: GitCommandError, deadline: float, attempt: int) -> bool:
    """Whether a command that failed on a lock another git process holds may run again:
    True after a backoff sleep, False for any other failure or once the deadline passed."""
    return bool(_LOCK_ERROR.search(exc.stderr)) and _backoff(deadline, attempt)


def wait_for_lock(lock: Path, timeout: float = LOCK_TIMEOUT) -> None:
    """Wait, with backoff and jitter, until another process releases ``lock``.

    Never deletes it: only its owner may (R7; a stale lock is the person's call, #186).
    """
    deadline = time.monotonic() + timeout
    attempt = 0
    while lock.exists():
        if not _backoff(deadline, attempt):
            raise GitError(
                f"{lock} is held by another git process (waited {timeout:g}s). "
                f"If no git command is running, the lock is stale: remove it with `rm {lock}`."
            )
        attempt += 1


def _git_locked(
    ws: Path,
    lock: Path | None,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = LOCK_TIMEOUT,
    run_timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a git command that takes ``lock``, retrying while someone else holds a lock."""
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        if lock is not None:
            wait_for_lock(lock, max(0.0, deadline - time.monotonic()))
        try:
            return _git(ws, *args, stdin=stdin, env=env, timeout=run_timeout)
        except GitCommandError as exc:
            if not _may_retry(exc, deadline, attempt):
                raise
            attempt += 1
