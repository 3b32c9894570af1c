"""The lint check (:mod:`intentd.check.lint`): each Spectral/Redocly rule fires at its pointer
with its severity, and every finding names a known rule."""

from __future__ import annotations

import copy

import pytest

from intentd.check import lint as lint_mod
from tests.check.contract import (
    BOOK,
    CASE_FIELDS,
    DELETE,
    GET,
    ITEM,
    Case,
    Mutation,
    add_path,
    assert_rule_fires,
    clean_doc,
    rename_path,
    set_at,
)

CASES: list[Case] = [
    (
        "duplicate operationId",
        set_at(f"{ITEM}/operationId", "listBooks"),
        "operation-operationId-unique",
        f"{ITEM}/operationId",
        "error",
    ),
    (
        "operationId not URL-safe",
        set_at(f"{GET}/operationId", "list books"),
        "operation-operationId-url-safe",
        f"{GET}/operationId",
        "error",
    ),
    (
        "no operationId",
        set_at(f"{GET}/operationId", DELETE),
        "operation-operationId",
        GET,
        "warning",
    ),
    ("no summary", set_at(f"{GET}/summary", DELETE), "operation-summary", GET, "error"),
    (
        "no description",
        set_at(f"{GET}/description", DELETE),
        "operation-description",
        GET,
        "warning",
    ),
    (
        "no 4xx",
        set_at(f"{GET}/responses/404", DELETE),
        "operation-4xx-response",
        GET,
        "warning",
    ),
    (
        "no 2xx",
        set_at(f"{GET}/responses/200", DELETE),
        "operation-success-response",
        GET,
        "warning",
    ),
    (
        "path parameter not declared",
        set_at(f"{ITEM}/parameters", DELETE),
        "path-params",
        ITEM,
        "error",
    ),
    (
        "path parameter not required",
        set_at(f"{ITEM}/parameters/0/required", False),
        "path-params",
        f"{ITEM}/parameters/0",
        "error",
    ),
    (
        "duplicate parameter",
        lambda d: d["paths"]["/books/{bookId}"]["get"]["parameters"].append(
            copy.deepcopy(d["paths"]["/books/{bookId}"]["get"]["parameters"][0])
        ),
        "operation-parameters",
        f"{ITEM}/parameters/1",
        "error",
    ),
    (
        "no security",
        set_at(f"{GET}/security", DELETE),
        "security-defined",
        GET,
        "error",
    ),
    (
        "undefined security scheme",
        set_at(f"{GET}/security", [{"apiKey": []}]),
        "oas3-operation-security-defined",
        f"{GET}/security/0/apiKey",
        "error",
    ),
    (
        "unused security scheme",
        set_at("#/paths/~1books/post/security", []),
        "oas3-unused-component",
        "#/components/securitySchemes/bearer",
        "warning",
    ),
    (
        "unused schema",
        set_at("#/components/schemas/Orphan", {"type": "string"}),
        "oas3-unused-component",
        "#/components/schemas/Orphan",
        "warning",
    ),
    (
        "undeclared tag",
        set_at(f"{GET}/tags", ["nowhere"]),
        "operation-tag-defined",
        f"{GET}/tags/0",
        "warning",
    ),
    ("untagged operation", set_at(f"{GET}/tags", []), "operation-tags", GET, "warning"),
    (
        "tag without description",
        set_at("#/tags/0/description", DELETE),
        "tag-description",
        "#/tags/0",
        "warning",
    ),
    ("no contact", set_at("#/info/contact", DELETE), "info-contact", "#/info", "warning"),
    ("no license", set_at("#/info/license", DELETE), "info-license", "#/info", "warning"),
    (
        "no info description",
        set_at("#/info/description", DELETE),
        "info-description",
        "#/info",
        "warning",
    ),
    ("no servers", set_at("#/servers", []), "oas3-api-servers", "#", "error"),
    (
        "server trailing slash",
        set_at("#/servers/0/url", "https://api.books.test/"),
        "oas3-server-trailing-slash",
        "#/servers/0/url",
        "error",
    ),
    (
        "localhost server",
        set_at("#/servers/0/url", "http://localhost:8000"),
        "no-server-example.com",
        "#/servers/0/url",
        "warning",
    ),
    (
        "trailing slash path",
        rename_path("/books", "/books/"),
        "path-keys-no-trailing-slash",
        "#/paths/~1books~1",
        "error",
    ),
    (
        "identical paths",
        add_path("/books/{id}", "/books/{bookId}"),
        "no-identical-paths",
        "#/paths/~1books~1{id}",
        "error",
    ),
    (
        "ambiguous paths",
        add_path("/{kind}/mine", "/books/{bookId}"),
        "no-ambiguous-paths",
        "#/paths/~1{kind}~1mine",
        "warning",
    ),
    (
        "enum type mismatch",
        set_at(f"{BOOK}/properties/genre/enum", ["fiction", 3]),
        "typed-enum",
        f"{BOOK}/properties/genre/enum/1",
        "error",
    ),
    (
        "duplicate enum value",
        set_at(f"{BOOK}/properties/genre/enum", ["fiction", "science", "fiction"]),
        "duplicated-entry-in-enum",
        f"{BOOK}/properties/genre/enum/2",
        "warning",
    ),
    (
        "array without items",
        set_at(f"{BOOK}/properties/tags/items", DELETE),
        "array-items",
        f"{BOOK}/properties/tags",
        "error",
    ),
    (
        "required property undefined",
        set_at(f"{BOOK}/required", ["id", "title", "isbn"]),
        "no-required-schema-properties-undefined",
        f"{BOOK}/required/2",
        "warning",
    ),
]


@pytest.mark.parametrize(CASE_FIELDS, CASES, ids=[c[0] for c in CASES])
def test_each_rule_fires_with_its_pointer(
    name: str, mutate: Mutation, rule: str, where: str, severity: str
) -> None:
    assert_rule_fires(name, mutate, rule, where, severity)


def test_every_lint_finding_names_a_known_rule() -> None:
    doc = clean_doc()
    doc["servers"] = []
    doc["paths"]["/books/"] = doc["paths"].pop("/books")
    for finding in lint_mod.lint(doc):
        assert finding.rule in lint_mod.RULES
        assert finding.severity == lint_mod.RULES[finding.rule][0]
