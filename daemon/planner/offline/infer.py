"""From a merged :class:`Draft` to hand-off data, inferring what a careful planner would.

Ids are derived from names and paths only (never from positions in other sections), so
they stay stable across unrelated edits. Every inferred item carries the source line of the
intent that caused it: server-set fields point at the entity heading, CRUD endpoints at the
``Manages:`` line, nested routes at the relationship line.
"""

from __future__ import annotations

import re
from typing import Any

from ...handoff import SEMVER_RE, SLUG_RE
from .access import access_map, auth_policy, scheme_of
from .common import Findings, Item, feature_ref, known, slug
from .defaults import defaults
from .draft import Draft
from .entities import entities, notes
from .responses import Context, answer
from .routes import endpoints

DEFAULT_STACK = {
    "frontend": "React + TypeScript",
    "backend": "FastAPI (Python)",
    "database": "MongoDB",
    "other": [],
}


def build(draft: Draft, out: Findings, first_path: str) -> dict[str, Any]:
    """Hand-off data without ``trace_links`` (the planner adds those)."""
    settings = defaults(draft, out)
    project = _project(draft, out, first_path, settings.naming)
    features = _features(draft, out)
    ents = entities(draft, settings.naming, out)
    access = access_map(draft, features, out)
    scheme, scheme_source = scheme_of(draft, features, out)
    api = endpoints(draft, features, ents, access, scheme, settings, out)
    by_name = {e["name"]: e for e in ents}
    policy = auth_policy(draft, features, api, access, scheme, scheme_source)
    context = Context(by_name, draft.nfrs, policy["roles"], settings.naming)
    for ep in api:
        answer(ep, context)
    return {
        **project,
        "business_goals": draft.goals,
        "features": [_public(f) for f in features],
        "entities": ents,
        "api_surface": [_public(ep) for ep in api],
        "auth_policy": policy,
        "tech_stack": _tech(draft),
        "nonfunctional_requirements": draft.nfrs,
        "environment_vars": draft.env,
        "deliverables": _deliverables(draft, features, out),
        "milestones": _milestones(draft, features, out),
        "notes_for_spec": notes(draft, ents, settings.naming),
    }


# --------------------------------------------------------------------------- project


def _project(draft: Draft, out: Findings, first_path: str, naming: str) -> dict[str, Any]:
    p = draft.project
    name = _name(draft, out, first_path)
    description = (
        p["description"].value if "description" in p else " ".join(s.value for s in draft.prose)
    )
    return {
        "project_name": name,
        "intent_id": _intent_id(draft, name, out),
        "description": description,
        "api_info": {
            "version": _version(draft, out),
            "servers": p["servers"].value if "servers" in p else [],
            "contact": p["contact"].value if "contact" in p else None,
            "license": p["license"].value if "license" in p else None,
            "naming": naming,
        },
    }


def _name(draft: Draft, out: Findings, first_path: str) -> str:
    """``project_name``, else the ``# Title``; an intent with neither is an error."""
    p = draft.project
    name = p["project_name"].value if "project_name" in p else None
    if name is None and draft.title is not None:
        name = draft.title.value
    if name:
        return str(name)
    if not draft.is_empty():  # an empty intent is reported once, as empty
        out.error(
            f"{first_path}:1",
            "no project name; start the file with '# Project name' or set project_name "
            "in front matter",
        )
    return "Untitled"


def _intent_id(draft: Draft, name: str, out: Findings) -> str:
    setting = draft.project.get("intent_id")
    if setting is None:
        return slug(name) or "project"
    if not re.match(SLUG_RE, setting.value):
        out.error(
            setting.source,
            f"intent_id '{setting.value}' must be kebab-case, e.g. 'book-shop'",
        )
    return str(setting.value)


def _version(draft: Draft, out: Findings) -> str | None:
    setting = draft.project.get("version")
    if setting is None:
        return None
    if not re.match(SEMVER_RE, setting.value):
        out.error(
            setting.source, f"version '{setting.value}' must be MAJOR.MINOR.PATCH, e.g. 1.0.0"
        )
        return None
    return str(setting.value)


# --------------------------------------------------------------------------- features


def _features(draft: Draft, out: Findings) -> list[Item]:
    seen: dict[str, Item] = {}
    for f in draft.features:
        fid = _feature_id(f, seen, out)
        if fid is None:
            continue
        crits = [
            {"id": f"{fid}.ac{n}", "text": c["text"], "source": c["source"]}
            for n, c in enumerate(f["acceptance_criteria"], start=1)
        ]
        seen[fid] = {
            **f,
            "id": fid,
            "description": f["description"] or "",
            "priority": f["priority"] or "should",
            "complexity": f["complexity"] or "M",
            "acceptance_criteria": crits,
        }
    return list(seen.values())


def _feature_id(f: Item, seen: dict[str, Item], out: Findings) -> str | None:
    """The ``{#id}`` or the name's slug; None (reported) when unusable or taken."""
    fid = f["id"] if f["id"] is not None else slug(f["name"])
    if not fid or not re.match(SLUG_RE, fid):
        out.error(
            f["source"],
            f"cannot use '{fid or f['name']}' as a feature id; give the feature an id like {{#browse-catalog}}",
        )
        return None
    if fid in seen:
        out.error(
            f["source"],
            f"feature '{f['name']}' has the same id '{fid}' as the feature at "
            f"{seen[fid]['source']}; merge them or give one a distinct {{#id}}",
        )
        return None
    return str(fid)


def _public(f: Item) -> Item:
    return {k: v for k, v in f.items() if not k.startswith("_")}


# --------------------------------------------------------------------------- the rest


def _tech(draft: Draft) -> Item:
    stack: Item = dict(DEFAULT_STACK)
    for key, s in draft.tech.items():
        stack[key] = s.value
    return stack


def _refs(item: Item, key: str, what: str, pool: list[Item], out: Findings) -> list[str]:
    result = []
    for ref in item[key]:
        fid = feature_ref(ref, pool)
        if fid is None:
            names = [str(k["id"]) for k in pool]
            out.error(
                item["source"],
                f"{what} '{item['name']}': unknown {key[:-1]} '{ref}'; known: {known(names)}",
            )
        elif fid not in result:
            result.append(fid)
    return result


def _ided(item: Item, out: Findings, what: str) -> str:
    iid = item["id"] if item["id"] is not None else slug(item["name"])
    if not iid or not re.match(SLUG_RE, iid):
        out.error(
            item["source"],
            f"cannot use '{iid or item['name']}' as a {what} id; add an id like {{#mvp}}",
        )
        return "unnamed"
    return str(iid)


def _deliverables(draft: Draft, features: list[Item], out: Findings) -> list[Item]:
    result = []
    for d in draft.deliverables:
        result.append(
            {
                **d,
                "id": _ided(d, out, "deliverable"),
                "features": _refs(d, "features", "deliverable", features, out),
            }
        )
    return result


def _milestones(draft: Draft, features: list[Item], out: Findings) -> list[Item]:
    delivs = [
        {"id": _ided(d, Findings(), "deliverable"), "name": d["name"]} for d in draft.deliverables
    ]
    result = []
    for m in draft.milestones:
        result.append(
            {
                **m,
                "id": _ided(m, out, "milestone"),
                "deliverables": _refs(m, "deliverables", "milestone", delivs, out),
                "features": _refs(m, "features", "milestone", features, out),
            }
        )
    return result
