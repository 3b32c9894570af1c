"""What the specgen tests share: compiled cases (cached), operation walks, example checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from intentd.specgen import compile_spec
from tests.helpers.specgen_fixtures import ALL_CASES, synthetic_handoff

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
