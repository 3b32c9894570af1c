"""The parameters of one operation: path parameters from the path, query and header ones by role.

Part of the SpecGenerator (issue 10, item 1). A path parameter is typed as the key of the entity
it identifies (``{bookId}`` a uuid, ``{slug}`` the slug's schema). A query or header parameter
compiles by its role: a filter takes the schema of the field or relation it works on, ``sort``
an enum of its values, a paging control its bounded integer (or the cursor's string), ``other``
its own type. Every parameter carries an example that fits its schema.
"""

from __future__ import annotations

import re
from typing import Any

from ..handoff import Endpoint, Entity, Parameter
from .constraints import typed
from .examples import example_for
from .properties import SCALARS, ordered
from .shapes import EntityShapes
from .text import clean_text, enum_varnames, singular

PAGE_SIZE_MAX = 100
PAGE_SIZE_DEFAULT = 20
_PARAM_RE = re.compile(r"\{([^{}]+)\}")
_INT32 = {"type": "integer", "format": "int32"}
_DROP = frozenset({"description", "default", "readOnly", "writeOnly", "examples"})
_PAGING_TEXT = {
    "page": "1-based page number.",
    "page_size": f"Items per page (at most {PAGE_SIZE_MAX}).",
    "limit": f"How many items to return (at most {PAGE_SIZE_MAX}).",
    "offset": "How many items to skip.",
    "cursor": "Where to continue: the cursor the previous page returned.",
    "search": "Full-text search.",
}

Shapes = dict[str, EntityShapes]


def path_names(path: str) -> list[str]:
    return _PARAM_RE.findall(path)


# --------------------------------------------------------------------------- path parameters


def path_param(shapes: Shapes, ep: Endpoint, name: str) -> dict[str, Any]:
    found = path_entity(shapes, ep, name)
    if found is not None:
        schema = dict(found.id_schema)
        example = found.id_example
        entity = found.entity.name
        key = found.key or "id"
        text = f"Identifier of the {entity}." if key == "id" else f"The {key} of the {entity}."
    else:
        schema = {"type": "string", "minLength": 1}
        example = "example"
        text = f"The '{name}' path segment."
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": text,
        "schema": schema,
        "example": example,
    }


