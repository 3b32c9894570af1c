"""The only module that runs git.

Everything goes through the git CLI (``subprocess``, ``start_new_session=True`` so a Ctrl-C in
the terminal cannot kill git half-way and leave a stale lock — R8). Read-only queries pass
``--no-optional-locks`` (R7) so they never take ``index.lock`` behind the person's back.

A revision commit never goes through ``git commit``: the tree is built from the validated bytes
in a temporary index, committed with ``commit-tree`` and published with a compare-and-swap
``update-ref``; the person's index and working tree are never read for it (issue 4, item 4;
daemon-reliability R6). Hooks are then run explicitly (:func:`run_hooks`).

Needs git 2.31 or newer (``rev-parse --path-format``, ``%(trailers:key_value_separator)``).

Paths in this API are workspace-relative POSIX strings (``spec/openapi.yaml``); a workspace may
be a subfolder of the repository, and :attr:`RepoState.prefix` maps them to repository paths.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from ..errors import GitError

Operation = Literal["merge", "rebase", "cherry-pick", "revert", "bisect"]

#: How long to wait for a lock another git process holds before giving up (R7).
LOCK_TIMEOUT = 60.0
#: Hooks and signing may block; past this a hook is stopped and reported.
HOOK_TIMEOUT = 600.0

_OPERATION_PATHS: tuple[tuple[str, Operation], ...] = (
    ("MERGE_HEAD", "merge"),
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
    ("BISECT_LOG", "bisect"),
)
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
_TRAILER_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_LOCK_ERROR = re.compile(
    r"(index|\S+)\.lock'?: File exists|cannot lock ref|Unable to create '.*\.lock'"
)


@dataclass
class GitCommandError(GitError):
    """A git command that failed: ``command``, exit ``returncode`` and ``stderr``."""

    command: tuple[str, ...] = ()
    returncode: int = 0
    stderr: str = ""

    def render(self) -> str:
        detail = self.stderr.strip()
        if detail.startswith(self.message):  # the message is often stderr's first line
            detail = detail[len(self.message) :].strip()
        cmd = " ".join(self.command)
        tail = f"\n{detail}" if detail else ""
        return f"{self.message} (`{cmd}` exited {self.returncode}){tail}"


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


# ---------------------------------------------------------------- running git


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


def _backoff(deadline: float, attempt: int) -> bool:
    """Sleep with exponential backoff and jitter; False once the deadline has passed."""
    now = time.monotonic()
    if now >= deadline:
        return False
    delay = min(1.0, 0.02 * (1.6**attempt)) * random.uniform(0.5, 1.5)
    time.sleep(min(delay, deadline - now))
    return True


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
            if not _LOCK_ERROR.search(exc.stderr) or not _backoff(deadline, attempt):
                raise
            attempt += 1


# ---------------------------------------------------------------- one revision's answers

_T = TypeVar("_T")


@dataclass
class _Session:
    answers: dict[tuple[str, str], object] = field(default_factory=dict)
    commits: set[str] = field(default_factory=set)  # full ids known to name commits
    # (top, tree) → the bytes of a scratch index holding that tree (what read-tree writes)
    indexes: dict[tuple[str, str], bytes] = field(default_factory=dict)
    # (top, commit) → the repository folders listed and their entries, path → (mode, kind, id)
    trees: dict[tuple[str, str], tuple[tuple[str, ...], dict[str, tuple[str, str, str]]]] = field(
        default_factory=dict
    )


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


# ---------------------------------------------------------------- where things are


@dataclass(frozen=True)
class _Where:
    top: Path
    prefix: str
    zero: str  # the null object id of this repository's hash
    index: Path


def _where(ws: Path) -> _Where:
    return _remembered("where", ws, _ask_where)


def _ask_where(ws: Path) -> _Where:
    try:
        out = _out(
            ws,
            "rev-parse",
            "--path-format=absolute",
            "--show-toplevel",
            "--show-prefix",
            "--show-object-format",
            "--git-path",
            "index",
            read_only=True,
        )
    except GitCommandError as exc:
        raise GitCommandError(
            f"{ws} is not inside a git work tree; run `git init` there first",
            command=exc.command,
            returncode=exc.returncode,
            stderr=exc.stderr,
        ) from None
    top, prefix, fmt, index = out.split("\n")[:4]
    return _Where(Path(top), prefix, "0" * (64 if fmt == "sha256" else 40), Path(index))


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
    current = _SESSION.get()
    if current is not None and rev.endswith("^{commit}") and rev[:-9] in current.commits:
        return rev[:-9]
    out = _out(
        ws, "rev-parse", "-q", "--verify", "--end-of-options", rev, read_only=True, ok=(0, 1)
    )
    return out.strip() or None


def is_ancestor(ws: Path, ancestor: str, descendant: str) -> bool:
    rc = _git(ws, "merge-base", "--is-ancestor", ancestor, descendant, read_only=True, ok=(0, 1))
    return rc.returncode == 0


def _locate(ws: Path) -> tuple[_Where, list[str], str | None]:
    """Where the repository is, its git dirs and operation paths, hooks and HEAD's commit,
    in one ``rev-parse`` (remembered for the session)."""
    args = [
        "rev-parse",
        "--path-format=absolute",
        "--show-toplevel",
        "--show-prefix",
        "--show-object-format",
        "--git-path",
        "index",
        "--absolute-git-dir",
        "--git-common-dir",
    ]
    for name, _ in _OPERATION_PATHS:
        args += ["--git-path", name]
    args += ["--git-path", "hooks", "-q", "--verify", "--end-of-options", "HEAD^{commit}"]
    want = 7 + len(_OPERATION_PATHS)
    try:
        result: subprocess.CompletedProcess[bytes] | None = _git(
            ws, *args, read_only=True, ok=(0, 1)
        )
    except GitCommandError:
        result = None
    lines = result.stdout.decode("utf-8", "surrogateescape").split("\n") if result else []
    resolved = result is not None and result.returncode == 0
    if result is None or len(lines) != want + 1 + resolved or (resolved and not lines[want]):
        # not a work tree (or a git that answers differently): ask the slow way, for its errors
        where = _where(ws)
        args = ["rev-parse", "--path-format=absolute", "--absolute-git-dir", "--git-common-dir"]
        for name, _ in _OPERATION_PATHS:
            args += ["--git-path", name]
        dirs = _out(ws, *args, read_only=True).split("\n")[: 2 + len(_OPERATION_PATHS)]
        return where, dirs, rev_parse(ws, "HEAD^{commit}")
    top, prefix, fmt, index = lines[:4]
    where = _Where(Path(top), prefix, "0" * (64 if fmt == "sha256" else 40), Path(index))
    _remember("where", ws, where)
    _remember("hooks", ws, Path(lines[want - 1]))
    head = lines[want] if result.returncode == 0 else None
    _remember_commit(head)
    return where, lines[4 : want - 1], head


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
    operation: Operation | None = None
    for (_, op), path in zip(_OPERATION_PATHS, op_paths, strict=False):
        if os.path.lexists(path):
            operation = op
            break
    # From the top: an unmerged path anywhere blocks a commit, not only under the workspace.
    unmerged = _out(where.top, "ls-files", "-u", "-z", read_only=True)
    return RepoState(
        toplevel=where.top,
        prefix=where.prefix,
        git_dir=Path(git_dir),
        common_dir=Path(common_dir),
        index_file=where.index,
        head_ref=head_ref,
        head=head,
        operation=operation,
        unmerged=tuple(sorted({e.split("\t", 1)[1] for e in unmerged.split("\0") if "\t" in e})),
    )


# ---------------------------------------------------------------- trees and commits

_Entry = tuple[str, str]  # (mode, object id)


def _ls_tree(where: _Where, commit: str | None, paths: Sequence[str]) -> dict[str, _Entry]:
    if commit is None or not paths:
        return {}
    current = _SESSION.get()
    listed = current.trees.get((str(where.top), commit)) if current else None
    if listed is not None and all(_inside(p, listed[0]) for p in paths):
        return {
            path: (mode, oid)
            for path, (mode, kind, oid) in listed[1].items()
            if kind == "blob" and _inside(path, paths)
        }
    out = _out(where.top, "ls-tree", "-r", "-z", commit, "--", *paths, read_only=True)
    entries: dict[str, _Entry] = {}
    for rec in filter(None, out.split("\0")):
        meta, path = rec.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind == "blob":
            entries[path] = (mode, oid)
    return entries


def _inside(path: str, folders: Iterable[str]) -> bool:
    """Whether ``path`` is one of ``folders`` or below one (how ls-tree matches its paths)."""
    return any(path == f or path.startswith(f + "/") for f in folders)


@dataclass(frozen=True)
class Snapshot:
    """What one commit holds for a revision: its tree, the workspace paths under some
    folders, and the bytes of those paths and of any others asked for (None: absent)."""

    commit: str
    tree: str | None
    listed: tuple[str, ...]
    blobs: Mapping[str, bytes | None]

    def under(self, folder: str) -> list[str]:
        """Like :func:`list_paths` of the commit under ``folder`` (one of those listed)."""
        return [p for p in self.listed if _inside(p, [folder.strip("/")])]


def snapshot(
    ws: Path,
    commit: str,
    folders: Sequence[str],
    paths: Iterable[str] = (),
    *,
    read: Sequence[str] | None = None,
) -> Snapshot:
    """``commit``'s tree, the paths under ``folders``, and the bytes of ``paths`` and of the
    listed paths under ``read`` (default: all ``folders``), in two git commands (``ls-tree``
    and ``cat-file``). Within a :func:`session` the listing also answers later questions
    about those folders at ``commit``."""
    where = _where(ws)
    specs = [_repo_path(where, f) for f in folders]
    out = _out(where.top, "ls-tree", "-r", "-z", commit, "--", *specs, read_only=True)
    entries: dict[str, tuple[str, str, str]] = {}
    for rec in filter(None, out.split("\0")):
        meta, path = rec.split("\t", 1)
        mode, kind, oid = meta.split()
        entries[path] = (mode, kind, oid)
    current = _SESSION.get()
    if current is not None and re.fullmatch(r"[0-9a-f]{40}([0-9a-f]{24})?", commit):
        current.trees[(str(where.top), commit)] = (tuple(specs), entries)
    listed = tuple(_ws_path(where, p) for p in entries)
    kept = [p for p in listed if read is None or _inside(p, [f.strip("/") for f in read])]
    order = list(dict.fromkeys([*kept, *paths]))
    names = [f"{commit}^{{tree}}", *(f"{commit}:{_repo_path(where, p)}" for p in order)]
    tree, *found = _cat(where, names)
    return Snapshot(
        commit,
        tree[0] if tree is not None and tree[1] == "tree" else None,
        listed,
        dict(zip(order, (f[2] if f and f[1] == "blob" else None for f in found), strict=True)),
    )


# A scratch index must not leave a shared index file behind in the person's git dir.
_SCRATCH = ("-c", "core.splitIndex=false")


@contextmanager
def _temp_index(where: _Where, tree: str | None) -> Iterator[tuple[Path, dict[str, str]]]:
    """A scratch GIT_INDEX_FILE holding ``tree``; the person's index is never touched."""
    tmp = Path(tempfile.mkdtemp(prefix="intentd-index-"))
    env = {"GIT_INDEX_FILE": str(tmp / "index")}
    current = _SESSION.get()
    ready = current.indexes.get((str(where.top), tree)) if current and tree else None
    try:
        if ready is not None:  # the index write_tree_from_bytes built for this tree
            (tmp / "index").write_bytes(ready)
        else:
            _git(where.top, *_SCRATCH, "read-tree", *([tree] if tree else ["--empty"]), env=env)
        yield tmp, env
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_tree_from_bytes(
    ws: Path, files: Mapping[str, bytes | None], base: str | None, *, filters: bool = True
) -> str:
    """A tree equal to ``base``'s with ``files`` replaced (``None`` removes a path).

    Blobs are exactly the given bytes, passed through the path's clean filters (as ``git add``
    would, so LFS and eol attributes hold) unless ``filters`` is False. Modes of existing
    regular files are kept.
    """
    where = _where(ws)
    wanted = {_repo_path(where, p): data for p, data in files.items()}
    modes = _ls_tree(where, base, sorted(wanted))
    blobs = {p: d for p, d in wanted.items() if d is not None}
    unconverted = _Unconverted(where, sorted(blobs) if filters else [])
    # the attribute queries run while the scratch index is read
    with _reaping(*unconverted.asks), _temp_index(where, base) as (tmp, env):
        plain = sorted(blobs) if not filters else unconverted.paths()
        # A path stored byte for byte whose bytes are already its blob in ``base`` (a regular
        # file, whose mode is kept) is in the scratch index as it must be: nothing to do.
        same = {p for p in plain if _same_blob(where, modes.get(p), blobs[p])}
        changed = {p: d for p, d in blobs.items() if p not in same}
        oids = _hash_blobs(where, changed, [p for p in plain if p not in same], tmp)
        lines = []
        for path in sorted(wanted):
            if path in same:
                continue
            if path not in oids:
                lines.append(f"0 {where.zero}\t{path}")
                continue
            mode = modes.get(path, ("100644", ""))[0]
            lines.append(f"{mode if mode == '100755' else '100644'} {oids[path]}\t{path}")
        if lines:
            _git(where.top, *_SCRATCH, "update-index", "--index-info", stdin=_lines(lines), env=env)
        tree = _out(where.top, "write-tree", env=env).strip()
        current = _SESSION.get()
        if current is not None:  # the hooks see this tree next, in an index of their own
            current.indexes[(str(where.top), tree)] = (tmp / "index").read_bytes()
        return tree


