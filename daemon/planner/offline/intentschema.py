"""JSON Schema of YAML intent files exactly as :mod:`.yamlintent` reads them (for editors).

Built from the reader's own key tables (:mod:`.yamlintent.keys`) and vocabularies (paging
styles, envelopes, statuses) so the two cannot drift: every key optional (several files
merge), unknown keys rejected, the one-line string forms of the Markdown convention
accepted wherever the reader accepts them, and each key described
(:mod:`.yamlintent.keydocs`).
"""

from __future__ import annotations

from typing import Any

from .defaults import NAMINGS
from .endpoint_lines import ENVELOPES, ERRORS, PAGING_WORDS, SUCCESS
from .params import PAGING_PARAM_ROLES
from .yamlintent import keydocs as d
from .yamlintent import keys as k

Schema = dict[str, Any]
_STR: Schema = {"type": "string"}
_STRS: Schema = {"type": "array", "items": _STR}
_STR_OR_STRS: Schema = {"anyOf": [_STR, _STRS]}
_FIELD_NAME = "[a-z][A-Za-z0-9_]*"


def _kind(kind: str) -> Schema:
    """The schema of a value of one kind (:mod:`.yamlintent.keys`); ``node``: any."""
    table: dict[str, Schema] = {
        "text": {"type": ["string", "number"]},
        "str?": {"type": ["string", "number", "null"]},
        "bool": {"type": "boolean"},
        "int": {"type": "integer"},
        "scalar": {"type": ["string", "number", "boolean", "null"]},
        "texts": _STRS,
    }
    return dict(table.get(kind, {}))


def _obj(keys: k.Keys, custom: Schema | None = None, docs: dict[str, str] | None = None) -> Schema:
    props = {key: dict((custom or {}).get(key, _kind(kind))) for key, kind in keys.items()}
    for key, text in (docs or {}).items():
        if key in props:
            props[key]["description"] = text
    return {"type": "object", "additionalProperties": False, "properties": props}


def _list(item: Schema, one_liner: bool = True) -> Schema:
    return {"type": "array", "items": {"anyOf": [_STR, item]} if one_liner else item}


def _line_or_list(item: Schema | None = None) -> Schema:
    """A Markdown line's text, or a list of entries (text, or ``item`` mappings)."""
    entry = {"anyOf": [_STR, item]} if item is not None else _STR
    return {"anyOf": [_STR, {"type": "array", "items": entry}]}


def _enum(*values: Any) -> Schema:
    return {"enum": list(values)}


def _envelope(named: bool) -> Schema:
    if not named:
        return _enum(*ENVELOPES)
    return {"type": "string", "pattern": f"^({'|'.join(ENVELOPES)})( {_FIELD_NAME})?$"}


def _style(named: bool) -> Schema:
    """The API style keys (project-wide; ``named``: on a feature or endpoint)."""
    return {
        "paging": _enum(*PAGING_WORDS),
        "paging_params": {
            "type": "object",
            "additionalProperties": False,
            "properties": {role: _STR for role in PAGING_PARAM_ROLES},
        },
        "envelope": _envelope(named),
        "wrap": {"type": "boolean"},
        "naming": _enum("camelCase", "snake_case", *NAMINGS),
        "update_method": _enum("PATCH", "POST", "PUT", "patch", "post", "put"),
    }


def _entity() -> Schema:
    unique = {"anyOf": [_STR, _STRS, _obj(k.UNIQUE_KEYS)]}
    return _obj(
        k.ENTITY_KEYS,
        {
            "kind": _enum("resource", "shape"),
            "fields": _list(_obj(k.FIELD_KEYS, docs=d.FIELD)),
            "relationships": _list(_obj(k.RELATIONSHIP_KEYS, docs=d.RELATIONSHIP)),
            "business_rules": _list(_obj(k.RULE_KEYS)),
            "unique_constraints": {"type": "array", "items": unique},
        },
        d.ENTITY,
    )


