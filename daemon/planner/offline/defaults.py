"""Project-wide defaults every endpoint follows unless its feature or itself says otherwise:
``paging``, ``paging_params``, ``envelope``, ``wrap``, ``naming`` and ``update_method``
(front matter or YAML top-level keys, stored raw in ``Draft.project`` and checked here,
each problem reported at its line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .common import Findings
from .draft import Draft
from .endpoint_lines import ENVELOPES, PAGING_WORDS
from .params import PAGING_PARAM_ROLES, valid_name

NAMINGS = {
    "camelcase": "camelCase",
    "camel": "camelCase",
    "snake_case": "snake_case",
    "snake": "snake_case",
}


@dataclass
class Defaults:
    paging: str = "page"  # page | offset | cursor | none
    paging_params: dict[str, str] = field(default_factory=dict)
    envelope: str = "items"
    envelope_set: bool = False  # written in the intent (then unpaged lists use it too)
    wrap: bool = False
    naming: str = "camelCase"
    update_method: str = "PATCH"


def defaults(draft: Draft, out: Findings) -> Defaults:
    """The checked defaults; a bad value is reported and the built-in default kept."""
    d = Defaults()
    p = draft.project
    if "paging" in p:
        style = PAGING_WORDS.get(str(p["paging"].value).strip().lower())
        _set(d, "paging", style, p["paging"], out, "page, offset, cursor or none")
    if "envelope" in p:
        env = str(p["envelope"].value).strip().lower()
        d.envelope_set = _set(
            d,
            "envelope",
            env if env in ENVELOPES else None,
            p["envelope"],
            out,
            "items, data, named or bare",
        )
    if "wrap" in p:
        value = p["wrap"].value
        _set(d, "wrap", value if isinstance(value, bool) else None, p["wrap"], out, "true or false")
    if "naming" in p:
        naming = NAMINGS.get(str(p["naming"].value).strip().lower())
        _set(d, "naming", naming, p["naming"], out, "camelCase or snake_case")
    if "update_method" in p:
        method = str(p["update_method"].value).strip().upper()
        ok = method if method in ("PATCH", "POST", "PUT") else None
        _set(d, "update_method", ok, p["update_method"], out, "PATCH, POST or PUT")
    if "paging_params" in p:
        d.paging_params = _renames(p["paging_params"].value, p["paging_params"].source, out)
    return d


def _set(d: Defaults, key: str, value: Any, setting: Any, out: Findings, expected: str) -> bool:
    if value is None:
        out.error(setting.source, f"{key}: '{setting.value}' is not one of {expected}")
        return False
    setattr(d, key, value)
    return True


def _renames(value: Any, source: str, out: Findings) -> dict[str, str]:
    """``{page_size: per_page, cursor: starting_after}`` → checked renames."""
    roles = ", ".join(PAGING_PARAM_ROLES)
    if not isinstance(value, dict):
        out.error(
            source,
            f"paging_params: expected a mapping of {roles} to names, e.g. {{page_size: per_page}}",
        )
        return {}
    renames = {}
    for role, name in value.items():
        if role not in PAGING_PARAM_ROLES:
            out.error(source, f"paging_params: unknown control '{role}'; expected {roles}")
        elif not isinstance(name, str) or not valid_name(name):
            out.error(source, f"paging_params {role}: '{name}' is not a parameter name")
        else:
            renames[str(role)] = name
    return renames
