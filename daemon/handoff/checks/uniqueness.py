"""Ids and names that must be unique: entities, features, endpoints, acceptance criteria."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from .context import Context, dupes


def unique_names(ctx: Context) -> Iterator[Finding]:
    yield from _entities(ctx)
    yield from _features(ctx)
    yield from _endpoints(ctx)
    yield from _criteria(ctx)


def _entities(ctx: Context) -> Iterator[Finding]:
    for name in dupes(e.name for e in ctx.handoff.entities):
        source = ctx.entities[name].source
        yield ctx.finding(source, f"entity '{name}' is defined more than once", "unique-entity")


def _features(ctx: Context) -> Iterator[Finding]:
    features = ctx.handoff.features
    for fid in dupes(f.id for f in features):
        source = ctx.features[fid].source
        yield ctx.finding(source, f"feature id '{fid}' is used more than once", "unique-feature")
    for fname in dupes(f.name.casefold() for f in features):
        message = f"two features are named '{fname}'; give each a distinct name"
        yield ctx.finding(ctx.path, message, "unique-feature")


def _endpoints(ctx: Context) -> Iterator[Finding]:
    endpoints = ctx.handoff.api_surface
    for eid in dupes(ep.id for ep in endpoints):
        message = f"endpoint id '{eid}' is used more than once"
        yield ctx.finding(ctx.path, message, "unique-endpoint")
    for key in dupes(f"{ep.method} {ep.path}" for ep in endpoints):
        message = f"endpoint '{key}' is declared more than once"
        yield ctx.finding(ctx.path, message, "unique-endpoint")


def _criteria(ctx: Context) -> Iterator[Finding]:
    ids = (c.id for f in ctx.handoff.features for c in f.acceptance_criteria)
    for cid in dupes(ids):
        message = f"acceptance criterion id '{cid}' is used more than once"
        yield ctx.finding(ctx.path, message, "unique-criterion")
