"""Each entity: fields named once and well typed, relationships and unique constraints that resolve.

Findings come entity by entity, in the order its parts are written: repeated fields, then each
field, then relationships, then unique constraints.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from ..model import Entity
from .context import Context, dupes
from .fields import field


def entities(ctx: Context) -> Iterator[Finding]:
    for entity in ctx.handoff.entities:
        yield from entity_findings(ctx, entity)


def entity_findings(ctx: Context, entity: Entity) -> Iterator[Finding]:
    for dup in dupes(f.name for f in entity.fields):
        message = f"entity {entity.name}: field '{dup}' is defined twice"
        yield ctx.finding(entity.source, message, "unique-field")
    for f in entity.fields:
        yield from field(ctx, entity, f)
    yield from _relationships(ctx, entity)
    yield from _unique_constraints(ctx, entity)


def _relationships(ctx: Context, entity: Entity) -> Iterator[Finding]:
    for rel in entity.relationships:
        if rel.target not in ctx.entities:
            message = f"{entity.name}: relationship to unknown entity '{rel.target}'"
            yield ctx.finding(rel.source, message, "ref")


def _unique_constraints(ctx: Context, entity: Entity) -> Iterator[Finding]:
    names = {f.name for f in entity.fields}
    for uc in entity.unique_constraints:
        for fname in uc.fields:
            if fname not in names:
                message = f"{entity.name}: unique constraint names unknown field '{fname}'"
                yield ctx.finding(uc.source, message, "ref")
