"""Write the figures of the last `make test-llm` run into docs/benchmarks.md.

    python bench/llm_report.py .tools/test-llm.jsonl

tools/test-llm.sh runs it after the tests; the figures are measured by tests/llm_e2e.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from docs_section import write_section


def main(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    body = [
        "`make test-llm`: llama-cpp-python's server with the Gemma 3 270M (Q4_K_M) model from PyPI "
        f"on 127.0.0.1, {os.cpu_count()} CPUs, `profile: json_object`, a bounded schema. "
        "The plumbing is what is asserted, not the quality: the tiny model's answers fail the "
        "id and source patterns, so the repair loop re-asks and the revision rolls back with "
        "findings — never an invalid commit.",
        "",
        "| run | outcome | attempts | prompt tokens | completion tokens | completion tokens/s | wall |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        outcome = r.get("outcome") or f"exit {r.get('exit_code')}"
        body.append(
            f"| {r.get('test')} | {outcome} | {r.get('attempts', '')} | {r.get('prompt_tokens', '')} "
            f"| {r.get('completion_tokens', '')} | {r.get('completion_tokens_per_s', '')} "
            f"| {r.get('wall_s', '')} s |"
        )
    text = "\n".join(body) + "\n"
    print(text)
    write_section("llm", "Local model (make test-llm)", text)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
