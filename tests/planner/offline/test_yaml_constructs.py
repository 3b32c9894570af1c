"""YAML intent for every issue-10 construct: it means exactly what the Markdown form means.

The same small API is written twice, once in Markdown (front matter, feature lines,
entity markers, endpoint sub-bullets) and once in YAML using the mapping forms; the two
hand-offs must be equal once the line numbers are set aside. Smaller tests pin the
YAML-only spellings (one-liners and mappings mean the same, ``api_info`` holds the style
keys, ``paginated`` still works) and the errors of each new key.
"""

from __future__ import annotations

from typing import Any

import pytest

from intentd import handoff
from intentd.errors import IntentdError
from intentd.intent import IntentBundle, make_bundle, make_file
from intentd.planner.offline.planner import OfflinePlanner
from tests.helpers import ROOT

MARKDOWN = """\
---
paging: offset
paging_params: {limit: per_page}
envelope: data
naming: camelCase
update_method: PATCH
---
# Conduit

## Features

### Articles {#articles} (must, M)
Manages: Article (list, get, create, replace, delete), Comment under Article (list, create, delete)
Manages: User (create)
Current: User (get, replace)
Toggles: favorite Article, follow Profile
Actions: publish Article
Sign-up: User
Filters: tagList as tag, author, createdAt range, search, email (string, required)
Sort: -createdAt, title
Access: public read
- Readers find articles by tag

### Feed {#feed} (should, S)
Paging: cursor
Envelope: named articles
- A reader sees the articles of the authors they follow

## Entities

### Article
- slug: string, key
- title: string, required, unique
- tagList: string[]
- author: ref(Profile), expanded

### Profile (no timestamps)
- username: string, key

### Comment
- body: string, required

### User
- email: email, required, unique

### Credentials (shape)
- email: email, required
- password: string, required

## API

### Feed
- GET /articles/feed — articles by followed authors (Article, list)
  - query tag: string — only with this tag
  - header Idempotency-Key: string, required — safe retries
  - headers: Location, X-RateLimit-Remaining (integer) — calls left
  - errors: 401, 404, 422
- POST /users/login — log in (User, request: Credentials)
  - status: 200
  - wrap: user
"""

YAML = """\
project_name: Conduit
api_info:
  paging: offset
  paging_params: {limit: per_page}
  envelope: data
  naming: camelCase
  update_method: PATCH
features:
  - id: articles
    name: Articles
    priority: must
    complexity: M
    manages:
      - {entity: Article, ops: [list, get, create, replace, delete]}
      - {entity: Comment, under: Article, ops: 'list, create, delete'}
      - User (create)
    current: [{entity: User, ops: [get, replace]}]
    toggles: [{verb: favorite, entity: Article}, follow Profile]
    actions: [{verb: publish, entity: Article}]
    sign_up: User
    filters:
      - {field: tagList, as: tag}
      - {field: author}
      - {field: createdAt, range: true}
      - search
      - {name: email, type: string, required: true}
    sort: [-createdAt, title]
    access: public read
    acceptance_criteria: [Readers find articles by tag]
  - id: feed
    name: Feed
    priority: should
    complexity: S
    paging: cursor
    envelope: named articles
    acceptance_criteria: [A reader sees the articles of the authors they follow]
entities:
  - name: Article
    key: slug
    fields:
      - {name: slug, type: string}
      - {name: title, type: string, required: true, unique: true}
      - {name: tagList, type: array, of: string}
      - {name: author, type: ref, ref: Profile, expand: true}
  - name: Profile
    timestamps: false
    fields:
      - {name: username, type: string, key: true}
  - name: Comment
    fields: ["body: string, required"]
  - name: User
    fields: ["email: email, required, unique"]
  - name: Credentials
    kind: shape
    fields: ["email: email, required", {name: password, type: string, required: true}]
api_surface:
  - method: GET
    path: /articles/feed
    summary: articles by followed authors
    entity: Article
    feature: feed
    list: true
    parameters:
      - {name: tag, type: string, description: only with this tag}
      - {name: Idempotency-Key, in: header, required: true, description: safe retries}
    headers:
      - Location
      - {name: X-RateLimit-Remaining, type: integer, description: calls left}
    errors: [401, 404, 422]
  - method: POST
    path: /users/login
    summary: log in
    entity: User
    feature: feed
    request: Credentials
    status: 200
    wrap: user
"""


