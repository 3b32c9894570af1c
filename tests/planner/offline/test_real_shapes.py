"""Issue 10 in the Markdown intent: natural keys, shapes, embedded refs, scalar lists and
maps, nested and current routes, toggles and actions, filters and sort, paging styles,
envelopes and wrappers, endpoint details, and the inferred statuses, headers and errors."""

from __future__ import annotations

from typing import Any

import pytest

from intentd.errors import IntentError
from intentd.handoff import Endpoint, Handoff
from intentd.intent import make_bundle, make_file
from intentd.planner.offline.inflection import plural, singular
from intentd.planner.offline.planner import OfflinePlanner, read_lenient

BLOG = """---
paging: offset
envelope: named
wrap: true
---
# Blog

## Features

### Accounts
Manages: User (create)
Current: User (get, replace)
- People register with a username
- Login needs no authentication

### Articles
Manages: Article (list, get, create, replace, delete)
Toggles: favorite Article
Actions: publish Article
Filters: tagList as tag, author, createdAt range, search, favorited as favoritedBy (string)
Sort: -createdAt, title
- Articles are listed newest first

### Comments
Manages: Comment under Article (list, create, delete)
Paging: none
- Comments belong to an article

## Entities

### User (no timestamps)
- username: string, key, required, unique
- email: email, required, unique
- password: string, required

### Credentials (shape)
- email: email, required
- password: string, required

### Profile (no timestamps)
- username: string, key, required
- bio: text

### Article
- slug: string, key, server-set
- title: string, required
- tagList: string[]
- belongs to Profile as author (expanded)
- has many Comment

### Comment
- body: text, required

## API

### Accounts
- POST /users/login — log in (request: Credentials, response: User)

### Articles
- GET /articles/feed — articles of followed authors (Article, cursor, bare, auth)
  - query tag: string — only with this tag
  - header Idempotency-Key: string, required — safe retries
  - status: 202
  - headers: ETag, X-RateLimit-Remaining (integer)
  - errors: 401, 422

## Auth
Scheme: jwt
"""


def plan_of(text: str, name: str = "intent/app.md") -> Handoff:
    bundle = make_bundle([make_file(name, text.encode("utf-8"))])
    return OfflinePlanner().plan(bundle, None, ())


def problems(text: str) -> list[str]:
    bundle = make_bundle([make_file("intent/app.md", text.encode("utf-8"))])
    with pytest.raises(IntentError) as caught:
        OfflinePlanner().plan(bundle, None, ())
    return [f.render() for f in caught.value.findings]


@pytest.fixture(scope="module")
def blog() -> Handoff:
    return plan_of(BLOG)


def eps(h: Handoff) -> dict[str, Endpoint]:
    return {f"{e.method} {e.path}": e for e in h.api_surface}


def params(ep: Endpoint) -> dict[str, Any]:
    return {p.name: p for p in ep.parameters}


# --------------------------------------------------------------------------- inflection


@pytest.mark.parametrize(
    ("word", "many"),
    [
        ("hour", "hours"),
        ("hours", "hours"),
        ("person", "people"),
        ("category", "categories"),
        ("status", "statuses"),
        ("address", "addresses"),
        ("BookLoan", "BookLoans"),
        ("settings", "settings"),
    ],
)
def test_plurals_come_from_inflect(word: str, many: str) -> None:
    assert plural(word) == many


@pytest.mark.parametrize(
    ("word", "one"), [("books", "book"), ("categories", "category"), ("status", "status")]
)
def test_singulars_come_from_inflect(word: str, one: str) -> None:
    assert singular(word) == one


def test_a_plural_entity_word_is_not_doubled_in_paths() -> None:
    text = "# T\n## Features\n### Track\nManages: WorkHours (list)\n- listed\n## Entities\n### WorkHours\n- total: number\n"
    assert [e.path for e in plan_of(text).api_surface] == ["/work-hours"]


