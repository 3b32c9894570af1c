"""Entity shapes (issue #3 item 1): read/create/update, relations, cycles, size, names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from intentd import yamlio
from intentd.specgen import emit_json, emit_yaml
from tests.specgen.support import CASES, compiled, operations


def test_entity_shapes() -> None:
    schemas = compiled("bookshop")["components"]["schemas"]
    book, create, update = schemas["Book"], schemas["BookCreate"], schemas["BookUpdate"]
    assert book["properties"]["id"] == {
        "type": "string",
        "format": "uuid",
        "description": "Server-assigned id.",
        "readOnly": True,
    }
    assert book["properties"]["authorId"]["format"] == "uuid"
    assert book["properties"]["author"] == {"$ref": "#/components/schemas/Author"}
    assert book["properties"]["categoryIds"]["items"]["format"] == "uuid"
    assert book["properties"]["isbn"]["pattern"] == r"^97[89][0-9]{10}$"
    assert book["properties"]["title"]["maxLength"] == 200
    assert book["properties"]["createdAt"]["format"] == "date-time"
    assert book["properties"]["format"]["enum"] == ["hardcover", "paperback", "ebook"]
    assert "Business rules" in book["description"]
    assert "id" in book["required"] and "author" not in book["required"]
    assert "id" not in create["properties"] and "author" not in create["properties"]
    assert "createdAt" not in create["properties"] and "isbn" in create["required"]
    assert "required" not in update and set(update["properties"]) == set(create["properties"])
    paged = schemas["BookPage"]
    assert paged["required"] == ["items", "page", "pageSize", "total"]
    cred = schemas["CredentialsCreate"]["properties"]["password"]
    assert cred["writeOnly"] is True and cred["minLength"] == 8
    assert schemas["User"]["properties"]["email"]["format"] == "email"
    # Relations are ids; Category's self-reference stays an id, so no $ref cycle.
    assert "$ref" not in json.dumps(schemas["Category"])


def test_no_ref_siblings_and_conservative_schemas() -> None:
    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            yield node
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    for case in CASES:
        for node in walk(compiled(case)):
            if "$ref" in node:
                assert set(node) == {"$ref"}, node
            assert "prefixItems" not in node
            assert not isinstance(node.get("type"), list)


def test_self_and_mutual_references_compile() -> None:
    cat = compiled("self_reference")["components"]["schemas"]["Category"]
    assert cat["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Category"}
    assert cat["properties"]["parentId"]["format"] == "uuid"
    schemas = compiled("mutual_reference")["components"]["schemas"]
    assert schemas["Person"]["properties"]["team"] == {"$ref": "#/components/schemas/Team"}
    assert schemas["Team"]["properties"]["members"]["items"] == {
        "$ref": "#/components/schemas/Person"
    }


def test_wide_entity_and_many_operations() -> None:
    wide = compiled("wide_entity")["components"]["schemas"]["Wide"]
    assert len(wide["properties"]) == 60
    doc = compiled("synthetic300")
    assert sum(1 for _ in operations(doc)) == 300


def test_escaping_names() -> None:
    doc = compiled("escaping")
    schemas = doc["components"]["schemas"]
    assert "ProblemShape" in schemas and schemas["Problem"]["properties"]["null"]
    # The entity ObjectCreate keeps its name; Object's create shape steps aside.
    assert "ObjectCreate" in schemas and "ObjectCreateShape" in schemas
    ids = {op["x-agent-meta"]["api_surface_id"]: op["operationId"] for _, _, op in operations(doc)}
    assert ids["a-b1"] == "a_b1" and ids["a-b-1"] == "a_b_1"
    assert ids["create-object-2"] == "createObject2"
    assert doc["info"]["title"] == "Büchér & Co: API #1"
    assert "/cafés/{id}" in doc["paths"]
    text = emit_yaml(doc)
    assert yamlio.loads(text) == doc == json.loads(emit_json(doc))
    assert "\t" not in schemas["Object"]["description"]
