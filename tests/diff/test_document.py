"""One document's view: ``$ref`` resolution with OAS 3.1 siblings, and which refs are unstable."""

from __future__ import annotations

from typing import Any

from intentd.diff.document import Document, tok, unstable_refs
from intentd.openapi.pointer import pointer

SCHEMAS: dict[str, Any] = {
    "A B": {"type": "string", "description": "inner"},
    "Alias": {"$ref": "#/components/schemas/A%20B", "description": "alias"},
    "Loop": {"$ref": "#/components/schemas/Loop"},
    "Holder": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Alias"}}},
}


def _doc(schemas: dict[str, Any] = SCHEMAS) -> Document:
    return Document({"components": {"schemas": schemas}})


def test_siblings_of_a_ref_override_its_target_outermost_first() -> None:
    node, ref = _doc().deref({"$ref": "#/components/schemas/Alias", "description": "outer"})
    assert ref == "#/components/schemas/A%20B"  # percent-encoded, as a URI fragment is
    assert node == {"type": "string", "description": "outer"}


def test_a_self_reference_and_an_unresolvable_ref() -> None:
    assert _doc().deref({"$ref": "#/components/schemas/Loop"}) == ({}, "#/components/schemas/Loop")
    missing = {"$ref": "other.yaml#/A"}
    assert _doc().deref(missing) == (missing, None)
    assert _doc().resolved("not an object") == {}


def test_tokens_escape_as_the_openapi_pointer_does() -> None:
    assert tok("/books/{id}") == "~1books~1{id}" == pointer(["/books/{id}"])[2:]
    assert tok("a~b") == "a~0b"


def test_a_ref_is_unstable_when_what_it_reaches_changed() -> None:
    changed = {**SCHEMAS, "A B": {"type": "integer"}}
    unstable = unstable_refs(_doc(), _doc(changed))
    assert "#/components/schemas/A%20B" in unstable
    assert "#/components/schemas/Alias" in unstable  # reaches the changed one
    assert "#/components/schemas/Loop" not in unstable
    assert unstable_refs(_doc(), _doc()) == set()
