"""The refs check (:mod:`intentd.check.refs`): broken and external references are findings
at their pointer; recursive schemas validate, a pure ``$ref`` loop is an error, not a crash."""

from __future__ import annotations

import pytest

from intentd.check.validate import validate
from tests.check.contract import (
    CASE_FIELDS,
    GET,
    Case,
    Mutation,
    assert_rule_fires,
    rules_of,
    schemas_doc,
    set_at,
)

CASES: list[Case] = [
    (
        "unresolved ref",
        set_at(f"{GET}/responses/404", {"$ref": "#/components/responses/Gone"}),
        "no-unresolved-refs",
        f"{GET}/responses/404",
        "error",
    ),
    (
        "external ref",
        set_at(f"{GET}/responses/404", {"$ref": "other.yaml#/NotFound"}),
        "no-unresolved-refs",
        f"{GET}/responses/404",
        "error",
    ),
]


@pytest.mark.parametrize(CASE_FIELDS, CASES, ids=[c[0] for c in CASES])
def test_each_rule_fires_with_its_pointer(
    name: str, mutate: Mutation, rule: str, where: str, severity: str
) -> None:
    assert_rule_fires(name, mutate, rule, where, severity)


def test_self_reference_validates() -> None:
    node = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    report = validate(schemas_doc({"Node": node}))
    assert report.ok, [f.render() for f in report.errors]
    refs = report.check("refs")
    assert refs is not None and "Node" in refs.note


def test_a_pure_ref_loop_is_an_error_not_a_crash() -> None:
    schemas = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    report = validate(schemas_doc(schemas))
    assert ("no-unresolved-refs", "#/components/schemas/A") in rules_of(report)
