"""An item's ``### heading`` → a new feature, entity, deliverable or milestone.

``### Browse catalog {#browse} (must, M)``: the name, an optional ``{#id}`` and, on
features, markers for priority and size.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..common import Item, complexity_of, pascal, priority_of, split_list, strip_marks
from ..features_lines import feature_hints
from ..lines import entity_hints, entity_marker
from .blocks import Block
from .cursor import Cursor

_ID = re.compile(r"\s*\{#([^}]*)\}\s*")
_MARKERS = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")


def without_id(text: str) -> str:
    return _ID.sub(" ", text)


def split_heading(text: str, markers: bool = True) -> tuple[str, str | None, list[str]]:
    """``'Browse catalog {#browse} (must, M)'`` → ``('Browse catalog', 'browse', ['must', 'M'])``."""
    m = _ID.search(text)
    fid = m.group(1).strip() if m else None
    rest = without_id(text).strip()
    found: list[str] = []
    if markers:
        mm = _MARKERS.search(rest)
        if mm is not None:
            found = split_list(mm.group(1))
            rest = rest[: mm.start()]
    return strip_marks(rest), fid, found


def new_feature(c: Cursor, b: Block) -> Item | None:
    name, fid, markers = split_heading(b.text)
    item: Item = {
        "id": fid,
        "name": name,
        "description": "",
        "priority": None,
        "complexity": None,
        "acceptance_criteria": [],
        "no_endpoint_reason": None,
        "source": c.at(b),
        **feature_hints(),
    }
    for token in markers:
        _feature_marker(c, item, token, b)
    c.draft.features.append(item)
    return item


def _feature_marker(c: Cursor, item: Item, token: str, b: Block) -> None:
    """``must`` is a priority, ``M`` a size; ``medium`` is the priority until one is set."""
    p, size = priority_of(token), complexity_of(token)
    if p is not None and (size is None or (token.lower() == "medium" and item["priority"] is None)):
        item["priority"] = p
    elif size is not None:
        item["complexity"] = size
    else:
        c.error(
            b,
            f"unknown marker '{token}' on feature '{item['name']}'; expected a priority "
            "(must, should, could, high, medium, low) and a size (XS, S, M, L, XL or 1-5)",
        )


def new_entity(c: Cursor, b: Block) -> Item | None:
    """``### Credentials (shape)`` / ``### Profile (no timestamps)`` / ``### Book``."""
    text, _, markers = split_heading(b.text)
    name = pascal(text)
    if not name:
        c.error(b, f"cannot make an entity name of '{b.text}'; use a word like 'Book'")
        return None
    item: Item = {
        "name": name,
        "description": None,
        "fields": [],
        "relationships": [],
        "business_rules": [],
        "unique_constraints": [],
        "source": c.at(b),
        **entity_hints(),
    }
    for token in markers:
        problem = entity_marker(item, token)
        if problem is not None:
            c.error(b, problem)
    c.draft.entities.append(item)
    return item


def new_deliverable(c: Cursor, b: Block) -> Item | None:
    name, did, _ = split_heading(b.text, markers=False)
    item: Item = {
        "id": did,
        "name": name,
        "description": "",
        "features": [],
        "acceptance_criteria": [],
        "tests": [],
        "source": c.at(b),
    }
    c.draft.deliverables.append(item)
    return item


def new_milestone(c: Cursor, b: Block) -> Item | None:
    name, mid, _ = split_heading(b.text, markers=False)
    item: Item = {
        "id": mid,
        "name": name,
        "description": "",
        "deliverables": [],
        "features": [],
        "acceptance_criteria": [],
        "source": c.at(b),
    }
    c.draft.milestones.append(item)
    return item


# The sections whose '###' headings start an item → the item's constructor.
ITEM_HEADINGS: dict[str, Callable[[Cursor, Block], Item | None]] = {
    "features": new_feature,
    "entities": new_entity,
    "deliverables": new_deliverable,
    "milestones": new_milestone,
}
