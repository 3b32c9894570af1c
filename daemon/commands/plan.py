"""``intentd plan``: intent/ → ``plan/handoff.yaml`` and ``plan/README.md``."""

from __future__ import annotations

import argparse
import sys

from .. import layout
from ..revision import stages
from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    ws = Workspace.open(args.workspace)
    bundle = stages.read_bundle(ws)
    planner = stages.make_planner(ws.config, ws.root / layout.LLM_CACHE, workspace=ws.root)
    result = stages.plan(ws, bundle, planner)
    files = stages.plan_files(result)
    if args.stdout:
        sys.stdout.write(files[layout.HANDOFF].decode("utf-8"))
        return 0
    stages.write_files(ws.root, files)
    if not args.quiet:
        print(
            f"{layout.HANDOFF}: {len(result.features)} features, "
            f"{len(result.entities)} entities, {len(result.api_surface)} endpoints"
        )
    return 0
