"""``intentd eval``: models × intent cases → a Markdown table (issue #6, item 6).

A case is a folder holding ``intent/`` and ``expect.yaml`` (the entities and operations the
plan must yield)::

    entities: [Book, Author]
    operations: ["GET /books", "POST /books", "GET /books/{id}"]

Path parameters match whatever their names (``/books/{bookId}`` is ``/books/{id}``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ... import intent as intent_mod
from ... import yamlio
from ...config import StageModel
from ...errors import Finding, IntentdError
from ...handoff import Handoff
from ...intent.bundle import IntentBundle
from .. import Planner
from ..usage import Usage

EXPECT_FILE = "expect.yaml"


@dataclass(frozen=True)
class EvalCase:
    name: str
    bundle: IntentBundle
    entities: tuple[str, ...]
    operations: tuple[str, ...]


@dataclass(frozen=True)
class EvalResult:
    model: str
    case: str
    valid_first: bool
    valid: bool
    attempts: int
    entity_coverage: float
    operation_coverage: float
    tokens: int
    latency_s: float
    cost_usd: float | None
    error: str | None


def load_cases(directory: Path) -> list[EvalCase]:
    """Every ``<directory>/<case>/`` holding ``intent/`` and ``expect.yaml``, by name."""
    cases = []
    for folder in sorted(p for p in directory.iterdir() if (p / EXPECT_FILE).is_file()):
        rel = f"{folder.name}/{EXPECT_FILE}"
        expect = yamlio.loads((folder / EXPECT_FILE).read_text(encoding="utf-8"), rel)
        if not isinstance(expect, dict):
            raise IntentdError(f"{rel}: expected a mapping", (Finding(rel, "expected a mapping"),))
        cases.append(
            EvalCase(
                folder.name,
                intent_mod.read_bundle(folder),
                tuple(str(e) for e in expect.get("entities") or ()),
                tuple(str(o) for o in expect.get("operations") or ()),
            )
        )
    return cases


_PARAM = re.compile(r"\{[^}]*\}")


def operation(method: str, path: str) -> str:
    """``GET /books/{bookId}/`` → ``GET /books/{}``: parameter names do not matter."""
    return f"{method.upper()} {_PARAM.sub('{}', path.rstrip('/') or '/')}"


def coverage(handoff: Handoff, case: EvalCase) -> tuple[float, float]:
    names = {e.name.casefold() for e in handoff.entities}
    ops = {operation(ep.method, ep.path) for ep in handoff.api_surface}
    want_ops = [operation(*o.split(" ", 1)) for o in case.operations]
    ent = _share(sum(e.casefold() in names for e in case.entities), len(case.entities))
    op = _share(sum(o in ops for o in want_ops), len(want_ops))
    return ent, op


def _share(hit: int, total: int) -> float:
    return 1.0 if total == 0 else hit / total


def run_case(planner: Planner, case: EvalCase) -> EvalResult:
    """One plan of one case; a planner without usage (offline) counts one attempt."""
    started = time.monotonic()
    handoff: Handoff | None = None
    error: str | None = None
    try:
        handoff = planner.plan(case.bundle, None, [])
    except IntentdError as exc:
        error = exc.message
    latency = time.monotonic() - started
    usage = getattr(planner, "last_usage", None)
    if not isinstance(usage, Usage):
        usage = Usage(attempts=1)
    ent, op = coverage(handoff, case) if handoff is not None else (0.0, 0.0)
    return EvalResult(
        model=planner.model or planner.backend,
        case=case.name,
        valid_first=handoff is not None and usage.attempts == 1,
        valid=handoff is not None,
        attempts=usage.attempts,
        entity_coverage=ent,
        operation_coverage=op,
        tokens=usage.total_tokens,
        latency_s=latency,
        cost_usd=usage.cost_usd,
        error=error,
    )


def run_eval(
    stages: Sequence[StageModel],
    cases: Sequence[EvalCase],
    make_planner: Callable[[StageModel], Planner],
    progress: Callable[[EvalResult], None] | None = None,
) -> list[EvalResult]:
    """Every model on every case, in order."""
    results = []
    for stage in stages:
        planner = make_planner(stage)
        for case in cases:
            result = run_case(planner, case)
            results.append(result)
            if progress is not None:
                progress(result)
    return results


def render_markdown(results: Sequence[EvalResult]) -> str:
    """One row per model × case and a total row per model."""
    head = (
        "| model | case | valid first try | valid after repair | attempts | entities "
        "| operations | tokens | latency s | cost $ |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = [_row(r.model, r.case, [r]) for r in results]
    for model in dict.fromkeys(r.model for r in results):
        mine = [r for r in results if r.model == model]
        if len(mine) > 1:
            rows.append(_row(f"**{model}**", "**all**", mine))
    notes = [f"- {r.model} / {r.case}: {r.error}" for r in results if r.error]
    return (
        head + "\n".join(rows) + "\n" + ("\nFailures:\n" + "\n".join(notes) + "\n" if notes else "")
    )


def _row(model: str, case: str, rs: Sequence[EvalResult]) -> str:
    n = len(rs)
    costs = [r.cost_usd for r in rs if r.cost_usd is not None]
    cells = [
        model,
        case,
        f"{sum(r.valid_first for r in rs)}/{n}",
        f"{sum(r.valid for r in rs)}/{n}",
        str(sum(r.attempts for r in rs)),
        f"{100 * sum(r.entity_coverage for r in rs) / n:.0f}%",
        f"{100 * sum(r.operation_coverage for r in rs) / n:.0f}%",
        str(sum(r.tokens for r in rs)),
        f"{sum(r.latency_s for r in rs):.1f}",
        f"{sum(costs):.4f}" if costs else "–",
    ]
    return "| " + " | ".join(cells) + " |"
