"""The example records of every entity: per property, then read, create and update records.

Part of the SpecGenerator. Examples are filled in phases because they refer to each other: a
reference (``authorId``) shows the target's id example, an embedded relationship the target's
whole record, so every entity's own values exist before any record is put together.
"""

from __future__ import annotations

from typing import Any

from .examples import example_for
from .shapes import EntityShapes, Prop
from .text import singular

AllShapes = dict[str, EntityShapes]


def fill_examples(all_shapes: AllShapes) -> None:
    """Set every property's example and every shape's example record, in place."""
    for name, shapes in all_shapes.items():
        _own_examples(name, shapes)
    for shapes in all_shapes.values():
        _reference_examples(shapes, all_shapes)
    flat = {name: _flat_record(shapes) for name, shapes in all_shapes.items()}
    for shapes in all_shapes.values():
        _records(shapes, flat)


def _no_ref(ref: str) -> Any:
    return {}  # entity properties hold no $ref but the embedded ones, which are skipped


def _own_examples(name: str, shapes: EntityShapes) -> None:
    """Each property's example from its schema (unless a note gave one), and the id's."""
    for p in shapes.props:
        if p.expanded:
            continue
        if not p.has_example:
            p.example = example_for(p.schema, f"{name}.{p.name}", _no_ref)
        if p.name == "id":
            shapes.id_example = p.example
    if shapes.id_example is None:
        shapes.id_example = example_for(shapes.id_schema, f"{name}.id", _no_ref)


def _reference_examples(shapes: EntityShapes, all_shapes: AllShapes) -> None:
    """Ids that refer to other entities show those entities' id examples."""
    for p in shapes.props:
        if p.expanded:
            continue
        if p.ref_target:
            if not p.has_example:
                p.example = all_shapes[p.ref_target].id_example
        elif p.ref_target is None and p.schema.get("type") == "array":
            target = _array_target(shapes, p)
            if target is not None:
                p.example = [all_shapes[target].id_example]


def _flat_record(shapes: EntityShapes) -> dict[str, Any]:
    """What a read returns of the entity's own properties (not what it embeds)."""
    return {p.name: p.example for p in shapes.props if not (p.write_only or p.expanded)}


def _records(shapes: EntityShapes, flat: dict[str, dict[str, Any]]) -> None:
    read = dict(flat[shapes.entity.name])
    for p in shapes.props:
        if p.expanded and p.ref_target:
            embedded = dict(flat[p.ref_target])
            read[p.name] = embedded if "$ref" in p.schema else [embedded]
    shapes.read_example = read
    shapes.create_example = {p.name: p.example for p in shapes.writable()}
    shapes.update_example = dict(shapes.create_example)


def _array_target(shapes: EntityShapes, prop: Prop) -> str | None:
    """The entity an id list (``categoryIds``) refers to, if any."""
    return _field_array_target(shapes, prop) or _relationship_array_target(shapes, prop)


def _field_array_target(shapes: EntityShapes, prop: Prop) -> str | None:
    if not prop.name.endswith("Ids"):
        return None
    for f in shapes.entity.fields:
        if f.type == "array" and f.of and f.of[:1].isupper():
            if prop.name in (f.name, singular(f.name) + "Ids"):
                return f.of
    return None


def _relationship_array_target(shapes: EntityShapes, prop: Prop) -> str | None:
    for rel in shapes.entity.relationships:
        if not rel.expand and rel.kind == "many-to-many":
            if prop.name == singular(rel.name) + "Ids":
                return rel.target
    return None
