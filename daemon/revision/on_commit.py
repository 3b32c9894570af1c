"""``on_commit`` / ``on_failure`` commands run only after ``intentd allow`` (like direnv).

A cloned repository must not run code unasked: the person allows one exact configuration of
commands for one workspace, recorded outside the repository (``$XDG_DATA_HOME/intentd/allow``).
Changing the commands needs a new ``intentd allow``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic

if TYPE_CHECKING:
    from ..workspace import Workspace


def _store() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "intentd" / "allow"


def fingerprint(ws: Workspace) -> str:
    payload = {
        "workspace": str(ws.root),
        "on_commit": ws.config.on_commit,
        "on_failure": ws.config.on_failure,
    }
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()


def is_allowed(ws: Workspace) -> bool:
    return (_store() / fingerprint(ws)).is_file()


def allow(ws: Workspace) -> Path:
    path = _store() / fingerprint(ws)
    write_atomic(path, f"{ws.root}\n".encode())
    return path


def revoke(ws: Workspace) -> bool:
    path = _store() / fingerprint(ws)
    if path.is_file():
        path.unlink()
        return True
    return False


def run_hook_command(ws: Workspace, which: str, payload: str) -> list[str]:
    """Run the configured commands for ``which`` with ``payload`` (JSON) on stdin.

    Returns one line per command about what happened; never raises (a failing command must
    not undo a committed revision). Unallowed commands are not run, and say so.
    """
    commands = ws.config.on_commit if which == "on_commit" else ws.config.on_failure
    if not commands:
        return []
    if not is_allowed(ws):
        msg = (
            f"intentd.yaml {which}: not run — this configuration is not allowed yet; review the "
            f"commands and run `intentd allow {ws.root}`"
        )
        print(msg, file=sys.stderr)
        return [msg]
    results = []
    for command in commands:
        try:
            code, stderr = _run(command, ws.root, payload.encode(), ws.config.hook_timeout_s)
        except subprocess.TimeoutExpired:
            results.append(f"{which}: `{command}` timed out after {ws.config.hook_timeout_s}s")
            print(results[-1], file=sys.stderr)
            continue
        except OSError as exc:
            results.append(f"{which}: `{command}` could not start: {exc}")
            print(results[-1], file=sys.stderr)
            continue
        results.append(f"{which}: `{command}` exited {code}")
        if code != 0:
            tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            print(f"{results[-1]}: {' / '.join(tail)}", file=sys.stderr)
    return results


def _run(command: str, cwd: Path, stdin: bytes, timeout: float) -> tuple[int, bytes]:
    """Run ``command`` with ``stdin``; past ``timeout`` its whole process group is killed,
    so nothing it started outlives the timeout (killing only the shell orphans its children)."""
    proc = subprocess.Popen(
        ["/bin/sh", "-c", command],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, err
