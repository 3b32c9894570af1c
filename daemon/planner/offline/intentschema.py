"""JSON Schema of YAML intent files exactly as :mod:`.yamlintent` reads them (for editors).

Built from the reader's own key tables so the two cannot drift: every key optional
(several files merge), unknown keys rejected, and the one-line string forms of the
Markdown convention accepted wherever the reader accepts them.
"""

from __future__ import annotations

from typing import Any

from . import yamlintent as y

_STR: dict[str, Any] = {"type": "string"}
_STRS: dict[str, Any] = {"type": "array", "items": _STR}


def _spec(kind: str) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {
        "text": {"type": ["string", "number"]},
        "str?": {"type": ["string", "number", "null"]},
        "bool": {"type": "boolean"},
        "texts": _STRS,
    }
    return table.get(kind, {})


def _obj(keys: dict[str, str], custom: dict[str, Any] | None = None) -> dict[str, Any]:
    props = {k: (custom or {}).get(k, _spec(v)) for k, v in keys.items()}
    return {"type": "object", "additionalProperties": False, "properties": props}


def _list(item: dict[str, Any], one_liner: bool = True) -> dict[str, Any]:
    return {"type": "array", "items": {"anyOf": [_STR, item]} if one_liner else item}


def _entity() -> dict[str, Any]:
    unique = {"anyOf": [_STR, _STRS, _obj({"fields": "texts", "source": "str?"})]}
    return _obj(
        y._ENTITY_KEYS,
        {
            "fields": _list(_obj(y._FIELD_KEYS)),
            "relationships": _list(_obj(y._REL_KEYS)),
            "business_rules": _list(_obj({"text": "text", "source": "str?"})),
            "unique_constraints": {"type": "array", "items": unique},
        },
    )


def _auth() -> dict[str, Any]:
    keys = {k: "str?" for k in y._AUTH_KEYS}
    lists = ("roles", "public", "oauth2_scopes", "features_requiring_auth")
    return _obj(keys, {k: {"anyOf": [_STR, _STRS]} for k in lists})


def intent_schema() -> dict[str, Any]:
    server = {"anyOf": [_STR, _obj({"url": "text", "description": "str?"})]}
    contact = {"anyOf": [_STR, _obj({"name": "str?", "email": "str?", "url": "str?"})]}
    license_ = {"anyOf": [_STR, _obj({"name": "text", "identifier": "str?", "url": "str?"})]}
    project = {
        "version": _STR,
        "servers": {"anyOf": [server, {"type": "array", "items": server}]},
        "contact": contact,
        "license": license_,
    }
    criteria = _list(_obj({"id": "str?", "text": "text", "source": "str?"}))
    lists: dict[str, Any] = {
        "goals": _list(_obj({"goal": "text", "metric": "str?", "source": "str?"})),
        "features": _list(_obj(y._FEATURE_KEYS, {"acceptance_criteria": criteria}), False),
        "entities": _list(_entity(), False),
        "endpoints": _list(_obj(y._ENDPOINT_KEYS)),
        "nfrs": _list(
            _obj({"category": "str?", "statement": "text", "value": "str?", "source": "str?"})
        ),
        "env": _list(
            _obj({"name": "text", "purpose": "text", "required": "bool", "source": "str?"})
        ),
        "deliverables": _list(_obj(y._DELIVERABLE_KEYS), False),
        "milestones": _list(_obj(y._MILESTONE_KEYS), False),
        "notes": _list(
            _obj(
                {
                    "target": "text",
                    "constraint": "text",
                    "value": "str?",
                    "prose": "str?",
                    "source": "str?",
                }
            )
        ),
    }
    props: dict[str, Any] = {k: _STR for k in y._PROJECT}
    props.update(project)
    props.update({k: lists[v] for k, v in y._LISTS.items()})
    props["api_info"] = {"type": "object", "additionalProperties": False, "properties": project}
    props["auth"] = {"anyOf": [_STR, _auth()]}
    props["auth_policy"] = _auth()
    props["roles"] = props["public"] = {"anyOf": [_STR, _STRS]}
    props["tech_stack"] = _obj(
        {"frontend": "str?", "backend": "str?", "database": "str?", "other": "texts"}
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "intentd YAML intent file",
        "type": "object",
        "additionalProperties": False,
        "properties": dict(sorted(props.items())),
    }
