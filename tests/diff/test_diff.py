"""The contract diff as a whole: the case table through ``diff()``, order, totality.

The cases live in :mod:`tests.diff.table`; each names the exact (rule, class) set expected.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intentd.diff import Change, diff, render
from intentd.errors import IntentdError
from tests.diff.table import BASE, CASES, NB, B, op, pair


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    old, new = pair(name)
    got = {(c.rule, c.klass) for c in diff(old, new)}
    assert got == CASES[name][2], render(diff(old, new))


def test_table_size_and_rule_coverage() -> None:
    assert len(CASES) >= 30
    rules = {rule for *_, expected in CASES.values() for rule, _ in expected}
    for needed in (
        "api-removed-with-deprecation",
        "endpoint-added",
        "new-required-request-parameter",
        "request-property-became-required",
        "response-property-enum-value-added",
        "api-operation-id-removed",
        "api-security-added",
    ):
        assert needed in rules


def test_change_is_located_on_the_operation() -> None:
    old, new = pair("response-enum-widened")
    changes = diff(old, new)
    assert [c.operation for c in changes] == ["GET /books", "POST /books", "GET /books/{id}"]
    assert changes[0].location == (
        "/paths/~1books/get/responses/200/content/application~1json/schema"
        "/items/properties/status/enum"
    )
    assert "'[].status'" in changes[0].message and '"archived"' in changes[0].message


def test_deterministic_order() -> None:
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    for name in ("response-enum-widened", "op-removed", "operation-id-changed", "info-changed"):
        CASES[name][1](new)
    first = diff(old, new)
    assert first == diff(copy.deepcopy(old), copy.deepcopy(new))
    assert first[0].operation == ""  # document-level changes lead
    assert [c.klass for c in first].count("breaking") == 5


def test_webhooks_and_response_header_nullability() -> None:
    hook = {"post": {"responses": {"200": {"description": "ok"}}}}
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    old["webhooks"] = {"bookAdded": hook, "bookGone": hook}
    new["webhooks"] = {"bookAdded": hook, "shelfAdded": hook}
    header = op("/books/{id}", "get")(new)["responses"]["200"]["headers"]["ETag"]
    header["schema"] = {"type": ["string", "null"]}
    assert {(c.rule, c.klass) for c in diff(old, new)} == {
        ("webhook-removed", B),
        ("webhook-added", NB),
        ("response-header-became-nullable", B),
    }


@pytest.mark.parametrize("bad", [None, [], "openapi: 3.1.0"])
def test_non_documents_are_user_errors(bad: Any) -> None:
    with pytest.raises(IntentdError, match="not an OpenAPI document"):
        diff(BASE, bad)


def test_identical_base_is_empty() -> None:
    assert diff(BASE, copy.deepcopy(BASE)) == []


# --------------------------------------------------------------------------- properties
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text("abc{}/$#~", max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text("abtype$ref", max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    [
        "type",
        "enum",
        "required",
        "properties",
        "items",
        "$ref",
        "anyOf",
        "allOf",
        "oneOf",
        "maxLength",
        "minimum",
        "pattern",
        "format",
        "nullable",
        "security",
        "parameters",
        "responses",
        "content",
        "schema",
        "in",
        "name",
        "deprecated",
        "additionalProperties",
    ]
)


def _nodes(doc: Any, out: list[Any]) -> list[Any]:
    if isinstance(doc, dict | list):
        out.append(doc)
        for v in doc.values() if isinstance(doc, dict) else doc:
            _nodes(v, out)
    return out


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_random_mutations_never_raise(data: st.DataObject) -> None:
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    for doc in (old, new):
        for _ in range(data.draw(st.integers(0, 4))):
            node = data.draw(st.sampled_from(_nodes(doc, [])))
            value = data.draw(_json | st.sampled_from(["#/components/schemas/Book", "#/x/../y"]))
            if isinstance(node, dict):
                node[data.draw(_KEYS)] = value
            elif node:
                node[data.draw(st.integers(0, len(node) - 1))] = value
    changes = diff(old, new)
    assert all(isinstance(c, Change) for c in changes)
    assert diff(new, new) == []
    assert changes == diff(old, new)
