"""The lines of a feature that make endpoints: ``Manages:`` (with ``under``), ``Current:``,
``Toggles:``, ``Actions:``, ``Sign-up:`` and the per-feature ``Paging:``, ``Envelope:``,
``Wrap:`` overrides. Shared by the Markdown and YAML readers; each parser returns its items
or the message saying what was expected (the caller adds ``path:line``).

The hints a feature item carries for inference (:func:`feature_hints` gives the defaults)::

    "_manages": [{"entity", "ops": [op]|None, "under": Entity|None,
                  "at": path segment|None, "source"}]      # 'DomainRecord under Domain at records'
    "_queries": [{"param": Parameter, "ops": [op]|None, "source"}]   # 'Query on get: x (string)'
    "_current": [{"entity", "ops": [op], "source"}]     # GET/PUT/PATCH /user
    "_toggles": [{"verb", "entity", "source"}]          # POST + DELETE /articles/{slug}/favorite
    "_actions": [{"verb", "entity", "source"}]          # POST /events/{eventId}/publish
    "_filters": [filter term (see .filters)], "_sort": [sort item (see .filters)]
    "_paging": Setting|None, "_envelope": Setting|None, "_wrap": Setting|None
    "_signup": [{"entity", "source"}]                   # that entity's create is public

Ops are ``list get create update replace delete`` (``update`` is PATCH, or POST when the
project says ``update_method: POST``; ``replace`` is PUT).
"""

from __future__ import annotations

import re
from typing import Any

from .common import Item, pascal, split_list
from .draft import Setting
from .endpoint_lines import ENVELOPES, PAGING_WORDS, wrap_value
from .filters import typed_param

_OPS = {
    "list": ("list",),
    "get": ("get",),
    "create": ("create",),
    "update": ("update",),
    "replace": ("replace",),
    "delete": ("delete",),
    "read": ("list", "get"),
    "read-only": ("list", "get"),
    "write": ("create", "update", "delete"),
    "all": ("list", "get", "create", "update", "delete"),
    "crud": ("list", "get", "create", "update", "delete"),
}
OP_WORDS = "list, get, create, update, replace, delete, read, write or all"
MANAGES_FORM = "'Manages: Book, Review (read)' or 'Manages: Comment under Article (list, create)'"
_MANAGED = re.compile(
    r"^([A-Za-z][A-Za-z0-9 _]*?)(?:\s+under\s+([A-Za-z][A-Za-z0-9_]*))?"
    r"(?:\s+at\s+([a-z][a-z0-9_-]*))?\s*(?:\(([^()]*)\))?$"
)


def feature_hints() -> dict[str, Any]:
    """The inference hints every feature item starts with."""
    return {
        "_manages": [],
        "_access": None,
        "_current": [],
        "_toggles": [],
        "_actions": [],
        "_filters": [],
        "_sort": [],
        "_paging": None,
        "_envelope": None,
        "_wrap": None,
        "_signup": [],
        "_queries": [],
    }


def manages_line(value: str, source: str) -> list[Item] | str:
    """``'Book, Comment under Article (list, get)'`` → what a feature manages, with ops."""
    out: list[Item] = []
    for part in split_list(value):
        m = _MANAGED.match(part.strip())
        name = pascal(m.group(1)) if m else ""
        if m is None or not name:
            return f"cannot read '{part}'; expected {MANAGES_FORM}"
        ops = operations(name, m.group(4) or "")
        if isinstance(ops, str):
            return ops
        under = pascal(m.group(2)) if m.group(2) else None
        item = {"entity": name, "ops": ops or None, "under": under, "source": source}
        item["at"] = m.group(3)
        out.append(item)
    return out


def operations(name: str, text: str) -> list[str] | str:
    """``'read, delete'`` → ``['list', 'get', 'delete']``; the message for an unknown one."""
    ops: list[str] = []
    for op in split_list(text):
        if op.lower() not in _OPS:
            return f"unknown operation '{op}' for {name}; expected {OP_WORDS}"
        ops.extend(o for o in _OPS[op.lower()] if o not in ops)
    return ops