_CONVERTING = ("filter", "text", "eol", "crlf", "ident", "working-tree-encoding")


def _same_blob(where: _Where, entry: _Entry | None, data: bytes) -> bool:
    if entry is None or entry[0] not in ("100644", "100755"):
        return False
    digest = hashlib.sha256() if len(where.zero) == 64 else hashlib.sha1()  # git object ids
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest() == entry[1]


def _hash_blobs(
    where: _Where, blobs: Mapping[str, bytes], plain: Sequence[str], tmp: Path
) -> dict[str, str]:
    """Write blobs; paths git stores byte for byte (``plain``) go in one ``hash-object`` call,
    the others one by one through their clean filters (``--path``)."""
    oids: dict[str, str] = {}
    if plain:
        names = []
        for n, path in enumerate(plain):
            names.append(str(tmp / f"blob-{n}"))
            Path(names[-1]).write_bytes(blobs[path])
        out = _out(
            where.top, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin=_lines(names)
        )
        oids.update(zip(plain, out.split(), strict=True))
    for path in sorted(blobs.keys() - set(plain)):
        out = _out(where.top, "hash-object", "-w", "--stdin", f"--path={path}", stdin=blobs[path])
        oids[path] = out.strip()
    return oids


class _Unconverted:
    """The paths no attribute or eol setting converts on the way into git: asked when made
    (``core.autocrlf`` and the attributes side by side), answered by :meth:`paths`."""

    def __init__(self, where: _Where, paths: Sequence[str]) -> None:
        self.paths_asked = list(paths)
        self.asks: list[_Running] = []
        if paths:
            query = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
            self.asks.append(
                _start(where.top, "config", "--get", "core.autocrlf", read_only=True, ok=(0, 1))
            )
            try:
                self.asks.append(
                    _start(
                        where.top,
                        "check-attr",
                        "-z",
                        "--stdin",
                        *_CONVERTING,
                        stdin=query,
                        read_only=True,
                    )
                )
            except BaseException:
                self.reap()
                raise

    def reap(self) -> None:
        for ask in self.asks:
            ask.reap()

    def paths(self) -> list[str]:
        if not self.asks:
            return []
        with _reaping(*self.asks):
            return self._answer(self.asks[0].text(), self.asks[1])

    def _answer(self, autocrlf: str, attributes: _Running) -> list[str]:
        if autocrlf.strip().lower() not in ("", "false", "no", "off", "0"):  # true or input
            return []
        fields = attributes.text().split("\0")
        converted = {
            fields[i]
            for i in range(0, len(fields) - 2, 3)
            if fields[i + 2] not in ("unspecified", "unset")
        }
        return [p for p in self.paths_asked if p not in converted]


