"""An explicit endpoint: its line ``METHOD /path — summary (markers) {#id}`` and the
indented sub-bullets under it (``query``, ``header``, ``status``, ``headers``, ``errors``,
``envelope``, ``wrap``, ``paging``). Shared by the Markdown and YAML readers.

The endpoint item (keys with ``_`` are hints for inference, never in the hand-off)::

    {"id": str|None, "method", "path", "summary", "entity": str|None, "feature": str|None,
     "_feature_marker": bool,            # the feature came from a (…) marker
     "_auth": bool|None, "_request": "default"|None|Entity, "_response": same,
     "list": bool, "paginated": bool, "deprecated": bool, "source",
     "parameters": [Parameter item (see .params)],
     "_paging": None|"page"|"offset"|"cursor"|"none",  # None: the feature's/project's
     "_envelope": None|"items"|"data"|"named"|"bare", "_wrap": None|bool|wrapper name,
     "_status": None|int, "_headers": None|[{name, type, description}], "_errors": None|[int]}
"""

from __future__ import annotations

import re
from typing import get_args

from ...handoff import HEADER_RE, ErrorStatus, SuccessStatus
from .common import Item, pascal, split_list, split_prose, unquote
from .params import param_line

ENDPOINT_FORM = "'- GET /books/{bookId} — summary (Book, list, public)'"
_ENDPOINT = re.compile(r"^`?([A-Za-z]+)\s+(/[^\s`]*)`?\s*(.*)$")
_ID = re.compile(r"\s*\{#([A-Za-z0-9-]+)\}\s*")
_MARKERS = re.compile(r"\s*\(([^()]*)\)\s*$")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SUCCESS = tuple(int(x) for x in get_args(SuccessStatus))
ERRORS = tuple(int(x) for x in get_args(ErrorStatus))
PAGING_WORDS = {
    "page": "page",
    "paged": "page",
    "paginated": "page",
    "offset": "offset",
    "cursor": "cursor",
    "unpaged": "none",
    "unpaginated": "none",
    "all": "none",
    "none": "none",
}
ENVELOPES = ("items", "data", "named", "bare")
MARKER_WORDS = (
    "an Entity, a feature id, list, page, offset, cursor, unpaged, items, data, named, bare, "
    "a status (200, 201, 202, 204), public, auth, deprecated, no body, 'request: Entity' "
    "or 'response: Entity'"
)


def endpoint_line(text: str, source: str) -> Item | str:
    """``'GET /books/{bookId}/reviews — list reviews (Review, list, public)'``."""
    m = _ENDPOINT.match(text.strip())
    if m is None or m.group(1).upper() not in METHODS:
        return f"cannot read endpoint '{text}'; expected {ENDPOINT_FORM} with a method of {', '.join(METHODS)}"
    method, path, rest = m.group(1).upper(), m.group(2), m.group(3)
    if "?" in path or "#" in path:
        return _query_in_path(path)
    idm = _ID.search(rest)
    rest = _ID.sub(" ", rest).strip() if idm else rest
    item = new_endpoint(method, path, source, idm.group(1) if idm else None)
    mm = _MARKERS.search(rest)
    if mm is not None:
        rest = rest[: mm.start()]
        problem = _endpoint_markers(split_list(mm.group(1)), item)
        if problem is not None:
            return problem
    summary = re.sub(r"^(?:—|–|--|-|:)\s*", "", rest.strip()).strip()
    item["summary"] = summary or f"{method} {path}"
    return item


def new_endpoint(method: str, path: str, source: str, eid: str | None = None) -> Item:
    return {
        "id": eid,
        "method": method,
        "path": path,
        "summary": None,
        "entity": None,
        "feature": None,
        "_feature_marker": False,
        "_auth": None,
        "_request": "default",
        "_response": "default",
        "list": False,
        "paginated": False,
        "deprecated": False,
        "source": source,
        "parameters": [],
        "_paging": None,
        "_envelope": None,
        "_wrap": None,
        "_status": None,
        "_headers": None,
        "_errors": None,
    }


def _query_in_path(path: str) -> str:
    query = re.split(r"[?#]", path, maxsplit=1)[1]
    name = re.split(r"[=&]", query, maxsplit=1)[0] or "tag"
    name = name if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.\-]*", name) else "tag"
    return (
        f"a path cannot hold a query string ('{path}'); declare '- query {name}: string' "
        "indented under the endpoint"
    )


_ENDPOINT_FLAGS = {
    "list": ("list", True),
    "deprecated": ("deprecated", True),
    "public": ("_auth", False),
    "auth": ("_auth", True),
    "authenticated": ("_auth", True),
    "private": ("_auth", True),
}


def _endpoint_markers(tokens: list[str], item: Item) -> str | None:
    """Apply the ``(…)`` markers to ``item``; the message for the first unknown one."""
    for token in tokens:
        if not _endpoint_marker(token, item):
            return (
                f"unknown marker '{token}' on endpoint '{item['method']} {item['path']}'; "
                f"expected {MARKER_WORDS}"
            )
    if item["list"] and item["_paging"] != "none":
        item["paginated"] = True
    return None


