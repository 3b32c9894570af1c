"""``intentd log``: the revisions with their version, bump and summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import git


def run(args: argparse.Namespace) -> int:
    for line in log_lines(Path(args.workspace).resolve(), limit=args.max_count):
        print(line)
    return 0


def log_lines(ws: Path, limit: int | None = None) -> list[str]:
    lines = []
    for info in git.log_revisions(ws, max_count=limit):
        rev = info.revision or "?"
        lines.append(
            f"r{rev:<4} {info.spec_version or '-':<9} {info.bump or '-':<8} "
            f"{info.commit[:7]}  {info.date[:19]}  {info.subject}"
        )
    if not lines:
        lines.append("no intentd revisions yet; run `intentd build` or `intentd watch`")
    return lines
