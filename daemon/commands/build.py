"""``intentd build``: one whole revision — plan, spec, validate, diff, bump, write, commit."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import Finding


def run(args: argparse.Namespace) -> int:
    from ..revision import transaction as revision

    opts = revision.Options(
        force=args.force,
        check=args.check,
        progress=None if args.quiet else (lambda text: print(f"… {text}", file=sys.stderr)),
    )
    outcome = revision.build(args.workspace, opts)
    if args.json:
        payload = outcome.report or outcome.failure
        print(payload.model_dump_json() if payload else json.dumps({"status": outcome.status}))
    elif outcome.failure is not None:
        for f in outcome.failure.findings:
            print(Finding(f.location, f.message, f.severity).render(), file=sys.stderr)
        print(
            f"intentd: revision failed ({outcome.failure.stage}): {outcome.message}; "
            "nothing was committed",
            file=sys.stderr,
        )
    elif outcome.status == "stale":
        for p in outcome.stale:
            print(f"{p}: stale; run `intentd build`", file=sys.stderr)
        print(outcome.message, file=sys.stderr)
    elif not args.quiet:
        print(outcome.message)
    return outcome.exit_code
