"""The schema differ: two schemas of one part (a parameter, a body, a header) → changes.

Both sides are first brought to one shape (:mod:`.flatten`); then the documenting keys,
deprecation, nullability, the value keywords (:mod:`.constraints`), object properties,
array items, unions and any keyword left over are compared, in that order. Recursive
schemas terminate: each (old, new) pair of referenced schemas is compared once per part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import constraints, wrappers
from .comparison import DOCS_KEYS, Comparison, Ctx
from .document import as_dict, canon, strip_ext, strs, tok
from .flatten import prepare
from .model import Effect
from .rules import kebab

# Nesting beyond this is a cycle the identity tracking could not see (or a pathological
# document); stopping keeps the diff total, as the property tests demand.
MAX_DEPTH = 100
_HANDLED = frozenset(
    {"$ref", "nullable", "deprecated"}
    | {"properties", "required", "items", "additionalProperties", "oneOf", "anyOf", "allOf"}
    | constraints.KEYS
    | set(DOCS_KEYS)
)
"""Keywords compared on purpose; a change to any other is reported as a neutral edit."""
_UNIONS = ("oneOf", "anyOf")


def compare(c: Comparison, raw_o: Any, raw_n: Any, ctx: Ctx, loc: str, where: str) -> None:
    """Every change from schema ``raw_o`` to ``raw_n``; ``where`` is the property path."""
    if c.depth > MAX_DEPTH or c.same(raw_o, raw_n):
        return
    c.depth += 1
    try:
        _compare(c, raw_o, raw_n, ctx, loc, where)
    finally:
        c.depth -= 1


def _compare(c: Comparison, raw_o: Any, raw_n: Any, ctx: Ctx, loc: str, where: str) -> None:
    o, ref_o, null_o = prepare(c.old, raw_o)
    n, ref_n, null_n = prepare(c.new, raw_n)
    if _seen(ctx, ref_o, ref_n, raw_o, raw_n):
        return  # recursive schema, or this pair was already compared for this part
    subject = ctx.subject(where)
    if not isinstance(o, dict) or not isinstance(n, dict):
        if canon(o) != canon(n):
            _type_changed(c, ctx, loc, f"{subject}: schema changed")
    elif "$ref" in o or "$ref" in n:  # unresolvable (external) refs: compare by name
        if o.get("$ref") != n.get("$ref"):
            _type_changed(c, ctx, loc, f"{subject}: $ref changed")
    elif moved := wrappers.wrapping(c, raw_o, raw_n, o, n):
        wrappers.emit(c, ctx, loc, subject, moved)
    else:
        c.docs(o, n, loc, subject)
        _deprecation(c, o, n, ctx, loc, subject)
        _nullability(c, null_o, null_n, ctx, loc, subject)
        _keywords(c, o, n, ctx, loc, where)


def _seen(ctx: Ctx, ref_o: str | None, ref_n: str | None, raw_o: Any, raw_n: Any) -> bool:
    """Whether this pair of referenced schemas was compared for this part already."""
    if ref_o is None and ref_n is None:
        return False  # inline on both sides: no identity to recurse through
    key = (ref_o or id(raw_o), ref_n or id(raw_n))
    if key in ctx.visited:
        return True
    ctx.visited.add(key)
    return False


def _type_changed(c: Comparison, ctx: Ctx, loc: str, message: str) -> None:
    c.emit(f"{ctx.prefix}-type-changed", loc, message, direction=ctx.direction)


def _deprecation(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, subject: str
) -> None:
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        state = "deprecated" if n.get("deprecated") else "reactivated"
        c.emit(f"{ctx.prefix}-{state}", loc, f"{subject} {state}", klass="non-breaking")


def _nullability(
    c: Comparison, null_o: bool, null_n: bool, ctx: Ctx, loc: str, subject: str
) -> None:
    if null_o != null_n:
        state = "nullable" if null_n else "not-nullable"
        c.emit(
            f"{ctx.prefix}-became-{state}",
            loc,
            f"{subject} became {state.replace('-', ' ')}",
            direction=ctx.direction,
            effect="wider" if null_n else "narrower",
        )


def _keywords(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, where: str
) -> None:
    subject = ctx.subject(where)
    if not constraints.types(c, o, n, ctx, loc, subject):
        return  # incompatible types: what lies below is noise
    constraints.values(c, o, n, ctx, loc, subject)
    objects(c, o, n, ctx, loc, where)
    if "items" in o and "items" in n:
        compare(c, o["items"], n["items"], ctx.nested(), f"{loc}/items", f"{where}[]")
    unions(c, o, n, ctx, loc, where)
    _others(c, o, n, ctx, loc, subject)


def _others(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, subject: str
) -> None:
    for key in sorted((set(o) | set(n)) - _HANDLED, key=str):
        if key.startswith("x-") or strip_ext(o.get(key)) == strip_ext(n.get(key)):
            continue
        c.emit(
            f"{ctx.prefix}-{kebab(key)}-changed",
            f"{loc}/{tok(key)}",
            f"{subject}: {key} changed",
            direction=ctx.direction,
            effect="neutral",
        )


# --------------------------------------------------------------------------- objects
@dataclass(frozen=True)
class _Property:
    """One property name, as both sides define it."""

    path: str  # "author.name", for messages
    loc: str
    subject: str
    required_o: bool
    required_n: bool


def objects(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, where: str
) -> None:
    """Properties (added, removed, required or not, changed) and ``additionalProperties``."""
    _properties(c, o, n, ctx, loc, where)
    ao, an = o.get("additionalProperties"), n.get("additionalProperties")
    _additional(c, ao, an, ctx, loc, where)


def _properties(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, where: str
) -> None:
    props_o, props_n = as_dict(o.get("properties")), as_dict(n.get("properties"))
    req_o, req_n = strs(o.get("required")), strs(n.get("required"))
    hidden = "readOnly" if ctx.direction == "request" else "writeOnly"  # not in this payload
    for name in sorted(set(props_o) | set(props_n)):
        path = f"{where}.{name}" if where else name
        subject = f"{ctx.direction} property '{path}'"
        prop = _Property(
            path, f"{loc}/properties/{tok(name)}", subject, name in req_o, name in req_n
        )
        in_o = name in props_o and not c.old.flag(props_o[name], hidden)
        in_n = name in props_n and not c.new.flag(props_n[name], hidden)
        if in_o and in_n:
            _kept(c, ctx, prop, props_o[name], props_n[name])
        elif in_o:
            _removed(c, ctx, prop)
        elif in_n:
            _added(c, ctx, prop)


def _removed(c: Comparison, ctx: Ctx, prop: _Property) -> None:
    if ctx.direction == "request":
        c.emit("request-property-removed", prop.loc, f"{prop.subject} removed")
    else:
        state = "required" if prop.required_o else "optional"
        c.emit(f"response-{state}-property-removed", prop.loc, f"{state} {prop.subject} removed")


def _added(c: Comparison, ctx: Ctx, prop: _Property) -> None:
    state = "required" if prop.required_n else "optional"
    request = ctx.direction == "request"
    rule = f"new-{state}-request-property" if request else f"response-{state}-property-added"
    c.emit(rule, prop.loc, f"{state} {prop.subject} added")


def _kept(c: Comparison, ctx: Ctx, prop: _Property, raw_o: Any, raw_n: Any) -> None:
    if prop.required_o != prop.required_n:
        state = "required" if prop.required_n else "optional"
        c.emit(
            f"{ctx.direction}-property-became-{state}",
            f"{prop.loc}/required",
            f"{prop.subject} became {state}",
        )
    compare(c, raw_o, raw_n, ctx.nested(), prop.loc, prop.path)


def _additional(c: Comparison, ao: Any, an: Any, ctx: Ctx, loc: str, where: str) -> None:
    """A map's values (``metadata.*``) compare as a schema; other edits open or close it."""
    if isinstance(ao, dict) and isinstance(an, dict):
        values = f"{where}.*" if where else "*"
        compare(c, ao, an, ctx.nested(), f"{loc}/additionalProperties", values)
    elif strip_ext(ao) != strip_ext(an):
        before, after = _OPENNESS[_openness(ao)], _OPENNESS[_openness(an)]
        change = f"changed from {before} to {after}" if before != after else "changed"
        c.emit(
            f"{ctx.prefix}-additional-properties-changed",
            f"{loc}/additionalProperties",
            f"{ctx.subject(where)}: additionalProperties {change}",
            direction=ctx.direction,
            effect=_closing(ao, an),
        )


