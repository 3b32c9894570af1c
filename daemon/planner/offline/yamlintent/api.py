"""``api_surface`` / ``endpoints``: each endpoint a mapping or the Markdown one-liner
``GET /books — list books (Book, list)``; the mapping's keys override the line's reading."""

from __future__ import annotations

from typing import Any

from ..common import Item
from ..lines import endpoint_line
from .keys import ENDPOINT_KEYS
from .nodes import Reader

# Keys copied onto the parsed line as written; auth, request and response are hints for
# inference (:mod:`..routes`), kept under ``_`` names.
_COPIED = ("id", "summary", "entity", "feature", "list", "paginated", "deprecated")


def endpoint(r: Reader, node: Any, where: str) -> Item | None:
    if isinstance(node, str):
        return r.ok(endpoint_line(node, where), where)
    e = r.mapping(node, where, "endpoint", ENDPOINT_KEYS)
    if e is None:
        return None
    got = endpoint_line(f"{e['method']} {e['path']}", e["source"])
    if isinstance(got, str):
        return r.ok(got, where)
    got.update({k: e[k] for k in _COPIED if k in e})
    got["_auth"] = e.get("auth")
    got["_request"] = e.get("request", "default")
    got["_response"] = e.get("response", "default")
    if got["summary"] is None:
        got["summary"] = f"{got['method']} {got['path']}"
    return got
