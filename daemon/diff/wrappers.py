"""Wrapping and unwrapping: the same schema moved into (or out of) one property of an object.

A list envelope put around a bare array (``[…]`` → ``{items: […], page, pageSize, total}``),
taken off again, or a one-object wrapper (``{…}`` → ``{book: {…}}``) would otherwise read as
every property removed and one added, or as ``type changed from array to object``. Both
directions break every existing client (requests the server no longer accepts, responses
read at the wrong level), so the change is one breaking ``intentd-<part>-wrapped`` /
``-unwrapped`` that says where the payload went. Detected only when the moved schema is
unchanged (same text, no changed ``$ref`` below); otherwise the ordinary schema diff reports
the differences.
"""

from __future__ import annotations

from typing import Any

from .comparison import Comparison, Ctx
from .constraints import type_set
from .document import as_dict, strs


def wrapping(c: Comparison, raw_o: Any, raw_n: Any, o: dict[str, Any], n: dict[str, Any]) -> str:
    """``"now wrapped in 'book'"`` / ``"no longer wrapped in 'items' …"``, or "" if neither.

    ``o`` and ``n`` are the prepared (resolved, merged) forms of ``raw_o`` and ``raw_n``.
    """
    if c.equal(raw_o, raw_n):
        return ""  # a recursive schema holds itself (Author.mentor); that is no move
    wrapper = _holder(c, n, raw_o, o)
    if wrapper:
        others = _others(n, wrapper)
        return f"now wrapped in '{wrapper}'" + (f" (with {others})" if others else "")
    wrapper = _holder(c, o, raw_n, n)
    if wrapper:
        others = _others(o, wrapper)
        return f"no longer wrapped in '{wrapper}'" + (f" ({others} dropped)" if others else "")
    return ""


def _holder(c: Comparison, outer: dict[str, Any], inner: Any, shape: dict[str, Any]) -> str:
    """The one property of object ``outer`` whose schema is exactly ``inner`` (unchanged).

    ``shape`` is ``inner`` prepared: only an object or an array counts as a payload that moved
    (a string that became ``{name: string}`` is a type change, as oasdiff reports it).
    """
    if not isinstance(inner, dict) or not _structured(shape):
        return ""
    props = as_dict(outer.get("properties"))
    found = [name for name in sorted(props) if c.equal(inner, props[name])]
    return found[0] if len(found) == 1 else ""


def _structured(schema: dict[str, Any]) -> bool:
    kinds = type_set(schema) or frozenset()
    return bool(kinds & {"object", "array"}) or "properties" in schema or "items" in schema


def _others(outer: dict[str, Any], wrapper: str) -> str:
    """``'page', 'pageSize', 'total'``: the envelope's other properties (optional ones marked)."""
    required = strs(outer.get("required"))
    others = sorted(set(as_dict(outer.get("properties"))) - {wrapper})
    return ", ".join(f"'{p}'" + ("" if p in required else " (optional)") for p in others)


def emit(c: Comparison, ctx: Ctx, loc: str, subject: str, message: str) -> None:
    """One breaking change for the move (every client reads or sends the wrong level)."""
    state = "wrapped" if message.startswith("now") else "unwrapped"
    c.emit(f"{ctx.prefix}-{state}", loc, f"{subject}: {message}", klass="breaking")
