"""Identity: a resource's key is one of its fields, a shape has none and is never listed or
addressed, a path parameter names a key, and no two paths differ only in parameter names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import Finding
from ..model import Endpoint, Entity
from .context import Context

_PARAM = re.compile(r"\{([^{}]+)\}")


def keys(ctx: Context) -> Iterator[Finding]:
    for entity in ctx.handoff.entities:
        yield from _key(ctx, entity)
    clashes: dict[str, Endpoint] = {}
    for ep in ctx.handoff.api_surface:
        yield from _shape_use(ctx, ep)
        yield from _path_key(ctx, ep)
        yield from _clash(ctx, ep, clashes)


def _key(ctx: Context, entity: Entity) -> Iterator[Finding]:
    names = {f.name for f in entity.fields}
    if entity.kind == "shape" and entity.key is not None:
        message = (
            f"{entity.name} is a shape (only sent or returned): a shape has no key; drop "
            f"key '{entity.key}' or make it a resource"
        )
        yield ctx.finding(entity.source, message, "key")
    elif entity.kind == "resource" and entity.key not in (None, "id") and entity.key not in names:
        message = (
            f"{entity.name}: key '{entity.key}' is not one of its fields; add a field "
            f"'{entity.key}' or name another key"
        )
        yield ctx.finding(entity.source, message, "key")


def _shape_use(ctx: Context, ep: Endpoint) -> Iterator[Finding]:
    entity = ctx.entities.get(ep.entity or "")
    if entity is None or entity.kind != "shape":
        return
    if ep.list or ep.path.rstrip("/").endswith("}"):
        message = (
            f"endpoint '{ep.id}': {entity.name} is a shape (only sent or returned); it cannot "
            "be listed or addressed by a key — make it a resource, or use it only as the "
            "request or response"
        )
        yield ctx.finding(ep.source, message, "key")


def _accepted(entity: Entity) -> set[str]:
    """Path parameter names that identify one of ``entity``: its key, ``id``, ``bookId`` …"""
    key = entity.key or "id"
    stem = entity.name[:1].lower() + entity.name[1:]
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", entity.name).lower()
    names = {key, f"{stem}{key[:1].upper()}{key[1:]}", f"{snake}_{key}"}
    if key == "id":
        names |= {f"{stem}Id", f"{snake}_id"}
    return names


def _names_a_key(ctx: Context, entity: Entity, name: str) -> bool:
    """``name`` identifies ``entity``, or (for an id-keyed one) any resource's key."""
    if name in _accepted(entity):
        return True
    resources = [e for e in ctx.handoff.entities if e.kind == "resource"]
    others = {n for e in resources for n in _accepted(e)}
    return name in others and (entity.key or "id") == "id"


def _path_key(ctx: Context, ep: Endpoint) -> Iterator[Finding]:
    """The last path parameter of an endpoint on a keyed resource names that resource's key."""
    entity = ctx.entities.get(ep.entity or "")
    params = _PARAM.findall(ep.path)
    if entity is None or entity.kind != "resource" or not params:
        return
    if (entity.key or "id") == "id":
        return  # an id-keyed resource may name its parameter as it likes ({code}, {isbn})
    if not ep.path.rstrip("/").endswith("}"):
        return  # an action or a nested list: its parameters name the parents
    last = params[-1]
    if _names_a_key(ctx, entity, last):
        return
    key = entity.key or "id"
    head, _, _ = ep.path.rstrip("/").rpartition("{" + last + "}")
    message = (
        f"endpoint '{ep.id}': path parameter {{{last}}} does not name {entity.name}'s key "
        f"'{key}'; write {head}{{{key}}}"
    )
    yield ctx.finding(ep.source, message, "path")


def _clash(ctx: Context, ep: Endpoint, seen: dict[str, Endpoint]) -> Iterator[Finding]:
    shape = _PARAM.sub("{}", ep.path.rstrip("/") or "/")
    first = seen.setdefault(shape, ep)
    if first is ep or first.path == ep.path:
        return
    ours, theirs = _PARAM.findall(ep.path), _PARAM.findall(first.path)
    diff = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    rename = ", ".join(f"{{{a}}} → {{{b}}}" for a, b in diff)
    message = (
        f"endpoint '{ep.id}': path '{ep.path}' is the same path as '{first.path}' "
        f"(endpoint '{first.id}', {first.source}) with other parameter names; use one name "
        f"in both: {rename}"
    )
    yield ctx.finding(ep.source, message, "path")
