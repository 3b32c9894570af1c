"""Parameters of an operation: matched by location and name, then compared one by one.

Path-level and operation-level parameters merge (the operation's win); header names match
case-insensitively (``Idempotency-Key`` is ``idempotency-key``; messages spell them as the
contract does); path parameters match by position, so renaming ``{id}`` to ``{bookId}`` is
one rename, not a removal and an addition.

Renamed path parameters (decided for issue 10's natural keys): the path stays the same
operation, as in oasdiff and Optic, so nothing is reported as removed or added. The rename
itself is breaking (``intentd-request-path-parameter-renamed``): generated clients name the
argument after it. When an entity moves to a natural key (``/books/{id}`` → ``/books/{slug}``)
the parameter's schema is compared too (a dropped ``format: uuid`` is
``request-parameter-type-generalized``), and the rename is what says the URL now takes
another value than the id a client holds.

Query and header parameters follow oasdiff (v1.28): a new required one, one made required,
one removed (WARN), a narrower enum, type or bound, and a changed, added or removed
``default`` (ERR in v1.28: clients relying on the default get other results) are breaking;
a new optional one, one made optional and a wider enum (a new ``sort`` value) are not.
"""

from __future__ import annotations

import re
from typing import Any

from .bodies import content
from .comparison import Comparison, Ctx
from .document import Document, Operation, as_dict, as_list, tok
from .rules import kebab
from .schemas import compare

_SERIALISATION = ("style", "explode", "allowReserved", "allowEmptyValue")
_Key = tuple[str, str]  # (in, name)


def parameters(c: Comparison, o: Operation, n: Operation, loc: str) -> None:
    # /books/{id} → /books/{bookId} is the same path; line its parameters up by position.
    rename = dict(zip(_path_params(n.path), _path_params(o.path), strict=False))
    _renames(c, rename, loc)
    po = _params(c.old, o, {})
    pn = _params(c.new, n, rename)
    for key in sorted(set(po) | set(pn)):
        _pair(c, key, po.get(key), pn.get(key), loc)


def _path_params(path: str) -> list[str]:
    return re.findall(r"\{([^}/]*)\}", path)


def _renames(c: Comparison, rename: dict[str, str], loc: str) -> None:
    for name_n, name_o in sorted(rename.items()):
        if name_n != name_o:
            # Harmless on the wire, but generated clients name their arguments after it
            # (useSingleRequestParameter), so it is breaking like an operationId change.
            c.emit(
                "request-path-parameter-renamed",
                f"{loc}/parameters/path/{tok(name_o)}",
                f"path parameter '{name_o}' renamed to '{name_n}'",
                klass="breaking",
            )


def _params(doc: Document, side: Operation, rename: dict[str, str]) -> dict[_Key, dict[str, Any]]:
    out: dict[_Key, dict[str, Any]] = {}
    for raw in [*as_list(side.item.get("parameters")), *as_list(side.op.get("parameters"))]:
        param = doc.resolved(raw)
        where, name = str(param.get("in")), str(param.get("name"))
        if where == "path":
            name = rename.get(name, name)
        elif where == "header":
            name = name.lower()
        out[(where, name)] = param  # operation-level entries override path-level ones
    return out


def _pair(
    c: Comparison, key: _Key, old: dict[str, Any] | None, new: dict[str, Any] | None, loc: str
) -> None:
    where, name = key
    ploc = f"{loc}/parameters/{where}/{tok(name)}"
    # The name as the contract writes it (matching ignores a header's case; a renamed path
    # parameter is shown under its new name).
    shown = next((str(p["name"]) for p in (new, old) if p and "name" in p), name)
    what = f"{where} parameter '{shown}'"
    if new is None:
        c.emit("request-parameter-removed", ploc, f"{what} removed", direction="request")
    elif old is None:
        _added(c, where, new, ploc, what)
    else:
        parameter(c, old, new, ploc, what)


def _added(c: Comparison, where: str, param: dict[str, Any], loc: str, what: str) -> None:
    if where == "path":
        rule = "new-request-path-parameter"
    elif param.get("required"):
        rule = "new-required-request-parameter"
    else:
        rule = "new-optional-request-parameter"
    state = "optional" if rule == "new-optional-request-parameter" else "required"
    c.emit(rule, loc, f"{state} {what} added")


def parameter(c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str, what: str) -> None:
    """One parameter both sides have: required, deprecated, serialisation, schema, content."""
    _required(c, o, n, loc, what)
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        state = "deprecated" if n.get("deprecated") else "reactivated"
        c.emit(f"request-parameter-{state}", f"{loc}/deprecated", f"{what} {state}")
    _serialisation(c, o, n, loc, what)
    c.docs(o, n, loc, what)
    ctx = Ctx("request", "request-parameter", "request-parameter-property", what, set())
    if "schema" in o or "schema" in n:
        compare(c, o.get("schema"), n.get("schema"), ctx, f"{loc}/schema", "")
    content(c, as_dict(o.get("content")), as_dict(n.get("content")), ctx, loc)


def _required(c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str, what: str) -> None:
    req_o = bool(o.get("required")) or o.get("in") == "path"
    req_n = bool(n.get("required")) or n.get("in") == "path"
    if req_o != req_n:
        state = "required" if req_n else "optional"
        c.emit(f"request-parameter-became-{state}", f"{loc}/required", f"{what} became {state}")


def _serialisation(
    c: Comparison, o: dict[str, Any], n: dict[str, Any], loc: str, what: str
) -> None:
    for key in _SERIALISATION:
        if o.get(key) != n.get(key):
            c.emit(
                f"request-parameter-{kebab(key)}-changed",
                f"{loc}/{key}",
                f"{what}: {key} changed (serialisation differs)",
                direction="request",
            )
