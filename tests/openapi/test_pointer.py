"""One reading of a pointer: escapes, percent-encoding, external refs, cycles."""

from __future__ import annotations

from intentd.openapi.pointer import parse_pointer, pointer, ref_to, resolve, target
from intentd.openapi.walk import METHODS, iter_operations, refs_in

DOC = {
    "paths": {"/a/{id}": {"get": {"operationId": "a"}, "parameters": []}},
    "components": {
        "schemas": {
            "A B": {"type": "string"},
            "x/y~z": {"type": "integer"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Chain": {"$ref": "#/components/schemas/A%20B"},
        }
    },
}


def test_percent_encoded_fragment_resolves() -> None:
    assert target(DOC, "#/components/schemas/A%20B") == (True, {"type": "string"})
    assert resolve(DOC, {"$ref": "#/components/schemas/Chain"}) == {"type": "string"}


def test_escapes_round_trip_through_ref_to() -> None:
    path = ("components", "schemas", "x/y~z")
    assert pointer(path) == "#/components/schemas/x~1y~0z"
    assert parse_pointer(ref_to(path)) == list(path)
    assert target(DOC, ref_to(("components", "schemas", "A B")))[0]


def test_external_missing_and_cyclic_refs_are_not_found() -> None:
    assert target(DOC, "other.yaml#/components/schemas/A") == (False, None)
    assert target(DOC, "#/components/schemas/Nope") == (False, None)
    assert resolve(DOC, {"$ref": "#/components/schemas/Loop"}) is None


def test_walkers_share_the_method_list() -> None:
    assert [(k, m) for k, m, _op, _at in iter_operations(DOC)] == [("/a/{id}", "get")]
    assert METHODS[0] == "get" and len(METHODS) == 8
    assert refs_in(DOC) == {
        "#/components/schemas/Loop",
        "#/components/schemas/A%20B",
    }
