"""``api_surface`` / ``endpoints``: each endpoint a mapping or the Markdown one-liner
``GET /books — list books (Book, list)``; the mapping's keys override the line's reading.

A mapping is read as the Markdown endpoint it stands for: ``list`` is the line's marker,
and ``paging``, ``parameters``, ``status``, ``headers``, ``errors``, ``envelope`` and
``wrap`` are its indented sub-bullets (``- query tag: string``, ``- status: 202``), each
read by the Markdown parser (:func:`..endpoint_lines.apply_sub`). ``paginated`` is the
older spelling of ``paging: page`` (true) or ``paging: none`` (false).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .... import yamlio
from ....handoff import PARAM_RE
from ..common import Item
from ..endpoint_lines import apply_sub, endpoint_line, header_item
from . import forms
from .keys import ENDPOINT_KEYS, HEADER_KEYS, PARAMETER_KEYS
from .nodes import Reader

# Keys copied onto the parsed line as written; auth, request and response are hints for
# inference (:mod:`..routes`), kept under ``_`` names.
_COPIED = ("id", "summary", "entity", "feature", "deprecated")
Lines = list[tuple[str, str]]  # sub-bullet texts, each with its path:line


def endpoint(r: Reader, node: Any, where: str) -> Item | None:
    if isinstance(node, str):
        return _one_liner(r, node, where)
    e = r.mapping(node, where, "endpoint", ENDPOINT_KEYS)
    if e is None or not _checked(r, e, node):
        return None
    # A list as the marker makes it (paged by default); paging or an envelope imply one.
    listed = e.get("list") or any(e.get(k) is not None for k in ("paging", "envelope"))
    line = f"{e['method']} {e['path']}" + (" (list)" if listed else "")
    got = endpoint_line(line, e["source"])
    if isinstance(got, str):
        return r.ok(got, where)
    got.update({k: e[k] for k in _COPIED if k in e})
    got["_auth"] = e.get("auth")
    got["_request"] = e.get("request", "default")
    got["_response"] = e.get("response", "default")
    if got["summary"] is None:
        got["summary"] = f"{got['method']} {got['path']}"
    return got if _details(r, got, e, node) else None


def _one_liner(r: Reader, node: str, where: str) -> Item | None:
    m = re.match(r"^`?[A-Za-z]+\s+(/[^\s`]*)", node.strip())
    if m is not None and re.search(r"[?#]", m.group(1)):
        r.error(where, _query_in_path(m.group(1), one_liner=True))
        return None
    return r.ok(endpoint_line(node, where), where)


def _checked(r: Reader, e: dict[str, Any], node: Any) -> bool:
    """False (reported) for both paging and paginated, or a query string in the path."""
    if "paginated" in e and "paging" in e:
        r.error(
            r.at(node, "paginated"),
            "endpoint: write paging (page, offset, cursor or none), not also the older paginated",
        )
        return False
    if "?" in e["path"] or "#" in e["path"]:
        r.error(r.at(node, "path"), _query_in_path(e["path"]))
        return False
    return True


def _query_in_path(path: str, one_liner: bool = False) -> str:
    query = re.split(r"[?#]", path, maxsplit=1)[1]
    name = re.split(r"[=&]", query, maxsplit=1)[0]
    name = name if re.fullmatch(PARAM_RE, name) else "tag"
    how = "write the endpoint as a mapping without it and add" if one_liner else "add"
    return f"a path cannot hold a query string ('{path}'); {how} 'parameters: [\"{name}: string\"]'"


def _details(r: Reader, ep: Item, e: dict[str, Any], node: Any) -> bool:
    """Apply the sub-bullet keys to ``ep``; False when one is reported."""
    lines: Lines = []
    for key, read in _DETAILS.items():
        if key in e and e[key] is not None:
            found = read(r, ep, e[key], r.at(node, key))
            if found is None:
                return False
            lines.extend(found)
    ok = True
    for text, at in lines:
        problem = apply_sub(ep, text, at)
        if problem is not None:
            r.error(at, problem)
            ok = False
    return ok


def _said(key: str) -> Callable[[Reader, Item, Any, str], Lines | None]:
    """``status: 202`` → the sub-bullet ``status: 202``, as written."""

    def read(r: Reader, ep: Item, value: Any, where: str) -> Lines | None:
        return [(f"{key}: {value}", where)]

    return read


def _paginated(r: Reader, ep: Item, value: Any, where: str) -> Lines | None:
    """``paginated: true`` is ``paging: page``; ``false`` leaves a list unpaged (and says
    nothing about one object)."""
    if value:
        return [("paging: page", where)]
    return [("paging: none", where)] if ep["list"] else []


def _errors(r: Reader, ep: Item, value: Any, where: str) -> Lines | None:
    text = forms.errors_text(value[0])
    if text is None:
        r.error(where, "errors: expected a list of statuses such as [401, 404, 422]")
        return None
    return [(f"errors: {text}", where)]


def _parameters(r: Reader, ep: Item, value: Any, where: str) -> Lines | None:
    """``parameters: ['query tag: string — …', {name: Idempotency-Key, in: header}]``;
    a line without ``query``/``header`` is a query parameter."""
    node, where = value
    if not isinstance(node, list):
        r.error(where, "parameters: expected a list such as ['query tag: string — only this tag']")
        return None
    out: Lines = []
    for i, sub in enumerate(node):
        at = r.at(node, i)
        plain = yamlio.plain(sub)
        if isinstance(plain, str):
            head = plain.strip().split(" ", 1)[0].lower()
            out.append((plain if head in ("query", "header") else f"query {plain}", at))
            continue
        m = r.mapping(sub, at, "parameter", PARAMETER_KEYS)
        if m is None:
            return None
        text = forms.parameter_text(m)
        if text is None:
            r.error(at, forms.LOCATION_PROBLEM.format(name=m["name"], where=m.get("in")))
            return None
        out.append((text, m["source"]))
    return out


def _headers(r: Reader, ep: Item, value: Any, where: str) -> Lines | None:
    """``headers: 'Location, ETag'`` (the sub-bullet) or a list of names and
    ``{name, type, description}`` mappings, each read by the sub-bullet's parser."""
    node, where = value
    plain = yamlio.plain(node)
    if isinstance(plain, str):
        return [(f"headers: {plain}", where)]
    if not isinstance(node, list):
        r.error(where, "headers: expected a list such as [Location, ETag]")
        return None
    found = []
    for i, sub in enumerate(node):
        at = r.at(node, i)
        text = yamlio.plain(sub)
        if not isinstance(text, str):
            m = r.mapping(sub, at, "header", HEADER_KEYS)
            if m is None:
                return None
            text = forms.header_text(m)
        got = header_item(text)
        if isinstance(got, str):
            r.error(at, got)
            return None
        found.append(got)
    ep["_headers"] = found
    return []


_DETAILS: dict[str, Callable[[Reader, Item, Any, str], Lines | None]] = {
    "paginated": _paginated,
    "paging": _said("paging"),
    "parameters": _parameters,
    "status": _said("status"),
    "headers": _headers,
    "errors": _errors,
    "envelope": _said("envelope"),
    "wrap": _said("wrap"),
}
