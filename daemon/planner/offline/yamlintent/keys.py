"""The keys each YAML intent mapping takes, and the kind of value each key holds.

One table per mapping, shared by the reader (:mod:`.nodes` checks a mapping against its
table) and by the editor schema (:mod:`..intentschema`), so the two cannot drift. A kind is
``text`` (required text), ``str?`` (optional text), ``bool``, ``int``, ``scalar`` (text, a
number or true/false, kept as text), ``texts`` (a list of text) or ``node`` (read by the
key's own reader).
"""

from __future__ import annotations

from typing import Any

Keys = dict[str, str]

# Top-level keys that set one project-level value → the Draft's project key.
PROJECT_KEYS = {
    "project_name": "project_name",
    "title": "project_name",
    "name": "project_name",
    "intent_id": "intent_id",
    "id": "intent_id",
    "description": "description",
    "version": "version",
    "servers": "servers",
    "contact": "contact",
    "license": "license",
    # API style defaults (issue 10): every endpoint follows them unless it says otherwise.
    "paging": "paging",
    "paging_params": "paging_params",
    "envelope": "envelope",
    "wrap": "wrap",
    "naming": "naming",
    "update_method": "update_method",
}
# The API style keys: allowed at the top level and under ``api_info``.
STYLE_KEYS = ("paging", "paging_params", "envelope", "wrap", "naming", "update_method")
# Top-level keys holding a list of items → the Draft's list.
LIST_KEYS = {
    "business_goals": "goals",
    "goals": "goals",
    "features": "features",
    "entities": "entities",
    "api_surface": "endpoints",
    "endpoints": "endpoints",
    "nonfunctional_requirements": "nfrs",
    "environment_vars": "env",
    "environment": "env",
    "deliverables": "deliverables",
    "milestones": "milestones",
    "notes_for_spec": "notes",
    "notes": "notes",
}
API_INFO_KEYS = ("version", "servers", "contact", "license", *STYLE_KEYS)
AUTH_KEYS = (
    "scheme",
    "description",
    "features_requiring_auth",
    "roles",
    "public",
    "oauth2_authorization_url",
    "oauth2_token_url",
    "oauth2_scopes",
    "api_key_header",
    "source",
)
AUTH_LISTS = ("roles", "public", "oauth2_scopes", "features_requiring_auth")
TOP_KEYS = sorted(
    {*PROJECT_KEYS, *LIST_KEYS, "api_info", "auth", "auth_policy", "roles", "public", "tech_stack"}
)

SERVER_KEYS: Keys = {"url": "text", "description": "str?"}
CONTACT_KEYS: Keys = {"name": "str?", "email": "str?", "url": "str?"}
LICENSE_KEYS: Keys = {"name": "text", "identifier": "str?", "url": "str?"}
TECH_KEYS: Keys = {"frontend": "str?", "backend": "str?", "database": "str?", "other": "texts"}

GOAL_KEYS: Keys = {"goal": "text", "metric": "str?", "source": "str?"}
NFR_KEYS: Keys = {"category": "str?", "statement": "text", "value": "str?", "source": "str?"}
ENV_KEYS: Keys = {"name": "text", "purpose": "text", "required": "bool", "source": "str?"}
NOTE_KEYS: Keys = {
    "target": "text",
    "constraint": "text",
    "value": "str?",
    "prose": "str?",
    "source": "str?",
}
CRITERION_KEYS: Keys = {"id": "str?", "text": "text", "source": "str?"}
RULE_KEYS: Keys = {"text": "text", "source": "str?"}
UNIQUE_KEYS: Keys = {"fields": "texts", "source": "str?"}

