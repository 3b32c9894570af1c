"""One entity field → one property schema: a small builder per field kind, then the notes.

Part of the SpecGenerator. Relations are id fields (``author: ref(User)`` → ``authorId``, the
target's id schema); arrays of entities are id lists (``categories`` → ``categoryIds``).
Schemas stay conservative for code generators: no ``type`` arrays, no siblings next to
``$ref``, keywords in one stable order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..handoff import Entity, EntityField
from .constraints import Notes, apply_note
from .shapes import Prop
from .text import clean_text, enum_varnames, singular

IdSchemas = dict[str, dict[str, Any]]
"""Entity name → the schema of its ``id`` (what a reference to it looks like)."""

SCALARS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer", "format": "int64"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "object": {"type": "object"},
}
_KEY_ORDER = (
    "type",
    "format",
    "enum",
    "x-enum-varnames",
    "items",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "default",
    "description",
    "readOnly",
    "writeOnly",
)
_PLAIN_ENUM = re.compile(r"[a-z][a-z0-9]*([_-][a-z0-9]+)*\Z")
# Values code generators read as booleans or null when naming enum members.
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})
_STRING: dict[str, Any] = {"type": "string"}


def ordered(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its keywords in the stable order (unknown ones last, as they came)."""
    out = {k: schema[k] for k in _KEY_ORDER if k in schema}
    out.update((k, v) for k, v in schema.items() if k not in out)
    return out


def id_schema(entity: Entity, notes: Notes) -> dict[str, Any]:
    """The schema of the entity's ``id`` (uuid string unless the intent says otherwise)."""
    for f in entity.fields:
        if f.name == "id" and f.type in SCALARS and f.type != "object":
            return _noted_id(entity, f, notes)
    return {"type": "string", "format": "uuid"}


def _noted_id(entity: Entity, f: EntityField, notes: Notes) -> dict[str, Any]:
    prop = Prop("id", dict(SCALARS[f.type]), True)
    for note in notes.of(entity.name, "id"):
        apply_note(prop, note)
    schema = prop.schema
    schema.pop("default", None)  # a client never picks the id
    if schema["type"] == "string" and "format" not in schema and "pattern" not in schema:
        schema["format"] = "uuid"
    return ordered(schema)


def field_props(entity: Entity, notes: Notes, id_schemas: IdSchemas, names: set[str]) -> list[Prop]:
    """The properties of ``entity``'s own fields (relationships come from :mod:`.schemas`)."""
    return [_field_prop(entity, f, notes, id_schemas, names) for f in entity.fields]


def _field_prop(
    entity: Entity, f: EntityField, notes: Notes, id_schemas: IdSchemas, names: set[str]
) -> Prop:
    schema = id_schemas[entity.name] if f.name == "id" else base_schema(f, id_schemas)
    prop = Prop(
        _prop_name(f, names),
        dict(schema),
        f.required,
        read_only=f.server_set,
        ref_target=f.ref if f.type == "ref" else None,
    )
    if f.name != "id":  # the id's notes are already in its id schema
        for note in notes.of(entity.name, f.name):
            apply_note(prop, note)
    if f.description:
        prop.schema["description"] = clean_text(f.description)
    prop.schema = ordered(prop.schema)
    return prop


def _prop_name(f: EntityField, entities: set[str]) -> str:
    if f.type == "ref" and not f.name.endswith("Id"):
        return f.name + "Id"
    if f.type == "array" and f.of in entities and not f.name.endswith("Ids"):
        return singular(f.name) + "Ids"
    return f.name


# --------------------------------------------------------------------------- by field kind


def base_schema(f: EntityField, id_schemas: IdSchemas) -> dict[str, Any]:
    """The field's schema before notes: by kind, a scalar's from :data:`SCALARS`."""
    build = _BUILDERS.get(f.type)
    return build(f, id_schemas) if build is not None else dict(SCALARS[f.type])


def _enum(f: EntityField, id_schemas: IdSchemas) -> dict[str, Any]:
    values = list(f.enum_values or [])
    schema: dict[str, Any] = {"type": "string", "enum": values}
    if any(not _PLAIN_ENUM.match(v) or v in _YAML_WORDS for v in values):
        schema["x-enum-varnames"] = enum_varnames(values)
    return schema


def _ref(f: EntityField, id_schemas: IdSchemas) -> dict[str, Any]:
    return dict(id_schemas.get(f.ref or "", _STRING))


def _array(f: EntityField, id_schemas: IdSchemas) -> dict[str, Any]:
    item = f.of or "string"
    items = dict(SCALARS[item]) if item in SCALARS else dict(id_schemas.get(item, _STRING))
    return {"type": "array", "items": items}


_BUILDERS: dict[str, Callable[[EntityField, IdSchemas], dict[str, Any]]] = {
    "enum": _enum,
    "ref": _ref,
    "array": _array,
}
