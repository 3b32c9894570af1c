"""Contract findings at the intent line that caused them, with what to write instead.

A compiled contract is derived from the hand-off, and the hand-off from ``intent/``: a problem
the validation finds in the contract was written in the intent. :func:`at_intent` moves each
finding from its JSON pointer to the source line of the plan item the pointer lies under (an
operation's ``x-agent-meta.source``, the endpoint or parameter, the entity or its field) and
says what to change there; the pointer and rule stay in the message for whoever reads the
contract. A finding that no plan item owns stays at ``spec/openapi.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .. import layout
from ..errors import Finding
from ..handoff import Endpoint, Handoff
from ..openapi.pointer import parse_pointer

_PARAM = re.compile(r"\{([^{}]+)\}")
_QUOTED_PATHS = re.compile(r"'(/[^']*)'")

HINTS: dict[str, str] = {
    "no-identical-paths": (
        "two endpoints differ only in their path parameter names; name the parameter the "
        "same in both"
    ),
    "no-ambiguous-paths": (
        "two endpoint paths can match the same request; make a literal segment differ, or "
        "use one parameter position"
    ),
    "path-params": "every {name} in the path must be a parameter the endpoint declares once",
    "path-not-include-query": (
        "a path cannot hold a query string; declare '- query name: type' under the endpoint"
    ),
    "operation-parameters": "a parameter is declared twice; keep one",
}
"""What to change in the intent, by the rule that found the problem."""


def at_intent(findings: Sequence[Finding], h: Handoff, doc: dict[str, Any]) -> list[Finding]:
    """``findings`` (JSON pointers into ``doc``) at the intent lines they come from."""
    return [_moved(f, h, doc) for f in findings]


def _moved(f: Finding, h: Handoff, doc: dict[str, Any]) -> Finding:
    where = source_of(f.location, h, doc, f.message) if f.location.startswith("#") else None
    hint = HINTS.get(f.rule, "")
    text = f.message if not hint else f"{f.message}: {hint}"
    detail = f"{text} [{f.rule or 'contract'} at {f.location}]"
    return Finding(where or layout.SPEC_YAML, detail, f.severity, f.rule)


def source_of(pointer: str, h: Handoff, doc: dict[str, Any], message: str = "") -> str | None:
    """The ``intent/…:N`` an item of the contract comes from, or None."""
    parts = parse_pointer(pointer)
    if len(parts) >= 2 and parts[0] == "paths":
        return _path_source(h, doc, parts[1:], message)
    if len(parts) >= 3 and parts[:2] == ["components", "schemas"]:
        return _schema_source(h, parts[2], parts[3:])
    return None


def _path_source(h: Handoff, doc: dict[str, Any], parts: list[str], message: str) -> str | None:
    path = parts[0]
    if len(parts) == 1:
        # A finding about the path itself (a clash): the later of the endpoints it names.
        named = [p for p in _QUOTED_PATHS.findall(message) if p != path]
        found = _endpoint_at(h, path) or (_endpoint_at(h, named[0]) if named else None)
        return found.source if found is not None else None
    op = ((doc.get("paths") or {}).get(path) or {}).get(parts[1])
    ep = _endpoint_of(h, op)
    if ep is None:
        return _endpoint_source(h, path)
    if len(parts) >= 4 and parts[2] == "parameters" and parts[3].isdigit() and op:
        param = _parameter_source(ep, op, int(parts[3]))
        if param is not None:
            return param
    return ep.source


def _endpoint_at(h: Handoff, path: str) -> Endpoint | None:
    return next((ep for ep in h.api_surface if ep.path == path), None)


def _endpoint_source(h: Handoff, path: str) -> str | None:
    ep = _endpoint_at(h, path)
    return ep.source if ep is not None else None


def _endpoint_of(h: Handoff, op: Any) -> Endpoint | None:
    meta = op.get("x-agent-meta") if isinstance(op, dict) else None
    eid = meta.get("api_surface_id") if isinstance(meta, dict) else None
    return next((ep for ep in h.api_surface if ep.id == eid), None)


def _parameter_source(ep: Endpoint, op: dict[str, Any], index: int) -> str | None:
    params = op.get("parameters") or []
    if index >= len(params) or not isinstance(params[index], dict):
        return None
    name = params[index].get("name")
    found = next((p for p in ep.parameters if p.name == name), None)
    return found.source if found is not None else None


def _schema_source(h: Handoff, schema: str, rest: list[str]) -> str | None:
    # Pet, PetCreate, PetPage…: the longest entity name the schema name starts with.
    owners = [e for e in h.entities if schema.startswith(e.name)]
    if not owners:
        return None
    entity = max(owners, key=lambda e: len(e.name))
    fields = {fld.name: fld.source for fld in entity.fields}
    return next((fields[p] for p in rest if p in fields), entity.source)
