"""The SpecGenerator: a deterministic compiler from the hand-off to an OpenAPI 3.1 document.

DESIGN.md, "The SpecGenerator"; issue #3 item 1. Pure: a :class:`~intentd.handoff.Handoff` and
the API's semver in, plain data out (no filesystem, clock or environment), and the same input
always gives the same bytes through :func:`emit_yaml` / :func:`emit_json`. Nothing git-derived
goes into the document; ``x-intentd.revision`` is a hash of the hand-off itself.

This module puts the document together: ``info``, ``tags``, ``x-intentd``, the ``paths`` of
:mod:`.operations` and the components they use. The output is meant to pass Spectral
``spectral:oas`` and Redocly ``recommended`` cleanly (notes/openapi-tooling.md §2): only used
components are emitted; examples are built to validate against their schemas.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from .. import __version__
from ..handoff import Feature, Handoff, to_data
from .bodies import plan_forms, wrap_component
from .components import (
    ERRORS,
    SCHEME_NAMES,
    error_response,
    problem_schema,
    reachable,
    security_schemes,
    servers,
)

# Re-exported (``as``): tests/golden.py, tests/consumers, tests/check and bench/ import these
# from here; new code imports them from the face, ``intentd.specgen``.
from .emit import emit_json as emit_json
from .emit import emit_yaml as emit_yaml
from .envelopes import list_schema
from .operations import Context, paths
from .operations import operation_id as operation_id
from .operations import operation_ids as operation_ids
from .schemas import build_shapes, component_refs
from .text import clean_text, free_name

__all__ = [
    "OPENAPI_VERSION",
    "compile_spec",
    "emit_json",
    "emit_yaml",
    "operation_id",
    "operation_ids",
    "revision",
]

OPENAPI_VERSION = "3.1.0"
_SPDX_LIKE = re.compile(r"[A-Za-z0-9.+-]+")


def revision(handoff: Handoff) -> str:
    """A short hash of the canonical JSON of the hand-off (``x-intentd.revision``)."""
    canonical = json.dumps(
        to_data(handoff), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def compile_spec(handoff: Handoff, *, api_version: str) -> dict[str, Any]:
    """Compile ``handoff`` into an OpenAPI 3.1 document (plain data, stable key order).

    Treat the result as read-only: example values are shared between places.
    """
    ctx = _context(handoff)
    doc: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": _info(handoff, api_version)}
    doc["x-intentd"] = _meta(handoff, api_version)
    doc["servers"] = servers(handoff)
    doc["tags"] = [_tag(feature) for feature in handoff.features]
    doc["paths"] = paths(ctx)
    components = _components(ctx, doc["paths"])
    if components:
        doc["components"] = components
    return doc


def _context(handoff: Handoff) -> Context:
    # Component names are taken in this order (entities, Problem, pages, the other
    # envelopes and wrappers) so that a clash always renames the same one.
    taken: set[str] = set()
    shapes = build_shapes(handoff, taken)
    problem = free_name("Problem", taken)
    forms = plan_forms(handoff, shapes, taken)
    return Context(
        handoff,
        shapes,
        problem,
        forms,
        SCHEME_NAMES[handoff.auth_policy.scheme],
        operation_ids(handoff.api_surface),
    )


def _meta(handoff: Handoff, api_version: str) -> dict[str, Any]:
    return {
        "api_version": api_version,
        "spec_version": OPENAPI_VERSION,
        "revision": revision(handoff),
        "generated_by": {
            "tool": "intentd",
            "version": __version__,
            "planner": handoff.trace_links.planner.backend,
        },
    }


# --------------------------------------------------------------------------- info and tags


def _info(handoff: Handoff, api_version: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "title": clean_text(handoff.project_name) or handoff.intent_id,
        "description": _info_description(handoff),
        "version": api_version,
    }
    contact = _contact(handoff)
    if contact:
        info["contact"] = contact
    license_ = _license(handoff)
    if license_ is not None:
        info["license"] = license_
    return info


def _info_description(handoff: Handoff) -> str:
    description = clean_text(handoff.description) or f"The {handoff.project_name} API."
    goals = [g for g in handoff.business_goals if clean_text(g.goal)]
    if goals:
        lines = [
            f"- {clean_text(g.goal)}" + (f" (metric: {clean_text(g.metric)})" if g.metric else "")
            for g in goals
        ]
        description += "\n\nBusiness goals:\n" + "\n".join(lines)
    return description


def _contact(handoff: Handoff) -> dict[str, str]:
    contact = handoff.api_info.contact
    if contact is None:
        return {}
    fields = {"name": contact.name, "url": contact.url, "email": contact.email}
    return {k: v for k, v in fields.items() if v}


def _license(handoff: Handoff) -> dict[str, Any] | None:
    lic = handoff.api_info.license
    if lic is None:
        return None
    license_: dict[str, Any] = {"name": lic.name}
    # OAS 3.1: identifier and url are mutually exclusive; linters want one of them.
    if lic.identifier:
        license_["identifier"] = lic.identifier
    elif lic.url:
        license_["url"] = lic.url
    elif _SPDX_LIKE.fullmatch(lic.name):
        license_["identifier"] = lic.name
    return license_


def _tag(feature: Feature) -> dict[str, Any]:
    text = clean_text(feature.description) or clean_text(feature.name)
    criteria = [c for c in feature.acceptance_criteria if clean_text(c.text)]
    if criteria:
        text += "\n\nAcceptance criteria:\n" + "\n".join(
            f"- {clean_text(c.text)} ({c.id})" for c in criteria
        )
    if feature.no_endpoint_reason:
        text += f"\n\nNo endpoint: {clean_text(feature.no_endpoint_reason)}"
    return {"name": feature.id, "description": text, "x-displayName": clean_text(feature.name)}


# --------------------------------------------------------------------------- components


def _components(ctx: Context, doc_paths: dict[str, Any]) -> dict[str, Any]:
    """The components the paths use, and the schemas those refer to (no unused ones)."""
    responses = {ERRORS[s][0]: error_response(ctx.problem, s) for s in sorted(ctx.used_errors)}
    available = _available_schemas(ctx, bool(responses))
    used = reachable(available, component_refs(doc_paths) | component_refs(responses))
    components: dict[str, Any] = {}
    if used:
        components["schemas"] = {name: available[name] for name in sorted(used)}
    if responses:
        components["responses"] = responses
    schemes = security_schemes(ctx.handoff, ctx.scheme, ctx.auth_used)
    if schemes:
        components["securitySchemes"] = schemes
    return components


def _available_schemas(ctx: Context, problems: bool) -> dict[str, dict[str, Any]]:
    available: dict[str, dict[str, Any]] = {}
    for shapes in ctx.shapes.values():
        available.update(shapes.schemas)
    forms = ctx.forms
    for form in forms.used_lists:
        available[forms.lists[form]] = list_schema(form, ctx.shapes[form.entity], forms.snake)
    for wrap in forms.used_wraps:
        available[forms.wraps[wrap]] = wrap_component(wrap, ctx.shapes)
    if problems:
        available[ctx.problem] = problem_schema()
    return available
