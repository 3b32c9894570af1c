"""Endpoints, inferred from features and entities, each with its auth from the policy.

CRUD endpoints for the entities a feature manages (list paginated, get, create, update
with PATCH, delete), nested lists for one-to-many relationships, explicit endpoints from
the API section, and per-endpoint auth from :mod:`.access`. Ids come from the method and
path only (``list-books``, ``get-book``, ``list-author-books``, ``return-loan``).
"""

from __future__ import annotations

import re

from .access import needs_auth
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

ALL_OPS = ("list", "get", "create", "update", "delete")


# --------------------------------------------------------------------------- endpoint ids

_VERBS = {"POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(s|x|z|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _is_param(segment: str) -> bool:
    return segment.startswith("{")


def endpoint_id(method: str, path: str, is_list: bool) -> str:
    """``GET /authors/{authorId}/books`` (list) → ``list-author-books``."""
    segs = [s for s in path.split("/") if s]
    action = _action(method, segs)
    if action is not None:  # POST /loans/{loanId}/return → return-loan
        target = endpoint_id("GET", "/" + "/".join(segs[:-1]), False)
        return "-".join([action, *target.split("-")[1:]])
    nouns = _nouns(segs, singular_last=not is_list and method != "GET")
    verb = _VERBS.get(method, "list" if is_list else "get")
    return "-".join([verb, *[n for n in nouns if n]]) if any(nouns) else f"{verb}-root"


def _action(method: str, segs: list[str]) -> str | None:
    """The verb of an action route: a POST whose last segment (a singular word) follows an
    id; None for any other route."""
    if method != "POST" or len(segs) < 3 or not _is_param(segs[-2]) or _is_param(segs[-1]):
        return None
    action = slug(segs[-1])
    return action if action and _singular(action) == action else None


def _nouns(segs: list[str], singular_last: bool) -> list[str]:
    """The path's words: singular before an id (and last, for one item), else as written."""
    nouns: list[str] = []
    for i, seg in enumerate(segs):
        if _is_param(seg):
            continue
        rest = segs[i + 1 :]
        followed = bool(rest) and _is_param(rest[0])
        last = all(_is_param(s) for s in rest)
        single = followed or (last and singular_last)
        nouns.append(_singular(slug(seg)) if single else slug(seg))
    return nouns


# --------------------------------------------------------------------------- endpoints


class _Routes:
    """The endpoint list being built: the first of a method and path wins, ids stay unique."""

    def __init__(self, features: list[Item], access: dict[str, str], scheme: str) -> None:
        self.features, self.access, self.scheme = features, access, scheme
        self.items: list[Item] = []
        self.taken: set[tuple[str, str]] = set()
        self.ids: set[str] = set()

    def add(self, ep: Item) -> None:
        key = (ep["method"], ep["path"])
        if key in self.taken:
            return
        base = ep["id"]
        n = 2
        while ep["id"] in self.ids:
            ep["id"] = f"{base}-{n}"
            n += 1
        self.taken.add(key)
        self.ids.add(ep["id"])
        self.items.append(ep)

    def explicit(self, draft: Draft, out: Findings) -> None:
        for ep in draft.endpoints:
            made = _explicit(ep, self.features, self.access, self.scheme, out)
            if made is None:
                continue
            if (made["method"], made["path"]) in self.taken:
                out.error(
                    made["source"], f"endpoint '{made['method']} {made['path']}' is listed twice"
                )
            self.add(made)

    def managed(self, entities: list[Item], out: Findings) -> None:
        """CRUD for every entity a feature manages (``Manages: Book (list, get)``)."""
        names = [e["name"] for e in entities]
        for f in self.features:
            for m in f["_manages"]:
                if m["entity"] not in names:
                    out.error(
                        m["source"],
                        f"manages unknown entity '{m['entity']}'; known entities: "
                        f"{known(sorted(names))}",
                    )
                    continue
                for op in m["ops"] or ALL_OPS:
                    access = self.access[f["id"]]
                    self.add(_crud(op, m["entity"], f["id"], access, self.scheme, m["source"]))

    def nested(self, entities: list[Item]) -> None:
        """A nested list for each one-to-many whose child a feature lists."""
        for e in entities:
            for rel in e["relationships"]:
                if rel["kind"] != "one-to-many":
                    continue
                made = _nested(e["name"], rel, self.features, self.access, self.scheme)
                if made is not None:
                    self.add(made)


def endpoints(
    draft: Draft,
    features: list[Item],
    entities: list[Item],
    access: dict[str, str],
    scheme: str,
    out: Findings,
) -> list[Item]:
    """The API section's endpoints first, then CRUD from ``Manages:``, then nested lists."""
    routes = _Routes(features, access, scheme)
    routes.explicit(draft, out)
    routes.managed(entities, out)
    routes.nested(entities)
    return routes.items


def _explicit(
    ep: Item, features: list[Item], access: dict[str, str], scheme: str, out: Findings
) -> Item | None:
    fid = _served_feature(ep, features, out)
    if fid is None:
        return None
    method, entity = ep["method"], ep["entity"]
    return {
        "id": ep["id"] or endpoint_id(method, ep["path"], ep["list"]),
        "method": method,
        "path": ep["path"],
        "summary": ep["summary"],
        "entity": entity,
        "feature": fid,
        "auth": needs_auth(method, access[fid], scheme) if ep["_auth"] is None else ep["_auth"],
        "request": _request(method, entity) if ep["_request"] == "default" else ep["_request"],
        "response": (None if method == "DELETE" else entity)
        if ep["_response"] == "default"
        else ep["_response"],
        **_listing(ep["list"], ep["paginated"]),
        "parameters": [],
        "deprecated": ep["deprecated"],
        "source": ep["source"],
    }


def _listing(is_list: bool, paginated: bool) -> Item:
    """A list is paged by page number in an ``{items, …}`` envelope, or a bare array."""
    return {
        "list": is_list,
        "paging": "page" if is_list and paginated else None,
        "envelope": ("items" if paginated else "bare") if is_list else None,
        "wrapper": None,
    }


def _request(method: str, entity: str | None) -> str | None:
    return entity if method in ("POST", "PUT", "PATCH") else None


def _served_feature(ep: Item, features: list[Item], out: Findings) -> str | None:
    """The feature an explicit endpoint serves: named, else the one managing its entity,
    else the only one; None (reported) when none is found."""
    if ep["feature"]:
        fid = feature_ref(ep["feature"], features)
        if fid is None:
            out.error(
                ep["source"],
                f"unknown feature '{ep['feature']}'; known features: "
                f"{known([f['id'] for f in features])}",
            )
        return fid
    fid = _managing(ep["entity"], features) if ep["entity"] else None
    if fid is None and len(features) == 1:
        fid = features[0]["id"]
    if fid is None:
        out.error(
            ep["source"],
            "which feature does this endpoint serve? add the feature id in the parentheses, "
            "e.g. '(Book, browse-catalog)', or list endpoints under '### Feature name'",
        )
    return fid


def _managing(entity: str, features: list[Item]) -> str | None:
    return next(
        (f["id"] for f in features if any(m["entity"] == entity for m in f["_manages"])), None
    )


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
        "auth": needs_auth(method, access, scheme),
        "request": entity if op in ("create", "update") else None,
        "response": None if op == "delete" else entity,
        **_listing(op == "list", op == "list"),
        "parameters": [],
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
        "auth": needs_auth("GET", access[owner], scheme),
        "request": None,
        "response": child,
        **_listing(True, True),
        "parameters": [],
        "deprecated": False,
        "source": rel["source"],
    }
