"""How close a contract built from an API's prose comes to the API's published OpenAPI.

    python bench/fidelity.py [--no-write] [case …]

Each case in ``tests/cases/<case>/`` holds an intent written from public API documentation
prose and, in ``reference/``, the API's published OpenAPI. The case is built as the golden
tests build it (the offline planner, then the SpecGenerator) and compared with the reference:

- **operations**: reference operations whose method and path shape the contract has. A path
  shape drops server base paths (the servers' URL paths and any leading ``/api``, ``/v1``,
  ``/v2`` …) and writes every path parameter as ``{}`` — ``/v1/customers/{customer}`` and
  ``/customers/{customerId}`` are the same shape.
- **fields**: for each matched operation, the property names of the request body's item
  schema and of the success response's item schema. Items are found envelope- and
  wrapper-independently: a one-object wrapper (``{article: {…}}``) and a list envelope
  (``{items|data|<name>: […], <count, links, meta, paging…>}``, ``allOf`` parts merged) are
  unwrapped to the object inside; ``$ref`` is resolved; ``allOf``/``anyOf``/``oneOf`` branches
  merge their properties. A request counts properties that are not ``readOnly``, a response
  those that are not ``writeOnly``. Nested objects count once, by their own name at the top
  level of the item (``address`` is one field whatever it holds). A field is found when the
  contract's matching side has a property of exactly that name.
- **query parameters**: for each matched operation, the reference's query parameter names
  (operation and path-item level, ``$ref`` resolved) found by name on the contract's.
- **status**: the share of matched operations whose lowest 2xx response code agrees.
- **hand-written**: the share of the hand-off's ``api_surface`` entries whose source line is
  an explicit endpoint — a Markdown ``- METHOD /path …`` line or an item of a YAML
  ``api_surface``/``endpoints`` list — rather than inferred from ``Manages:``/``Toggles:``/….

Bar per case (issue 10): 100 % operations, ≥ 95 % fields, ≥ 90 % query parameters, ≤ 25 %
hand-written. The table goes to docs/benchmarks.md, section ``fidelity``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "cases"
CASES = ("realworld-conduit", "stripe-customers", "digitalocean-domains")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
BAR = {"operations": 1.0, "fields": 0.95, "query": 0.90, "hand_written": 0.25}

Spec = dict[str, Any]
Node = Any

_VERSION_SEGMENT = re.compile(r"^(api|v[0-9]+(\.[0-9]+)*)$")
_ENDPOINT_LINE = re.compile(r"^\s*[-*+]\s+(GET|POST|PUT|PATCH|DELETE)\s+/")
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")
_ENVELOPE_META = re.compile(
    r"^(links|meta|has_?more|total|count|url|object|page|page_?size|per_?page|offset|limit|"
    r"next_?cursor|next_?page|prev(ious)?_?cursor|.+_?count)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Ratio:
    """``hit`` of ``total``; an empty total counts as complete."""

    hit: int
    total: int

    @property
    def value(self) -> float:
        return 1.0 if self.total == 0 else self.hit / self.total

    def percent(self) -> str:
        return f"{self.value * 100:.1f}% ({self.hit}/{self.total})"


@dataclass
class Fidelity:
    case: str
    operations: Ratio
    fields: Ratio
    query: Ratio
    status: Ratio
    hand_written: Ratio
    missing: dict[str, list[str]] = field(default_factory=dict)

    def failures(self) -> list[str]:
        """What misses the bar, in words (empty when the case meets it)."""
        out = []
        if self.operations.value < BAR["operations"]:
            out.append(f"operations {self.operations.percent()} < 100%")
        if self.fields.value < BAR["fields"]:
            out.append(f"fields {self.fields.percent()} < 95%")
        if self.query.value < BAR["query"]:
            out.append(f"query parameters {self.query.percent()} < 90%")
        if self.hand_written.value > BAR["hand_written"]:
            out.append(f"hand-written {self.hand_written.percent()} > 25%")
        return out


# ---------------------------------------------------------------- references and shapes


def resolve(spec: Spec, node: Node, depth: int = 0) -> Node:
    """Follow local ``$ref`` chains (``#/components/…``) to the node they name."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 50:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return {}
        target: Node = spec
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node, depth = target, depth + 1
    return node


def base_paths(spec: Spec) -> list[str]:
    """The URL paths of the spec's servers (``https://x/api`` → ``/api``), longest first."""
    out = []
    for server in spec.get("servers") or []:
        url = str(server.get("url", "")) if isinstance(server, dict) else ""
        path = re.sub(r"^[a-z]+://[^/]*", "", url).rstrip("/")
        if path:
            out.append(path)
    return sorted(out, key=len, reverse=True)


def path_shape(path: str, bases: Sequence[str] = ()) -> str:
    """``/v1/customers/{customer}`` → ``/customers/{}``: base path off, parameters blank."""
    for base in bases:
        if path == base or path.startswith(base + "/"):
            path = path[len(base) :]
            break
    parts = [p for p in path.split("/") if p]
    while parts and _VERSION_SEGMENT.match(parts[0]):
        parts.pop(0)
    return "/" + "/".join("{}" if p.startswith("{") and p.endswith("}") else p for p in parts)


def operations(spec: Spec) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """``(METHOD, shape)`` → ``(operation, path item)``."""
    bases = base_paths(spec)
    out = {}
    for path, item in (spec.get("paths") or {}).items():
        item = resolve(spec, item)
        for method in METHODS:
            if isinstance(item.get(method), dict):
                out[(method.upper(), path_shape(path, bases))] = (item[method], item)
    return out


# ---------------------------------------------------------------- schemas and fields


def merged(spec: Spec, schema: Node, depth: int = 0) -> dict[str, Any]:
    """The schema with ``$ref`` resolved and ``allOf``/``anyOf``/``oneOf`` properties merged."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > 20:
        return {}
    out = {k: v for k, v in schema.items() if k not in ("allOf", "anyOf", "oneOf")}
    props = dict(out.get("properties") or {})
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            part = merged(spec, branch, depth + 1)
            for name, prop in (part.get("properties") or {}).items():
                props.setdefault(name, prop)
            if "items" in part and "items" not in out:
                out["items"] = part["items"]
            if part.get("type") and "type" not in out:
                out["type"] = part["type"]
    if props:
        out["properties"] = props
    return out


def _is_array(spec: Spec, schema: Node) -> bool:
    node = merged(spec, schema)
    kind = node.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in node


def _has_properties(spec: Spec, schema: Node) -> bool:
    return bool(merged(spec, schema).get("properties"))


def item_schema(spec: Spec, schema: Node) -> dict[str, Any]:
    """The object an answer or a body is about: list envelopes and one-object wrappers off."""
    node = merged(spec, schema)
    for _ in range(4):
        if _is_array(spec, node):
            node = merged(spec, node.get("items") or {})
            continue
        props = node.get("properties") or {}
        arrays = [n for n, p in props.items() if _is_array(spec, p)]
        rest = [n for n in props if n not in arrays and not _ENVELOPE_META.match(n)]
        if len(arrays) == 1 and not rest:
            node = merged(spec, props[arrays[0]])
            continue
        if len(props) == 1 and not arrays and _has_properties(spec, next(iter(props.values()))):
            node = merged(spec, next(iter(props.values())))
            continue
        break
    return node


def field_names(spec: Spec, schema: Node, side: str) -> set[str]:
    """Top-level property names of the item: requests skip readOnly, responses writeOnly."""
    hidden = "readOnly" if side == "request" else "writeOnly"
    props = item_schema(spec, schema).get("properties") or {}
    return {n for n, p in props.items() if not merged(spec, p).get(hidden)}


def _content_schema(spec: Spec, holder: Node) -> Node:
    content = (resolve(spec, holder) or {}).get("content") or {}
    if not content:
        return None
    for media, body in content.items():
        if "json" in media:
            return body.get("schema")
    return next(iter(content.values())).get("schema")


def success_code(op: dict[str, Any]) -> str | None:
    codes = sorted(c for c in (op.get("responses") or {}) if str(c).startswith("2"))
    return str(codes[0]) if codes else None


def request_fields(spec: Spec, op: dict[str, Any]) -> set[str]:
    schema = _content_schema(spec, op.get("requestBody"))
    return field_names(spec, schema, "request") if schema is not None else set()


def response_fields(spec: Spec, op: dict[str, Any]) -> set[str]:
    code = success_code(op)
    if code is None:
        return set()
    schema = _content_schema(spec, op["responses"][code])
    return field_names(spec, schema, "response") if schema is not None else set()


def query_names(spec: Spec, op: dict[str, Any], item: dict[str, Any]) -> set[str]:
    params = [*(item.get("parameters") or []), *(op.get("parameters") or [])]
    return {
        str(p.get("name"))
        for p in (resolve(spec, x) for x in params)
        if isinstance(p, dict) and p.get("in") == "query"
    }


# ---------------------------------------------------------------- comparison


def compare(reference: Spec, generated: Spec) -> tuple[Ratio, Ratio, Ratio, Ratio, dict]:
    """Operation, field, query-parameter and status agreement of ``generated`` with
    ``reference``, and what is missing (``operations``, ``fields``, ``query``)."""
    ref_ops, gen_ops = operations(reference), operations(generated)
    matched = [key for key in ref_ops if key in gen_ops]
    missing: dict[str, list[str]] = {
        "operations": [f"{m} {p}" for m, p in ref_ops if (m, p) not in gen_ops],
        "fields": [],
        "query": [],
    }
    counts = {"fields": [0, 0], "query": [0, 0], "status": [0, 0]}
    for key in matched:
        (rop, ritem), (gop, gitem) = ref_ops[key], gen_ops[key]
        label = f"{key[0]} {key[1]}"
        for side, get in (("request", request_fields), ("response", response_fields)):
            want, have = get(reference, rop), get(generated, gop)
            _tally(counts["fields"], missing["fields"], want, have, f"{label} {side}")
        want, have = query_names(reference, rop, ritem), query_names(generated, gop, gitem)
        _tally(counts["query"], missing["query"], want, have, label)
        counts["status"][1] += 1
        counts["status"][0] += success_code(rop) == success_code(gop)
    ops = Ratio(len(matched), len(ref_ops))
    fields, query, status = (Ratio(*counts[k]) for k in ("fields", "query", "status"))
    return ops, fields, query, status, missing


def _tally(count: list[int], misses: list[str], want: set[str], have: set[str], label: str) -> None:
    count[0] += len(want & have)
    count[1] += len(want)
    misses.extend(f"{label}: {name}" for name in sorted(want - have))


def _top_key_at(lines: list[str], line: int) -> str | None:
    """The top-level YAML key whose block holds line ``line`` (1-based)."""
    for text in reversed(lines[:line]):
        match = _TOP_KEY.match(text)
        if match:
            return match.group(1)
    return None


def is_explicit(root: Path, source: str) -> bool:
    """Whether a hand-off ``source`` (``intent/x.md:12``) is an explicit endpoint line."""
    path, _, number = source.rpartition(":")
    file = root / path
    if not file.is_file() or not number.isdigit():
        return False
    lines = file.read_text(encoding="utf-8").splitlines()
    line = int(number)
    if not 1 <= line <= len(lines):
        return False
    if file.suffix in (".yaml", ".yml"):
        return _top_key_at(lines, line) in ("api_surface", "endpoints")
    return bool(_ENDPOINT_LINE.match(lines[line - 1]))


def hand_written(root: Path, surface: list[dict[str, Any]]) -> Ratio:
    return Ratio(sum(is_explicit(root, str(e.get("source", ""))) for e in surface), len(surface))


# ---------------------------------------------------------------- cases


def load_reference(case: Path) -> Spec:
    for name in ("openapi.yaml", "openapi.yml", "openapi.json"):
        file = case / "reference" / name
        if file.is_file():
            text = file.read_text(encoding="utf-8")
            if file.suffix == ".json":
                return dict(json.loads(text))
            import yaml

            return dict(yaml.safe_load(text))
    raise FileNotFoundError(f"{case}/reference/openapi.(yaml|json) is missing")


def build(case: Path) -> tuple[list[dict[str, Any]], Spec]:
    """The case's hand-off ``api_surface`` (as data) and its compiled contract."""
    from intentd import handoff, specgen
    from intentd.intent import read_bundle
    from intentd.planner.offline.planner import OfflinePlanner

    plan = OfflinePlanner().plan(read_bundle(case), None, ())
    version = plan.api_info.version or specgen.FIRST_VERSION
    spec = specgen.compile_spec(plan, api_version=version)
    data = handoff.to_data(plan)
    return list(data["api_surface"]), dict(spec)


def measure(case: Path) -> Fidelity:
    surface, generated = build(case)
    ops, fields, query, status, missing = compare(load_reference(case), generated)
    return Fidelity(case.name, ops, fields, query, status, hand_written(case, surface), missing)


def table(rows: list[Fidelity | tuple[str, str]]) -> str:
    head = (
        "| case | operations | fields | query parameters | success status | hand-written | bar |\n"
        "|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for row in rows:
        if isinstance(row, tuple):
            lines.append(f"| {row[0]} | does not build: {row[1]} | | | | | no |")
            continue
        bar = "yes" if not row.failures() else "no"
        cells = (row.operations, row.fields, row.query, row.status, row.hand_written)
        lines.append(f"| {row.case} | " + " | ".join(c.percent() for c in cells) + f" | {bar} |")
    return "\n".join(lines)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return (text[:160] + "…") if len(text) > 160 else text


def run(names: list[str]) -> tuple[list[Fidelity | tuple[str, str]], list[str]]:
    rows: list[Fidelity | tuple[str, str]] = []
    notes = []
    for name in names:
        try:
            result = measure(CASES_DIR / name)
        except Exception as error:  # a case that does not build is a row, not a crash
            rows.append((name, _one_line(error).replace("|", "\\|")))
            continue
        rows.append(result)
        for kind, items in result.missing.items():
            if items:
                shown = ", ".join(items[:8]) + (
                    f", … ({len(items)} in all)" if len(items) > 8 else ""
                )
                notes.append(f"- {name}, missing {kind}: {shown}")
    return rows, notes


def section(rows: list[Fidelity | tuple[str, str]], notes: list[str]) -> str:
    return (
        "`python bench/fidelity.py`: each case's intent was written from public API documentation "
        "prose (tests/cases/<case>/SOURCE.md names the API, the texts, the commit and the licence) and "
        "built with the offline planner and the SpecGenerator; the contract is compared with the API's "
        "published OpenAPI (`reference/`). Operations by method and path shape (base paths such as "
        "`/api`, `/v1`, `/v2` and parameter names ignored); fields are the top-level property names of "
        "the request and response items of matched operations, envelopes and wrappers unwrapped, "
        "`$ref`/`allOf`/`anyOf` resolved, a nested object counting once by its name; query parameters by "
        "name; success status = the lowest 2xx agrees; hand-written = api_surface entries whose source "
        "is an explicit endpoint line. Bar: 100% operations, ≥95% fields, ≥90% query parameters, ≤25% "
        "hand-written (tests/test_fidelity.py asserts it).\n\n"
        + table(rows)
        + (
            "\n\nWhat the references have that the contracts lack:\n\n" + "\n".join(notes)
            if notes
            else ""
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", default=list(CASES))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    rows, notes = run(args.cases)
    body = section(rows, notes)
    print(body)
    if not args.no_write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from docs_section import write_section

        write_section("fidelity", "Fidelity to published APIs", body)
    met = all(isinstance(r, Fidelity) and not r.failures() for r in rows)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
