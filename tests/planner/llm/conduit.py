"""A blogging intent and the hand-off a model answers for it, using every issue-10 construct.

Query filters (equals, from/to, search, sort), header parameters, offset, cursor and page paging
with their explicit paging parameters, the four list envelopes, a single-object wrapper, shapes
(request only, response only, and one used both ways), natural keys with a nested route, an
expanded reference, a string list and a map, 201 + Location, 202, 204, a custom error set and a
public login that answers 401. Every ``source`` is looked up in :data:`APP_MD`, so the answer
cites real lines.
"""

from __future__ import annotations

from typing import Any

from .conduit_api import article_endpoints, other_endpoints
from .conduit_intent import APP_MD, at, entities, in_entity

__all__ = ["APP_MD", "answer"]

# --------------------------------------------------------------------------- features


def _feature(fid: str, name: str, heading: str, criteria: list[str]) -> dict[str, Any]:
    return {
        "id": fid,
        "name": name,
        "description": "",
        "priority": heading.split("(")[1].split(",")[0],
        "complexity": heading.split(", ")[-1].rstrip(")"),
        "acceptance_criteria": [
            {"id": f"{fid}.ac{i}", "text": text, "source": at(f"- {text}", heading)}
            for i, text in enumerate(criteria, 1)
        ],
        "no_endpoint_reason": None,
        "source": at(heading),
    }


def features() -> list[dict[str, Any]]:
    return [
        _feature(
            "sign-up-and-log-in",
            "Sign up and log in",
            "### Sign up and log in (must, S)",
            ["A reader signs up with an email, then logs in with a password"],
        ),
        _feature(
            "read-articles",
            "Read articles",
            "### Read articles (must, M)",
            [
                "Anyone lists articles by tag, by author and between two dates",
                "Anyone reads an article with its author's profile",
            ],
        ),
        _feature(
            "write-articles",
            "Write articles",
            "### Write articles (must, M)",
            ["An author publishes, replaces and deletes their own articles"],
        ),
        _feature(
            "comment", "Comment", "### Comment (should, S)", ["A reader comments on an article"]
        ),
        _feature(
            "browse-profiles",
            "Browse profiles",
            "### Browse profiles (could, S)",
            ["Anyone browses the authors' profiles"],
        ),
        _feature(
            "keep-preferences",
            "Keep preferences",
            "### Keep preferences (could, S)",
            ["A reader keeps their reading preferences"],
        ),
    ]


# --------------------------------------------------------------------------- the answer


def answer() -> dict[str, Any]:
    """The planned hand-off the fake model returns (no trace_links: intentd fills them)."""
    return {
        "project_name": "Conduit",
        "intent_id": "conduit",
        "description": "Writers publish articles; readers find them by tag, author and date "
        "and comment on them.",
        "api_info": {
            "version": None,
            "servers": [],
            "contact": None,
            "license": None,
            "naming": "camelCase",
        },
        "business_goals": [],
        "features": features(),
        "entities": entities(),
        "api_surface": other_endpoints()[:2] + article_endpoints() + other_endpoints()[2:],
        "auth_policy": {
            "scheme": "jwt",
            "description": None,
            "features_requiring_auth": ["write-articles", "comment", "keep-preferences"],
            "roles": [],
            "oauth2_authorization_url": None,
            "oauth2_token_url": None,
            "oauth2_scopes": [],
            "api_key_header": None,
            "source": at("- scheme: jwt"),
        },
        "tech_stack": {
            "frontend": "React + TypeScript",
            "backend": "FastAPI",
            "database": "PostgreSQL",
            "other": [],
        },
        "nonfunctional_requirements": [],
        "environment_vars": [],
        "deliverables": [],
        "milestones": [],
        "notes_for_spec": [
            _note("User.email", "email", None, "User", "- email"),
            _note("User.password", "write_only", None, "User", "- password"),
            _note("User.id", "uuid", None, "User", None),
            _note("Comment.id", "uuid", None, "Comment", None),
            _note("Profile.image", "uri", None, "Profile", "- image"),
        ],
    }


def _note(
    target: str, constraint: str, value: str | None, name: str, marker: str | None
) -> dict[str, Any]:
    source = at(f"### {name}", "## Entities") if marker is None else in_entity(name, marker)
    return {
        "target": target,
        "constraint": constraint,
        "value": value,
        "prose": "from the field line",
        "source": source,
    }
