"""Walking an OpenAPI 3.1 document: operations, schema slots, subschemas, refs, examples.

The one place that knows where things sit in a document (the method list, which keywords
hold subschemas, where media types, parameters and headers live). Pure: a dict in, paths and
nodes out; refs are not followed, so cycles are harmless.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The HTTP methods a Path Item can hold, in the order OpenAPI lists them."""

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "contentSchema",
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], Path]]:
    """(path key, method, operation, location) for every operation under ``paths``."""
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    for key, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield key, method, op, ("paths", key, method)


def iter_subschemas(schema: Any, at: Path) -> Iterator[tuple[Path, dict[str, Any], str]]:
    """The schema itself and every schema inside it, with the keyword that led there."""
    stack: list[tuple[Path, Any, str]] = [(at, schema, "")]
    while stack:
        path, node, via = stack.pop()
        if not isinstance(node, dict):
            continue
        yield path, node, via
        children: list[tuple[Path, Any, str]] = []
        for kw in _SCHEMA_MAPS:
            sub = node.get(kw)
            if isinstance(sub, dict):
                children.extend(((*path, kw, k), v, kw) for k, v in sub.items())
        for kw in SCHEMA_ONE:
            sub = node.get(kw)
            if isinstance(sub, dict):
                children.append(((*path, kw), sub, kw))
            elif kw == "items" and isinstance(sub, list):
                children.extend(((*path, kw, i), v, kw) for i, v in enumerate(sub))
        for kw in _SCHEMA_LISTS:
            sub = node.get(kw)
            if isinstance(sub, list):
                children.extend(((*path, kw, i), v, kw) for i, v in enumerate(sub))
        stack.extend(reversed(children))


def _content_schemas(content: Any, at: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(content, dict):
        for mt, media in content.items():
            if isinstance(media, dict) and "schema" in media:
                yield (*at, mt, "schema"), media["schema"]


def _param_schemas(param: Any, at: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(param, dict):
        if "schema" in param:
            yield (*at, "schema"), param["schema"]
        yield from _content_schemas(param.get("content"), (*at, "content"))


def _response_schemas(resp: Any, at: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(resp, dict):
        yield from _content_schemas(resp.get("content"), (*at, "content"))
        headers = resp.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                yield from _param_schemas(header, (*at, "headers", name))


def list_items(node: Any, at: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(node, list):
        yield from (((*at, i), v) for i, v in enumerate(node))


def map_items(node: Any, at: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(node, dict):
        yield from (((*at, k), v) for k, v in node.items())


SlotKind = str
"""``parameter``, ``header``, ``response`` or ``requestBody``: what a slot holds."""


def slots(doc: dict[str, Any]) -> Iterator[tuple[SlotKind, Path, Any]]:
    """Every parameter, header, response and request body, in components then in operations
    (path-level parameters first), in document order: (kind, location, node)."""
    comps = doc.get("components")
    if isinstance(comps, dict):
        for kind, section in _COMPONENT_SLOTS:
            for at, node in map_items(comps.get(section), ("components", section)):
                yield kind, at, node
    for method, op, base in _path_operations(doc):
        for at, p in list_items(op.get("parameters"), (*base, "parameters")):
            yield "parameter", at, p
        if method is None:  # the path item: only its parameters are slots
            continue
        if isinstance(op.get("requestBody"), dict):
            yield "requestBody", (*base, "requestBody"), op["requestBody"]
        for at, r in map_items(op.get("responses"), (*base, "responses")):
            yield "response", at, r


_COMPONENT_SLOTS = (
    ("parameter", "parameters"),
    ("header", "headers"),
    ("response", "responses"),
    ("requestBody", "requestBodies"),
)


def _path_operations(doc: dict[str, Any]) -> Iterator[tuple[str | None, dict[str, Any], Path]]:
    """Each path item (method None) followed by its operations, skipping what is not a map."""
    paths = doc.get("paths")
    for key, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict):
            continue
        yield None, item, ("paths", key)
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield method, item[method], ("paths", key, method)


def root_schemas(doc: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """Every top-level schema slot: components and the ones inline in operations."""
    comps = doc.get("components")
    if isinstance(comps, dict):
        yield from map_items(comps.get("schemas"), ("components", "schemas"))
    for kind, at, node in slots(doc):
        if kind in ("parameter", "header"):
            yield from _param_schemas(node, at)
        elif kind == "response":
            yield from _response_schemas(node, at)
        elif isinstance(node, dict):
            yield from _content_schemas(node.get("content"), (*at, "content"))


def iter_schemas(doc: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any], str]]:
    """Every schema object in the document (refs are not followed, so cycles are harmless)."""
    for at, schema in root_schemas(doc):
        yield from iter_subschemas(schema, at)


RefSite = tuple[Path, dict[str, Any]]
"""Where a ``$ref`` sits: the path of the object holding it, and that object."""


def ref_sites(node: Any) -> list[RefSite]:
    """Every object in the document that holds a ``$ref`` string."""
    found: list[RefSite] = []
    stack: list[tuple[Path, Any]] = [((), node)]
    pop, push = stack.pop, stack.append
    while stack:
        path, cur = pop()
        if isinstance(cur, dict):
            if isinstance(cur.get("$ref"), str):
                found.append((path, cur))
            for k, v in cur.items():
                if isinstance(v, dict | list):
                    push(((*path, k), v))
        else:
            for i, v in enumerate(cur):
                if isinstance(v, dict | list):
                    push(((*path, i), v))
    return found


def example_objects(doc: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """Example Objects: components.examples and every ``examples`` map of a media type,
    parameter or header."""
    comps = doc.get("components")
    if isinstance(comps, dict):
        yield from map_items(comps.get("examples"), ("components", "examples"))
    for at, holder, _ctx in example_holders(doc):
        yield from map_items(holder.get("examples"), (*at, "examples"))


Holder = tuple[Path, dict[str, Any], str]


def example_holders(doc: dict[str, Any]) -> Iterator[Holder]:
    """Media types, parameters and headers (objects with ``schema`` and ``example(s)``),
    each with its API context: ``request`` or ``response``."""
    for kind, at, node in slots(doc):
        if kind == "parameter":
            yield from _param_holders(node, at, "request")
        elif kind == "header":
            yield from _param_holders(node, at, "response")
        elif kind == "response":
            yield from _response_holders(node, at)
        elif isinstance(node, dict):
            yield from _media_holders(node.get("content"), (*at, "content"), "request")


def _media_holders(node: Any, at: Path, ctx: str) -> Iterator[Holder]:
    for mat, media in map_items(node, at):
        if isinstance(media, dict):
            yield mat, media, ctx


def _param_holders(node: Any, at: Path, ctx: str) -> Iterator[Holder]:
    if isinstance(node, dict) and "$ref" not in node:
        yield at, node, ctx
        yield from _media_holders(node.get("content"), (*at, "content"), ctx)


def _response_holders(node: Any, at: Path) -> Iterator[Holder]:
    if isinstance(node, dict):
        yield from _media_holders(node.get("content"), (*at, "content"), "response")
        for hat, header in map_items(node.get("headers"), (*at, "headers")):
            yield from _param_holders(header, hat, "response")


def refs_in(node: Any, skip: frozenset[str] = frozenset()) -> set[str]:
    """Every ``$ref`` string inside ``node`` (not followed), leaving out the keys in ``skip``."""
    out: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                out.add(ref)
            stack.extend(v for k, v in item.items() if k not in skip)
        elif isinstance(item, list):
            stack.extend(item)
    return out
