"""Request bodies, and the media types (``content`` maps) of bodies, responses and parameters."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .comparison import Comparison, Ctx
from .document import as_dict, tok
from .schemas import compare

# The rule prefix a media type change takes, by the part that holds it.
_SIDES = {"request-body": "request-body", "request-parameter": "request-parameter"}


def request_body(c: Comparison, raw_o: Any, raw_n: Any, loc: str) -> None:
    """A request body added, removed, made required or optional, or changed."""
    if raw_o is None and raw_n is None:
        return
    o, n = c.old.resolved(raw_o), c.new.resolved(raw_n)
    if raw_o is None:
        state = "required" if n.get("required") else "optional"
        c.emit(f"request-body-added-{state}", loc, f"{state} request body added")
    elif raw_n is None:
        c.emit("request-body-removed", loc, "request body removed")
    else:
        _kept(c, o, n, loc)


def _kept(c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str) -> None:
    if bool(o.get("required")) != bool(n.get("required")):
        state = "required" if n.get("required") else "optional"
        c.emit(f"request-body-became-{state}", f"{loc}/required", f"request body became {state}")
    c.docs(o, n, loc, "request body")
    ctx = Ctx("request", "request-body", "request-property", "request body", set())
    content(c, as_dict(o.get("content")), as_dict(n.get("content")), ctx, loc)


def content(c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str) -> None:
    """Media types added or removed, and the schema of each one both sides have."""
    side = _SIDES.get(ctx.prefix, "response")
    for media in sorted(set(o) | set(n)):
        mloc = f"{loc}/content/{tok(media)}"
        noun = f"{ctx.noun} ({media})"
        if media not in n:
            msg = f"{noun} media type removed"
            c.emit(f"{side}-media-type-removed", mloc, msg, direction=ctx.direction)
        elif media not in o:
            msg = f"{noun} media type added"
            c.emit(f"{side}-media-type-added", mloc, msg, direction=ctx.direction, effect="wider")
        else:
            _media(c, as_dict(o[media]), as_dict(n[media]), replace(ctx, noun=noun), mloc)


def _media(c: Comparison, o: dict[str, Any], n: dict[str, Any], ctx: Ctx, loc: str) -> None:
    c.docs(o, n, loc, ctx.noun)
    compare(c, o.get("schema"), n.get("schema"), ctx, f"{loc}/schema", "")
