"""Entities → JSON Schema components: read, create and update shapes with examples.

Part of the SpecGenerator (DESIGN.md, "The SpecGenerator"; issue #3 item 1). Relations are id
fields by default (``author: ref(User)`` → ``authorId``); a relationship with ``expand: true``
adds the target's read shape to this entity's read shape via ``$ref`` (the only way a cycle can
appear). Server-set fields are read-only and absent from create/update; update is all-optional.
Schemas stay conservative for code generators: no ``prefixItems``, no ``type`` arrays, no
siblings next to ``$ref``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..handoff import Entity, EntityField, Handoff, NoteForSpec
from ..openapi.walk import refs_in
from .examples import example_for

REF_PREFIX = "#/components/schemas/"

_SCALARS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer", "format": "int64"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "object": {"type": "object"},
}
_FORMATS = {"uuid", "email", "uri", "hostname", "ipv4", "ipv6"}
_E164 = r"^\+[1-9][0-9]{6,14}$"
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


@dataclass
class Prop:
    """One property of an entity's shapes."""

    name: str
    schema: dict[str, Any]
    required: bool
    read_only: bool = False
    write_only: bool = False
    expanded: bool = False
    ref_target: str | None = None
    example: Any = None
    has_example: bool = False


@dataclass
class EntityShapes:
    """The compiled shapes of one entity; ``read``/``create``/``update`` are component names."""

    entity: Entity
    props: list[Prop]
    read: str
    create: str
    update: str
    id_schema: dict[str, Any]
    id_example: Any
    unique: bool
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    read_example: dict[str, Any] = field(default_factory=dict)
    create_example: dict[str, Any] = field(default_factory=dict)
    update_example: dict[str, Any] = field(default_factory=dict)

    def ref(self, component: str) -> dict[str, str]:
        return {"$ref": REF_PREFIX + component}


def clean_text(text: str | None) -> str:
    """Prose for a description: no tabs or control characters, no trailing spaces."""
    if not text:
        return ""
    text = text.replace("\t", "  ").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or c >= " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def free_name(base: str, taken: set[str]) -> str:
    """``base`` or the first of ``baseShape``, ``baseShape2``… not yet taken; takes it."""
    name = base
    n = 1
    while name in taken:
        name = f"{base}Shape" if n == 1 else f"{base}Shape{n}"
        n += 1
    taken.add(name)
    return name


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 1:
        return word[:-1]
    return word


def _ordered(schema: dict[str, Any]) -> dict[str, Any]:
    out = {k: schema[k] for k in _KEY_ORDER if k in schema}
    out.update((k, v) for k, v in schema.items() if k not in out)
    return out


def _number(text: str, integer: bool) -> int | float:
    value = float(text)
    if integer or (value.is_integer() and "." not in text):
        return int(value)
    return value


def _typed(text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind in ("integer", "number"):
            return _number(text, kind == "integer")
    except ValueError:
        return text
    if kind == "boolean":
        return text.strip().lower() in ("true", "yes", "1")
    return text


class _Notes:
    def __init__(self, notes: list[NoteForSpec]) -> None:
        self.by_target: dict[str, list[NoteForSpec]] = defaultdict(list)
        for note in notes:
            self.by_target[note.target].append(note)

    def of(self, entity: str, fname: str) -> list[NoteForSpec]:
        return self.by_target.get(f"{entity}.{fname}", [])


def _apply_note(prop: Prop, note: NoteForSpec) -> None:
    schema = prop.schema
    inner = schema["items"] if schema.get("type") == "array" else schema
    c, value = note.constraint, note.value
    numeric = inner.get("type") in ("integer", "number")
    integer = inner.get("type") == "integer"
    if c in _FORMATS and inner.get("type") == "string":
        inner["format"] = c
    elif c == "phone" and inner.get("type") == "string":
        inner.setdefault("pattern", _E164)
    elif c == "read_only":
        prop.read_only = True
    elif c == "write_only":
        prop.write_only = True
    elif c == "unique_items" and schema.get("type") == "array":
        schema["uniqueItems"] = True
    elif value is None:
        return
    elif c in ("min", "max", "exclusive_min", "exclusive_max", "multiple_of") and numeric:
        key = {
            "min": "minimum",
            "max": "maximum",
            "exclusive_min": "exclusiveMinimum",
            "exclusive_max": "exclusiveMaximum",
            "multiple_of": "multipleOf",
        }[c]
        inner[key] = _number(value, integer and c != "multiple_of")
    elif c in ("min_length", "max_length") and inner.get("type") == "string":
        inner["minLength" if c == "min_length" else "maxLength"] = int(value)
    elif c == "pattern" and inner.get("type") == "string":
        inner["pattern"] = value
    elif c in ("min_items", "max_items") and schema.get("type") == "array":
        schema["minItems" if c == "min_items" else "maxItems"] = int(value)
    elif c == "default":
        schema["default"] = _typed(value, schema)
    elif c == "example":
        prop.example = _typed(value, schema)
        prop.has_example = True


def _base_schema(f: EntityField, id_schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if f.type == "enum":
        values = list(f.enum_values or [])
        schema: dict[str, Any] = {"type": "string", "enum": values}
        if any(not _PLAIN_ENUM.match(v) or v in _YAML_WORDS for v in values):
            schema["x-enum-varnames"] = enum_varnames(values)
        return schema
    if f.type == "ref":
        return dict(id_schemas.get(f.ref or "", {"type": "string"}))
    if f.type == "array":
        item = f.of or "string"
        if item in _SCALARS:
            items = dict(_SCALARS[item])
        else:
            items = dict(id_schemas.get(item, {"type": "string"}))
        return {"type": "array", "items": items}
    return dict(_SCALARS[f.type])


_PLAIN_ENUM = re.compile(r"[a-z][a-z0-9]*([_-][a-z0-9]+)*\Z")
# Values code generators read as booleans or null when naming enum members.
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})


