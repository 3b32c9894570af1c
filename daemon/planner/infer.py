"""From a merged :class:`Draft` to hand-off data, inferring what a careful planner would.

Ids are derived from names and paths only (never from positions in other sections), so
they stay stable across unrelated edits. Every inferred item carries the source line of the
intent that caused it: server-set fields point at the entity heading, CRUD endpoints at the
``Manages:`` line, nested routes at the relationship line.
"""

from __future__ import annotations

import re
from typing import Any

from ..handoff import SEMVER_RE, SLUG_RE
from .common import (
    Findings,
    Item,
    camel,
    collection,
    kebab,
    note,
    param,
    plural,
    slug,
    words,
)
from .draft import Draft

DEFAULT_STACK = {
    "frontend": "React + TypeScript",
    "backend": "FastAPI (Python)",
    "database": "MongoDB",
    "other": [],
}
_SCHEMES = {
    "jwt_with_refresh": "jwt_with_refresh",
    "jwt": "jwt_with_refresh",
    "jwt_with_refresh_tokens": "jwt_with_refresh",
    "bearer": "jwt_with_refresh",
    "oauth2": "oauth2",
    "oauth": "oauth2",
    "api_key": "api_key",
    "apikey": "api_key",
    "none": "none",
    "no_auth": "none",
}
ALL_OPS = ("list", "get", "create", "update", "delete")


def build(draft: Draft, out: Findings, first_path: str) -> dict[str, Any]:
    """Hand-off data without ``trace_links`` (the planner adds those)."""
    project = _project(draft, out, first_path)
    features = _features(draft, out)
    entities = _entities(draft, out)
    access = _access(draft, features, out)
    scheme, scheme_source = _scheme(draft, features, out)
    endpoints = _endpoints(draft, features, entities, access, scheme, out)
    return {
        **project,
        "business_goals": draft.goals,
        "features": [_public(f) for f in features],
        "entities": entities,
        "api_surface": endpoints,
        "auth_policy": _auth_policy(draft, features, endpoints, access, scheme, scheme_source),
        "tech_stack": _tech(draft),
        "nonfunctional_requirements": draft.nfrs,
        "environment_vars": draft.env,
        "deliverables": _deliverables(draft, features, out),
        "milestones": _milestones(draft, features, out),
        "notes_for_spec": _notes(draft, entities),
    }


# --------------------------------------------------------------------------- project


def _project(draft: Draft, out: Findings, first_path: str) -> dict[str, Any]:
    p = draft.project
    name = p["project_name"].value if "project_name" in p else None
    if name is None and draft.title is not None:
        name = draft.title.value
    if not name:
        name = "Untitled"
        if not draft.is_empty():  # an empty intent is reported once, as empty
            out.error(
                f"{first_path}:1",
                "no project name; start the file with '# Project name' or set project_name "
                "in front matter",
            )
    intent_id = slug(name) or "project"
    if "intent_id" in p:
        intent_id = p["intent_id"].value
        if not re.match(SLUG_RE, intent_id):
            out.error(
                p["intent_id"].source,
                f"intent_id '{intent_id}' must be kebab-case, e.g. 'book-shop'",
            )
    description = (
        p["description"].value if "description" in p else " ".join(s.value for s in draft.prose)
    )
    version = p["version"].value if "version" in p else None
    if version is not None and not re.match(SEMVER_RE, version):
        out.error(p["version"].source, f"version '{version}' must be MAJOR.MINOR.PATCH, e.g. 1.0.0")
        version = None
    return {
        "project_name": name,
        "intent_id": intent_id,
        "description": description,
        "api_info": {
            "version": version,
            "servers": p["servers"].value if "servers" in p else [],
            "contact": p["contact"].value if "contact" in p else None,
            "license": p["license"].value if "license" in p else None,
        },
    }


# --------------------------------------------------------------------------- features