def bundle(files: dict[str, str]) -> IntentBundle:
    return make_bundle([make_file(p, t.encode("utf-8")) for p, t in files.items()])


def plan_data(files: dict[str, str]) -> dict[str, Any]:
    data = handoff.to_data(OfflinePlanner().plan(bundle(files), None, ()))
    del data["trace_links"]
    return data


def problems(files: dict[str, str]) -> list[str]:
    with pytest.raises(IntentdError) as caught:
        OfflinePlanner().plan(bundle(files), None, ())
    return str(caught.value).splitlines()


def unsourced(value: Any) -> Any:
    """``value`` without any ``source`` (line numbers differ between the two forms)."""
    if isinstance(value, dict):
        return {k: unsourced(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [unsourced(v) for v in value]
    return value


def endpoints(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{e['method']} {e['path']}": e for e in data["api_surface"]}


# --------------------------------------------------------------------------- the same API twice


def test_yaml_means_what_markdown_means_for_every_construct() -> None:
    md = plan_data({"intent/app.md": MARKDOWN})
    yml = plan_data({"intent/app.yaml": YAML})
    assert unsourced(yml) == unsourced(md)


def test_the_yaml_form_carries_every_construct() -> None:
    """Guards the test above: both forms really use each construct."""
    data = plan_data({"intent/app.yaml": YAML})
    eps = endpoints(data)
    assert data["api_info"]["naming"] == "camelCase"
    articles = eps["GET /articles"]
    names = [p["name"] for p in articles["parameters"]]
    assert {"offset", "per_page", "tag", "author", "createdAtFrom", "createdAtTo", "q"} <= set(
        names
    )
    assert {"email", "sort"} <= set(names)
    assert (articles["paging"], articles["envelope"]) == ("offset", "data")
    sort = next(p for p in articles["parameters"] if p["role"] == "sort")
    assert sort["enum_values"] == ["createdAt", "-createdAt", "title", "-title"]
    assert sort["default"] == "-createdAt"
    assert "GET /articles/{slug}/comments" in eps and "PUT /articles/{slug}" in eps
    assert {"GET /user", "PUT /user", "POST /articles/{slug}/publish"} <= set(eps)
    assert {"POST /articles/{slug}/favorite", "DELETE /profiles/{username}/follow"} <= set(eps)
    assert eps["POST /users"]["auth"] is False  # sign-up is public
    feed = eps["GET /articles/feed"]
    assert (feed["paging"], feed["envelope"], feed["wrapper"]) == ("cursor", "named", "articles")
    header = next(p for p in feed["parameters"] if p["location"] == "header")
    assert header == {**header, "name": "Idempotency-Key", "required": True}
    assert [h["name"] for h in feed["headers"]] == ["Location", "X-RateLimit-Remaining"]
    assert feed["headers"][1]["description"] == "calls left"
    assert feed["errors"] == [401, 404, 422]
    login = eps["POST /users/login"]
    assert (login["status"], login["wrapper"], login["request"]) == (200, "user", "Credentials")
    ents = {e["name"]: e for e in data["entities"]}
    assert ents["Article"]["key"] == "slug" and ents["Profile"]["key"] == "username"
    assert ents["Credentials"]["kind"] == "shape" and ents["Credentials"]["key"] is None
    assert "createdAt" not in {f["name"] for f in ents["Profile"]["fields"]}
    fields = {f["name"]: f for f in ents["Article"]["fields"]}
    assert fields["author"]["expand"] and "id" not in fields
    assert (fields["tagList"]["type"], fields["tagList"]["of"]) == ("array", "string")


# --------------------------------------------------------------------------- YAML spellings

BASE = """\
project_name: Shop
features:
  - name: Sell
    manages: [Book]
    acceptance_criteria: [A book is sold]
entities:
  - name: Book
    fields: ["title: string, required"]
"""


def test_one_liners_and_mappings_mean_the_same() -> None:
    lines = BASE.replace(
        "    manages: [Book]\n",
        "    manages: Book (list, get)\n    filters: title, createdAt range\n"
        "    toggles: star Book\n    sort: -title\n",
    )
    mappings = BASE.replace(
        "    manages: [Book]\n",
        "    manages: [{entity: Book, ops: [list, get]}]\n"
        "    filters: [{field: title}, {field: createdAt, range: true}]\n"
        "    toggles: [{verb: star, entity: Book}]\n    sort: [-title]\n",
    )
    assert unsourced(plan_data({"intent/a.yaml": lines})) == unsourced(
        plan_data({"intent/a.yaml": mappings})
    )


def test_style_keys_read_the_same_at_the_top_and_under_api_info() -> None:
    keys = "paging: cursor\nenvelope: bare\nnaming: snake_case\n"
    top = plan_data({"intent/a.yaml": BASE + keys})
    nested = plan_data(
        {
            "intent/a.yaml": BASE
            + "api_info:\n"
            + "".join(f"  {line}\n" for line in keys.splitlines())
        }
    )
    assert top == nested
    listing = endpoints(top)["GET /books"]
    assert (listing["paging"], listing["envelope"]) == ("cursor", "bare")
    assert top["api_info"]["naming"] == "snake_case"
    assert "created_at" in {f["name"] for f in top["entities"][0]["fields"]}


def _explicit(extra: str) -> str:
    return BASE + (
        "api_surface:\n  - method: GET\n    path: /books/bestsellers\n    entity: Book\n"
        "    feature: sell\n    list: true\n" + extra
    )


def test_paginated_is_the_older_spelling_of_paging() -> None:
    paged = endpoints(plan_data({"intent/a.yaml": _explicit("    paginated: true\n")}))
    unpaged = endpoints(plan_data({"intent/a.yaml": _explicit("    paginated: false\n")}))
    assert paged["GET /books/bestsellers"]["paging"] == "page"
    assert unpaged["GET /books/bestsellers"]["paging"] is None
    same = endpoints(plan_data({"intent/a.yaml": _explicit("    paging: none\n")}))
    assert unsourced(same["GET /books/bestsellers"]) == unsourced(unpaged["GET /books/bestsellers"])


def test_a_parameter_line_without_a_place_is_a_query_parameter() -> None:
    got = endpoints(
        plan_data({"intent/a.yaml": _explicit("    parameters: ['since: date, required']\n")})
    )
    param = next(p for p in got["GET /books/bestsellers"]["parameters"] if p["name"] == "since")
    assert (param["location"], param["type"], param["required"]) == ("query", "date", True)


def test_a_unique_constraint_mapping_without_fields_is_an_error_not_a_crash() -> None:
    text = BASE.replace(
        '    fields: ["title: string, required"]\n',
        '    fields: ["title: string, required"]\n    unique_constraints:\n      - {source: x}\n',
    )
    assert problems({"intent/a.yaml": text}) == [
        "intent/a.yaml:10: unique constraint needs 'fields', e.g. {fields: [title, author]}"
    ]


# --------------------------------------------------------------------------- errors at the key's line


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    manages: [Book]\n",
            "    manages: [Book]\n    filters: [{field: title, colour: red}]\n",
            "intent/a.yaml:5: unknown key 'colour' in filters entry; expected one of field, name, "
            "as, range, type, required, default, source",
        ),
        (
            "    manages: [Book]\n",
            "    manages: [Book]\n    filters: [{as: t}]\n",
            "intent/a.yaml:5: filters: cannot read this entry; expected 'tagList as tag' or "
            "{field: createdAt, range: true}, {field: tagList, as: tag} or "
            "{name: email, type: string, required: true}",
        ),
        (
            "    manages: [Book]\n",
            "    manages: [Book]\n    paging: sideways\n",
            "intent/a.yaml:5: unknown paging 'sideways'; expected page, offset, cursor or none",
        ),
        (
            "    manages: [Book]\n",
            "    manages: [{entity: Book, ops: [list, sell]}]\n",
            "intent/a.yaml:4: unknown operation 'sell' for Book; expected list, get, create, update, "
            "replace, delete, read, write or all",
        ),
        (
            '    fields: ["title: string, required"]\n',
            '    kind: value object\n    fields: ["title: string, required"]\n',
            "intent/a.yaml:8: unknown kind 'value object' of entity 'Book'; expected resource "
            "(stored, the default) or shape (only sent or returned: no id, no timestamps, no CRUD)",
        ),
        (
            '    fields: ["title: string, required"]\n',
            '    key: isbn\n    fields: ["title: string, required"]\n',
            "intent/a.yaml:8: Book: key 'isbn' is not one of its fields; add it to fields, "
            "e.g. 'isbn: string, key'",
        ),
    ],
)
def test_each_new_key_reports_at_its_line(old: str, new: str, expected: str) -> None:
    assert problems({"intent/a.yaml": BASE.replace(old, new)})[0] == expected


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("    status: 203\n", "intent/a.yaml:15: status '203': expected one of 200, 201, 202, 204"),
        (
            "    errors: [401, 499]\n",
            "intent/a.yaml:15: errors '401, 499': expected statuses among 400, 401, 403, 404, "
            "409, 410, 412, 415, 422, 429",
        ),
        (
            "    parameters: [{name: bookId, in: path}]\n",
            "intent/a.yaml:15: parameter 'bookId': in 'path' is not a place for it; write "
            "'in: query' or 'in: header' (path parameters come from the path itself)",
        ),
        (
            "    headers: [{name: 'X Bad'}]\n",
            "intent/a.yaml:15: cannot read header 'X Bad'; expected 'Name' or 'Name (integer)', "
            "e.g. 'ETag'",
        ),
        (
            "    paging: page\n    paginated: true\n",
            "intent/a.yaml:16: endpoint: write paging (page, offset, cursor or none), not also "
            "the older paginated",
        ),
    ],
)
def test_each_new_endpoint_key_reports_at_its_line(extra: str, expected: str) -> None:
    assert problems({"intent/a.yaml": _explicit(extra)})[0] == expected


