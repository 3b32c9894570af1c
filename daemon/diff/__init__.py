"""The semantic contract diff: two OpenAPI 3.1 documents → classified changes.

Pure: plain dicts in, a sorted list of :class:`Change` out. No I/O.

Classification follows oasdiff (pinned at v1.28, see ``_ERR``/``_WARN``/``_INFO`` below),
with its request/response asymmetry: a request breaks when the set of values the server
accepts shrinks, a response breaks when the set of values it may return grows.

* oasdiff ERR → ``breaking``; oasdiff **WARN counts as breaking** (the contract cannot prove
  the change safe, and a wrong major is cheaper than a silently broken client);
  oasdiff INFO → ``non-breaking``; documentation-only edits → ``cosmetic``.
* Where oasdiff has no check, the rule id is ``intentd-…`` and the class follows the same
  asymmetry (tighter request / wider response → breaking).
* Deliberate departures from oasdiff's levels (``_RAISED``): a changed or removed
  ``operationId`` is breaking (generated SDK method names change); security that a
  previously valid client no longer satisfies is breaking (oasdiff reports it as INFO);
  a changed security scheme type/location is breaking.
* Response ``pattern`` changes stay non-breaking, as in oasdiff.
* ``info.version`` and every ``x-`` extension are ignored: the version is the bump's output,
  extensions carry generator metadata.

``$ref`` (internal) is compared resolved, so a changed component is reported at every
operation that uses it. Recursive schemas terminate: each (old, new) pair of referenced
schemas is compared once per operation part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from ..errors import IntentdError
from ..openapi import pointer
from ..openapi.walk import METHODS, refs_in
from .semver import Bump, bump

__all__ = ["KLASSES", "Bump", "Change", "Klass", "bump", "diff", "fails", "render", "summarize"]

Klass = Literal["breaking", "non-breaking", "cosmetic"]
Direction = Literal["request", "response"]
# How a schema edit moves the set of valid values; the direction turns it into a class.
Effect = Literal["narrower", "wider", "changed", "neutral"]

KLASSES: tuple[Klass, ...] = ("breaking", "non-breaking", "cosmetic")


@dataclass(frozen=True)
class Change:
    """One classified contract change.

    ``operation`` is ``"GET /books/{id}"`` (empty for document-level changes); ``location``
    is a JSON pointer through the operation as if ``$ref`` were inlined.
    """

    rule: str
    klass: Klass
    operation: str
    location: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


# --------------------------------------------------------------------------- oasdiff levels
# The subset of oasdiff v1.28's checks this module can emit, by level
# (regenerate: ``oasdiff checks changelog --format json``; the full list is in
# tests/diffcases/oasdiff-rules-v1.28.txt).
_ERR = """
api-path-removed-without-deprecation api-removed-without-deprecation new-request-path-parameter
new-required-request-parameter new-required-request-property request-body-added-required
request-body-any-of-removed request-body-became-enum request-body-became-not-nullable
request-body-became-required request-body-const-added request-body-const-changed
request-body-enum-value-removed request-body-exclusive-max-decreased
request-body-exclusive-min-increased request-body-list-of-types-narrowed
request-body-max-decreased request-body-max-length-decreased request-body-media-type-removed
request-body-min-increased request-body-min-items-increased request-body-min-length-increased
request-body-one-of-removed request-body-removed request-body-type-changed
request-parameter-became-enum request-parameter-became-not-nullable
request-parameter-became-required request-parameter-default-value-added
request-parameter-default-value-changed request-parameter-default-value-removed
request-parameter-enum-value-removed request-parameter-exclusive-max-decreased
request-parameter-exclusive-min-increased request-parameter-list-of-types-narrowed
request-parameter-max-decreased request-parameter-max-items-decreased
request-parameter-max-length-decreased request-parameter-min-increased
request-parameter-min-items-increased request-parameter-min-length-increased
request-parameter-pattern-added request-parameter-property-became-not-nullable
request-parameter-property-enum-value-removed request-parameter-property-list-of-types-narrowed
request-parameter-type-changed request-property-any-of-removed request-property-became-enum
request-property-became-not-nullable request-property-became-required
request-property-const-added request-property-const-changed request-property-enum-value-removed
request-property-exclusive-max-decreased request-property-exclusive-min-increased
request-property-list-of-types-narrowed request-property-max-decreased
request-property-max-length-decreased request-property-min-increased
request-property-min-items-increased request-property-min-length-increased
request-property-one-of-removed request-property-pattern-added request-property-type-changed
required-response-header-removed response-body-became-nullable response-body-const-changed
response-body-const-removed response-body-exclusive-max-increased
response-body-exclusive-min-decreased response-body-list-of-types-widened
response-body-max-increased response-body-max-length-increased response-body-max-length-unset
response-body-min-decreased response-body-min-items-decreased response-body-min-items-unset
response-body-min-length-decreased response-body-one-of-added response-body-type-changed
response-body-type-generalized response-header-became-optional response-header-type-changed
response-header-type-generalized response-media-type-removed response-property-became-nullable
response-property-became-optional response-property-const-changed response-property-const-removed
response-property-exclusive-max-increased response-property-exclusive-min-decreased
response-property-list-of-types-widened response-property-max-increased
response-property-max-length-increased response-property-max-length-unset
response-property-min-decreased response-property-min-items-decreased
response-property-min-items-unset response-property-min-length-decreased
response-property-one-of-added response-property-type-changed response-property-type-generalized
response-required-property-removed response-success-status-removed webhook-removed
request-parameter-property-type-specialized response-header-became-nullable
"""
_WARN = """
optional-response-header-removed request-body-exclusive-max-set request-body-exclusive-min-set
request-body-max-length-set request-body-max-set request-body-min-items-set request-body-min-set
request-parameter-exclusive-max-set request-parameter-exclusive-min-set
request-parameter-max-length-set request-parameter-max-set request-parameter-min-items-set
request-parameter-min-set request-parameter-pattern-changed request-parameter-property-type-changed
request-parameter-removed request-property-exclusive-max-set request-property-exclusive-min-set
request-property-max-length-set request-property-max-set request-property-min-items-set
request-property-min-set request-property-pattern-changed request-property-removed
response-optional-property-removed response-property-enum-value-added
"""
_INFO = """
api-operation-id-added api-operation-id-removed api-path-removed-with-deprecation
api-removed-with-deprecation api-schema-removed api-security-added api-security-component-added
api-security-component-oauth-scope-added api-security-component-oauth-scope-removed
api-security-component-oauth-token-url-changed api-security-component-oauth-url-changed
api-security-component-removed api-security-component-type-changed api-security-removed
api-security-scope-added api-security-scope-removed api-tag-added api-tag-removed endpoint-added
endpoint-deprecated endpoint-reactivated new-optional-request-parameter
new-optional-request-property request-body-added-optional request-body-any-of-added
request-body-became-nullable request-body-became-optional request-body-const-removed
request-body-default-value-added request-body-default-value-changed
request-body-default-value-removed request-body-exclusive-max-increased
request-body-exclusive-min-decreased request-body-list-of-types-widened
request-body-max-increased request-body-max-length-increased request-body-media-type-added
request-body-min-decreased request-body-min-length-decreased request-body-one-of-added
request-body-type-generalized request-parameter-became-nullable request-parameter-became-optional
request-parameter-deprecated request-parameter-enum-value-added
request-parameter-exclusive-max-increased request-parameter-exclusive-min-decreased
request-parameter-list-of-types-widened request-parameter-max-increased
request-parameter-max-items-increased request-parameter-max-length-increased
request-parameter-min-decreased request-parameter-min-items-decreased
request-parameter-min-length-decreased request-parameter-pattern-removed
request-parameter-property-became-nullable request-parameter-property-enum-value-added
request-parameter-property-list-of-types-widened request-parameter-property-type-generalized
request-parameter-reactivated request-parameter-type-generalized request-property-any-of-added
request-property-became-nullable request-property-became-optional request-property-const-removed
request-property-default-value-added request-property-default-value-changed
request-property-default-value-removed request-property-deprecated
request-property-enum-value-added request-property-exclusive-max-increased
request-property-exclusive-min-decreased request-property-list-of-types-widened
request-property-max-increased request-property-max-length-increased request-property-min-decreased
request-property-min-length-decreased request-property-one-of-added request-property-pattern-removed
request-property-reactivated request-property-type-generalized response-body-any-of-added
response-body-any-of-removed response-body-became-not-nullable response-body-const-added
response-body-default-value-added response-body-default-value-changed
response-body-default-value-removed response-body-list-of-types-narrowed
response-body-one-of-removed response-body-type-specialized response-header-added
response-header-type-specialized response-media-type-added response-non-success-status-added
response-non-success-status-removed response-optional-property-added response-property-any-of-added
response-property-any-of-removed response-property-became-not-nullable
response-property-became-required response-property-const-added
response-property-default-value-added response-property-default-value-changed
response-property-default-value-removed response-property-deprecated
response-property-enum-value-removed response-property-list-of-types-narrowed
response-property-one-of-removed response-property-pattern-added response-property-pattern-changed
response-property-pattern-removed response-property-reactivated response-property-type-specialized
response-required-property-added response-success-status-added webhook-added
response-header-became-not-nullable
"""
LEVELS: dict[str, Literal["ERR", "WARN", "INFO"]] = {
    **dict.fromkeys(_INFO.split(), "INFO"),
    **dict.fromkeys(_WARN.split(), "WARN"),
    **dict.fromkeys(_ERR.split(), "ERR"),
}
# oasdiff INFO checks raised to breaking here (module docstring says why).
RAISED = frozenset({"api-operation-id-removed", "api-security-component-type-changed"})

_DOCS_KEYS = ("summary", "description", "title", "example", "examples", "externalDocs", "$comment")
_BOUNDS = (  # keyword, rule stem, +1 for an upper bound / -1 for a lower one
    ("maximum", "max", 1),
    ("exclusiveMaximum", "exclusive-max", 1),
    ("maxLength", "max-length", 1),
    ("maxItems", "max-items", 1),
    ("maxProperties", "max-properties", 1),
    ("minimum", "min", -1),
    ("exclusiveMinimum", "exclusive-min", -1),
    ("minLength", "min-length", -1),
    ("minItems", "min-items", -1),
    ("minProperties", "min-properties", -1),
)
# Nesting beyond this is a cycle the identity tracking could not see (or a pathological
# document); stopping keeps the diff total, as the property tests demand.
_MAX_DEPTH = 100
_HANDLED = frozenset(
    {"$ref", "type", "nullable", "format", "enum", "const", "pattern", "default", "deprecated"}
    | {"properties", "required", "items", "additionalProperties", "oneOf", "anyOf", "allOf"}
    | {k for k, _, _ in _BOUNDS}
    | set(_DOCS_KEYS)
)


def _logic_klass(direction: Direction | None, effect: Effect) -> Klass:
    if effect == "changed":
        return "breaking"
    if effect == "neutral" or direction is None:
        return "non-breaking"
    bad: Effect = "narrower" if direction == "request" else "wider"
    return "breaking" if effect == bad else "non-breaking"


def _classify(
    candidate: str, direction: Direction | None, effect: Effect, klass: Klass | None
) -> tuple[str, Klass]:
    rule = candidate if candidate in LEVELS else f"intentd-{candidate}"
    if klass is not None:
        return rule, klass
    if candidate in RAISED:
        return rule, "breaking"
    level = LEVELS.get(candidate)
    if level is not None:
        return rule, "non-breaking" if level == "INFO" else "breaking"
    return rule, _logic_klass(direction, effect)


# --------------------------------------------------------------------------- small helpers
def _tok(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _canon(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _strs(value: object) -> set[str]:
    return {v for v in _list(value) if isinstance(v, str)}


def _norm_path(path: str) -> str:
    """Path templates match regardless of parameter names (oasdiff does the same)."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def _path_params(path: str) -> list[str]:
    return re.findall(r"\{([^}/]*)\}", path)


