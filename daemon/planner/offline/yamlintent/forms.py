"""YAML mappings written as the Markdown one-liners they stand for.

A mapping such as ``{field: createdAt, range: true}`` or ``{name: tag, in: query, type:
string}`` becomes the text a person would write on the Markdown line (``createdAt range``,
``query tag: string``), and the Markdown parser reads it: the two forms of intent cannot
mean different things. Each function takes a mapping already checked by
:meth:`.nodes.Reader.mapping` and returns the text, or a message when the mapping says too
little to make one.
"""

from __future__ import annotations

from typing import Any

from .... import yamlio
from ..common import split_list
from .nodes import scalar_text


def listed(value: Any) -> list[str] | None:
    """``'list, get'`` or ``[list, get]`` → the words; None when neither."""
    plain = yamlio.plain(value)
    if isinstance(plain, str):
        return split_list(plain)
    if isinstance(plain, list) and all(isinstance(x, str) for x in plain):
        return plain
    return None


def ops_text(m: dict[str, Any]) -> str | None:
    """The ``(list, get)`` of an entity entry ('' when it names no operations); None when
    ``ops`` is neither a list nor a comma list."""
    if "ops" not in m:
        return ""
    ops = listed(m["ops"][0])
    if ops is None:
        return None
    return f" ({', '.join(ops)})" if ops else ""


def manages_text(m: dict[str, Any]) -> str | None:
    """``{entity: Comment, under: Article, ops: [list, create]}`` →
    ``Comment under Article (list, create)``."""
    ops = ops_text(m)
    if ops is None:
        return None
    under = f" under {m['under']}" if m.get("under") else ""
    return f"{m['entity']}{under}{ops}"


def verb_text(m: dict[str, Any]) -> str:
    """``{verb: favorite, entity: Article}`` → ``favorite Article``."""
    return f"{m['verb']} {m['entity']}"


FILTER_FORM = (
    "{field: createdAt, range: true}, {field: tagList, as: tag} or "
    "{name: email, type: string, required: true}"
)


def filter_text(m: dict[str, Any]) -> str | None:
    """One filter term: ``{field: tagList, as: tag}`` → ``tagList as tag``; ``{field:
    createdAt, range: true}`` → ``createdAt range``; ``{name: email, type: string}`` →
    ``email (string)``. None when it names neither a field nor a parameter (or both)."""
    field, name = m.get("field"), m.get("name")
    if (field is None) == (name is None):
        return None
    text = str(field if field is not None else name)
    if m.get("range"):
        text += " range"
    if m.get("as"):
        text += f" as {m['as']}"
    mods = [m["type"]] if m.get("type") else []
    if m.get("required"):
        mods.append("required")
    if m.get("default") is not None:
        mods.append(f"default {m['default']}")
    return f"{text} ({', '.join(mods)})" if mods else text


LOCATION_PROBLEM = (
    "parameter '{name}': in '{where}' is not a place for it; write 'in: query' or "
    "'in: header' (path parameters come from the path itself)"
)


def parameter_text(m: dict[str, Any]) -> str | None:
    """``{name: tag, in: query, type: string, required: true, description: …}`` →
    ``query tag: string, required — …`` (the endpoint sub-bullet); None when ``in`` is
    neither query nor header."""
    where = (m.get("in") or "query").strip().lower()
    if where not in ("query", "header"):
        return None
    mods = [_param_type(m)]
    if m.get("required"):
        mods.append("required")
    if m.get("default") is not None:
        mods.append(f"default {m['default']}")
    desc = f" — {m['description']}" if m.get("description") else ""
    return f"{where} {m['name']}: {', '.join(mods)}{desc}"


def _param_type(m: dict[str, Any]) -> str:
    t = str(m.get("type") or ("enum" if m.get("enum_values") else "string"))
    if m.get("enum_values") and t.lower() == "enum":
        return f"enum({', '.join(m['enum_values'])})"
    if m.get("of") and t.lower() in ("array", "list"):
        return f"array({m['of']})"
    return t


def header_text(m: dict[str, Any]) -> str:
    """``{name: X-RateLimit-Remaining, type: integer, description: calls left}`` →
    ``X-RateLimit-Remaining (integer) — calls left``."""
    text = f"{m['name']} ({m['type']})" if m.get("type") else str(m["name"])
    return f"{text} — {m['description']}" if m.get("description") else text


def errors_text(value: Any) -> str | None:
    """``[401, 404]`` or ``'401, 404'`` → ``401, 404``; None for anything else."""
    plain = yamlio.plain(value)
    if isinstance(plain, int | str) and not isinstance(plain, bool):
        return str(plain)
    if isinstance(plain, list) and all(
        isinstance(x, int | str) and not isinstance(x, bool) for x in plain
    ):
        return ", ".join(scalar_text(x) for x in plain)
    return None
