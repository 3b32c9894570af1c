"""The examples check (:mod:`intentd.check.examples`): examples against their schemas, read
as Redocly reads them (closed objects, readOnly in requests, writeOnly in responses)."""

from __future__ import annotations

from typing import Any

import pytest

from intentd.check.validate import validate
from tests.check.contract import (
    BODY,
    BOOK,
    CASE_FIELDS,
    ITEM,
    Case,
    Mutation,
    assert_rule_fires,
    clean_doc,
    set_at,
)


def _read_only_in_request(doc: dict[str, Any]) -> None:
    media = doc["paths"]["/books"]["post"]["requestBody"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/Book"}
    media["example"] = {"id": "3f2b8c1e-8d4a-4f6e-9a7b-2c5d1e0f9a8b", "title": "Dune"}


CASES: list[Case] = [
    (
        "media example does not match",
        set_at(f"{BODY}/example", {"title": ""}),
        "oas3-valid-media-example",
        f"{BODY}/example/title",
        "error",
    ),
    (
        "media example with an unknown property (closed objects, as Redocly reads them)",
        set_at(f"{BODY}/example", {"title": "Dune", "colour": "red"}),
        "oas3-valid-media-example",
        f"{BODY}/example",
        "error",
    ),
    (
        "read-only property in a request example",
        _read_only_in_request,
        "oas3-valid-media-example",
        f"{BODY}/example/id",
        "error",
    ),
    (
        "schema example with a bad format",
        set_at(f"{BOOK}/example/id", "not-a-uuid"),
        "oas3-valid-schema-example",
        f"{BOOK}/example/id",
        "error",
    ),
    (
        "parameter example does not match",
        set_at(f"{ITEM}/parameters/0/example", "nope"),
        "no-invalid-parameter-examples",
        f"{ITEM}/parameters/0/example",
        "error",
    ),
]


@pytest.mark.parametrize(CASE_FIELDS, CASES, ids=[c[0] for c in CASES])
def test_each_rule_fires_with_its_pointer(
    name: str, mutate: Mutation, rule: str, where: str, severity: str
) -> None:
    assert_rule_fires(name, mutate, rule, where, severity)


def test_read_only_property_in_a_response_example_is_fine() -> None:
    # the id is readOnly and required: responses carry it, requests must not (Redocly's reading)
    report = validate(clean_doc())
    assert not [f for f in report.findings if f.rule.startswith("oas3-valid")]
