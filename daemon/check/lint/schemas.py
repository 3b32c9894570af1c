"""Lint rules on every schema object: types against keywords, enums, number ranges, required
properties that exist, and meaningful composition."""

from __future__ import annotations

from typing import Any

from ...openapi.pointer import get_at, resolve
from ...openapi.walk import Path, iter_schemas
from .rules import Out

_COMPOSITION = ("allOf", "anyOf", "oneOf")
_MAX_DEPTH = 32  # how deep _defines follows refs and composition before it gives up


def check_schemas(doc: dict[str, Any], out: Out) -> None:
    for at, schema, _via in iter_schemas(doc):
        types = _types(schema)
        if types is not None:
            _typed(schema, types, at, out)
        enum = schema.get("enum")
        if isinstance(enum, list):
            _enum(enum, types, at, out)
        _ranges(schema, at, out)
        _required(doc, schema, at, out)
        _composition(schema, at, out)


def json_type(value: Any) -> str:
    """The JSON Schema type name of a value (``integer`` for whole numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _types(schema: dict[str, Any]) -> list[str] | None:
    t = schema.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list) and all(isinstance(x, str) for x in t):
        return list(t)
    return None


# --------------------------------------------------------------------------- types


def _typed(schema: dict[str, Any], types: list[str], at: Path, out: Out) -> None:
    if "array" in types and "items" not in schema and "prefixItems" not in schema:
        out("array-items", at, "a schema with type array needs items")
    if len(types) == 1:
        _single_type(schema, types[0], at, out)


def _single_type(schema: dict[str, Any], type_: str, at: Path, out: Out) -> None:
    if type_ != "array" and "items" in schema:
        out("no-schema-type-mismatch", (*at, "items"), f"'{type_}' has items")
    if type_ != "object" and "properties" in schema:
        out("no-schema-type-mismatch", (*at, "properties"), f"'{type_}' has properties")


def _enum(enum: list[Any], types: list[str] | None, at: Path, out: Out) -> None:
    seen: list[Any] = []
    for i, value in enumerate(enum):
        if _repeats(value, seen):
            out("duplicated-entry-in-enum", (*at, "enum", i), f"enum value {value!r} repeats")
        seen.append(value)
        if types is not None and not _of_type(json_type(value), types):
            out("typed-enum", (*at, "enum", i), f"enum value {value!r} is not of type {types}")


def _repeats(value: Any, seen: list[Any]) -> bool:
    # 1 and True are equal in Python, not in JSON.
    return any(value == s and json_type(value) == json_type(s) for s in seen)


def _of_type(value_type: str, types: list[str]) -> bool:
    return value_type in types or (value_type == "integer" and "number" in types)


def _ranges(schema: dict[str, Any], at: Path, out: Out) -> None:
    for bound in ("minimum", "maximum"):
        exclusive = "exclusive" + bound.capitalize()
        if bound in schema and exclusive in schema:
            out("no-mixed-number-range-constraints", at, f"both {bound} and {exclusive}")


# --------------------------------------------------------------------------- required


def _required(doc: dict[str, Any], schema: dict[str, Any], at: Path, out: Out) -> None:
    required = schema.get("required")
    if not isinstance(required, list):
        return
    parent = _composition_parent(doc, at)
    for i, name in enumerate(required):
        if isinstance(name, str) and not _defined_here(doc, schema, parent, name):
            out(
                "no-required-schema-properties-undefined",
                (*at, "required", i),
                f"required property '{name}' is not defined",
            )


def _composition_parent(doc: dict[str, Any], at: Path) -> Any:
    # A part of allOf/anyOf/oneOf may require what its parent schema defines.
    if len(at) >= 3 and at[-2] in _COMPOSITION:
        return get_at(doc, [str(p) for p in at[:-2]])[1]
    return None


def _defined_here(doc: dict[str, Any], schema: dict[str, Any], parent: Any, name: str) -> bool:
    return _defines(doc, schema, name) or (parent is not None and _defines(doc, parent, name))


def _defines(doc: dict[str, Any], schema: Any, name: str, depth: int = 0) -> bool:
    """Whether ``schema`` defines property ``name``: itself, in any allOf part, or in every
    anyOf/oneOf branch (refs followed)."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return False
    return (
        _has_property(schema, name)
        or any(_defines(doc, s, name, depth + 1) for s in schema.get("allOf") or [])
        or _every_branch_defines(doc, schema, name, depth)
    )


def _has_property(schema: dict[str, Any], name: str) -> bool:
    props = schema.get("properties")
    return isinstance(props, dict) and name in props


def _every_branch_defines(
    doc: dict[str, Any], schema: dict[str, Any], name: str, depth: int
) -> bool:
    for kw in ("anyOf", "oneOf"):
        subs = schema.get(kw)
        if isinstance(subs, list) and subs and all(_defines(doc, s, name, depth + 1) for s in subs):
            return True
    return False


# --------------------------------------------------------------------------- composition


def _composition(schema: dict[str, Any], at: Path, out: Out) -> None:
    for kw in _COMPOSITION:
        subs = schema.get(kw)
        if isinstance(subs, list):
            _composition_size(schema, kw, subs, at, out)
            _composition_parts(kw, subs, at, out)


def _composition_size(schema: dict[str, Any], kw: str, subs: list[Any], at: Path, out: Out) -> None:
    # One allOf part beside other keywords is a way to add to a $ref: meaningful.
    lonely = kw != "allOf" or len(schema) == 1
    if len(subs) < 2 and lonely and "discriminator" not in schema:
        out("no-illogical-composition-keywords", (*at, kw), f"{kw} needs two or more schemas")


def _composition_parts(kw: str, subs: list[Any], at: Path, out: Out) -> None:
    for i, sub in enumerate(subs):
        if sub == {}:
            out("no-illogical-composition-keywords", (*at, kw, i), f"empty schema in {kw}")
        elif sub in subs[:i]:
            out("no-illogical-composition-keywords", (*at, kw, i), f"duplicate schema in {kw}")
