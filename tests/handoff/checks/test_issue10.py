"""Issue 10's parts of the plan: parameters and paging, envelopes and status, keys and paths.

Every finding is at the item's own source line and says what to write instead.
"""

from __future__ import annotations

from typing import Any

from intentd.handoff.checks.keys import keys
from intentd.handoff.checks.parameters import parameters
from intentd.handoff.checks.responses import responses

from ..plans import endpoint, param, plan, run, said, src


def _with_endpoint(checker: Any, **extra: Any) -> list[tuple[str, str, str]]:
    data = plan()
    data["api_surface"] = [endpoint("e", "GET", "/books", line=33, **extra)]
    return said(run(checker, data))


def test_the_plan_passes_all_of_them() -> None:
    for checker in (keys, parameters, responses):
        assert said(run(checker, plan())) == []


def test_a_filter_must_name_a_field_or_relationship_of_its_entity() -> None:
    found = _with_endpoint(parameters, parameters=[param("tag", "equals", target="Book.tags")])
    assert found == [
        (
            src(35),
            "endpoint 'e': parameter 'tag': filter target 'Book.tags': Book has no field or "
            "relationship 'tags' (id, title, author)",
            "parameter",
        )
    ]
    assert _with_endpoint(parameters, parameters=[param("t", "equals", target="Book.title")]) == []
    missing = _with_endpoint(parameters, parameters=[param("t", "equals")])
    assert "names what it filters" in missing[0][1]


def test_a_range_works_on_dates_and_numbers_only() -> None:
    found = _with_endpoint(parameters, parameters=[param("t", "from", target="Book.title")])
    assert "a range ('from') works on a date, datetime or number" in found[0][1]


def test_sort_lists_its_orders_and_a_default_is_one_of_them() -> None:
    found = _with_endpoint(parameters, parameters=[param("sort", "sort")])
    assert "lists the orders it allows" in found[0][1]
    bad = param("sort", "sort", type="enum", enum_values=["title"], default="-title")
    assert (
        "default '-title' is not one of title" in _with_endpoint(parameters, parameters=[bad])[0][1]
    )


def test_paging_needs_its_controls() -> None:
    found = _with_endpoint(parameters, list=True, paging="cursor", envelope="bare")
    assert found == [
        (
            src(33),
            "endpoint 'e' is paged by cursor but has no cursor or limit parameter; declare one "
            "with role cursor, limit",
            "paging",
        )
    ]
    stray = [param("cursor", "cursor"), param("limit", "limit"), param("page", "page")]
    found = _with_endpoint(parameters, list=True, paging="cursor", parameters=stray)
    assert found[0][1] == "endpoint 'e' is paged by cursor; page belongs to another paging style"


def test_parameters_are_named_once_and_not_like_a_path_parameter() -> None:
    data = plan()
    twice = [param("q", "search"), param("q", "search", line=36), param("id", "other", line=37)]
    data["api_surface"] = [endpoint("e", "GET", "/books/{id}", line=33, parameters=twice)]
    messages = [m for _, m, _ in said(run(parameters, data))]
    assert messages == [
        "endpoint 'e': query parameter 'q' is declared twice",
        "endpoint 'e': 'id' is already a path parameter; give the query parameter another name",
    ]


def test_a_named_envelope_needs_its_wrapper() -> None:
    found = _with_endpoint(responses, list=True, envelope="named")
    assert found == [
        (
            src(33),
            "endpoint 'e': a named envelope needs its wrapper, the key holding the list "
            "(e.g. 'articles')",
            "envelope",
        )
    ]
    assert _with_endpoint(responses, list=True, envelope="named", wrapper="books") == []


def test_a_204_has_no_body() -> None:
    found = _with_endpoint(responses, status=204)
    assert "status 204 answers no body, but the endpoint returns Book" in found[0][1]


def test_a_shape_has_no_key_and_is_never_listed() -> None:
    data = plan()
    data["entities"][1].update(kind="shape", key="id")
    data["api_surface"] = [
        endpoint("e", "GET", "/authors", line=33, entity="Author", response="Author", list=True)
    ]
    messages = [m for _, m, _ in said(run(keys, data))]
    assert messages[0].startswith("Author is a shape (only sent or returned): a shape has no key")
    assert "it cannot be listed or addressed by a key" in messages[1]


def test_a_path_parameter_names_the_key() -> None:
    data = plan()
    book = data["entities"][0]
    book["key"] = "slug"
    book["fields"].append({**book["fields"][1], "name": "slug"})
    data["api_surface"] = [endpoint("e", "GET", "/books/{bookId}", line=33)]
    assert said(run(keys, data)) == [
        (
            src(33),
            "endpoint 'e': path parameter {bookId} does not name Book's key 'slug'; write "
            "/books/{slug}",
            "path",
        )
    ]


def test_a_path_clash_is_reported_at_the_later_endpoint_with_the_fix() -> None:
    data = plan()
    data["api_surface"] = [
        endpoint("get-book", "GET", "/books/{id}", line=31),
        endpoint("delete-book", "DELETE", "/books/{bookId}", line=34, response=None),
    ]
    assert said(run(keys, data)) == [
        (
            src(34),
            "endpoint 'delete-book': path '/books/{bookId}' is the same path as '/books/{id}' "
            f"(endpoint 'get-book', {src(31)}) with other parameter names; use one name in "
            "both: {bookId} → {id}",
            "path",
        )
    ]
