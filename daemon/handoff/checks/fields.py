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
    for message, rule in (*_ref(ctx, f), *_enum(f), *_array(ctx, f)):
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


def _array(ctx: Context, f: EntityField) -> Iterator[tuple[str, str]]:
    if f.type != "array":
        if f.of is not None:
            yield "only an 'array' field may name an item type", "array"
    elif f.of is None:
        yield "an array needs an item type ('of')", "array"
    elif f.of not in SCALAR_TYPES and f.of not in ctx.entities:
        yield f"unknown array item type '{f.of}'", "ref"
