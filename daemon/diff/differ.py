"""The walk over two documents: document-level parts here, then paths and operations.

Order of the walk: info, servers, tags, security schemes, paths (:mod:`.operations`),
component schemas, webhooks; if nothing was found yet, whatever no check looked at. The
changes are then sorted by path, method, location, rule and message, so the output does not
depend on the walk's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import IntentdError
from ..openapi.walk import METHODS
from .comparison import Comparison
from .document import as_dict, as_list, strip_ext, tok
from .model import Change
from .operations import paths
from .security import schemes


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every contract change from ``old`` to ``new``, classified, in a deterministic order.

    oasdiff WARN-level checks (e.g. ``response-property-enum-value-added``,
    ``request-property-removed``) are reported as ``breaking``. Any mapping is accepted (a
    half-valid contract still diffs); a non-mapping raises :class:`IntentdError`.
    """
    for name, doc in (("old", old), ("new", new)):
        if not isinstance(doc, Mapping):
            raise IntentdError(f"{name} contract is not an OpenAPI document (a mapping)")
    return run(Comparison(old, new))


def run(c: Comparison) -> list[Change]:
    o, n = c.old.doc, c.new.doc
    _info(c, as_dict(o.get("info")), as_dict(n.get("info")))
    _servers(c, o.get("servers"), n.get("servers"), "/servers")
    _tags(c, o.get("tags"), n.get("tags"))
    schemes(c)
    paths(c)
    _components(c)
    _webhooks(c)
    if not c.changes:
        _leftovers(c)
    return sorted(c.changes, key=_sort_key)


def _sort_key(change: Change) -> tuple[str, int, str, str, str]:
    method, _, path = change.operation.partition(" ")
    rank = METHODS.index(method.lower()) if method.lower() in METHODS else -1
    return (path, rank, change.location, change.rule, change.message)


def _info(c: Comparison, old: dict[str, Any], new: dict[str, Any]) -> None:
    # info.version is the bump's output, not its input.
    for key in sorted(set(old) | set(new)):
        if key == "version" or key.startswith("x-"):
            continue
        if strip_ext(old.get(key)) != strip_ext(new.get(key)):
            c.emit("info-changed", f"/info/{key}", f"info.{key} changed", klass="cosmetic")


def _servers(c: Comparison, old: Any, new: Any, loc: str) -> None:
    urls_old = sorted(str(s.get("url")) for s in as_list(old) if isinstance(s, dict))
    urls_new = sorted(str(s.get("url")) for s in as_list(new) if isinstance(s, dict))
    if urls_old != urls_new:
        c.emit("servers-changed", loc, "server URLs changed", klass="non-breaking")
    elif strip_ext(old) != strip_ext(new):
        c.emit("servers-changed", loc, "server descriptions changed", klass="cosmetic")


def _by_name(tags: Any) -> dict[str, Any]:
    return {str(t.get("name")): t for t in as_list(tags) if isinstance(t, dict)}


def _tags(c: Comparison, old: Any, new: Any) -> None:
    o, n = _by_name(old), _by_name(new)
    for name in sorted(set(o) | set(n)):
        if strip_ext(o.get(name)) != strip_ext(n.get(name)):
            what = "added" if name not in o else "removed" if name not in n else "changed"
            c.emit(f"tag-{what}", f"/tags/{tok(name)}", f"tag '{name}' {what}", klass="cosmetic")


def _components(c: Comparison) -> None:
    old = as_dict(as_dict(c.old.doc.get("components")).get("schemas"))
    new = as_dict(as_dict(c.new.doc.get("components")).get("schemas"))
    for name in sorted(set(old) - set(new)):
        loc = f"/components/schemas/{tok(name)}"
        c.emit("api-schema-removed", loc, f"schema '{name}' removed")
    for name in sorted(set(new) - set(old)):
        loc = f"/components/schemas/{tok(name)}"
        c.emit("component-schema-added", loc, f"schema '{name}' added", klass="non-breaking")


def _webhooks(c: Comparison) -> None:
    old, new = as_dict(c.old.doc.get("webhooks")), as_dict(c.new.doc.get("webhooks"))
    for name in sorted(set(old) | set(new)):
        loc = f"/webhooks/{tok(name)}"
        if name not in new:
            c.emit("webhook-removed", loc, f"webhook '{name}' removed")
        elif name not in old:
            c.emit("webhook-added", loc, f"webhook '{name}' added")
        elif strip_ext(old[name]) != strip_ext(new[name]):
            c.emit("webhook-changed", loc, f"webhook '{name}' changed", klass="non-breaking")


def _leftovers(c: Comparison) -> None:
    """A changed contract always gets a version: report what no check above looked at."""
    if c.old.doc == c.new.doc:
        return
    o, n = _comparable(c.old.doc), _comparable(c.new.doc)
    if o != n:
        loc = _first_difference(o, n)
        c.emit("other-change", loc, f"{loc or 'document'} changed", klass="cosmetic")


def _comparable(doc: Mapping[str, Any]) -> Any:
    """The document without what the diff ignores: info.version and ``x-`` extensions."""
    return strip_ext({**doc, "info": {**as_dict(doc.get("info")), "version": None}})


def _first_difference(old: Any, new: Any, loc: str = "") -> str:
    """The pointer to the first place (in sorted key order) where two values differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                return _first_difference(old.get(key), new.get(key), f"{loc}/{tok(key)}")
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{loc}/{i}")
    return loc
