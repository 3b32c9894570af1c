"""The ``paths`` of the compiled document: one operation per endpoint of the hand-off.

Part of the SpecGenerator. Every operation has a summary, description, tags, ``security``
(``[]`` when public), a 2xx and at least one 4xx response (notes/openapi-tooling.md §2). The
operations record in :class:`Context` which shared components they use, so only those are
emitted (:mod:`.compiler`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..handoff import Endpoint, Handoff
from ..openapi.walk import METHODS
from .bodies import Forms, request_body, success
from .components import ERRORS
from .parameters import parameter, path_names, path_param
from .shapes import EntityShapes
from .text import clean_text


@dataclass
class Context:
    """What every operation needs, and what the operations used (filled as they compile)."""

    handoff: Handoff
    shapes: dict[str, EntityShapes]
    problem: str
    forms: Forms
    scheme: str | None
    op_ids: dict[str, str]
    used_errors: set[str] = field(default_factory=set)
    auth_used: bool = False


def operation_id(endpoint_id: str) -> str:
    """``list-books`` → ``listBooks``."""
    head, *rest = endpoint_id.split("-")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def operation_ids(endpoints: list[Endpoint]) -> dict[str, str]:
    """Endpoint id → operationId; camelCase, or snake_case where camelCase would collide.

    Depends only on the endpoints that collide, so an unrelated edit never renames one.
    """
    camel = {ep.id: operation_id(ep.id) for ep in endpoints}
    counts: dict[str, int] = {}
    for name in camel.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        eid: name if counts[name] == 1 else eid.replace("-", "_") for eid, name in camel.items()
    }


def paths(ctx: Context) -> dict[str, Any]:
    """Path → method → operation, paths in hand-off order, methods in :data:`METHODS` order."""
    grouped: dict[str, dict[str, Any]] = {}
    for ep in ctx.handoff.api_surface:
        grouped.setdefault(ep.path, {})[ep.method.lower()] = _operation(ctx, ep)
    return {path: {m: ops[m] for m in METHODS if m in ops} for path, ops in grouped.items()}


def _operation(ctx: Context, ep: Endpoint) -> dict[str, Any]:
    auth = _needs_auth(ctx, ep)
    summary = clean_text(ep.summary).replace("\n", " ")
    op: dict[str, Any] = {
        "tags": [ep.feature],
        "summary": summary,
        "description": _description(ctx, ep, summary, auth),
        "operationId": ctx.op_ids[ep.id],
    }
    if ep.deprecated:
        op["deprecated"] = True
    params = [path_param(ctx.shapes, ep, name) for name in path_names(ep.path)]
    params += [parameter(ctx.shapes, p) for p in ep.parameters]
    if params:
        op["parameters"] = params
    body = request_body(ep, ctx.shapes, ctx.forms)
    if body is not None:
        op["requestBody"] = body
    op["responses"] = _responses(ctx, ep)
    op["security"] = [{ctx.scheme: []}] if auth and ctx.scheme else []
    ctx.auth_used = ctx.auth_used or bool(op["security"])
    op["x-agent-meta"] = {
        "intent_id": ctx.handoff.intent_id,
        "feature": ep.feature,
        "api_surface_id": ep.id,
        "source": ep.source,
    }
    return op


def _needs_auth(ctx: Context, ep: Endpoint) -> bool:
    """The endpoint's own ``auth``: a public endpoint of a feature that needs auth stays public."""
    return ctx.scheme is not None and ep.auth


def _description(ctx: Context, ep: Endpoint, summary: str, auth: bool) -> str:
    feature = next((f for f in ctx.handoff.features if f.id == ep.feature), None)
    description = f"{summary.rstrip('.')}."
    if feature is not None:
        description += f" Part of the feature '{clean_text(feature.name)}'."
    description += " Requires authentication." if auth else " Public: no authentication."
    if ep.deprecated:
        description += " Deprecated: clients should stop using this operation."
    return description


# --------------------------------------------------------------------------- responses


def _responses(ctx: Context, ep: Endpoint) -> dict[str, Any]:
    errors = [str(status) for status in ep.errors]
    ctx.used_errors.update(errors)
    out: dict[str, Any] = {str(ep.status): success(ep, ctx.shapes, ctx.forms)}
    for status in errors:
        out[status] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    return out