# --------------------------------------------------------------------------- identity


def test_natural_key_drives_paths_and_drops_the_id(blog: Handoff) -> None:
    article = next(e for e in blog.entities if e.name == "Article")
    assert article.key == "slug" and article.kind == "resource"
    assert "id" not in [f.name for f in article.fields]
    routes = eps(blog)
    assert "GET /articles/{slug}" in routes and "PUT /articles/{slug}" in routes
    assert "GET /articles/{slug}/comments" in routes
    assert "DELETE /articles/{slug}/comments/{commentId}" in routes


def test_shapes_and_no_timestamps(blog: Handoff) -> None:
    by = {e.name: e for e in blog.entities}
    assert by["Credentials"].kind == "shape" and by["Credentials"].key is None
    assert [f.name for f in by["Credentials"].fields] == ["email", "password"]
    assert [f.name for f in by["Profile"].fields] == ["username", "bio"]
    assert not any(e.entity == "Credentials" for e in blog.api_surface)


def test_a_shape_gets_no_crud() -> None:
    text = "# T\n## Features\n### F\nManages: Token\n- x\n## Entities\n### Token (shape)\n- value: string\n"
    found = problems(text)
    assert found == [
        "intent/app.md:4: Token is a shape (only sent or returned): it gets no CRUD; use it "
        "as the request or response of an endpoint, e.g. '(request: Token)'"
    ]


def test_scalar_list_and_expanded_relationship(blog: Handoff) -> None:
    fields = {f.name: f for f in next(e for e in blog.entities if e.name == "Article").fields}
    assert (fields["tagList"].type, fields["tagList"].of) == ("array", "string")
    assert fields["author"].ref == "Profile" and fields["author"].expand
    profile = next(e for e in blog.entities if e.name == "Profile")
    assert [r.target for r in profile.relationships] == ["Article"]


# --------------------------------------------------------------------------- routes


def test_current_toggles_actions(blog: Handoff) -> None:
    routes = eps(blog)
    assert routes["GET /user"].id == "get-user" and routes["PUT /user"].id == "replace-user"
    on, off = routes["POST /articles/{slug}/favorite"], routes["DELETE /articles/{slug}/favorite"]
    assert (on.id, off.id) == ("favorite-article", "unfavorite-article")
    assert on.status == off.status == 200 and off.response == "Article"
    act = routes["POST /articles/{slug}/publish"]
    assert act.id == "publish-article" and act.status == 200 and act.request is None


def test_put_replaces_and_patch_is_the_default_update() -> None:
    text = "# T\n## Features\n### F\nManages: Book (update, replace)\n- x\n## Entities\n### Book\n- title: string\n"
    assert {e.method for e in plan_of(text).api_surface} == {"PATCH", "PUT"}


def test_update_method_post_for_stripe_style_updates() -> None:
    text = "---\nupdate_method: POST\n---\n# T\n## Features\n### F\nManages: Book (update)\n- x\n## Entities\n### Book\n- title: string\n"
    (ep,) = plan_of(text).api_surface
    assert (ep.method, ep.path, ep.id, ep.status) == ("POST", "/books/{bookId}", "update-book", 200)


def test_manages_at_names_the_collection_segment() -> None:
    text = (
        "# T\n## Features\n### F\nManages: Domain (get), DomainRecord under Domain at records (list)\n"
        "- x\n## Entities\n### Domain\n- name: string, key\n### DomainRecord\n- data: string\n"
    )
    assert "GET /domains/{name}/records" in eps(plan_of(text))


# --------------------------------------------------------------------------- paging, envelopes


def test_paging_params_are_explicit(blog: Handoff) -> None:
    lst = eps(blog)["GET /articles"]
    assert (lst.paging, lst.envelope, lst.wrapper) == ("offset", "named", "articles")
    got = params(lst)
    assert (got["offset"].role, got["limit"].role) == ("offset", "limit")
    comments = eps(blog)["GET /articles/{slug}/comments"]
    assert comments.paging is None and comments.envelope == "named"
    assert not [p for p in comments.parameters if p.role in ("offset", "limit")]


