"""The ``paths`` of the compiled document: one operation per endpoint of the hand-off.

Part of the SpecGenerator. Every operation has a summary, description, tags, ``security``
(``[]`` when public), a 2xx and at least one 4xx response (notes/openapi-tooling.md §2). The
operations record in :class:`Context` which shared components they use, so only those are
emitted (:mod:`.compiler`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..handoff import Endpoint, Handoff
from ..openapi.walk import METHODS
from .components import ERRORS, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, page_example
from .shapes import REF_PREFIX, EntityShapes
from .text import clean_text

_PARAM_RE = re.compile(r"\{([^{}]+)\}")
_JSON = "application/json"


@dataclass
class Context:
    """What every operation needs, and what the operations used (filled as they compile)."""

    handoff: Handoff
    shapes: dict[str, EntityShapes]
    problem: str
    pages: dict[str, str]
    scheme: str | None
    rate_limited: bool
    op_ids: dict[str, str]
    used_errors: set[str] = field(default_factory=set)
    used_pages: set[str] = field(default_factory=set)
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
    path_params = _PARAM_RE.findall(ep.path)
    params = [_path_param(ctx, ep, name) for name in path_params]
    if ep.paging == "page":
        params += _page_params()
    if params:
        op["parameters"] = params
    body = _request_body(ctx, ep)
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


# --------------------------------------------------------------------------- parameters


def _path_param(ctx: Context, ep: Endpoint, name: str) -> dict[str, Any]:
    shapes = _param_entity(ctx, ep, name)
    if shapes is not None:
        schema = dict(shapes.id_schema)
        example = shapes.id_example
        text = f"Identifier of the {shapes.entity.name}."
    else:
        schema = {"type": "string", "minLength": 1}
        example = "example"
        text = f"The '{name}' path segment."
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": text,
        "schema": schema,
        "example": example,
    }


def _param_entity(ctx: Context, ep: Endpoint, name: str) -> EntityShapes | None:
    """The entity a path parameter identifies: ``{id}`` the endpoint's, ``{bookId}`` Book."""
    if name == "id":
        target = ep.entity or ep.response or ep.request
        return ctx.shapes.get(target) if target else None
    if name.endswith("Id"):
        return _named_entity(ctx, ep, name[:-2])
    if name.endswith("_id"):
        return _named_entity(ctx, ep, name[:-3])
    return None


def _named_entity(ctx: Context, ep: Endpoint, stem: str) -> EntityShapes | None:
    for entity_name, shapes in ctx.shapes.items():
        if entity_name.lower() == stem.lower().replace("_", ""):
            return shapes
    if ep.entity and stem.lower() in (ep.entity.lower(), ""):
        return ctx.shapes.get(ep.entity)
    return None


def _page_params() -> list[dict[str, Any]]:
    return [
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "1-based page number.",
            "schema": {"type": "integer", "format": "int32", "minimum": 1, "default": 1},
            "example": 1,
        },
        {
            "name": "pageSize",
            "in": "query",
            "required": False,
            "description": f"Items per page (at most {PAGE_SIZE_MAX}).",
            "schema": {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": PAGE_SIZE_MAX,
                "default": PAGE_SIZE_DEFAULT,
            },
            "example": PAGE_SIZE_DEFAULT,
        },
    ]


def _request_body(ctx: Context, ep: Endpoint) -> dict[str, Any] | None:
    if ep.request is None or ep.method in ("GET", "DELETE"):
        return None
    shapes = ctx.shapes[ep.request]
    if ep.method == "POST":
        component, example, verb = shapes.create, shapes.create_example, "create"
    else:
        component, example, verb = shapes.update, shapes.update_example, "change"
    return {
        "description": f"The {ep.request} fields to {verb}.",
        "required": True,
        "content": {
            _JSON: {
                "schema": {"$ref": REF_PREFIX + component},
                "examples": {"default": {"summary": f"A valid {ep.request}.", "value": example}},
            }
        },
    }


# --------------------------------------------------------------------------- responses


def _responses(ctx: Context, ep: Endpoint) -> dict[str, Any]:
    errors = [str(status) for status in ep.errors]
    ctx.used_errors.update(errors)
    out: dict[str, Any] = {str(ep.status): _success(ctx, ep)}
    for status in errors:
        out[status] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    return out


def _success(ctx: Context, ep: Endpoint) -> dict[str, Any]:
    target = ep.response if ep.method == "DELETE" else (ep.response or ep.entity)
    if ep.status == 204 or target is None or target not in ctx.shapes:
        return {"description": "Done; no content."}
    schema, example, text = _success_body(ctx, ep, target)
    if ep.status == 201:
        text = f"The {target} was created."
    content = {
        _JSON: {"schema": schema, "examples": {"default": {"summary": text, "value": example}}}
    }
    return {"description": text, "content": content}


def _success_body(ctx: Context, ep: Endpoint, target: str) -> tuple[dict[str, Any], Any, str]:
    """(schema, example, description) of a 2xx body: a page, a list or one record."""
    shapes = ctx.shapes[target]
    read_ref = {"$ref": REF_PREFIX + shapes.read}
    if ep.list and ep.paging is not None:
        ctx.used_pages.add(target)
        page = {"$ref": REF_PREFIX + ctx.pages[target]}
        return page, page_example(shapes), f"A page of {target} records."
    if ep.list:
        listed = {"type": "array", "items": read_ref}
        return listed, [shapes.read_example], f"The {target} records."
    return read_ref, shapes.read_example, f"The {target}."
