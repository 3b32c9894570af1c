"""The planned endpoints of :mod:`.conduit`: filters, header parameters, three paging styles
with their explicit controls, four envelopes, a wrapper, 201/202/204 and a public login."""

from __future__ import annotations

from typing import Any

from .conduit_intent import at

# --------------------------------------------------------------------------- endpoints


def param(name: str, role: str, source: str, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": name,
        "location": "query",
        "type": "string",
        "of": None,
        "enum_values": None,
        "required": False,
        "default": None,
        "description": None,
        "role": role,
        "target": None,
        "source": source,
    }
    out.update(kw)
    return out


def header(name: str, type_: str = "string") -> dict[str, Any]:
    return {"name": name, "type": type_, "description": None}


def endpoint(eid: str, method: str, path: str, source: str, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": eid,
        "method": method,
        "path": path,
        "summary": eid.replace("-", " ").capitalize(),
        "entity": None,
        "feature": "",
        "auth": True,
        "request": None,
        "response": None,
        "list": False,
        "paging": None,
        "envelope": None,
        "wrapper": None,
        "parameters": [],
        "status": 200,
        "headers": [],
        "errors": [400],
        "deprecated": False,
        "source": source,
    }
    out.update(kw)
    return out


_READ = "### Read articles (must, M)"
_FEED = "- GET /articles/feed"


def _filters() -> list[dict[str, Any]]:
    line = at("Filters:", _READ)
    return [
        param("tag", "equals", line, target="Article.tagList"),
        param("author", "equals", line, target="Article.author"),
        param("createdAtFrom", "from", line, type="datetime", target="Article.createdAt"),
        param("createdAtTo", "to", line, type="datetime", target="Article.createdAt"),
        param("q", "search", line, description="Full-text search."),
        param(
            "sort",
            "sort",
            at("Sort:", _READ),
            type="enum",
            enum_values=["createdAt", "-createdAt", "title", "-title"],
            default="-createdAt",
        ),
    ]


def article_endpoints() -> list[dict[str, Any]]:
    manages_read, manages_write = at("Manages: Article", _READ), at("Manages: Article (create")
    common = {"entity": "Article", "response": "Article"}
    read = {**common, "feature": "read-articles", "auth": False}
    write = {**common, "feature": "write-articles", "request": "Article", "wrapper": "article"}
    return [
        endpoint(
            "list-articles",
            "GET",
            "/articles",
            manages_read,
            **read,
            list=True,
            paging="offset",
            envelope="named",
            wrapper="articles",
            parameters=[
                *_filters(),
                param("offset", "offset", manages_read, type="integer"),
                param("limit", "limit", manages_read, type="integer", default="20"),
            ],
        ),
        endpoint(
            "get-article",
            "GET",
            "/articles/{slug}",
            at("- GET /articles/{slug}"),
            **read,
            wrapper="article",
            headers=[header("ETag")],
            errors=[400, 404],
        ),
        endpoint(
            "list-feed",
            "GET",
            "/articles/feed",
            at(_FEED),
            **common,
            feature="read-articles",
            list=True,
            paging="cursor",
            envelope="bare",
            parameters=[
                param("starting_after", "cursor", at("starting_after", _FEED)),
                param("limit", "limit", at("query limit", _FEED), type="integer", default="20"),
            ],
            errors=[400, 401],
        ),
        endpoint(
            "create-article",
            "POST",
            "/articles",
            at("- POST /articles —"),
            **write,
            parameters=[
                param(
                    "Idempotency-Key",
                    "other",
                    at("Idempotency-Key"),
                    location="header",
                    required=True,
                    description="Safe retries.",
                )
            ],
            status=201,
            headers=[header("Location")],
            errors=[400, 401, 409],
        ),
        endpoint(
            "replace-article",
            "PUT",
            "/articles/{slug}",
            at("- PUT /articles/{slug}"),
            **write,
            parameters=[
                param(
                    "If-Match",
                    "other",
                    at("If-Match"),
                    location="header",
                    required=True,
                    description="The ETag read last.",
                )
            ],
            headers=[header("ETag")],
            errors=[400, 401, 403, 404, 412],
        ),
        endpoint(
            "delete-article",
            "DELETE",
            "/articles/{slug}",
            manages_write,
            entity="Article",
            feature="write-articles",
            status=204,
            errors=[400, 401, 403, 404],
        ),
        endpoint(
            "export-article",
            "POST",
            "/articles/{slug}/export",
            at("- POST /articles/{slug}/export"),
            entity="Article",
            feature="write-articles",
            status=202,
            errors=[401, 404, 410],
        ),
    ]


def other_endpoints() -> list[dict[str, Any]]:
    comments = at("Manages: Comment under Article")
    profiles = at("Manages: Profile")
    signup = at("Manages: User")
    comment = {"entity": "Comment", "feature": "comment"}
    profile = {"entity": "Profile", "response": "Profile", "feature": "browse-profiles"}
    return [
        endpoint(
            "create-user",
            "POST",
            "/users",
            signup,
            entity="User",
            feature="sign-up-and-log-in",
            auth=False,
            request="User",
            response="User",
            status=201,
            headers=[header("Location")],
            errors=[400, 409],
        ),
        endpoint(
            "log-in",
            "POST",
            "/users/login",
            at("- POST /users/login"),
            summary="Log in",
            feature="sign-up-and-log-in",
            auth=False,
            request="Credentials",
            response="Token",
            errors=[400, 401],
        ),
        endpoint(
            "list-article-comments",
            "GET",
            "/articles/{slug}/comments",
            comments,
            **comment,
            auth=False,
            response="Comment",
            list=True,
            paging="page",
            envelope="data",
            parameters=[
                param("page", "page", comments, type="integer"),
                param("pageSize", "page_size", comments, type="integer", default="20"),
            ],
            errors=[400, 404],
        ),
        endpoint(
            "create-article-comment",
            "POST",
            "/articles/{slug}/comments",
            comments,
            **comment,
            request="Comment",
            response="Comment",
            status=201,
            headers=[header("Location")],
            errors=[400, 401, 404],
        ),
        endpoint(
            "delete-article-comment",
            "DELETE",
            "/articles/{slug}/comments/{commentId}",
            comments,
            **comment,
            status=204,
            errors=[400, 401, 404],
        ),
        endpoint(
            "list-profiles",
            "GET",
            "/profiles",
            profiles,
            **profile,
            auth=False,
            list=True,
            paging="page",
            envelope="items",
            parameters=[
                param("page", "page", profiles, type="integer"),
                param("per_page", "page_size", profiles, type="integer", default="20"),
            ],
        ),
        endpoint(
            "get-profile",
            "GET",
            "/profiles/{username}",
            profiles,
            **profile,
            auth=False,
            errors=[400, 404],
        ),
        endpoint(
            "replace-preferences",
            "PUT",
            "/preferences",
            at("- PUT /preferences"),
            feature="keep-preferences",
            request="Preferences",
            response="Preferences",
            errors=[400, 401],
        ),
    ]
