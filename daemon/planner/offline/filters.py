"""``Filters:`` and ``Sort:`` of a feature → the query parameters of its lists.

Reading (:func:`filters_line`, :func:`sort_line`) needs no entity; each term is resolved
against the listed entity later (:func:`filter_params`, :func:`sort_param`), when fields
and relationships are known. A filter term (the item the readers keep)::

    {"field": str,            # as written: 'tagList', 'author', 'createdAt', 'search'
     "kind": "equals"|"range"|"search"|"other",
     "name": str|None,        # 'X as name' renames the parameter
     "param": Parameter|None, # 'email (string, required)': a typed parameter, role other
     "source": str}

A sort item: ``{"values": ['-createdAt', 'title'], "source"}``; the parameter ``sort`` takes
each field ascending and descending (``-``), its default the first value as written.
"""

from __future__ import annotations

import re

from .common import Item, camel, split_list, wire
from .params import apply_modifier, apply_type, param_item

FILTERS_FORM = "'Filters: tagList as tag, author, createdAt range, search, email (string)'"
_TERM = re.compile(
    r"^([A-Za-z][A-Za-z0-9_ ]*?)(\s+range)?(?:\s+as\s+([A-Za-z][A-Za-z0-9_]*))?"
    r"(?:\s*\(([^()]*)\))?(?:\s+as\s+([A-Za-z][A-Za-z0-9_]*))?$"
)
_RANGE_TYPES = ("date", "datetime", "number", "integer")


def filters_line(value: str, source: str) -> list[Item] | str:
    """``'tagList as tag, createdAt range, search'`` → filter terms, or the message."""
    out: list[Item] = []
    for part in split_list(value):
        m = _TERM.match(part.strip())
        if m is None:
            return f"cannot read filter '{part}'; expected {FILTERS_FORM}"
        field, rng, typed = m.group(1).strip(), m.group(2), m.group(4)
        name = m.group(3) or m.group(5)
        term: Item = {
            "field": camel(field),
            "kind": "range" if rng else "equals",
            "name": name,
            "param": None,
            "source": source,
        }
        if field.lower() in ("search", "q", "query") and not typed:
            term["kind"] = "search"
        if typed is not None:
            got = typed_param(name or field, typed, source)
            if isinstance(got, str):
                return got
            term["kind"], term["param"] = "other", got
        out.append(term)
    return out


def typed_param(name: str, spec: str, source: str) -> Item | str:
    """``email (string, required, default x)`` → a parameter of role other."""
    parts = split_list(spec)
    item = param_item(name, "query", "string", "other", source)
    problem = apply_type(item, parts[0] if parts else "")
    for mod in parts[1:]:
        problem = problem or apply_modifier(item, mod)
    return f"parameter '{name}': {problem}" if problem else item


def sort_line(value: str, source: str) -> list[Item] | str:
    """``'-createdAt, title'`` → one sort item."""
    values = []
    for part in split_list(value):
        m = re.fullmatch(r"\s*(-?)\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*", part)
        if m is None:
            return f"cannot read sort field '{part}'; expected 'Sort: -createdAt, title'"
        values.append(m.group(1) + camel(m.group(2)))
    if not values:
        return "Sort: name the fields a list may be sorted by, e.g. 'Sort: -createdAt, title'"
    return [{"values": values, "source": source}]


# --------------------------------------------------------------------------- resolving


def filter_params(term: Item, entity: Item, keys: dict[str, str], naming: str) -> list[Item]:
    """The parameters ``term`` gives on a list of ``entity`` (empty when it does not apply).

    ``keys`` maps entity name → its key field's type (``string`` for slug or id).
    """
    if term["kind"] == "search":
        p = param_item(term["name"] or "q", "query", "string", "search", term["source"])
        p["description"] = "Full-text search."
        return [p]
    if term["kind"] == "other":
        return [{**term["param"], "name": wire(term["param"]["name"], naming)}]
    field = _field(entity, term["field"])
    if field is not None:
        return _field_params(term, entity["name"], field, keys, naming)
    rel = next((r for r in entity["relationships"] if r["name"] == term["field"]), None)
    if rel is None or term["kind"] == "range":
        return []
    p = param_item(
        wire(term["name"] or rel["name"], naming), "query", "string", "equals", term["source"]
    )
    p["target"] = f"{entity['name']}.{rel['name']}"
    p["description"] = f"Only those with this {camel(rel['target'])}."
    return [p]


def _field(entity: Item, name: str) -> Item | None:
    return next(
        (f for f in entity["fields"] if f["name"] in (name, wire(name, "snake_case"))), None
    )


def _field_params(
    term: Item, entity: str, field: Item, keys: dict[str, str], naming: str
) -> list[Item]:
    base = wire(term["name"] or field["name"], naming)
    target = f"{entity}.{field['name']}"
    if term["kind"] == "range":
        if field["type"] not in _RANGE_TYPES:
            return []
        ends = (("from", "From", "at or after"), ("to", "To", "at or before"))
        out = []
        for role, suffix, words in ends:
            p = param_item(
                wire(camel(f"{base} {suffix}"), naming),
                "query",
                field["type"],
                role,
                term["source"],
            )
            p["target"], p["description"] = target, f"Only those with {field['name']} {words} this."
            out.append(p)
        return out
    ptype = _equals_type(field, keys)
    if ptype is None:
        return []
    p = param_item(base, "query", ptype[0], "equals", term["source"])
    p["enum_values"], p["target"] = ptype[1], target
    p["description"] = f"Only those with this {field['name']}."
    return [p]


def _equals_type(field: Item, keys: dict[str, str]) -> tuple[str, list[str] | None] | None:
    """The parameter type filtering on ``field`` by equality; None for objects and maps."""
    ftype = field["type"]
    if ftype == "enum":
        return "enum", field["enum_values"]
    if ftype == "ref":
        return keys.get(field["ref"], "string"), None
    if ftype == "array":
        of = field["of"]
        return (of, None) if of in _SCALARS else (keys.get(of, "string"), None)
    if ftype in _SCALARS:
        return ftype, None
    return None


_SCALARS = ("string", "number", "integer", "boolean", "date", "datetime")


def sort_param(item: Item, entity: Item, naming: str) -> tuple[Item | None, list[str]]:
    """(the ``sort`` parameter on a list of ``entity``, the sort fields it does not have)."""
    names = {f["name"] for f in entity["fields"]}
    values: list[str] = []
    missing = []
    for v in item["values"]:
        field = wire(v.lstrip("-"), naming)
        if field not in names:
            missing.append(v.lstrip("-"))
            continue
        values.extend(x for x in (field, f"-{field}") if x not in values)
    if not values:
        return None, missing
    p = param_item("sort", "query", "enum", "sort", item["source"])
    p["enum_values"] = values
    first = item["values"][0]
    p["default"] = ("-" if first.startswith("-") else "") + wire(first.lstrip("-"), naming)
    p["description"] = "Order of the list; '-' sorts descending."
    return p, missing
