"""Golden cases of the offline planner: ``tests/cases/<name>/intent/`` → ``handoff.yaml``.

Tests compare exactly and never write. ``python -m tests.golden`` (``make regen-golden``)
rewrites the expected files after an intended change; review the diff before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intentd import handoff, yamlio
from intentd.intent import read_bundle
from intentd.planner.offline import OfflinePlanner

CASES = Path(__file__).resolve().parent / "cases"
EXPECTED = "handoff.yaml"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "intent").is_dir())


def render(case: Path) -> str:
    """The hand-off the offline planner makes of ``case/intent``, as YAML text."""
    plan = OfflinePlanner().plan(read_bundle(case), None, ())
    return yamlio.dumps(handoff.to_data(plan))


def regenerate() -> list[str]:
    """Rewrite every case's expected hand-off; return the names that changed."""
    changed = []
    for name in case_names():
        target = CASES / name / EXPECTED
        text = render(CASES / name)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


if __name__ == "__main__":
    done = regenerate()
    print(
        "\n".join(f"updated tests/cases/{n}/{EXPECTED}" for n in done) or "golden cases up to date"
    )
    sys.exit(0)
