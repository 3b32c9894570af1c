"""The SpecGenerator: a deterministic compiler from the hand-off to an OpenAPI 3.1 document.

DESIGN.md, "The SpecGenerator"; issue #3 item 1. Pure: a :class:`~intentd.handoff.Handoff` and
the API's semver in, plain data out (no filesystem, clock or environment), and the same input
always gives the same bytes through :func:`emit_yaml` / :func:`emit_json`. Nothing git-derived
goes into the document; ``x-intentd.revision`` is a hash of the hand-off itself.

The output is meant to pass Spectral ``spectral:oas`` and Redocly ``recommended`` cleanly
(notes/openapi-tooling.md §2): every operation has a summary, description, tags, ``security``
(``[]`` when public), a 2xx and at least one 4xx response; only used components are emitted;
examples are built to validate against their schemas.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from .. import __version__, yamlio
from ..handoff import Endpoint, Handoff, to_data
from ..openapi.walk import METHODS
from .components import (
    ERRORS,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    error_response,
    page_example,
    page_schema,
    problem_schema,
    reachable,
    security_schemes,
    servers,
)
from .schemas import REF_PREFIX, EntityShapes, build_shapes, clean_text, component_refs, free_name

OPENAPI_VERSION = "3.1.0"
_PARAM_RE = re.compile(r"\{([^{}]+)\}")
_JSON = "application/json"


@dataclass
class _Context:
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


def revision(handoff: Handoff) -> str:
    """A short hash of the canonical JSON of the hand-off (``x-intentd.revision``)."""
    canonical = json.dumps(
        to_data(handoff), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


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


def compile_spec(handoff: Handoff, *, api_version: str) -> dict[str, Any]:
    """Compile ``handoff`` into an OpenAPI 3.1 document (plain data, stable key order).

    Treat the result as read-only: example values are shared between places.
    """
    taken: set[str] = set()
    shapes = build_shapes(handoff, taken)
    problem = free_name("Problem", taken)
    pages = {name: free_name(f"{name}Page", taken) for name in sorted(shapes)}
    scheme = _scheme_name(handoff)
    ctx = _Context(
        handoff,
        shapes,
        problem,
        pages,
        scheme,
        any(n.category == "rate_limit" for n in handoff.nonfunctional_requirements),
        operation_ids(handoff.api_surface),
    )
    doc: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": _info(handoff, api_version)}
    doc["x-intentd"] = {
        "api_version": api_version,
        "spec_version": OPENAPI_VERSION,
        "revision": revision(handoff),
        "generated_by": {
            "tool": "intentd",
            "version": __version__,
            "planner": handoff.trace_links.planner.backend,
        },
    }
    doc["servers"] = servers(handoff)
    doc["tags"] = _tags(handoff)
    doc["paths"] = _paths(ctx)
    components = _components(ctx, doc["paths"])
    if components:
        doc["components"] = components
    return doc


def emit_yaml(doc: dict[str, Any]) -> str:
    """The document as YAML (the style of :mod:`intentd.yamlio`)."""
    return yamlio.dumps_fast(doc)


def emit_json(doc: dict[str, Any]) -> str:
    """The document as JSON: two-space indent, UTF-8 text, trailing newline.

    Byte-identical to ``json.dumps(doc, indent=2, ensure_ascii=False)``, whose pure-Python
    indenting encoder is several times slower than this one on a large contract.
    """
    out: list[str] = []
    try:
        _json_value(doc, "\n", out)
    except _NotPlainJson:
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlainJson(Exception):
    pass


_json_str: Any = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)


def _json_value(value: Any, newline: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_json_str(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for k, v in value.items():
            if not isinstance(k, str):
                raise _NotPlainJson
            out.append(sep)
            out.append(_json_str(k))
            out.append(": ")
            _json_value(v, inner, out)
            sep = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for v in value:
            out.append(sep)
            _json_value(v, inner, out)
            sep = "," + inner
        out.append(newline + "]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        out.append(json.dumps(value) if isinstance(value, float) else int.__repr__(value))
    else:
        raise _NotPlainJson


# --------------------------------------------------------------------------- document parts


def _info(handoff: Handoff, api_version: str) -> dict[str, Any]:
    description = clean_text(handoff.description) or f"The {handoff.project_name} API."
    goals = [g for g in handoff.business_goals if clean_text(g.goal)]
    if goals:
        lines = [
            f"- {clean_text(g.goal)}" + (f" (metric: {clean_text(g.metric)})" if g.metric else "")
            for g in goals
        ]
        description += "\n\nBusiness goals:\n" + "\n".join(lines)
    info: dict[str, Any] = {
        "title": clean_text(handoff.project_name) or handoff.intent_id,
        "description": description,
        "version": api_version,
    }
    contact = handoff.api_info.contact
    if contact is not None:
        fields = {"name": contact.name, "url": contact.url, "email": contact.email}
        given = {k: v for k, v in fields.items() if v}
        if given:
            info["contact"] = given
    lic = handoff.api_info.license
    if lic is not None:
        license_: dict[str, Any] = {"name": lic.name}
        # OAS 3.1: identifier and url are mutually exclusive; linters want one of them.
        if lic.identifier:
            license_["identifier"] = lic.identifier
        elif lic.url:
            license_["url"] = lic.url
        elif re.fullmatch(r"[A-Za-z0-9.+-]+", lic.name):
            license_["identifier"] = lic.name
        info["license"] = license_
    return info


def _tags(handoff: Handoff) -> list[dict[str, Any]]:
    tags = []
    for feature in handoff.features:
        text = clean_text(feature.description) or clean_text(feature.name)
        criteria = [c for c in feature.acceptance_criteria if clean_text(c.text)]
        if criteria:
            text += "\n\nAcceptance criteria:\n" + "\n".join(
                f"- {clean_text(c.text)} ({c.id})" for c in criteria
            )
        if feature.no_endpoint_reason:
            text += f"\n\nNo endpoint: {clean_text(feature.no_endpoint_reason)}"
        tags.append(
            {"name": feature.id, "description": text, "x-displayName": clean_text(feature.name)}
        )
    return tags


def _scheme_name(handoff: Handoff) -> str | None:
    return {
        "jwt_with_refresh": "bearerAuth",
        "oauth2": "oauth2",
        "api_key": "apiKeyAuth",
        "none": None,
    }[handoff.auth_policy.scheme]


def _needs_auth(ctx: _Context, ep: Endpoint) -> bool:
    policy = ctx.handoff.auth_policy
    return ctx.scheme is not None and (ep.auth or ep.feature in policy.features_requiring_auth)


# --------------------------------------------------------------------------- operations


def _paths(ctx: _Context) -> dict[str, Any]:
    grouped: dict[str, dict[str, Any]] = {}
    for ep in ctx.handoff.api_surface:
        grouped.setdefault(ep.path, {})[ep.method.lower()] = _operation(ctx, ep)
    return {path: {m: ops[m] for m in METHODS if m in ops} for path, ops in grouped.items()}


def _operation(ctx: _Context, ep: Endpoint) -> dict[str, Any]:
    auth = _needs_auth(ctx, ep)
    feature = next((f for f in ctx.handoff.features if f.id == ep.feature), None)
    summary = clean_text(ep.summary).replace("\n", " ")
    description = f"{summary.rstrip('.')}."
    if feature is not None:
        description += f" Part of the feature '{clean_text(feature.name)}'."
    description += " Requires authentication." if auth else " Public: no authentication."
    if ep.deprecated:
        description += " Deprecated: clients should stop using this operation."
    op: dict[str, Any] = {
        "tags": [ep.feature],
        "summary": summary,
        "description": description,
        "operationId": ctx.op_ids[ep.id],
    }
    if ep.deprecated:
        op["deprecated"] = True
    path_params = _PARAM_RE.findall(ep.path)
    params = [_path_param(ctx, ep, name) for name in path_params]
    if ep.paginated:
        params += _page_params()
    if params:
        op["parameters"] = params
    body = _request_body(ctx, ep)
    if body is not None:
        op["requestBody"] = body
    op["responses"] = _responses(ctx, ep, auth, bool(path_params), bool(params), body is not None)
    op["security"] = [{ctx.scheme: []}] if auth and ctx.scheme else []
    ctx.auth_used = ctx.auth_used or bool(op["security"])
    op["x-agent-meta"] = {
        "intent_id": ctx.handoff.intent_id,
        "feature": ep.feature,
        "api_surface_id": ep.id,
        "source": ep.source,
    }
    return op


def _param_entity(ctx: _Context, ep: Endpoint, name: str) -> EntityShapes | None:
    if name == "id":
        target = ep.entity or ep.response or ep.request
        return ctx.shapes.get(target) if target else None
    if name.endswith("Id") or name.endswith("_id"):
        stem = name[:-2] if name.endswith("Id") else name[:-3]
        for entity_name, shapes in ctx.shapes.items():
            if entity_name.lower() == stem.lower().replace("_", ""):
                return shapes
        if ep.entity and stem.lower() in (ep.entity.lower(), ""):
            return ctx.shapes.get(ep.entity)
    return None


def _path_param(ctx: _Context, ep: Endpoint, name: str) -> dict[str, Any]:
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


def _request_body(ctx: _Context, ep: Endpoint) -> dict[str, Any] | None:
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


def _success(ctx: _Context, ep: Endpoint) -> tuple[str, dict[str, Any]]:
    target = ep.response if ep.method == "DELETE" else (ep.response or ep.entity)
    if target is None or target not in ctx.shapes:
        return "204", {"description": "Done; no content."}
    shapes = ctx.shapes[target]
    read_ref = {"$ref": REF_PREFIX + shapes.read}
    if ep.list and ep.paginated:
        ctx.used_pages.add(target)
        schema: dict[str, Any] = {"$ref": REF_PREFIX + ctx.pages[target]}
        example: Any = page_example(shapes)
        text = f"A page of {target} records."
    elif ep.list:
        schema = {"type": "array", "items": read_ref}
        example = [shapes.read_example]
        text = f"The {target} records."
    else:
        schema, example, text = read_ref, shapes.read_example, f"The {target}."
    # 201 only for a real create: a body of the entity posted to a collection. An action
    # (POST /loans/{loanId}/return, no body) answers 200 with the changed record.
    creates = ep.request == ep.entity and not ep.path.rstrip("/").endswith("}")
    code = (
        "201" if ep.method == "POST" and target == ep.entity and not ep.list and creates else "200"
    )
    if code == "201":
        text = f"The {target} was created."
    content = {
        _JSON: {"schema": schema, "examples": {"default": {"summary": text, "value": example}}}
    }
    return code, {"description": text, "content": content}


def _responses(
    ctx: _Context, ep: Endpoint, auth: bool, has_path: bool, has_params: bool, has_body: bool
) -> dict[str, Any]:
    code, success = _success(ctx, ep)
    errors: list[str] = []
    if has_params or has_body:
        errors.append("400")
    if auth:
        errors += ["401", "403"]
    if has_path:
        errors.append("404")
    written = ep.request  # only a body can collide with a unique value
    if (
        ep.method in ("POST", "PUT", "PATCH")
        and written in ctx.shapes
        and ctx.shapes[written].unique
    ):
        errors.append("409")
    if has_body:
        errors.append("422")
    if ctx.rate_limited:
        errors.append("429")
    if not errors:
        errors.append("400")
    ctx.used_errors.update(errors)
    out: dict[str, Any] = {code: success}
    for status in errors:
        out[status] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    return out


# --------------------------------------------------------------------------- components


def _components(ctx: _Context, paths: dict[str, Any]) -> dict[str, Any]:
    available: dict[str, dict[str, Any]] = {}
    for shapes in ctx.shapes.values():
        available.update(shapes.schemas)
    for name in ctx.used_pages:
        available[ctx.pages[name]] = page_schema(ctx.shapes[name])
    responses = {ERRORS[s][0]: error_response(ctx.problem, s) for s in sorted(ctx.used_errors)}
    if responses:
        available[ctx.problem] = problem_schema()
    used = reachable(available, component_refs(paths) | component_refs(responses))
    components: dict[str, Any] = {}
    if used:
        components["schemas"] = {name: available[name] for name in sorted(used)}
    if responses:
        components["responses"] = responses
    schemes = security_schemes(ctx.handoff, ctx.scheme, ctx.auth_used)
    if schemes:
        components["securitySchemes"] = schemes
    return components
