"""``intentd hooks install|uninstall``: the workspace's pre-commit hook."""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from ..git import precommit

    ws = Path(args.workspace).resolve()
    if args.action == "install":
        print(f"installed {precommit.install(ws)}")
    elif precommit.uninstall(ws):
        print("uninstalled intentd's pre-commit hook")
    else:
        print("no intentd hook was installed")
    return 0
