"""Shared components of the compiled contract: problem details, pages, security, servers.

Part of the SpecGenerator (DESIGN.md, "The SpecGenerator"; issue #3 item 1): the RFC 9457
``Problem`` schema and the error responses that use it, the pagination envelope, the security
scheme from ``auth_policy`` and the server list. Pure functions of their arguments.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..handoff import Handoff
from .schemas import component_refs
from .shapes import REF_PREFIX
from .text import clean_text

# uvicorn's (FastAPI's) default address; linters flag localhost and example.com servers.
DEFAULT_SERVER = {"url": "http://127.0.0.1:8000", "description": "Local development server."}
PROBLEM_JSON = "application/problem+json"

# status → (component name, description, title); RFC 9110 reason phrases as problem titles.
ERRORS: dict[str, tuple[str, str, str]] = {
    "400": ("BadRequest", "The request is malformed (syntax, parameters or body).", "Bad Request"),
    "401": ("Unauthorized", "Authentication is missing or invalid.", "Unauthorized"),
    "403": ("Forbidden", "The caller is authenticated but not allowed to do this.", "Forbidden"),
    "404": ("NotFound", "The addressed resource does not exist.", "Not Found"),
    "409": (
        "Conflict",
        "The change conflicts with existing data (a unique value is taken).",
        "Conflict",
    ),
    "410": ("Gone", "The resource existed but is gone for good.", "Gone"),
    "412": (
        "PreconditionFailed",
        "A precondition (If-Match, If-Unmodified-Since) does not hold.",
        "Precondition Failed",
    ),
    "415": (
        "UnsupportedMediaType",
        "The body's media type is not accepted.",
        "Unsupported Media Type",
    ),
    "422": (
        "UnprocessableContent",
        "The body is well-formed but fails validation.",
        "Unprocessable Content",
    ),
    "429": (
        "TooManyRequests",
        "The rate limit is exceeded; retry after the given delay.",
        "Too Many Requests",
    ),
}


# auth_policy.scheme → the name of its security scheme component (none: public API).
SCHEME_NAMES: dict[str, str | None] = {
    "jwt": "bearerAuth",
    "jwt_with_refresh": "bearerAuth",
    "oauth2": "oauth2",
    "api_key": "apiKeyAuth",
    "none": None,
}


def servers(handoff: Handoff) -> list[dict[str, Any]]:
    servers = []
    for server in handoff.api_info.servers:
        url = server.url.rstrip("/") or "/"
        servers.append({"url": url, "description": clean_text(server.description) or "API server."})
    return servers or [dict(DEFAULT_SERVER)]


def reachable(available: dict[str, dict[str, Any]], roots: set[str]) -> set[str]:
    seen: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in available:
            continue
        seen.add(name)
        stack.extend(component_refs(available[name]) - seen)
    return seen


def problem_example(status: str) -> dict[str, Any]:
    _, text, title = ERRORS[status]
    example: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": int(status),
        "detail": text,
    }
    if status == "422":
        example["errors"] = [{"pointer": "/name", "detail": "must not be empty"}]
    return example


def problem_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "An error, as RFC 9457 problem details (application/problem+json).",
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "default": "about:blank",
                "description": "A URI reference that identifies the problem type.",
            },
            "title": {"type": "string", "description": "A short summary of the problem type."},
            "status": {
                "type": "integer",
                "format": "int32",
                "minimum": 100,
                "maximum": 599,
                "description": "The HTTP status code.",
            },
            "detail": {"type": "string", "description": "What went wrong in this occurrence."},
            "instance": {
                "type": "string",
                "format": "uri-reference",
                "description": "A URI reference for this occurrence.",
            },
            "errors": {
                "type": "array",
                "description": "Field-level validation errors (422).",
                "items": {
                    "title": "ProblemFieldError",
                    "type": "object",
                    "properties": {
                        "pointer": {"type": "string", "description": "JSON pointer to the field."},
                        "detail": {"type": "string", "description": "What is wrong with it."},
                    },
                    "required": ["pointer", "detail"],
                },
            },
        },
        "required": ["type", "title", "status"],
        "examples": [problem_example("404")],
    }


def error_response(problem: str, status: str) -> dict[str, Any]:
    _, text, _title = ERRORS[status]
    response: dict[str, Any] = {"description": text}
    if status == "429":
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {"type": "integer", "minimum": 0},
                "example": 30,
            }
        }
    response["content"] = {
        PROBLEM_JSON: {
            "schema": {"$ref": REF_PREFIX + problem},
            "examples": {"default": {"summary": text, "value": problem_example(status)}},
        }
    }
    return response


def security_schemes(handoff: Handoff, name: str | None, used: bool) -> dict[str, Any]:
    if name is None or not used:
        return {}  # an unused scheme is an unused component (no-unused-components)
    policy = handoff.auth_policy
    scheme, text = _SCHEMES.get(policy.scheme, _oauth2)(handoff)
    note = clean_text(policy.description)
    if note:
        text = f"{note}\n\n{text}"
    return {name: {**scheme, "description": text}}


def _jwt(handoff: Handoff) -> tuple[dict[str, Any], str]:
    text = "A JWT access token in `Authorization: Bearer <token>`."
    return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}, text


def _bearer(handoff: Handoff) -> tuple[dict[str, Any], str]:
    refresh = next(
        (ep for ep in handoff.api_surface if "refresh" in ep.id or "refresh" in ep.path),
        None,
    )
    where = f"`{refresh.method} {refresh.path}`" if refresh else "the token refresh endpoint"
    text = (
        "A short-lived JWT access token in `Authorization: Bearer <token>`. When it expires, "
        f"exchange the refresh token at {where} for a new pair."
    )
    return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}, text


def _api_key(handoff: Handoff) -> tuple[dict[str, Any], str]:
    header = handoff.auth_policy.api_key_header or "X-API-Key"
    return {
        "type": "apiKey",
        "in": "header",
        "name": header,
    }, f"An API key in the `{header}` header."


def _oauth2(handoff: Handoff) -> tuple[dict[str, Any], str]:
    return {"type": "oauth2", "flows": oauth_flows(handoff)}, "OAuth 2.0."


_SCHEMES = {"jwt": _jwt, "jwt_with_refresh": _bearer, "api_key": _api_key, "oauth2": _oauth2}


def oauth_flows(handoff: Handoff) -> dict[str, Any]:
    policy = handoff.auth_policy
    # Derived URLs must be URI references: percent-encode a non-ASCII server URL.
    base = quote(servers(handoff)[0]["url"], safe=":/?#[]@!$&'()*+,;=%")
    scopes = {s: f"The '{s}' scope." for s in policy.oauth2_scopes}
    token = policy.oauth2_token_url or f"{base}/oauth/token"
    if policy.oauth2_token_url and not policy.oauth2_authorization_url:
        return {"clientCredentials": {"tokenUrl": token, "scopes": scopes}}
    authorize = policy.oauth2_authorization_url or f"{base}/oauth/authorize"
    return {
        "authorizationCode": {
            "authorizationUrl": authorize,
            "tokenUrl": token,
            "refreshUrl": token,
            "scopes": scopes,
        }
    }
