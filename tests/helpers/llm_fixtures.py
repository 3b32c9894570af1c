"""Shared data for the model-planner tests: a tiny intent and a valid planned hand-off."""

from __future__ import annotations

import copy
from typing import Any

from intentd.config import StageModel
from intentd.intent import IntentBundle, make_bundle, make_file

FAKE_KEY = "sk-fake-test-KEY-0123456789abcdefXYZ"
KEY_ENV = "INTENTD_TEST_FAKE_KEY"

APP_MD = """\
# Library

A small library catalogue.

## Features
### Browse books (must, S)
Manages: Book (list)
- A reader sees the list of books

## Entities
### Book
- title: string, required
"""

# 1x1 transparent PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def bundle(*, image: bool = False, text: str = APP_MD) -> IntentBundle:
    files = [make_file("intent/app.md", text.encode())]
    if image:
        files.append(make_file("intent/wireframe.png", PNG))
    return make_bundle(files)


def stage(base_url: str, **kw: Any) -> StageModel:
    settings: dict[str, Any] = {
        "backend": "openai",
        "model": "gpt-5-mini",
        "base_url": base_url,
        "api_key_env": KEY_ENV,
        "profile": "openai",
        "timeout": 5.0,
        "retries": 2,
        "repair_attempts": 2,
    }
    settings.update(kw)
    return StageModel.model_validate(settings)


_GOOD: dict[str, Any] = {
    "project_name": "Library",
    "intent_id": "library",
    "description": "A small library catalogue.",
    "api_info": {
        "version": None,
        "servers": [],
        "contact": None,
        "license": None,
        "naming": "camelCase",
    },
    "business_goals": [],
    "features": [
        {
            "id": "browse-books",
            "name": "Browse books",
            "description": "Readers browse the catalogue.",
            "priority": "must",
            "complexity": "S",
            "acceptance_criteria": [
                {
                    "id": "browse-books.ac1",
                    "text": "A reader sees the list of books",
                    "source": "intent/app.md:8",
                }
            ],
            "no_endpoint_reason": None,
            "source": "intent/app.md:6",
        }
    ],
    "entities": [
        {
            "name": "Book",
            "description": None,
            "kind": "resource",
            "key": "id",
            "fields": [
                {
                    "name": "title",
                    "type": "string",
                    "of": None,
                    "ref": None,
                    "enum_values": None,
                    "required": True,
                    "unique": False,
                    "server_set": False,
                    "expand": False,
                    "description": None,
                    "source": "intent/app.md:12",
                }
            ],
            "relationships": [],
            "business_rules": [],
            "unique_constraints": [],
            "source": "intent/app.md:11",
        }
    ],
    "api_surface": [
        {
            "id": "list-books",
            "method": "GET",
            "path": "/books",
            "summary": "List books",
            "entity": "Book",
            "feature": "browse-books",
            "auth": False,
            "request": None,
            "response": "Book",
            "list": True,
            "paging": "page",
            "envelope": "items",
            "wrapper": None,
            "parameters": [
                {
                    "name": name,
                    "location": "query",
                    "type": "integer",
                    "of": None,
                    "enum_values": None,
                    "required": False,
                    "default": default,
                    "description": None,
                    "role": role,
                    "target": None,
                    "source": "intent/app.md:7",
                }
                for name, role, default in (("page", "page", "1"), ("pageSize", "page_size", "20"))
            ],
            "status": 200,
            "headers": [],
            "errors": [400],
            "deprecated": False,
            "source": "intent/app.md:7",
        }
    ],
    "auth_policy": {
        "scheme": "none",
        "description": None,
        "features_requiring_auth": [],
        "roles": [],
        "oauth2_authorization_url": None,
        "oauth2_token_url": None,
        "oauth2_scopes": [],
        "api_key_header": None,
        "source": None,
    },
    "tech_stack": {
        "frontend": "React + TypeScript",
        "backend": "FastAPI",
        "database": "MongoDB",
        "other": [],
    },
    "nonfunctional_requirements": [],
    "environment_vars": [],
    "deliverables": [],
    "milestones": [],
    "notes_for_spec": [],
}


def good() -> dict[str, Any]:
    return copy.deepcopy(_GOOD)


def semantically_bad() -> dict[str, Any]:
    """Shape-valid, but the endpoint names an entity that does not exist."""
    data = good()
    data["api_surface"][0]["entity"] = "Volume"
    return data


def schema_bad() -> dict[str, Any]:
    data = good()
    data["features"][0]["priority"] = "urgent"
    return data
