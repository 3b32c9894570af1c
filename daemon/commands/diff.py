"""``intentd diff [A] [B]``: the semantic contract diff of two revisions or files."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import layout
from .contracts import load_contract


def run(args: argparse.Namespace) -> int:
    from .. import diff

    ws_root = Path(args.workspace).resolve()
    old = load_contract(ws_root, args.a or "HEAD")
    new = load_contract(ws_root, args.b or layout.SPEC_YAML)
    changes = diff.diff(old, new)
    print(diff.render(changes, args.format), end="")
    if args.fail_on and diff.fails(changes, args.fail_on):
        return 1
    return 0
