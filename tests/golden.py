"""Golden cases: ``tests/cases/<name>/intent/`` → ``handoff.yaml`` (the offline planner) →
``openapi.yaml`` (the SpecGenerator, first revision 0.1.0 unless the intent pins a version).

Tests compare exactly and never write. ``python -m tests.golden`` (``make regen-golden``)
rewrites the expected files after an intended change; review the diff before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intentd import handoff, specgen, yamlio
from intentd.intent import read_bundle
from intentd.planner.offline.planner import OfflinePlanner

CASES = Path(__file__).resolve().parent / "cases"
EXPECTED = "handoff.yaml"
EXPECTED_SPEC = "openapi.yaml"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "intent").is_dir())


def render(case: Path) -> str:
    """The hand-off the offline planner makes of ``case/intent``, as YAML text."""
    plan = OfflinePlanner().plan(read_bundle(case), None, ())
    return yamlio.dumps(handoff.to_data(plan))


def render_spec(case: Path) -> str:
    """The contract compiled from the case's hand-off, as the first revision would be."""
    plan = OfflinePlanner().plan(read_bundle(case), None, ())
    version = plan.api_info.version or specgen.FIRST_VERSION
    return specgen.emit_yaml(specgen.compile_spec(plan, api_version=version))


def regenerate() -> list[str]:
    """Rewrite every case's expected files; return ``name/file`` for those that changed."""
    changed = []
    for name in case_names():
        for expected, make in ((EXPECTED, render), (EXPECTED_SPEC, render_spec)):
            target = CASES / name / expected
            text = make(CASES / name)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
                changed.append(f"{name}/{expected}")
    return changed


if __name__ == "__main__":
    from intentd.planner.llm.profiles import write_snapshots

    done = regenerate()
    for path in write_snapshots(Path(__file__).resolve().parent / "snapshots"):
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    print("\n".join(f"updated tests/cases/{n}" for n in done) or "golden cases up to date")
    sys.exit(0)
