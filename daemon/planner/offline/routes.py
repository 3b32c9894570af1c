"""Endpoints, inferred from features and entities, each with its auth from the policy.

The API section's explicit endpoints first, then CRUD for the entities a feature manages
(list, get, create, update with PATCH — or the project's update method —, replace with PUT,
delete; nested ``under`` a parent when the line says so), the caller's own record
(``Current:``), toggles and actions, then nested lists for one-to-many relationships. The
first endpoint of a method and path wins; the same route written with another parameter
name is an error at the intent line. :mod:`.listing` then decides paging, envelopes and
parameters. Ids come from the method and path only (:mod:`.ids`).
"""

from __future__ import annotations

import re

from . import crud
from .access import needs_auth
from .common import Findings, Item, feature_ref, known
from .defaults import Defaults
from .draft import Draft
from .endpoint_lines import MARKER_WORDS
from .entities import resolve
from .ids import endpoint_id
from .listing import check_filters, finish
from .purpose import purpose, signs_up

__all__ = ["endpoint_id", "endpoints"]


class _Routes:
    """The endpoint list being built: the first of a method and path wins, ids stay unique."""

    def __init__(
        self,
        features: list[Item],
        entities: list[Item],
        access: dict[str, str],
        scheme: str,
        settings: Defaults,
        out: Findings,
    ) -> None:
        self.features, self.access, self.scheme = features, access, scheme
        self.by_name = {e["name"]: e for e in entities}
        self.settings, self.out = settings, out
        self.items: list[Item] = []
        self.taken: dict[tuple[str, str], Item] = {}
        self.shapes: dict[str, Item] = {}  # a path with its parameters blanked → the first
        self.ids: set[str] = set()
        self.clashes: set[tuple[str, str]] = set()

    def add(self, ep: Item) -> bool:
        key = (ep["method"], ep["path"])
        if key in self.taken or self._clashes(ep):
            return False
        base = ep["id"]
        n = 2
        while ep["id"] in self.ids:
            ep["id"] = f"{base}-{n}"
            n += 1
        self.taken[key] = ep
        self.shapes.setdefault(_shape(ep["path"]), ep)
        self.ids.add(ep["id"])
        self.items.append(ep)
        return True

    def _clashes(self, ep: Item) -> bool:
        """The same route with other parameter names (``/recipes/{slug}`` beside
        ``/recipes/{recipeId}``) cannot be served; reported at the later line."""
        other = self.shapes.get(_shape(ep["path"]))
        if other is None or other["path"] == ep["path"]:
            return False
        said = (ep["source"], other["path"])
        if said not in self.clashes:  # one message per line and path
            self.clashes.add(said)
            self.out.error(ep["source"], self._clash_message(ep, other))
        return True

    def _clash_message(self, ep: Item, other: Item) -> str:
        mine, theirs = _params(ep["path"]), _params(other["path"])
        entity = self.by_name.get(ep["entity"] or other["entity"] or "")
        fields = {f["name"] for f in entity["fields"]} if entity else set()
        key = next((p for p in [*mine, *theirs] if p in fields and p != "id"), None)
        hint = (
            f"make {key} the key of {entity['name']} ('- {key}: string, key') so inferred "
            "routes use it too"
            if key is not None and entity is not None
            else f"write '{other['path']}' here as well"
        )
        return (
            f"'{ep['method']} {ep['path']}' is the same path as '{other['method']} "
            f"{other['path']}' ({other['source']}) with another parameter name; {hint}"
        )

    def explicit(self, draft: Draft) -> None:
        for ep in draft.endpoints:
            made = self._explicit(ep)
            if made is None:
                continue
            if (made["method"], made["path"]) in self.taken:
                self.out.error(
                    made["source"], f"endpoint '{made['method']} {made['path']}' is listed twice"
                )
            self.add(made)

    def _explicit(self, ep: Item) -> Item | None:
        fid = _served_feature(ep, self.features, self.out)
        if fid is None:
            return None
        method, entity = ep["method"], ep["entity"]
        made = crud.route(method, ep["path"], ep["summary"], entity, "explicit", ep["source"])
        made.update(
            id=ep["id"] or endpoint_id(method, ep["path"], ep["list"]),
            feature=fid,
            request=(entity if method in ("POST", "PUT", "PATCH") else None)
            if ep["_request"] == "default"
            else ep["_request"],
            response=(None if method == "DELETE" else entity)
            if ep["_response"] == "default"
            else ep["_response"],
            list=ep["list"],
            deprecated=ep["deprecated"],
            parameters=list(ep.get("parameters", [])),
        )
        for hint in ("_envelope", "_wrap", "_status", "_headers", "_errors", "_auth"):
            made[hint] = ep.get(hint)
        made["_paging"] = ep.get("_paging") or (
            None if ep.get("paginated") or not ep["list"] else "none"
        )
        self._auth(made)
        return made

    def _auth(self, ep: Item) -> None:
        """Auth from the feature's access; sign-up, login and refresh are public."""
        if ep["_auth"] is not None:
            ep["auth"] = ep["_auth"]
            return
        ep["auth"] = needs_auth(ep["method"], self.access[ep["feature"]], self.scheme)
        feature = next(f for f in self.features if f["id"] == ep["feature"])
        if purpose(ep) is not None or (ep["_op"] == "create" and signs_up(feature, ep["entity"])):
            ep["auth"] = False

    def _put(self, ep: Item, fid: str) -> None:
        ep["feature"] = fid
        self._auth(ep)
        self.add(ep)

    def managed(self) -> None:
        """CRUD for every entity a feature manages (``Manages: Book (list, get)``)."""
        for f in self.features:
            for m in f["_manages"]:
                entity = self._entity(m["entity"], m["source"])
                parent = self._entity(m["under"], m["source"]) if m.get("under") else None
                if entity is None or (m.get("under") and parent is None):
                    continue
                for op in m["ops"] or crud.ALL_OPS:
                    ep = crud.crud(op, entity, m, self.settings, parent)
                    ep["_inferred_list"] = op == "list"
                    ep["_under"] = parent["name"] if parent is not None else None
                    self._put(ep, f["id"])

    def _entity(self, name: str, source: str, crud_ok: bool = True) -> Item | None:
        found = resolve(name, self.by_name)
        if found is None:
            self.out.error(
                source,
                f"unknown entity '{name}'; known entities: {known(sorted(self.by_name))}",
            )
            return None
        entity = self.by_name[found]
        if crud_ok and entity["kind"] == "shape":
            self.out.error(
                source,
                f"{found} is a shape (only sent or returned): it gets no CRUD; use it as the "
                f"request or response of an endpoint, e.g. '(request: {found})'",
            )
            return None
        return entity

    def extras(self) -> None:
        """``Current:``, ``Toggles:`` and ``Actions:`` lines."""
        naming = self.settings.naming
        for f in self.features:
            lines = [*f.get("_current", []), *f.get("_toggles", []), *f.get("_actions", [])]
            for line in lines:
                entity = self._entity(line["entity"], line["source"])
                if entity is None:
                    continue
                if "ops" in line:
                    made = [
                        crud.current(op, entity, self.settings.update_method, line["source"])
                        for op in line["ops"]
                    ]
                elif line in f.get("_toggles", []):
                    made = crud.toggle(line["verb"], entity, naming, line["source"])
                else:
                    made = [crud.action(line["verb"], entity, naming, line["source"])]
                for ep in made:
                    self._put(ep, f["id"])

    def nested(self) -> None:
        """A nested list for each one-to-many whose child a feature lists."""
        for e in self.by_name.values():
            if e["kind"] == "shape":
                continue
            for rel in e["relationships"]:
                owner = _lister(rel, self.features) if rel["kind"] == "one-to-many" else None
                if owner is not None and self.by_name[rel["target"]]["kind"] != "shape":
                    self._put(crud.nested_list(e, rel, self.settings.naming), owner)

    def open_signup(self) -> None:
        """Creating the entity a login answers (``POST /users`` beside ``POST /users/login``
        answering a User) is signing up: public unless marked ``auth``."""
        users = {ep["response"] for ep in self.items if purpose(ep) == "login" and ep["response"]}
        for ep in self.items:
            if ep["_op"] == "create" and ep["entity"] in users and ep["_auth"] is None:
                ep["auth"] = False