def _strip_ext(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ext(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list):
        return [_strip_ext(v) for v in value]
    return value


def _first_difference(old: Any, new: Any, loc: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                return _first_difference(old.get(key), new.get(key), f"{loc}/{_tok(key)}")
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{loc}/{i}")
    return loc


def _is_success(status: str) -> bool:
    return status[:1] == "2"


class _Doc:
    """Internal ``$ref`` resolution over one document."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def target(self, ref: str) -> Any:
        found, node = pointer.target(self.doc, ref)  # external refs: compared as opaque strings
        return node if found else None

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """Follow a ``$ref`` chain; OAS 3.1 siblings of ``$ref`` override the target's keys."""
        ref: str | None = None
        seen: set[str] = set()
        siblings: dict[str, Any] = {}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            nxt = node["$ref"]
            if nxt in seen:
                return {}, nxt  # a $ref that points at itself: nothing to compare
            seen.add(nxt)
            target = self.target(nxt)
            if target is None:
                return node, None
            siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
            ref, node = nxt, target
        if siblings and isinstance(node, dict):
            node = {**node, **siblings}
        return node, ref


@dataclass(frozen=True)
class _Ctx:
    direction: Direction
    prefix: str  # rule prefix at this level: request-body, response-property, …
    child: str  # rule prefix one level down
    noun: str  # human subject of the root: "request body", "parameter 'q'"
    visited: set[tuple[object, object]]

    def nested(self) -> _Ctx:
        return replace(self, prefix=self.child)


# --------------------------------------------------------------------------- the differ
class _Differ:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = _Doc(old), _Doc(new)
        self.changes: list[Change] = []
        self.op = ""
        self.depth = 0
        self._unstable: set[str] | None = None

    # -- skipping what did not change (most of a revision): equal text, and every $ref
    # inside points at a component whose closure is equal too.
    def same(self, old: Any, new: Any) -> bool:
        if old != new:
            return False
        if self._unstable is None:
            self._unstable = _unstable_refs(self.old, self.new)
        return not (refs_in(old) & self._unstable)

    # -- emitting
    def emit(
        self,
        candidate: str,
        loc: str,
        message: str,
        *,
        direction: Direction | None = None,
        effect: Effect = "changed",
        klass: Klass | None = None,
    ) -> None:
        rule, k = _classify(candidate, direction, effect, klass)
        self.changes.append(Change(rule, k, self.op, loc, message))

    def docs(self, old: Mapping[str, Any], new: Mapping[str, Any], loc: str, what: str) -> None:
        for key in _DOCS_KEYS:
            if old.get(key) != new.get(key):
                stem = key.lower().lstrip("$")
                self.emit(
                    f"{stem}-changed",
                    f"{loc}/{key}",
                    f"{what}: {key} changed",
                    klass="cosmetic",
                )

    # -- document
    def run(self) -> list[Change]:
        o, n = self.old.doc, self.new.doc
        self.info(_dict(o.get("info")), _dict(n.get("info")))
        self.servers(o.get("servers"), n.get("servers"), "/servers")
        self.tags(o.get("tags"), n.get("tags"))
        self.schemes()
        self.paths()
        self.components()
        self.webhooks()
        if not self.changes:
            self.leftovers()
        return sorted(self.changes, key=_sort_key)

    def info(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        for key in sorted(set(old) | set(new)):
            if key == "version" or key.startswith("x-"):
                continue
            if _strip_ext(old.get(key)) != _strip_ext(new.get(key)):
                self.emit("info-changed", f"/info/{key}", f"info.{key} changed", klass="cosmetic")

    def servers(self, old: Any, new: Any, loc: str) -> None:
        urls_old = sorted(str(s.get("url")) for s in _list(old) if isinstance(s, dict))
        urls_new = sorted(str(s.get("url")) for s in _list(new) if isinstance(s, dict))
        if urls_old != urls_new:
            self.emit("servers-changed", loc, "server URLs changed", klass="non-breaking")
        elif _strip_ext(old) != _strip_ext(new):
            self.emit("servers-changed", loc, "server descriptions changed", klass="cosmetic")

    def tags(self, old: Any, new: Any) -> None:
        def by_name(tags: Any) -> dict[str, Any]:
            return {str(t.get("name")): t for t in _list(tags) if isinstance(t, dict)}

        o, n = by_name(old), by_name(new)
        for name in sorted(set(o) | set(n)):
            if _strip_ext(o.get(name)) != _strip_ext(n.get(name)):
                what = "added" if name not in o else "removed" if name not in n else "changed"
                self.emit(
                    f"tag-{what}", f"/tags/{_tok(name)}", f"tag '{name}' {what}", klass="cosmetic"
                )

    def schemes(self) -> None:
        old = _dict(_dict(self.old.doc.get("components")).get("securitySchemes"))
        new = _dict(_dict(self.new.doc.get("components")).get("securitySchemes"))
        for name in sorted(set(old) | set(new)):
            loc = f"/components/securitySchemes/{_tok(name)}"
            if name not in new:
                self.emit(
                    "api-security-component-removed", loc, f"security scheme '{name}' removed"
                )
                continue
            if name not in old:
                self.emit("api-security-component-added", loc, f"security scheme '{name}' added")
                continue
            o, _ = self.old.deref(old[name])
            n, _ = self.new.deref(new[name])
            o, n = _dict(o), _dict(n)
            for key in ("type", "scheme", "in", "name", "bearerFormat", "openIdConnectUrl"):
                if o.get(key) != n.get(key):
                    self.emit(
                        "api-security-component-type-changed",
                        f"{loc}/{key}",
                        f"security scheme '{name}': {key} changed from {o.get(key)!r} to {n.get(key)!r}",
                    )
            self.flows(name, loc, _dict(o.get("flows")), _dict(n.get("flows")))
            self.docs(o, n, loc, f"security scheme '{name}'")

    def flows(self, name: str, loc: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        for flow in sorted(set(old) | set(new)):
            if _strip_ext(old.get(flow)) == _strip_ext(new.get(flow)):
                continue
            o, n = _dict(old.get(flow)), _dict(new.get(flow))
            floc = f"{loc}/flows/{flow}"
            if flow not in old or flow not in new:
                what = "added" if flow not in old else "removed"
                self.emit(
                    "api-security-component-type-changed", floc, f"'{name}': flow {flow} {what}"
                )
                continue
            for key, rule in (
                ("tokenUrl", "api-security-component-oauth-token-url-changed"),
                ("authorizationUrl", "api-security-component-oauth-url-changed"),
                ("refreshUrl", "api-security-component-oauth-url-changed"),
            ):
                if o.get(key) != n.get(key):
                    self.emit(rule, f"{floc}/{key}", f"'{name}': {flow} {key} changed")
            so, sn = _dict(o.get("scopes")), _dict(n.get("scopes"))
            for scope in sorted(set(so) - set(sn)):
                self.emit(
                    "api-security-component-oauth-scope-removed",
                    f"{floc}/scopes",
                    f"'{name}': scope '{scope}' removed",
                )
            for scope in sorted(set(sn) - set(so)):
                self.emit(
                    "api-security-component-oauth-scope-added",
                    f"{floc}/scopes",
                    f"'{name}': scope '{scope}' added",
                )

    def components(self) -> None:
        old = _dict(_dict(self.old.doc.get("components")).get("schemas"))
        new = _dict(_dict(self.new.doc.get("components")).get("schemas"))
        for name in sorted(set(old) - set(new)):
            self.emit(
                "api-schema-removed",
                f"/components/schemas/{_tok(name)}",
                f"schema '{name}' removed",
            )
        for name in sorted(set(new) - set(old)):
            self.emit(
                "component-schema-added",
                f"/components/schemas/{_tok(name)}",
                f"schema '{name}' added",
                klass="non-breaking",
            )

    def webhooks(self) -> None:
        old, new = _dict(self.old.doc.get("webhooks")), _dict(self.new.doc.get("webhooks"))
        for name in sorted(set(old) | set(new)):
            loc = f"/webhooks/{_tok(name)}"
            if name not in new:
                self.emit("webhook-removed", loc, f"webhook '{name}' removed")
            elif name not in old:
                self.emit("webhook-added", loc, f"webhook '{name}' added")
            elif _strip_ext(old[name]) != _strip_ext(new[name]):
                self.emit("webhook-changed", loc, f"webhook '{name}' changed", klass="non-breaking")

    def leftovers(self) -> None:
        """A changed contract always gets a version: report what no check above looked at."""
        if self.old.doc == self.new.doc:
            return
        o = _strip_ext(
            {**self.old.doc, "info": {**_dict(self.old.doc.get("info")), "version": None}}
        )
        n = _strip_ext(
            {**self.new.doc, "info": {**_dict(self.new.doc.get("info")), "version": None}}
        )
        if o != n:
            loc = _first_difference(o, n)
            self.emit("other-change", loc, f"{loc or 'document'} changed", klass="cosmetic")

    # -- operations
    def paths(self) -> None:
        old = _dict(self.old.doc.get("paths"))
        new = _dict(self.new.doc.get("paths"))
        old_by = {_norm_path(p): p for p in sorted(old, reverse=True)}
        new_by = {_norm_path(p): p for p in sorted(new, reverse=True)}
        same_security = self.old.doc.get("security") == self.new.doc.get("security")
        for key in sorted(set(old_by) | set(new_by)):
            po, pn = old_by.get(key), new_by.get(key)
            item_o = _dict(self.old.deref(old[po])[0]) if po is not None else {}
            item_n = _dict(self.new.deref(new[pn])[0]) if pn is not None else {}
            for method in METHODS:
                op_o, op_n = item_o.get(method), item_n.get(method)
                if op_o is None and op_n is None:
                    continue
                path = pn if op_n is not None and pn is not None else po
                assert path is not None
                self.op = f"{method.upper()} {path}"
                loc = f"/paths/{_tok(path)}/{method}"
                if op_n is None:
                    self.removed_op(_dict(op_o), loc, whole_path=pn is None)
                elif op_o is None:
                    self.emit("endpoint-added", loc, f"operation {self.op} added")
                elif (
                    po == pn
                    and self.same(op_o, op_n)
                    and self.same(item_o.get("parameters"), item_n.get("parameters"))
                    and ("security" in _dict(op_o) or same_security)
                ):
                    continue
                else:
                    assert po is not None and pn is not None
                    self.operation(po, pn, item_o, item_n, _dict(op_o), _dict(op_n), loc)
            self.op = ""

    def removed_op(self, op: dict[str, Any], loc: str, *, whole_path: bool) -> None:
        scope = "api-path-removed" if whole_path else "api-removed"
        dep = op.get("deprecated") is True
        rule = f"{scope}-with-deprecation" if dep else f"{scope}-without-deprecation"
        note = " (it was deprecated)" if dep else ""
        self.emit(rule, loc, f"operation {self.op} removed{note}")

    def operation(
        self,
        path_o: str,
        path_n: str,
        item_o: dict[str, Any],
        item_n: dict[str, Any],
        o: dict[str, Any],
        n: dict[str, Any],
        loc: str,
    ) -> None:
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            rule = "endpoint-deprecated" if n.get("deprecated") else "endpoint-reactivated"
            self.emit(rule, f"{loc}/deprecated", f"operation {self.op} {rule.split('-')[1]}")
        oid_o, oid_n = o.get("operationId"), n.get("operationId")
        if oid_o is not None and oid_o != oid_n:
            self.emit(
                "api-operation-id-removed",
                f"{loc}/operationId",
                f"operationId changed from '{oid_o}' to '{oid_n}' (generated client method names change)",
            )
        elif oid_o is None and oid_n is not None:
            self.emit(
                "api-operation-id-added", f"{loc}/operationId", f"operationId '{oid_n}' added"
            )
        tags_o, tags_n = _strs(o.get("tags")), _strs(n.get("tags"))
        for tag in sorted(tags_n - tags_o, key=str):
            self.emit("api-tag-added", f"{loc}/tags", f"tag '{tag}' added to the operation")
        for tag in sorted(tags_o - tags_n, key=str):
            self.emit("api-tag-removed", f"{loc}/tags", f"tag '{tag}' removed from the operation")
        self.docs(o, n, loc, f"operation {self.op}")
        self.parameters(path_o, path_n, item_o, item_n, o, n, loc)
        self.request_body(o.get("requestBody"), n.get("requestBody"), f"{loc}/requestBody")
        self.responses(_dict(o.get("responses")), _dict(n.get("responses")), f"{loc}/responses")
        self.security(o, n, f"{loc}/security")

    # -- parameters
    def _params(
        self, doc: _Doc, item: dict[str, Any], op: dict[str, Any], rename: dict[str, str]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*_list(item.get("parameters")), *_list(op.get("parameters"))]:
            param = _dict(doc.deref(raw)[0])
            where, name = str(param.get("in")), str(param.get("name"))
            if where == "path":
                name = rename.get(name, name)
            elif where == "header":
                name = name.lower()
            out[(where, name)] = param  # operation-level entries override path-level ones
        return out

    def parameters(
        self,
        path_o: str,
        path_n: str,
        item_o: dict[str, Any],
        item_n: dict[str, Any],
        o: dict[str, Any],
        n: dict[str, Any],
        loc: str,
    ) -> None:
        # /books/{id} → /books/{bookId} is the same path; line its parameters up by position.
        rename = dict(zip(_path_params(path_n), _path_params(path_o), strict=False))
        for name_n, name_o in sorted(rename.items()):
            if name_n != name_o:
                # Harmless on the wire, but generated clients name their arguments after it
                # (useSingleRequestParameter), so it is breaking like an operationId change.
                self.emit(
                    "request-path-parameter-renamed",
                    f"{loc}/parameters/path/{_tok(name_o)}",
                    f"path parameter '{name_o}' renamed to '{name_n}'",
                    klass="breaking",
                )
        po = self._params(self.old, item_o, o, {})
        pn = self._params(self.new, item_n, n, rename)
        for where, name in sorted(set(po) | set(pn)):
            ploc = f"{loc}/parameters/{where}/{_tok(name)}"
            what = f"{where} parameter '{name}'"
            old_p, new_p = po.get((where, name)), pn.get((where, name))
            if new_p is None:
                self.emit("request-parameter-removed", ploc, f"{what} removed", direction="request")
            elif old_p is None:
                if where == "path":
                    rule = "new-request-path-parameter"
                elif new_p.get("required"):
                    rule = "new-required-request-parameter"
                else:
                    rule = "new-optional-request-parameter"
                self.emit(
                    rule,
                    ploc,
                    f"{'required' if rule != 'new-optional-request-parameter' else 'optional'} {what} added",
                )
            else:
                self.parameter(old_p, new_p, ploc, what)

    def parameter(self, o: dict[str, Any], n: dict[str, Any], loc: str, what: str) -> None:
        req_o = bool(o.get("required")) or o.get("in") == "path"
        req_n = bool(n.get("required")) or n.get("in") == "path"
        if req_o != req_n:
            state = "required" if req_n else "optional"
            self.emit(
                f"request-parameter-became-{state}", f"{loc}/required", f"{what} became {state}"
            )
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            state = "deprecated" if n.get("deprecated") else "reactivated"
            self.emit(f"request-parameter-{state}", f"{loc}/deprecated", f"{what} {state}")
        for key in ("style", "explode", "allowReserved", "allowEmptyValue"):
            if o.get(key) != n.get(key):
                self.emit(
                    f"request-parameter-{_kebab(key)}-changed",
                    f"{loc}/{key}",
                    f"{what}: {key} changed (serialisation differs)",
                    direction="request",
                )
        self.docs(o, n, loc, what)
        ctx = _Ctx("request", "request-parameter", "request-parameter-property", what, set())
        if "schema" in o or "schema" in n:
            self.schema(o.get("schema"), n.get("schema"), ctx, f"{loc}/schema", "")
        self.content(_dict(o.get("content")), _dict(n.get("content")), ctx, loc)

    # -- request body
    def request_body(self, raw_o: Any, raw_n: Any, loc: str) -> None:
        if raw_o is None and raw_n is None:
            return
        o = _dict(self.old.deref(raw_o)[0])
        n = _dict(self.new.deref(raw_n)[0])
        if raw_o is None:
            state = "required" if n.get("required") else "optional"
            self.emit(f"request-body-added-{state}", loc, f"{state} request body added")
            return
        if raw_n is None:
            self.emit("request-body-removed", loc, "request body removed")
            return
        if bool(o.get("required")) != bool(n.get("required")):
            state = "required" if n.get("required") else "optional"
            self.emit(
                f"request-body-became-{state}", f"{loc}/required", f"request body became {state}"
            )
        self.docs(o, n, loc, "request body")
        ctx = _Ctx("request", "request-body", "request-property", "request body", set())
        self.content(_dict(o.get("content")), _dict(n.get("content")), ctx, loc)

    def content(self, o: dict[str, Any], n: dict[str, Any], ctx: _Ctx, loc: str) -> None:
        side = {"request-body": "request-body", "request-parameter": "request-parameter"}.get(
            ctx.prefix, "response"
        )
        for media in sorted(set(o) | set(n)):
            mloc = f"{loc}/content/{_tok(media)}"
            noun = f"{ctx.noun} ({media})"
            if media not in n:
                self.emit(
                    f"{side}-media-type-removed",
                    mloc,
                    f"{noun} media type removed",
                    direction=ctx.direction,
                )
            elif media not in o:
                self.emit(
                    f"{side}-media-type-added",
                    mloc,
                    f"{noun} media type added",
                    direction=ctx.direction,
                    effect="wider",
                )
            else:
                mo, mn = _dict(o[media]), _dict(n[media])
                self.docs(mo, mn, mloc, noun)
                sub = replace(ctx, noun=noun)
                self.schema(mo.get("schema"), mn.get("schema"), sub, f"{mloc}/schema", "")

    # -- responses
    def responses(self, o: dict[str, Any], n: dict[str, Any], loc: str) -> None:
        for status in sorted(set(o) | set(n), key=str):
            code = str(status)
            rloc = f"{loc}/{_tok(code)}"
            kind = "success" if _is_success(code) else "non-success"
            if status not in n:
                self.emit(f"response-{kind}-status-removed", rloc, f"response {code} removed")
            elif status not in o:
                self.emit(f"response-{kind}-status-added", rloc, f"response {code} added")
            else:
                ro = _dict(self.old.deref(o[status])[0])
                rn = _dict(self.new.deref(n[status])[0])
                self.docs(ro, rn, rloc, f"response {code}")
                self.headers(code, _dict(ro.get("headers")), _dict(rn.get("headers")), rloc)
                ctx = _Ctx(
                    "response", "response-body", "response-property", f"response {code} body", set()
                )
                self.content(_dict(ro.get("content")), _dict(rn.get("content")), ctx, rloc)

    def headers(self, code: str, old: dict[str, Any], new: dict[str, Any], loc: str) -> None:
        o = {k.lower(): _dict(self.old.deref(v)[0]) for k, v in old.items()}
        n = {k.lower(): _dict(self.new.deref(v)[0]) for k, v in new.items()}
        for name in sorted(set(o) | set(n)):
            hloc = f"{loc}/headers/{_tok(name)}"
            what = f"response {code} header '{name}'"
            if name not in n:
                state = "required" if o[name].get("required") else "optional"
                self.emit(f"{state}-response-header-removed", hloc, f"{state} {what} removed")
            elif name not in o:
                self.emit("response-header-added", hloc, f"{what} added")
            else:
                if o[name].get("required") and not n[name].get("required"):
                    self.emit(
                        "response-header-became-optional",
                        f"{hloc}/required",
                        f"{what} became optional",
                    )
                self.docs(o[name], n[name], hloc, what)
                ctx = _Ctx("response", "response-header", "response-property", what, set())
                self.schema(o[name].get("schema"), n[name].get("schema"), ctx, f"{hloc}/schema", "")

    # -- security
    def _effective_security(self, doc: _Doc, op: dict[str, Any]) -> list[dict[str, frozenset[str]]]:
        reqs = op["security"] if "security" in op else doc.doc.get("security")
        alternatives = [
            {str(k): frozenset(map(_canon, _list(v))) for k, v in r.items()}
            for r in _list(reqs)
            if isinstance(r, dict)
        ]
        return alternatives or [{}]  # no requirement = anonymous access

    def security(self, op_o: dict[str, Any], op_n: dict[str, Any], loc: str) -> None:
        old = self._effective_security(self.old, op_o)
        new = self._effective_security(self.new, op_n)
        if sorted(map(_canon_req, old)) == sorted(map(_canon_req, new)):
            return

        def satisfied(client: dict[str, frozenset[str]]) -> bool:
            return any(all(s in client and sc <= client[s] for s, sc in alt.items()) for alt in new)

        # Breaking when some client that satisfied an old alternative satisfies no new one.
        broken = not all(satisfied(alt) for alt in old)
        scopes_o, scopes_n = _union_scopes(old), _union_scopes(new)
        added: list[tuple[str, str]] = []
        removed: list[tuple[str, str]] = []
        for name in sorted(set(scopes_n) - set(scopes_o)):
            added.append(("api-security-added", f"security requirement '{name}' added"))
        for name in sorted(set(scopes_o) - set(scopes_n)):
            removed.append(("api-security-removed", f"security requirement '{name}' removed"))
        for name in sorted(set(scopes_o) & set(scopes_n)):
            for scope in sorted(scopes_n[name] - scopes_o[name]):
                added.append(("api-security-scope-added", f"'{name}' now needs scope '{scope}'"))
            for scope in sorted(scopes_o[name] - scopes_n[name]):
                removed.append(
                    ("api-security-scope-removed", f"'{name}' no longer needs scope '{scope}'")
                )
        if broken and not added:
            # An alternative (OR branch) was dropped: its removal is what breaks clients.
            added, removed = removed, []
        elif not added and not removed:
            added = [("api-security-changed", "security requirements regrouped")]
        for rule, msg in added:
            self.emit(rule, loc, msg, klass="breaking" if broken else "non-breaking")
        for rule, msg in removed:
            self.emit(rule, loc, msg, klass="non-breaking")

    # -- schemas
    def _prepare(self, doc: _Doc, raw: Any) -> tuple[Any, str | None, bool]:
        """Resolve, merge ``allOf``, and unwrap ``anyOf: [X, null]`` → (schema, ref, nullable)."""
        node, ref = doc.deref(raw)
        if not isinstance(node, dict):
            return node, ref, False
        node, merged = self._flatten(doc, node, 0)
        # A schema assembled from allOf parts is identified by them, so cycles through
        # allOf wrappers are caught like plain $ref cycles.
        ident = ref or ("allOf:" + ",".join(merged) if merged else None)
        nullable = node.get("nullable") is True
        types = node.get("type")
        if isinstance(types, list) and "null" in types and len(types) > 1:
            nullable = True
        for key in ("anyOf", "oneOf"):
            branches = node.get(key)
            if not isinstance(branches, list):
                continue
            rest = [b for b in branches if not _is_null(doc.deref(b)[0])]
            if len(rest) == len(branches):
                continue
            nullable = True
            outer = {k: v for k, v in node.items() if k != key}
            if len(rest) == 1:
                inner, inner_ref = doc.deref(rest[0])
                if isinstance(inner, dict):
                    inner, merged = self._flatten(doc, inner, 0)
                    inner_id = inner_ref or ("allOf:" + ",".join(merged) if merged else None)
                    return {**inner, **outer}, inner_id or ident, True
            node = {**outer, key: rest}
        return node, ident, nullable

    def _flatten(
        self, doc: _Doc, node: dict[str, Any], depth: int
    ) -> tuple[dict[str, Any], list[str]]:
        """Merge ``allOf`` parts into one object schema; also return the refs merged."""
        branches = node.get("allOf")
        if not isinstance(branches, list) or depth > 8:  # depth: allOf that includes itself
            return node, []
        merged: list[str] = []
        out = {k: v for k, v in node.items() if k != "allOf"}
        props = dict(_dict(out.get("properties")))
        required = sorted(_strs(out.get("required")))
        for raw in branches:
            branch, ref = doc.deref(raw)
            if not isinstance(branch, dict):
                continue
            branch, inner = self._flatten(doc, branch, depth + 1)
            merged += [ref] if ref else inner
            for key, value in _dict(branch.get("properties")).items():
                props.setdefault(key, value)
            required += sorted(_strs(branch.get("required")) - set(required))
            for key, value in branch.items():
                if key not in ("properties", "required"):
                    out.setdefault(key, value)
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        return out, merged

    def schema(self, raw_o: Any, raw_n: Any, ctx: _Ctx, loc: str, where: str) -> None:
        if self.depth > _MAX_DEPTH or self.same(raw_o, raw_n):
            return
        self.depth += 1
        try:
            self._schema(raw_o, raw_n, ctx, loc, where)
        finally:
            self.depth -= 1

    def _schema(self, raw_o: Any, raw_n: Any, ctx: _Ctx, loc: str, where: str) -> None:
        o, ref_o, null_o = self._prepare(self.old, raw_o)
        n, ref_n, null_n = self._prepare(self.new, raw_n)
        if ref_o is not None or ref_n is not None:
            key = (ref_o or id(raw_o), ref_n or id(raw_n))
            if key in ctx.visited:
                return  # recursive schema, or this pair was already compared for this part
            ctx.visited.add(key)
        subject = f"{ctx.direction} property '{where}'" if where else ctx.noun
        if not isinstance(o, dict) or not isinstance(n, dict):
            if _canon(o) != _canon(n):
                self.emit(
                    f"{ctx.prefix}-type-changed",
                    loc,
                    f"{subject}: schema changed",
                    direction=ctx.direction,
                )
            return
        if "$ref" in o or "$ref" in n:  # unresolvable (external) refs: compare by name
            if o.get("$ref") != n.get("$ref"):
                self.emit(
                    f"{ctx.prefix}-type-changed",
                    loc,
                    f"{subject}: $ref changed",
                    direction=ctx.direction,
                )
            return
        self.docs(o, n, loc, subject)
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            state = "deprecated" if n.get("deprecated") else "reactivated"
            self.emit(f"{ctx.prefix}-{state}", loc, f"{subject} {state}", klass="non-breaking")
        if null_o != null_n:
            state = "nullable" if null_n else "not-nullable"
            self.emit(
                f"{ctx.prefix}-became-{state}",
                loc,
                f"{subject} became {state.replace('-', ' ')}",
                direction=ctx.direction,
                effect="wider" if null_n else "narrower",
            )
        if not self.types(o, n, ctx, loc, subject):
            return  # incompatible types: what lies below is noise
        self.values(o, n, ctx, loc, subject)
        self.objects(o, n, ctx, loc, where)
        if "items" in o and "items" in n:
            self.schema(o["items"], n["items"], ctx.nested(), f"{loc}/items", f"{where}[]")
        self.unions(o, n, ctx, loc, where, subject)
        for key in sorted((set(o) | set(n)) - _HANDLED, key=str):
            if key.startswith("x-") or _strip_ext(o.get(key)) == _strip_ext(n.get(key)):
                continue
            if key == "additionalProperties":
                continue
            self.emit(
                f"{ctx.prefix}-{_kebab(key)}-changed",
                f"{loc}/{_tok(key)}",
                f"{subject}: {key} changed",
                direction=ctx.direction,
                effect="neutral",
            )

    def types(
        self, o: dict[str, Any], n: dict[str, Any], ctx: _Ctx, loc: str, subject: str
    ) -> bool:
        to, tn = _types(o), _types(n)
        d = ctx.direction
        stem: str
        eff: Effect
        if to != tn:
            number = frozenset({"number"}), frozenset({"integer"})
            if to is None or (to, tn) == number:  # a type where there was none / number → int
                stem, eff = ("type-changed" if d == "request" else "type-specialized"), "narrower"
            elif tn is None or (tn, to) == number:  # type removed / int → number
                stem, eff = "type-generalized", "wider"
            elif to < tn:
                stem, eff = "list-of-types-widened", "wider"
            elif tn < to:
                stem, eff = "list-of-types-narrowed", "narrower"
            else:
                stem, eff = "type-changed", "changed"
            self.emit(
                f"{ctx.prefix}-{stem}",
                f"{loc}/type",
                f"{subject}: type changed from {_fmt_types(to)} to {_fmt_types(tn)}",
                direction=d,
                effect=eff,
            )
            if eff == "changed":
                return False
        fo, fn = o.get("format"), n.get("format")
        if fo != fn:
            if fo is None:
                stem, eff = ("type-changed" if d == "request" else "type-specialized"), "narrower"
            elif fn is None:
                stem, eff = "type-generalized", "wider"
            else:
                stem, eff = "type-changed", "changed"
            self.emit(
                f"{ctx.prefix}-{stem}",
                f"{loc}/format",
                f"{subject}: format changed from {fo!r} to {fn!r}",
                direction=d,
                effect=eff,
            )
        return True

    def values(
        self, o: dict[str, Any], n: dict[str, Any], ctx: _Ctx, loc: str, subject: str
    ) -> None:
        d, p = ctx.direction, ctx.prefix
        eo, en = o.get("enum"), n.get("enum")
        if isinstance(eo, list) or isinstance(en, list):
            if not isinstance(eo, list):
                self.emit(
                    f"{p}-became-enum",
                    f"{loc}/enum",
                    f"{subject} became an enum",
                    direction=d,
                    effect="narrower",
                )
            elif not isinstance(en, list):
                self.emit(
                    f"{p}-enum-removed",
                    f"{loc}/enum",
                    f"{subject} is no longer an enum",
                    direction=d,
                    effect="wider",
                )
            else:
                so, sn = {_canon(v): v for v in eo}, {_canon(v): v for v in en}
                for key in sorted(set(so) - set(sn)):
                    self.emit(
                        f"{p}-enum-value-removed",
                        f"{loc}/enum",
                        f"{subject}: enum value {key} removed",
                        direction=d,
                        effect="narrower",
                    )
                for key in sorted(set(sn) - set(so)):
                    self.emit(
                        f"{p}-enum-value-added",
                        f"{loc}/enum",
                        f"{subject}: enum value {key} added",
                        direction=d,
                        effect="wider",
                    )
        stem: str
        eff: Effect
        if "const" in o or "const" in n:
            if "const" not in o:
                stem, eff = "const-added", "narrower"
            elif "const" not in n:
                stem, eff = "const-removed", "wider"
            elif _canon(o["const"]) != _canon(n["const"]):
                stem, eff = "const-changed", "changed"
            else:
                stem = ""
            if stem:
                self.emit(
                    f"{p}-{stem}",
                    f"{loc}/const",
                    f"{subject}: {stem.replace('-', ' ')}",
                    direction=d,
                    effect=eff,
                )
        for key, stem, sign in _BOUNDS:
            self.bound(o.get(key), n.get(key), key, stem, sign, ctx, loc, subject)
        po, pn = o.get("pattern"), n.get("pattern")
        if po != pn:
            if po is None:
                stem, eff = "pattern-added", "narrower"
            elif pn is None:
                stem, eff = "pattern-removed", "wider"
            else:
                stem, eff = "pattern-changed", "changed"
            if d == "response":
                eff = "neutral"  # as oasdiff: a response pattern is documentation for clients
            self.emit(
                f"{p}-{stem}",
                f"{loc}/pattern",
                f"{subject}: pattern {stem[8:]} ({po!r} → {pn!r})",
                direction=d,
                effect=eff,
            )
        if "default" in o or "default" in n:
            if "default" not in o:
                stem = "default-value-added"
            elif "default" not in n:
                stem = "default-value-removed"
            elif _canon(o["default"]) != _canon(n["default"]):
                stem = "default-value-changed"
            else:
                stem = ""
            if stem:
                self.emit(
                    f"{p}-{stem}",
                    f"{loc}/default",
                    f"{subject}: default value {stem[14:]}",
                    direction=d,
                    effect="neutral",
                )

    def bound(
        self, vo: Any, vn: Any, key: str, stem: str, sign: int, ctx: _Ctx, loc: str, subject: str
    ) -> None:
        if vo == vn or (vo is None and vn is None):
            return
        what: str
        eff: Effect
        numbers = all(
            v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in (vo, vn)
        )
        if not numbers:  # OAS 3.0 boolean exclusiveMaximum and the like
            what, eff = "changed", "changed"
        elif vo is None:
            what, eff = "set", "narrower"
        elif vn is None:
            what, eff = "unset", "wider"
        else:
            grew = vn > vo
            what = "increased" if grew else "decreased"
            eff = "wider" if grew == (sign > 0) else "narrower"
        self.emit(
            f"{ctx.prefix}-{stem}-{what}",
            f"{loc}/{key}",
            f"{subject}: {key} {what} ({vo!r} → {vn!r})",
            direction=ctx.direction,
            effect=eff,
        )

    def objects(
        self, o: dict[str, Any], n: dict[str, Any], ctx: _Ctx, loc: str, where: str
    ) -> None:
        props_o, props_n = _dict(o.get("properties")), _dict(n.get("properties"))
        req_o, req_n = _strs(o.get("required")), _strs(n.get("required"))
        request = ctx.direction == "request"
        hidden = "readOnly" if request else "writeOnly"  # not part of this direction's payload
        for name in sorted(set(props_o) | set(props_n)):
            path = f"{where}.{name}" if where else name
            ploc = f"{loc}/properties/{_tok(name)}"
            in_o = name in props_o and not _flag(self.old, props_o[name], hidden)
            in_n = name in props_n and not _flag(self.new, props_n[name], hidden)
            subject = f"{ctx.direction} property '{path}'"
            if in_o and not in_n:
                if request:
                    self.emit("request-property-removed", ploc, f"{subject} removed")
                else:
                    state = "required" if name in req_o else "optional"
                    self.emit(
                        f"response-{state}-property-removed", ploc, f"{state} {subject} removed"
                    )
            elif in_n and not in_o:
                state = "required" if name in req_n else "optional"
                rule = (
                    f"new-{state}-request-property"
                    if request
                    else f"response-{state}-property-added"
                )
                self.emit(rule, ploc, f"{state} {subject} added")
            elif in_o and in_n:
                if (name in req_o) != (name in req_n):
                    state = "required" if name in req_n else "optional"
                    side = "request" if request else "response"
                    self.emit(
                        f"{side}-property-became-{state}",
                        f"{ploc}/required",
                        f"{subject} became {state}",
                    )
                self.schema(props_o[name], props_n[name], ctx.nested(), ploc, path)
        ao, an = o.get("additionalProperties"), n.get("additionalProperties")
        if isinstance(ao, dict) and isinstance(an, dict):
            self.schema(ao, an, ctx.nested(), f"{loc}/additionalProperties", f"{where}{{*}}")
        elif _strip_ext(ao) != _strip_ext(an):
            closed_o, closed_n = ao is False, an is False
            eff: Effect = (
                "narrower"
                if closed_n and not closed_o
                else "wider"
                if closed_o and not closed_n
                else "neutral"
            )
            self.emit(
                f"{ctx.prefix}-additional-properties-changed",
                f"{loc}/additionalProperties",
                f"{ctx.direction} {('property ' + repr(where)) if where else ctx.noun}: additionalProperties changed",
                direction=ctx.direction,
                effect=eff,
            )

    def unions(
        self, o: dict[str, Any], n: dict[str, Any], ctx: _Ctx, loc: str, where: str, subject: str
    ) -> None:
        for key, stem in (("oneOf", "one-of"), ("anyOf", "any-of")):
            bo, bn = o.get(key), n.get(key)
            if not isinstance(bo, list) and not isinstance(bn, list):
                continue
            io, inn = _branches(bo), _branches(bn)
            for ident in sorted(set(io) - set(inn)):
                self.emit(
                    f"{ctx.prefix}-{stem}-removed",
                    f"{loc}/{key}",
                    f"{subject}: {key} branch {ident} removed",
                    direction=ctx.direction,
                    effect="narrower",
                )
            for ident in sorted(set(inn) - set(io)):
                self.emit(
                    f"{ctx.prefix}-{stem}-added",
                    f"{loc}/{key}",
                    f"{subject}: {key} branch {ident} added",
                    direction=ctx.direction,
                    effect="wider",
                )
            for ident in sorted(set(io) & set(inn)):
                i, raw_o = io[ident]
                _, raw_n = inn[ident]
                self.schema(raw_o, raw_n, ctx, f"{loc}/{key}/{i}", where)


def _branches(value: Any) -> dict[str, tuple[int, Any]]:
    """Union branches keyed by their ``$ref`` (moves are not changes), else by position."""
    out: dict[str, tuple[int, Any]] = {}
    for i, branch in enumerate(value if isinstance(value, list) else []):
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        out[ref if isinstance(ref, str) else f"#{i}"] = (i, branch)
    return out


def _unstable_refs(old: _Doc, new: _Doc) -> set[str]:
    """Refs whose target differs between the documents, or reaches one that does."""
    parents: dict[str, set[str]] = {}
    changed: list[str] = []
    todo = sorted(refs_in(old.doc) | refs_in(new.doc))
    seen = set(todo)
    while todo:
        ref = todo.pop()
        target_o, target_n = old.target(ref), new.target(ref)
        if target_o != target_n:
            changed.append(ref)
        for child in refs_in(target_o) | refs_in(target_n):
            parents.setdefault(child, set()).add(ref)
            if child not in seen:
                seen.add(child)
                todo.append(child)
    unstable = set(changed)
    while changed:
        for parent in parents.get(changed.pop(), ()):
            if parent not in unstable:
                unstable.add(parent)
                changed.append(parent)
    return unstable


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or ("const" in schema and schema["const"] is None)
    )


def _flag(doc: _Doc, raw: Any, key: str) -> bool:
    node, _ = doc.deref(raw)
    return isinstance(node, dict) and node.get(key) is True


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    raw = schema.get("type")
    if raw is None:
        return None
    types = frozenset(map(str, raw if isinstance(raw, list) else [raw]))
    return types - {"null"} or types


def _fmt_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _kebab(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", key).lower()


def _canon_req(req: dict[str, frozenset[str]]) -> str:
    return _canon({k: sorted(v) for k, v in req.items()})


def _union_scopes(alternatives: Iterable[dict[str, frozenset[str]]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for alt in alternatives:
        for name, scopes in alt.items():
            out[name] = out.get(name, frozenset()) | scopes
    return out


def _sort_key(change: Change) -> tuple[str, int, str, str, str]:
    method, _, path = change.operation.partition(" ")
    rank = METHODS.index(method.lower()) if method.lower() in METHODS else -1
    return (path, rank, change.location, change.rule, change.message)


# --------------------------------------------------------------------------- public API
def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every contract change from ``old`` to ``new``, classified, in a deterministic order.

    oasdiff WARN-level checks (e.g. ``response-property-enum-value-added``,
    ``request-property-removed``) are reported as ``breaking``. Any mapping is accepted (a
    half-valid contract still diffs); a non-mapping raises :class:`IntentdError`.
    """
    for name, doc in (("old", old), ("new", new)):
        if not isinstance(doc, Mapping):
            raise IntentdError(f"{name} contract is not an OpenAPI document (a mapping)")
    return _Differ(old, new).run()


def fails(changes: Iterable[Change], fail_on: Literal["breaking", "non-breaking"]) -> bool:
    """For ``--fail-on``: ``non-breaking`` fails on any non-cosmetic change."""
    bad = {"breaking"} if fail_on == "breaking" else {"breaking", "non-breaking"}
    return any(c.klass in bad for c in changes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summarize(changes: Iterable[Change]) -> str:
    """A short subject fragment: ``add GET /books/{id}/reviews`` or ``+2 ops, 1 breaking``."""
    changes = list(changes)
    if not changes:
        return "no contract change"
    real = [c for c in changes if c.klass != "cosmetic"]
    if not real:
        return f"docs only ({_plural(len(changes), 'change')})"
    added = sorted({c.operation for c in real if c.rule == "endpoint-added"})
    removed = sorted(
        {c.operation for c in real if c.rule.startswith(("api-removed", "api-path-removed"))}
    )
    rest = [c for c in real if c.operation not in set(added) | set(removed)]
    if not rest and not removed and len(added) == 1:
        return f"add {added[0]}"
    if not rest and not added and len(removed) == 1:
        return f"remove {removed[0]}"
    if len(real) == 1:
        c = real[0]
        return f"{c.operation}: {c.message}" if c.operation else c.message
    parts = []
    if added:
        parts.append(f"+{_plural(len(added), 'op')}")
    if removed:
        parts.append(f"-{_plural(len(removed), 'op')}")
    breaking = sum(c.klass == "breaking" for c in rest)
    other = sum(c.klass == "non-breaking" for c in rest)
    if breaking:
        parts.append(f"{breaking} breaking")
    if other:
        parts.append(f"{other} non-breaking")
    return ", ".join(parts)


def render(changes: Iterable[Change], fmt: Literal["text", "json", "markdown"] = "text") -> str:
    """Changes grouped by class (breaking first), as text, JSON or Markdown."""
    changes = list(changes)
    groups = {k: [c for c in changes if c.klass == k] for k in KLASSES}
    if fmt == "json":
        doc = {
            "summary": summarize(changes),
            "counts": {k: len(v) for k, v in groups.items()},
            "changes": [c.to_dict() for k in KLASSES for c in groups[k]],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if not changes:
        return "no contract change\n"
    lines: list[str] = []
    for klass, items in groups.items():
        if not items:
            continue
        if fmt == "markdown":
            lines += [f"### {klass.capitalize()} ({len(items)})", ""]
            lines += [
                f"- {'`' + c.operation + '` ' if c.operation else ''}{c.message} (`{c.rule}`)"
                for c in items
            ]
        else:
            lines.append(f"{klass} ({len(items)}):")
            lines += [
                f"  {c.operation + ': ' if c.operation else ''}{c.message} [{c.rule}]"
                for c in items
            ]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
