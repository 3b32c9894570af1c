"""The small contract the check tests mutate, and the helpers that mutate it.

:func:`clean_doc` passes every check (0 errors, 0 warnings); each rule's test breaks one thing
in a copy and asserts that the rule fires at the expected pointer (:func:`assert_rule_fires`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from intentd.check.validate import Report, validate
from intentd.openapi import pointer as pointer_mod

Mutation = Callable[[dict[str, Any]], None]
Case = tuple[str, Mutation, str, str, str]
"""(name, mutation, rule, pointer, severity)"""

CASE_FIELDS = ("name", "mutate", "rule", "where", "severity")

GET = "#/paths/~1books/get"
ITEM = "#/paths/~1books~1{bookId}/get"
BOOK = "#/components/schemas/Book"
BODY = "#/paths/~1books/post/requestBody/content/application~1json"
DELETE = object()


def clean_doc() -> dict[str, Any]:
    """A small contract that every check passes (0 errors, 0 warnings)."""
    problem = {"$ref": "#/components/responses/NotFound"}
    book_ref = {"$ref": "#/components/schemas/Book"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Books",
            "version": "1.0.0",
            "description": "Books API.",
            "contact": {"name": "Team", "email": "team@books.test"},
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "https://api.books.test"}],
        "tags": [{"name": "catalog", "description": "The catalog."}],
        "paths": {
            "/books": {
                "get": _op("listBooks", {"200": _json(book_ref, "Books", [book()])}),
                "post": {
                    **_op("createBook", {"201": _json(book_ref, "Created", book())}),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/BookCreate"},
                                "example": {"title": "Dune"},
                            }
                        },
                    },
                    "security": [{"bearer": []}],
                },
            },
            "/books/{bookId}": {
                "get": {
                    **_op("getBook", {"200": _json(book_ref, "One", book()), "404": problem}),
                    "parameters": [
                        {
                            "name": "bookId",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "format": "uuid"},
                            "example": "3f2b8c1e-8d4a-4f6e-9a7b-2c5d1e0f9a8b",
                        }
                    ],
                }
            },
        },
        "components": {
            "schemas": {
                "Book": {
                    "type": "object",
                    "required": ["id", "title"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid", "readOnly": True},
                        "title": {"type": "string", "minLength": 1},
                        "genre": {"type": "string", "enum": ["fiction", "science"]},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                    "example": book(),
                },
                "BookCreate": {
                    "type": "object",
                    "required": ["title"],
                    "properties": {"title": {"type": "string", "minLength": 1}},
                },
                "Problem": {
                    "type": "object",
                    "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
                },
            },
            "responses": {
                "NotFound": {
                    "description": "Not found.",
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"},
                            "example": {"title": "Not Found", "status": 404},
                        }
                    },
                }
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def book() -> dict[str, Any]:
    return {"id": "3f2b8c1e-8d4a-4f6e-9a7b-2c5d1e0f9a8b", "title": "Dune", "genre": "fiction"}


def _op(op_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    responses = {"404": {"$ref": "#/components/responses/NotFound"}, **responses}
    return {
        "tags": ["catalog"],
        "summary": f"{op_id} summary",
        "description": f"{op_id} description.",
        "operationId": op_id,
        "responses": dict(sorted(responses.items())),
        "security": [],
        "x-agent-meta": {"feature": "catalog", "api_surface_id": op_id},
    }


def _json(schema: dict[str, Any], description: str, example: Any) -> dict[str, Any]:
    if isinstance(example, list):
        schema = {"type": "array", "items": schema}
    return {
        "description": description,
        "content": {"application/json": {"schema": schema, "example": example}},
    }


def schemas_doc(schemas: dict[str, Any]) -> dict[str, Any]:
    """The clean contract with ``schemas`` added, the first one referenced from Book."""
    doc = clean_doc()
    doc["components"]["schemas"].update(schemas)
    doc["components"]["schemas"]["Book"]["properties"]["node"] = {
        "$ref": "#/components/schemas/" + next(iter(schemas))
    }
    return doc


def rules_of(report: Report) -> set[tuple[str, str]]:
    return {(f.rule, f.location) for f in report.findings}


# --------------------------------------------------------------------------- mutations


def set_at(path: str, value: Any) -> Mutation:
    """Set (or, with :data:`DELETE`, remove) the node at JSON pointer ``path``."""

    def apply(doc: dict[str, Any]) -> None:
        parts = pointer_mod.parse_pointer(path)
        node: Any = doc
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is DELETE:
            del node[parts[-1]]
        elif isinstance(node, list):
            node[int(parts[-1])] = value
        else:
            node[parts[-1]] = value

    return apply


def rename_path(old: str, new: str) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        doc["paths"][new] = doc["paths"].pop(old)

    return apply


def add_path(key: str, source: str) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        item = copy.deepcopy(doc["paths"][source])
        for op in item.values():
            op["operationId"] += "Copy"
        doc["paths"][key] = item

    return apply


def assert_rule_fires(name: str, mutate: Mutation, rule: str, where: str, severity: str) -> None:
    """The mutated contract has a ``rule`` finding at ``where``, all of them at ``severity``."""
    doc = clean_doc()
    mutate(doc)
    report = validate(doc)
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{name}: no {rule} finding in {[f.render() for f in report.findings]}"
    assert any(f.location == where for f in hits), [f.location for f in hits]
    assert all(f.severity == severity for f in hits)
    assert all(f.message for f in hits)