def _lines(lines: Iterable[str]) -> bytes:
    return "".join(f"{line}\n" for line in lines).encode("utf-8", "surrogateescape")


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
    # the signing setting is read while the identity is (both are plain queries)
    sign_ask = None
    if sign is None:
        sign_ask = _start(ws, *_CONFIG_BOOL, "commit.gpgSign", read_only=True, ok=(0, 1))
    with _reaping(*([sign_ask] if sign_ask else [])):
        identity = _identity(ws)
        if sign_ask is not None:
            sign = sign_ask.text().strip() == "true"
    args = ["commit-tree", tree, *(["-S"] if sign else [])]
    for parent in parents:
        args += ["-p", parent]
    out = _git(ws, *args, "-F", "-", stdin=message.encode(), env=identity, timeout=timeout).stdout
    commit = out.decode().strip()
    _remember_commit(commit)
    return commit


_CONFIG_BOOL = ("config", "--type=bool", "--get")


def config_bool(ws: Path, key: str) -> bool:
    out = _out(ws, *_CONFIG_BOOL, key, read_only=True, ok=(0, 1))
    return out.strip() == "true"


# ---------------------------------------------------------------- hooks


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
            after = _out(where.top, "write-tree", env=env).strip()
            if after != tree:
                raise GitError(
                    "the pre-commit hook changed the files being committed; intentd commits "
                    "only what it validated. Make the hook report instead of fixing, or run "
                    "the fix on intent/ and save again."
                )
        msg_file = tmp / "COMMIT_EDITMSG"
        msg_file.write_bytes(message.encode())
        _run_hook(where.top, hooks / "commit-msg", [str(msg_file)], env, timeout)
        edited = msg_file.read_bytes()
    cleaned = _out(where.top, "stripspace", stdin=edited)
    if not cleaned.strip():
        raise GitError("the commit-msg hook left an empty commit message")
    return cleaned


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


