"""One entity field → one property schema: a small builder per field kind, then the notes.

Part of the SpecGenerator. Relations are id fields (``author: ref(User)`` → ``authorId``, the
target's id schema); arrays of entities are id lists (``categories`` → ``categoryIds``).
Schemas stay conservative for code generators: no ``type`` arrays, no siblings next to
``$ref``, keywords in one stable order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..handoff import Entity, EntityField
from .constraints import Notes, apply_note
from .shapes import REF_PREFIX, Prop
from .text import clean_text, enum_varnames, singular

IdSchemas = dict[str, dict[str, Any]]
"""Entity name → the schema of its key (what a reference to it looks like)."""


@dataclass(frozen=True)
class Targets:
    """What a field needs to know about the entities it may refer to."""

    id_schemas: IdSchemas
    """Resource name → its key schema."""
    keys: dict[str, str]
    """Resource name → its key field (``id``, ``slug``)."""
    shapes: frozenset[str]
    """Names of the shapes (``kind: shape``): referred to by embedding, having no key."""
    snake: bool
    """``api_info.naming`` is snake_case: ``author_id``, ``category_ids``."""

    @property
    def names(self) -> set[str]:
        return set(self.keys) | set(self.shapes)

    def id_suffix(self, name: str, plural: bool = False) -> str:
        if self.snake:
            return f"{name}_ids" if plural else f"{name}_id"
        return f"{name}Ids" if plural else f"{name}Id"


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
    "additionalProperties",
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


def key_field(entity: Entity) -> str | None:
    """The field that identifies one of ``entity``: its ``key`` (``id`` unless it says)."""
    if entity.kind == "shape":
        return None
    return entity.key or "id"


def id_schema(entity: Entity, notes: Notes) -> dict[str, Any]:
    """The schema of the entity's key: a uuid ``id`` unless the intent says otherwise."""
    key = key_field(entity) or "id"
    for f in entity.fields:
        if f.name == key and f.type in SCALARS and f.type != "object":
            return _noted_key(entity, f, notes)
        if f.name == key and f.type == "enum":
            return ordered(_enum(f, {}))
    return {"type": "string", "format": "uuid"} if key == "id" else {"type": "string"}


def _noted_key(entity: Entity, f: EntityField, notes: Notes) -> dict[str, Any]:
    prop = Prop(f.name, dict(SCALARS[f.type]), True)
    for note in notes.of(entity.name, f.name):
        apply_note(prop, note)
    schema = prop.schema
    schema.pop("default", None)  # a client never picks the key's default
    plain = schema["type"] == "string" and "format" not in schema and "pattern" not in schema
    if f.name == "id" and plain:
        schema["format"] = "uuid"
    return ordered(schema)


def field_props(entity: Entity, notes: Notes, targets: Targets) -> list[Prop]:
    """The properties of ``entity``'s own fields (relationships come from :mod:`.schemas`).

    An expanded ref gives two: the embedded record (read side) and the key (write side).
    """
    key = key_field(entity)
    props: list[Prop] = []
    for f in entity.fields:
        prop = _field_prop(entity, f, notes, targets, key)
        props.append(prop)
        sent = not f.server_set and entity.kind == "resource"
        if prop.expanded and sent and _target_key(f, targets):
            props.append(_write_side(entity, f, notes, targets))
    return props


def _target_key(f: EntityField, targets: Targets) -> str | None:
    target = f.ref if f.type == "ref" else f.of
    return targets.keys.get(target or "")


def _field_prop(
    entity: Entity, f: EntityField, notes: Notes, targets: Targets, key: str | None
) -> Prop:
    if f.expand and _target(f) in targets.keys:
        return _expanded(f, targets)
    schema = targets.id_schemas[entity.name] if f.name == key else base_schema(f, targets)
    target = _target(f)
    prop = Prop(
        _prop_name(f, targets),
        dict(schema),
        f.required,
        read_only=f.server_set,
        embeds=target in targets.shapes,
        ref_target=target if target in targets.names else None,
    )
    if f.name != key:  # the key's notes are already in its key schema
        for note in notes.of(entity.name, f.name):
            apply_note(prop, note)
    return _described(prop, f)


def _described(prop: Prop, f: EntityField) -> Prop:
    if f.description and "$ref" not in prop.schema:
        prop.schema["description"] = clean_text(f.description)
    prop.schema = ordered(prop.schema)
    return prop


def _target(f: EntityField) -> str | None:
    if f.type == "ref":
        return f.ref
    if f.type in ("array", "map") and f.of and f.of[:1].isupper():
        return f.of
    return None


def _expanded(f: EntityField, targets: Targets) -> Prop:
    """The read side of an expanded ref: the target's read shape, embedded."""
    target = _target(f) or ""
    ref: dict[str, Any] = {"$ref": REF_PREFIX + target}
    schema = ref if f.type == "ref" else {"type": "array", "items": ref}
    if f.type != "ref" and f.description:
        schema["description"] = clean_text(f.description)
    return Prop(f.name, schema, f.required, expanded=True, ref_target=target)


def _write_side(entity: Entity, f: EntityField, notes: Notes, targets: Targets) -> Prop:
    """What a client sends for an expanded ref: the field as written, typed as the key."""
    prop = Prop(
        f.name,
        dict(base_schema(f, targets)),
        f.required,
        in_read=False,
        ref_target=_target(f),
    )
    for note in notes.of(entity.name, f.name):
        apply_note(prop, note)
    return _described(prop, f)


def _prop_name(f: EntityField, targets: Targets) -> str:
    """``author: ref(User)`` → ``authorId``; by name as written when the key is not an id."""
    target = _target(f)
    if target is None or targets.keys.get(target) != "id":
        return f.name
    if f.type == "ref" and not f.name.endswith(("Id", "_id")):
        return targets.id_suffix(f.name)
    if f.type == "array" and not f.name.endswith(("Ids", "_ids")):
        return targets.id_suffix(singular(f.name), plural=True)
    return f.name


# --------------------------------------------------------------------------- by field kind


def base_schema(f: EntityField, targets: Targets) -> dict[str, Any]:
    """The field's schema before notes: by kind, a scalar's from :data:`SCALARS`."""
    build = _BUILDERS.get(f.type)
    return build(f, targets) if build is not None else dict(SCALARS[f.type])


def _enum(f: EntityField, targets: Any) -> dict[str, Any]:
    values = list(f.enum_values or [])
    schema: dict[str, Any] = {"type": "string", "enum": values}
    if any(not _PLAIN_ENUM.match(v) or v in _YAML_WORDS for v in values):
        schema["x-enum-varnames"] = enum_varnames(values)
    return schema


def item_schema(name: str | None, targets: Targets) -> dict[str, Any]:
    """A scalar type's schema, a shape's ``$ref``, or a resource's key schema."""
    item = name or "string"
    if item in SCALARS:
        return dict(SCALARS[item])
    if item in targets.shapes:
        return {"$ref": REF_PREFIX + item}
    return dict(targets.id_schemas.get(item, _STRING))


def _ref(f: EntityField, targets: Targets) -> dict[str, Any]:
    return item_schema(f.ref, targets)


def _array(f: EntityField, targets: Targets) -> dict[str, Any]:
    return {"type": "array", "items": item_schema(f.of, targets)}


def _map(f: EntityField, targets: Targets) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": item_schema(f.of, targets)}


_BUILDERS: dict[str, Callable[[EntityField, Targets], dict[str, Any]]] = {
    "enum": _enum,
    "ref": _ref,
    "array": _array,
    "map": _map,
}
