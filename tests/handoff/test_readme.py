"""The plan README: features, a Mermaid ER diagram, rules and the endpoint list."""

from __future__ import annotations

from intentd.handoff.readme import render

from .plans import handoff, plan


def test_the_er_diagram_draws_relationships_and_only_undrawn_refs() -> None:
    data = plan()
    book, author = data["entities"]
    author["relationships"] = [
        {"kind": "one-to-many", "target": "Book", "name": "books", "expand": False, "source": "intent/app.md:28"}
    ]  # fmt: skip
    book["relationships"] = [
        {"kind": "many-to-many", "target": "Author", "name": "coauthors", "expand": False, "source": "intent/app.md:23"}
    ]  # fmt: skip
    author["fields"].append({**book["fields"][2], "name": "favourite", "ref": "Book"})
    text = render(handoff(data))
    links = [line for line in text.splitlines() if " : " in line]
    assert links == [
        '    Book }o--o{ Author : "coauthors"',  # Book.author is drawn by this relationship
        '    Author ||--o{ Book : "books"',
    ]
    assert "        Author_ref author FK" in text


def test_a_ref_without_a_relationship_gets_its_own_line() -> None:
    text = render(handoff(plan()))
    assert '    Book }o--|| Author : "author"' in text
    assert text.endswith("`none`.\n") and not text.endswith("\n\n") and "\n\n\n" not in text


def test_rules_and_unique_constraints_are_listed_under_their_entity() -> None:
    data = plan()
    data["entities"][0]["business_rules"] = [{"text": "A | B", "source": "intent/app.md:11"}]
    data["entities"][0]["unique_constraints"] = [
        {"fields": ["title", "author"], "source": "intent/app.md:12"}
    ]
    text = render(handoff(data))
    assert "**Book**\n\n- A \\| B\n- unique: title, author\n\n" in text
    assert "**Author**" not in text
