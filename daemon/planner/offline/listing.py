"""How each endpoint lists and wraps: paging style, envelope, wrapper, and its parameters.

The endpoint's own markers win, then its feature's ``Paging:``/``Envelope:``/``Wrap:``
lines, then the project's defaults (:mod:`.defaults`). A paged list carries its paging
controls explicitly (``page``/``pageSize``, ``offset``/``limit``, ``cursor``/``limit``,
renamed by ``paging_params``); a parameter written under the endpoint with the same name
replaces the inferred one and keeps its role. The lists a feature's ``Manages:`` makes take
its ``Filters:`` and ``Sort:``; a filter or sort field that fits none of them is an error at
its line.
"""

from __future__ import annotations

from typing import Any

from .common import Findings, Item, camel, plural, wire
from .defaults import Defaults
from .filters import filter_params, sort_param
from .params import paging_params


def _hint(feature: Item, key: str) -> Any:
    setting = feature.get(key)
    return setting.value if setting is not None else None


def finish(ep: Item, feature: Item, ents: dict[str, Item], s: Defaults, out: Findings) -> None:
    """Fill ``paging``, ``envelope``, ``wrapper`` and ``parameters`` of ``ep``."""
    explicit = ep["parameters"]
    ep["parameters"] = []
    if ep["list"]:
        _list_shape(ep, feature, s)
        if ep["paging"] is not None:
            ep["parameters"] += paging_params(ep["paging"], s.paging_params, s.naming, ep["source"])
        if ep.get("_inferred_list") and ep["entity"] in ents:
            ep["parameters"] += _filters(feature, ents[ep["entity"]], ents, s.naming)
    else:
        ep["paging"], ep["envelope"] = None, None
        ep["wrapper"] = _one_wrapper(ep, feature, s)
    ep["parameters"] += _queries(ep, feature)
    _merge(ep, explicit)


def _queries(ep: Item, feature: Item) -> list[Item]:
    """The feature's ``Query:`` parameters on the GETs it infers (or the ops they name)."""
    if ep["method"] != "GET" or ep["_op"] not in ("list", "get"):
        return []
    return [
        dict(q["param"])
        for q in feature.get("_queries", [])
        if ep["_op"] in (q["ops"] or ("list", "get"))
    ]


def _list_shape(ep: Item, feature: Item, s: Defaults) -> None:
    style = ep["_paging"] or _hint(feature, "_paging") or s.paging
    ep["paging"] = None if style == "none" else style
    envelope, name = _envelope(ep, feature, s)
    ep["envelope"] = envelope
    entity = ep["response"] or ep["entity"]
    ep["wrapper"] = None
    if envelope == "named":
        ep["wrapper"] = name or (wire(camel(plural(entity)), s.naming) if entity else "items")


def _envelope(ep: Item, feature: Item, s: Defaults) -> tuple[str, str | None]:
    """(the envelope of list ``ep``, the wrapper name given for a named one)."""
    fenv = _hint(feature, "_envelope") or (None, None)
    envelope = ep["_envelope"] or fenv[0]
    name = ep["_wrap"] if isinstance(ep["_wrap"], str) else fenv[1]
    wrap = ep["_wrap"] if ep["_wrap"] is not None else _hint(feature, "_wrap")
    if envelope is None and (wrap if wrap is not None else s.wrap):
        envelope = "named"
    if envelope is None:
        envelope = s.envelope if ep["paging"] is not None or s.envelope_set else "bare"
    return envelope, name


def _one_wrapper(ep: Item, feature: Item, s: Defaults) -> str | None:
    """``{article: {…}}`` when the endpoint, its feature or the project wraps objects."""
    wrap = ep["_wrap"]
    if wrap is None:
        wrap = _hint(feature, "_wrap")
    if wrap is None:
        wrap = s.wrap
    if isinstance(wrap, str):
        return wrap
    body = ep["response"] or ep["request"]
    return wire(camel(body), s.naming) if wrap and body else None


def _merge(ep: Item, explicit: list[Item]) -> None:
    """Explicit parameters replace inferred ones of the same name (keeping a paging role)."""
    for p in explicit:
        same = next((q for q in ep["parameters"] if q["name"] == p["name"]), None)
        if same is None:
            ep["parameters"].append(p)
            continue
        role = same["role"] if same["role"] != "other" else p["role"]
        ep["parameters"][ep["parameters"].index(same)] = {**p, "role": role}


def _filters(feature: Item, entity: Item, ents: dict[str, Item], naming: str) -> list[Item]:
    keys = {name: _key_type(e) for name, e in ents.items()}
    out: list[Item] = []
    for term in feature.get("_filters", []):
        got = filter_params(term, entity, keys, naming)
        if got:
            term["_used"] = True
        out += [p for p in got if all(q["name"] != p["name"] for q in out)]
    for item in feature.get("_sort", []):
        param, missing = sort_param(item, entity, naming)
        item.setdefault("_missing", {})[entity["name"]] = missing
        if param is not None and all(q["name"] != "sort" for q in out):
            out.append(param)
    return out


def _key_type(entity: Item) -> str:
    key = entity["key"] or "id"
    field = next((f for f in entity["fields"] if f["name"] == key), None)
    ftype = field["type"] if field is not None else "string"
    return ftype if ftype in ("string", "integer", "number") else "string"


def check_filters(features: list[Item], eps: list[Item], out: Findings) -> None:
    """Every filter and sort field must fit one of its feature's lists."""
    for f in features:
        lists = [e for e in eps if e["feature"] == f["id"] and e.get("_inferred_list")]
        listed = " or ".join(sorted({e["entity"] for e in lists})) or "nothing"
        said: set[str] = set()
        for term in f.get("_filters", []):
            problem = None if term.pop("_used", False) else _filter_problem(term, f, listed)
            if problem is not None and problem not in said:
                said.add(problem)
                out.error(term["source"], problem)
        for item in f.get("_sort", []):
            _check_sort(item, listed, out)


def _check_sort(item: Item, listed: str, out: Findings) -> None:
    """A sort field no list has (in none of the feature's listed entities)."""
    missing = item.pop("_missing", {})
    if missing:
        gone = set.intersection(*(set(m) for m in missing.values()))
    else:
        gone = {v.lstrip("-") for v in item["values"]}
    if gone:
        out.error(
            item["source"],
            f"cannot sort by '{sorted(gone)[0]}': {listed} has no such field; "
            "name fields of the listed entity, e.g. 'Sort: -createdAt, title'",
        )


def _filter_problem(term: Item, feature: Item, listed: str) -> str:
    if listed == "nothing":
        return (
            f"Filters in feature '{feature['name']}': the feature lists nothing; add "
            "'Manages: Entity (list)' or write '- query name: type' under an endpoint"
        )
    if term["kind"] == "range":
        return (
            f"filter '{term['field']} range': {listed} has no date or number field "
            f"'{term['field']}'"
        )
    return (
        f"filter '{term['field']}': {listed} has no field or relationship '{term['field']}'; "
        f"give a parameter its type, e.g. '{term['field']} (string)'"
    )
