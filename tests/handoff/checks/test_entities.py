"""Entities: each field once, relationships and unique constraints that resolve, in that order."""

from __future__ import annotations

from intentd.handoff.checks.entities import entities

from ..plans import field, plan, run, said


def test_a_repeated_field_is_reported_at_the_entity() -> None:
    data = plan()
    data["entities"][0]["fields"].append(field("title", line=23))
    assert said(run(entities, data)) == [
        ("intent/app.md:10", "entity Book: field 'title' is defined twice", "unique-field")
    ]


def test_a_relationship_must_target_a_known_entity() -> None:
    data = plan()
    data["entities"][1]["relationships"] = [
        {"kind": "one-to-many", "target": "Book", "name": "books", "expand": False, "source": "intent/app.md:28"},
        {"kind": "one-to-many", "target": "Shelf", "name": "shelves", "expand": False, "source": "intent/app.md:29"},
    ]  # fmt: skip
    assert said(run(entities, data)) == [
        ("intent/app.md:29", "Author: relationship to unknown entity 'Shelf'", "ref")
    ]


def test_a_unique_constraint_must_name_fields_of_its_entity() -> None:
    data = plan()
    data["entities"][0]["unique_constraints"] = [
        {"fields": ["title", "isbn", "name"], "source": "intent/app.md:24"}
    ]
    assert said(run(entities, data)) == [
        ("intent/app.md:24", "Book: unique constraint names unknown field 'isbn'", "ref"),
        ("intent/app.md:24", "Book: unique constraint names unknown field 'name'", "ref"),
    ]


def test_findings_come_entity_by_entity_in_the_order_of_their_parts() -> None:
    data = plan()
    book, author = data["entities"]
    book["unique_constraints"] = [{"fields": ["isbn"], "source": "intent/app.md:24"}]
    book["relationships"] = [
        {"kind": "one-to-one", "target": "Shelf", "name": "shelf", "expand": False, "source": "intent/app.md:23"}
    ]  # fmt: skip
    book["fields"] += [field("title", line=21), field("x", "ref", line=29)]
    author["fields"].append(field("y", "enum", line=30))
    assert [(loc, rule) for loc, _, rule in said(run(entities, data))] == [
        ("intent/app.md:10", "unique-field"),  # Book: repeats first,
        ("intent/app.md:29", "ref"),  # then its fields,
        ("intent/app.md:23", "ref"),  # its relationships,
        ("intent/app.md:24", "ref"),  # its unique constraints;
        ("intent/app.md:30", "enum"),  # then Author.
    ]
