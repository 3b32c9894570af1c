"""Diff cases for the API shapes of issue 10, as edits of the BASE books API in table.py.

Query and header parameters (filters, sort, paging controls, ``Idempotency-Key``), paging
styles and list envelopes, one-object wrappers, success statuses and headers, error sets,
natural keys in paths, embedded (expanded) references, PUT's full shape, maps and scalar
lists. Most cases put the construct into the old copy and its changed form into the new
one, so each names only the change it is about. Self-contained (no import of table.py):
table.py merges :data:`CASES`, and bench/optic_differential.py loads table.py by path.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]
Edit = Callable[[Doc], None]
B, NB, C = "breaking", "non-breaking", "cosmetic"
_JSON = "application/json"


def _op(d: Doc, path: str, method: str) -> Doc:
    found: Doc = d["paths"][path][method]
    return found


def _schemas(d: Doc) -> Doc:
    found: Doc = d["components"]["schemas"]
    return found


def _nothing(d: Doc) -> None:
    return None


def _do(*steps: Edit) -> Edit:
    def edit(d: Doc) -> None:
        for step in steps:
            step(d)

    return edit


# --------------------------------------------------------------------------- parameters
def _query(name: str, schema: Doc, *, required: bool = False) -> Doc:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def _header(name: str, *, required: bool = False) -> Doc:
    return {"name": name, "in": "header", "required": required, "schema": {"type": "string"}}


def _add_param(path: str, method: str, param: Doc) -> Edit:
    return lambda d: _op(d, path, method).setdefault("parameters", []).append(copy.deepcopy(param))


def _list_param(name: str) -> Callable[[Doc], Doc]:
    def get(d: Doc) -> Doc:
        found: Doc = next(p for p in _op(d, "/books", "get")["parameters"] if p["name"] == name)
        return found

    return get


_SORT = _query("sort", {"type": "string", "enum": ["createdAt", "-createdAt"]})
_PAGE_SIZE = _query("pageSize", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20})
_AUTHOR = _query("author", {"type": "string", "format": "uuid"})
_IDEMPOTENCY = _header("Idempotency-Key", required=True)


# --------------------------------------------------------------------------- list envelopes
def _items(d: Doc) -> Doc:
    return {"type": "array", "items": {"$ref": "#/components/schemas/Book"}}


def _list_body(make: Callable[[Doc], Doc]) -> Edit:
    def edit(d: Doc) -> None:
        content = _op(d, "/books", "get")["responses"]["200"]["content"]
        content[_JSON]["schema"] = make(d)

    return edit


def _page_envelope(d: Doc) -> Doc:
    props = {"items": _items(d), **{k: {"type": "integer"} for k in ("page", "pageSize", "total")}}
    return {
        "type": "object",
        "required": ["items", "page", "pageSize", "total"],
        "properties": props,
    }


def _cursor_envelope(d: Doc) -> Doc:
    cursor = {"type": ["string", "null"]}
    return {
        "type": "object",
        "required": ["items", "nextCursor"],
        "properties": {"items": _items(d), "nextCursor": cursor},
    }


def _data_envelope(d: Doc) -> Doc:
    link = {"type": ["string", "null"], "format": "uri"}
    links = {
        "type": "object",
        "required": ["next", "prev"],
        "properties": {"next": link, "prev": copy.deepcopy(link)},
    }
    return {
        "type": "object",
        "required": ["data", "links"],
        "properties": {"data": _items(d), "links": links},
    }


def _named_envelope(wrapper: str) -> Callable[[Doc], Doc]:
    def make(d: Doc) -> Doc:
        count = f"{wrapper}Count"
        return {
            "type": "object",
            "required": [wrapper, count],
            "properties": {wrapper: _items(d), count: {"type": "integer"}},
        }

    return make


def _page_params(d: Doc) -> None:
    params = _op(d, "/books", "get")["parameters"]
    params[:] = [p for p in params if p["name"] != "limit"]
    page = _query("page", {"type": "integer", "minimum": 1, "default": 1})
    params += [page, copy.deepcopy(_PAGE_SIZE)]


def _cursor_params(d: Doc) -> None:
    params = _op(d, "/books", "get")["parameters"]
    params[:] = [p for p in params if p["name"] != "limit"]
    limit = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    params += [_query("startingAfter", {"type": "string"}), _query("limit", limit)]


_PAGED = _do(_page_params, _list_body(_page_envelope))


def _snake_page_params(d: Doc) -> None:
    _page_params(d)
    _list_param("pageSize")(d)["name"] = "page_size"


def _snake_page_envelope(d: Doc) -> Doc:
    envelope = _page_envelope(d)
    envelope["properties"]["page_size"] = envelope["properties"].pop("pageSize")
    envelope["required"] = ["items", "page", "page_size", "total"]
    return envelope


def _envelope_prop(name: str) -> Callable[[Doc], Doc]:
    def get(d: Doc) -> Doc:
        content = _op(d, "/books", "get")["responses"]["200"]["content"]
        found: Doc = content[_JSON]["schema"]["properties"][name]
        return found

    return get


# --------------------------------------------------------------------------- one object
def _wrapped_book(d: Doc) -> None:
    content = _op(d, "/books/{id}", "get")["responses"]["200"]["content"]
    content[_JSON]["schema"] = {
        "type": "object",
        "required": ["book"],
        "properties": {"book": {"$ref": "#/components/schemas/Book"}},
    }


def _wrapped_create(d: Doc) -> None:
    """POST /books as ``{book: {…}}`` in and out (``wrap: book``)."""
    post = _op(d, "/books", "post")
    for media in (post["requestBody"]["content"], post["responses"]["201"]["content"]):
        media[_JSON]["schema"] = {
            "type": "object",
            "required": ["book"],
            "properties": {"book": media[_JSON]["schema"]},
        }


def _delete_answers(status: str) -> Edit:
    def edit(d: Doc) -> None:
        responses = _op(d, "/books/{id}", "delete")["responses"]
        responses.clear()
        if status == "204":
            responses["204"] = {"description": "deleted"}
        else:
            schema = {"$ref": "#/components/schemas/Book"}
            responses[status] = {"description": "deleted", "content": {_JSON: {"schema": schema}}}

    return edit


# --------------------------------------------------------------------------- headers
def _response_header(path: str, method: str, status: str, name: str, header: Doc) -> Edit:
    def edit(d: Doc) -> None:
        response = _op(d, path, method)["responses"][status]
        response.setdefault("headers", {})[name] = copy.deepcopy(header)

    return edit


def _drop_header(path: str, method: str, status: str, name: str) -> Edit:
    return lambda d: _op(d, path, method)["responses"][status]["headers"].pop(name)


_LOCATION = {"required": True, "schema": {"type": "string", "format": "uri"}}
_OPTIONAL_LOCATION = {"schema": {"type": "string", "format": "uri"}}
_RETRY_AFTER = {"schema": {"type": "integer", "minimum": 0}}
_RATE_LIMIT_OK = {"required": True, "schema": {"type": "string"}}


def _rate_limited(d: Doc) -> None:
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    _op(d, "/books", "post")["responses"]["429"] = {
        "description": "too many requests",
        "headers": {"Retry-After": copy.deepcopy(_RETRY_AFTER)},
        "content": {"application/problem+json": problem},
    }


def _replace_status(path: str, method: str, old: str, new: str) -> Edit:
    def edit(d: Doc) -> None:
        responses = _op(d, path, method)["responses"]
        responses[new] = responses.pop(old)

    return edit


# --------------------------------------------------------------------------- identity, refs
def _slug_key(d: Doc) -> None:
    item = d["paths"].pop("/books/{id}")
    item["parameters"][0].update(name="slug", schema={"type": "string"})
    d["paths"]["/books/{slug}"] = item


def _book_prop(name: str, schema: Doc, *, required: bool = False) -> Edit:
    def edit(d: Doc) -> None:
        book = _schemas(d)["Book"]
        book["properties"][name] = copy.deepcopy(schema)
        if required and name not in book["required"]:
            book["required"].append(name)

    return edit


def _create_prop(name: str, schema: Doc) -> Edit:
    return lambda d: _schemas(d)["BookCreate"]["properties"].update({name: copy.deepcopy(schema)})


def _drop_book_prop(name: str) -> Edit:
    def edit(d: Doc) -> None:
        book = _schemas(d)["Book"]
        book["properties"].pop(name)
        if name in book["required"]:
            book["required"].remove(name)

    return edit


_KEY_REF = {"type": "string", "format": "uuid"}
_AUTHOR_REF = {"$ref": "#/components/schemas/Author"}


def _inline_list_items(d: Doc) -> None:
    schema = _op(d, "/books", "get")["responses"]["200"]["content"][_JSON]["schema"]
    schema["items"] = copy.deepcopy(_schemas(d)["Book"])


def _put_replace(required: list[str]) -> Edit:
    """PUT /books/{id} taking BookReplace (the create shape's fields, these required)."""

    def edit(d: Doc) -> None:
        shape = copy.deepcopy(_schemas(d)["BookCreate"])
        shape["required"] = list(required)
        _schemas(d)["BookReplace"] = shape
        body = {"$ref": "#/components/schemas/BookReplace"}
        book = {"$ref": "#/components/schemas/Book"}
        d["paths"]["/books/{id}"]["put"] = {
            "operationId": "replaceBook",
            "tags": ["books"],
            "requestBody": {"required": True, "content": {_JSON: {"schema": body}}},
            "responses": {"200": {"description": "replaced", "content": {_JSON: {"schema": book}}}},
        }

    return edit


# --------------------------------------------------------------------------- maps, lists
def _map(values: Any) -> Doc:
    return {"type": "object", "additionalProperties": copy.deepcopy(values)}


def _list(items: Doc) -> Doc:
    return {"type": "array", "items": copy.deepcopy(items)}


_STRING, _INTEGER = {"type": "string"}, {"type": "integer"}
_TAG_REF = {"$ref": "#/components/schemas/Tag"}


def _tag_schema(d: Doc) -> None:
    _schemas(d)["Tag"] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}},
    }


