"""Query and header parameters: the one-line form and the paging controls.

``param_line('tag: string, required, default x — only with this tag', 'query', src)`` reads
one parameter as written under an endpoint (``- query tag: string``) or in YAML; the result
is a hand-off ``Parameter`` as data (role ``other`` unless the caller knows better)::

    {"name", "location": "query"|"header", "type", "of", "enum_values", "required",
     "default", "description", "role", "target", "source"}

:func:`paging_params` makes the explicit paging controls of a paged list (issue 10: the
planner never relies on the compiler inventing them).
"""

from __future__ import annotations

import re

from ...handoff import PARAM_RE, SCALAR_TYPES
from .common import Item, parse_type, split_list, split_prose, unquote, wire

PARAM_FORM = "'- query name: type[, required][, default value] — description'"
_PARAM = re.compile(r"^([A-Za-z][A-Za-z0-9_.\-]*)\s*:\s*(.+)$")
PARAM_TYPES = "string, integer, number, boolean, date, datetime, enum(a, b) or a scalar list"


def param_item(name: str, location: str, ptype: str, role: str, source: str) -> Item:
    """A parameter with nothing but its name, place, type and role."""
    return {
        "name": name,
        "location": location,
        "type": ptype,
        "of": None,
        "enum_values": None,
        "required": False,
        "default": None,
        "description": None,
        "role": role,
        "target": None,
        "source": source,
    }


def param_line(text: str, location: str, source: str) -> Item | str:
    """``'limit: integer, default 20 — at most 100'`` → a parameter, or the message."""
    head, desc = split_prose(text)
    m = _PARAM.match(unquote(head.strip()))
    if m is None:
        return f"cannot read parameter '{text}'; expected {PARAM_FORM}"
    name = m.group(1)
    parts = split_list(m.group(2))
    item = param_item(name, location, "string", "other", source)
    problem = apply_type(item, parts[0] if parts else "")
    if problem is not None:
        return f"parameter '{name}': {problem}"
    for mod in parts[1:]:
        problem = apply_modifier(item, mod)
        if problem is not None:
            return f"parameter '{name}': {problem}"
    item["description"] = desc
    return item


def apply_type(item: Item, text: str) -> str | None:
    """Set ``type``/``of``/``enum_values`` of ``item`` from a type word; the message if bad."""
    ft = parse_type(text)
    if isinstance(ft, str):
        return ft
    if ft.type == "array" and ft.of in SCALAR_TYPES:
        item["type"], item["of"] = "array", ft.of
    elif ft.type == "enum" or ft.type in SCALAR_TYPES:
        item["type"], item["enum_values"] = ft.type, ft.enum_values
    else:
        return f"a parameter cannot be '{text.strip()}'; expected {PARAM_TYPES}"
    return None


def apply_modifier(item: Item, mod: str) -> str | None:
    """``required``, ``optional`` or ``default <value>``; the message for anything else."""
    low = mod.strip().lower()
    if low in ("required", "optional"):
        item["required"] = low == "required"
        return None
    m = re.match(r"(?i)^default\s*[:=]?\s*(.+)$", mod.strip())
    if m is not None:
        item["default"] = unquote(m.group(1))
        return None
    return f"unknown modifier '{mod.strip()}'; expected required, optional or 'default <value>'"


def valid_name(name: str) -> bool:
    return re.fullmatch(PARAM_RE, name) is not None


# --------------------------------------------------------------------------- paging

PAGING_STYLES = ("page", "offset", "cursor")
# Paging style → the controls it takes, each role with its default (camelCase) name.
_CONTROLS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "page": (("page", "page", "integer"), ("page_size", "pageSize", "integer")),
    "offset": (("offset", "offset", "integer"), ("limit", "limit", "integer")),
    "cursor": (("cursor", "cursor", "string"), ("limit", "limit", "integer")),
}
PAGING_PARAM_ROLES = ("page", "page_size", "offset", "limit", "cursor")
_CONTROL_TEXT = {
    "page": "The page to return, from 1.",
    "page_size": "How many items a page holds.",
    "offset": "How many items to skip.",
    "limit": "How many items to return at most.",
    "cursor": "Where the page starts: the cursor the previous page ended with.",
}


def paging_params(style: str, renames: dict[str, str], naming: str, source: str) -> list[Item]:
    """The query parameters of a ``style`` paged list: ``page``/``pageSize``,
    ``offset``/``limit`` or ``cursor``/``limit``, renamed as the project says."""
    out = []
    for role, default_name, ptype in _CONTROLS[style]:
        name = renames.get(role) or wire(default_name, naming)
        item = param_item(name, "query", ptype, role, source)
        item["description"] = _CONTROL_TEXT[role]
        out.append(item)
    return out
