"""Notes for spec: a known target, and a value the constraint can use."""

from __future__ import annotations

import re

import pytest

from intentd.handoff.checks.notes import notes

from ..plans import note, plan, run, said

AT = "intent/app.md:40"


def _found(target: str, constraint: str, value: str | None) -> list[tuple[str, str, str]]:
    data = plan()
    data["notes_for_spec"] = [note(target, constraint, value)]
    return said(run(notes, data))


def test_an_unknown_entity_is_the_only_finding_for_its_note() -> None:
    assert _found("Shelf.size", "min", "many") == [
        (AT, "note for spec targets unknown entity 'Shelf'", "ref")
    ]


def test_an_unknown_field_is_reported_and_the_value_still_judged() -> None:
    assert _found("Book.isbn", "min", "many") == [
        (AT, "note for spec targets unknown field 'Book.isbn'", "ref"),
        (AT, "Book.isbn: 'min' needs a number", "note"),
    ]


def test_a_note_may_target_a_whole_entity() -> None:
    assert _found("Book", "example", "{}") == []


@pytest.mark.parametrize(
    ("constraint", "value", "message"),
    [
        ("default", None, "constraint 'default' needs a value"),
        ("max", "1e3", "'max' needs a number"),
        ("multiple_of", "abc", "'multiple_of' needs a number"),
        ("min_length", "-1", "'min_length' needs a whole number"),
        ("max_items", "2.0", "'max_items' needs a whole number"),
    ],
)
def test_a_value_that_does_not_suit_its_constraint(
    constraint: str, value: str | None, message: str
) -> None:
    assert _found("Book.title", constraint, value) == [(AT, f"Book.title: {message}", "note")]


@pytest.mark.parametrize(
    ("constraint", "value"),
    [
        ("min", "-2.5"),
        ("exclusive_max", "10"),
        ("max_length", "80"),
        ("uuid", None),
        ("pattern", "^[a-z]+$"),
    ],
)
def test_values_that_suit_their_constraint(constraint: str, value: str | None) -> None:
    assert _found("Book.title", constraint, value) == []


def test_an_invalid_pattern_carries_the_regex_error() -> None:
    with pytest.raises(re.error) as caught:
        re.compile("[a-")
    assert _found("Book.title", "pattern", "[a-") == [
        (AT, f"Book.title: invalid pattern: {caught.value}", "note")
    ]