def enum_varnames(values: list[str]) -> list[str]:
    """Member names for code generators (openapi-generator's ``x-enum-varnames``).

    ASCII PascalCase of each value, ``Value<n>`` where nothing is left, unique.
    """
    names: list[str] = []
    for i, value in enumerate(values):
        ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
        words = re.findall(r"[A-Za-z0-9]+", ascii_text)
        name = "".join(w[:1].upper() + w[1:] for w in words)
        if not name or name[0].isdigit():
            name = f"Value{name or i + 1}"
        while name in names:
            name = f"{name}{i + 1}"
        names.append(name)
    return names


def _prop_name(f: EntityField, entities: set[str]) -> str:
    if f.type == "ref" and not f.name.endswith("Id"):
        return f.name + "Id"
    if f.type == "array" and f.of in entities and not f.name.endswith("Ids"):
        return singular(f.name) + "Ids"
    return f.name


def _id_schema(entity: Entity, notes: _Notes) -> dict[str, Any]:
    """The schema of the entity's ``id`` (uuid string unless the intent says otherwise)."""
    for f in entity.fields:
        if f.name == "id" and f.type in _SCALARS and f.type != "object":
            prop = Prop("id", dict(_SCALARS[f.type]), True)
            for note in notes.of(entity.name, "id"):
                _apply_note(prop, note)
            schema = prop.schema
            schema.pop("default", None)
            if schema["type"] == "string" and "format" not in schema and "pattern" not in schema:
                schema["format"] = "uuid"
            return _ordered(schema)
    return {"type": "string", "format": "uuid"}


def _field_props(
    entity: Entity, notes: _Notes, id_schemas: dict[str, dict[str, Any]], names: set[str]
) -> list[Prop]:
    props: list[Prop] = []
    for f in entity.fields:
        schema = id_schemas[entity.name] if f.name == "id" else _base_schema(f, id_schemas)
        prop = Prop(
            _prop_name(f, names),
            dict(schema),
            f.required,
            read_only=f.server_set,
            ref_target=f.ref if f.type == "ref" else None,
        )
        if f.name != "id":
            for note in notes.of(entity.name, f.name):
                _apply_note(prop, note)
        if f.description:
            prop.schema["description"] = clean_text(f.description)
        prop.schema = _ordered(prop.schema)
        props.append(prop)
    return props


def _relationship_props(
    entity: Entity, id_schemas: dict[str, dict[str, Any]], taken: set[str]
) -> list[Prop]:
    props: list[Prop] = []
    for rel in entity.relationships:
        target_ref = {"$ref": REF_PREFIX + rel.target}
        if rel.expand:
            name = rel.name if rel.name not in taken else f"{rel.name}Detail"
            schema: dict[str, Any] = (
                target_ref
                if rel.kind == "one-to-one"
                else {
                    "type": "array",
                    "items": target_ref,
                    "description": f"Embedded {rel.target} records.",
                }
            )
            props.append(Prop(name, schema, False, expanded=True, ref_target=rel.target))
        elif rel.kind == "many-to-many":
            name = singular(rel.name) + "Ids"
            if name in taken:
                continue
            items = dict(id_schemas.get(rel.target, {"type": "string"}))
            schema = {
                "type": "array",
                "items": items,
                "uniqueItems": True,
                "description": f"Ids of the related {rel.target} records.",
            }
            props.append(Prop(name, schema, False))
        else:
            continue
        taken.add(props[-1].name)
    return props


def build_shapes(handoff: Handoff, taken: set[str]) -> dict[str, EntityShapes]:
    """Compile every entity; ``taken`` holds component names already in use (updated)."""
    notes = _Notes(handoff.notes_for_spec)
    names = {e.name for e in handoff.entities}
    taken.update(names)
    id_schemas = {e.name: _id_schema(e, notes) for e in handoff.entities}
    out: dict[str, EntityShapes] = {}
    for entity in sorted(handoff.entities, key=lambda e: e.name):
        props = _field_props(entity, notes, id_schemas, names)
        seen = {p.name for p in props}
        props += _relationship_props(entity, id_schemas, seen)
        unique = bool(entity.unique_constraints) or any(f.unique for f in entity.fields)
        out[entity.name] = EntityShapes(
            entity, props, entity.name, "", "", id_schemas[entity.name], None, unique
        )
    _name_shapes(out, taken)
    _examples(out)
    for shapes in out.values():
        _schemas(shapes)
    return out