# ---------------------------------------------------------------- refs


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
                raise GitCommandError(
                    f"{ref} moved while intentd was working (expected {old or 'no ref'}, "
                    f"found {current or 'no ref'}); nothing was overwritten, the revision "
                    "will be redone on top of it",
                    command=exc.command,
                    returncode=exc.returncode,
                    stderr=exc.stderr,
                ) from None
            if not _LOCK_ERROR.search(exc.stderr) or not _backoff(deadline, attempt):
                raise
            attempt += 1


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
    ref = f"refs/tags/{name}"

    def existing() -> str | None:
        return rev_parse(ws, f"{ref}^{{commit}}")

    def clash(at: str) -> GitError:
        return GitError(
            f"tag {name} already exists at {at[:12]}, not at {target[:12]}; intentd never "
            f"moves a tag. If the old tag is wrong, delete it yourself (`git tag -d {name}`) "
            "or pin a higher version in the intent."
        )

    # No look first: `git tag` refuses a name that exists before it writes anything, and
    # that refusal is handled below exactly as a tag found beforehand would be.
    try:
        msg = message.encode()
        _git_locked(
            ws,
            None,
            "tag",
            "-a",
            "-F",
            "-",
            name,
            target,
            stdin=msg,
            env=_identity(ws),
            run_timeout=timeout,
        )
    except GitCommandError:
        at = existing()  # already there, or lost a race with another writer
        if at == target:
            return False
        if at is not None:
            raise clash(at) from None
        raise
    return True


