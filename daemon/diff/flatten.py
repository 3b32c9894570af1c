"""A schema as the diff compares it: ``$ref`` resolved, ``allOf`` merged, ``X | null`` unwrapped.

Two spellings of one contract (``anyOf: [X, {type: null}]`` and ``type: [x, "null"]``, an
``allOf`` of parts and the merged object) must compare equal, so both sides are brought to
one shape first; nullability is carried beside the schema instead of inside it.
"""

from __future__ import annotations

from typing import Any

from .document import Document, as_dict, strs

Prepared = tuple[Any, str | None, bool]
"""(schema, identity for cycle detection, nullable)."""

# An allOf that includes itself (through refs) stops merging at this depth.
_MAX_ALLOF_DEPTH = 8


def prepare(doc: Document, raw: Any) -> Prepared:
    """Resolve, merge ``allOf``, and unwrap ``anyOf: [X, null]`` → (schema, ref, nullable)."""
    node, ref = doc.deref(raw)
    if not isinstance(node, dict):
        return node, ref, False
    node, merged = flatten(doc, node, 0)
    # A schema assembled from allOf parts is identified by them, so cycles through
    # allOf wrappers are caught like plain $ref cycles.
    ident = ref or _merged_id(merged)
    nullable = _nullable(node)
    for key in ("anyOf", "oneOf"):
        rest = _without_null(doc, node.get(key))
        if rest is None:
            continue
        nullable = True
        outer = {k: v for k, v in node.items() if k != key}
        if len(rest) == 1 and (unwrapped := _unwrap(doc, rest[0], outer, ident)) is not None:
            return unwrapped
        node = {**outer, key: rest}
    return node, ident, nullable


def _without_null(doc: Document, branches: Any) -> list[Any] | None:
    """A union's branches without the null ones; None if it is no list or has no null."""
    if not isinstance(branches, list):
        return None
    rest = [b for b in branches if not is_null(doc.deref(b)[0])]
    return rest if len(rest) != len(branches) else None


def _merged_id(merged: list[str]) -> str | None:
    return "allOf:" + ",".join(merged) if merged else None


def _nullable(node: dict[str, Any]) -> bool:
    types = node.get("type")
    multi_null = isinstance(types, list) and "null" in types and len(types) > 1
    return node.get("nullable") is True or multi_null


def _unwrap(doc: Document, raw: Any, outer: dict[str, Any], ident: str | None) -> Prepared | None:
    """The one non-null branch of a union, with the union's other keys over it."""
    inner, inner_ref = doc.deref(raw)
    if not isinstance(inner, dict):
        return None
    inner, merged = flatten(doc, inner, 0)
    inner_id = inner_ref or _merged_id(merged)
    return {**inner, **outer}, inner_id or ident, True


def flatten(doc: Document, node: dict[str, Any], depth: int) -> tuple[dict[str, Any], list[str]]:
    """Merge ``allOf`` parts into one object schema; also return the refs merged."""
    branches = node.get("allOf")
    if not isinstance(branches, list) or depth > _MAX_ALLOF_DEPTH:
        return node, []
    merged: list[str] = []
    out = {k: v for k, v in node.items() if k != "allOf"}
    props = dict(as_dict(out.get("properties")))
    required = sorted(strs(out.get("required")))
    for raw in branches:
        branch, ref = doc.deref(raw)
        if not isinstance(branch, dict):
            continue
        branch, inner = flatten(doc, branch, depth + 1)
        merged += [ref] if ref else inner
        _merge(out, props, required, branch)
    if props:
        out["properties"] = props
    if required:
        out["required"] = required
    return out, merged


def _merge(
    out: dict[str, Any], props: dict[str, Any], required: list[str], branch: dict[str, Any]
) -> None:
    """Fold one ``allOf`` part in: the first definition of a key wins, ``required`` adds up."""
    for key, value in as_dict(branch.get("properties")).items():
        props.setdefault(key, value)
    required += sorted(strs(branch.get("required")) - set(required))
    for key, value in branch.items():
        if key not in ("properties", "required"):
            out.setdefault(key, value)


def is_null(schema: Any) -> bool:
    """``{type: null}`` or ``{const: null}``: the branch a nullable union adds."""
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or ("const" in schema and schema["const"] is None)
    )
