"""The diff's case table: BASE, a small books API, and named edits of it → expected changes.

BASE has $refs, a recursive schema, security and headers. Each case edits the old and/or the
new copy and names the exact set of (rule, class) the diff must report, so noise is a
failure. ``bench/optic_differential.py`` writes these pairs out for Optic. One table, kept
whole on purpose: every case reads against BASE above it. The cases for the API shapes of
issue 10 (parameters, paging, envelopes, statuses, headers, keys, maps) live beside it in
table_shapes.py and are merged into :data:`CASES` at the end.
"""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

Doc = dict[str, Any]
Edit = Callable[[Doc], None]

BASE: Doc = {
    "openapi": "3.1.0",
    "info": {"title": "Books", "version": "1.0.0", "description": "A book shelf."},
    "servers": [{"url": "https://api.example.com"}],
    "tags": [{"name": "books", "description": "Books"}],
    "security": [{"bearer": []}],
    "x-intentd": {"revision": "abc"},
    "paths": {
        "/books": {
            "get": {
                "operationId": "listBooks",
                "summary": "List books",
                "tags": ["books"],
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                    {
                        "name": "genre",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["fiction", "poetry"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Book"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createBook",
                "tags": ["books"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/BookCreate"}}
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Book"}}
                        },
                    },
                    "422": {
                        "description": "invalid",
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    },
                },
            },
        },
        "/books/{id}": {
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                }
            ],
            "get": {
                "operationId": "getBook",
                "tags": ["books"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "headers": {"ETag": {"required": True, "schema": {"type": "string"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Book"}}
                        },
                    },
                    "404": {"description": "not found"},
                },
            },
            "delete": {
                "operationId": "deleteBook",
                "tags": ["books"],
                "responses": {"204": {"description": "deleted"}},
            },
        },
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "https://auth.example.com/token",
                        "scopes": {"read": "read", "write": "write"},
                    }
                },
            },
        },
        "schemas": {
            "Book": {
                "type": "object",
                "required": ["id", "title", "status"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "title": {"type": "string", "maxLength": 200, "example": "Dune"},
                    "status": {"type": "string", "enum": ["draft", "published"]},
                    "subtitle": {"type": "string"},
                    "rating": {"type": ["number", "null"]},
                    "author": {"$ref": "#/components/schemas/Author"},
                },
            },
            "Author": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "mentor": {"$ref": "#/components/schemas/Author"},
                },
            },
            "BookCreate": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": 200},
                    "status": {"type": "string", "enum": ["draft", "published"]},
                    "isbn": {"type": "string", "pattern": "^[0-9-]+$"},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                    "published": {"type": "integer"},
                },
            },
            "Problem": {
                "type": "object",
                "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
            },
        },
    },
}


def _schemas(d: Doc) -> Doc:
    schemas: Doc = d["components"]["schemas"]
    return schemas


def _prop(schema: str, name: str) -> Callable[[Doc], Doc]:
    return lambda d: _schemas(d)[schema]["properties"][name]


def op(path: str, method: str) -> Callable[[Doc], Doc]:
    return lambda d: d["paths"][path][method]


def _param(name: str) -> Callable[[Doc], Doc]:
    def get(d: Doc) -> Doc:
        params = d["paths"]["/books"]["get"]["parameters"]
        found: Doc = next(p for p in params if p["name"] == name)
        return found

    return get


def _nothing(d: Doc) -> None:
    return None


def _do(*steps: Callable[[Doc], object]) -> Edit:
    def edit(d: Doc) -> None:
        for step in steps:
            step(d)

    return edit


B, NB, C = "breaking", "non-breaking", "cosmetic"

