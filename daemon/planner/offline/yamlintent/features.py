"""``features``: each a mapping with a name, markers (priority, complexity), acceptance
criteria (text or ``{text}``), the entities it manages and its access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..common import Item, complexity_of, priority_of
from ..lines import ACCESS_FORM, access_of, manages_line
from .keys import CRITERION_KEYS, FEATURE_KEYS
from .nodes import Reader


def feature(r: Reader, node: Any, where: str) -> Item | None:
    f = r.mapping(node, where, "feature", FEATURE_KEYS)
    if f is None:
        return None
    item: Item = {
        "id": f.get("id"),
        "name": f["name"],
        "description": f.get("description") or "",
        "priority": _marker(
            r, f, "priority", priority_of, "must, should, could (or high, medium, low)"
        ),
        "complexity": _marker(r, f, "complexity", complexity_of, "S, M, L (or XS, XL, 1-5)"),
        "acceptance_criteria": [],
        "no_endpoint_reason": f.get("no_endpoint_reason"),
        "source": f["source"],
        "_manages": [],
        "_access": None,
    }
    if "acceptance_criteria" in f:
        item["acceptance_criteria"] = criteria(r, *f["acceptance_criteria"])
    if "manages" in f:
        _manages(r, item, f["manages"])
    if f.get("access") is not None:
        _access(r, item, f["access"])
    return item


def _marker(
    r: Reader, f: dict[str, Any], key: str, conv: Callable[[str], str | None], expected: str
) -> str | None:
    if f.get(key) is None:
        return None
    value = conv(str(f[key]))
    if value is None:
        r.error(f["source"], f"unknown {key} '{f[key]}'; expected {expected}")
    return value


def criteria(r: Reader, node: Any, where: str) -> list[Item]:
    if not isinstance(node, list):
        r.error(where, "acceptance_criteria: expected a list")
        return []
    out = []
    for i, c in enumerate(node):
        cw = r.at(node, i)
        if isinstance(c, str):
            out.append({"text": c, "source": cw})
            continue
        got = r.mapping(c, cw, "criterion", CRITERION_KEYS)
        if got is not None:
            out.append({"text": got["text"], "source": got["source"]})
    return out


def _manages(r: Reader, item: Item, names: list[str]) -> None:
    got = manages_line(", ".join(names), item["source"])
    if isinstance(got, str):
        r.error(item["source"], got)
    else:
        item["_manages"] = got


def _access(r: Reader, item: Item, value: str) -> None:
    item["_access"] = access_of(value)
    if item["_access"] is None:
        r.error(item["source"], f"unknown access '{value}'; expected {ACCESS_FORM}")
