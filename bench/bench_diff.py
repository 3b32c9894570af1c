"""Time intentd's contract diff on two synthetic 1000-operation OpenAPI 3.1 contracts.

    python bench/bench_diff.py [--ops 1000] [--repeat 7]

Each entity gets list/create/get/delete operations over $ref'd schemas (with a recursive
`parent` link, as a self-reference would compile); the "new" side edits about 5% of the
entities in ways that hit the main checks. Loading is excluded: `diff` gets parsed dicts.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from docs_section import write_section

from intentd.diff import diff


def entity(i: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "readOnly": True},
            "name": {"type": "string", "minLength": 1, "maxLength": 120},
            "status": {"type": "string", "enum": ["draft", "active", "archived"]},
            "count": {"type": "integer", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "note": {"type": ["string", "null"], "description": f"note of entity {i}"},
            "createdAt": {"type": "string", "format": "date-time", "readOnly": True},
            "parent": {"$ref": f"#/components/schemas/E{i}"},
        },
    }


def contract(ops: int) -> dict[str, Any]:
    entities = ops // 4
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Problem": {
            "type": "object",
            "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
        }
    }
    problem = {
        "description": "invalid",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    for i in range(entities):
        ref = {"$ref": f"#/components/schemas/E{i}"}
        schemas[f"E{i}"] = entity(i)
        body = {"application/json": {"schema": ref}}
        paths[f"/e{i}"] = {
            "get": {
                "operationId": f"listE{i}",
                "tags": [f"t{i % 10}"],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"type": "array", "items": ref}}
                        },
                    },
                    "422": problem,
                },
            },
            "post": {
                "operationId": f"createE{i}",
                "requestBody": {"required": True, "content": body},
                "responses": {"201": {"description": "created", "content": body}, "422": problem},
            },
        }
        paths[f"/e{i}/{{id}}"] = {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "operationId": f"getE{i}",
                "responses": {"200": {"description": "ok", "content": body}, "404": problem},
            },
            "delete": {"operationId": f"deleteE{i}", "responses": {"204": {"description": "gone"}}},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "bench", "version": "1.0.0"},
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def edited(doc: dict[str, Any], share: float = 0.05) -> dict[str, Any]:
    new = copy.deepcopy(doc)
    schemas, paths = new["components"]["schemas"], new["paths"]
    n = sum(1 for k in schemas if k.startswith("E"))
    step = max(1, int(1 / share))
    for i in range(0, n, step):
        props = schemas[f"E{i}"]["properties"]
        kind = (i // step) % 5
        if kind == 0:
            props["status"]["enum"].append("deleted")  # response enum widened
        elif kind == 1:
            props.pop("count")  # property removed
        elif kind == 2:
            props["name"]["maxLength"] = 80  # tightened
        elif kind == 3:
            paths[f"/e{i}/{{id}}"].pop("delete")  # operation removed
        else:
            paths[f"/e{i}/{{id}}"]["put"] = {
                "operationId": f"replaceE{i}",
                "responses": {"204": {"description": "ok"}},
            }
    return new


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args()
    old = contract(args.ops)
    same = copy.deepcopy(old)
    new = edited(old)
    heavy = edited(old, share=1.0)
    ops = sum(len([m for m in item if m != "parameters"]) for item in old["paths"].values())
    size = len(json.dumps(old)) // 1024
    head = (
        f"`python bench/bench_diff.py`: `intentd.diff.diff` on a synthetic contract of {ops} "
        f"operations, {len(old['components']['schemas'])} schemas, {size} KiB JSON; "
        f"median of {args.repeat} runs, CPython {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs.\n"
    )
    rows = ["| case | changes | median | min | max |", "|---|---|---|---|---|"]
    for name, other in (
        ("identical", same),
        ("5% of entities edited", new),
        ("every entity edited", heavy),
    ):
        changes = diff(old, other)
        times = timed(lambda other=other: diff(old, other), args.repeat)  # type: ignore[misc]
        rows.append(
            f"| {name} | {len(changes)} | {statistics.median(times) * 1000:.0f} ms "
            f"| {min(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms |"
        )
    body = head + "\n" + "\n".join(rows) + "\n"
    print(body)
    if not args.no_docs:
        write_section("diff", "Semantic diff", body)


if __name__ == "__main__":
    main()