NOTES_REF = "refs/notes/intentd"


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


# ---------------------------------------------------------------- the person's index


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
    lines, changed = [], []
    for path in wanted:
        entry = staged.get(path)
        if path in unmerged or entry != old.get(path) or entry == new.get(path):
            continue
        target = new.get(path)
        lines.append(f"{target[0]} {target[1]}\t{path}" if target else f"0 {where.zero}\t{path}")
        changed.append(_ws_path(where, path))
    # The read above and this write are two commands: a `git add` of one of these paths in
    # the few milliseconds between them would be replaced by the committed blob (its file on
    # disk is untouched, so nothing is lost; the path just shows as unstaged).
    if lines:
        lock = where.index.with_name(where.index.name + ".lock")
        _git_locked(
            where.top, lock, "update-index", "--index-info", stdin=_lines(lines), timeout=timeout
        )
    return changed


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


# ---------------------------------------------------------------- reading history


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


def _cat_blobs(
    where: _Where, names: Sequence[str], env: Mapping[str, str] | None = None
) -> list[bytes | None]:
    return [f[2] if f and f[1] == "blob" else None for f in _cat(where, names, env)]


def _cat(
    where: _Where, names: Sequence[str], env: Mapping[str, str] | None = None
) -> list[tuple[str, str, bytes] | None]:
    """(object id, type, bytes) of each name, in one ``cat-file --batch``; None if missing."""
    if not names:
        return []
    out = _git(where.top, "cat-file", "--batch", stdin=_lines(names), env=env, read_only=True)
    data, pos = out.stdout, 0
    found: list[tuple[str, str, bytes] | None] = []
    for _ in names:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            found.append((header[0].decode(), header[1].decode(), data[pos : pos + size]))
            pos += size + 1
        else:  # "<name> missing" / "ambiguous"
            found.append(None)
    return found


