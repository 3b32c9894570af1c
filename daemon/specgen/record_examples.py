"""The example records of every entity: per property, then read, create and update records.

Part of the SpecGenerator. Examples are filled in phases because they refer to each other: a
reference (``authorId``) shows the target's key example, an embedded relationship the target's
record, so every entity's own values exist before any record is put together. A required
embedded record embeds what it requires in turn (a cycle stops at the target's own values).
"""

from __future__ import annotations

from typing import Any

from .examples import example_for
from .shapes import EntityShapes, Prop

AllShapes = dict[str, EntityShapes]
_PLAIN_STRING = frozenset({"type", "description"})


def fill_examples(all_shapes: AllShapes) -> None:
    """Set every property's example and every shape's example record, in place."""
    for name, shapes in all_shapes.items():
        _own_examples(name, shapes)
    for shapes in all_shapes.values():
        _reference_examples(shapes, all_shapes)
    flat = {name: _flat_record(shapes) for name, shapes in all_shapes.items()}
    records = _Records(all_shapes, flat)
    for name, shapes in all_shapes.items():
        shapes.read_example = records.read(name, frozenset())
        shapes.create_example = records.write(shapes)
        shapes.update_example = dict(shapes.create_example)


def _no_ref(ref: str) -> Any:
    return {}  # the properties that hold a $ref are embedded ones, filled from records


def _own_examples(name: str, shapes: EntityShapes) -> None:
    """Each property's example from its schema (unless a note gave one), and the key's."""
    for p in shapes.props:
        if p.expanded or p.embeds:
            continue
        if not p.has_example:
            p.example = _key_example(name, shapes, p) or example_for(
                p.schema, f"{name}.{p.name}", _no_ref
            )
        if p.name == shapes.key and p.in_read:
            shapes.id_example = p.example
    if shapes.id_example is None:
        shapes.id_example = example_for(shapes.id_schema, f"{name}.{shapes.key or 'id'}", _no_ref)


def _key_example(name: str, shapes: EntityShapes, p: Prop) -> str | None:
    """A natural key that is plain text looks like one in a URL: ``sample-article``."""
    if p.name != shapes.key or p.name == "id" or not p.in_read:
        return None
    if p.schema.get("type") != "string" or not set(p.schema) <= _PLAIN_STRING:
        return None
    return f"sample-{name.lower()}"


def _reference_examples(shapes: EntityShapes, all_shapes: AllShapes) -> None:
    """Keys that refer to other entities show those entities' key examples."""
    for p in shapes.props:
        if p.expanded or p.embeds or p.has_example or p.ref_target not in all_shapes:
            continue
        key = all_shapes[p.ref_target or ""].id_example
        p.example = _shaped(p.schema, key)


def _shaped(schema: dict[str, Any], value: Any) -> Any:
    """``value`` as the schema holds it: one, a list of one, or a map with one entry."""
    if schema.get("type") == "array":
        return [value]
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return {"key": value}
    return value


def _flat_record(shapes: EntityShapes) -> dict[str, Any]:
    """What a read returns of the entity's own properties (not what it embeds)."""
    return {
        p.name: p.example
        for p in shapes.props
        if p.in_read and not p.expanded and not p.embeds and (shapes.is_shape or not p.write_only)
    }


class _Records:
    def __init__(self, all_shapes: AllShapes, flat: dict[str, dict[str, Any]]) -> None:
        self.all = all_shapes
        self.flat = flat

    def read(self, name: str, stack: frozenset[str]) -> dict[str, Any]:
        """The read record of ``name``; required embeddings embed in turn, up to a cycle."""
        shapes = self.all[name]
        flat = self.flat[name]
        record: dict[str, Any] = {}
        for p in shapes.props:
            if p.name in flat and not (p.expanded or p.embeds):
                record[p.name] = flat[p.name]
            elif self._embedded_on_read(shapes, p):
                record[p.name] = _shaped(p.schema, self._embedded(name, p, stack))
        return record

    def _embedded_on_read(self, shapes: EntityShapes, p: Prop) -> bool:
        hidden = p.write_only and not shapes.is_shape  # a write-only one is never returned
        return (p.expanded or p.embeds) and p.in_read and not hidden and p.ref_target in self.all

    def _embedded(self, name: str, p: Prop, stack: frozenset[str]) -> dict[str, Any]:
        target = p.ref_target or ""
        inner = stack | {name}
        if (p.required or p.embeds) and target not in inner:
            return self.read(target, inner)
        return dict(self.flat[target])

    def write(self, shapes: EntityShapes) -> dict[str, Any]:
        if shapes.is_shape:
            return self.read(shapes.entity.name, frozenset())
        name = shapes.entity.name
        return {
            p.name: _shaped(p.schema, self._embedded(name, p, frozenset()))
            if p.embeds
            else p.example
            for p in shapes.writable()
        }
