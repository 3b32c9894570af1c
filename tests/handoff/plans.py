"""A small valid hand-off as plain data, for the checker tests to break one piece at a time.

Plain data rather than models, so a test edits exactly the key it means (``data["entities"][0]
["fields"].append(...)``) and every item has its own ``source`` line to be found at.
"""

from __future__ import annotations

from typing import Any

from intentd.errors import Finding
from intentd.handoff import Handoff, from_data
from intentd.handoff.checks import Checker, Context

PATH = "plan/handoff.yaml"


def src(line: int) -> str:
    return f"intent/app.md:{line}"


def field(name: str, type_: str = "string", line: int = 20, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "type": type_,
        "of": None,
        "ref": None,
        "enum_values": None,
        "required": False,
        "unique": False,
        "server_set": False,
        "expand": False,
        "description": None,
        "source": src(line),
    }
    return {**data, **extra}


def entity(name: str, fields: list[dict[str, Any]], line: int = 10) -> dict[str, Any]:
    return {
        "name": name,
        "description": None,
        "kind": "resource",
        "key": "id",
        "fields": fields,
        "relationships": [],
        "business_rules": [],
        "unique_constraints": [],
        "source": src(line),
    }


def feature(fid: str, name: str, line: int = 3) -> dict[str, Any]:
    return {
        "id": fid,
        "name": name,
        "description": "",
        "priority": "must",
        "complexity": "S",
        "acceptance_criteria": [{"id": f"{fid}.ac1", "text": "It works.", "source": src(line + 1)}],
        "no_endpoint_reason": None,
        "source": src(line),
    }


def endpoint(eid: str, method: str, path: str, line: int = 30, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": eid,
        "method": method,
        "path": path,
        "summary": eid,
        "entity": "Book",
        "feature": "browse-books",
        "auth": False,
        "request": None,
        "response": "Book",
        "list": False,
        "paging": None,
        "envelope": None,
        "wrapper": None,
        "parameters": [],
        "status": 200,
        "headers": [],
        "errors": [404],
        "deprecated": False,
        "source": src(line),
    }
    if extra.pop("paginated", False):
        extra.setdefault("paging", "page")
        extra.setdefault("envelope", "items")
        extra.setdefault("parameters", [param("page", "page"), param("pageSize", "page_size")])
    return {**data, **extra}


def param(name: str, role: str = "other", line: int = 35, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "location": "query",
        "type": "integer" if role in ("page", "page_size", "offset", "limit") else "string",
        "of": None,
        "enum_values": None,
        "required": False,
        "default": None,
        "description": None,
        "role": role,
        "target": None,
        "source": src(line),
    }
    return {**data, **extra}


def note(target: str, constraint: str, value: str | None, line: int = 40) -> dict[str, Any]:
    return {
        "target": target,
        "constraint": constraint,
        "value": value,
        "prose": "",
        "source": src(line),
    }


def env(name: str, purpose: str, line: int = 50) -> dict[str, Any]:
    return {"name": name, "purpose": purpose, "required": True, "source": src(line)}


def plan() -> dict[str, Any]:
    """A library: books with an author, one feature, two endpoints. It passes every check."""
    book = entity(
        "Book",
        [
            field("id", server_set=True),
            field("title", line=21),
            field("author", "ref", line=22, ref="Author"),
        ],
    )
    author = entity("Author", [field("id", line=26), field("name", line=27)], line=25)
    return {
        "project_name": "Library",
        "intent_id": "library",
        "description": "Books and authors.",
        "api_info": {
            "version": None,
            "servers": [],
            "contact": None,
            "license": None,
            "naming": "camelCase",
        },
        "business_goals": [],
        "features": [feature("browse-books", "Browse books")],
        "entities": [book, author],
        "api_surface": [
            endpoint("list-books", "GET", "/books", list=True, paginated=True),
            endpoint("get-book", "GET", "/books/{id}", line=31),
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
            "frontend": "React",
            "backend": "FastAPI",
            "database": "Postgres",
            "other": [],
        },
        "nonfunctional_requirements": [],
        "environment_vars": [],
        "deliverables": [],
        "milestones": [],
        "notes_for_spec": [],
        "trace_links": {
            "intent_id": "library",
            "intent_hash": "0" * 64,
            "planner": {"backend": "offline", "model": None, "prompt_version": None},
            "spec_suggested_version": None,
            "inputs": [],
        },
    }


def handoff(data: dict[str, Any]) -> Handoff:
    return from_data(data, PATH)


def run(checker: Checker, data: dict[str, Any]) -> list[Finding]:
    """What one checker finds in ``data``, as a list."""
    return list(checker(Context.of(handoff(data), PATH)))


def said(findings: list[Finding]) -> list[tuple[str, str, str]]:
    """(location, message, rule) of each finding: what a test compares."""
    return [(f.location, f.message, f.rule) for f in findings]
