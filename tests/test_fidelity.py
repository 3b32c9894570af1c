"""bench/fidelity.py: its metrics on tiny specs, and the bar on the three real-API cases."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import fidelity

OBJ = {"type": "object"}


def spec(paths: dict[str, Any], servers: tuple[str, ...] = (), **schemas: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "servers": [{"url": u} for u in servers],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def answer(schema: dict[str, Any], code: str = "200") -> dict[str, Any]:
    return {
        "responses": {
            code: {"description": "ok", "content": {"application/json": {"schema": schema}}}
        }
    }


def props(*names: str, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {n: {"type": "string"} for n in names} | extra}


# ---------------------------------------------------------------- operations and paths


def test_path_shape_drops_base_paths_and_parameter_names() -> None:
    assert fidelity.path_shape("/v1/customers/{customer}") == "/customers/{}"
    assert fidelity.path_shape("/customers/{customerId}") == "/customers/{}"
    assert fidelity.path_shape("/api/articles/{slug}/comments/{id}") == "/articles/{}/comments/{}"
    assert fidelity.path_shape("/shop/items", ["/shop"]) == "/items"
    assert fidelity.path_shape("/versions/{v}") == "/versions/{}"  # only a leading version goes


def test_server_url_paths_are_base_paths() -> None:
    s = spec({}, ("https://api.example.com/base/", "http://localhost:8000", "/rel"))
    assert fidelity.base_paths(s) == ["/base", "/rel"]


def test_operation_recall_counts_method_and_shape() -> None:
    ref = spec(
        {
            "/v2/things": {"get": answer(OBJ), "post": answer(OBJ)},
            "/v2/things/{id}": {"delete": answer(OBJ, "204")},
        }
    )
    gen = spec(
        {"/things": {"get": answer(OBJ)}, "/things/{thingId}": {"delete": answer(OBJ, "204")}}
    )
    ops, _, _, status, missing = fidelity.compare(ref, gen)
    assert (ops.hit, ops.total) == (2, 3)
    assert missing["operations"] == ["POST /things"]
    assert status.value == 1.0


# ---------------------------------------------------------------- fields


def test_wrapper_and_named_envelope_are_unwrapped() -> None:
    article = props("slug", "title")
    s = spec({}, Article=article)
    ref_one = {
        "type": "object",
        "properties": {"article": {"$ref": "#/components/schemas/Article"}},
    }
    named = {
        "type": "object",
        "properties": {
            "articles": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
            "articlesCount": {"type": "integer"},
        },
    }
    assert fidelity.field_names(s, ref_one, "response") == {"slug", "title"}
    assert fidelity.field_names(s, named, "response") == {"slug", "title"}


def test_data_envelope_in_allof_parts_and_bare_array_are_unwrapped() -> None:
    s = spec({})
    listed = {
        "allOf": [
            {
                "type": "object",
                "properties": {"domains": {"type": "array", "items": props("name", "ttl")}},
            },
            {"type": "object", "properties": {"links": OBJ}},
            {"type": "object", "properties": {"meta": OBJ}},
        ]
    }
    assert fidelity.field_names(s, listed, "response") == {"name", "ttl"}
    data = props("object", "has_more", "url", data={"type": "array", "items": props("id", "email")})
    assert fidelity.field_names(s, data, "response") == {"id", "email"}
    assert fidelity.field_names(s, {"type": "array", "items": props("a")}, "response") == {"a"}
    paged = props(
        items={"type": "array", "items": props("id")},
        page={"type": "integer"},
        pageSize={"type": "integer"},
        total={"type": "integer"},
    )
    assert fidelity.field_names(s, paged, "response") == {"id"}


def test_a_list_of_scalars_has_no_fields_and_an_object_is_not_unwrapped() -> None:
    s = spec({})
    assert (
        fidelity.field_names(
            s,
            {
                "type": "object",
                "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
            },
            "response",
        )
        == set()
    )
    customer = props(
        "id",
        "email",
        preferred_locales={"type": "array", "items": {"type": "string"}},
        address=props("city"),
    )
    assert fidelity.field_names(s, customer, "response") == {
        "id",
        "email",
        "preferred_locales",
        "address",
    }


def test_nested_objects_count_once_and_branches_merge() -> None:
    s = spec({})
    record = {
        "anyOf": [{"allOf": [props("type", "data"), {"required": ["type"]}]}, props("type", "port")]
    }
    assert fidelity.field_names(s, record, "request") == {"type", "data", "port"}
    nested = props("name", shipping=props("line1", "city"))
    assert fidelity.field_names(s, nested, "request") == {"name", "shipping"}


def test_read_only_fields_leave_requests_and_write_only_leave_responses() -> None:
    s = spec({})
    schema = props(
        "name",
        id={"type": "integer", "readOnly": True},
        secret={"type": "string", "writeOnly": True},
    )
    assert fidelity.field_names(s, schema, "request") == {"name", "secret"}
    assert fidelity.field_names(s, schema, "response") == {"name", "id"}


def test_field_recall_counts_request_and_response_of_matched_operations() -> None:
    body = {
        "requestBody": {
            "content": {"application/x-www-form-urlencoded": {"schema": props("email", "name")}}
        }
    }
    ref = spec({"/v1/customers": {"post": answer(props("id", "email", "name")) | body}})
    gen_body = {"requestBody": {"content": {"application/json": {"schema": props("email")}}}}
    gen = spec(
        {
            "/customers": {
                "post": answer(
                    {"type": "object", "properties": {"customer": props("id", "email", "name")}},
                    "201",
                )
                | gen_body
            }
        }
    )
    _, fields, _, status, missing = fidelity.compare(ref, gen)
    assert (fields.hit, fields.total) == (4, 5)
    assert missing["fields"] == ["POST /customers request: name"]
    assert (status.hit, status.total) == (0, 1)


def test_refs_to_responses_and_request_bodies_are_followed() -> None:
    ref = {
        "paths": {
            "/x": {
                "put": {
                    "requestBody": {"$ref": "#/components/requestBodies/B"},
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                }
            }
        },
        "components": {
            "requestBodies": {"B": {"content": {"application/json": {"schema": props("a")}}}},
            "responses": {
                "R": {"description": "r", "content": {"application/json": {"schema": props("b")}}}
            },
        },
    }
    op = ref["paths"]["/x"]["put"]
    assert fidelity.request_fields(ref, op) == {"a"}
    assert fidelity.response_fields(ref, op) == {"b"}


# ---------------------------------------------------------------- query parameters, status


def test_query_recall_by_name_with_path_item_and_ref_parameters() -> None:
    ref = {
        "paths": {
            "/things": {
                "parameters": [{"name": "expand", "in": "query"}],
                "get": answer(OBJ)
                | {
                    "parameters": [
                        {"$ref": "#/components/parameters/limit"},
                        {"name": "tag", "in": "query"},
                        {"name": "X-Id", "in": "header"},
                    ]
                },
            }
        },
        "components": {"parameters": {"limit": {"name": "limit", "in": "query"}}},
    }
    gen = spec(
        {
            "/things": {
                "get": answer(OBJ)
                | {
                    "parameters": [
                        {"name": "limit", "in": "query"},
                        {"name": "tag", "in": "query"},
                        {"name": "extra", "in": "query"},
                    ]
                }
            }
        }
    )
    _, _, query, _, missing = fidelity.compare(ref, gen)
    assert (query.hit, query.total) == (2, 3)
    assert missing["query"] == ["GET /things: expand"]


def test_success_status_is_the_lowest_2xx() -> None:
    assert (
        fidelity.success_code({"responses": {"default": {}, "202": {}, "201": {}, "400": {}}})
        == "201"
    )
    assert fidelity.success_code({"responses": {"400": {}}}) is None


# ---------------------------------------------------------------- hand-written share


def test_explicit_endpoint_lines_count_as_hand_written(tmp_path: Path) -> None:
    (tmp_path / "intent").mkdir()
    (tmp_path / "intent" / "app.md").write_text(
        "# A\n## Features\n### F\nManages: Book\n- a criterion\n## API\n- GET /books/feed — feed (Book, list)\n  - query tag: string\n",
        encoding="utf-8",
    )
    (tmp_path / "intent" / "more.yaml").write_text(
        "features:\n  - name: G\n    manages: [Loan]\napi_surface:\n  - method: POST\n    path: /loans/{id}/return\n",
        encoding="utf-8",
    )
    surface = [
        {"source": "intent/app.md:4"},
        {"source": "intent/app.md:4"},
        {"source": "intent/app.md:7"},
        {"source": "intent/more.yaml:3"},
        {"source": "intent/more.yaml:5"},
        {"source": "intent/gone.md:1"},
    ]
    share = fidelity.hand_written(tmp_path, surface)
    assert (share.hit, share.total) == (2, 6)
    assert not fidelity.is_explicit(tmp_path, "intent/app.md:8")  # a sub-bullet is not an endpoint


def test_the_bar_names_what_misses() -> None:
    r = fidelity.Ratio
    ok = fidelity.Fidelity("c", r(3, 3), r(19, 20), r(9, 10), r(1, 3), r(1, 4))
    assert ok.failures() == []
    bad = fidelity.Fidelity("c", r(2, 3), r(18, 20), r(8, 10), r(3, 3), r(2, 4))
    assert [f.split()[0] for f in bad.failures()] == [
        "operations",
        "fields",
        "query",
        "hand-written",
    ]


def test_a_case_that_does_not_build_is_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fidelity, "CASES_DIR", tmp_path)
    rows, _ = fidelity.run(["absent"])
    assert isinstance(rows[0], tuple) and rows[0][0] == "absent"
    assert "does not build" in fidelity.table(rows)


# ---------------------------------------------------------------- the three cases


@pytest.mark.parametrize("case", fidelity.CASES)
def test_real_api_case_meets_the_bar(case: str) -> None:
    result = fidelity.measure(fidelity.CASES_DIR / case)
    assert result.failures() == [], result.missing