def test_page_paging_by_default_and_renames_in_snake_case() -> None:
    base = "# T\n## Features\n### F\nManages: Book (list)\n- x\n## Entities\n### Book\n- title: string\n"
    (ep,) = plan_of(base).api_surface
    assert [(p.name, p.role) for p in ep.parameters] == [
        ("page", "page"),
        ("pageSize", "page_size"),
    ]
    assert ep.envelope == "items"
    snake = (
        "---\nnaming: snake_case\npaging: cursor\npaging_params: {cursor: starting_after}\nenvelope: data\n---\n"
        + base
    )
    (ep,) = plan_of(snake).api_surface
    assert [(p.name, p.role) for p in ep.parameters] == [
        ("starting_after", "cursor"),
        ("limit", "limit"),
    ]
    assert ep.envelope == "data"


def test_wrapped_single_objects(blog: Handoff) -> None:
    assert eps(blog)["GET /articles/{slug}"].wrapper == "article"
    assert eps(blog)["POST /users/login"].wrapper == "user"
    assert eps(blog)["DELETE /articles/{slug}"].wrapper is None


# --------------------------------------------------------------------------- filters and sort


def test_filters_and_sort(blog: Handoff) -> None:
    got = params(eps(blog)["GET /articles"])
    assert (got["tag"].role, got["tag"].type, got["tag"].target) == (
        "equals",
        "string",
        "Article.tagList",
    )
    assert (got["author"].role, got["author"].target) == ("equals", "Article.author")
    assert (got["createdAtFrom"].role, got["createdAtTo"].type) == ("from", "datetime")
    assert got["q"].role == "search" and got["favoritedBy"].role == "other"
    assert got["sort"].enum_values == ["createdAt", "-createdAt", "title", "-title"]
    assert got["sort"].default == "-createdAt"


def test_an_unknown_filter_is_an_error_at_its_line() -> None:
    text = "# T\n## Features\n### F\nManages: Book (list)\nFilters: colour\n- x\n## Entities\n### Book\n- title: string\n"
    assert problems(text) == [
        "intent/app.md:5: filter 'colour': Book has no field or relationship 'colour'; "
        "give a parameter its type, e.g. 'colour (string)'"
    ]


# --------------------------------------------------------------------------- endpoint details


def test_endpoint_sub_bullets(blog: Handoff) -> None:
    feed = eps(blog)["GET /articles/feed"]
    assert (feed.paging, feed.envelope, feed.status) == ("cursor", "bare", 202)
    got = params(feed)
    assert got["tag"].location == "query" and got["tag"].description == "only with this tag"
    assert got["Idempotency-Key"].location == "header" and got["Idempotency-Key"].required
    assert [(h.name, h.type) for h in feed.headers] == [
        ("ETag", "string"),
        ("X-RateLimit-Remaining", "integer"),
    ]
    assert feed.errors == [401, 422]
    assert got["cursor"].role == "cursor"


# --------------------------------------------------------------------------- responses


def test_login_and_registration_are_public(blog: Handoff) -> None:
    login, signup = eps(blog)["POST /users/login"], eps(blog)["POST /users"]
    assert not login.auth and login.status == 200 and login.errors == [400, 401]
    assert login.id == "login-user"
    assert not signup.auth and signup.status == 201
    assert eps(blog)["POST /articles"].auth


def test_create_answers_201_with_location_and_delete_204(blog: Handoff) -> None:
    create = eps(blog)["POST /articles"]
    assert create.status == 201 and [h.name for h in create.headers] == ["Location"]
    assert eps(blog)["DELETE /articles/{slug}"].status == 204


