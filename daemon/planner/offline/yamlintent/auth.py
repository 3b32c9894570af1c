"""``auth`` / ``auth_policy`` (and the top-level ``roles`` and ``public`` shortcuts): a
scheme name, or a mapping whose lists may be written as ``'a, b'``."""

from __future__ import annotations

from typing import Any

from .... import yamlio
from ..common import split_list
from ..draft import put
from .keys import AUTH_KEYS, AUTH_LISTS, is_texts
from .nodes import Reader


def auth(r: Reader, value: Any, where: str) -> None:
    if isinstance(value, str):
        put(r.draft.auth, "scheme", value, where, r.out)
        return
    if not isinstance(value, dict):
        r.error(where, "auth must be a scheme name (e.g. jwt_with_refresh) or a mapping")
        return
    for k, v in value.items():
        _key(r, value, k, v)


def _key(r: Reader, node: dict[Any, Any], k: Any, v: Any) -> None:
    kw = r.at(node, k)
    if k not in AUTH_KEYS:
        r.error(kw, f"unknown key '{k}' in auth; expected one of {', '.join(AUTH_KEYS)}")
        return
    if k == "source" or v is None:
        return
    plain = _value(r, str(k), yamlio.plain(v), kw)
    if plain is not None:
        put(r.draft.auth, str(k), plain, kw, r.out)


def _value(r: Reader, k: str, plain: Any, where: str) -> Any:
    """The checked value (None when reported): a list of names, or text."""
    if k in AUTH_LISTS:
        names = split_list(plain) if isinstance(plain, str) else plain
        if not is_texts(names):
            r.error(where, f"auth {k}: expected a list of names")
            return None
        return names
    if not isinstance(plain, str):
        r.error(where, f"auth {k}: expected text")
        return None
    return plain
