"""Endpoints and auth, inferred from features, entities and the auth policy.

CRUD endpoints for the entities a feature manages (list paginated, get, create, update
with PATCH, delete), nested lists for one-to-many relationships, explicit endpoints from
the API section, and per-endpoint auth from the policy. Ids come from the method and path
only (``list-books``, ``get-book``, ``list-author-books``, ``return-loan``).
"""

from __future__ import annotations

import re
from typing import Any

from .common import (
    Findings,
    Item,
    collection,
    feature_ref,
    kebab,
    known,
    param,
    plural,
    slug,
    words,
)
from .draft import Draft

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


# --------------------------------------------------------------------------- auth


def access_map(draft: Draft, features: list[Item], out: Findings) -> dict[str, str]:
    """Feature id → public | public-read | auth."""
    access = {f["id"]: f["_access"] or "auth" for f in features}
    public = draft.auth.get("public")
    for ref in public.value if public else []:
        fid = feature_ref(ref, features)
        if fid is None:
            assert public is not None
            out.error(
                public.source,
                f"public: unknown feature '{ref}'; known features: {known(list(access))}",
            )
        else:
            access[fid] = "public"
    explicit = draft.auth.get("features_requiring_auth")
    if explicit is not None:
        listed = {feature_ref(r, features) for r in explicit.value}
        for fid in access:
            access[fid] = (
                "auth" if fid in listed else access[fid] if access[fid] != "auth" else "public"
            )
    return access


def scheme_of(draft: Draft, features: list[Item], out: Findings) -> tuple[str, str | None]:
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


def auth_policy(
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


def endpoints(
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
                    f"manages unknown entity '{m['entity']}'; known entities: {known(sorted(names))}",
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
    fid = feature_ref(ep["feature"], features) if ep["feature"] else None
    if ep["feature"] and fid is None:
        out.error(
            ep["source"],
            f"unknown feature '{ep['feature']}'; known features: {known([f['id'] for f in features])}",
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