CURRENT_FORM = "'Current: User (get, replace)'"
_CURRENT_OPS = ("get", "update", "replace", "delete")


def current_line(value: str, source: str) -> list[Item] | str:
    """``'User (get, replace)'`` → the caller's own record: ``GET /user``, ``PUT /user``."""
    out: list[Item] = []
    for part in split_list(value):
        m = re.match(r"^([A-Za-z][A-Za-z0-9_]*)\s*(?:\(([^()]*)\))?$", part.strip())
        if m is None:
            return f"cannot read '{part}'; expected {CURRENT_FORM}"
        name = pascal(m.group(1))
        ops = operations(name, m.group(2) or "get, update")
        if isinstance(ops, str):
            return ops
        bad = [o for o in ops if o not in _CURRENT_OPS]
        if bad:
            return f"'{bad[0]}' of the current {name}: expected get, update, replace or delete"
        out.append({"entity": name, "ops": ops, "source": source})
    return out


def verbs_line(value: str, source: str, what: str) -> list[Item] | str:
    """``'favorite Article, follow Profile'`` → ``[{verb, entity, source}, …]``."""
    out: list[Item] = []
    for part in split_list(value):
        m = re.match(r"^([a-z][a-z0-9-]*)\s+([A-Z][A-Za-z0-9]*)$", part.strip())
        if m is None:
            return (
                f"cannot read '{part}' in {what}; expected a verb and an entity, "
                f"e.g. '{what.capitalize()}: favorite Article, follow Profile'"
            )
        out.append({"verb": m.group(1), "entity": m.group(2), "source": source})
    return out


QUERY_FORM = "'Query: expand (string[])' or 'Query on get: client_secret (string)'"


def queries_line(value: str, source: str, on: str = "") -> list[Item] | str:
    """``expand (string[])`` → a query parameter on every GET the feature infers (``on``:
    ``'get'``/``'list'`` to limit it to those operations)."""
    ops = operations("the query", on) if on else []
    if isinstance(ops, str):
        return ops
    out: list[Item] = []
    for part in split_list(value):
        m = re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9_.\-]*)\s*\(([^()]*)\)\s*", part)
        if m is None:
            return f"cannot read query parameter '{part}'; expected {QUERY_FORM}"
        got = typed_param(m.group(1), m.group(2), source)
        if isinstance(got, str):
            return got
        out.append({"param": got, "ops": ops or None, "source": source})
    return out


def signup_line(value: str, source: str) -> list[Item] | str:
    """``'Member'`` → creating a Member is public (it is how one signs up)."""
    names = [pascal(n) for n in split_list(value)]
    if not names or not all(names):
        return (
            f"cannot read sign-up '{value}'; expected the entity signing up, e.g. 'Sign-up: Member'"
        )
    return [{"entity": n, "source": source} for n in names]


def paging_value(value: str) -> str | None:
    """``cursor`` → ``'cursor'``; ``none``/``unpaged`` → ``'none'``; None when unknown."""
    return PAGING_WORDS.get(value.strip().lower())


def envelope_value(value: str) -> tuple[str, str | None] | None:
    """``named articles`` → ``('named', 'articles')``; None when unknown."""
    word, _, name = value.strip().partition(" ")
    if word.lower() not in ENVELOPES:
        return None
    return word.lower(), name.strip() or None


def override(key: str, value: str, source: str) -> tuple[str, Setting] | str:
    """A per-feature ``Paging:``/``Envelope:``/``Wrap:`` line → (hint key, Setting) or message."""
    if key == "paging":
        style = paging_value(value)
        if style is None:
            return f"unknown paging '{value}'; expected page, offset, cursor or none"
        return "_paging", Setting(style, source)
    if key == "envelope":
        env = envelope_value(value)
        if env is None:
            return f"unknown envelope '{value}'; expected items, data, 'named <field>' or bare"
        return "_envelope", Setting(env, source)
    got, problem = wrap_value(value)
    if problem is not None:
        return problem
    return "_wrap", Setting(got, source)
