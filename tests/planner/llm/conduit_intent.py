"""The blogging intent of :mod:`.conduit` (in the issue-10 Markdown syntax), the ``source``
lookup that makes the planned answer cite its real lines, and the planned entities: natural
keys, a resource without timestamps, an expanded ref, a string list, a map and three shapes."""

from __future__ import annotations

from typing import Any

APP_MD = """\
---
paging: offset
envelope: named
naming: camelCase
auth: jwt
---
# Conduit

Writers publish articles; readers find them by tag, author and date and comment on them.

## Features
### Sign up and log in (must, S)
Manages: User (create)
- A reader signs up with an email, then logs in with a password

### Read articles (must, M)
Manages: Article (list, get)
Filters: tagList as tag, author, createdAt range, search
Sort: -createdAt, title
Wrap: yes
- Anyone lists articles by tag, by author and between two dates
- Anyone reads an article with its author's profile

### Write articles (must, M)
Manages: Article (create, replace, delete)
Wrap: yes
- An author publishes, replaces and deletes their own articles

### Comment (should, S)
Manages: Comment under Article (list, create, delete)
Paging: page   Envelope: data
- A reader comments on an article

### Browse profiles (could, S)
Manages: Profile (list, get)
Paging: page   Envelope: items
- Anyone browses the authors' profiles

### Keep preferences (could, S)
- A reader keeps their reading preferences

## Entities
### User
- email: string, required, unique
- username: string, required, unique
- password: string, required, write-only

### Profile (no timestamps)
- username: string, key
- bio: string
- image: string

### Article
- slug: string, key, server-set
- title: string, required
- description: string
- body: string, required
- tagList: string[]
- metadata: map(string)
- author: ref(Profile), expanded, server-set
- has many Comment as comments

Rule: Only the author can replace or delete an article.

### Comment
- body: string, required
- author: ref(Profile), expanded, server-set

### Credentials (shape)
- email: string, required
- password: string, required

### Token (shape)
- token: string, required

### Preferences (shape)
- theme: enum(light, dark)
- digest: boolean

## API
- POST /users/login — log in (Credentials → Token, public)
  - errors: 400, 401
- POST /articles — publish an article (Article)
  - header Idempotency-Key: string, required — safe retries
- PUT /articles/{slug} — replace an article (Article)
  - header If-Match: string, required — the ETag read last
  - headers: ETag
  - errors: 400, 401, 403, 404, 412
- GET /articles/{slug} — read an article (Article, public)
  - headers: ETag
- GET /articles/feed — articles by followed authors (Article, list, cursor, bare)
  - query starting_after: string — the last article seen
  - query limit: integer, default 20
- POST /articles/{slug}/export — export an article as a PDF (Article, 202)
  - errors: 401, 404, 410
- PUT /preferences — replace my preferences (Preferences → Preferences)

## Auth
- scheme: jwt
"""

FILE = "intent/app.md"
_LINES = APP_MD.split("\n")


def at(marker: str, *after: str) -> str:
    """``intent/app.md:N`` for the first line holding ``marker`` that comes after a line
    holding each of ``after`` in turn (``at("- body", "## Entities", "### Comment")``)."""
    start = 0
    for anchor in after:
        start = _index(anchor, start) + 1
    return f"{FILE}:{_index(marker, start) + 1}"


def _index(marker: str, start: int) -> int:
    for i in range(start, len(_LINES)):
        if marker in _LINES[i]:
            return i
    raise AssertionError(f"no line holds {marker!r}")


# --------------------------------------------------------------------------- entities


def field(name: str, type_: str, source: str, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
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
        "source": source,
    }
    out.update(kw)
    return out


def entity(name: str, fields: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    heading = f"### {name}"
    out: dict[str, Any] = {
        "name": name,
        "description": None,
        "kind": "resource",
        "key": "id",
        "fields": fields,
        "relationships": [],
        "business_rules": [],
        "unique_constraints": [],
        "source": at(heading, "## Entities"),
    }
    out.update(kw)
    return out


def _ident(name: str) -> list[dict[str, Any]]:
    src = at(f"### {name}", "## Entities")
    return [field("id", "string", src, required=True, unique=True, server_set=True)]


def _stamps(name: str) -> list[dict[str, Any]]:
    src = at(f"### {name}", "## Entities")
    return [
        field("createdAt", "datetime", src, required=True, server_set=True),
        field("updatedAt", "datetime", src, required=True, server_set=True),
    ]


def in_entity(name: str, marker: str) -> str:
    return at(marker, "## Entities", f"### {name}")


def entities() -> list[dict[str, Any]]:
    user = entity(
        "User",
        [
            *_ident("User"),
            field("email", "string", in_entity("User", "- email"), required=True, unique=True),
            field(
                "username", "string", in_entity("User", "- username"), required=True, unique=True
            ),
            field("password", "string", in_entity("User", "- password"), required=True),
            *_stamps("User"),
        ],
    )
    profile = entity(
        "Profile",
        [
            field(
                "username", "string", in_entity("Profile", "- username"), required=True, unique=True
            ),
            field("bio", "string", in_entity("Profile", "- bio")),
            field("image", "string", in_entity("Profile", "- image")),
        ],
        key="username",
    )
    article = entity(
        "Article",
        [
            field(
                "slug",
                "string",
                in_entity("Article", "- slug"),
                required=True,
                unique=True,
                server_set=True,
            ),
            field("title", "string", in_entity("Article", "- title"), required=True),
            field("description", "string", in_entity("Article", "- description")),
            field("body", "string", in_entity("Article", "- body"), required=True),
            field("tagList", "array", in_entity("Article", "- tagList"), of="string"),
            field("metadata", "map", in_entity("Article", "- metadata"), of="string"),
            field(
                "author",
                "ref",
                in_entity("Article", "- author"),
                ref="Profile",
                required=True,
                server_set=True,
                expand=True,
            ),
            *_stamps("Article"),
        ],
        key="slug",
        relationships=[
            {
                "kind": "one-to-many",
                "target": "Comment",
                "name": "comments",
                "expand": False,
                "source": in_entity("Article", "has many Comment"),
            }
        ],
        business_rules=[
            {
                "text": "Only the author can replace or delete an article.",
                "source": in_entity("Article", "Rule: Only the author"),
            }
        ],
    )
    comment = entity(
        "Comment",
        [
            *_ident("Comment"),
            field("body", "string", in_entity("Comment", "- body"), required=True),
            field(
                "author",
                "ref",
                in_entity("Comment", "- author"),
                ref="Profile",
                required=True,
                server_set=True,
                expand=True,
            ),
            field(
                "article",
                "ref",
                in_entity("Article", "has many Comment"),
                ref="Article",
                required=True,
                server_set=True,
            ),
            *_stamps("Comment"),
        ],
    )
    return [user, profile, article, comment, *_shapes()]


def _shapes() -> list[dict[str, Any]]:
    def shape(name: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
        return entity(name, fields, kind="shape", key=None)

    return [
        shape(
            "Credentials",
            [
                field("email", "string", in_entity("Credentials", "- email"), required=True),
                field("password", "string", in_entity("Credentials", "- password"), required=True),
            ],
        ),
        shape("Token", [field("token", "string", in_entity("Token", "- token"), required=True)]),
        shape(
            "Preferences",
            [
                field(
                    "theme",
                    "enum",
                    in_entity("Preferences", "- theme"),
                    enum_values=["light", "dark"],
                ),
                field("digest", "boolean", in_entity("Preferences", "- digest")),
            ],
        ),
    ]