_OPENNESS = ("no other keys", "values of one schema", "any values")


def _openness(value: Any) -> int:
    """How much ``additionalProperties`` lets in: 0 nothing (false), 1 values of one schema
    (a map's ``{type: string}``), 2 anything (true, absent, or an empty schema)."""
    if value is False:
        return 0
    if isinstance(value, dict) and strip_ext(value):
        return 1
    return 2


def _closing(ao: Any, an: Any) -> Effect:
    """Closing an object or typing its values narrows it; untyping or opening widens it."""
    before, after = _openness(ao), _openness(an)
    if after < before:
        return "narrower"
    if after > before:
        return "wider"
    return "neutral"


# --------------------------------------------------------------------------- unions
def unions(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, where: str
) -> None:
    """``oneOf``/``anyOf`` branches added, removed, or compared pairwise."""
    for key in _UNIONS:
        bo, bn = o.get(key), n.get(key)
        if isinstance(bo, list) or isinstance(bn, list):
            _union(c, key, branches(bo), branches(bn), ctx, loc, where)


def _union(
    c: Comparison,
    key: str,
    io: dict[str, tuple[int, Any]],
    inn: dict[str, tuple[int, Any]],
    ctx: Ctx,
    loc: str,
    where: str,
) -> None:
    stem, subject = kebab(key), ctx.subject(where)
    for ident in sorted(set(io) - set(inn)):
        c.emit(
            f"{ctx.prefix}-{stem}-removed",
            f"{loc}/{key}",
            f"{subject}: {key} branch {ident} removed",
            direction=ctx.direction,
            effect="narrower",
        )
    for ident in sorted(set(inn) - set(io)):
        c.emit(
            f"{ctx.prefix}-{stem}-added",
            f"{loc}/{key}",
            f"{subject}: {key} branch {ident} added",
            direction=ctx.direction,
            effect="wider",
        )
    for ident in sorted(set(io) & set(inn)):
        i, raw_o = io[ident]
        _, raw_n = inn[ident]
        compare(c, raw_o, raw_n, ctx, f"{loc}/{key}/{i}", where)


def branches(value: Any) -> dict[str, tuple[int, Any]]:
    """Union branches keyed by their ``$ref`` (moves are not changes), else by position."""
    out: dict[str, tuple[int, Any]] = {}
    for i, branch in enumerate(value if isinstance(value, list) else []):
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        out[ref if isinstance(ref, str) else f"#{i}"] = (i, branch)
    return out
