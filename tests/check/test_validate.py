"""Validation of compiled contracts (issue #3 item 3): findings as values with rule ids and
JSON pointers, a deterministic report, recursion guards, and pointer → line mapping."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intentd import yamlio
from intentd.check import lint as lint_mod
from intentd.check.validate import CHECKS, Report, locate, validate, with_lines
from intentd.handoff import Handoff, from_data
from intentd.openapi import pointer as pointer_mod
from intentd.openapi.walk import METHODS
from intentd.specgen.compiler import compile_spec, emit_yaml
from tests.helpers import TESTS
from tests.helpers import specgen_fixtures as fixtures

# --------------------------------------------------------------------------- a clean document


def _doc() -> dict[str, Any]:
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
                "get": _op("listBooks", {"200": _json(book_ref, "Books", [_book()])}),
                "post": {
                    **_op("createBook", {"201": _json(book_ref, "Created", _book())}),
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
                    **_op("getBook", {"200": _json(book_ref, "One", _book()), "404": problem}),
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
                    "example": _book(),
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


def _book() -> dict[str, Any]:
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


def _rules(report: Report) -> set[tuple[str, str]]:
    return {(f.rule, f.location) for f in report.findings}


def test_clean_document_has_no_findings() -> None:
    report = validate(_doc())
    assert [f.render() for f in report.findings] == []
    assert report.ok
    assert [c.name for c in report.checks] == list(CHECKS)
    assert all(c.ran for c in report.checks)


# --------------------------------------------------------------------------- mutations

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        parts = pointer_mod.parse_pointer(path)
        node: Any = doc
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is _DELETE:
            del node[parts[-1]]
        elif isinstance(node, list):
            node[int(parts[-1])] = value
        else:
            node[parts[-1]] = value

    return apply


_DELETE = object()
_GET = "#/paths/~1books/get"
_ITEM = "#/paths/~1books~1{bookId}/get"
_BOOK = "#/components/schemas/Book"


def _rename_path(old: str, new: str) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        doc["paths"][new] = doc["paths"].pop(old)

    return apply


def _add_path(key: str, source: str) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        item = copy.deepcopy(doc["paths"][source])
        for op in item.values():
            op["operationId"] += "Copy"
        doc["paths"][key] = item

    return apply


_BODY = "#/paths/~1books/post/requestBody/content/application~1json"


def _read_only_in_request(doc: dict[str, Any]) -> None:
    media = doc["paths"]["/books"]["post"]["requestBody"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/Book"}
    media["example"] = {"id": "3f2b8c1e-8d4a-4f6e-9a7b-2c5d1e0f9a8b", "title": "Dune"}


CASES: list[tuple[str, Mutation, str, str, str]] = [
    # (name, mutation, rule, pointer, severity)
    (
        "duplicate operationId",
        _set(f"{_ITEM}/operationId", "listBooks"),
        "operation-operationId-unique",
        f"{_ITEM}/operationId",
        "error",
    ),
    (
        "operationId not URL-safe",
        _set(f"{_GET}/operationId", "list books"),
        "operation-operationId-url-safe",
        f"{_GET}/operationId",
        "error",
    ),
    (
        "no operationId",
        _set(f"{_GET}/operationId", _DELETE),
        "operation-operationId",
        _GET,
        "warning",
    ),
    ("no summary", _set(f"{_GET}/summary", _DELETE), "operation-summary", _GET, "error"),
    (
        "no description",
        _set(f"{_GET}/description", _DELETE),
        "operation-description",
        _GET,
        "warning",
    ),
    (
        "no 4xx",
        _set(f"{_GET}/responses/404", _DELETE),
        "operation-4xx-response",
        _GET,
        "warning",
    ),
    (
        "no 2xx",
        _set(f"{_GET}/responses/200", _DELETE),
        "operation-success-response",
        _GET,
        "warning",
    ),
    (
        "path parameter not declared",
        _set(f"{_ITEM}/parameters", _DELETE),
        "path-params",
        _ITEM,
        "error",
    ),
    (
        "path parameter not required",
        _set(f"{_ITEM}/parameters/0/required", False),
        "path-params",
        f"{_ITEM}/parameters/0",
        "error",
    ),
    (
        "duplicate parameter",
        lambda d: d["paths"]["/books/{bookId}"]["get"]["parameters"].append(
            copy.deepcopy(d["paths"]["/books/{bookId}"]["get"]["parameters"][0])
        ),
        "operation-parameters",
        f"{_ITEM}/parameters/1",
        "error",
    ),
    (
        "no security",
        _set(f"{_GET}/security", _DELETE),
        "security-defined",
        _GET,
        "error",
    ),
    (
        "undefined security scheme",
        _set(f"{_GET}/security", [{"apiKey": []}]),
        "oas3-operation-security-defined",
        f"{_GET}/security/0/apiKey",
        "error",
    ),
    (
        "unused security scheme",
        _set("#/paths/~1books/post/security", []),
        "oas3-unused-component",
        "#/components/securitySchemes/bearer",
        "warning",
    ),
    (
        "unused schema",
        _set("#/components/schemas/Orphan", {"type": "string"}),
        "oas3-unused-component",
        "#/components/schemas/Orphan",
        "warning",
    ),
    (
        "undeclared tag",
        _set(f"{_GET}/tags", ["nowhere"]),
        "operation-tag-defined",
        f"{_GET}/tags/0",
        "warning",
    ),
    ("untagged operation", _set(f"{_GET}/tags", []), "operation-tags", _GET, "warning"),
    (
        "tag without description",
        _set("#/tags/0/description", _DELETE),
        "tag-description",
        "#/tags/0",
        "warning",
    ),
    ("no contact", _set("#/info/contact", _DELETE), "info-contact", "#/info", "warning"),
    ("no license", _set("#/info/license", _DELETE), "info-license", "#/info", "warning"),
    (
        "no info description",
        _set("#/info/description", _DELETE),
        "info-description",
        "#/info",
        "warning",
    ),
    ("no servers", _set("#/servers", []), "oas3-api-servers", "#", "error"),
    (
        "server trailing slash",
        _set("#/servers/0/url", "https://api.books.test/"),
        "oas3-server-trailing-slash",
        "#/servers/0/url",
        "error",
    ),
    (
        "localhost server",
        _set("#/servers/0/url", "http://localhost:8000"),
        "no-server-example.com",
        "#/servers/0/url",
        "warning",
    ),
    (
        "trailing slash path",
        _rename_path("/books", "/books/"),
        "path-keys-no-trailing-slash",
        "#/paths/~1books~1",
        "error",
    ),
    (
        "identical paths",
        _add_path("/books/{id}", "/books/{bookId}"),
        "no-identical-paths",
        "#/paths/~1books~1{id}",
        "error",
    ),
    (
        "ambiguous paths",
        _add_path("/{kind}/mine", "/books/{bookId}"),
        "no-ambiguous-paths",
        "#/paths/~1{kind}~1mine",
        "warning",
    ),
    (
        "enum type mismatch",
        _set(f"{_BOOK}/properties/genre/enum", ["fiction", 3]),
        "typed-enum",
        f"{_BOOK}/properties/genre/enum/1",
        "error",
    ),
    (
        "duplicate enum value",
        _set(f"{_BOOK}/properties/genre/enum", ["fiction", "science", "fiction"]),
        "duplicated-entry-in-enum",
        f"{_BOOK}/properties/genre/enum/2",
        "warning",
    ),
    (
        "array without items",
        _set(f"{_BOOK}/properties/tags/items", _DELETE),
        "array-items",
        f"{_BOOK}/properties/tags",
        "error",
    ),
    (
        "required property undefined",
        _set(f"{_BOOK}/required", ["id", "title", "isbn"]),
        "no-required-schema-properties-undefined",
        f"{_BOOK}/required/2",
        "warning",
    ),
    (
        "unresolved ref",
        _set(f"{_GET}/responses/404", {"$ref": "#/components/responses/Gone"}),
        "no-unresolved-refs",
        f"{_GET}/responses/404",
        "error",
    ),
    (
        "external ref",
        _set(f"{_GET}/responses/404", {"$ref": "other.yaml#/NotFound"}),
        "no-unresolved-refs",
        f"{_GET}/responses/404",
        "error",
    ),
    (
        "structure: no info title",
        _set("#/info/title", _DELETE),
        "oas3-schema",
        "#/info",
        "error",
    ),
    (
        "structure: invalid schema keyword value",
        _set(f"{_BOOK}/properties/title/minLength", "one"),
        "oas3-schema",
        "#",
        "error",
    ),
    (
        "media example does not match",
        _set("#/paths/~1books/post/requestBody/content/application~1json/example", {"title": ""}),
        "oas3-valid-media-example",
        "#/paths/~1books/post/requestBody/content/application~1json/example/title",
        "error",
    ),
    (
        "media example with an unknown property (closed objects, as Redocly reads them)",
        _set(
            "#/paths/~1books/post/requestBody/content/application~1json/example",
            {"title": "Dune", "colour": "red"},
        ),
        "oas3-valid-media-example",
        "#/paths/~1books/post/requestBody/content/application~1json/example",
        "error",
    ),
    (
        "read-only property in a request example",
        _read_only_in_request,
        "oas3-valid-media-example",
        f"{_BODY}/example/id",
        "error",
    ),
    (
        "schema example with a bad format",
        _set(f"{_BOOK}/example/id", "not-a-uuid"),
        "oas3-valid-schema-example",
        f"{_BOOK}/example/id",
        "error",
    ),
    (
        "parameter example does not match",
        _set(f"{_ITEM}/parameters/0/example", "nope"),
        "no-invalid-parameter-examples",
        f"{_ITEM}/parameters/0/example",
        "error",
    ),
    (
        "operation without a feature",
        _set(f"{_GET}/x-agent-meta", _DELETE),
        "trace-operation-feature",
        _GET,
        "error",
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "rule", "where", "severity"), CASES, ids=[c[0] for c in CASES]
)
def test_each_rule_fires_with_its_pointer(
    name: str, mutate: Mutation, rule: str, where: str, severity: str
) -> None:
    doc = _doc()
    mutate(doc)
    report = validate(doc)
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{name}: no {rule} finding in {[f.render() for f in report.findings]}"
    assert any(f.location == where for f in hits), [f.location for f in hits]
    assert all(f.severity == severity for f in hits)
    assert all(f.message for f in hits)


def test_read_only_property_in_a_response_example_is_fine() -> None:
    # the id is readOnly and required: responses carry it, requests must not (Redocly's reading)
    report = validate(_doc())
    assert not [f for f in report.findings if f.rule.startswith("oas3-valid")]


# --------------------------------------------------------------------------- recursion guards


def _schemas_doc(schemas: dict[str, Any]) -> dict[str, Any]:
    doc = _doc()
    doc["components"]["schemas"].update(schemas)
    doc["components"]["schemas"]["Book"]["properties"]["node"] = {
        "$ref": "#/components/schemas/" + next(iter(schemas))
    }
    return doc


def test_self_reference_validates() -> None:
    node = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    report = validate(_schemas_doc({"Node": node}))
    assert report.ok, [f.render() for f in report.errors]
    refs = report.check("refs")
    assert refs is not None and "Node" in refs.note


def test_mutual_one_of_all_of_cycle_does_not_crash() -> None:
    # osv #400: a oneOf/allOf cycle overflows osv's keyword walk; prance #40 recursive refs.
    schemas = {
        "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}]},
        "B": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
    }
    report = validate(_schemas_doc(schemas))
    assert report.ok, [f.render() for f in report.errors]
    osv = report.check("openapi-spec-validator")
    assert osv is not None and osv.ran
    assert "RecursionError" in osv.note


def test_a_pure_ref_loop_is_an_error_not_a_crash() -> None:
    schemas = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    report = validate(_schemas_doc(schemas))
    assert ("no-unresolved-refs", "#/components/schemas/A") in _rules(report)


# --------------------------------------------------------------------------- trace coverage


def test_trace_coverage_against_the_handoff() -> None:
    handoff = fixtures.bookshop()
    doc = compile_spec(handoff, api_version="0.1.0")
    assert validate(doc, handoff).ok
    first_path = next(iter(doc["paths"].values()))
    op = next(v for k, v in first_path.items() if k in METHODS)
    feature = op["x-agent-meta"]["feature"]
    for item in doc["paths"].values():
        for method, operation in item.items():
            if method in METHODS and operation["x-agent-meta"]["feature"] == feature:
                operation["x-agent-meta"]["feature"] = "ghost"
    report = validate(doc, handoff)
    messages = [f.message for f in report.errors if f.rule == "trace-feature-coverage"]
    assert any(f"'{feature}'" in m for m in messages)
    assert any("unknown feature 'ghost'" in f.message for f in report.errors)


def test_trace_without_a_handoff_checks_operations_only() -> None:
    report = validate(_doc())
    trace = report.check("trace")
    assert trace is not None and trace.ran and "no hand-off" in trace.note


# --------------------------------------------------------------------------- compiled contracts


@pytest.fixture(scope="module", params=sorted(fixtures.ALL_CASES))
def compiled(request: pytest.FixtureRequest) -> tuple[Handoff, dict[str, Any]]:
    handoff = fixtures.ALL_CASES[request.param]()
    return handoff, compile_spec(handoff, api_version="0.1.0")


def test_compiled_contracts_have_no_findings(compiled: tuple[Handoff, dict[str, Any]]) -> None:
    handoff, doc = compiled
    report = validate(doc, handoff)
    assert [f.render() for f in report.findings] == []


GOLDEN = sorted(TESTS.glob("cases/*/openapi.yaml"))


@pytest.mark.parametrize("spec", GOLDEN, ids=[p.parent.name for p in GOLDEN])
def test_golden_contracts_have_no_findings(spec: Path) -> None:
    handoff = from_data(yamlio.loads((spec.parent / "handoff.yaml").read_text("utf-8")))
    text = spec.read_text("utf-8")
    report = validate(yamlio.loads(text), handoff)
    assert [f.render() for f in with_lines(report.findings, text, str(spec))] == []


def test_a_300_operation_api_validates() -> None:
    handoff = fixtures.synthetic_handoff(300)
    report = validate(compile_spec(handoff, api_version="0.1.0"), handoff)
    assert report.counts == {"error": 0, "warning": 0, "info": 0}


# --------------------------------------------------------------------------- the report


def test_report_json_is_deterministic_and_complete() -> None:
    doc = _doc()
    del doc["info"]["contact"]
    doc["paths"]["/books"]["get"]["operationId"] = "getBook"
    first = validate(doc).to_json()
    assert first == validate(copy.deepcopy(doc)).to_json()
    assert first.endswith("\n")
    data = json.loads(first)
    assert data["ok"] is False
    assert [c["name"] for c in data["checks"]] == list(CHECKS)
    assert data["counts"]["error"] >= 1 and data["counts"]["warning"] >= 1
    for check in data["checks"]:
        assert set(check) == {"name", "ran", "note", "counts", "findings"}
        assert check["counts"]["error"] == sum(
            1 for f in check["findings"] if f["severity"] == "error"
        )
        for finding in check["findings"]:
            assert set(finding) == {"severity", "rule", "location", "message"}
            assert finding["location"].startswith("#")


def test_every_lint_finding_names_a_known_rule() -> None:
    doc = _doc()
    doc["servers"] = []
    doc["paths"]["/books/"] = doc["paths"].pop("/books")
    for finding in lint_mod.lint(doc):
        assert finding.rule in lint_mod.RULES
        assert finding.severity == lint_mod.RULES[finding.rule][0]


def test_not_a_mapping_is_a_finding() -> None:
    report = validate([])  # type: ignore[arg-type]
    assert not report.ok


# --------------------------------------------------------------------------- lines


def test_locate_maps_pointers_to_lines() -> None:
    text = emit_yaml(_doc())
    lines = text.splitlines()
    line = locate(text, "#/paths/~1books~1{bookId}/get/operationId")
    assert line is not None and lines[line - 1].strip() == "operationId: getBook"
    line = locate(text, "#/components/schemas/Book/properties/genre/enum/1")
    assert line is not None and lines[line - 1].strip() == "- science"
    # a pointer below an existing node maps to the deepest node that exists
    deep = locate(text, "#/paths/~1books/get/missing/deeper")
    assert deep is not None and lines[deep - 1].strip() == "get:"
    assert locate(text, "#") == 1
    assert locate("a: [", "#/a") is None


def test_with_lines_renders_path_line_messages() -> None:
    doc = _doc()
    doc["paths"]["/books"]["get"]["operationId"] = "getBook"
    text = yamlio.dumps(doc)
    rendered = [f.render() for f in with_lines(validate(doc).errors, text)]
    assert any(
        r.startswith("spec/openapi.yaml:") and "operation-operationId-unique" in r for r in rendered
    )
    line = int(rendered[0].split(":")[1])
    assert line > 1


def test_document_formats_are_asserted_as_spectral_does() -> None:
    doc = _doc()
    doc["info"]["contact"]["email"] = "not an email"
    doc["components"]["securitySchemes"]["oauth"] = {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {"tokenUrl": "https://例え.test/token", "scopes": {}},
        },
    }
    doc["paths"]["/books"]["get"]["security"] = [{"oauth": []}]
    found = _rules(validate(doc))
    assert ("oas3-schema", "#/info/contact/email") in found
    assert (
        "oas3-schema",
        "#/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl",
    ) in found
