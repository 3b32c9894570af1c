"""The structural check (:mod:`intentd.check.structure`): osv's OpenAPI 3.1 verdicts, its
fallback on a schema cycle (osv #400), and the format verdicts Spectral asserts."""

from __future__ import annotations

import pytest

from intentd.check.validate import validate
from tests.check.contract import (
    BOOK,
    CASE_FIELDS,
    DELETE,
    Case,
    Mutation,
    assert_rule_fires,
    clean_doc,
    rules_of,
    schemas_doc,
    set_at,
)

CASES: list[Case] = [
    (
        "structure: no info title",
        set_at("#/info/title", DELETE),
        "oas3-schema",
        "#/info",
        "error",
    ),
    (
        "structure: invalid schema keyword value",
        set_at(f"{BOOK}/properties/title/minLength", "one"),
        "oas3-schema",
        "#",
        "error",
    ),
]


@pytest.mark.parametrize(CASE_FIELDS, CASES, ids=[c[0] for c in CASES])
def test_each_rule_fires_with_its_pointer(
    name: str, mutate: Mutation, rule: str, where: str, severity: str
) -> None:
    assert_rule_fires(name, mutate, rule, where, severity)


def test_mutual_one_of_all_of_cycle_does_not_crash() -> None:
    # osv #400: a oneOf/allOf cycle overflows osv's keyword walk; prance #40 recursive refs.
    schemas = {
        "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}]},
        "B": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
    }
    report = validate(schemas_doc(schemas))
    assert report.ok, [f.render() for f in report.errors]
    osv = report.check("openapi-spec-validator")
    assert osv is not None and osv.ran
    assert "RecursionError" in osv.note


def test_document_formats_are_asserted_as_spectral_does() -> None:
    doc = clean_doc()
    doc["info"]["contact"]["email"] = "not an email"
    doc["components"]["securitySchemes"]["oauth"] = {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {"tokenUrl": "https://例え.test/token", "scopes": {}},
        },
    }
    doc["paths"]["/books"]["get"]["security"] = [{"oauth": []}]
    found = rules_of(validate(doc))
    assert ("oas3-schema", "#/info/contact/email") in found
    assert (
        "oas3-schema",
        "#/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl",
    ) in found