# name → (edit old, edit new, expected {(rule, class)})
CASES: dict[str, tuple[Edit, Edit, set[tuple[str, str]]]] = {
    # ---- header parameters
    "header-param-required-added": (
        _nothing,
        _add_param("/books", "post", _IDEMPOTENCY),
        {("new-required-request-parameter", B)},
    ),
    "header-param-optional-added": (
        _nothing,
        _add_param("/books/{id}", "get", _header("If-None-Match")),
        {("new-optional-request-parameter", NB)},
    ),
    "header-param-removed": (
        _add_param("/books", "get", _header("X-Request-Id")),
        _nothing,
        {("request-parameter-removed", B)},
    ),
    "header-param-became-optional": (
        _add_param("/books", "post", _IDEMPOTENCY),
        _add_param("/books", "post", _header("Idempotency-Key")),
        {("request-parameter-became-optional", NB)},
    ),
    "header-param-became-required": (
        _add_param("/books", "post", _header("Idempotency-Key")),
        _add_param("/books", "post", _IDEMPOTENCY),
        {("request-parameter-became-required", B)},
    ),
    "header-param-name-case-changed": (
        _add_param("/books", "post", _IDEMPOTENCY),
        _add_param("/books", "post", {**_IDEMPOTENCY, "name": "idempotency-key"}),
        {("intentd-other-change", C)},  # header names are case-insensitive: same contract
    ),
    # ---- query parameters: filters, sort, defaults
    "param-became-optional": (
        lambda d: _list_param("limit")(d).update(required=True),
        _nothing,
        {("request-parameter-became-optional", NB)},
    ),
    "filter-range-added": (
        _nothing,
        _do(
            _add_param(
                "/books", "get", _query("createdFrom", {"type": "string", "format": "date"})
            ),
            _add_param("/books", "get", _query("createdTo", {"type": "string", "format": "date"})),
        ),
        {("new-optional-request-parameter", NB)},
    ),
    "filter-key-type-generalized": (
        _add_param("/books", "get", _AUTHOR),
        _add_param("/books", "get", {**_AUTHOR, "schema": {"type": "string"}}),
        {("request-parameter-type-generalized", NB)},  # uuid id → username: accepts more
    ),
    "sort-value-added": (
        _add_param("/books", "get", _SORT),
        _add_param(
            "/books",
            "get",
            _query("sort", {**_SORT["schema"], "enum": ["createdAt", "-createdAt", "title"]}),
        ),
        {("request-parameter-enum-value-added", NB)},
    ),
    "sort-value-removed": (
        _add_param("/books", "get", _SORT),
        _add_param("/books", "get", _query("sort", {**_SORT["schema"], "enum": ["-createdAt"]})),
        {("request-parameter-enum-value-removed", B)},
    ),
    "param-default-changed": (
        _PAGED,
        _do(_PAGED, lambda d: _list_param("pageSize")(d)["schema"].update(default=50)),
        {("request-parameter-default-value-changed", B)},  # oasdiff v1.28: ERR
    ),
    "param-moved-to-header": (
        _add_param("/books", "get", _query("apiVersion", {"type": "string"})),
        _add_param("/books", "get", {**_header("Api-Version")}),
        {("request-parameter-removed", B), ("new-optional-request-parameter", NB)},
    ),
    # ---- paging styles and list envelopes
    "paging-page-to-cursor": (
        _PAGED,
        _do(_cursor_params, _list_body(_cursor_envelope)),
        {
            ("request-parameter-removed", B),
            ("new-optional-request-parameter", NB),
            ("response-required-property-removed", B),
            ("response-required-property-added", NB),
        },
    ),
    "paging-added": (
        _nothing,
        _PAGED,
        {
            ("request-parameter-removed", B),  # limit
            ("new-optional-request-parameter", NB),
            ("intentd-response-body-wrapped", B),  # […] → {items: […], page, pageSize, total}
        },
    ),
    "naming-snake-case": (
        _PAGED,
        _do(_snake_page_params, _list_body(_snake_page_envelope)),
        {
            ("request-parameter-removed", B),  # pageSize → page_size: a new name on the wire
            ("new-optional-request-parameter", NB),
            ("response-required-property-removed", B),
            ("response-required-property-added", NB),
        },
    ),
    "envelope-items-to-data": (
        _PAGED,
        _do(_page_params, _list_body(_data_envelope)),
        {("response-required-property-removed", B), ("response-required-property-added", NB)},
    ),
    "envelope-to-bare": (
        _PAGED,
        _do(_page_params, _list_body(_items)),
        {("intentd-response-body-unwrapped", B)},
    ),
    "envelope-wrapper-renamed": (
        _list_body(_named_envelope("books")),
        _list_body(_named_envelope("results")),
        {("response-required-property-removed", B), ("response-required-property-added", NB)},
    ),
    "envelope-total-type-changed": (
        _PAGED,
        _do(_PAGED, lambda d: _envelope_prop("total")(d).update(type="string")),
        {("response-property-type-changed", B)},
    ),
    "envelope-count-added": (
        _list_body(_cursor_envelope),
        _do(
            _list_body(_cursor_envelope),
            lambda d: _op(d, "/books", "get")["responses"]["200"]["content"][_JSON]["schema"][
                "properties"
            ].update(total={"type": "integer"}),
        ),
        {("response-optional-property-added", NB)},
    ),
    "one-object-wrapped": (
        _nothing,
        _wrapped_book,
        {("intentd-response-body-wrapped", B)},  # one change, not six removed and one added
    ),
    "create-wrapped": (
        _nothing,
        _wrapped_create,
        {("intentd-request-body-wrapped", B), ("intentd-response-body-wrapped", B)},
    ),
    "create-unwrapped": (
        _wrapped_create,
        _nothing,
        {("intentd-request-body-unwrapped", B), ("intentd-response-body-unwrapped", B)},
    ),
    # ---- success statuses
    "delete-200-to-204": (
        _delete_answers("200"),
        _delete_answers("204"),
        {("response-success-status-removed", B), ("response-success-status-added", NB)},
    ),
    "create-201-to-202": (
        _nothing,
        _replace_status("/books", "post", "201", "202"),
        {("response-success-status-removed", B), ("response-success-status-added", NB)},
    ),
    "success-status-added": (
        _nothing,
        lambda d: _op(d, "/books", "post")["responses"].update(
            {"202": {"description": "accepted"}}
        ),
        {("response-success-status-added", NB)},
    ),
    # ---- error sets
    "error-status-replaced": (
        _nothing,
        _replace_status("/books", "post", "422", "400"),
        {("response-non-success-status-removed", NB), ("response-non-success-status-added", NB)},
    ),
    "rate-limit-error-added": (
        _nothing,
        _rate_limited,
        {("response-non-success-status-added", NB)},
    ),
    "error-header-removed": (
        _rate_limited,
        _do(_rate_limited, _drop_header("/books", "post", "429", "Retry-After")),
        {("optional-response-header-removed", B)},
    ),
    # ---- success response headers
    "response-header-added": (
        _nothing,
        _response_header("/books", "post", "201", "Location", _LOCATION),
        {("response-header-added", NB)},
    ),
    "optional-response-header-removed": (
        _response_header("/books", "post", "201", "Location", _OPTIONAL_LOCATION),
        _nothing,
        {("optional-response-header-removed", B)},
    ),
    "response-header-became-optional": (
        _nothing,
        lambda d: _op(d, "/books/{id}", "get")["responses"]["200"]["headers"]["ETag"].pop(
            "required"
        ),
        {("response-header-became-optional", B)},
    ),
    "response-header-became-required": (
        _response_header("/books", "post", "201", "Location", _OPTIONAL_LOCATION),
        _response_header("/books", "post", "201", "Location", _LOCATION),
        {("intentd-response-header-became-required", NB)},
    ),
    "response-header-type-changed": (
        _response_header("/books", "get", "200", "X-RateLimit-Remaining", _RATE_LIMIT_OK),
        _response_header(
            "/books", "get", "200", "X-RateLimit-Remaining", {**_RATE_LIMIT_OK, "schema": _INTEGER}
        ),
        {("response-header-type-changed", B)},
    ),
    # ---- natural keys and embedded references
    "path-key-id-to-slug": (
        _nothing,
        _slug_key,
        {("intentd-request-path-parameter-renamed", B), ("request-parameter-type-generalized", NB)},
    ),
    "ref-field-expanded": (
        _book_prop("author", _KEY_REF),
        _nothing,
        {("response-property-type-changed", B)},  # author: uuid → the embedded Author
    ),
    "relation-expanded-as-author": (
        _do(_drop_book_prop("author"), _book_prop("authorId", _KEY_REF, required=True)),
        _do(_drop_book_prop("author"), _book_prop("author", _AUTHOR_REF, required=True)),
        {("response-required-property-removed", B), ("response-required-property-added", NB)},
    ),
    "list-items-ref-inlined": (
        _nothing,
        _inline_list_items,
        {("intentd-other-change", C)},  # the same schema written out: no contract change
    ),
    # ---- PUT takes the full shape
    "put-full-shape": (
        _put_replace([]),
        _put_replace(["title"]),
        {("request-property-became-required", B)},
    ),
    # ---- maps and scalar lists
    "map-value-type-changed": (
        _create_prop("metadata", _map(_STRING)),
        _create_prop("metadata", _map(_INTEGER)),
        {("request-property-type-changed", B)},
    ),
    "response-map-value-type-changed": (
        _book_prop("metadata", _map(_STRING)),
        _book_prop("metadata", _map(_INTEGER)),
        {("response-property-type-changed", B)},
    ),
    "response-map-values-untyped": (
        _book_prop("metadata", _map(_STRING)),
        _book_prop("metadata", _map(True)),
        {("intentd-response-property-additional-properties-changed", B)},
    ),
    "request-map-values-typed": (
        _create_prop("metadata", _map(True)),
        _create_prop("metadata", _map(_STRING)),
        {("intentd-request-property-additional-properties-changed", B)},
    ),
    "request-map-values-untyped": (
        _create_prop("metadata", _map(_STRING)),
        _create_prop("metadata", {"type": "object"}),
        {("intentd-request-property-additional-properties-changed", NB)},
    ),
    "scalar-list-item-type-changed": (
        _nothing,
        lambda d: _schemas(d)["BookCreate"]["properties"]["tags"].update(items=_INTEGER),
        {("request-property-type-changed", B)},
    ),
    "scalar-list-to-object-list": (
        _do(_tag_schema, _book_prop("tags", _list(_STRING))),
        _do(_tag_schema, _book_prop("tags", _list(_TAG_REF))),
        {("response-property-type-changed", B)},
    ),
}
