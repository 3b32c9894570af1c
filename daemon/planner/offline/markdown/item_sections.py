"""Sections of ``### items`` (features, entities, deliverables, milestones): under an item,
prose describes it, ``Key: value`` lines set its properties and bullets are its criteria,
fields, relationships, rules or tests (as the last label says)."""

from __future__ import annotations

from ..common import Item
from ..lines import RELATIONSHIP_FORM, field_line, relationship_line
from .blocks import Block
from .cursor import Cursor
from .directives import (
    DELIVERABLE_KEYS,
    ENTITY_KEYS,
    FEATURE_KEYS,
    MILESTONE_KEYS,
    Setter,
    directive,
    unique,
)


def features(c: Cursor, b: Block) -> None:
    item = _item(c, b, "feature", FEATURE_KEYS, strict=True)
    if item is not None:
        item["acceptance_criteria"].append({"text": b.text, "source": c.at(b)})


def entities(c: Cursor, b: Block) -> None:
    item = _item(c, b, "entity", ENTITY_KEYS)
    if item is None:
        return
    if c.mode == "rules":
        item["business_rules"].append({"text": b.text, "source": c.at(b)})
    elif c.mode == "unique":
        unique(c, b.text, b)
    else:
        _entity_bullet(c, item, b)


def _entity_bullet(c: Cursor, entity: Item, b: Block) -> None:
    """A relationship (``has many Book``) or, unless the label said relationships, a field."""
    rel = relationship_line(b.text, c.at(b))
    if rel is not None:
        entity["relationships"].append(rel)
        return
    if c.mode == "relationships":
        c.error(b, f"cannot read relationship '{b.text}'; expected {RELATIONSHIP_FORM}")
        return
    got = field_line(b.text, entity["name"], c.at(b))
    if isinstance(got, str):
        c.error(b, got)
        return
    entity["fields"].append(got[0])
    c.draft.notes.extend(got[1])


def deliverables(c: Cursor, b: Block) -> None:
    item = _item(c, b, "deliverable", DELIVERABLE_KEYS)
    if item is not None:
        item["tests" if c.mode == "tests" else "acceptance_criteria"].append(b.text)


def milestones(c: Cursor, b: Block) -> None:
    item = _item(c, b, "milestone", MILESTONE_KEYS)
    if item is None:
        return
    if c.mode in ("features", "deliverables"):
        item[c.mode].append(b.text.strip())
    else:
        item["acceptance_criteria"].append(b.text)


def _item(
    c: Cursor, b: Block, what: str, keys: dict[str, Setter], strict: bool = False
) -> Item | None:
    """The item a bullet ``b`` belongs to, for the caller to add it to. None when there is
    nothing left to do: ``b`` is outside any item (reported) or a line, which is read here
    as a ``Key: value`` of ``keys``, a label, or else more of the item's description."""
    if c.item is None:
        _outside(c, b, what)
        return None
    if b.kind != "line":
        return c.item
    if not directive(c, b, keys, strict):
        old = c.item["description"] or ""
        c.item["description"] = f"{old} {b.text}".strip()
    return None


def _outside(c: Cursor, b: Block, what: str) -> None:
    if b.kind == "line":
        c.prose_elsewhere(b)
    else:
        c.error(b, f"bullet outside any {what}; start each {what} with a '### Name' heading")