def test_errors_fit_the_operation(blog: Handoff) -> None:
    routes = eps(blog)
    assert routes["GET /user"].errors == [401]
    assert 404 in routes["GET /articles/{slug}"].errors
    assert 404 not in routes["GET /articles"].errors
    assert 403 not in routes["POST /articles"].errors  # no roles, no ownership rule
    assert 409 not in routes["POST /articles"].errors  # the slug is server-set
    assert 409 in routes["PUT /user"].errors  # username and email are unique


def test_roles_bring_403_and_a_delete_rule_409() -> None:
    text = (
        "# T\n## Features\n### F\nManages: Book (delete)\n- x\n## Entities\n### Book\n"
        "- title: string\nRules:\n- A book on loan cannot be deleted\n## Auth\nScheme: jwt\nRoles: admin\n"
    )
    (ep,) = plan_of(text).api_surface
    assert ep.errors == [400, 401, 403, 404, 409]


def test_jwt_stays_jwt(blog: Handoff) -> None:
    assert blog.auth_policy.scheme == "jwt"


def test_template_sign_up_is_public() -> None:
    text = (
        "# T\n## Features\n### Member accounts\nMembers sign up and sign in.\n"
        "Manages: Member (get, create)\nAccess: authenticated\n- A member signs up with an email\n"
        "## Entities\n### Member\n- email: email, required, unique\n"
    )
    routes = eps(plan_of(text))
    assert not routes["POST /members"].auth and routes["GET /members/{memberId}"].auth


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "- GET /books?tag=x — books",
            "intent/app.md:8: a path cannot hold a query string ('/books?tag=x'); declare "
            "'- query tag: string' indented under the endpoint",
        ),
        (
            "- GET /books — books (Book, urgent)",
            "intent/app.md:8: unknown marker 'urgent' on endpoint 'GET /books'; expected an Entity, "
            "a feature id, list, page, offset, cursor, unpaged, items, data, named, bare, a status "
            "(200, 201, 202, 204), public, auth, deprecated, no body, 'request: Entity' or "
            "'response: Entity' (known features: f)",
        ),
    ],
)
def test_endpoint_line_messages(line: str, message: str) -> None:
    text = f"# T\n## Features\n### F\nNo endpoint: x\n- x\n## API\n\n{line}\n"
    assert problems(text) == [message]


def test_unknown_feature_line_is_an_error() -> None:
    text = "# T\n## Features\n### F\nPricing: per seat\nNo endpoint: x\n- x\n"
    (msg,) = problems(text)
    assert msg.startswith(
        "intent/app.md:4: unknown line 'Pricing: per seat' in feature 'F'; expected one of"
    )


def test_path_clash_is_reported_at_the_intent_line() -> None:
    text = (
        "# T\n## Features\n### F\nManages: Recipe (get)\n- x\n## Entities\n### Recipe\n- slug: string\n"
        "## API\n- GET /recipes/{slug} — one recipe (Recipe, f)\n"
    )
    assert problems(text) == [
        "intent/app.md:4: 'GET /recipes/{recipeId}' is the same path as 'GET /recipes/{slug}' "
        "(intent/app.md:10) with another parameter name; make slug the key of Recipe "
        "('- slug: string, key') so inferred routes use it too"
    ]


def test_map_field_reads_its_value_type() -> None:
    text = "# T\n## Features\n### F\nManages: Book (get)\n- x\n## Entities\n### Book\n- metadata: map(string)\n- extra: map(Author)\n### Author\n- name: string\n"
    data, found = read_lenient(make_bundle([make_file("intent/app.md", text.encode("utf-8"))]))
    assert not [f for f in found if f.severity == "error"]
    fields = {f["name"]: f for f in data["entities"][0]["fields"]}
    assert (fields["metadata"]["type"], fields["metadata"]["of"]) == ("map", "string")
    assert (fields["extra"]["type"], fields["extra"]["of"]) == ("map", "Author")


