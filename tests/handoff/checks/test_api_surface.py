"""Endpoints: known feature and entities, pagination only on lists, no body on GET or DELETE."""

from __future__ import annotations

from intentd.handoff.checks.api_surface import endpoints

from ..plans import endpoint, plan, run, said

AT = "intent/app.md:33"


def _one(**extra: object) -> list[tuple[str, str, str]]:
    data = plan()
    data["api_surface"] = [endpoint("e", "POST", "/e", line=33, **extra)]
    return said(run(endpoints, data))


def test_an_endpoint_must_name_a_known_feature() -> None:
    assert _one(feature="ghost") == [(AT, "endpoint 'e' names unknown feature 'ghost'", "ref")]


def test_each_entity_role_is_checked_in_order() -> None:
    assert _one(entity="A", request="B", response="C") == [
        (AT, "endpoint 'e' entity names unknown entity 'A'", "ref"),
        (AT, "endpoint 'e' request names unknown entity 'B'", "ref"),
        (AT, "endpoint 'e' response names unknown entity 'C'", "ref"),
    ]


def test_null_roles_are_not_references() -> None:
    assert _one(entity=None, request=None, response=None) == []


def test_only_a_list_may_be_paginated() -> None:
    assert _one(paginated=True) == [(AT, "endpoint 'e' is paginated but not a list", "endpoint")]
    assert _one(paginated=True, list=True) == []


def test_get_and_delete_cannot_carry_a_body_but_post_can() -> None:
    assert _one(request="Book") == []
    for method in ("GET", "DELETE"):
        data = plan()
        data["api_surface"] = [endpoint("e", method, "/e", line=33, request="Book")]
        assert said(run(endpoints, data)) == [
            (AT, f"endpoint 'e': {method} cannot carry a request body", "endpoint")
        ]


def test_references_come_before_shape_for_each_endpoint() -> None:
    assert [m for _, m, _ in _one(feature="ghost", paginated=True)] == [
        "endpoint 'e' names unknown feature 'ghost'",
        "endpoint 'e' is paginated but not a list",
    ]
