"""Time ``intentd build`` revisions and the contract diff at 1000 operations (issue 4).

    python bench/bench_build.py [--repeat 3] [--ops 1000] [--no-docs]

Cases, each in a fresh temp git repository with the offline planner:

* the template workspace (workspace-template/): the first revision, an edit revision (one new
  optional field), and an up-to-date run;
* a synthetic intent of ``--ops`` operations (200 entities, full CRUD each): the same three;
* ``intentd build`` as a process (interpreter start and imports included) for the template;
* the semantic diff on two 1000-operation contracts: bench/bench_diff.py's synthetic pair
  and the two contracts the synthetic intent's revisions compiled.

Prints a Markdown table and writes it into docs/benchmarks.md between the markers
``<!-- bench:build -->`` and ``<!-- /bench:build -->`` (other sections are left alone).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from docs_section import write_section

from intentd import __version__
from intentd.diff import diff
from intentd.revision import transaction as revision

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workspace-template"
DOCS = ROOT / "docs" / "benchmarks.md"
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_diff  # noqa: E402


def synthetic_intent(ops: int) -> str:
    """Markdown in the offline convention: ``ops / 5`` entities, each managed (full CRUD) by
    its own feature."""
    n = max(1, ops // 5)
    out = ["# Warehouse\n", "A synthetic intent for benchmarks.\n", "## Features\n"]
    for i in range(n):
        out.append(
            f"### Manage items {i} {{#items-{i}}} (must, M)\nManages: Item{i}\nAccess: public"
        )
        out.append(f"- Item {i} can be listed, read, created, changed and deleted\n")
    out.append("## Entities\n")
    for i in range(n):
        out.append(f"### Item{i}\nA thing of kind {i}.")
        out.append("- name: string, required, max length 120 — what it is called")
        out.append("- status: enum(draft, active, archived), required")
        out.append("- count: integer, min 0")
        out.append("- note: text\n")
    return "\n".join(out) + "\n"


def _git(ws: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=ws, check=True, capture_output=True)


def fresh(ws: Path, *, template: bool, ops: int) -> None:
    if template:
        shutil.copytree(TEMPLATE, ws)
    else:
        (ws / "intent").mkdir(parents=True)
        (ws / "intent" / "app.md").write_text(synthetic_intent(ops), encoding="utf-8")
        (ws / ".gitignore").write_text(".intentd/\n", encoding="utf-8")
    _git(ws, "init", "-q", "-b", "main")
    _git(ws, "add", ".gitignore", *(["intentd.yaml"] if template else []))
    _git(ws, "commit", "-q", "-m", "scaffolding")


def edit(ws: Path, template: bool, n: int) -> None:
    """One new optional field on one entity: a non-breaking change touching every file."""
    app = ws / "intent" / "app.md"
    text = app.read_text(encoding="utf-8")
    anchor = "- shelf: string" if template else "- note: text\n"
    assert anchor in text
    new = (
        f"{anchor.rstrip()}\n- extra{n}: string\n"
        if not template
        else f"- extra{n}: string\n{anchor}"
    )
    app.write_text(text.replace(anchor, new, 1), encoding="utf-8")


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _build(ws: Path, want: str) -> revision.Outcome:
    outcome = revision.build(ws)
    if outcome.status != want:
        raise SystemExit(f"bench: expected {want}, got {outcome.status}: {outcome.message}")
    return outcome


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="intentd-bench-") as tmp:
        yield Path(tmp)


def revisions(template: bool, ops: int, repeat: int) -> dict[str, Any]:
    """Median wall times (s) of first / edit / up-to-date revisions, and the stages of the
    median edit revision (ms), plus the two contracts for the diff bench."""
    first, second, noop, stages = [], [], [], []
    contracts: tuple[dict[str, Any], dict[str, Any]] | None = None
    operations = 0
    for r in range(repeat):
        with scratch() as tmp:
            ws = tmp / "ws"
            fresh(ws, template=template, ops=ops)
            first.append(timed(partial(_build, ws, "committed")))
            before = json.loads((ws / "spec" / "openapi.json").read_bytes())
            edit(ws, template, r)
            started = time.perf_counter()
            report = _build(ws, "committed").report
            second.append(time.perf_counter() - started)
            assert report is not None
            stages.append(report.stages_ms)
            noop.append(timed(partial(_build, ws, "up-to-date")))
            after = json.loads((ws / "spec" / "openapi.json").read_bytes())
            contracts = (before, after)
            operations = sum(
                1 for item in after["paths"].values() for m in item if m != "parameters"
            )
    middle = sorted(range(repeat), key=lambda i: second[i])[repeat // 2]
    assert contracts is not None
    return {
        "first": statistics.median(first),
        "edit": statistics.median(second),
        "noop": statistics.median(noop),
        "stages": stages[middle],
        "contracts": contracts,
        "operations": operations,
    }


def cli_process(repeat: int) -> float:
    """``intentd build`` as a process on the template: the first revision, median."""
    times = []
    for _ in range(repeat):
        with scratch() as tmp:
            ws = tmp / "ws"
            fresh(ws, template=True, ops=0)
            cmd = [sys.executable, "-m", "intentd", "build", "-q", str(ws)]
            times.append(timed(partial(subprocess.run, cmd, check=True, capture_output=True)))
    return statistics.median(times)


def diff_times(old: dict[str, Any], new: dict[str, Any], repeat: int) -> tuple[int, float]:
    changes = diff(old, new)
    return len(changes), statistics.median(timed(lambda: diff(old, new)) for _ in range(repeat))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(results: dict[str, Any], repeat: int, ops: int) -> str:
    tpl, big = results["template"], results["big"]
    rows = [
        "| case | first revision | edit revision | up to date |",
        "|---|---|---|---|",
        f"| template workspace ({tpl['operations']} operations) | {_ms(tpl['first'])} "
        f"| {_ms(tpl['edit'])} | {_ms(tpl['noop'])} |",
        f"| synthetic intent ({big['operations']} operations) | {_ms(big['first'])} "
        f"| {_ms(big['edit'])} | {_ms(big['noop'])} |",
        f"| `intentd build` process, template (start-up included) | {_ms(results['cli'])} | | |",
        "",
        "Stages of the edit revision (ms, from the revision report's `stages_ms`):",
        "",
        "| case | " + " | ".join(tpl["stages"]) + " |",
        "|---|" + "---|" * len(tpl["stages"]),
    ]
    for name, res in (("template", tpl), (f"{big['operations']} operations", big)):
        rows.append(
            f"| {name} | "
            + " | ".join(f"{res['stages'].get(k, 0):,.0f}" for k in tpl["stages"])
            + " |"
        )
    rows += [
        "",
        "| semantic diff | operations | changes | median |",
        "|---|---|---|---|",
    ]
    for name, (n_ops, n_changes, seconds) in results["diff"].items():
        rows.append(f"| {name} | {n_ops} | {n_changes} | {_ms(seconds)} |")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    rows += [
        "",
        f"Medians of {repeat} runs (diff: {max(repeat, 5)}), offline planner, intentd {__version__}, "
        f"{machine}, {git}. Regenerate with `python bench/bench_build.py` "
        f"(`--ops {ops}`); timings on a shared machine vary by ±30%.",
    ]
    return "\n".join(rows) + "\n"


def write_docs(section: str) -> None:
    write_section("build", "Revisions", section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args()
    os.environ.update(GIT_ENV)
    os.environ.pop("INTENTD_FAULT", None)

    results: dict[str, Any] = {
        "template": revisions(True, 0, args.repeat),
        "big": revisions(False, args.ops, args.repeat),
        "cli": cli_process(args.repeat),
    }
    old = bench_diff.contract(args.ops)
    synth = bench_diff.edited(old)
    n_synth = sum(1 for item in old["paths"].values() for m in item if m != "parameters")
    before, after = results["big"]["contracts"]
    reps = max(args.repeat, 5)
    results["diff"] = {
        "bench_diff.py synthetic pair (5% of entities edited)": (
            n_synth,
            *diff_times(old, synth, reps),
        ),
        "the synthetic intent's two revisions": (
            results["big"]["operations"],
            *diff_times(before, after, reps),
        ),
        "identical 1000-operation contracts": (n_synth, *diff_times(old, old, reps)),
    }
    section = table(results, args.repeat, args.ops)
    print(section)
    if not args.no_docs:
        write_docs(section)
        print(f"wrote {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
