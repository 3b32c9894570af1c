"""Paths and operations: matched by path template and method, then compared part by part.

Path templates match regardless of parameter names (``/books/{id}`` is ``/books/{bookId}``,
as in oasdiff). An operation both sides have is compared in this order: deprecation,
``operationId``, tags, docs, parameters, request body, responses, security.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..openapi.walk import METHODS
from .bodies import request_body
from .comparison import Comparison
from .document import Document, Operation, as_dict, strs, tok
from .parameters import parameters
from .responses import responses
from .security import requirements


@dataclass(frozen=True)
class _Item:
    """One side of a path template: the path as written (None if absent), its Path Item."""

    path: str | None
    item: dict[str, Any]


def paths(c: Comparison) -> None:
    """Every operation added, removed or changed, path by path in method order."""
    old = as_dict(c.old.doc.get("paths"))
    new = as_dict(c.new.doc.get("paths"))
    old_by = {_norm_path(p): p for p in sorted(old, reverse=True)}
    new_by = {_norm_path(p): p for p in sorted(new, reverse=True)}
    same_security = c.old.doc.get("security") == c.new.doc.get("security")
    for key in sorted(set(old_by) | set(new_by)):
        io, inn = _item(c.old, old, old_by.get(key)), _item(c.new, new, new_by.get(key))
        for method in METHODS:
            _method(c, method, io, inn, same_security)
        c.op = ""


def _norm_path(path: str) -> str:
    """Path templates match regardless of parameter names (oasdiff does the same)."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def _item(doc: Document, paths: dict[str, Any], path: str | None) -> _Item:
    return _Item(path, doc.resolved(paths[path]) if path is not None else {})


def _method(c: Comparison, method: str, io: _Item, inn: _Item, same_security: bool) -> None:
    op_o, op_n = io.item.get(method), inn.item.get(method)
    if op_o is None and op_n is None:
        return
    path = inn.path if op_n is not None and inn.path is not None else io.path
    assert path is not None
    c.op = f"{method.upper()} {path}"
    loc = f"/paths/{tok(path)}/{method}"
    if op_n is None:
        _removed(c, as_dict(op_o), loc, whole_path=inn.path is None)
    elif op_o is None:
        c.emit("endpoint-added", loc, f"operation {c.op} added")
    elif not _unchanged(c, io, inn, (op_o, op_n), same_security):
        assert io.path is not None and inn.path is not None
        old = Operation(io.path, io.item, as_dict(op_o))
        operation(c, old, Operation(inn.path, inn.item, as_dict(op_n)), loc)


def _unchanged(
    c: Comparison, io: _Item, inn: _Item, ops: tuple[Any, Any], same_security: bool
) -> bool:
    """The fast path: same template, same text, and the same effective security."""
    op_o, op_n = ops
    return (
        io.path == inn.path
        and c.same(op_o, op_n)
        and c.same(io.item.get("parameters"), inn.item.get("parameters"))
        and ("security" in as_dict(op_o) or same_security)
    )


def _removed(c: Comparison, op: dict[str, Any], loc: str, *, whole_path: bool) -> None:
    scope = "api-path-removed" if whole_path else "api-removed"
    dep = op.get("deprecated") is True
    rule = f"{scope}-with-deprecation" if dep else f"{scope}-without-deprecation"
    note = " (it was deprecated)" if dep else ""
    c.emit(rule, loc, f"operation {c.op} removed{note}")


def operation(c: Comparison, old: Operation, new: Operation, loc: str) -> None:
    """One operation both sides have, part by part."""
    o, n = old.op, new.op
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        rule = "endpoint-deprecated" if n.get("deprecated") else "endpoint-reactivated"
        c.emit(rule, f"{loc}/deprecated", f"operation {c.op} {rule.split('-')[1]}")
    _operation_id(c, o.get("operationId"), n.get("operationId"), loc)
    _tags(c, strs(o.get("tags")), strs(n.get("tags")), loc)
    c.docs(o, n, loc, f"operation {c.op}")
    parameters(c, old, new, loc)
    request_body(c, o.get("requestBody"), n.get("requestBody"), f"{loc}/requestBody")
    responses(c, as_dict(o.get("responses")), as_dict(n.get("responses")), f"{loc}/responses")
    requirements(c, o, n, f"{loc}/security")


def _operation_id(c: Comparison, oid_o: Any, oid_n: Any, loc: str) -> None:
    if oid_o is not None and oid_o != oid_n:
        c.emit(
            "api-operation-id-removed",
            f"{loc}/operationId",
            f"operationId changed from '{oid_o}' to '{oid_n}' (generated client method names change)",
        )
    elif oid_o is None and oid_n is not None:
        c.emit("api-operation-id-added", f"{loc}/operationId", f"operationId '{oid_n}' added")


def _tags(c: Comparison, tags_o: set[str], tags_n: set[str], loc: str) -> None:
    for tag in sorted(tags_n - tags_o, key=str):
        c.emit("api-tag-added", f"{loc}/tags", f"tag '{tag}' added to the operation")
    for tag in sorted(tags_o - tags_n, key=str):
        c.emit("api-tag-removed", f"{loc}/tags", f"tag '{tag}' removed from the operation")