def test_a_query_string_in_a_yaml_path_says_how_to_declare_the_parameter() -> None:
    one_liner = BASE + "api_surface:\n  - GET /books?tag=x — books with a tag (Book, list)\n"
    assert problems({"intent/a.yaml": one_liner}) == [
        "intent/a.yaml:10: a path cannot hold a query string ('/books?tag=x'); write the "
        "endpoint as a mapping without it and add 'parameters: [\"tag: string\"]'"
    ]
    mapping = BASE + "api_surface:\n  - method: GET\n    path: /books?tag=x\n"
    assert problems({"intent/a.yaml": mapping}) == [
        "intent/a.yaml:11: a path cannot hold a query string ('/books?tag=x'); "
        "add 'parameters: [\"tag: string\"]'"
    ]


# --------------------------------------------------------------------------- the documented example


def test_the_documented_yaml_example_plans_as_its_comments_say() -> None:
    doc = (ROOT / "docs" / "intent-format.md").read_text(encoding="utf-8")
    section = doc.split("## YAML intent files\n", 1)[1].split("\n## ", 1)[0]
    text = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    data = plan_data({"intent/recipes.yaml": text})
    eps = endpoints(data)
    names = [p["name"] for p in eps["GET /recipes"]["parameters"]]
    assert names[:2] == ["starting_after", "limit"] and {"tag", "author", "q", "sort"} <= set(names)
    assert {"createdAtFrom", "createdAtTo"} <= set(names)
    assert {"GET /recipes/{slug}/comments", "DELETE /recipes/{slug}/favorite"} <= set(eps)
    assert eps["POST /cooks"]["auth"] is False and eps["POST /sessions"]["auth"] is False
    feed = eps["GET /recipes/feed"]
    assert (feed["envelope"], feed["wrapper"], feed["paging"]) == ("named", "recipes", "cursor")
    recipe = next(e for e in data["entities"] if e["name"] == "Recipe")
    assert recipe["key"] == "slug"
    assert next(f for f in recipe["fields"] if f["name"] == "author")["expand"]
