"""``on_commit`` / ``on_failure`` commands run only after ``intentd allow`` (like direnv).

A cloned repository must not run code unasked: the person allows one exact configuration of
commands for one workspace, recorded outside the repository (``$XDG_DATA_HOME/intentd/allow``).
Changing the commands needs a new ``intentd allow``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_atomic

if TYPE_CHECKING:
    from .pipeline import Workspace


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
            proc = subprocess.run(
                ["/bin/sh", "-c", command],
                cwd=ws.root,
                input=payload.encode(),
                capture_output=True,
                timeout=ws.config.hook_timeout_s,
                start_new_session=True,
                check=False,
            )
            results.append(f"{which}: `{command}` exited {proc.returncode}")
            if proc.returncode != 0:
                tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
                print(f"{results[-1]}: {' / '.join(tail)}", file=sys.stderr)
        except subprocess.TimeoutExpired:
            results.append(f"{which}: `{command}` timed out after {ws.config.hook_timeout_s}s")
            print(results[-1], file=sys.stderr)
        except OSError as exc:
            results.append(f"{which}: `{command}` could not start: {exc}")
            print(results[-1], file=sys.stderr)
    return results