def _feature() -> Schema:
    ops: Schema = {"anyOf": [_STR, _STRS]}
    entry = {"ops": ops}
    style = _style(named=True)
    return _obj(
        k.FEATURE_KEYS,
        {
            "acceptance_criteria": _list(_obj(k.CRITERION_KEYS)),
            "manages": _line_or_list(_obj(k.MANAGES_KEYS, entry, d.ENTRY)),
            "current": _line_or_list(_obj(k.CURRENT_KEYS, entry, d.ENTRY)),
            "toggles": _line_or_list(_obj(k.VERB_KEYS, docs=d.ENTRY)),
            "actions": _line_or_list(_obj(k.VERB_KEYS, docs=d.ENTRY)),
            "sign_up": _line_or_list(),
            "filters": _line_or_list(_obj(k.FILTER_KEYS, docs=d.FILTER)),
            "sort": _line_or_list(),
            "paging": style["paging"],
            "envelope": style["envelope"],
            "wrap": {"type": ["boolean", "string"]},
        },
        d.FEATURE,
    )


def _endpoint() -> Schema:
    param = _obj(k.PARAMETER_KEYS, {"in": _enum("query", "header")}, d.PARAMETER)
    header = _obj(k.HEADER_KEYS, docs=d.HEADER)
    statuses = {"anyOf": [_STR, {"type": "array", "items": _enum(*ERRORS)}]}
    style = _style(named=True)
    return _obj(
        k.ENDPOINT_KEYS,
        {
            "paging": style["paging"],
            "envelope": style["envelope"],
            "wrap": {
                "anyOf": [{"type": "boolean"}, {"type": "string", "pattern": f"^{_FIELD_NAME}$"}]
            },
            "parameters": _list(param),
            "status": _enum(*SUCCESS),
            "headers": _line_or_list(header),
            "errors": statuses,
        },
        d.ENDPOINT,
    )


def _auth() -> Schema:
    keys = {key: "str?" for key in k.AUTH_KEYS}
    return _obj(keys, {key: _STR_OR_STRS for key in k.AUTH_LISTS})


def _project() -> Schema:
    """The project keys with a shape of their own (top level and under ``api_info``)."""
    server = {"anyOf": [_STR, _obj(k.SERVER_KEYS)]}
    return {
        "version": _STR,
        "servers": {"anyOf": [server, {"type": "array", "items": server}]},
        "contact": {"anyOf": [_STR, _obj(k.CONTACT_KEYS)]},
        "license": {"anyOf": [_STR, _obj(k.LICENSE_KEYS)]},
        **_style(named=False),
    }


def _lists() -> Schema:
    """The Draft's list → the schema of the list (see :data:`.yamlintent.keys.LIST_KEYS`)."""
    return {
        "goals": _list(_obj(k.GOAL_KEYS)),
        "features": _list(_feature(), False),
        "entities": _list(_entity(), False),
        "endpoints": _list(_endpoint()),
        "nfrs": _list(_obj(k.NFR_KEYS)),
        "env": _list(_obj(k.ENV_KEYS)),
        "deliverables": _list(_obj(k.DELIVERABLE_KEYS), False),
        "milestones": _list(_obj(k.MILESTONE_KEYS), False),
        "notes": _list(_obj(k.NOTE_KEYS)),
    }


def _described(props: Schema, docs: dict[str, str]) -> Schema:
    return {
        key: {**value, "description": docs[key]} if key in docs else value
        for key, value in props.items()
    }


def intent_schema() -> Schema:
    project = _project()
    lists = _lists()
    props: Schema = {key: _STR for key in k.PROJECT_KEYS}
    props.update(project)
    props.update({key: lists[kind] for key, kind in k.LIST_KEYS.items()})
    info = {key: project[key] for key in k.API_INFO_KEYS}
    props["api_info"] = {
        "type": "object",
        "additionalProperties": False,
        "properties": _described(info, d.TOP),
    }
    props["auth"] = {"anyOf": [_STR, _auth()]}
    props["auth_policy"] = _auth()
    props["roles"] = props["public"] = _STR_OR_STRS
    props["tech_stack"] = _obj(k.TECH_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "intentd YAML intent file",
        "type": "object",
        "additionalProperties": False,
        "properties": dict(sorted(_described(props, d.TOP).items())),
    }
