"""``intentd spec``: ``plan/handoff.yaml`` → spec/ (the contract and its artifacts), validated."""

from __future__ import annotations

import argparse
import sys

from .. import layout
from ..revision import stages
from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    from ..check import validate

    ws = Workspace.open(args.workspace)
    h = stages.load_handoff(ws)
    spec = stages.build_spec(h, stages.current_version(ws))
    files = spec.files()
    yaml_text = files[layout.SPEC_YAML].decode()
    for f in validate.with_lines(spec.report.findings, yaml_text):
        print(f.render(), file=sys.stderr)
    if spec.report.errors:
        print(f"spec/: not written — {len(spec.report.errors)} error(s)", file=sys.stderr)
        return 1
    stages.write_files(ws.root, files)
    if not args.quiet:
        warnings = len(spec.report.warnings)
        print(f"spec/openapi.yaml: {len(h.api_surface)} operations, {warnings} warnings")
    return 0