def path_entity(shapes: Shapes, ep: Endpoint, name: str) -> EntityShapes | None:
    """The entity a path parameter identifies: ``{id}`` the endpoint's, ``{bookId}`` Book,
    ``{slug}`` the one whose key is ``slug`` (the endpoint's, else the segment before it)."""
    target = shapes.get(ep.entity or ep.response or ep.request or "")
    names = path_names(ep.path)
    if name == "id" or (target and target.key == name and names[-1:] == [name]):
        return target
    by_segment = _segment_entity(shapes, ep.path, name)
    if by_segment is not None:
        return by_segment
    for suffix in ("Id", "_id"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return _named_entity(shapes, ep, name[: -len(suffix)])
    keyed = [s for s in shapes.values() if s.key == name]
    return keyed[0] if len(keyed) == 1 else _stem_key(shapes, name)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _segment_entity(shapes: Shapes, path: str, name: str) -> EntityShapes | None:
    """``/articles/{slug}``: the entity the segment before the parameter names, keyed by it."""
    segments = path.split("/")
    if "{" + name + "}" not in segments:
        return None
    at = segments.index("{" + name + "}")
    before = _norm(segments[at - 1]) if at > 0 else ""
    for shape in shapes.values():
        entity = _norm(shape.entity.name)
        if shape.key == name and before in (entity, entity + "s", entity + "es", singular(before)):
            return shape
        if shape.key == name and singular(before) == entity:
            return shape
    return None


def _stem_key(shapes: Shapes, name: str) -> EntityShapes | None:
    """``{articleSlug}``: Article keyed by ``slug``."""
    for shape in shapes.values():
        key = shape.key or ""
        if key and _norm(name) == _norm(shape.entity.name + key):
            return shape
    return None


def _named_entity(shapes: Shapes, ep: Endpoint, stem: str) -> EntityShapes | None:
    for entity_name, shape in shapes.items():
        if entity_name.lower() == stem.lower().replace("_", ""):
            return shape
    if ep.entity and stem.lower() in (ep.entity.lower(), ""):
        return shapes.get(ep.entity)
    return None


# --------------------------------------------------------------------------- query and header


def parameter(shapes: Shapes, param: Parameter) -> dict[str, Any]:
    """A query or header parameter, compiled by its role."""
    schema = ordered(_schema(shapes, param))
    if param.default is not None and param.role != "cursor":
        schema["default"] = typed(param.default, schema)
    schema = ordered(schema)
    seed = f"{param.location}.{param.name}"
    example = example_for(schema, seed, lambda ref: "example")
    return {
        "name": param.name,
        "in": param.location,
        "required": param.required,
        "description": clean_text(param.description) or _text(shapes, param),
        "schema": schema,
        "example": example,
    }


def _schema(shapes: Shapes, param: Parameter) -> dict[str, Any]:
    role = param.role
    if role == "page":
        return {**_INT32, "minimum": 1, "default": 1}
    if role in ("page_size", "limit"):
        return {**_INT32, "minimum": 1, "maximum": _max(param), "default": PAGE_SIZE_DEFAULT}
    if role == "offset":
        return {**_INT32, "minimum": 0, "default": 0}
    if role in ("cursor", "search"):
        return {"type": "string"}
    if role == "sort" and param.enum_values:
        return _enum(param.enum_values)
    if role in ("equals", "from", "to"):
        target = _target_schema(shapes, param.target or "", role == "equals")
        if target is not None:
            return target
    return _by_type(param)


def _max(param: Parameter) -> int:
    try:
        return max(PAGE_SIZE_MAX, int(param.default or PAGE_SIZE_MAX))
    except ValueError:
        return PAGE_SIZE_MAX


def _enum(values: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": list(values)}
    if any(not re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in values):
        # `-createdAt` sorts descending: CreatedAtDesc, not CreatedAt2.
        named = [v[1:] + " desc" if v.startswith("-") else v for v in values]
        schema["x-enum-varnames"] = enum_varnames(named)
    return schema


def _by_type(param: Parameter) -> dict[str, Any]:
    if param.type == "enum":
        return _enum(param.enum_values or ["value"])
    if param.type == "array":
        return {"type": "array", "items": dict(SCALARS[param.of or "string"])}
    return dict(SCALARS[param.type])


def _target_schema(shapes: Shapes, target: str, equals: bool) -> dict[str, Any] | None:
    """The schema of what a filter works on: the field's (an array's item), or the key of the
    entity a ref or relationship names."""
    name, _, member = target.partition(".")
    shape = shapes.get(name)
    if shape is None:
        return None
    field = next((f for f in shape.entity.fields if f.name == member), None)
    if field is None:
        return _relation_key(shapes, shape.entity, member)
    other = field.ref if field.type == "ref" else field.of
    if other in shapes and field.type in ("ref", "array"):
        return _key_of(shapes[other or ""])
    return _field_filter(shape, field.name, equals)


def _field_filter(shape: EntityShapes, name: str, equals: bool) -> dict[str, Any] | None:
    """A field's own schema (an array's item type for ``equals``), without its annotations."""
    prop = next((p for p in shape.props if p.name == name and p.in_read), None)
    if prop is None:
        return None
    schema = prop.schema
    if schema.get("type") == "array" and equals:
        schema = schema.get("items", {"type": "string"})
    if "$ref" in schema or schema.get("type") == "object":
        return None
    return {k: v for k, v in schema.items() if k not in _DROP}


def _relation_key(shapes: Shapes, entity: Entity, member: str) -> dict[str, Any] | None:
    rel = next((r for r in entity.relationships if r.name == member), None)
    if rel is None or rel.target not in shapes:
        return None
    return _key_of(shapes[rel.target])


def _key_of(shape: EntityShapes) -> dict[str, Any]:
    return {k: v for k, v in shape.id_schema.items() if k not in _DROP}


def _text(shapes: Shapes, param: Parameter) -> str:
    if param.role in _PAGING_TEXT:
        return _PAGING_TEXT[param.role]
    if param.role == "sort":
        return "Sort order: a field, or '-' and a field for descending."
    entity, _, member = (param.target or "").partition(".")
    what = f"{entity} records" if entity else "records"
    if param.role == "equals" and member:
        return f"Only {what} whose {member} is this value."
    if param.role == "from" and member:
        return f"Only {what} whose {member} is on or after this value."
    if param.role == "to" and member:
        return f"Only {what} whose {member} is on or before this value."
    return f"The '{param.name}' parameter."
