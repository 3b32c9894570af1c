"""One document's view for the diff: lenient reads, ``$ref`` with 3.1 siblings, unstable refs.

A half-valid contract still diffs, so every read here tolerates the wrong shape (a list
where a map belongs reads as empty). Pointers and ref targets come from
:mod:`intentd.openapi.pointer`, so the diff resolves exactly what the lint and validators do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..openapi import pointer
from ..openapi.walk import refs_in


def canon(value: object) -> str:
    """Canonical JSON text: the way values are compared and quoted in messages."""
    return json.dumps(value, sort_keys=True, default=str)


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def strs(value: object) -> set[str]:
    """The strings of a list (``required``, ``tags``); anything else is ignored."""
    return {v for v in as_list(value) if isinstance(v, str)}


def tok(key: Any) -> str:
    """One JSON-pointer segment, escaped as :func:`intentd.openapi.pointer.pointer` does."""
    return pointer.pointer((key,))[2:]


def change_text(old: Any, new: Any, verb: str = "") -> str:
    """How a value changed, for messages: ``'uuid' removed``, ``set to 80``, ``decreased from
    200 to 100`` (never a Python ``None``)."""
    if old is None:
        return f"set to {new!r}" if verb == "set" else f"{new!r} added"
    if new is None:
        return f"unset (was {old!r})" if verb == "unset" else f"{old!r} removed"
    return f"{verb or 'changed'} from {old!r} to {new!r}"


def strip_ext(value: Any) -> Any:
    """``value`` without ``x-`` extensions at any depth: they carry generator metadata."""
    if isinstance(value, dict):
        return {k: strip_ext(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list):
        return [strip_ext(v) for v in value]
    return value


class Document:
    """Internal ``$ref`` resolution over one document."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def target(self, ref: str) -> Any:
        found, node = pointer.target(self.doc, ref)  # external refs: compared as opaque strings
        return node if found else None

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """Follow a ``$ref`` chain; OAS 3.1 siblings of ``$ref`` override the target's keys."""
        ref: str | None = None
        seen: set[str] = set()
        siblings: dict[str, Any] = {}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            nxt = node["$ref"]
            if nxt in seen:
                return {}, nxt  # a $ref that points at itself: nothing to compare
            seen.add(nxt)
            target = self.target(nxt)
            if target is None:
                return node, None
            siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
            ref, node = nxt, target
        if siblings and isinstance(node, dict):
            node = {**node, **siblings}
        return node, ref

    def resolved(self, raw: Any) -> dict[str, Any]:
        """The object ``raw`` stands for, ``{}`` when it is not one."""
        return as_dict(self.deref(raw)[0])

    def flag(self, raw: Any, key: str) -> bool:
        """Whether the object ``raw`` stands for sets ``key: true`` (``readOnly``, …)."""
        node, _ = self.deref(raw)
        return isinstance(node, dict) and node.get(key) is True


@dataclass(frozen=True)
class Operation:
    """One document's view of an operation: its path as written, its Path Item, itself."""

    path: str
    item: dict[str, Any]
    op: dict[str, Any]


def unstable_refs(old: Document, new: Document) -> set[str]:
    """Refs whose target differs between the documents, or reaches one that does."""
    changed, parents = _changed_refs(old, new)
    unstable = set(changed)
    while changed:
        for parent in parents.get(changed.pop(), ()):
            if parent not in unstable:
                unstable.add(parent)
                changed.append(parent)
    return unstable


def _changed_refs(old: Document, new: Document) -> tuple[list[str], dict[str, set[str]]]:
    """Every ref reachable from either document whose target differs, and who refers to whom."""
    parents: dict[str, set[str]] = {}
    changed: list[str] = []
    todo = sorted(refs_in(old.doc) | refs_in(new.doc))
    seen = set(todo)
    while todo:
        ref = todo.pop()
        target_o, target_n = old.target(ref), new.target(ref)
        if target_o != target_n:
            changed.append(ref)
        for child in refs_in(target_o) | refs_in(target_n):
            parents.setdefault(child, set()).add(ref)
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return changed, parents
