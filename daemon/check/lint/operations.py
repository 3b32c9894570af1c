"""Lint rules on each operation: its operationId, summary and description, its responses,
and its parameters."""

from __future__ import annotations

import re
from typing import Any

from ...openapi.pointer import pointer, resolve
from ...openapi.walk import Path, iter_operations, list_items
from .rules import Out

_URL_SAFE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*$")


def check_operations(doc: dict[str, Any], out: Out) -> None:
    ids: dict[str, Path] = {}
    for _key, _method, op, at in iter_operations(doc):
        _operation_id(op.get("operationId"), at, ids, out)
        _documented(op, at, out)
        _responses(op, at, out)
        _parameters(doc, op, at, out)


def _operation_id(oid: Any, at: Path, ids: dict[str, Path], out: Out) -> None:
    if not oid:
        out("operation-operationId", at, "the operation must have an operationId")
        return
    if not isinstance(oid, str):
        return
    where = (*at, "operationId")
    if oid in ids:
        out(
            "operation-operationId-unique",
            where,
            f"operationId '{oid}' is also used at {pointer(ids[oid])}",
        )
    else:
        ids[oid] = at
    if not _URL_SAFE.match(oid):
        out(
            "operation-operationId-url-safe",
            where,
            f"operationId '{oid}' has characters that are invalid in a URL",
        )


def _documented(op: dict[str, Any], at: Path, out: Out) -> None:
    if not op.get("summary"):
        out("operation-summary", at, "the operation must have a summary")
    if not op.get("description"):
        out("operation-description", at, "the operation must have a description")


def _responses(op: dict[str, Any], at: Path, out: Out) -> None:
    codes = [str(c) for c in op.get("responses") or {}]
    if not any(re.fullmatch(r"2[0-9Xx]{2}", c) for c in codes):
        out("operation-success-response", at, "the operation must have a 2xx response")
    if not any(re.fullmatch(r"4[0-9Xx]{2}", c) for c in codes):
        out("operation-4xx-response", at, "the operation must have a 4xx response")


def _parameters(doc: dict[str, Any], op: dict[str, Any], at: Path, out: Out) -> None:
    seen: set[tuple[str, str]] = set()
    for where, raw in list_items(op.get("parameters"), (*at, "parameters")):
        p = resolve(doc, raw)
        if not isinstance(p, dict):
            continue
        fp = (str(p.get("in")), str(p.get("name")))
        if fp in seen:
            out("operation-parameters", where, f"parameter '{fp[1]}' in {fp[0]} repeats")
        seen.add(fp)