def _params(path: str) -> list[str]:
    return re.findall(r"\{([^}]*)\}", path)


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _lister(rel: Item, features: list[Item]) -> str | None:
    """The feature listing the child of ``rel`` at its own collection."""
    return next(
        (
            f["id"]
            for f in features
            for m in f["_manages"]
            if m["entity"] == rel["target"]
            and not m.get("under")
            and "list" in (m["ops"] or crud.ALL_OPS)
        ),
        None,
    )


def endpoints(
    draft: Draft,
    features: list[Item],
    entities: list[Item],
    access: dict[str, str],
    scheme: str,
    settings: Defaults,
    out: Findings,
) -> list[Item]:
    """Every endpoint, finished: paging, envelopes and parameters decided (:mod:`.listing`)."""
    routes = _Routes(features, entities, access, scheme, settings, out)
    routes.explicit(draft)
    routes.managed()
    routes.extras()
    routes.nested()
    routes.open_signup()
    by_feature = {f["id"]: f for f in features}
    for ep in routes.items:
        finish(ep, by_feature[ep["feature"]], routes.by_name, settings, out)
    check_filters(features, routes.items, out)
    return routes.items


def _served_feature(ep: Item, features: list[Item], out: Findings) -> str | None:
    """The feature an explicit endpoint serves: named, else the one managing its entity,
    else the only one; None (reported) when none is found."""
    if ep["feature"]:
        fid = feature_ref(ep["feature"], features)
        if fid is None:
            out.error(ep["source"], _unknown_feature(ep, features))
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


def _unknown_feature(ep: Item, features: list[Item]) -> str:
    ids = known([f["id"] for f in features])
    if ep.get("_feature_marker"):
        return (
            f"unknown marker '{ep['feature']}' on endpoint '{ep['method']} {ep['path']}'; "
            f"expected {MARKER_WORDS} (known features: {ids})"
        )
    return f"unknown feature '{ep['feature']}'; known features: {ids}"


def _managing(entity: str, features: list[Item]) -> str | None:
    return next(
        (f["id"] for f in features if any(m["entity"] == entity for m in f["_manages"])), None
    )
