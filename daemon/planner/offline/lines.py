"""One-line items of the intent convention: fields, relationships, goals, NFRs, env vars,
notes and endpoints. Each parser returns the item (hand-off shaped) or an error message
that says what was expected; the caller adds the ``path:line``.

Keys starting with ``_`` are hints for inference (:mod:`.infer`), never in the hand-off.
Endpoint lines live in :mod:`.endpoint_lines`, ``Manages:`` in :mod:`.features_lines`
(both re-exported here).
"""

from __future__ import annotations

import re

from ...handoff import ENV_RE
from .common import (
    CONSTRAINTS,
    Item,
    camel,
    constraint_of,
    constraint_problem,
    note,
    parse_type,
    pascal,
    split_list,
    split_prose,
    unquote,
)
from .endpoint_lines import ENDPOINT_FORM, METHODS, endpoint_line
from .features_lines import MANAGES_FORM, manages_line

FIELD_FORM = "'- name: type[, required][, unique] — description'"
__all__ = ["ENDPOINT_FORM", "MANAGES_FORM", "METHODS", "endpoint_line", "manages_line"]
_FIELD = re.compile(r"^([A-Za-z_][A-Za-z0-9_ ]*?)\s*:\s*(.+)$")
_SERVER_SET = {"server-set", "server set", "server_set", "read-only", "readonly", "generated"}


def field_line(text: str, entity: str, source: str) -> tuple[Item, list[Item]] | str:
    """``'title: string, required, unique — shown on covers'`` → (field, notes)."""
    head, desc = split_prose(text)
    m = _FIELD.match(head)
    if m is None:
        return (
            f"cannot read '{text}' as a field; expected {FIELD_FORM} "
            "or a relationship like '- has many Book'"
        )
    name = camel(m.group(1))
    parts = split_list(m.group(2))
    ft = parse_type(parts[0]) if parts else "missing type"
    if isinstance(ft, str):
        return ft
    item: Item = {
        "name": name,
        "type": ft.type,
        "of": ft.of,
        "ref": ft.ref,
        "enum_values": ft.enum_values,
        "required": False,
        "unique": False,
        "server_set": False,
        "expand": False,
        "description": desc,
        "source": source,
    }
    notes: list[Item] = []
    target = f"{entity}.{name}"
    if ft.constraint is not None:
        notes.append(note(target, ft.constraint, None, f"declared as {parts[0].strip()}", source))
    for mod in parts[1:]:
        problem = _modifier(mod, item, notes, target, source)
        if problem is not None:
            return problem
    return item, notes


def _modifier(mod: str, item: Item, notes: list[Item], target: str, source: str) -> str | None:
    low = mod.strip().lower()
    if low in ("required", "optional"):
        item["required"] = low == "required"
        return None
    if low == "unique":
        item["unique"] = True
        return None
    if low in _SERVER_SET:
        item["server_set"] = True
        return None
    if low in ("key", "natural key"):
        item["_key"] = True  # the entity's key; inference strips the hint
        item["required"] = True
        return None
    if low in ("expanded", "expand", "embedded"):
        if item["type"] != "ref":
            return (
                f"'expanded' on field '{item['name']}': only a reference can be expanded; "
                "write 'author: ref(Profile), expanded'"
            )
        item["expand"] = True
        return None
    found = constraint_of(mod)
    if found is None:
        return (
            f"unknown modifier '{mod.strip()}' on field '{item['name']}'; expected required, "
            "optional, unique, server-set, key, expanded or a constraint such as 'max length 80'"
        )
    problem = constraint_problem(*found)
    if problem is not None:
        return f"field '{item['name']}': {problem}"
    notes.append(note(target, found[0], found[1], "from the field line", source))
    return None


def entity_hints() -> Item:
    """The inference hints every entity item starts with: a stored resource with timestamps."""
    return {"_kind": "resource", "_timestamps": True}


def entity_marker(item: Item, token: str) -> str | None:
    """``shape`` (a request/response-only object) or ``no timestamps``; else the message."""
    low = " ".join(token.lower().replace("-", " ").split())
    if low in ("shape", "value", "value object", "view"):
        item["_kind"], item["_timestamps"] = "shape", False
    elif low in ("no timestamps", "without timestamps", "untimed"):
        item["_timestamps"] = False
    elif low in ("resource", "stored"):
        item["_kind"] = "resource"
    else:
        return (
            f"unknown marker '{token}' on entity '{item['name']}'; expected shape "
            "(only sent or returned, no id, no CRUD) or no timestamps"
        )
    return None


_REL = re.compile(
    r"^(has many|has one|belongs to|many[ -]to[ -]many|one[ -]to[ -]many|one[ -]to[ -]one|"
    r"has and belongs to many)\s+(.+?)(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?"
    r"(?:\s*\((expand|expanded)\))?\s*$",
    re.IGNORECASE,
)
_REL_KIND = {
    "has many": "one-to-many",
    "one to many": "one-to-many",
    "has one": "one-to-one",
    "one to one": "one-to-one",
    "many to many": "many-to-many",
    "has and belongs to many": "many-to-many",
    "belongs to": "belongs-to",
}
RELATIONSHIP_FORM = (
    "'- has many Book', '- has one Profile', '- belongs to User', '- many to many Tag'"
)


