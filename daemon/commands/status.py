"""``intentd status``: watcher running?, the last revision, anything pending, the last failure."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .. import git, layout
from ..layout import LAST_FAILURE, LAST_REVISION
from ..watch import lock
from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    for line in status_lines(Workspace.open(args.workspace)):
        print(line)
    return 0


def status_lines(ws: Workspace) -> list[str]:
    root = ws.root
    lines = []
    holder = lock.running_pid(root)
    lines.append(f"watcher: running (pid {holder})" if holder else "watcher: not running")
    last = _json(root / LAST_REVISION)
    head_rev = git.last_revision(root) if git.rev_parse(root, "HEAD") else None
    if head_rev:
        commit, trailers = head_rev
        lines.append(
            f"last revision: r{trailers.get('Revision', '?')} spec {trailers.get('Spec-Version')} "
            f"({trailers.get('Spec-Bump')}) {commit[:7]}"
        )
    else:
        lines.append("last revision: none")
    if last and head_rev and last.get("commit") == head_rev[0]:
        lines.append(f"  {last.get('summary') or 'no contract change'}")
    pending = _pending(root)
    lines.append("pending: " + (", ".join(pending) if pending else "nothing"))
    failure = _json(root / LAST_FAILURE)
    if failure:
        lines.append(
            f"last failure: {failure.get('at')} ({failure.get('stage')}): {failure.get('message')}"
        )
        for f in failure.get("findings", [])[:10]:
            lines.append(f"  {f.get('location')}: {f.get('message')}")
    return lines


def _pending(root: Path) -> list[str]:
    if git.rev_parse(root, "HEAD") is None:
        return ["intent/ (no revision yet)"]
    return git.changed_paths(root, list(layout.TRACKED_DIRS))


def _json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