def _features(draft: Draft, out: Findings) -> list[Item]:
    seen: dict[str, Item] = {}
    result: list[Item] = []
    for f in draft.features:
        fid = f["id"] if f["id"] is not None else slug(f["name"])
        if not fid or not re.match(SLUG_RE, fid):
            out.error(
                f["source"],
                f"cannot use '{fid or f['name']}' as a feature id; give the feature an id like {{#browse-catalog}}",
            )
            continue
        if fid in seen:
            out.error(
                f["source"],
                f"feature '{f['name']}' has the same id '{fid}' as the feature at "
                f"{seen[fid]['source']}; merge them or give one a distinct {{#id}}",
            )
            continue
        crits = [
            {"id": f"{fid}.ac{n}", "text": c["text"], "source": c["source"]}
            for n, c in enumerate(f["acceptance_criteria"], start=1)
        ]
        item = {
            **f,
            "id": fid,
            "description": f["description"] or "",
            "priority": f["priority"] or "should",
            "complexity": f["complexity"] or "M",
            "acceptance_criteria": crits,
        }
        seen[fid] = item
        result.append(item)
    return result


def _public(f: Item) -> Item:
    return {k: v for k, v in f.items() if not k.startswith("_")}


def _feature_ref(ref: str, features: list[Item]) -> str | None:
    """A feature named by id or by name (case-insensitive)."""
    for f in features:
        if ref == f["id"] or ref.strip().casefold() == f["name"].casefold() or slug(ref) == f["id"]:
            return str(f["id"])
    return None


def _known(names: list[str]) -> str:
    return ", ".join(names) if names else "none"


# --------------------------------------------------------------------------- entities


def _entities(draft: Draft, out: Findings) -> list[Item]:
    by_name: dict[str, Item] = {}
    for e in draft.entities:
        if e["name"] in by_name:
            out.error(
                e["source"],
                f"entity '{e['name']}' is already defined at {by_name[e['name']]['source']}; "
                "define each entity once",
            )
            continue
        by_name[e["name"]] = {**e, "fields": list(e["fields"]), "relationships": []}
    for e in draft.entities:
        if by_name.get(e["name"], {}).get("source") == e["source"]:
            for rel in e["relationships"]:
                _relate(by_name[e["name"]], rel, by_name, out)
    for e in by_name.values():
        _check_refs(e, by_name, out)
        _server_set(e)
    return list(by_name.values())


def _resolve(name: str, by_name: dict[str, Item]) -> str | None:
    if name in by_name:
        return name
    for singular in (re.sub(r"ies$", "y", name), re.sub(r"es$", "", name), re.sub(r"s$", "", name)):
        if singular in by_name:
            return singular
    return None


def _relate(entity: Item, rel: Item, by_name: dict[str, Item], out: Findings) -> None:
    target = _resolve(rel["target"], by_name)
    if target is None:
        out.error(
            rel["source"],
            f"{entity['name']}: relationship to unknown entity '{rel['target']}'; "
            f"known entities: {_known(sorted(by_name))}",
        )
        return
    if rel["kind"] == "belongs-to":
        _add_ref(entity, target, rel["source"])
        _add_rel(by_name[target], "one-to-many", entity["name"], None, False, rel["source"])
        return
    _add_rel(entity, rel["kind"], target, rel["name"], rel["expand"], rel["source"])
    if rel["kind"] == "one-to-many":
        _add_ref(by_name[target], entity["name"], rel["source"])


def _add_rel(
    entity: Item, kind: str, target: str, name: str | None, expand: bool, source: str
) -> None:
    if any(r["target"] == target and r["kind"] == kind for r in entity["relationships"]):
        return
    default = camel(target) if kind == "one-to-one" else camel(plural(target))
    entity["relationships"].append(
        {
            "kind": kind,
            "target": target,
            "name": name or default,
            "expand": expand,
            "source": source,
        }
    )


def _add_ref(entity: Item, target: str, source: str) -> None:
    """The child side of a one-to-many holds the parent's id (``Book.author``)."""
    name = camel(target)
    if any(f["ref"] == target or f["name"] == name for f in entity["fields"]):
        return
    entity["fields"].append(
        {
            "name": name,
            "type": "ref",
            "of": None,
            "ref": target,
            "enum_values": None,
            "required": True,
            "unique": False,
            "server_set": False,
            "description": None,
            "source": source,
        }
    )


