"""Time the SpecGenerator per phase on synthetic APIs, next to TypeSpec's ``tsp compile``.

    python bench/bench_specgen.py [--sizes 10,100,1000,2000] [--repeat 3]
                                  [--typespec] [--markdown docs/benchmarks.md]

Phases (median of ``--repeat`` runs, each size in a fresh process so peak RSS is its own):
compile (hand-off → OpenAPI dict), emit (YAML + JSON text), artifacts (the four spec/ files
beside the contract), validate (``intentd.validate``, in memory). ``--typespec`` also writes
the same API as TypeSpec and times ``tsp compile`` to OpenAPI 3.1 (packages pinned at 1.16.0,
installed with npm into ``.tools/typespec`` on first use). Issue #3 targets at 1000 operations:
compile + emit ≤ 0.5× TypeSpec, the whole validated step ≤ 1.0×, linear growth.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.specgen_fixtures import synthetic_handoff  # noqa: E402

TYPESPEC_DIR = ROOT / ".tools" / "typespec"
# @typespec/rest is still 0.x: 0.86.0 is the release that goes with the 1.16.0 packages.
TYPESPEC_PACKAGES = [
    "@typespec/compiler@1.16.0",
    "@typespec/http@1.16.0",
    "@typespec/rest@0.86.0",
    "@typespec/openapi@1.16.0",
    "@typespec/openapi3@1.16.0",
]
NODE_DIR = ROOT / ".tools" / "node22"
NODE_PACKAGE = "node@22"
SECTION = "## SpecGenerator vs TypeSpec"
BEGIN, END = "<!-- bench:specgen -->", "<!-- /bench:specgen -->"


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(n_ops: int, repeat: int) -> dict[str, Any]:
    """One size, in this process: phase medians in seconds and peak RSS in MB."""
    from intentd.specgen.artifacts import build_artifacts
    from intentd.specgen.compiler import compile_spec, emit_json, emit_yaml

    handoff = synthetic_handoff(n_ops)
    row: dict[str, Any] = {"ops": n_ops}
    row["compile"], doc = _median(lambda: compile_spec(handoff, api_version="1.0.0"), repeat)
    row["emit_yaml"], text = _median(lambda: emit_yaml(doc), repeat)
    row["emit_json"], _ = _median(lambda: emit_json(doc), repeat)
    row["emit"] = row["emit_yaml"] + row["emit_json"]
    row["artifacts"], _ = _median(lambda: build_artifacts(handoff, doc), repeat)
    try:
        from intentd.check.validate import validate
    except ImportError:  # validation lives in another module; bench what exists
        row["validate"] = None
    else:
        row["validate"], report = _median(lambda: validate(doc, handoff), repeat)
        row["findings"] = len(report.findings)
    row["yaml_kb"] = round(len(text.encode("utf-8")) / 1024)
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def measure_in_child(n_ops: int, repeat: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(n_ops), "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- TypeSpec


def typespec_source(n_ops: int) -> str:
    """The synthetic API of :func:`synthetic_handoff` as TypeSpec (same models and routes)."""
    handoff = synthetic_handoff(n_ops)
    lines = [
        'import "@typespec/http";',
        'import "@typespec/rest";',
        'import "@typespec/openapi";',
        'import "@typespec/openapi3";',
        "using Http;",
        "using OpenAPI;",
        "",
        f'@service(#{{ title: "{handoff.project_name}" }})',
        '@info(#{ version: "1.0.0" })',
        "namespace Synthetic;",
        "",
        "@error model Problem { type: string; title: string; status: int32; detail?: string; }",
        "model Page<T> { items: T[]; page: int32; pageSize: int32; total: int64; }",
        "",
    ]
    types = {
        "string": "string",
        "integer": "int64",
        "number": "float64",
        "boolean": "boolean",
        "date": "plainDate",
        "datetime": "utcDateTime",
    }
    by_entity: dict[str, list[Any]] = {}
    for ep in handoff.api_surface:
        by_entity.setdefault(ep.entity or "", []).append(ep)
    for entity in handoff.entities:
        if entity.name not in by_entity:
            continue
        name = entity.name
        lines.append(f"enum {name}Status {{ draft, active, archived }}")
        lines.append(f'@doc("A {name} record.") model {name} {{')
        for f in entity.fields:
            vis = "@visibility(Lifecycle.Read) " if f.server_set else ""
            opt = "" if f.required else "?"
            if f.type == "enum":
                kind = f"{name}Status"
            elif f.type == "ref":
                kind, f_name = "uuid", f.name + "Id"
                lines.append(f"  {f_name}{opt}: {kind};")
                continue
            elif f.name == "id":
                kind = "uuid"
            else:
                kind = types[f.type]
            extra = "@maxLength(80) " if f.name == "name" else ""
            lines.append(f"  {vis}{extra}{f.name}{opt}: {kind};")
        lines.append("}")
    lines.append('@format("uuid") scalar uuid extends string;')
    for entity_name, eps in by_entity.items():
        feature = eps[0].feature
        lines.append(f'@tag("{feature}") namespace {entity_name}Ops {{')
        for ep in eps:
            op_name = ep.id.replace("-", "_")
            route = ep.path
            if ep.method == "GET" and ep.list:
                sig = (
                    f"(@query page?: int32, @query pageSize?: int32): Page<{entity_name}> | Problem"
                )
                verb = "@get"
            elif ep.method == "POST":
                sig = (
                    f"(@body body: {entity_name}): "
                    f"{{ @statusCode statusCode: 201; @body body: {entity_name} }} | Problem"
                )
                verb = "@post"
            elif ep.method == "GET":
                sig, verb = f"(@path id: uuid): {entity_name} | Problem", "@get"
            elif ep.method == "PATCH":
                sig = (
                    f"(@path id: uuid, @body body: MergePatchUpdate<{entity_name}>): "
                    f"{entity_name} | Problem"
                )
                verb = "@patch(#{ implicitOptionality: false })"
            else:
                sig, verb = "(@path id: uuid): NoContentResponse | Problem", "@delete"
            lines.append(f'  @route("{route}") {verb} op {op_name}{sig};')
        lines.append("}")
    return "\n".join(lines) + "\n"


def _npm_install(prefix: Path, packages: list[str], name: str) -> None:
    prefix.mkdir(parents=True, exist_ok=True)
    package = prefix / "package.json"
    if not package.exists():
        package.write_text(f'{{\n  "name": "{name}",\n  "private": true\n}}\n')
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(prefix),
            "--save-exact",
            "--legacy-peer-deps",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            *packages,
        ],
        check=True,
    )


def ensure_typespec() -> list[str] | None:
    """The command that runs ``tsp``, installing TypeSpec (and Node 22) on first use.

    TypeSpec 1.16 needs Node 22 (it imports ``glob`` from ``fs/promises``); the npm package
    ``node`` ships that runtime as a registry package, so the bench brings its own.
    """
    if shutil.which("npm") is None:
        return None
    tsp = TYPESPEC_DIR / "node_modules" / "@typespec" / "compiler" / "cmd" / "tsp.js"
    if not tsp.exists():
        _npm_install(TYPESPEC_DIR, TYPESPEC_PACKAGES, "intentd-bench-typespec")
    node = NODE_DIR / "node_modules" / ".bin" / "node"
    if not node.exists():
        _npm_install(NODE_DIR, [NODE_PACKAGE], "intentd-bench-node")
    return [str(node), str(tsp)] if tsp.exists() and node.exists() else None


def time_typespec(tsp: list[str], n_ops: int, repeat: int) -> float | None:
    with tempfile.TemporaryDirectory(dir=TYPESPEC_DIR) as tmp:
        main = Path(tmp) / "main.tsp"
        main.write_text(typespec_source(n_ops), encoding="utf-8")
        config = Path(tmp) / "tspconfig.yaml"
        config.write_text(
            'emit:\n  - "@typespec/openapi3"\noptions:\n  "@typespec/openapi3":\n'
            '    openapi-versions:\n      - "3.1.0"\n    file-type: yaml\n',
            encoding="utf-8",
        )
        cmd = [*tsp, "compile", str(main), "--config", str(config)]
        cmd += ["--output-dir", str(Path(tmp) / "out")]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, check=False)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                return None
        return statistics.median(times)


# --------------------------------------------------------------------------- report


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| ops | compile s | emit s (yaml+json) | artifacts s | validate s | compile+emit s "
        "| validated step s | tsp compile s | (compile+emit)/tsp | step/tsp | YAML KB | peak RSS MB |"
    )
    out = [head, "|" + "---|" * 12]
    for r in rows:
        ce = r["compile"] + r["emit"]
        step = ce + r["artifacts"] + (r["validate"] or 0.0)
        tsp = r.get("tsp")
        out.append(
            f"| {r['ops']} | {_fmt(r['compile'])} | {_fmt(r['emit'])} | {_fmt(r['artifacts'])} "
            f"| {_fmt(r['validate'])} | {_fmt(ce)} | {_fmt(step)} | {_fmt(tsp)} "
            f"| {'–' if not tsp else f'{ce / tsp:.2f}×'} | {'–' if not tsp else f'{step / tsp:.2f}×'} "
            f"| {r['yaml_kb']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(out)


def write_markdown(path: Path, text: str) -> None:
    """Replace this bench's section (between its markers) and leave every other one alone."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{text.rstrip()}\n{END}\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + block + old[old.index(END) + len(END) :].lstrip("\n")
    elif SECTION in old:  # an unmarked section from an earlier run: up to the next section
        start = old.index(SECTION)
        rest = old[start:]
        ends = [i for i in (rest.find("\n<!--"), rest.find("\n## ", 1)) if i >= 0]
        tail = rest[min(ends) + 1 :] if ends else ""
        new = old[:start] + block + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--typespec", action="store_true")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeat)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    tsp = ensure_typespec() if args.typespec else None
    rows = []
    for n in sizes:
        row = measure_in_child(n, args.repeat)
        if tsp is not None:
            row["tsp"] = time_typespec(tsp, n, max(1, min(args.repeat, 3)))
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    text = table(rows)
    print(text)
    if args.markdown:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load}"
        body = (
            f"{SECTION}\n\n`python bench/bench_specgen.py --typespec --markdown "
            f"{args.markdown}` on {machine}; medians of {args.repeat} runs, each size in its "
            "own process. Synthetic API: CRUD over `ops / 5` entities of 10 fields "
            "(tests/helpers/specgen_fixtures.py `synthetic_handoff`), the same models and routes "
            "written as TypeSpec for `tsp compile` (@typespec/* 1.16.0, OpenAPI 3.1 emitter). "
            "The validated step is compile + emit + artifacts + validate; planning is timed "
            "by bench/bench_build.py. TypeSpec 1.16 needs Node 22, which the bench installs "
            "from npm (`node@22`) into .tools/node22. Targets at 1000 operations (issue #3): "
            "compile + emit ≤ 0.5× tsp, validated step ≤ 1.0× tsp.\n\n"
            f"{text}\n"
        )
        write_markdown(args.markdown, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