def _endpoint_marker(token: str, item: Item) -> bool:
    low = token.lower()
    if low in _ENDPOINT_FLAGS:
        k, v = _ENDPOINT_FLAGS[low]
        item[k] = v
    elif low in PAGING_WORDS:
        item["_paging"] = PAGING_WORDS[low]
        item["list"] = True
    elif low in ENVELOPES:
        item["_envelope"] = low
        item["list"] = True
    elif low.isdigit() and int(low) in SUCCESS:
        item["_status"] = int(low)
    elif low in ("no body", "no request body"):
        item["_request"] = None
    elif _role_marker(token, item):
        pass
    elif re.fullmatch(r"[A-Z][A-Za-z0-9]*", token):
        item["entity"] = token
    elif re.fullmatch(r"#?[a-z][a-z0-9-]*", token):
        item["feature"] = token.lstrip("#")
        item["_feature_marker"] = True
    else:
        return False
    return True


def _role_marker(token: str, item: Item) -> bool:
    """``request: Book``, ``in: none``, ``response: Loan``, ``feature: browse``."""
    key, _, val = token.partition(":")
    role = key.strip().lower()
    if not val or role not in ("request", "in", "response", "out", "feature"):
        return False
    value = val.strip()
    if role == "feature":
        item["feature"] = value
    else:
        slot = "_request" if role in ("request", "in") else "_response"
        item[slot] = None if value.lower() == "none" else pascal(value)
    return True


# --------------------------------------------------------------------------- sub-bullets

SUB_WORDS = "query, header, status, headers, errors, envelope, wrap or paging"
_SUB = re.compile(r"^(query|header|status|headers|errors|envelope|wrap|paging)\b\s*:?\s*(.*)$")


def is_detail(text: str) -> bool:
    """Whether ``text`` reads as an endpoint detail (``query tag: string``, ``status: 202``)."""
    return _SUB.match(unquote(text.strip())) is not None and ":" in text


def apply_sub(ep: Item, text: str, source: str) -> str | None:
    """One sub-bullet under an endpoint (``query tag: string — only this tag``,
    ``status: 202``, ``errors: 401, 404`` …) applied to ``ep``; the message if unreadable."""
    head = unquote(text.strip())
    m = _SUB.match(head)
    if m is None:
        return (
            f"cannot read '{text}' under endpoint '{ep['method']} {ep['path']}'; expected "
            f"one of {SUB_WORDS}, e.g. '- query tag: string' or '- status: 202'"
        )
    kind, rest = m.group(1), m.group(2).strip()
    if kind in ("query", "header"):
        got = param_line(rest, kind, source)
        if isinstance(got, str):
            return got
        ep["parameters"].append(got)
        return None
    return _SETTERS[kind](ep, rest)


def _status(ep: Item, value: str) -> str | None:
    if not value.isdigit() or int(value) not in SUCCESS:
        return f"status '{value}': expected one of {', '.join(map(str, SUCCESS))}"
    ep["_status"] = int(value)
    return None


def _errors(ep: Item, value: str) -> str | None:
    codes = split_list(value)
    bad = [c for c in codes if not c.isdigit() or int(c) not in ERRORS]
    if bad or not codes:
        return f"errors '{value}': expected statuses among {', '.join(map(str, ERRORS))}"
    ep["_errors"] = sorted({int(c) for c in codes})
    return None


def _headers(ep: Item, value: str) -> str | None:
    out = []
    for part in split_list(value):
        got = header_item(part)
        if isinstance(got, str):
            return got
        out.append(got)
    ep["_headers"] = out
    return None


def header_item(text: str) -> Item | str:
    """``'X-RateLimit-Remaining (integer) — calls left'`` → a response header."""
    head, desc = split_prose(text)
    m = re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:\(\s*([a-z-]+)\s*\))?\s*", head)
    if m is None or not re.fullmatch(HEADER_RE, m.group(1)):
        return f"cannot read header '{text}'; expected 'Name' or 'Name (integer)', e.g. 'ETag'"
    htype = m.group(2) or "string"
    if htype not in ("string", "integer", "number", "boolean", "date", "datetime"):
        return f"header '{m.group(1)}': type '{htype}' is not a scalar type"
    return {"name": m.group(1), "type": htype, "description": desc}


def _envelope(ep: Item, value: str) -> str | None:
    word, _, name = value.partition(" ")
    if word.lower() not in ENVELOPES:
        return f"envelope '{value}': expected items, data, 'named <field>' or bare"
    ep["_envelope"] = word.lower()
    ep["list"] = True
    ep["paginated"] = ep["_paging"] != "none"  # as the (named) marker: paged unless unpaged
    if name.strip():
        ep["_wrap"] = name.strip()
    return None


def _wrap(ep: Item, value: str) -> str | None:
    got, problem = wrap_value(value)
    if problem is None:
        ep["_wrap"] = got
    return problem


def wrap_value(value: str) -> tuple[bool | str | None, str | None]:
    """(``True``/``False`` for yes/no, or a wrapper field name; the message if neither)."""
    low = value.strip().lower()
    if low in ("yes", "true", "on"):
        return True, None
    if low in ("no", "false", "off", "none"):
        return False, None
    if re.fullmatch(r"[a-z][A-Za-z0-9_]*", value.strip()):
        return value.strip(), None
    return (
        None,
        f"wrap '{value}': expected yes, no or the wrapping field's name, e.g. 'wrap: article'",
    )


def _paging(ep: Item, value: str) -> str | None:
    style = PAGING_WORDS.get(value.strip().lower())
    if style is None:
        return f"paging '{value}': expected page, offset, cursor or none"
    ep["_paging"] = style
    ep["list"] = True
    ep["paginated"] = style != "none"
    return None


_SETTERS = {
    "status": _status,
    "errors": _errors,
    "headers": _headers,
    "envelope": _envelope,
    "wrap": _wrap,
    "paging": _paging,
}
