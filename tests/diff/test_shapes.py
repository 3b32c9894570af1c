"""Issue 10's API shapes through the diff: the version each change leads to, and messages a
person can read (wrappers named, headers spelled as written, no Python ``None``)."""

from __future__ import annotations

import copy
import re

import pytest

from intentd.diff import bump, diff, render
from tests.diff.table import CASES, pair
from tests.diff.table_shapes import CASES as SHAPES

# From 1.4.0: breaking → 2.0.0, non-breaking → 1.5.0, cosmetic → 1.4.1.
MAJOR = {
    "header-param-required-added",
    "header-param-removed",
    "header-param-became-required",
    "sort-value-removed",
    "param-default-changed",
    "paging-page-to-cursor",
    "param-moved-to-header",
    "naming-snake-case",
    "paging-added",
    "envelope-items-to-data",
    "envelope-to-bare",
    "envelope-wrapper-renamed",
    "envelope-total-type-changed",
    "one-object-wrapped",
    "create-wrapped",
    "create-unwrapped",
    "delete-200-to-204",
    "create-201-to-202",
    "error-header-removed",
    "optional-response-header-removed",
    "response-header-became-optional",
    "response-header-type-changed",
    "path-key-id-to-slug",
    "ref-field-expanded",
    "relation-expanded-as-author",
    "put-full-shape",
    "map-value-type-changed",
    "response-map-value-type-changed",
    "response-map-values-untyped",
    "request-map-values-typed",
    "scalar-list-item-type-changed",
    "scalar-list-to-object-list",
}
MINOR = {
    "header-param-optional-added",
    "header-param-became-optional",
    "param-became-optional",
    "filter-range-added",
    "filter-key-type-generalized",
    "sort-value-added",
    "envelope-count-added",
    "success-status-added",
    "error-status-replaced",
    "rate-limit-error-added",
    "response-header-added",
    "response-header-became-required",
    "request-map-values-untyped",
}
PATCH = {"header-param-name-case-changed", "list-items-ref-inlined"}
_VERSION = {"2.0.0": MAJOR, "1.5.0": MINOR, "1.4.1": PATCH}


def test_every_shape_case_has_its_bump() -> None:
    assert set(SHAPES) == MAJOR | MINOR | PATCH
    assert not (MAJOR & MINOR or MAJOR & PATCH or MINOR & PATCH)
    assert set(SHAPES) <= set(CASES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_case_bump(name: str) -> None:
    expected = next(version for version, names in _VERSION.items() if name in names)
    assert bump("1.4.0", diff(*pair(name))) == (expected, _kind(expected))


def _kind(version: str) -> str:
    return {"2.0.0": "major", "1.5.0": "minor", "1.4.1": "patch"}[version]


def _messages(name: str) -> list[str]:
    return [c.message for c in diff(*pair(name))]


def test_no_message_speaks_python() -> None:
    for name in sorted(CASES):
        for message in _messages(name):
            assert not re.search(r"(?<![\w-])None(?![\w-])", message), (name, message)
            assert "{*}" not in message, (name, message)


def test_wrappers_say_where_the_payload_went() -> None:
    assert _messages("one-object-wrapped") == [
        "response 200 body (application/json): now wrapped in 'book'"
    ]
    assert (
        "response 200 body (application/json): now wrapped in 'items' "
        "(with 'page', 'pageSize', 'total')"
    ) in _messages("paging-added")
    assert _messages("envelope-to-bare") == [
        "response 200 body (application/json): no longer wrapped in 'items' "
        "('page', 'pageSize', 'total' dropped)"
    ]
    unwrapped = {c.rule for c in diff(*pair("create-unwrapped"))}
    assert unwrapped == {"intentd-request-body-unwrapped", "intentd-response-body-unwrapped"}


def test_a_changed_payload_is_no_wrap() -> None:
    """Wrapping is claimed only for the unchanged payload; otherwise the schema diff speaks."""
    old, new = pair("one-object-wrapped")
    new["components"]["schemas"]["Book"]["properties"]["pages"] = {"type": "integer"}
    rules = {c.rule for c in diff(old, new)}
    assert "intentd-response-body-wrapped" not in rules
    assert "response-required-property-added" in rules  # 'book', and the old fields removed
    assert "response-required-property-removed" in rules


def test_headers_and_maps_read_as_written() -> None:
    assert _messages("header-param-required-added") == [
        "required header parameter 'Idempotency-Key' added"
    ]
    assert _messages("error-header-removed") == [
        "optional response 429 header 'Retry-After' removed"
    ]
    assert _messages("map-value-type-changed") == [
        "request property 'metadata.*': type changed from string to integer"
    ]
    assert (
        "response property 'metadata': additionalProperties changed from values of one schema "
        "to any values"
    ) in _messages("response-map-values-untyped")
    assert _messages("param-default-changed") == [
        "query parameter 'pageSize': default value changed from 20 to 50"
    ]
    assert "path parameter 'id' renamed to 'slug'" in _messages("path-key-id-to-slug")


def test_closing_a_map_and_its_render() -> None:
    old, new = pair("request-map-values-untyped")
    props = new["components"]["schemas"]["BookCreate"]["properties"]
    props["metadata"] = {"type": "object", "additionalProperties": False}
    changes = diff(old, new)
    assert [(c.rule, c.klass) for c in changes] == [
        ("intentd-request-property-additional-properties-changed", "breaking")
    ]
    assert "from values of one schema to no other keys" in render(changes)
    reopened = diff(new, copy.deepcopy(old))
    assert [c.klass for c in reopened] == ["non-breaking"]
