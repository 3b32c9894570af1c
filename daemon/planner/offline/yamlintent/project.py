"""Project-level keys: name, id, description, version, servers, contact, license, the API
style defaults (``paging``, ``paging_params``, ``envelope``, ``wrap``, ``naming``,
``update_method``; checked by :mod:`..defaults`) and the tech stack. All but the name, id,
description and tech stack may also sit under ``api_info``. Each is set once across all
intent files."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .... import yamlio
from ..draft import put
from .keys import (
    API_INFO_KEYS,
    CONTACT_KEYS,
    LICENSE_KEYS,
    SERVER_KEYS,
    STYLE_KEYS,
    is_text,
    is_texts,
)
from .nodes import Reader


def project(r: Reader, key: str, value: Any, where: str) -> None:
    """One project key (``key`` is the Draft's name for it, e.g. ``project_name``)."""
    plain = yamlio.plain(value)
    shape = _SHAPES.get(key)
    got = shape(r, plain, where) if shape is not None else _text(r, key, plain, where)
    if got is not None:
        put(r.draft.project, key, got, where, r.out)


def _text(r: Reader, key: str, value: Any, where: str) -> str | None:
    if not is_text(value):
        r.error(where, f"{key} must be text")
        return None
    return str(value)


def servers(r: Reader, value: Any, where: str) -> list[dict[str, Any]] | None:
    items = value if isinstance(value, list) else [value]
    out = []
    for s in items:
        server = _server(s)
        if server is None:
            r.error(where, "servers: expected a list of URLs or of {url, description}")
            return None
        out.append(server)
    return out


def _server(s: Any) -> dict[str, Any] | None:
    if isinstance(s, str):
        return {"url": s, "description": None}
    if isinstance(s, dict) and isinstance(s.get("url"), str) and set(s) <= set(SERVER_KEYS):
        return {"url": s["url"], "description": s.get("description")}
    return None


def contact(r: Reader, value: Any, where: str) -> dict[str, Any] | None:
    if isinstance(value, str):
        key = "email" if "@" in value else "url" if "://" in value else "name"
        return {"name": None, "email": None, "url": None, key: value}
    if isinstance(value, dict) and set(value) <= set(CONTACT_KEYS):
        return {k: (str(value[k]) if value.get(k) is not None else None) for k in CONTACT_KEYS}
    r.error(where, "contact: expected text or a mapping with name, email, url")
    return None


def license_(r: Reader, value: Any, where: str) -> dict[str, Any] | None:
    if isinstance(value, str):
        spdx = value if re.fullmatch(r"[A-Za-z0-9.+-]+", value) else None
        return {"name": value, "identifier": spdx, "url": None}
    if (
        isinstance(value, dict)
        and isinstance(value.get("name"), str)
        and set(value) <= set(LICENSE_KEYS)
    ):
        return {
            "name": value["name"],
            "identifier": value.get("identifier"),
            "url": value.get("url"),
        }
    r.error(
        where, "license: expected an SPDX id like 'MIT' or a mapping with name, identifier, url"
    )
    return None


def _as_written(r: Reader, value: Any, where: str) -> Any:
    """An API style default, kept as written: :mod:`..defaults` checks it at its line."""
    return value


_SHAPES: dict[str, Callable[[Reader, Any, str], Any]] = {
    "servers": servers,
    "contact": contact,
    "license": license_,
    **{key: _as_written for key in STYLE_KEYS},
}


def api_info(r: Reader, value: Any, where: str) -> None:
    """``api_info: {version, servers, contact, license, naming, …}``: the same keys, grouped."""
    expected = ", ".join(API_INFO_KEYS)
    if not isinstance(value, dict):
        r.error(where, f"api_info must be a mapping with {expected}")
        return
    for k, v in value.items():
        if k not in API_INFO_KEYS:
            r.error(r.at(value, k), f"unknown key '{k}' in api_info; expected one of {expected}")
        elif v is not None:
            project(r, str(k), v, r.at(value, k))


def tech(r: Reader, value: Any, where: str) -> None:
    """``tech_stack``: frontend, backend and database as text, other as a list."""
    if not isinstance(value, dict):
        r.error(where, "tech_stack must be a mapping with frontend, backend, database, other")
        return
    for k, v in value.items():
        kw = r.at(value, k)
        plain = yamlio.plain(v)
        if k in ("frontend", "backend", "database") and isinstance(plain, str):
            put(r.draft.tech, str(k), plain, kw, r.out)
        elif k == "other" and is_texts(plain):
            put(r.draft.tech, "other", plain, kw, r.out)
        else:
            r.error(
                kw, f"tech_stack {k}: expected frontend, backend, database (text) or other (a list)"
            )
