"""Entities → JSON Schema components: read, create and update shapes with examples.

Part of the SpecGenerator (DESIGN.md, "The SpecGenerator"; issue #3 item 1). Fields become
properties in :mod:`.properties` (with the notes of :mod:`.constraints`); relationships are
added here: ``expand: true`` adds the target's read shape to this entity's read shape via
``$ref`` (the only way a cycle can appear), a many-to-many one an id list. Server-set fields
are read-only and absent from create/update; update is all-optional. A shape that would equal
another is not emitted twice: create is the read shape when nothing is read- or write-only.
"""

from __future__ import annotations

from typing import Any

from ..handoff import Entity, Handoff, Relationship
from ..openapi.walk import refs_in
from .constraints import Notes
from .properties import Targets, field_props, id_schema, key_field
from .record_examples import fill_examples
from .shapes import REF_PREFIX, EntityShapes, Prop
from .text import clean_text, free_name, singular

_STRING: dict[str, Any] = {"type": "string"}


def build_shapes(handoff: Handoff, taken: set[str]) -> dict[str, EntityShapes]:
    """Compile every entity; ``taken`` holds component names already in use (updated)."""
    notes = Notes(handoff.notes_for_spec)
    taken.update(e.name for e in handoff.entities)
    resources = [e for e in handoff.entities if e.kind == "resource"]
    targets = Targets(
        id_schemas={e.name: id_schema(e, notes) for e in resources},
        keys={e.name: key_field(e) or "id" for e in resources},
        shapes=frozenset(e.name for e in handoff.entities if e.kind == "shape"),
        snake=handoff.api_info.naming == "snake_case",
    )
    out = {
        entity.name: _shapes(entity, notes, targets)
        for entity in sorted(handoff.entities, key=lambda e: e.name)
    }
    for shapes in out.values():
        _name_shapes(shapes, taken)
    fill_examples(out)
    for shapes in out.values():
        _schemas(shapes)
    return out


def component_refs(schema: Any) -> set[str]:
    """Names of the components a schema refers to (directly; examples hold no refs)."""
    refs = refs_in(schema, skip=frozenset({"examples"}))
    return {r[len(REF_PREFIX) :] for r in refs if r.startswith(REF_PREFIX)}


def _shapes(entity: Entity, notes: Notes, targets: Targets) -> EntityShapes:
    props = field_props(entity, notes, targets)
    props += _relationship_props(entity, targets, {p.name for p in props})
    unique = bool(entity.unique_constraints) or any(f.unique for f in entity.fields)
    name = entity.name
    key_schema = targets.id_schemas.get(name, {"type": "string"})
    key = key_field(entity)
    return EntityShapes(entity, props, name, "", "", key_schema, None, unique, key)


# --------------------------------------------------------------------------- relationships


def _relationship_props(entity: Entity, targets: Targets, taken: set[str]) -> list[Prop]:
    """Properties for the relationships; ``taken`` holds the property names in use (updated)."""
    props: list[Prop] = []
    for rel in entity.relationships:
        prop = _relationship_prop(rel, targets, taken)
        if prop is not None:
            props.append(prop)
            taken.add(prop.name)
    return props


def _relationship_prop(rel: Relationship, targets: Targets, taken: set[str]) -> Prop | None:
    if rel.expand:
        return _embedded(rel, taken)
    if rel.kind == "many-to-many":
        return _id_list(rel, targets, taken)
    return None  # the other side holds the id (``book.authorId``)


def _embedded(rel: Relationship, taken: set[str]) -> Prop:
    name = rel.name if rel.name not in taken else f"{rel.name}Detail"
    target_ref = {"$ref": REF_PREFIX + rel.target}
    schema: dict[str, Any] = (
        target_ref
        if rel.kind == "one-to-one"
        else {
            "type": "array",
            "items": target_ref,
            "description": f"Embedded {rel.target} records.",
        }
    )
    return Prop(name, schema, False, expanded=True, ref_target=rel.target)


def _id_list(rel: Relationship, targets: Targets, taken: set[str]) -> Prop | None:
    name = targets.id_suffix(singular(rel.name), plural=True)
    if name in taken:
        return None  # a field already holds the ids
    schema = {
        "type": "array",
        "items": dict(targets.id_schemas.get(rel.target, _STRING)),
        "uniqueItems": True,
        "description": f"Ids of the related {rel.target} records.",
    }
    return Prop(name, schema, False, ref_target=rel.target)


# --------------------------------------------------------------------------- shape names


def _name_shapes(shapes: EntityShapes, taken: set[str]) -> None:
    """Component names of the create and update shapes; a shape equal to another shares its name."""
    name = shapes.entity.name
    if shapes.is_shape:  # one schema, sent and returned as it is
        shapes.create = shapes.update = name
        return
    create_differs = any(
        p.read_only or p.write_only or p.expanded or not p.in_read for p in shapes.props
    )
    shapes.create = free_name(f"{name}Create", taken) if create_differs else name
    if _update_differs(shapes, create_differs):
        shapes.update = free_name(f"{name}Update", taken)
    else:
        shapes.update = shapes.create


def _update_differs(shapes: EntityShapes, create_differs: bool) -> bool:
    """Update is all-optional, so it differs as soon as the create (or read) shape requires."""
    if any(p.required for p in shapes.writable()):
        return True
    return not create_differs and any(p.required for p in shapes.props)


# --------------------------------------------------------------------------- components


def _schemas(shapes: EntityShapes) -> None:
    name = shapes.entity.name
    if shapes.is_shape:
        shapes.schemas[name] = _object(
            _entity_description(shapes.entity), _shape_props(shapes), True, shapes.read_example
        )
        return
    shapes.schemas[shapes.read] = _object(
        _entity_description(shapes.entity), _read_props(shapes), True, shapes.read_example
    )
    writable = _write_props(shapes)
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


def _shape_props(shapes: EntityShapes) -> list[tuple[Prop, dict[str, Any]]]:
    """A shape's properties as written: read-only and write-only ones marked."""
    out: list[tuple[Prop, dict[str, Any]]] = []
    for p in shapes.props:
        schema = dict(p.schema)
        if "$ref" not in schema:
            if p.read_only:
                schema["readOnly"] = True
            elif p.write_only:
                schema["writeOnly"] = True
        out.append((p, schema))
    return out


def _read_props(shapes: EntityShapes) -> list[tuple[Prop, dict[str, Any]]]:
    out: list[tuple[Prop, dict[str, Any]]] = []
    for p in shapes.props:
        if p.write_only or not p.in_read:
            continue
        schema = dict(p.schema)
        if p.read_only and "$ref" not in schema:
            schema["readOnly"] = True
        out.append((p, schema))
    return out


def _write_props(shapes: EntityShapes) -> list[tuple[Prop, dict[str, Any]]]:
    out: list[tuple[Prop, dict[str, Any]]] = []
    for p in shapes.writable():
        schema = dict(p.schema)
        if p.write_only and "$ref" not in schema:
            schema["writeOnly"] = True
        out.append((p, schema))
    return out


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
