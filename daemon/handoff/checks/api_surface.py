"""Each endpoint names a known feature and known entities, and has a shape HTTP allows."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from ..model import Endpoint
from .context import Context


def endpoints(ctx: Context) -> Iterator[Finding]:
    for ep in ctx.handoff.api_surface:
        yield from _references(ctx, ep)
        yield from _shape(ctx, ep)


def _references(ctx: Context, ep: Endpoint) -> Iterator[Finding]:
    if ep.feature not in ctx.features:
        message = f"endpoint '{ep.id}' names unknown feature '{ep.feature}'"
        yield ctx.finding(ep.source, message, "ref")
    for role, target in (("entity", ep.entity), ("request", ep.request), ("response", ep.response)):
        if target is not None and target not in ctx.entities:
            message = f"endpoint '{ep.id}' {role} names unknown entity '{target}'"
            yield ctx.finding(ep.source, message, "ref")


def _shape(ctx: Context, ep: Endpoint) -> Iterator[Finding]:
    if (ep.paging is not None or ep.envelope is not None) and not ep.list:
        yield ctx.finding(ep.source, f"endpoint '{ep.id}' is paginated but not a list", "endpoint")
    if ep.method in ("GET", "DELETE") and ep.request is not None:
        message = f"endpoint '{ep.id}': {ep.method} cannot carry a request body"
        yield ctx.finding(ep.source, message, "endpoint")
