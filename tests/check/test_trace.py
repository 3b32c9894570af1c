"""The trace check (:mod:`intentd.check.trace`): every operation names its feature; with a
hand-off, every feature reaches an operation and every name is known."""

from __future__ import annotations

import pytest

from intentd.check.validate import validate
from intentd.openapi.walk import METHODS
from intentd.specgen.compiler import compile_spec
from tests.check.contract import (
    CASE_FIELDS,
    DELETE,
    GET,
    Case,
    Mutation,
    assert_rule_fires,
    clean_doc,
    set_at,
)
from tests.helpers import specgen_fixtures as fixtures

CASES: list[Case] = [
    (
        "operation without a feature",
        set_at(f"{GET}/x-agent-meta", DELETE),
        "trace-operation-feature",
        GET,
        "error",
    ),
]


@pytest.mark.parametrize(CASE_FIELDS, CASES, ids=[c[0] for c in CASES])
def test_each_rule_fires_with_its_pointer(
    name: str, mutate: Mutation, rule: str, where: str, severity: str
) -> None:
    assert_rule_fires(name, mutate, rule, where, severity)


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
    report = validate(clean_doc())
    trace = report.check("trace")
    assert trace is not None and trace.ran and "no hand-off" in trace.note
