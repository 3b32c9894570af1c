"""``intentd allow``: trust this exact ``on_commit``/``on_failure`` configuration (like direnv)."""

from __future__ import annotations

import argparse

from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    from ..revision import on_commit

    ws = Workspace.open(args.workspace)
    if args.revoke:
        print("revoked" if on_commit.revoke(ws) else "was not allowed")
        return 0
    cfg = ws.config
    if not (cfg.on_commit or cfg.on_failure):
        print("intentd.yaml has no on_commit/on_failure commands; nothing to allow")
        return 0
    for which, cmds in (("on_commit", cfg.on_commit), ("on_failure", cfg.on_failure)):
        for c in cmds or []:
            print(f"{which}: {c}")
    on_commit.allow(ws)
    print(f"allowed these commands for {ws.root}")
    return 0
