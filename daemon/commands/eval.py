"""``intentd eval``: models × intent cases → validity, coverage, tokens, latency, cost."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..workspace import Workspace


def run(args: argparse.Namespace) -> int:
    from ..planner.llm.eval import load_cases, render_markdown, run_eval
    from ..planner.llm.planner import OpenAIPlanner

    ws = Workspace.open(args.workspace)
    cfg = ws.config
    stages = [cfg.planner.model_copy(update={"model": m}) for m in args.model] or [cfg.planner]
    results = run_eval(
        stages,
        load_cases(Path(args.cases)),
        lambda stage: OpenAIPlanner(stage, cache_dir=None, prices=cfg.prices),
    )
    print(render_markdown(results), end="")
    return 0