def _check_refs(entity: Item, by_name: dict[str, Item], out: Findings) -> None:
    kept = []
    for f in entity["fields"]:
        target = f["ref"] if f["type"] == "ref" else f["of"] if f["type"] == "array" else None
        scalar = f["type"] == "array" and target in (
            "string",
            "number",
            "integer",
            "boolean",
            "date",
            "datetime",
        )
        if target is not None and not scalar and target not in by_name:
            out.error(
                f["source"],
                f"{entity['name']}.{f['name']}: unknown entity '{target}'; "
                f"known entities: {_known(sorted(by_name))}",
            )
            continue
        kept.append(f)
    entity["fields"] = kept


def _server_set(entity: Item) -> None:
    names = {f["name"] for f in entity["fields"]}
    src = entity["source"]

    def field(name: str, ftype: str, desc: str) -> Item:
        return {
            "name": name,
            "type": ftype,
            "of": None,
            "ref": None,
            "enum_values": None,
            "required": True,
            "unique": name == "id",
            "server_set": True,
            "description": desc,
            "source": src,
        }

    if "id" not in names:
        entity["fields"].insert(0, field("id", "string", "Server-generated identifier (UUID)."))
        entity["_uuid"] = True
    if "createdAt" not in names:
        entity["fields"].append(field("createdAt", "datetime", "When the server created it."))
    if "updatedAt" not in names:
        entity["fields"].append(field("updatedAt", "datetime", "When it last changed."))


def _notes(draft: Draft, entities: list[Item]) -> list[Item]:
    notes = [
        note(f"{e['name']}.id", "uuid", None, "server-generated identifier", e["source"])
        for e in entities
        if e.pop("_uuid", False)
    ]
    seen = set()
    result = []
    for n in [*draft.notes, *notes]:
        key = (n["target"], n["constraint"], n["value"])
        if key not in seen:
            seen.add(key)
            result.append(n)
    return result


# --------------------------------------------------------------------------- auth


def _access(draft: Draft, features: list[Item], out: Findings) -> dict[str, str]:
    """Feature id → public | public-read | auth."""
    access = {f["id"]: f["_access"] or "auth" for f in features}
    public = draft.auth.get("public")
    for ref in public.value if public else []:
        fid = _feature_ref(ref, features)
        if fid is None:
            assert public is not None
            out.error(
                public.source,
                f"public: unknown feature '{ref}'; known features: {_known(list(access))}",
            )
        else:
            access[fid] = "public"
    explicit = draft.auth.get("features_requiring_auth")
    if explicit is not None:
        listed = {_feature_ref(r, features) for r in explicit.value}
        for fid in access:
            access[fid] = (
                "auth" if fid in listed else access[fid] if access[fid] != "auth" else "public"
            )
    return access


def _scheme(draft: Draft, features: list[Item], out: Findings) -> tuple[str, str | None]:
    s = draft.auth.get("scheme")
    if s is None:
        wants = next((f for f in features if f["_access"] in ("auth", "public-read")), None)
        return ("jwt_with_refresh", wants["source"]) if wants else ("none", None)
    key = re.sub(r"[\s-]+", "_", str(s.value).strip().lower())
    scheme = _SCHEMES.get(key)
    if scheme is None:
        out.error(
            s.source,
            f"unknown auth scheme '{s.value}'; expected jwt_with_refresh, oauth2, api_key or none",
        )
        return "none", s.source
    return scheme, s.source


def _needs_auth(method: str, access: str, scheme: str) -> bool:
    if scheme == "none" or access == "public":
        return False
    return not (access == "public-read" and method == "GET")


