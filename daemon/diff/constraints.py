"""Schema keywords that bound a value, compared one family at a time.

``type`` and ``format``, ``enum``, ``const``, the numeric/length/count bounds, ``pattern`` and
``default``. Each family decides how the edit moves the set of valid values (the
:data:`~intentd.diff.model.Effect`); :meth:`Comparison.emit` turns that into a class for the
request or response side.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .comparison import Comparison, Ctx
from .document import canon, change_text
from .model import Direction, Effect


class Bound(NamedTuple):
    """A bound keyword, its rule stem, and +1 for an upper bound / -1 for a lower one."""

    key: str
    stem: str
    sign: int


BOUNDS = (
    Bound("maximum", "max", 1),
    Bound("exclusiveMaximum", "exclusive-max", 1),
    Bound("maxLength", "max-length", 1),
    Bound("maxItems", "max-items", 1),
    Bound("maxProperties", "max-properties", 1),
    Bound("minimum", "min", -1),
    Bound("exclusiveMinimum", "exclusive-min", -1),
    Bound("minLength", "min-length", -1),
    Bound("minItems", "min-items", -1),
    Bound("minProperties", "min-properties", -1),
)
KEYS = frozenset(
    {"type", "format", "enum", "const", "pattern", "default"} | {b.key for b in BOUNDS}
)
"""The keywords this module compares."""

# How adding, removing or changing a keyword that restricts values moves the valid set.
_RESTRICTS: dict[str, Effect] = {"added": "narrower", "removed": "wider", "changed": "changed"}
_NUMBER_TO_INTEGER = frozenset({"number"}), frozenset({"integer"})


# --------------------------------------------------------------------------- type and format
def types(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, subject: str
) -> bool:
    """Compare ``type`` and ``format``; False when the types are unrelated (stop there)."""
    to, tn = type_set(o), type_set(n)
    if to != tn:
        stem, eff = _type_step(to, tn, ctx.direction)
        c.emit(
            f"{ctx.prefix}-{stem}",
            f"{loc}/type",
            f"{subject}: type changed from {_fmt_types(to)} to {_fmt_types(tn)}",
            direction=ctx.direction,
            effect=eff,
        )
        if eff == "changed":
            return False
    fo, fn = o.get("format"), n.get("format")
    if fo != fn:
        stem, eff = _format_step(fo, fn, ctx.direction)
        c.emit(
            f"{ctx.prefix}-{stem}",
            f"{loc}/format",
            f"{subject}: format {change_text(fo, fn)}",
            direction=ctx.direction,
            effect=eff,
        )
    return True


def type_set(schema: dict[str, Any]) -> frozenset[str] | None:
    """The types a schema allows, ``null`` aside (it is nullability); None for any type."""
    raw = schema.get("type")
    if raw is None:
        return None
    found = frozenset(map(str, raw if isinstance(raw, list) else [raw]))
    return found - {"null"} or found


def _fmt_types(found: frozenset[str] | None) -> str:
    return "any" if found is None else "|".join(sorted(found))


def _specialized(direction: Direction) -> str:
    # oasdiff's name for a type (or format) that appears: in a request it changes the contract.
    return "type-changed" if direction == "request" else "type-specialized"


def _type_step(
    to: frozenset[str] | None, tn: frozenset[str] | None, direction: Direction
) -> tuple[str, Effect]:
    if to is None or (to, tn) == _NUMBER_TO_INTEGER:  # a type where there was none / number → int
        return _specialized(direction), "narrower"
    if tn is None or (tn, to) == _NUMBER_TO_INTEGER:  # type removed / int → number
        return "type-generalized", "wider"
    if to < tn:
        return "list-of-types-widened", "wider"
    if tn < to:
        return "list-of-types-narrowed", "narrower"
    return "type-changed", "changed"


def _format_step(fo: Any, fn: Any, direction: Direction) -> tuple[str, Effect]:
    if fo is None:
        return _specialized(direction), "narrower"
    if fn is None:
        return "type-generalized", "wider"
    return "type-changed", "changed"


# --------------------------------------------------------------------------- values
def values(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, subject: str
) -> None:
    """Compare the keywords that restrict values: enum, const, bounds, pattern, default."""
    _enum(c, o.get("enum"), n.get("enum"), ctx, loc, subject)
    _const(c, o, n, ctx, loc, subject)
    for rule in BOUNDS:
        bound(c, rule, o.get(rule.key), n.get(rule.key), ctx, loc, subject)
    _pattern(c, o.get("pattern"), n.get("pattern"), ctx, loc, subject)
    _default(c, o, n, ctx, loc, subject)


def _enum(c: Comparison, eo: Any, en: Any, ctx: Ctx, loc: str, subject: str) -> None:
    if not isinstance(eo, list) and not isinstance(en, list):
        return
    if not isinstance(eo, list):
        _emit(c, ctx, "became-enum", f"{loc}/enum", f"{subject} became an enum", "narrower")
    elif not isinstance(en, list):
        _emit(c, ctx, "enum-removed", f"{loc}/enum", f"{subject} is no longer an enum", "wider")
    else:
        _enum_values(c, eo, en, ctx, loc, subject)


def _enum_values(
    c: Comparison, eo: list[Any], en: list[Any], ctx: Ctx, loc: str, subject: str
) -> None:
    so, sn = {canon(v): v for v in eo}, {canon(v): v for v in en}
    for key in sorted(set(so) - set(sn)):
        msg = f"{subject}: enum value {key} removed"
        _emit(c, ctx, "enum-value-removed", f"{loc}/enum", msg, "narrower")
    for key in sorted(set(sn) - set(so)):
        msg = f"{subject}: enum value {key} added"
        _emit(c, ctx, "enum-value-added", f"{loc}/enum", msg, "wider")


def _const(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, subject: str
) -> None:
    what = _presence(o, n, "const")
    if what:
        msg = f"{subject}: const {what}"
        _emit(c, ctx, f"const-{what}", f"{loc}/const", msg, _RESTRICTS[what])


def _pattern(c: Comparison, po: Any, pn: Any, ctx: Ctx, loc: str, subject: str) -> None:
    if po == pn:
        return
    what = "added" if po is None else "removed" if pn is None else "changed"
    # As oasdiff: a response pattern is documentation for clients.
    eff: Effect = "neutral" if ctx.direction == "response" else _RESTRICTS[what]
    msg = f"{subject}: pattern {change_text(po, pn)}"
    _emit(c, ctx, f"pattern-{what}", f"{loc}/pattern", msg, eff)


def _default(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str, subject: str
) -> None:
    what = _presence(o, n, "default")
    if what:
        if what == "changed":
            text = f"changed from {canon(o['default'])} to {canon(n['default'])}"
        else:
            text = f"{canon((n if what == 'added' else o)['default'])} {what}"
        msg = f"{subject}: default value {text}"
        _emit(c, ctx, f"default-value-{what}", f"{loc}/default", msg, "neutral")


def _presence(o: dict[str, Any], n: dict[str, Any], key: str) -> str:
    """How ``key`` went from ``o`` to ``n``: added, removed, changed, or "" (no change)."""
    if key not in o and key not in n:
        return ""
    if key not in o:
        return "added"
    if key not in n:
        return "removed"
    return "changed" if canon(o[key]) != canon(n[key]) else ""


def _emit(c: Comparison, ctx: Ctx, stem: str, loc: str, message: str, effect: Effect) -> None:
    c.emit(f"{ctx.prefix}-{stem}", loc, message, direction=ctx.direction, effect=effect)


# --------------------------------------------------------------------------- bounds
def bound(c: Comparison, rule: Bound, vo: Any, vn: Any, ctx: Ctx, loc: str, subject: str) -> None:
    """One bound keyword: set, unset, raised or lowered (or changed, if not a number)."""
    if vo == vn:
        return
    what, eff = _bound_step(vo, vn, rule.sign)
    msg = f"{subject}: {rule.key} {change_text(vo, vn, verb=what)}"
    _emit(c, ctx, f"{rule.stem}-{what}", f"{loc}/{rule.key}", msg, eff)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bound_step(vo: Any, vn: Any, sign: int) -> tuple[str, Effect]:
    if not all(v is None or _is_number(v) for v in (vo, vn)):
        return "changed", "changed"  # OAS 3.0 boolean exclusiveMaximum and the like
    if vo is None:
        return "set", "narrower"
    if vn is None:
        return "unset", "wider"
    grew = vn > vo
    return ("increased" if grew else "decreased"), ("wider" if grew == (sign > 0) else "narrower")