def test_lenient_reading_keeps_no_hints() -> None:
    bundle = make_bundle([make_file("intent/app.md", BLOG.encode("utf-8"))])
    data, _ = read_lenient(bundle)
    for ep in data["api_surface"]:
        assert not [k for k in ep if k.startswith("_")]
    for e in data["entities"]:
        assert not [k for k in e if k.startswith("_")]


def test_overrides_share_a_line_and_snake_case_names() -> None:
    text = (
        "---\nnaming: snake_case\n---\n# T\n## Features\n### F\nManages: BookLoan (list, get)\n"
        "Filters: dueOn range\nPaging: cursor   Envelope: named\n- x\n"
        "## Entities\n### BookLoan\n- due on: date\n"
    )
    routes = eps(plan_of(text))
    lst = routes["GET /book-loans"]
    assert (lst.paging, lst.envelope, lst.wrapper) == ("cursor", "named", "book_loans")
    assert [p.name for p in lst.parameters] == ["cursor", "limit", "due_on_from", "due_on_to"]
    assert "GET /book-loans/{book_loan_id}" in routes
    fields = [f.name for f in plan_of(text).entities[0].fields]
    assert fields == ["id", "due_on", "created_at", "updated_at"]


def test_nested_keys_do_not_collide() -> None:
    text = (
        "# T\n## Features\n### F\nManages: Article (get), Page under Article (get)\n- x\n"
        "## Entities\n### Article\n- slug: string, key\n### Page\n- slug: string, key\n"
    )
    # the parent's key is qualified: a page's own slug keeps the plain name
    assert "GET /articles/{articleSlug}/pages/{slug}" in eps(plan_of(text))


def test_a_parent_key_named_like_a_child_field_is_qualified() -> None:
    text = (
        "---\nnaming: snake_case\n---\n# T\n## Features\n### F\n"
        "Manages: Domain (get), Record under Domain (list)\nFilters: name\n- x\n"
        "## Entities\n### Domain\n- name: string, key\n### Record\n- name: string\n"
    )
    listing = eps(plan_of(text))["GET /domains/{domain_name}/records"]
    assert [p.name for p in listing.parameters if p.role == "equals"] == ["name"]


def test_header_parameters_and_exact_headers() -> None:
    text = (
        "# T\n## Features\n### F\nNo endpoint: x\n- x\n## Entities\n### Book\n- title: string\n"
        "## API\n- PUT /books/{bookId} — replace (Book, f)\n  - header If-Match: string, required\n"
        "  - headers: ETag\n"
    )
    (ep,) = plan_of(text).api_surface
    assert [(p.name, p.location, p.required) for p in ep.parameters] == [
        ("If-Match", "header", True)
    ]
    assert [h.name for h in ep.headers] == ["ETag"] and ep.request == "Book"


def test_current_update_follows_the_update_method() -> None:
    text = (
        "---\nupdate_method: POST\n---\n# T\n## Features\n### F\nCurrent: Account (get, update)\n"
        "- x\n## Entities\n### Account\n- name: string\n## Auth\nScheme: api_key\n"
    )
    routes = eps(plan_of(text))
    assert routes["POST /account"].status == 200 and routes["POST /account"].id == "update-account"


def test_prose_with_a_colon_stays_a_description() -> None:
    text = "# T\n## Features\n### F\nAnyone can search: books and authors.\nNo endpoint: x\n- x\n"
    assert plan_of(text).features[0].description == "Anyone can search: books and authors."


def test_belongs_to_expanded_marks_the_existing_ref() -> None:
    text = (
        "# T\n## Features\n### F\nManages: Post (get)\n- x\n## Entities\n### User\n- name: string\n"
        "### Post\n- author: ref(User)\n- belongs to User (expanded)\n"
    )
    post = next(e for e in plan_of(text).entities if e.name == "Post")
    (author,) = [f for f in post.fields if f.type == "ref"]
    assert author.name == "author" and author.expand
