"""The SpecGenerator (issue #3 item 1): structure, stability, examples, real validators."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from intentd import yamlio
from intentd.specgen.compiler import compile_spec, emit_json, emit_yaml, operation_ids
from tests.helpers import ROOT
from tests.helpers.specgen_fixtures import ALL_CASES, bookshop, synthetic_handoff, wide_entity

METHODS = ("get", "put", "post", "delete", "patch")
_CACHE: dict[str, dict[str, Any]] = {}


def compiled(name: str) -> dict[str, Any]:
    if name not in _CACHE:
        factory = ALL_CASES.get(name)
        handoff = factory() if factory else synthetic_handoff(300)
        _CACHE[name] = compile_spec(handoff, api_version="1.4.0")
    return _CACHE[name]


CASES = [*ALL_CASES, "synthetic300"]


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield path, method, op


def ptr(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def check_instance(doc: dict[str, Any], pointer: str, instance: Any) -> list[str]:
    registry = Registry().with_resource("urn:spec", DRAFT202012.create_resource(doc))
    validator = Draft202012Validator(
        {"$ref": f"urn:spec#/{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{pointer}: {e.message}" for e in validator.iter_errors(instance)]


def example_errors(doc: dict[str, Any]) -> list[str]:
    """Every example in the document checked against its schema (JSON Schema 2020-12)."""
    errors: list[str] = []
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        for example in schema.get("examples", []):
            errors += check_instance(doc, ptr("components", "schemas", name), example)
    media: list[tuple[str, dict[str, Any]]] = []
    for name, resp in doc.get("components", {}).get("responses", {}).items():
        for mt, body in resp.get("content", {}).items():
            media.append((ptr("components", "responses", name, "content", mt), body))
    for path, method, op in operations(doc):
        base = ("paths", path, method)
        for i, param in enumerate(op.get("parameters", [])):
            if "example" in param:
                errors += check_instance(
                    doc, ptr(*base, "parameters", str(i), "schema"), param["example"]
                )
        for mt, body in op.get("requestBody", {}).get("content", {}).items():
            media.append((ptr(*base, "requestBody", "content", mt), body))
        for code, resp in op["responses"].items():
            for mt, body in resp.get("content", {}).items():
                media.append((ptr(*base, "responses", code, "content", mt), body))
    for pointer, body in media:
        assert body.get("examples"), f"{pointer}: no example"
        for ex in body["examples"].values():
            errors += check_instance(doc, pointer + "/schema", ex["value"])
    return errors


# --------------------------------------------------------------------------- structure


def test_document_header() -> None:
    doc = compiled("bookshop")
    assert list(doc)[:3] == ["openapi", "info", "x-intentd"]
    assert doc["openapi"] == "3.1.0"
    info = doc["info"]
    assert info["title"] == "Bookshop" and info["version"] == "1.4.0" and info["description"]
    assert info["license"] == {"name": "MIT", "identifier": "MIT"}
    assert info["contact"]["email"] == "api@bookshop.test"
    meta = doc["x-intentd"]
    assert meta["api_version"] == "1.4.0" and meta["spec_version"] == "3.1.0"
    assert re.fullmatch(r"[0-9a-f]{12}", meta["revision"])
    assert meta["generated_by"]["tool"] == "intentd"
    assert meta["generated_by"]["planner"] == "offline"
    assert doc["servers"] == [{"url": "https://api.bookshop.test/v1", "description": "Production"}]
    assert [t["name"] for t in doc["tags"]] == [
        "accounts",
        "browse-catalog",
        "manage-catalog",
        "orders",
        "reviews",
        "newsletter",
    ]
    assert all(t["description"] for t in doc["tags"])


def test_default_server_and_no_security_schemes() -> None:
    doc = compiled("self_reference")
    assert doc["servers"][0]["url"] == "http://127.0.0.1:8000"
    assert "securitySchemes" not in doc["components"]
    assert all(op["security"] == [] for _, _, op in operations(doc))


@pytest.mark.parametrize("case", CASES)
def test_every_operation_is_complete(case: str) -> None:
    doc = compiled(case)
    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert len(ids) == len(set(ids))
    tags = {t["name"] for t in doc["tags"]}
    for path, method, op in operations(doc):
        where = f"{method} {path}"
        assert re.fullmatch(r"[A-Za-z0-9_]+", op["operationId"]), where
        assert op["summary"] and op["description"] and set(op["tags"]) <= tags, where
        codes = set(op["responses"])
        assert any(c.startswith("2") for c in codes), where
        assert any(c.startswith("4") for c in codes), where
        assert "security" in op, where
        assert set(op["x-agent-meta"]) == {"intent_id", "feature", "api_surface_id", "source"}
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{([^}]+)\}", path)), where
        assert ("404" in codes) == bool(declared), where
        assert ("401" in codes) == ("403" in codes) == bool(op["security"]), where


def test_status_codes_follow_the_rules() -> None:
    doc = compiled("bookshop")
    paths = doc["paths"]
    assert set(paths["/books"]["post"]["responses"]) == {
        "201",
        "400",
        "401",
        "403",
        "409",
        "422",
        "429",
    }
    assert set(paths["/books/{bookId}"]["delete"]["responses"]) == {
        "204",
        "400",
        "401",
        "403",
        "404",
        "429",
    }
    assert set(paths["/auth/login"]["post"]["responses"]) == {"200", "400", "422", "429"}
    # Orders need auth by policy (features_requiring_auth) even though the endpoint says no.
    assert paths["/orders/{id}"]["get"]["security"] == [{"bearerAuth": []}]
    assert paths["/books"]["get"]["security"] == []
    assert paths["/search"]["get"]["deprecated"] is True
    problem = doc["components"]["responses"]["NotFound"]["content"]
    assert problem["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    retry = doc["components"]["responses"]["TooManyRequests"]["headers"]
    assert "Retry-After" in retry


def test_security_scheme_from_policy() -> None:
    bearer = compiled("bookshop")["components"]["securitySchemes"]["bearerAuth"]
    assert bearer["type"] == "http" and bearer["scheme"] == "bearer"
    assert bearer["bearerFormat"] == "JWT" and "POST /auth/refresh" in bearer["description"]
    oauth = compiled("escaping")["components"]["securitySchemes"]["oauth2"]
    assert set(oauth["flows"]["authorizationCode"]["scopes"]) == {"read:all", "write"}
    key = compiled("mutual_reference")["components"]["securitySchemes"]["apiKeyAuth"]
    assert key == {**key, "type": "apiKey", "in": "header", "name": "X-API-Key"}


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


def test_request_and_query_parameters() -> None:
    doc = compiled("bookshop")
    get = doc["paths"]["/books"]["get"]
    page, size = get["parameters"]
    assert (page["name"], size["name"]) == ("page", "pageSize")
    assert size["schema"]["maximum"] == 100 and page["schema"]["minimum"] == 1
    nested = doc["paths"]["/authors/{authorId}/books"]["get"]["parameters"][0]
    author_id = doc["components"]["schemas"]["Author"]["examples"][0]["id"]
    assert nested["schema"]["format"] == "uuid" and nested["example"] == author_id
    patch = doc["paths"]["/books/{bookId}"]["patch"]["requestBody"]["content"]
    assert patch["application/json"]["schema"]["$ref"].endswith("/BookUpdate")
    post = doc["paths"]["/books"]["post"]["requestBody"]["content"]
    assert post["application/json"]["schema"]["$ref"].endswith("/BookCreate")


@pytest.mark.parametrize("case", CASES)
def test_no_unused_components(case: str) -> None:
    doc = compiled(case)
    text = json.dumps({k: v for k, v in doc.items() if k != "components"})
    components = doc["components"]
    for kind in ("schemas", "responses"):
        for name in components.get(kind, {}):
            ref = json.dumps(f"#/components/{kind}/{name}")
            others = {k: v for k, v in components[kind].items() if k != name}
            assert (
                ref in text
                or ref in json.dumps(others)
                or ref in json.dumps(components.get("responses", {}))
            ), f"unused {kind}/{name}"


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


# --------------------------------------------------------------------------- cycles, size, names


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


def test_operation_ids_are_stable_across_unrelated_edits() -> None:
    h = bookshop()
    before = operation_ids(h.api_surface)
    after = operation_ids(h.api_surface[1:])
    assert all(before[k] == v for k, v in after.items())
    assert before["list-author-books"] == "listAuthorBooks"


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("case", CASES)
def test_byte_stable_and_same_content(case: str) -> None:
    factory = ALL_CASES.get(case)
    make = factory if factory else (lambda: synthetic_handoff(300))
    first = compile_spec(make(), api_version="1.4.0")
    second = compile_spec(make(), api_version="1.4.0")
    assert emit_yaml(first) == emit_yaml(second)
    assert emit_json(first) == emit_json(second)
    text = emit_yaml(first)
    if factory:  # ruamel's own emitter takes seconds on the 300-operation case
        assert text == yamlio.dumps(first)  # the fast emitter writes yamlio's exact style
    assert json.loads(emit_json(first)) == first
    assert emit_json(first).endswith("}\n")


def test_revision_tracks_the_handoff() -> None:
    h = bookshop()
    a = compile_spec(h, api_version="1.0.0")["x-intentd"]["revision"]
    changed = h.model_copy(update={"description": "Something else."})
    b = compile_spec(changed, api_version="1.0.0")["x-intentd"]["revision"]
    assert a != b
    assert compile_spec(h, api_version="2.0.0")["x-intentd"]["revision"] == a


_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.text(max_size=30))
_json = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=12), _json, min_size=1, max_size=5))
def test_fast_yaml_matches_yamlio(data: dict[str, Any]) -> None:
    assert yamlio.dumps_fast(data) == yamlio.dumps(data)


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize("case", CASES)
def test_openapi_spec_validator_accepts(case: str) -> None:
    errors = [e.message for e in OpenAPIV31SpecValidator(compiled(case)).iter_errors()]
    assert errors == []


@pytest.mark.parametrize("case", CASES)
def test_every_example_validates(case: str) -> None:
    assert example_errors(compiled(case)) == []


def test_contact_and_license_only_when_given() -> None:
    h = bookshop()
    bare = h.model_copy(
        update={"api_info": h.api_info.model_copy(update={"contact": None, "license": None})}
    )
    info = compile_spec(bare, api_version="0.1.0")["info"]
    assert "contact" not in info and "license" not in info


def test_note_defaults_and_examples() -> None:
    from tests.helpers.specgen_fixtures import note

    h = bookshop()
    h = h.model_copy(
        update={"notes_for_spec": [*h.notes_for_spec, note("Book.stock", "example", "7")]}
    )
    doc = compile_spec(h, api_version="0.1.0")
    book = doc["components"]["schemas"]["Book"]
    assert book["examples"][0]["stock"] == 7
    assert book["properties"]["published"]["default"] is False
    assert book["properties"]["price"]["multipleOf"] == 0.01
    assert example_errors(doc) == []


def test_wide_entity_example_respects_notes() -> None:
    doc = compile_spec(wide_entity(), api_version="0.1.0")
    example = doc["components"]["schemas"]["Wide"]["examples"][0]
    assert len(example["field0"]) <= 12 and example["field1"] >= 10


# --------------------------------------------------------------------------- properties

_PATTERNS = [r"^[A-Z]{2}[0-9]{3}$", r"^[a-z0-9-]+$", r"^\d{4}-\d{2}$", r"^(red|green)$", r"x+y?"]


@st.composite
def _field_with_notes(draw: st.DrawFn, i: int) -> tuple[Any, list[Any]]:
    from tests.helpers.specgen_fixtures import fld, note

    kind = draw(st.sampled_from(["string", "integer", "number", "boolean", "enum", "array"]))
    name = f"f{i}"
    field = fld(
        name,
        kind,
        required=draw(st.booleans()),
        enum=["a b", "yes", "Ü"] if kind == "enum" else None,
        of=draw(st.sampled_from(["string", "integer"])) if kind == "array" else None,
    )
    target = f"Thing.{name}"
    notes = []
    if kind in ("integer", "number"):
        low = draw(st.integers(-50, 50))
        multiple = draw(st.sampled_from([None, "1", "5", "0.5"]))
        # A range narrower than the multiple may hold none: that intent is contradictory.
        high = low + draw(st.integers(10 if multiple else 2, 100))
        lower = draw(st.sampled_from(["min", "exclusive_min"]))
        upper = draw(st.sampled_from(["max", "exclusive_max"]))
        notes += [note(target, lower, str(low)), note(target, upper, str(high))]
        if multiple:
            notes.append(note(target, "multiple_of", multiple))
    elif kind == "string":
        if draw(st.booleans()):
            notes.append(note(target, "pattern", draw(st.sampled_from(_PATTERNS))))
        else:
            low = draw(st.integers(0, 20))
            notes += [
                note(target, "min_length", str(low)),
                note(target, "max_length", str(low + draw(st.integers(0, 5)))),
            ]
    elif kind == "array":
        low = draw(st.integers(0, 3))
        notes += [note(target, "min_items", str(low)), note(target, "max_items", str(low + 2))]
        if draw(st.booleans()):
            notes.append(note(target, "unique_items"))
    return field, notes


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_constraints_give_valid_examples(data: st.DataObject) -> None:
    from tests.helpers.specgen_fixtures import entity as make_entity
    from tests.helpers.specgen_fixtures import ep, feature, handoff, ident

    count = data.draw(st.integers(1, 6))
    drawn = [data.draw(_field_with_notes(i)) for i in range(count)]
    fields = [ident(), *(f for f, _ in drawn)]
    notes = [n for _, ns in drawn for n in ns]
    h = handoff(
        "Props",
        [feature("things", "Things")],
        [make_entity("Thing", fields)],
        [
            ep("create-thing", "POST", "/things", "things", entity="Thing", request="Thing"),
            ep("get-thing", "GET", "/things/{id}", "things", entity="Thing"),
        ],
        notes=notes,
    )
    doc = compile_spec(h, api_version="0.1.0")
    assert example_errors(doc) == []
    assert list(OpenAPIV31SpecValidator(doc).iter_errors()) == []


def test_same_bytes_in_another_process() -> None:
    import subprocess
    import sys

    code = (
        "from tests.helpers.specgen_fixtures import bookshop;"
        "from intentd.specgen.compiler import compile_spec, emit_json;"
        "print(emit_json(compile_spec(bookshop(), api_version='1.0.0')), end='')"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outs == {emit_json(compile_spec(bookshop(), api_version="1.0.0"))}
