"""The keys each YAML intent mapping takes, and the kind of value each key holds.

One table per mapping, shared by the reader (:mod:`.nodes` checks a mapping against its
table) and by the editor schema (:mod:`..intentschema`), so the two cannot drift. A kind is
``text`` (required text), ``str?`` (optional text), ``bool``, ``texts`` (a list of text) or
``node`` (read by the key's own reader).
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
}
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
API_INFO_KEYS = ("version", "servers", "contact", "license")
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
    "manages": "texts",
    "access": "str?",
    "source": "str?",
}
ENTITY_KEYS: Keys = {
    "name": "text",
    "description": "str?",
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
    "deprecated": "bool",
    "source": "str?",
}
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
    return None  # "node": the key's own reader checks it


def _text_problem(kind: str, value: Any) -> str | None:
    if value is None:
        return None if kind == "str?" else "expected text"
    return None if is_text(value) else "expected text"
