"""Responses: status codes added or removed, and each kept one's headers and bodies.

A status is a success status when it starts with 2 (oasdiff's split): a success status
removed is breaking (``response-success-status-removed``, so 201 → 202 or 200 → 204 is a
major), one added is not; error statuses added or removed are both non-breaking
(``response-non-success-status-*``, INFO in oasdiff: the error set is documentation of what
can go wrong, and clients treat an undocumented error as an error). Headers are compared on
every status, errors included (a 429's ``Retry-After``), by case-insensitive name.
"""

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
    shown = {k.lower(): k for k in [*old, *new]}  # as written, the new document's spelling last
    for name in sorted(set(o) | set(n)):
        hloc = f"{loc}/headers/{tok(name)}"
        what = f"response {code} header '{shown[name]}'"
        if name not in n:
            state = "required" if o[name].get("required") else "optional"
            c.emit(f"{state}-response-header-removed", hloc, f"{state} {what} removed")
        elif name not in o:
            c.emit("response-header-added", hloc, f"{what} added")
        else:
            _header(c, o[name], n[name], hloc, what)


def _header(c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str, what: str) -> None:
    if bool(o.get("required")) != bool(n.get("required")):
        # oasdiff has no check for a header that becomes required: the server promises
        # more, which no client can object to (intentd-response-header-became-required).
        state = "required" if n.get("required") else "optional"
        c.emit(
            f"response-header-became-{state}",
            f"{loc}/required",
            f"{what} became {state}",
            direction="response",
            effect="narrower",
        )
    c.docs(o, n, loc, what)
    ctx = Ctx("response", "response-header", "response-property", what, set())
    compare(c, o.get("schema"), n.get("schema"), ctx, f"{loc}/schema", "")
