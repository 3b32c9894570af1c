"""Read a hand-off written by intentd 0.1 (before issue 10) as today's model.

0.1 hand-offs said ``paginated`` where today's say ``paging``/``envelope``/``parameters``, and
had no ``status``/``headers``/``errors``, entity ``kind``/``key``, field ``expand`` or
``api_info.naming``. Only the model planner reads the previous hand-off (to keep ids stable),
so the upgrade fills the new keys with what 0.1 compiled: it is context, not a new plan.
Pure: plain data in, plain data out; data that is already current is returned unchanged.
"""

from __future__ import annotations

import copy
import re
from typing import Any

_PATH_PARAM = re.compile(r"\{[^}]+\}")


def upgrade(data: Any) -> Any:
    """``data`` with 0.1's keys translated; anything else is passed through untouched."""
    if not isinstance(data, dict) or not _is_old(data):
        return data
    new = copy.deepcopy(data)
    info = new.get("api_info")
    if isinstance(info, dict):
        info.setdefault("naming", "camelCase")
    for entity in _dicts(new.get("entities")):
        entity.setdefault("kind", "resource")
        entity.setdefault("key", "id")
        for f in _dicts(entity.get("fields")):
            f.setdefault("expand", False)
    for ep in _dicts(new.get("api_surface")):
        _endpoint(ep)
    return new


def _is_old(data: dict[str, Any]) -> bool:
    return any("paginated" in ep for ep in _dicts(data.get("api_surface")))


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _endpoint(ep: dict[str, Any]) -> None:
    paged = bool(ep.pop("paginated", False))
    is_list = bool(ep.get("list"))
    source = ep.get("source")
    ep.setdefault("paging", "page" if paged else None)
    ep.setdefault("envelope", ("items" if paged else "bare") if is_list else None)
    ep.setdefault("wrapper", None)
    ep.setdefault("parameters", _page_params(source) if paged else [])
    method, path = ep.get("method"), str(ep.get("path", ""))
    keyed = _PATH_PARAM.search(path) is not None
    creates = method == "POST" and not keyed
    ep.setdefault("status", 201 if creates else 204 if method == "DELETE" else 200)
    ep.setdefault("headers", [])
    errors = [400] + ([401] if ep.get("auth") else []) + ([404] if keyed else [])
    ep.setdefault("errors", errors)


def _page_params(source: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "location": "query",
            "type": "integer",
            "of": None,
            "enum_values": None,
            "required": False,
            "default": default,
            "description": None,
            "role": role,
            "target": None,
            "source": source,
        }
        for name, role, default in (("page", "page", "1"), ("pageSize", "page_size", "20"))
    ]