FEATURE_KEYS: Keys = {
    "id": "str?",
    "name": "text",
    "description": "str?",
    "priority": "str?",
    "complexity": "str?",
    "acceptance_criteria": "node",
    "no_endpoint_reason": "str?",
    "manages": "node",
    "current": "node",
    "toggles": "node",
    "actions": "node",
    "sign_up": "node",
    "filters": "node",
    "sort": "node",
    "paging": "str?",
    "envelope": "str?",
    "wrap": "scalar",
    "access": "str?",
    "source": "str?",
}
# ``manages`` / ``current`` entries written as mappings; ``ops`` is a list or 'list, get'.
MANAGES_KEYS: Keys = {"entity": "text", "under": "str?", "ops": "node", "source": "str?"}
CURRENT_KEYS: Keys = {"entity": "text", "ops": "node", "source": "str?"}
# ``toggles`` / ``actions`` entries: a verb on an entity ('favorite Article').
VERB_KEYS: Keys = {"verb": "text", "entity": "text", "source": "str?"}
# One ``filters`` term: a field or relation (optionally a range, renamed with ``as``), or a
# named parameter that is not a field, with its type.
FILTER_KEYS: Keys = {
    "field": "str?",
    "name": "str?",
    "as": "str?",
    "range": "bool",
    "type": "str?",
    "required": "bool",
    "default": "scalar",
    "source": "str?",
}
ENTITY_KEYS: Keys = {
    "name": "text",
    "description": "str?",
    "kind": "str?",
    "key": "str?",
    "timestamps": "bool",
    "fields": "node",
    "relationships": "node",
    "business_rules": "node",
    "unique_constraints": "node",
    "source": "str?",
}
FIELD_KEYS: Keys = {
    "name": "text",
    "type": "text",
    "of": "str?",
    "ref": "str?",
    "enum_values": "texts",
    "required": "bool",
    "unique": "bool",
    "server_set": "bool",
    "key": "bool",
    "expand": "bool",
    "description": "str?",
    "source": "str?",
}
RELATIONSHIP_KEYS: Keys = {
    "kind": "text",
    "target": "text",
    "name": "str?",
    "expand": "bool",
    "source": "str?",
}
ENDPOINT_KEYS: Keys = {
    "id": "str?",
    "method": "text",
    "path": "text",
    "summary": "str?",
    "entity": "str?",
    "feature": "str?",
    "auth": "bool",
    "request": "str?",
    "response": "str?",
    "list": "bool",
    "paginated": "bool",
    "paging": "str?",
    "envelope": "str?",
    "wrap": "scalar",
    "parameters": "node",
    "status": "int",
    "headers": "node",
    "errors": "node",
    "deprecated": "bool",
    "source": "str?",
}
PARAMETER_KEYS: Keys = {
    "name": "text",
    "in": "str?",
    "type": "str?",
    "of": "str?",
    "enum_values": "texts",
    "required": "bool",
    "default": "scalar",
    "description": "str?",
    "source": "str?",
}
HEADER_KEYS: Keys = {"name": "text", "type": "str?", "description": "str?"}
DELIVERABLE_KEYS: Keys = {
    "id": "str?",
    "name": "text",
    "description": "str?",
    "features": "texts",
    "acceptance_criteria": "texts",
    "tests": "texts",
    "source": "str?",
}
MILESTONE_KEYS: Keys = {
    "id": "str?",
    "name": "text",
    "description": "str?",
    "deliverables": "texts",
    "features": "texts",
    "acceptance_criteria": "texts",
    "source": "str?",
}


def is_text(value: Any) -> bool:
    """Text as YAML writes it: a string or a number (``version: 1.0``), never a boolean."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def type_problem(kind: str, value: Any) -> str | None:
    """What is wrong with ``value`` for a key of ``kind``; None when it fits."""
    if kind in ("text", "str?"):
        return _text_problem(kind, value)
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "texts":
        return None if is_texts(value) else "expected a list of text"
    if kind == "int":
        return (
            None if isinstance(value, int) and not isinstance(value, bool) else "expected a number"
        )
    if kind == "scalar":
        return (
            None
            if value is None or is_text(value) or isinstance(value, bool)
            else "expected a value"
        )
    return None  # "node": the key's own reader checks it


def _text_problem(kind: str, value: Any) -> str | None:
    if value is None:
        return None if kind == "str?" else "expected text"
    return None if is_text(value) else "expected text"