# name → (edit old, edit new, expected {(rule, class)})
CASES: dict[str, tuple[Edit, Edit, set[tuple[str, str]]]] = {
    "op-removed": (
        _nothing,
        lambda d: d["paths"]["/books/{id}"].pop("delete"),
        {("api-removed-without-deprecation", B)},
    ),
    "deprecated-op-removed": (
        lambda d: op("/books/{id}", "delete")(d).update(deprecated=True),
        lambda d: d["paths"]["/books/{id}"].pop("delete"),
        {("api-removed-with-deprecation", NB)},
    ),
    "path-removed": (
        _nothing,
        lambda d: d["paths"].pop("/books/{id}"),
        {("api-path-removed-without-deprecation", B)},
    ),
    "op-added": (
        _nothing,
        lambda d: d["paths"]["/books/{id}"].update(
            put={"operationId": "replaceBook", "responses": {"204": {"description": "ok"}}}
        ),
        {("endpoint-added", NB)},
    ),
    "op-deprecated": (
        _nothing,
        lambda d: op("/books/{id}", "delete")(d).update(deprecated=True),
        {("endpoint-deprecated", NB)},
    ),
    "required-param-added": (
        _nothing,
        lambda d: op("/books", "get")(d)["parameters"].append(
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        {("new-required-request-parameter", B)},
    ),
    "optional-param-added": (
        _nothing,
        lambda d: op("/books", "get")(d)["parameters"].append(
            {"name": "q", "in": "query", "schema": {"type": "string"}}
        ),
        {("new-optional-request-parameter", NB)},
    ),
    "param-removed": (
        _nothing,
        lambda d: op("/books", "get")(d)["parameters"].pop(1),
        {("request-parameter-removed", B)},
    ),
    "param-became-required": (
        _nothing,
        lambda d: _param("limit")(d).update(required=True),
        {("request-parameter-became-required", B)},
    ),
    "param-type-changed": (
        _nothing,
        lambda d: _param("limit")(d).update(schema={"type": "string"}),
        {("request-parameter-type-changed", B)},
    ),
    "param-format-removed": (
        _nothing,
        lambda d: d["paths"]["/books/{id}"]["parameters"][0]["schema"].pop("format"),
        {("request-parameter-type-generalized", NB)},
    ),
    "param-enum-narrowed": (
        _nothing,
        lambda d: _param("genre")(d)["schema"].update(enum=["fiction"]),
        {("request-parameter-enum-value-removed", B)},
    ),
    "param-enum-widened": (
        _nothing,
        lambda d: _param("genre")(d)["schema"]["enum"].append("drama"),
        {("request-parameter-enum-value-added", NB)},
    ),
    "param-max-decreased": (
        _nothing,
        lambda d: _param("limit")(d)["schema"].update(maximum=50),
        {("request-parameter-max-decreased", B)},
    ),
    "param-max-increased": (
        _nothing,
        lambda d: _param("limit")(d)["schema"].update(maximum=500),
        {("request-parameter-max-increased", NB)},
    ),
    "new-required-request-property": (
        _nothing,
        _do(
            lambda d: _schemas(d)["BookCreate"]["properties"].update(author={"type": "string"}),
            lambda d: _schemas(d)["BookCreate"]["required"].append("author"),
        ),
        {("new-required-request-property", B)},
    ),
    "new-optional-request-property": (
        _nothing,
        lambda d: _schemas(d)["BookCreate"]["properties"].update(author={"type": "string"}),
        {("new-optional-request-property", NB)},
    ),
    "request-property-became-required": (
        _nothing,
        lambda d: _schemas(d)["BookCreate"]["required"].append("status"),
        {("request-property-became-required", B)},
    ),
    "request-property-removed": (
        _nothing,
        lambda d: _schemas(d)["BookCreate"]["properties"].pop("isbn"),
        {("request-property-removed", B)},
    ),
    "request-property-type-changed": (
        _nothing,
        lambda d: _prop("BookCreate", "published")(d).update(type="string"),
        {("request-property-type-changed", B)},
    ),
    "request-property-format-added": (
        _nothing,
        lambda d: _prop("BookCreate", "title")(d).update(format="email"),
        {("request-property-type-changed", B)},
    ),
    "request-enum-narrowed": (
        _nothing,
        lambda d: _prop("BookCreate", "status")(d).update(enum=["draft"]),
        {("request-property-enum-value-removed", B)},
    ),
    "request-enum-widened": (
        _nothing,
        lambda d: _prop("BookCreate", "status")(d)["enum"].append("archived"),
        {("request-property-enum-value-added", NB)},
    ),
    "request-max-length-decreased": (
        _nothing,
        lambda d: _prop("BookCreate", "title")(d).update(maxLength=100),
        {("request-property-max-length-decreased", B)},
    ),
    "request-min-length-increased": (
        _nothing,
        lambda d: _prop("BookCreate", "title")(d).update(minLength=3),
        {("request-property-min-length-increased", B)},
    ),
    "request-pattern-added": (
        _nothing,
        lambda d: _prop("BookCreate", "title")(d).update(pattern="^[A-Z]"),
        {("request-property-pattern-added", B)},
    ),
    "request-pattern-changed": (
        _nothing,
        lambda d: _prop("BookCreate", "isbn")(d).update(pattern="^[0-9]+$"),
        {("request-property-pattern-changed", B)},
    ),
    "request-max-items-decreased": (
        _nothing,
        lambda d: _prop("BookCreate", "tags")(d).update(maxItems=5),
        {("intentd-request-property-max-items-decreased", B)},
    ),
    "request-body-became-required": (
        lambda d: op("/books", "post")(d)["requestBody"].update(required=False),
        _nothing,
        {("request-body-became-required", B)},
    ),
    "request-body-added-required": (
        _nothing,
        lambda d: op("/books/{id}", "delete")(d).update(
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        ),
        {("request-body-added-required", B)},
    ),
    "request-body-added-optional": (
        _nothing,
        lambda d: op("/books/{id}", "delete")(d).update(
            requestBody={"content": {"application/json": {"schema": {"type": "object"}}}}
        ),
        {("request-body-added-optional", NB)},
    ),
    "request-media-type-replaced": (
        _nothing,
        lambda d: op("/books", "post")(d)["requestBody"].update(
            content={"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
        ),
        {("request-body-media-type-removed", B), ("request-body-media-type-added", NB)},
    ),
    "response-enum-widened": (
        _nothing,
        lambda d: _prop("Book", "status")(d)["enum"].append("archived"),
        {("response-property-enum-value-added", B)},
    ),
    "response-enum-narrowed": (
        _nothing,
        lambda d: _prop("Book", "status")(d).update(enum=["published"]),
        {("response-property-enum-value-removed", NB)},
    ),
    "response-optional-property-removed": (
        _nothing,
        lambda d: _schemas(d)["Book"]["properties"].pop("subtitle"),
        {("response-optional-property-removed", B)},
    ),
    "response-required-property-removed": (
        _nothing,
        _do(
            lambda d: _schemas(d)["Book"]["properties"].pop("title"),
            lambda d: _schemas(d)["Book"]["required"].remove("title"),
        ),
        {("response-required-property-removed", B)},
    ),
    "response-property-became-optional": (
        _nothing,
        lambda d: _schemas(d)["Book"]["required"].remove("status"),
        {("response-property-became-optional", B)},
    ),
    "response-property-became-nullable-type": (
        _nothing,
        lambda d: _prop("Book", "subtitle")(d).update(type=["string", "null"]),
        {("response-property-became-nullable", B)},
    ),
    "response-property-became-nullable-anyof": (
        _nothing,
        lambda d: _schemas(d)["Book"]["properties"].update(
            subtitle={"anyOf": [{"type": "string"}, {"type": "null"}]}
        ),
        {("response-property-became-nullable", B)},
    ),
    "response-property-not-nullable": (
        _nothing,
        lambda d: _prop("Book", "rating")(d).update(type="number"),
        {("response-property-became-not-nullable", NB)},
    ),
    "response-property-added": (
        _nothing,
        lambda d: _schemas(d)["Book"]["properties"].update(pages={"type": "integer"}),
        {("response-optional-property-added", NB)},
    ),
    "response-type-generalized": (
        _nothing,
        lambda d: _prop("Problem", "status")(d).update(type="number"),
        {("response-property-type-generalized", B)},
    ),
    "response-max-length-increased": (
        _nothing,
        lambda d: _prop("Book", "title")(d).update(maxLength=500),
        {("response-property-max-length-increased", B)},
    ),
    "response-max-length-decreased": (
        _nothing,
        lambda d: _prop("Book", "title")(d).update(maxLength=100),
        {("intentd-response-property-max-length-decreased", NB)},
    ),
    "recursive-schema-changed": (
        _nothing,
        lambda d: _prop("Author", "name")(d).update(maxLength=80),
        {("intentd-response-property-max-length-set", NB)},
    ),
    "success-status-replaced": (
        _nothing,
        lambda d: op("/books", "post")(d)["responses"].update(
            {"200": op("/books", "post")(d)["responses"].pop("201")}
        ),
        {("response-success-status-removed", B), ("response-success-status-added", NB)},
    ),
    "non-success-status-added": (
        _nothing,
        lambda d: op("/books/{id}", "get")(d)["responses"].update({"410": {"description": "gone"}}),
        {("response-non-success-status-added", NB)},
    ),
    "non-success-status-removed": (
        _nothing,
        lambda d: op("/books/{id}", "get")(d)["responses"].pop("404"),
        {("response-non-success-status-removed", NB)},
    ),
    "response-media-type-replaced": (
        _nothing,
        lambda d: op("/books", "post")(d)["responses"]["422"].update(
            content={"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        ),
        {("response-media-type-removed", B), ("response-media-type-added", NB)},
    ),
    "required-response-header-removed": (
        _nothing,
        lambda d: op("/books/{id}", "get")(d)["responses"]["200"].pop("headers"),
        {("required-response-header-removed", B)},
    ),
    "security-added": (
        lambda d: op("/books", "get")(d).update(security=[]),
        _nothing,
        {("api-security-added", B)},
    ),
    "security-removed": (
        _nothing,
        lambda d: op("/books", "get")(d).update(security=[]),
        {("api-security-removed", NB)},
    ),
    "security-scope-added": (
        lambda d: d.update(security=[{"oauth": ["read"]}]),
        lambda d: d.update(security=[{"oauth": ["read", "write"]}]),
        {("api-security-scope-added", B)},
    ),
    "security-alternative-added": (
        _nothing,
        lambda d: d["security"].append({"oauth": ["read"]}),
        {("api-security-added", NB)},
    ),
    "security-alternative-dropped": (
        lambda d: d["security"].append({"oauth": ["read"]}),
        _nothing,
        {("api-security-removed", B)},
    ),
    "security-scheme-type-changed": (
        _nothing,
        lambda d: d["components"]["securitySchemes"].update(
            bearer={"type": "apiKey", "in": "header", "name": "X-Key"}
        ),
        {("api-security-component-type-changed", B)},
    ),
    "operation-id-changed": (
        _nothing,
        lambda d: op("/books", "get")(d).update(operationId="getBooks"),
        {("api-operation-id-removed", B)},
    ),
    "operation-tag-added": (
        _nothing,
        lambda d: op("/books", "get")(d)["tags"].append("catalogue"),
        {("api-tag-added", NB)},
    ),
    "description-changed": (
        _nothing,
        lambda d: op("/books", "get")(d).update(description="All the books."),
        {("intentd-description-changed", C)},
    ),
    "summary-changed": (
        _nothing,
        lambda d: op("/books", "get")(d).update(summary="List every book"),
        {("intentd-summary-changed", C)},
    ),
    "example-changed": (
        _nothing,
        lambda d: _prop("Book", "title")(d).update(example="Emma"),
        {("intentd-example-changed", C)},
    ),
    "tag-description-changed": (
        _nothing,
        lambda d: d["tags"][0].update(description="All about books"),
        {("intentd-tag-changed", C)},
    ),
    "info-changed": (
        _nothing,
        lambda d: d["info"].update(description="A bigger book shelf."),
        {("intentd-info-changed", C)},
    ),
    "info-version-only": (_nothing, lambda d: d["info"].update(version="9.9.9"), set()),
    "extensions-ignored": (
        _nothing,
        _do(
            lambda d: d["x-intentd"].update(revision="def"),
            lambda d: op("/books", "get")(d).update({"x-agent-meta": {"feature": "f1"}}),
        ),
        set(),
    ),
    "ref-inlined": (
        _nothing,
        lambda d: op("/books/{id}", "get")(d)["responses"]["200"]["content"][
            "application/json"
        ].update(schema=copy.deepcopy(_schemas(d)["Book"])),
        {("intentd-other-change", C)},  # same contract, different text: a patch
    ),
    "path-param-renamed": (
        _nothing,
        lambda d: d["paths"].update(
            {"/books/{bookId}": _rename_param(d["paths"].pop("/books/{id}"))}
        ),
        {("intentd-request-path-parameter-renamed", B)},
    ),
    "read-only-request-property": (
        _nothing,
        lambda d: _schemas(d)["BookCreate"]["properties"].update(
            id={"type": "string", "readOnly": True}
        ),
        {("intentd-other-change", C)},
    ),
    "component-added": (
        _nothing,
        lambda d: _schemas(d).update(Shelf={"type": "object"}),
        {("intentd-component-schema-added", NB)},
    ),
    "server-url-changed": (
        _nothing,
        lambda d: d["servers"][0].update(url="https://books.example.com"),
        {("intentd-servers-changed", NB)},
    ),
}


def _rename_param(item: Doc) -> Doc:
    item["parameters"][0]["name"] = "bookId"
    return item


def _shape_cases() -> dict[str, tuple[Edit, Edit, set[tuple[str, str]]]]:
    """table_shapes.CASES, loaded by path: bench/optic_differential.py loads this file alone."""
    spec = importlib.util.spec_from_file_location(
        "intentd_diff_table_shapes", Path(__file__).with_name("table_shapes.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: dict[str, tuple[Edit, Edit, set[tuple[str, str]]]] = module.CASES
    return cases


_SHAPES = _shape_cases()
assert not set(_SHAPES) & set(CASES), set(_SHAPES) & set(CASES)
CASES.update(_SHAPES)


def pair(name: str) -> tuple[Doc, Doc]:
    edit_old, edit_new, _ = CASES[name]
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    edit_old(old)
    edit_new(new)
    return old, new
