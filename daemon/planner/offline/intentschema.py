"""JSON Schema of YAML intent files exactly as :mod:`.yamlintent` reads them (for editors).

Built from the reader's own key tables (:mod:`.yamlintent.keys`) so the two cannot drift:
every key optional (several files merge), unknown keys rejected, and the one-line string
forms of the Markdown convention accepted wherever the reader accepts them.
"""

from __future__ import annotations

from typing import Any

from .yamlintent import keys as k

_STR: dict[str, Any] = {"type": "string"}
_STRS: dict[str, Any] = {"type": "array", "items": _STR}
_STR_OR_STRS: dict[str, Any] = {"anyOf": [_STR, _STRS]}


def _kind(kind: str) -> dict[str, Any]:
    """The schema of a value of one kind (:mod:`.yamlintent.keys`); ``node``: any."""
    table: dict[str, dict[str, Any]] = {
        "text": {"type": ["string", "number"]},
        "str?": {"type": ["string", "number", "null"]},
        "bool": {"type": "boolean"},
        "texts": _STRS,
    }
    return table.get(kind, {})


def _obj(keys: k.Keys, custom: dict[str, Any] | None = None) -> dict[str, Any]:
    props = {key: (custom or {}).get(key, _kind(kind)) for key, kind in keys.items()}
    return {"type": "object", "additionalProperties": False, "properties": props}


def _list(item: dict[str, Any], one_liner: bool = True) -> dict[str, Any]:
    return {"type": "array", "items": {"anyOf": [_STR, item]} if one_liner else item}


def _entity() -> dict[str, Any]:
    unique = {"anyOf": [_STR, _STRS, _obj(k.UNIQUE_KEYS)]}
    return _obj(
        k.ENTITY_KEYS,
        {
            "fields": _list(_obj(k.FIELD_KEYS)),
            "relationships": _list(_obj(k.RELATIONSHIP_KEYS)),
            "business_rules": _list(_obj(k.RULE_KEYS)),
            "unique_constraints": {"type": "array", "items": unique},
        },
    )


def _auth() -> dict[str, Any]:
    keys = {key: "str?" for key in k.AUTH_KEYS}
    return _obj(keys, {key: _STR_OR_STRS for key in k.AUTH_LISTS})


def _project() -> dict[str, Any]:
    """The project keys with a shape of their own (top level and under ``api_info``)."""
    server = {"anyOf": [_STR, _obj(k.SERVER_KEYS)]}
    return {
        "version": _STR,
        "servers": {"anyOf": [server, {"type": "array", "items": server}]},
        "contact": {"anyOf": [_STR, _obj(k.CONTACT_KEYS)]},
        "license": {"anyOf": [_STR, _obj(k.LICENSE_KEYS)]},
    }


def _lists() -> dict[str, Any]:
    """The Draft's list → the schema of the list (see :data:`.yamlintent.keys.LIST_KEYS`)."""
    criteria = _list(_obj(k.CRITERION_KEYS))
    return {
        "goals": _list(_obj(k.GOAL_KEYS)),
        "features": _list(_obj(k.FEATURE_KEYS, {"acceptance_criteria": criteria}), False),
        "entities": _list(_entity(), False),
        "endpoints": _list(_obj(k.ENDPOINT_KEYS)),
        "nfrs": _list(_obj(k.NFR_KEYS)),
        "env": _list(_obj(k.ENV_KEYS)),
        "deliverables": _list(_obj(k.DELIVERABLE_KEYS), False),
        "milestones": _list(_obj(k.MILESTONE_KEYS), False),
        "notes": _list(_obj(k.NOTE_KEYS)),
    }


def intent_schema() -> dict[str, Any]:
    project = _project()
    lists = _lists()
    props: dict[str, Any] = {key: _STR for key in k.PROJECT_KEYS}
    props.update(project)
    props.update({key: lists[kind] for key, kind in k.LIST_KEYS.items()})
    props["api_info"] = {"type": "object", "additionalProperties": False, "properties": project}
    props["auth"] = {"anyOf": [_STR, _auth()]}
    props["auth_policy"] = _auth()
    props["roles"] = props["public"] = _STR_OR_STRS
    props["tech_stack"] = _obj(k.TECH_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "intentd YAML intent file",
        "type": "object",
        "additionalProperties": False,
        "properties": dict(sorted(props.items())),
    }
