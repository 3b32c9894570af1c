"""Responses: status codes added or removed, and each kept one's headers and bodies."""

from __future__ import annotations

from typing import Any

from .bodies import content
from .comparison import Comparison, Ctx
from .document import as_dict, tok
from .schemas import compare


def responses(c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str) -> None:
    for status in sorted(set(o) | set(n), key=str):
        code = str(status)
        rloc = f"{loc}/{tok(code)}"
        kind = "success" if _is_success(code) else "non-success"
        if status not in n:
            c.emit(f"response-{kind}-status-removed", rloc, f"response {code} removed")
        elif status not in o:
            c.emit(f"response-{kind}-status-added", rloc, f"response {code} added")
        else:
            _response(c, code, c.old.resolved(o[status]), c.new.resolved(n[status]), rloc)


def _is_success(status: str) -> bool:
    return status[:1] == "2"


def _response(c: Comparison, code: str, o: dict[str, Any], n: dict[str, Any], loc: str) -> None:
    c.docs(o, n, loc, f"response {code}")
    headers(c, code, as_dict(o.get("headers")), as_dict(n.get("headers")), loc)
    ctx = Ctx("response", "response-body", "response-property", f"response {code} body", set())
    content(c, as_dict(o.get("content")), as_dict(n.get("content")), ctx, loc)


def headers(c: Comparison, code: str, old: dict[str, Any], new: dict[str, Any], loc: str) -> None:
    """Response headers, by case-insensitive name: removed, added, made optional, changed."""
    o = {k.lower(): c.old.resolved(v) for k, v in old.items()}
    n = {k.lower(): c.new.resolved(v) for k, v in new.items()}
    for name in sorted(set(o) | set(n)):
        hloc = f"{loc}/headers/{tok(name)}"
        what = f"response {code} header '{name}'"
        if name not in n:
            state = "required" if o[name].get("required") else "optional"
            c.emit(f"{state}-response-header-removed", hloc, f"{state} {what} removed")
        elif name not in o:
            c.emit("response-header-added", hloc, f"{what} added")
        else:
            _header(c, o[name], n[name], hloc, what)


def _header(c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str, what: str) -> None:
    if o.get("required") and not n.get("required"):
        c.emit("response-header-became-optional", f"{loc}/required", f"{what} became optional")
    c.docs(o, n, loc, what)
    ctx = Ctx("response", "response-header", "response-property", what, set())
    compare(c, o.get("schema"), n.get("schema"), ctx, f"{loc}/schema", "")
