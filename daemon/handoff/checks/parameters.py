"""Each endpoint's query and header parameters: named once, typed completely, and a filter
on something its entity has; a paged list carries the controls of its paging style."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import Finding
from ..model import FILTER_ROLES, PAGING_ROLES, Endpoint, Parameter
from .context import Context

PAGING_CONTROLS: dict[str, tuple[str, ...]] = {
    "page": ("page", "page_size"),
    "offset": ("offset", "limit"),
    "cursor": ("cursor", "limit"),
}
"""The paging roles each paging style needs (issue 10: the controls are explicit)."""
_RANGE_TYPES = ("date", "datetime", "number", "integer")
_RESERVED_HEADERS = ("accept", "content-type", "authorization")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def parameters(ctx: Context) -> Iterator[Finding]:
    for ep in ctx.handoff.api_surface:
        yield from _names(ctx, ep)
        for p in ep.parameters:
            yield from _parameter(ctx, ep, p)
        yield from _paging(ctx, ep)


def _names(ctx: Context, ep: Endpoint) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    in_path = set(_PATH_PARAM.findall(ep.path))
    for p in ep.parameters:
        key = (p.location, p.name.lower() if p.location == "header" else p.name)
        if key in seen:
            message = f"endpoint '{ep.id}': {p.location} parameter '{p.name}' is declared twice"
            yield ctx.finding(p.source, message, "parameter")
        seen.add(key)
        if p.location == "query" and p.name in in_path:
            message = (
                f"endpoint '{ep.id}': '{p.name}' is already a path parameter; give the query "
                "parameter another name"
            )
            yield ctx.finding(p.source, message, "parameter")
        if p.location == "header" and p.name.lower() in _RESERVED_HEADERS:
            message = (
                f"endpoint '{ep.id}': header '{p.name}' is set by HTTP and the auth scheme, not "
                "declared as a parameter; remove it"
            )
            yield ctx.finding(p.source, message, "parameter")


def _parameter(ctx: Context, ep: Endpoint, p: Parameter) -> Iterator[Finding]:
    where = f"endpoint '{ep.id}': parameter '{p.name}'"
    for message in (*_typing(p), *_target(ctx, p)):
        yield ctx.finding(p.source, f"{where}: {message}", "parameter")


def _typing(p: Parameter) -> Iterator[str]:
    yield from _types(p)
    yield from _defaults(p)
    if p.location == "header" and p.role not in ("other",):
        yield f"a header parameter cannot be a {p.role} control; use a query parameter"


def _types(p: Parameter) -> Iterator[str]:
    if p.type == "enum" and not p.enum_values:
        yield "an enum needs its values (enum_values)"
    if p.role == "sort" and not p.enum_values:
        yield "a sort parameter lists the orders it allows (e.g. createdAt, -createdAt)"
    if p.type == "array" and p.of is None:
        yield "an array needs an item type ('of')"
    if p.type != "array" and p.of is not None:
        yield "only an 'array' parameter may name an item type"


def _defaults(p: Parameter) -> Iterator[str]:
    if p.default is None:
        return
    if p.enum_values and p.default not in p.enum_values:
        yield f"default '{p.default}' is not one of {', '.join(p.enum_values)}"
    if p.type == "integer" and not re.fullmatch(r"-?[0-9]+", p.default):
        yield f"default '{p.default}' is not a whole number"


def _target(ctx: Context, p: Parameter) -> Iterator[str]:
    if p.role not in FILTER_ROLES:
        if p.target is not None:
            yield "only a filter (equals, from, to) names a target"
        return
    if p.target is None:
        yield f"a '{p.role}' filter names what it filters: 'Entity.field' or 'Entity.relation'"
        return
    name, _, member = p.target.partition(".")
    entity = ctx.entities.get(name)
    if entity is None or not member:
        yield f"filter target '{p.target}' names no entity field; write 'Entity.field'"
        return
    fields = {f.name: f for f in entity.fields}
    relations = {r.name for r in entity.relationships}
    if member not in fields and member not in relations:
        known = ", ".join([*fields, *sorted(relations)]) or "nothing"
        yield f"filter target '{p.target}': {name} has no field or relationship '{member}' ({known})"
        return
    field = fields.get(member)
    if p.role in ("from", "to") and (field is None or field.type not in _RANGE_TYPES):
        yield f"a range ('{p.role}') works on a date, datetime or number; '{p.target}' is not one"


def _paging(ctx: Context, ep: Endpoint) -> Iterator[Finding]:
    roles = [p.role for p in ep.parameters if p.role in PAGING_ROLES]
    if ep.paging is None:
        if roles:
            message = (
                f"endpoint '{ep.id}' has paging parameters ({', '.join(roles)}) but no paging "
                "style; set paging to page, offset or cursor"
            )
            yield ctx.finding(ep.source, message, "paging")
        return
    needed = PAGING_CONTROLS[ep.paging]
    missing = [r for r in needed if r not in roles]
    if missing:
        message = (
            f"endpoint '{ep.id}' is paged by {ep.paging} but has no {' or '.join(missing)} "
            f"parameter; declare one with role {', '.join(missing)}"
        )
        yield ctx.finding(ep.source, message, "paging")
    stray = sorted({r for r in roles if r not in needed})
    if stray:
        message = (
            f"endpoint '{ep.id}' is paged by {ep.paging}; {', '.join(stray)} belongs to "
            "another paging style"
        )
        yield ctx.finding(ep.source, message, "paging")
