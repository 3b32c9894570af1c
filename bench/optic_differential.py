"""Differential test of intentd's contract diff against Optic (@useoptic/optic 1.0.9).

    python bench/optic_differential.py write-cases   # tests/diffcases/<name>/{old,new}.yaml
    python bench/optic_differential.py run           # run Optic, record, write the report
    python bench/optic_differential.py report        # rewrite the report from the recordings

``run`` records Optic's verdict in tests/diffcases/<name>/optic.json (what
tests/consumers/test_optic.py checks against, so the test needs no Node) and writes
docs/diff-vs-optic.md. Optic lives in .tools/optic:

    npm install --prefix .tools/optic @useoptic/optic@1.0.9

1.0.9 as published crashes at start-up (ajv-errors compiled by a second copy of ajv); pin a
single ajv with ``"overrides": {"ajv": "8.20.0"}`` in .tools/optic/package.json and reinstall.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from intentd.diff import diff, summarize
from intentd.yamlio import dumps

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "diffcases"
OPTIC = ROOT / ".tools" / "optic" / "node_modules" / ".bin" / "optic"
REPORT = ROOT / "docs" / "diff-vs-optic.md"

# Why the two tools disagree, per case (every disagreement must have an entry;
# tests/consumers/test_optic.py checks that). Optic 1.0.9's `breaking-changes` ruleset has 13 rules:
# operation removal, status code removal, new required parameter, parameter made required,
# parameter / request property / response property type change, request property made
# required, response property removed or made optional, enums, and union narrowing/expanding.
_NO_CONSTRAINTS = (
    "Optic's ruleset has no rule for length/range/item-count constraints; oasdiff classes a "
    "tighter request or a wider response as ERR, and intentd follows it"
)
_SECURITY = (
    "intentd classes security that an existing client no longer satisfies as breaking "
    "(DESIGN.md: auth added → major; oasdiff only reports it as INFO); Optic has no security rule"
)
_REQUEST_REMOVAL = (
    "oasdiff reports removing a request {} as WARN, which intentd counts as breaking (a client "
    "still sending it may be rejected or silently ignored); Optic does not check request removals"
)
EXPLAIN: dict[str, str] = {
    "deprecated-op-removed": (
        "DESIGN.md: removing an operation marked deprecated is not breaking (oasdiff "
        "api-removed-with-deprecation, INFO); Optic's 'prevent operation removal' ignores "
        "`deprecated` and also flags the removed operation's 204"
    ),
    "non-success-status-removed": (
        "oasdiff classes removing a non-2xx status as INFO (response-non-success-status-removed): "
        "clients keep working, the server documents one error less; Optic flags any status removal"
    ),
    "operation-id-changed": (
        "intentd raises api-operation-id-removed to breaking because generated SDK method names "
        "change; Optic (like oasdiff) treats operationId as documentation"
    ),
    "path-param-renamed": (
        "intentd-only rule: identical on the wire, but clients generated with "
        "useSingleRequestParameter rename the argument; Optic (like oasdiff) matches paths "
        "regardless of parameter names and reports nothing"
    ),
    "param-max-decreased": _NO_CONSTRAINTS,
    "request-max-items-decreased": _NO_CONSTRAINTS,
    "request-max-length-decreased": _NO_CONSTRAINTS,
    "request-min-length-increased": _NO_CONSTRAINTS,
    "response-max-length-increased": _NO_CONSTRAINTS,
    "request-pattern-added": (
        "oasdiff request-property-pattern-added is ERR (values that passed may now be rejected); "
        "Optic has no pattern rule"
    ),
    "request-pattern-changed": (
        "oasdiff request-property-pattern-changed is WARN, counted as breaking; Optic has no "
        "pattern rule"
    ),
    "request-property-format-added": (
        "oasdiff reports a new `format` on a request property as request-property-type-changed "
        "(ERR); Optic's type rules compare `type` only"
    ),
    "param-removed": _REQUEST_REMOVAL.format("parameter"),
    "request-property-removed": _REQUEST_REMOVAL.format("property"),
    "request-body-added-required": (
        "oasdiff request-body-added-required is ERR (existing calls without a body fail); Optic "
        "has no rule about request body presence"
    ),
    "request-body-became-required": (
        "oasdiff request-body-became-required is ERR; Optic has no rule about request body presence"
    ),
    "request-media-type-replaced": (
        "oasdiff request-body-media-type-removed is ERR (clients sending JSON are refused); Optic "
        "compares bodies per content type but has no rule for a removed request content type"
    ),
    "required-response-header-removed": (
        "oasdiff required-response-header-removed is ERR; Optic's ruleset has no header rules"
    ),
    "response-property-became-nullable-anyof": (
        "`anyOf: [{type: string}, {type: 'null'}]` is nullability; intentd normalises it and "
        "reports response-property-became-nullable (ERR). Optic's type rules read only `type` "
        "(the `type: [string, 'null']` form is caught by both: see "
        "response-property-became-nullable-type)"
    ),
    "security-added": _SECURITY,
    "security-scope-added": _SECURITY,
    "security-alternative-dropped": _SECURITY,
    "security-scheme-type-changed": (
        "intentd raises a changed security scheme type (bearer → API key) to breaking: every "
        "client's credentials stop working; oasdiff reports it as INFO and Optic not at all"
    ),
}


# Issue 10 (tests/diff/table_shapes.py): parameters, envelopes, statuses, headers, keys, maps.
_NO_HEADER_RULES = (
    "oasdiff {} is {}, which intentd counts as breaking (a client reading the header "
    "breaks); Optic's ruleset has no response header rules"
)
_MAPS = (
    "oasdiff compares `additionalProperties` (a map's values) like a property schema and "
    "classes by the request/response asymmetry ({}); Optic 1.0.9 does not look into "
    "`additionalProperties` and reports nothing"
)
_ARRAY_ITEMS = (
    "oasdiff reports a changed array `items` type as {}-property-type-changed (ERR); "
    "Optic 1.0.9's type rules did not fire for a list's item type here (string → {})"
)
EXPLAIN.update(
    {
        "error-header-removed": _NO_HEADER_RULES.format(
            "optional-response-header-removed (on a 429's Retry-After)", "WARN"
        ),
        "error-status-replaced": (
            "oasdiff classes error statuses added or removed as INFO "
            "(response-non-success-status-removed/-added): a 422 that becomes a 400 is still an "
            "error to every client; Optic flags any status removal"
        ),
        "header-param-name-case-changed": (
            "HTTP header names are case-insensitive (RFC 9110 §5.1; OpenAPI says the same of header "
            "parameters), so intentd matches them that way and sees only a respelling (patch); "
            "Optic compares names exactly and reports a new required header"
        ),
        "header-param-removed": (
            "oasdiff reports removing a request parameter as WARN, which intentd counts as breaking "
            "(a client still sending it may be rejected or silently ignored); Optic does not check "
            "request removals"
        ),
        "param-moved-to-header": (
            "a query parameter replaced by a header: oasdiff reports request-parameter-removed "
            "(WARN, counted as breaking: clients still send the query parameter and no header); "
            "Optic does not check request removals"
        ),
        "map-value-type-changed": _MAPS.format("request-property-type-changed, ERR"),
        "response-map-value-type-changed": _MAPS.format("response-property-type-changed, ERR"),
        "response-map-values-untyped": _MAPS.format(
            "values of any type where a client expected strings: a wider response, breaking"
        ),
        "request-map-values-typed": _MAPS.format(
            "values now restricted to one schema: a narrower request, breaking"
        ),
        "optional-response-header-removed": _NO_HEADER_RULES.format(
            "optional-response-header-removed", "WARN"
        ),
        "response-header-became-optional": _NO_HEADER_RULES.format(
            "response-header-became-optional", "ERR"
        ),
        "response-header-type-changed": _NO_HEADER_RULES.format(
            "response-header-type-changed", "ERR"
        ),
        "param-default-changed": (
            "oasdiff v1.28 (pinned) classes request-parameter-default-value-changed as ERR: a client "
            "relying on the default now gets 50 items a page instead of 20 (oasdiff 1.30 lowered it); "
            "Optic has no rule for defaults"
        ),
        "path-key-id-to-slug": (
            "`{id}` (uuid) → `{slug}`: intentd reports the rename (generated clients rename the "
            "argument) and a URL that now takes a slug, not the id a client holds; oasdiff and Optic "
            "match paths regardless of parameter names and see only the dropped `format: uuid`"
        ),
        "scalar-list-item-type-changed": _ARRAY_ITEMS.format("request", "integer"),
        "scalar-list-to-object-list": _ARRAY_ITEMS.format("response", "object"),
    }
)


def _table() -> tuple[dict[str, Any], dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("table", ROOT / "tests" / "diff" / "table.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BASE, module.CASES


def write_cases() -> None:
    base, cases = _table()
    for name, (edit_old, edit_new, _) in sorted(cases.items()):
        old, new = copy.deepcopy(base), copy.deepcopy(base)
        edit_old(old)
        edit_new(new)
        folder = CASES_DIR / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "old.yaml").write_text(dumps(old))
        (folder / "new.yaml").write_text(dumps(new))
    print(f"wrote {len(cases)} cases to {CASES_DIR}")


def _load(path: Path) -> dict[str, Any]:
    from intentd.yamlio import loads

    data = loads(path.read_text(), str(path))
    assert isinstance(data, dict)
    return data


def run_optic(folder: Path) -> dict[str, Any]:
    # Telemetry off; not CI=1, which makes Optic drop ci-run-details.json into its cwd.
    # It runs in a scratch copy so nothing is written beside the cases.
    env = {**os.environ, "OPTIC_TELEMETRY_LEVEL": "off"}
    env.pop("CI", None)
    with tempfile.TemporaryDirectory(prefix="optic-") as scratch:
        for name in ("old.yaml", "new.yaml"):
            shutil.copyfile(folder / name, Path(scratch) / name)
        started = time.perf_counter()
        proc = subprocess.run(
            [str(OPTIC), "diff", "old.yaml", "new.yaml", "--check"],
            cwd=scratch,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        seconds = time.perf_counter() - started
    out = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    findings = [m.strip() for m in re.findall(r"^\s*x (\[.*)$", out, re.M)]
    checks = re.search(r"Checks: (\d+)/(\d+) passed", out)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not findings):
        return {"error": out.strip()[-2000:], "returncode": proc.returncode}
    return {
        "breaking": proc.returncode == 1,
        "findings": findings,
        "checks": checks.group(0) if checks else "",
        "seconds": round(seconds, 2),
    }


def run() -> int:
    if not OPTIC.exists():
        print(f"Optic is not installed at {OPTIC}", file=sys.stderr)
        return 1
    rows = []
    for folder in sorted(p for p in CASES_DIR.iterdir() if (p / "old.yaml").exists()):
        ours = diff(_load(folder / "old.yaml"), _load(folder / "new.yaml"))
        optic = run_optic(folder)
        optic["explanation"] = EXPLAIN.get(folder.name, "")
        (folder / "optic.json").write_text(json.dumps(optic, indent=2, sort_keys=True) + "\n")
        rows.append((folder.name, ours, optic))
        print(folder.name, any(c.klass == "breaking" for c in ours), optic.get("breaking"))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(_report(rows))
    print(f"wrote {REPORT}")
    return 0


def _verdict(breaking: bool | None) -> str:
    return "error" if breaking is None else "breaking" if breaking else "not breaking"


def _median_seconds(rows: list[tuple[str, list[Any], dict[str, Any]]]) -> str:
    seconds = sorted(float(optic.get("seconds", 0)) for _, _, optic in rows)
    return f"{seconds[len(seconds) // 2]:.1f}" if seconds else "?"


def _report(rows: list[tuple[str, list[Any], dict[str, Any]]]) -> str:
    agree = sum(
        1
        for _, ours, optic in rows
        if optic.get("breaking") == any(c.klass == "breaking" for c in ours)
    )
    stricter = sum(
        1
        for _, ours, optic in rows
        if optic.get("breaking") is False and any(c.klass == "breaking" for c in ours)
    )
    lines = [
        "# intentd's contract diff vs Optic",
        "",
        "Generated by `bench/optic_differential.py run` (do not edit by hand; the explanations",
        "live in that script). Optic `@useoptic/optic@1.0.9`, `optic diff old.yaml new.yaml --check`",
        "with its default `breaking-changes` ruleset; a failing check (exit 1) counts as breaking.",
        "intentd: breaking when any change is classed breaking (oasdiff WARN included).",
        "",
        f"**{agree} of {len(rows)} pairs agree** on breaking vs not breaking; intentd is "
        f"stricter in {stricter}, Optic in {len(rows) - agree - stricter}. Every disagreement "
        "is explained below: Optic's `breaking-changes` ruleset has 13 rules and no checks for "
        "constraints, patterns, formats, security, request bodies, request media types or "
        "response headers, nor for deprecation before removal.",
        "",
        "Running Optic 1.0.9 here: as published it crashes at start-up (`SyntaxError: Unexpected "
        "token ':'` from ajv: `ajv-errors` generates code with the top-level ajv 8.17.1 while "
        "`@stoplight/spectral-core` compiles it with its own ajv 8.20.0). Pinning one ajv with "
        '`"overrides": {"ajv": "8.20.0"}` in `.tools/optic/package.json` and reinstalling fixes '
        f"it. Telemetry is off (`OPTIC_TELEMETRY_LEVEL=off`); Optic took {_median_seconds(rows)} s "
        "per pair (median, 2-vCPU machine), intentd's diff a few milliseconds.",
        "",
        "| case | intentd | Optic | agree | intentd summary |",
        "|---|---|---|---|---|",
    ]
    for name, ours, optic in rows:
        mine = any(c.klass == "breaking" for c in ours)
        theirs = optic.get("breaking")
        mark = "yes" if theirs == mine else "**no**"
        lines.append(
            f"| `{name}` | {_verdict(mine)} | {_verdict(theirs)} | {mark} | {summarize(ours)} |"
        )
    lines += ["", "## Disagreements", ""]
    for name, ours, optic in rows:
        mine = any(c.klass == "breaking" for c in ours)
        if optic.get("breaking") == mine:
            continue
        rules = ", ".join(sorted({f"`{c.rule}` ({c.klass})" for c in ours})) or "no change"
        found = "; ".join(optic.get("findings") or []) or optic.get("error", "")[:300] or "nothing"
        lines += [
            f"### `{name}`",
            "",
            f"- intentd: {_verdict(mine)} — {rules}",
            f"- Optic: {_verdict(optic.get('breaking'))} — {found}",
            f"- Why: {optic.get('explanation') or 'UNEXPLAINED'}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def report() -> int:
    """Rewrite the explanations and the report from the recorded verdicts (no Optic needed)."""
    rows = []
    for folder in sorted(p for p in CASES_DIR.iterdir() if (p / "optic.json").exists()):
        optic = json.loads((folder / "optic.json").read_text())
        optic["explanation"] = EXPLAIN.get(folder.name, "")
        (folder / "optic.json").write_text(json.dumps(optic, indent=2, sort_keys=True) + "\n")
        rows.append(
            (
                folder.name,
                diff(_load(folder / "old.yaml"), _load(folder / "new.yaml")),
                optic,
            )
        )
    REPORT.write_text(_report(rows))
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command == "write-cases":
        write_cases()
        sys.exit(0)
    sys.exit(report() if command == "report" else run())
