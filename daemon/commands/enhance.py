"""``intentd enhance "idea"``: a model writes a full intent document from a one-line idea."""

from __future__ import annotations

import argparse
import sys

from .. import layout
from ..errors import Finding, IntentdError
from ..revision import stages
from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    from ..planner.llm.enhance import enhance, offline_validate
    from ..resources import docs_file

    ws = Workspace.open(args.workspace)
    _need_a_model(ws)
    out = (ws.root / args.out) if args.out else None
    if out is not None and out.exists():
        raise IntentdError(
            f"{args.out}: exists", (Finding(args.out, "exists; choose a new file name"),)
        )
    text = enhance(
        args.idea,
        ws.config,
        validate=offline_validate,
        cache_dir=ws.root / layout.LLM_CACHE,
        prompt_override=stages.workspace_prompt(ws.root, "enhance-v1.md"),
        convention=docs_file("intent-format.md"),
    )
    if out is None:
        sys.stdout.write(text)
        return 0
    stages.write_files(ws.root, {args.out: text.encode("utf-8")})
    print(f"{args.out}: written; it parses with the offline planner")
    return 0


def _need_a_model(ws: Workspace) -> None:
    if ws.config.enhancer.backend != "openai":
        raise IntentdError(
            "intentd enhance needs a model",
            (
                Finding(
                    layout.CONFIG,
                    "enhancer.backend is offline; set `enhancer: {backend: openai, model: …}` "
                    "(and the key's variable) to let a model write the intent",
                ),
            ),
        )