def _auth_policy(
    draft: Draft,
    features: list[Item],
    endpoints: list[Item],
    access: dict[str, str],
    scheme: str,
    source: str | None,
) -> Item:
    a = draft.auth

    def get(key: str, default: Any) -> Any:
        return a[key].value if key in a else default

    requiring = []
    if scheme != "none":
        for f in features:
            eps = [e for e in endpoints if e["feature"] == f["id"]]
            if any(e["auth"] for e in eps) or (not eps and access[f["id"]] != "public"):
                requiring.append(f["id"])
    return {
        "scheme": scheme,
        "description": get("description", None),
        "features_requiring_auth": requiring,
        "roles": get("roles", []),
        "oauth2_authorization_url": get("oauth2_authorization_url", None),
        "oauth2_token_url": get("oauth2_token_url", None),
        "oauth2_scopes": get("oauth2_scopes", []),
        "api_key_header": get("api_key_header", "X-API-Key" if scheme == "api_key" else None),
        "source": source,
    }


# --------------------------------------------------------------------------- endpoints


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(s|x|z|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def endpoint_id(method: str, path: str, is_list: bool) -> str:
    """``GET /authors/{authorId}/books`` (list) → ``list-author-books``."""
    segs = [s for s in path.split("/") if s]
    if (
        method == "POST"
        and len(segs) >= 3
        and segs[-2].startswith("{")
        and not segs[-1].startswith("{")
    ):
        action = slug(segs[-1])
        if action and _singular(action) == action:  # an action: POST /loans/{loanId}/return
            return "-".join(
                [action, *endpoint_id("GET", "/" + "/".join(segs[:-1]), False).split("-")[1:]]
            )
    nouns: list[str] = []
    for i, seg in enumerate(segs):
        if seg.startswith("{"):
            continue
        followed = i + 1 < len(segs) and segs[i + 1].startswith("{")
        last = not any(not s.startswith("{") for s in segs[i + 1 :])
        single = followed or (last and not is_list and method != "GET")
        nouns.append(_singular(slug(seg)) if single else slug(seg))
    verb = {"POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}.get(
        method, "list" if is_list else "get"
    )
    return "-".join([verb, *[n for n in nouns if n]]) if any(nouns) else f"{verb}-root"


def _endpoints(
    draft: Draft,
    features: list[Item],
    entities: list[Item],
    access: dict[str, str],
    scheme: str,
    out: Findings,
) -> list[Item]:
    result: list[Item] = []
    taken: set[tuple[str, str]] = set()
    ids: set[str] = set()

    def add(ep: Item) -> None:
        key = (ep["method"], ep["path"])
        if key in taken:
            return
        base = ep["id"]
        n = 2
        while ep["id"] in ids:
            ep["id"] = f"{base}-{n}"
            n += 1
        taken.add(key)
        ids.add(ep["id"])
        result.append(ep)

    for ep in draft.endpoints:
        made = _explicit(ep, features, access, scheme, out)
        if made is not None:
            if (made["method"], made["path"]) in taken:
                out.error(
                    made["source"], f"endpoint '{made['method']} {made['path']}' is listed twice"
                )
            add(made)
    names = [e["name"] for e in entities]
    for f in features:
        for m in f["_manages"]:
            if m["entity"] not in names:
                out.error(
                    m["source"],
                    f"manages unknown entity '{m['entity']}'; known entities: {_known(sorted(names))}",
                )
                continue
            for op in m["ops"] or ALL_OPS:
                add(_crud(op, m["entity"], f["id"], access[f["id"]], scheme, m["source"]))
    for e in entities:
        for rel in e["relationships"]:
            if rel["kind"] == "one-to-many":
                nested = _nested(e["name"], rel, features, access, scheme)
                if nested is not None:
                    add(nested)
    return result


def _explicit(
    ep: Item, features: list[Item], access: dict[str, str], scheme: str, out: Findings
) -> Item | None:
    fid = _feature_ref(ep["feature"], features) if ep["feature"] else None
    if ep["feature"] and fid is None:
        out.error(
            ep["source"],
            f"unknown feature '{ep['feature']}'; known features: {_known([f['id'] for f in features])}",
        )
        return None
    if fid is None and ep["entity"]:
        fid = next(
            (f["id"] for f in features if any(m["entity"] == ep["entity"] for m in f["_manages"])),
            None,
        )
    if fid is None and len(features) == 1:
        fid = features[0]["id"]
    if fid is None:
        out.error(
            ep["source"],
            "which feature does this endpoint serve? add the feature id in the parentheses, "
            "e.g. '(Book, browse-catalog)', or list endpoints under '### Feature name'",
        )
        return None
    method, entity = ep["method"], ep["entity"]
    req = ep["_request"]
    res = ep["_response"]
    return {
        "id": ep["id"] or endpoint_id(method, ep["path"], ep["list"]),
        "method": method,
        "path": ep["path"],
        "summary": ep["summary"],
        "entity": entity,
        "feature": fid,
        "auth": ep["_auth"]
        if ep["_auth"] is not None
        else _needs_auth(method, access[fid], scheme),
        "request": (entity if method in ("POST", "PUT", "PATCH") else None)
        if req == "default"
        else req,
        "response": (None if method == "DELETE" else entity) if res == "default" else res,
        "list": ep["list"],
        "paginated": ep["paginated"],
        "deprecated": ep["deprecated"],
        "source": ep["source"],
    }


def _phrase(entity: str) -> tuple[str, str]:
    """``BookLoan`` → ``('a book loan', 'book loans')``."""
    w = " ".join(words(entity)).lower()
    article = "an" if w[:1] in "aeiou" else "a"
    return f"{article} {w}", plural(w)


def _crud(op: str, entity: str, fid: str, access: str, scheme: str, source: str) -> Item:
    one, many = _phrase(entity)
    coll = f"/{collection(entity)}"
    item = f"{coll}/{{{param(entity)}}}"
    method, path, summary = {
        "list": ("GET", coll, f"List {many}"),
        "get": ("GET", item, f"Get {one}"),
        "create": ("POST", coll, f"Create {one}"),
        "update": ("PATCH", item, f"Update {one}"),
        "delete": ("DELETE", item, f"Delete {one}"),
    }[op]
    return {
        "id": endpoint_id(method, path, op == "list"),
        "method": method,
        "path": path,
        "summary": summary,
        "entity": entity,
        "feature": fid,
        "auth": _needs_auth(method, access, scheme),
        "request": entity if op in ("create", "update") else None,
        "response": None if op == "delete" else entity,
        "list": op == "list",
        "paginated": op == "list",
        "deprecated": False,
        "source": source,
    }


def _nested(
    parent: str, rel: Item, features: list[Item], access: dict[str, str], scheme: str
) -> Item | None:
    """``GET /authors/{authorId}/books`` for a one-to-many whose child a feature lists."""
    child = rel["target"]
    owner = next(
        (
            f["id"]
            for f in features
            for m in f["_manages"]
            if m["entity"] == child and "list" in (m["ops"] or ALL_OPS)
        ),
        None,
    )
    if owner is None:
        return None
    one, _ = _phrase(parent)
    _, many = _phrase(child)
    path = f"/{collection(parent)}/{{{param(parent)}}}/{kebab(rel['name'])}"
    return {
        "id": endpoint_id("GET", path, True),
        "method": "GET",
        "path": path,
        "summary": f"List the {many} of {one}",
        "entity": child,
        "feature": owner,
        "auth": _needs_auth("GET", access[owner], scheme),
        "request": None,
        "response": child,
        "list": True,
        "paginated": True,
        "deprecated": False,
        "source": rel["source"],
    }


# --------------------------------------------------------------------------- the rest


def _tech(draft: Draft) -> Item:
    stack: Item = dict(DEFAULT_STACK)
    for key, s in draft.tech.items():
        stack[key] = s.value
    return stack


def _refs(item: Item, key: str, what: str, known: list[Item], out: Findings) -> list[str]:
    result = []
    for ref in item[key]:
        fid = _feature_ref(ref, known)
        if fid is None:
            names = [str(k["id"]) for k in known]
            out.error(
                item["source"],
                f"{what} '{item['name']}': unknown {key[:-1]} '{ref}'; known: {_known(names)}",
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
