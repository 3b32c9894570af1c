"""Goals, non-functional requirements, environment variables and spec notes: each item a
mapping, or the one line the Markdown convention uses (read by :mod:`..lines`)."""

from __future__ import annotations

from typing import Any

from ..common import Item
from ..lines import env_line, goal_line, nfr_line, note_line
from .keys import ENV_KEYS, GOAL_KEYS, NFR_KEYS, NOTE_KEYS
from .nodes import Reader


def goal(r: Reader, node: Any, where: str) -> Item | None:
    if isinstance(node, str):
        return goal_line(node, where)
    g = r.mapping(node, where, "goal", GOAL_KEYS)
    return (
        None if g is None else {"goal": g["goal"], "metric": g.get("metric"), "source": g["source"]}
    )


def nfr(r: Reader, node: Any, where: str) -> Item | None:
    if isinstance(node, str):
        return nfr_line(node, where)
    n = r.mapping(node, where, "non-functional requirement", NFR_KEYS)
    if n is None:
        return None
    guess = nfr_line(f"{n.get('category') or ''}: {n['statement']}", n["source"])
    return {**guess, "statement": n["statement"], "value": n.get("value", guess["value"])}


def env(r: Reader, node: Any, where: str) -> Item | None:
    if isinstance(node, str):
        return r.ok(env_line(node, where), where)
    e = r.mapping(node, where, "environment variable", ENV_KEYS)
    if e is None:
        return None
    got = env_line(f"{e['name']}: {e['purpose']}", e["source"])
    if isinstance(got, dict):
        got["required"] = e.get("required", True)
    return r.ok(got, where)


def note(r: Reader, node: Any, where: str) -> Item | None:
    if isinstance(node, str):
        return r.ok(note_line(node, where), where)
    n = r.mapping(node, where, "note", NOTE_KEYS)
    if n is None:
        return None
    value = f" {n['value']}" if n.get("value") is not None else ""
    got = note_line(f"{n['target']}: {n['constraint']}{value}", n["source"])
    if isinstance(got, dict):
        got["value"] = n.get("value") if n.get("value") is not None else got["value"]
        got["prose"] = n.get("prose") or ""
    return r.ok(got, n["source"])
