"""``Key: value`` lines inside an item (``Priority: must``, ``Manages: Book``, ``Unique:
title, author``) and bare labels (``Rules:``) that say what the next bullets are."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..common import Item, camel, complexity_of, priority_of, split_list, strip_marks
from ..features_lines import current_line, override, queries_line, signup_line, verbs_line
from ..filters import filters_line, sort_line
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


# 'Paging: cursor   Envelope: named' — two or more spaces before another 'Key:' split a line.
_MORE = re.compile(r"\s{2,}(?=[A-Z][A-Za-z -]{0,30}:\s)")


def directive(c: Cursor, b: Block, keys: dict[str, Setter], strict: bool = False) -> bool:
    """Read ``b`` as a label or a ``Key: value`` of ``keys``; False when it is neither.

    ``strict``: a ``Key: value`` line whose key is unknown is an error (features), not prose.
    """
    m = DIRECTIVE.match(strip_marks(b.text))
    if m is None:
        return False
    key, value = norm(m.group(1)), (m.group(2) or "").strip()
    if not value:
        return label(c, key)
    setter = keys.get(key)
    if setter is None:
        if strict and _looks_like_key(m.group(1)):
            c.error(b, _unknown_key(m.group(1), value, c, keys))
            return True
        return False
    parts = _MORE.split(value) if key in _COMBINABLE else [value]
    setter(c, parts[0].strip(), b)
    for more in parts[1:]:
        directive(c, Block(b.kind, b.level, more, b.line), keys, strict)
    return True


_COMBINABLE = ("paging", "envelope", "wrap")


def _looks_like_key(key: str) -> bool:
    """``Pricing`` or ``Rate plan`` (a capitalised word or two), not a sentence."""
    return key[:1].isupper() and len(key.split()) <= 2


def _unknown_key(key: str, value: str, c: Cursor, keys: dict[str, Setter]) -> str:
    shown = value if len(value) <= 30 else value[:27] + "…"
    name = c.item["name"] if c.item is not None else "?"
    return (
        f"unknown line '{key}: {shown}' in feature '{name}'; expected one of "
        f"{FEATURE_KEY_NAMES} (a description is prose without 'Key:')"
    )


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


def _parsed(key: str, parse: Callable[[str, str], list[Item] | str]) -> Setter:
    """A line whose items join the feature's ``key`` hint list (``Current:``, ``Filters:`` …)."""

    def setter(c: Cursor, value: str, b: Block) -> None:
        assert c.item is not None
        got = parse(value, c.at(b))
        if isinstance(got, str):
            c.error(b, got)
        else:
            c.item[key].extend(got)

    return setter


def _verbs(key: str, what: str) -> Setter:
    return _parsed(key, lambda value, source: verbs_line(value, source, what))


def _override(key: str) -> Setter:
    """``Paging: cursor``, ``Envelope: named``, ``Wrap: yes``: this feature's own defaults."""

    def setter(c: Cursor, value: str, b: Block) -> None:
        assert c.item is not None
        got = override(key, value, c.at(b))
        if isinstance(got, str):
            c.error(b, got)
        else:
            c.item[got[0]] = got[1]

    return setter


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
    "current": _parsed("_current", current_line),
    "toggles": _verbs("_toggles", "toggles"),
    "toggle": _verbs("_toggles", "toggles"),
    "actions": _verbs("_actions", "actions"),
    "action": _verbs("_actions", "actions"),
    "filters": _parsed("_filters", filters_line),
    "filter": _parsed("_filters", filters_line),
    "sort": _parsed("_sort", sort_line),
    "sorted by": _parsed("_sort", sort_line),
    "paging": _override("paging"),
    "envelope": _override("envelope"),
    "wrap": _override("wrap"),
    "query": _parsed("_queries", queries_line),
    "query on get": _parsed("_queries", lambda v, src: queries_line(v, src, "get")),
    "query on list": _parsed("_queries", lambda v, src: queries_line(v, src, "list")),
    "sign up": _parsed("_signup", signup_line),
    "signup": _parsed("_signup", signup_line),
    "register": _parsed("_signup", signup_line),
}
FEATURE_KEY_NAMES = (
    "Priority, Complexity, Manages, Access, Current, Toggles, Actions, Filters, Sort, "
    "Paging, Envelope, Wrap, Query, Query on get, Query on list, Sign-up, No endpoint, Criterion"
)
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