def _differs_create(shapes: EntityShapes) -> bool:
    return any(p.read_only or p.write_only or p.expanded for p in shapes.props)


def _name_shapes(all_shapes: dict[str, EntityShapes], taken: set[str]) -> None:
    for name, shapes in all_shapes.items():
        create_differs = _differs_create(shapes)
        writable = [p for p in shapes.props if not (p.read_only or p.expanded)]
        update_differs = any(p.required for p in writable) or (
            not create_differs and any(p.required for p in shapes.props)
        )
        shapes.create = free_name(f"{name}Create", taken) if create_differs else name
        shapes.update = free_name(f"{name}Update", taken) if update_differs else shapes.create


def _examples(all_shapes: dict[str, EntityShapes]) -> None:
    def no_ref(ref: str) -> Any:
        return {}

    flat: dict[str, dict[str, Any]] = {}
    for name, shapes in all_shapes.items():
        for p in shapes.props:
            if p.expanded:
                continue
            if not p.has_example:
                p.example = example_for(p.schema, f"{name}.{p.name}", no_ref)
            if p.name == "id":
                shapes.id_example = p.example
        if shapes.id_example is None:
            shapes.id_example = example_for(shapes.id_schema, f"{name}.id", no_ref)
    for shapes in all_shapes.values():
        for p in shapes.props:
            if p.ref_target and not p.expanded and not p.has_example:
                target = all_shapes[p.ref_target].id_example
                p.example = target
            elif p.ref_target is None and p.schema.get("type") == "array" and not p.expanded:
                target_name = _array_target(shapes, p)
                if target_name is not None:
                    p.example = [all_shapes[target_name].id_example]
    for name, shapes in all_shapes.items():
        flat[name] = {p.name: p.example for p in shapes.props if not (p.write_only or p.expanded)}
    for shapes in all_shapes.values():
        read = dict(flat[shapes.entity.name])
        for p in shapes.props:
            if p.expanded and p.ref_target:
                embedded = dict(flat[p.ref_target])
                read[p.name] = embedded if "$ref" in p.schema else [embedded]
        shapes.read_example = read
        writable = [p for p in shapes.props if not (p.read_only or p.expanded)]
        shapes.create_example = {p.name: p.example for p in writable}
        shapes.update_example = dict(shapes.create_example)


def _array_target(shapes: EntityShapes, prop: Prop) -> str | None:
    for f in shapes.entity.fields:
        if f.type == "array" and f.of and f.of[:1].isupper() and prop.name.endswith("Ids"):
            if prop.name == f.name or prop.name == singular(f.name) + "Ids":
                return f.of
    for rel in shapes.entity.relationships:
        if (
            not rel.expand
            and rel.kind == "many-to-many"
            and prop.name == singular(rel.name) + "Ids"
        ):
            return rel.target
    return None


def _object(
    description: str, props: list[tuple[Prop, dict[str, Any]]], required: bool, example: Any
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "description": description}
    schema["properties"] = {p.name: s for p, s in props}
    req = [p.name for p, _ in props if p.required and required]
    if req:
        schema["required"] = req
    schema["examples"] = [example]
    return schema


def _entity_description(entity: Entity) -> str:
    text = clean_text(entity.description) or f"A {entity.name} record."
    rules = [clean_text(r.text) for r in entity.business_rules]
    if rules:
        text += "\n\nBusiness rules:\n" + "\n".join(f"- {r}" for r in rules if r)
    return text


def _schemas(shapes: EntityShapes) -> None:
    name = shapes.entity.name
    read_props: list[tuple[Prop, dict[str, Any]]] = []
    for p in shapes.props:
        if p.write_only:
            continue
        schema = dict(p.schema)
        if p.read_only:
            schema["readOnly"] = True
        read_props.append((p, schema))
    shapes.schemas[shapes.read] = _object(
        _entity_description(shapes.entity), read_props, True, shapes.read_example
    )
    writable = [(p, dict(p.schema)) for p in shapes.props if not (p.read_only or p.expanded)]
    for p, schema in writable:
        if p.write_only:
            schema["writeOnly"] = True
    if shapes.create != shapes.read:
        shapes.schemas[shapes.create] = _object(
            f"The fields a client sends to create a {name}.",
            writable,
            True,
            shapes.create_example,
        )
    if shapes.update != shapes.create:
        shapes.schemas[shapes.update] = _object(
            f"The fields a client may change on a {name}; every field is optional (PATCH).",
            writable,
            False,
            shapes.update_example,
        )


def component_refs(schema: Any) -> set[str]:
    """Names of the components a schema refers to (directly; examples hold no refs)."""
    refs = refs_in(schema, skip=frozenset({"examples"}))
    return {r[len(REF_PREFIX) :] for r in refs if r.startswith(REF_PREFIX)}
