"""One entity field: a ref names its target, an enum its values, an array its item type.

Only those types may carry them, so a stray ``ref``, ``enum_values`` or ``of`` is a finding too.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from ..model import SCALAR_TYPES, Entity, EntityField
from .context import Context, dupes


def field(ctx: Context, entity: Entity, f: EntityField) -> Iterator[Finding]:
    where = f"{entity.name}.{f.name}"
    for message, rule in (*_ref(ctx, f), *_enum(f), *_array(ctx, f), *_expand(ctx, f)):
        yield ctx.finding(f.source, f"{where}: {message}", rule)


def _ref(ctx: Context, f: EntityField) -> Iterator[tuple[str, str]]:
    if f.type != "ref":
        if f.ref is not None:
            yield "only a 'ref' field may name a target", "field"
    elif f.ref is None:
        yield "a ref field needs a target entity", "ref"
    elif f.ref not in ctx.entities:
        yield f"unknown entity '{f.ref}' in ref", "ref"


def _enum(f: EntityField) -> Iterator[tuple[str, str]]:
    if f.type != "enum":
        if f.enum_values is not None:
            yield "only an 'enum' field may list values", "enum"
    elif not f.enum_values:
        yield "an enum needs its values", "enum"
    elif repeated := dupes(f.enum_values):
        yield f"enum values repeat: {', '.join(repeated)}", "enum"


_ITEM_TYPES = (*SCALAR_TYPES, "object")


def _array(ctx: Context, f: EntityField) -> Iterator[tuple[str, str]]:
    kind = {"array": "an array", "map": "a map"}.get(f.type)
    if kind is None:
        if f.of is not None:
            yield "only an 'array' or 'map' field may name an item type", "array"
    elif f.of is None:
        what = "an item type" if f.type == "array" else "a value type"
        yield f"{kind} needs {what} ('of')", "array"
    elif f.of not in _ITEM_TYPES and f.of not in ctx.entities:
        yield f"unknown {f.type} item type '{f.of}'", "ref"


def _expand(ctx: Context, f: EntityField) -> Iterator[tuple[str, str]]:
    if not f.expand:
        return
    target = f.ref if f.type == "ref" else f.of if f.type == "array" else None
    if target is None or target not in ctx.entities:
        yield "only a ref (or a list of entities) can be expanded; drop 'expanded'", "field"
