"""``Key: value`` lines inside an item (``Priority: must``, ``Manages: Book``, ``Unique:
title, author``) and bare labels (``Rules:``) that say what the next bullets are."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..common import camel, complexity_of, priority_of, split_list, strip_marks
from ..lines import ACCESS_FORM, access_of, manages_line
from .blocks import Block
from .cursor import Cursor, norm

DIRECTIVE = re.compile(r"^([A-Za-z][A-Za-z -]*?)\s*:(?:\s+(.*)|\s*)$")

Setter = Callable[[Cursor, str, Block], None]

# A bare label → what the bullets after it are (the cursor's mode).
_LABELS = {
    "acceptance criteria": "criteria",
    "acceptance": "criteria",
    "criteria": "criteria",
    "fields": "fields",
    "relationships": "relationships",
    "relations": "relationships",
    "rules": "rules",
    "business rules": "rules",
    "unique": "unique",
    "tests": "tests",
    "test expectations": "tests",
    "features": "features",
    "deliverables": "deliverables",
}


def label(c: Cursor, key: str) -> bool:
    """Switch the mode if ``key`` (normalized) is a label."""
    mode = _LABELS.get(key)
    if mode is None:
        return False
    c.mode = mode
    return True


def directive(c: Cursor, b: Block, keys: dict[str, Setter]) -> bool:
    """Read ``b`` as a label or a ``Key: value`` of ``keys``; False when it is neither."""
    m = DIRECTIVE.match(strip_marks(b.text))
    if m is None:
        return False
    key, value = norm(m.group(1)), (m.group(2) or "").strip()
    if not value:
        return label(c, key)
    setter = keys.get(key)
    if setter is None:
        return False
    setter(c, value, b)
    return True


def unique(c: Cursor, value: str, b: Block) -> None:
    """``title, author`` (or ``title + author``) → a unique constraint on the entity."""
    assert c.item is not None
    names = [n for n in re.split(r"[,+&]|\band\b", value.strip("() ")) if n.strip()]
    fields = [camel(n) for n in names]
    if not fields or not all(fields):
        c.error(b, f"cannot read unique constraint '{value}'; expected 'Unique: title, author'")
        return
    c.item["unique_constraints"].append({"fields": fields, "source": c.at(b)})


def _priority(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    p = priority_of(value)
    if p is None:
        c.error(
            b, f"unknown priority '{value}'; expected must, should, could (or high, medium, low)"
        )
    else:
        c.item["priority"] = p


def _complexity(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    size = complexity_of(value)
    if size is None:
        c.error(b, f"unknown complexity '{value}'; expected S, M, L (or XS, XL, 1-5 points)")
    else:
        c.item["complexity"] = size


def _manages(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    got = manages_line(value, c.at(b))
    if isinstance(got, str):
        c.error(b, got)
    else:
        c.item["_manages"].extend(got)


def _access(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    access = access_of(value)
    if access is None:
        c.error(b, f"unknown access '{value}'; expected {ACCESS_FORM}")
    else:
        c.item["_access"] = access


def _no_endpoint(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    c.item["no_endpoint_reason"] = value


def _criterion(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    c.item["acceptance_criteria"].append({"text": value, "source": c.at(b)})


def _rule(c: Cursor, value: str, b: Block) -> None:
    assert c.item is not None
    c.item["business_rules"].append({"text": value, "source": c.at(b)})


def _listing(key: str) -> Setter:
    """``Features: a, b`` → the names join the item's ``key`` list."""

    def setter(c: Cursor, value: str, b: Block) -> None:
        assert c.item is not None
        c.item[key].extend(split_list(value))

    return setter


def _appending(key: str) -> Setter:
    """``Test: …`` / ``Done when: …`` → the text joins the item's ``key`` list."""

    def setter(c: Cursor, value: str, b: Block) -> None:
        assert c.item is not None
        c.item[key].append(value)

    return setter


FEATURE_KEYS: dict[str, Setter] = {
    "priority": _priority,
    "complexity": _complexity,
    "size": _complexity,
    "effort": _complexity,
    "estimate": _complexity,
    "manages": _manages,
    "entities": _manages,
    "resources": _manages,
    "access": _access,
    "auth": _access,
    "no endpoint": _no_endpoint,
    "no endpoints": _no_endpoint,
    "no api": _no_endpoint,
    "acceptance criteria": _criterion,
    "criterion": _criterion,
}
ENTITY_KEYS: dict[str, Setter] = {
    "unique": unique,
    "rule": _rule,
    "rules": _rule,
    "business rule": _rule,
}
DELIVERABLE_KEYS: dict[str, Setter] = {
    "features": _listing("features"),
    "test": _appending("tests"),
    "tests": _appending("tests"),
    "acceptance criteria": _appending("acceptance_criteria"),
    "done when": _appending("acceptance_criteria"),
}
MILESTONE_KEYS: dict[str, Setter] = {
    "features": _listing("features"),
    "deliverables": _listing("deliverables"),
    "acceptance criteria": _appending("acceptance_criteria"),
    "done when": _appending("acceptance_criteria"),
}
