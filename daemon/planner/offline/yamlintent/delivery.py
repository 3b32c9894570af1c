"""``deliverables`` and ``milestones``: mappings naming the features (and deliverables)
they group; inference (:mod:`..infer`) resolves those names."""

from __future__ import annotations

from typing import Any

from ..common import Item
from .keys import DELIVERABLE_KEYS, MILESTONE_KEYS
from .nodes import Reader


def deliverable(r: Reader, node: Any, where: str) -> Item | None:
    d = r.mapping(node, where, "deliverable", DELIVERABLE_KEYS)
    if d is None:
        return None
    return {
        "id": d.get("id"),
        "name": d["name"],
        "description": d.get("description") or "",
        "features": d.get("features") or [],
        "acceptance_criteria": d.get("acceptance_criteria") or [],
        "tests": d.get("tests") or [],
        "source": d["source"],
    }


def milestone(r: Reader, node: Any, where: str) -> Item | None:
    m = r.mapping(node, where, "milestone", MILESTONE_KEYS)
    if m is None:
        return None
    return {
        "id": m.get("id"),
        "name": m["name"],
        "description": m.get("description") or "",
        "deliverables": m.get("deliverables") or [],
        "features": m.get("features") or [],
        "acceptance_criteria": m.get("acceptance_criteria") or [],
        "source": m["source"],
    }
