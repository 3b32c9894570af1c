"""The endpoints a feature line makes, before auth, paging and responses are decided:
CRUD from ``Manages:`` (also nested ``under`` a parent), nested lists of a one-to-many,
the caller's own record (``Current:``), toggles (``Toggles:``) and actions (``Actions:``).

Paths follow each entity's key: ``/books/{bookId}``, ``/articles/{slug}``,
``/articles/{slug}/comments/{commentId}``. Every route is a hand-off endpoint as data plus
``_`` hints (``_op``, and those of :mod:`.endpoint_lines`) that later steps read and drop.
"""

from __future__ import annotations

from .common import Item, camel, collection, kebab, param, plural, wire, words
from .defaults import Defaults
from .ids import endpoint_id

ALL_OPS = ("list", "get", "create", "update", "delete")
# An op → the method (update: the project's update method) and whether it names one item.
_METHOD = {
    "list": ("GET", False),
    "get": ("GET", True),
    "create": ("POST", False),
    "update": ("PATCH", True),
    "replace": ("PUT", True),
    "delete": ("DELETE", True),
}
_ID_METHOD = {"update": "PATCH", "replace": "PUT"}


def phrase(entity: str) -> tuple[str, str]:
    """``BookLoan`` → ``('a book loan', 'book loans')``."""
    w = " ".join(words(entity)).lower()
    article = "an" if w[:1] in "aeiou" else "a"
    return f"{article} {w}", plural(w)


def route(method: str, path: str, summary: str, entity: str | None, op: str, source: str) -> Item:
    """An endpoint with its defaults: the body and response of ``entity`` as ``op`` has them."""
    writes = op in ("create", "update", "replace")
    return {
        "id": endpoint_id(_ID_METHOD.get(op, method), path, op == "list"),
        "method": method,
        "path": path,
        "summary": summary,
        "entity": entity,
        "feature": None,
        "auth": None,
        "request": entity if writes else None,
        "response": None if op == "delete" else entity,
        "list": op == "list",
        "paging": None,
        "envelope": None,
        "wrapper": None,
        "parameters": [],
        "deprecated": False,
        "source": source,
        "_op": op,
        "_paging": None,
        "_envelope": None,
        "_wrap": None,
        "_status": None,
        "_headers": None,
        "_errors": None,
        "_auth": None,
    }


def item_path(
    entity: Item,
    naming: str,
    prefix: str = "",
    at: str | None = None,
    child: Item | None = None,
) -> tuple[str, str]:
    """(the collection path, the one-item path) of ``entity``, under ``prefix``; ``at``
    names the collection's segment when it is not the entity's plural. As the parent of
    ``child``, a key named like one of the child's fields is qualified (``/domains/{domainName}
    /records``: a record has a ``name`` of its own, which its list may filter by)."""
    coll = f"{prefix}/{at or collection(entity['name'])}"
    name = param(entity["name"], entity["key"] or "id", naming)
    own = {wire(f["name"], naming) for f in child.get("fields", ())} if child else set()
    if f"{{{name}}}" in prefix or name in own:  # /articles/{slug}/comments/{slug}
        name = wire(camel(f"{entity['name']} {entity['key']}"), naming)
    return coll, f"{coll}/{{{name}}}"


def crud(op: str, entity: Item, managed: Item, s: Defaults, parent: Item | None) -> Item:
    """One CRUD endpoint of ``entity`` as ``managed`` (a ``Manages:`` item) says, nested
    under ``parent`` when given."""
    name, naming = entity["name"], s.naming
    one, many = phrase(name)
    prefix = item_path(parent, naming, child=entity)[1] if parent is not None else ""
    coll, item = item_path(entity, naming, prefix, managed.get("at"))
    method, single = _METHOD[op]
    if op == "update":
        method = s.update_method
    of = f" of {phrase(parent['name'])[0]}" if parent is not None else ""
    summary = {
        "list": f"List {many}" if parent is None else f"List the {many}{of}",
        "get": f"Get {one}{of}",
        "create": f"Create {one}"
        if parent is None
        else f"Add {one} to {phrase(parent['name'])[0]}",
        "update": f"Update {one}{of}",
        "replace": f"Replace {one}{of}",
        "delete": f"Delete {one}{of}",
    }[op]
    return route(method, item if single else coll, summary, name, op, managed["source"])


def nested_list(parent: Item, rel: Item, naming: str) -> Item:
    """``GET /authors/{authorId}/books``: the children of a one-to-many."""
    one, _ = phrase(parent["name"])
    _, many = phrase(rel["target"])
    _, base = item_path(parent, naming)
    path = f"{base}/{kebab(rel['name'])}"
    return route("GET", path, f"List the {many} of {one}", rel["target"], "list", rel["source"])


def current(op: str, entity: Item, update_method: str, source: str) -> Item:
    """``GET /user``, ``PUT /user``: the caller's own record."""
    name = entity["name"]
    path = f"/{kebab(name)}"
    method = update_method if op == "update" else _METHOD[op][0]
    who = " ".join(words(name)).lower()
    summary = {
        "get": f"Get the signed-in {who}",
        "update": f"Update the signed-in {who}",
        "replace": f"Replace the signed-in {who}",
        "delete": f"Delete the signed-in {who}",
    }[op]
    ep = route(method, path, summary, name, op, source)
    ep["_op"] = f"current-{op}"
    return ep


def toggle(verb: str, entity: Item, naming: str, source: str) -> list[Item]:
    """``favorite Article`` → ``POST`` and ``DELETE /articles/{slug}/favorite``."""
    _, item = item_path(entity, naming)
    one, _ = phrase(entity["name"])
    path = f"{item}/{kebab(verb)}"
    on = route("POST", path, f"{verb.capitalize()} {one}", entity["name"], "toggle", source)
    off = route("DELETE", path, f"Un{verb} {one}", entity["name"], "untoggle", source)
    on["request"] = off["request"] = None
    off["response"] = entity["name"]
    on["id"] = f"{kebab(verb)}-{kebab(entity['name'])}"
    off["id"] = f"un{kebab(verb)}-{kebab(entity['name'])}"
    return [on, off]


def action(verb: str, entity: Item, naming: str, source: str) -> Item:
    """``publish Event`` → ``POST /events/{eventId}/publish`` answering the event."""
    _, item = item_path(entity, naming)
    one, _ = phrase(entity["name"])
    ep = route(
        "POST",
        f"{item}/{kebab(verb)}",
        f"{verb.capitalize()} {one}",
        entity["name"],
        "action",
        source,
    )
    ep["request"] = None
    ep["id"] = f"{kebab(verb)}-{kebab(entity['name'])}"
    return ep
