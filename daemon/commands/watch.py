"""``intentd watch``: the daemon — a revision on every settled save."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from ..watch import daemon

    return daemon.watch(args.workspace, quiet=args.quiet, as_json=args.json)