def relationship_line(text: str, source: str) -> Item | None:
    """``'has many Book as titles (expanded)'`` → relationship; None if it is not one."""
    m = _REL.match(unquote(text))
    if m is None:
        return None
    kind = _REL_KIND[m.group(1).lower().replace("-", " ")]
    return {
        "kind": kind,
        "target": pascal(m.group(2)),
        "name": camel(m.group(3)) if m.group(3) else None,
        "expand": m.group(4) is not None,
        "source": source,
    }


_GOAL = re.compile(
    r"^(.*?)\s*(?:—|–|--|;|\(|\|)\s*(?:success )?(?:metric|measured by|kpi)\s*:\s*(.+?)\s*\)?\s*$",
    re.IGNORECASE,
)


def goal_line(text: str, source: str) -> Item:
    m = _GOAL.match(text)
    if m is not None and m.group(1):
        return {"goal": m.group(1).strip(), "metric": m.group(2).strip(), "source": source}
    return {"goal": text.strip(), "metric": None, "source": source}


NFR_WORDS: dict[str, tuple[str, ...]] = {
    "rate_limit": ("rate limit", "rate limits", "rate limiting", "rate-limit", "ratelimit"),
    "throughput": ("throughput", "qps", "rps", "load", "traffic", "scale"),
    "latency": ("latency", "response time", "performance"),
    "availability": ("availability", "uptime", "reliability"),
    "data_residency": ("data residency", "residency", "data location"),
    "pii": ("pii", "privacy", "personal data", "gdpr"),
    "security": ("security",),
    "other": ("other",),
}
_VALUE = re.compile(
    r"(?<![A-Za-z0-9.])\d[\d.,]*\s*(?:%|ms\b|s\b|seconds?\b|minutes?\b|rps\b|qps\b|"
    r"(?:requests?|req|calls?)?\s*(?:/|per)\s*(?:second|minute|hour|day|s|min|h)\b)?",
    re.IGNORECASE,
)


def nfr_line(text: str, source: str) -> Item:
    """``'Rate limit: 100 requests/minute per user'`` → category, statement, value."""
    head, _, rest = text.partition(":")
    category = _category(head) if rest.strip() else None
    statement = rest.strip() if category is not None else text.strip()
    if category is None:
        low = text.lower()
        category = next(
            (c for c, ws in NFR_WORDS.items() if any(w in low for w in ws)),
            "other",
        )
    value = _VALUE.search(statement) if category in _MEASURED else None
    return {
        "category": category,
        "statement": statement,
        "value": value.group(0).strip() if value is not None else None,
        "source": source,
    }


_MEASURED = ("rate_limit", "throughput", "latency", "availability")


def _category(word: str) -> str | None:
    low = word.strip().lower().replace("_", " ").replace("-", " ")
    for cat, ws in NFR_WORDS.items():
        if low in {w.replace("-", " ") for w in ws} or low == cat.replace("_", " "):
            return cat
    return None


def env_line(text: str, source: str) -> Item | str:
    """``'DATABASE_URL: MongoDB connection string (required)'``."""
    t = unquote(text.strip())
    if re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*=", t):
        return "environment variables are listed with a purpose, never a value; write 'NAME: what it is for'"
    name, sep, purpose = t.partition(":")
    if not sep:
        name, purpose = split_prose(t)[0], split_prose(t)[1] or ""
    name = unquote(name.strip())
    if not re.fullmatch(ENV_RE, name):
        return f"'{name}' is not an environment variable name; expected UPPER_SNAKE_CASE, e.g. 'DATABASE_URL: connection string'"
    required = True
    m = re.search(r"\s*\((optional|required)\)\s*$", purpose, re.IGNORECASE)
    if m is not None:
        required = m.group(1).lower() == "required"
        purpose = purpose[: m.start()]
    if not purpose.strip():
        return f"{name}: say what the variable is for, e.g. '{name}: connection string'"
    return {"name": name, "purpose": purpose.strip(), "required": required, "source": source}


NOTE_FORM = "'- Entity.field: constraint [value] — why', e.g. '- Book.isbn: pattern ^97[89][0-9]{10}$ — ISBN-13'"
_NOTE = re.compile(r"^`?([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?`?\s*:\s*(.+)$")


def note_line(text: str, source: str) -> Item | str:
    head, prose = split_prose(text)
    m = _NOTE.match(head.strip())
    if m is None:
        return f"cannot read note '{text}'; expected {NOTE_FORM}"
    target = pascal(m.group(1)) + (f".{camel(m.group(2))}" if m.group(2) else "")
    found = constraint_of(m.group(3))
    if found is None:
        word = m.group(3).split()[0]
        return f"unknown constraint '{word}'; expected one of {', '.join(CONSTRAINTS)}"
    problem = constraint_problem(*found)
    if problem is not None:
        return f"{target}: {problem}"
    return note(target, found[0], found[1], prose or "", source)


ACCESS_FORM = "public, public read or authenticated"
_ACCESS = {
    "public": "public",
    "public read": "public-read",
    "public reads": "public-read",
    "public-read": "public-read",
    "authenticated": "auth",
    "required": "auth",
    "private": "auth",
    "signed in": "auth",
    "auth": "auth",
}


def access_of(value: str) -> str | None:
    return _ACCESS.get(" ".join(value.strip().lower().split()))
