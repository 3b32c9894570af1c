"""``intentd spec``: ``plan/handoff.yaml`` → spec/ (the contract and its artifacts), validated."""

from __future__ import annotations

import argparse
import sys

from .. import layout
from ..revision import stages
from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    from ..check import validate
    from ..specgen import compiler as specgen
    from ..specgen.artifacts import spec_files

    ws = Workspace.open(args.workspace)
    h = stages.load_handoff(ws)
    doc = specgen.compile_spec(h, api_version=stages.current_version(ws) or "0.1.0")
    report = validate.validate(doc, h)
    files = {k: v.encode() for k, v in spec_files(h, doc).items()}
    files[layout.VALIDATION_REPORT] = report.to_json().encode()
    yaml_text = files[layout.SPEC_YAML].decode()
    for f in validate.with_lines(report.findings, yaml_text):
        print(f.render(), file=sys.stderr)
    if report.errors:
        print(f"spec/: not written — {len(report.errors)} error(s)", file=sys.stderr)
        return 1
    stages.write_files(ws.root, files)
    if not args.quiet:
        print(
            f"spec/openapi.yaml: {len(h.api_surface)} operations, {len(report.warnings)} warnings"
        )
    return 0