def list_paths(ws: Path, commit: str, under: str = "") -> list[str]:
    """Workspace paths of the files at ``commit`` (optionally under a folder)."""
    where = _where(ws)
    spec = _repo_path(where, under) if under.strip("/.") else where.prefix or "."
    out = _out(where.top, "ls-tree", "-r", "-z", "--name-only", commit, "--", spec, read_only=True)
    return [_ws_path(where, p) for p in filter(None, out.split("\0"))]


_LOG_FORMAT = (
    "%x1e%H%x00%P%x00%cI%x00%s%x00"
    "%(trailers:only=true,unfold=true,key_value_separator=%x1f,separator=%x1d)"
)


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
    fmt = "%(trailers:only=true,unfold=true,key_value_separator=%x1f,separator=%x1d)"
    out = _out(ws, "show", "-s", f"--format={fmt}", commit, read_only=True)
    return _parse_trailers(out.rstrip("\n"))


def last_revision(
    ws: Path, trailer: str = "Intent-Id", rev: str = "HEAD"
) -> tuple[str, dict[str, str]] | None:
    """The newest first-parent commit touching the workspace that carries ``trailer``."""
    if not _TRAILER_KEY.match(trailer):
        raise GitError(f"trailer key {trailer!r}: use letters, digits and '-' only")
    if rev_parse(ws, f"{rev}^{{commit}}") is None:
        return None
    batch, skip = 64, 0
    while True:
        found = _log(
            ws, [rev, "--first-parent", f"--grep=^{trailer}:", f"-n{batch}", f"--skip={skip}"]
        )
        for info in found:
            if trailer in info.trailers:
                return info.commit, dict(info.trailers)
        if len(found) < batch:
            return None
        skip += batch


def log_revisions(
    ws: Path, rev: str = "HEAD", *, first_parent: bool = False, max_count: int | None = None
) -> list[RevisionInfo]:
    """intentd revisions (commits with an ``Intent-Id`` trailer), newest first."""
    if rev_parse(ws, f"{rev}^{{commit}}") is None:
        return []
    args = [rev, "--grep=^Intent-Id:", *(["--first-parent"] if first_parent else [])]
    found = [i for i in _log(ws, args) if i.intent_id is not None]
    return found[:max_count] if max_count is not None else found


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


def is_repo(path: Path) -> bool:
    """True if ``path`` is inside a git work tree."""
    result = _git(path, "rev-parse", "--is-inside-work-tree", read_only=True, ok=range(256))
    return result.returncode == 0 and result.stdout.strip() == b"true"


def init_repo(path: Path, branch: str = "main") -> None:
    """``git init`` with ``branch`` as the initial branch."""
    _git(path, "init", "-q", f"--initial-branch={branch}")


def commit_files(ws: Path, files: Mapping[str, bytes | None], message: str) -> str:
    """Commit ``files`` on top of HEAD the way a revision does (temporary index, commit-tree,
    compare-and-swap), leaving the person's other staged work alone; returns the commit."""
    head = rev_parse(ws, "HEAD^{commit}")
    tree = write_tree_from_bytes(ws, files, head)
    commit = commit_tree(ws, tree, [head] if head else [], message)
    update_branch(ws, commit, head, reason="intentd init")
    refresh_index(ws, list(files), head, commit)
    return commit
