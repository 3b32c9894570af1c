"""Hand-built hand-offs for the SpecGenerator tests and benchmarks (issue #3, "Must show").

``bookshop()`` is a realistic API (≥5 entities, auth with refresh, pagination, nested routes,
notes_for_spec constraints, an expanded relation, a self-reference by id); ``self_reference()``
and ``mutual_reference()`` expand relations into cycles; ``wide_entity()`` has 60 fields;
``escaping()`` needs quoting and escaping everywhere; ``synthetic_handoff(n)`` has n operations
(bench/bench_specgen.py reuses it).
"""

from __future__ import annotations

from typing import Any

from intentd.handoff import (
    AcceptanceCriterion,
    ApiInfo,
    AuthPolicy,
    Contact,
    Endpoint,
    Entity,
    EntityField,
    Feature,
    Handoff,
    License,
    NonfunctionalRequirement,
    NoteForSpec,
    Parameter,
    PlannerInfo,
    Relationship,
    ResponseHeader,
    Server,
    TechStack,
    TraceLinks,
)
from intentd.planner.offline.responses import Context as AnswerContext
from intentd.planner.offline.responses import answer

SRC = "intent/app.md:1"


def api_info(server: str | None = None) -> ApiInfo:
    """Contact and license as a complete intent gives them (linters warn without them)."""
    return ApiInfo(
        version=None,
        servers=[Server(url=server, description="Production")] if server else [],
        contact=Contact(name="API team", email="api@team.test", url=None),
        license=License(name="MIT", identifier="MIT", url=None),
        naming="camelCase",
    )


def fld(
    name: str,
    type_: str = "string",
    *,
    required: bool = False,
    of: str | None = None,
    ref: str | None = None,
    enum: list[str] | None = None,
    unique: bool = False,
    server_set: bool = False,
    expand: bool = False,
    description: str | None = None,
) -> EntityField:
    return EntityField.model_validate(
        {
            "name": name,
            "type": type_,
            "of": of,
            "ref": ref,
            "enum_values": enum,
            "required": required,
            "unique": unique,
            "server_set": server_set,
            "expand": expand,
            "description": description,
            "source": SRC,
        }
    )


def ident() -> EntityField:
    return fld("id", required=True, server_set=True, description="Server-assigned id.")


def stamps() -> list[EntityField]:
    return [
        fld("createdAt", "datetime", required=True, server_set=True),
        fld("updatedAt", "datetime", server_set=True),
    ]


def rel(name: str, kind: str, target: str, expand: bool = False) -> Relationship:
    return Relationship.model_validate(
        {"kind": kind, "target": target, "name": name, "expand": expand, "source": SRC}
    )


def entity(
    name: str,
    fields: list[EntityField],
    *,
    relationships: list[Relationship] | None = None,
    unique: list[list[str]] | None = None,
    description: str | None = None,
    rules: list[str] | None = None,
    kind: str = "resource",
    key: str | None = "id",
) -> Entity:
    return Entity.model_validate(
        {
            "name": name,
            "description": description,
            "kind": kind,
            "key": key if kind == "resource" else None,
            "fields": [f.model_dump() for f in fields],
            "relationships": [r.model_dump() for r in relationships or []],
            "business_rules": [{"text": t, "source": SRC} for t in rules or []],
            "unique_constraints": [{"fields": u, "source": SRC} for u in unique or []],
            "source": SRC,
        }
    )


def ep(
    id_: str,
    method: str,
    path: str,
    feature: str,
    *,
    entity: str | None = None,
    request: str | None = None,
    response: str | None = None,
    auth: bool = False,
    list_: bool = False,
    paginated: bool = False,
    deprecated: bool = False,
    summary: str | None = None,
    status: int | None = None,
    errors: list[int] | None = None,
) -> Endpoint:
    """An endpoint; ``status`` and ``errors`` default to what the planner infers (filled in by
    :func:`handoff`, which knows the entities)."""
    return Endpoint.model_construct(  # validated by handoff(), once inference filled it in
        **{
            "id": id_,
            "method": method,
            "path": path,
            "summary": summary or id_.replace("-", " ").capitalize(),
            "entity": entity,
            "feature": feature,
            "auth": auth,
            "request": request,
            "response": response,
            "list": list_,
            "paging": "page" if list_ and paginated else None,
            "envelope": ("items" if paginated else "bare") if list_ else None,
            "wrapper": None,
            "parameters": paging_params() if list_ and paginated else [],
            "status": status or 0,
            "headers": [],
            "errors": [] if errors is None else errors,
            "deprecated": deprecated,
            "source": SRC,
        }
    )


def param(
    name: str,
    role: str = "other",
    type_: str = "string",
    *,
    location: str = "query",
    target: str | None = None,
    required: bool = False,
    default: str | None = None,
    enum: list[str] | None = None,
    of: str | None = None,
    description: str | None = None,
) -> Parameter:
    return Parameter.model_validate(
        {
            "name": name,
            "location": location,
            "type": type_,
            "of": of,
            "enum_values": enum,
            "required": required,
            "default": default,
            "description": description,
            "role": role,
            "target": target,
            "source": SRC,
        }
    )


def paging_params(style: str = "page", snake: bool = False) -> list[Parameter]:
    """The paging controls a planner writes for ``style`` (issue 10: they are explicit)."""
    if style == "page":
        size = "page_size" if snake else "pageSize"
        return [param("page", "page", "integer"), param(size, "page_size", "integer")]
    if style == "offset":
        return [param("offset", "offset", "integer"), param("limit", "limit", "integer")]
    after = "starting_after" if snake else "cursor"
    return [param(after, "cursor"), param("limit", "limit", "integer")]


def feature(id_: str, name: str, description: str = "", reason: str | None = None) -> Feature:
    return Feature.model_validate(
        {
            "id": id_,
            "name": name,
            "description": description,
            "priority": "must",
            "complexity": "M",
            "acceptance_criteria": [
                AcceptanceCriterion(id=f"{id_}.ac1", text=f"{name} works.", source=SRC).model_dump()
            ],
            "no_endpoint_reason": reason,
            "source": SRC,
        }
    )


def note(target: str, constraint: str, value: str | None = None) -> NoteForSpec:
    return NoteForSpec.model_validate(
        {"target": target, "constraint": constraint, "value": value, "prose": "", "source": SRC}
    )


def auth(scheme: str = "jwt_with_refresh", **extra: Any) -> AuthPolicy:
    data: dict[str, Any] = {
        "scheme": scheme,
        "description": None,
        "features_requiring_auth": [],
        "roles": [],
        "oauth2_authorization_url": None,
        "oauth2_token_url": None,
        "oauth2_scopes": [],
        "api_key_header": None,
        "source": SRC,
    }
    data.update(extra)
    return AuthPolicy.model_validate(data)


def handoff(
    name: str,
    features: list[Feature],
    entities: list[Entity],
    endpoints: list[Endpoint],
    *,
    policy: AuthPolicy | None = None,
    notes: list[NoteForSpec] | None = None,
    rate_limit: bool = False,
    info: ApiInfo | None = None,
    description: str = "",
    intent_id: str = "demo",
) -> Handoff:
    nfrs = (
        [
            NonfunctionalRequirement(
                category="rate_limit",
                statement="100 requests a minute per client",
                value="100/minute",
                source=SRC,
            )
        ]
        if rate_limit
        else []
    )
    by_name = {e.name: e.model_dump() for e in entities}
    limited = bool(nfrs)
    return Handoff(
        project_name=name,
        intent_id=intent_id,
        description=description,
        api_info=info or api_info(),
        business_goals=[],
        features=features,
        entities=entities,
        api_surface=[_answered(ep, by_name, limited) for ep in endpoints],
        auth_policy=policy or auth("none"),
        tech_stack=TechStack(frontend="React+TS", backend="FastAPI", database="MongoDB", other=[]),
        nonfunctional_requirements=nfrs,
        environment_vars=[],
        deliverables=[],
        milestones=[],
        notes_for_spec=notes or [],
        trace_links=TraceLinks(
            intent_id=intent_id,
            intent_hash="0" * 64,
            planner=PlannerInfo(backend="offline", model=None, prompt_version=None),
            spec_suggested_version=None,
            inputs=[],
        ),
    )


def _answered(ep: Endpoint, entities: dict[str, Any], rate_limited: bool) -> Endpoint:
    """Fill what the test left to inference with the offline planner's own rules."""
    data = ep.model_dump()
    inferred = dict(data)
    nfrs = [{"category": "rate_limit"}] if rate_limited else []
    answer(inferred, AnswerContext(entities, nfrs, [], "camelCase"))
    if not data["status"]:
        data["status"] = inferred["status"]
        if not data["headers"]:
            data["headers"] = inferred["headers"]
    if not data["errors"]:
        data["errors"] = inferred["errors"]
    return Endpoint.model_validate(data)


# --------------------------------------------------------------------------- cases


def bookshop() -> Handoff:
    entities = [
        entity(
            "User",
            [
                ident(),
                fld("email", required=True, unique=True),
                fld("displayName", required=True),
                fld("phone"),
                fld("role", "enum", required=True, enum=["customer", "staff"]),
                *stamps(),
            ],
            unique=[["email"]],
            description="A person with an account.",
        ),
        entity(
            "Credentials",
            [fld("email", required=True), fld("password", required=True)],
            description="What a person logs in with.",
        ),
        entity(
            "Session",
            [
                fld("accessToken", required=True, server_set=True),
                fld("refreshToken", required=True, server_set=True),
                fld("expiresAt", "datetime", required=True, server_set=True),
            ],
        ),
        entity("TokenRefresh", [fld("refreshToken", required=True)]),
        entity(
            "Author",
            [ident(), fld("name", required=True), fld("website"), fld("born", "date")],
            relationships=[rel("books", "one-to-many", "Book")],
        ),
        entity(
            "Category",
            [
                ident(),
                fld("name", required=True, unique=True),
                fld("parent", "ref", ref="Category"),
            ],
            description="A shelf; categories nest (a self-reference by id).",
        ),
        entity(
            "Book",
            [
                ident(),
                fld("title", required=True),
                fld("isbn", required=True, unique=True),
                fld("price", "number", required=True),
                fld("stock", "integer", required=True),
                fld("author", "ref", required=True, ref="Author"),
                fld("categories", "array", of="Category"),
                fld("tags", "array", of="string"),
                fld("published", "boolean"),
                fld("format", "enum", enum=["hardcover", "paperback", "ebook"], required=True),
                *stamps(),
            ],
            relationships=[rel("author", "one-to-one", "Author", expand=True)],
            unique=[["isbn"]],
            rules=["A book with stock 0 cannot be ordered.", "Prices are in EUR."],
        ),
        entity(
            "Order",
            [
                ident(),
                fld("customer", "ref", required=True, ref="User", server_set=True),
                fld(
                    "status",
                    "enum",
                    required=True,
                    enum=["pending", "paid", "shipped"],
                    server_set=True,
                ),
                fld("total", "number", server_set=True),
                fld("shippingAddress", required=True),
                *stamps(),
            ],
            relationships=[rel("items", "one-to-many", "OrderItem", expand=True)],
        ),
        entity(
            "OrderItem",
            [
                ident(),
                fld("book", "ref", required=True, ref="Book"),
                fld("quantity", "integer", required=True),
            ],
        ),
        entity(
            "Review",
            [
                ident(),
                fld("book", "ref", required=True, ref="Book", server_set=True),
                fld("rating", "integer", required=True),
                fld("body"),
                *stamps(),
            ],
        ),
    ]
    features = [
        feature("accounts", "Accounts", "Register, log in and refresh tokens."),
        feature("browse-catalog", "Browse the catalog", "Anyone can browse books and authors."),
        feature("manage-catalog", "Manage the catalog", "Staff maintain books."),
        feature("orders", "Orders", "Customers order books."),
        feature("reviews", "Reviews", "Readers review books."),
        feature("newsletter", "Newsletter", reason="Sent by the marketing tool, not this API."),
    ]
    endpoints = [
        ep(
            "register-user",
            "POST",
            "/users",
            "accounts",
            entity="User",
            request="User",
            response="User",
        ),
        ep("login", "POST", "/auth/login", "accounts", request="Credentials", response="Session"),
        ep(
            "refresh-token",
            "POST",
            "/auth/refresh",
            "accounts",
            request="TokenRefresh",
            response="Session",
        ),
        ep("get-me", "GET", "/users/me", "accounts", entity="User", auth=True),
        ep(
            "list-books",
            "GET",
            "/books",
            "browse-catalog",
            entity="Book",
            list_=True,
            paginated=True,
        ),
        ep("get-book", "GET", "/books/{bookId}", "browse-catalog", entity="Book"),
        ep(
            "create-book",
            "POST",
            "/books",
            "manage-catalog",
            entity="Book",
            request="Book",
            response="Book",
            auth=True,
        ),
        ep(
            "update-book",
            "PATCH",
            "/books/{bookId}",
            "manage-catalog",
            entity="Book",
            request="Book",
            auth=True,
        ),
        ep(
            "replace-book",
            "PUT",
            "/books/{bookId}",
            "manage-catalog",
            entity="Book",
            request="Book",
            auth=True,
        ),
        ep("delete-book", "DELETE", "/books/{bookId}", "manage-catalog", entity="Book", auth=True),
        ep("list-authors", "GET", "/authors", "browse-catalog", entity="Author", list_=True),
        ep("get-author", "GET", "/authors/{authorId}", "browse-catalog", entity="Author"),
        ep(
            "list-author-books",
            "GET",
            "/authors/{authorId}/books",
            "browse-catalog",
            entity="Book",
            list_=True,
            paginated=True,
        ),
        ep(
            "list-categories", "GET", "/categories", "browse-catalog", entity="Category", list_=True
        ),
        ep(
            "create-order",
            "POST",
            "/orders",
            "orders",
            entity="Order",
            request="Order",
            response="Order",
            auth=True,
        ),
        ep("get-order", "GET", "/orders/{id}", "orders", entity="Order", auth=True),
        ep(
            "list-reviews",
            "GET",
            "/books/{bookId}/reviews",
            "reviews",
            entity="Review",
            list_=True,
            paginated=True,
        ),
        ep(
            "create-review",
            "POST",
            "/books/{bookId}/reviews",
            "reviews",
            entity="Review",
            request="Review",
            response="Review",
            auth=True,
        ),
        ep(
            "search-legacy",
            "GET",
            "/search",
            "browse-catalog",
            entity="Book",
            list_=True,
            deprecated=True,
        ),
    ]
    notes = [
        note("User.email", "email"),
        note("User.phone", "phone"),
        note("Credentials.email", "email"),
        note("Credentials.password", "write_only"),
        note("Credentials.password", "min_length", "8"),
        note("Author.website", "uri"),
        note("Book.title", "min_length", "1"),
        note("Book.title", "max_length", "200"),
        note("Book.isbn", "pattern", r"^97[89][0-9]{10}$"),
        note("Book.price", "min", "0"),
        note("Book.price", "multiple_of", "0.01"),
        note("Book.stock", "min", "0"),
        note("Book.tags", "max_items", "10"),
        note("Book.tags", "unique_items"),
        note("Book.published", "default", "false"),
        note("OrderItem.quantity", "min", "1"),
        note("OrderItem.quantity", "max", "99"),
        note("Review.rating", "min", "1"),
        note("Review.rating", "max", "5"),
        note("Review.body", "max_length", "2000"),
    ]
    info = ApiInfo(
        version=None,
        servers=[Server(url="https://api.bookshop.test/v1/", description="Production")],
        contact=Contact(name="Bookshop team", email="api@bookshop.test", url=None),
        license=License(name="MIT", identifier="MIT", url=None),
        naming="camelCase",
    )
    return handoff(
        "Bookshop",
        features,
        entities,
        endpoints,
        policy=auth("jwt_with_refresh", features_requiring_auth=["orders"]),
        notes=notes,
        rate_limit=True,
        info=info,
        description="An online bookshop: browse, order and review books.",
        intent_id="bookshop",
    )


def self_reference() -> Handoff:
    category = entity(
        "Category",
        [ident(), fld("name", required=True), fld("parent", "ref", ref="Category")],
        relationships=[rel("children", "one-to-many", "Category", expand=True)],
    )
    endpoints = [
        ep("list-categories", "GET", "/categories", "tree", entity="Category", list_=True),
        ep("get-category", "GET", "/categories/{id}", "tree", entity="Category"),
        ep("create-category", "POST", "/categories", "tree", entity="Category", request="Category"),
    ]
    return handoff("Tree", [feature("tree", "Category tree")], [category], endpoints)


def mutual_reference() -> Handoff:
    person = entity(
        "Person",
        [ident(), fld("name", required=True), fld("team", "ref", ref="Team")],
        relationships=[rel("team", "one-to-one", "Team", expand=True)],
    )
    team = entity(
        "Team",
        [ident(), fld("name", required=True), fld("lead", "ref", ref="Person")],
        relationships=[rel("members", "one-to-many", "Person", expand=True)],
    )
    endpoints = [
        ep("get-person", "GET", "/people/{personId}", "org", entity="Person"),
        ep("get-team", "GET", "/teams/{teamId}", "org", entity="Team"),
        ep(
            "update-team", "PUT", "/teams/{teamId}", "org", entity="Team", request="Team", auth=True
        ),
    ]
    return handoff(
        "Org", [feature("org", "Organisation")], [person, team], endpoints, policy=auth("api_key")
    )


_WIDE_TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "enum", "array")


def wide_entity(n_fields: int = 60) -> Handoff:
    fields = [ident()]
    for i in range(n_fields - 1):
        kind = _WIDE_TYPES[i % len(_WIDE_TYPES)]
        fields.append(
            fld(
                f"field{i}",
                kind,
                required=i % 3 == 0,
                enum=["a", "b"] if kind == "enum" else None,
                of="string" if kind == "array" else None,
            )
        )
    wide = entity("Wide", fields)
    endpoints = [
        ep("create-wide", "POST", "/wides", "wide", entity="Wide", request="Wide", response="Wide"),
        ep("get-wide", "GET", "/wides/{id}", "wide", entity="Wide"),
    ]
    notes = [note("Wide.field0", "max_length", "12"), note("Wide.field1", "min", "10")]
    return handoff("Wide", [feature("wide", "Wide records")], [wide], endpoints, notes=notes)


def escaping() -> Handoff:
    """Names and text that need quoting or escaping in YAML, JSON, URLs and TypeScript."""
    odd = ["yes", "no", "null", "in progress", "ñandú", "123", "true", "a: b", "#hash", "它"]
    entities = [
        entity(
            "Object",
            [
                ident(),
                fld("class", required=True),
                fld("default", "enum", enum=odd, required=True),
                fld("type", "integer"),
                fld("function", "boolean"),
                fld("delete", "date"),
            ],
            description="Naïve café: 'quotes', \"double\", #hash, tab\there.\nSecond line  ",
        ),
        entity("Error", [ident(), fld("message", required=True)]),
        entity("Problem", [ident(), fld("null", required=True)]),
        entity("ObjectCreate", [fld("in", required=True)]),
    ]
    features = [
        feature("cafe-orders", "Café: orders & more", "yes"),
        feature("errors", "Errors: #1"),
    ]
    endpoints = [
        ep(
            "list-objects",
            "GET",
            "/cafés",
            "cafe-orders",
            entity="Object",
            list_=True,
            summary="Liste: «tous»",
        ),
        ep(
            "get-object",
            "GET",
            "/cafés/{id}",
            "cafe-orders",
            entity="Object",
            summary="'quoted' # not a comment",
        ),
        ep(
            "create-object",
            "POST",
            "/cafés",
            "cafe-orders",
            entity="Object",
            request="Object",
            response="Object",
            auth=True,
        ),
        ep(
            "create-object-2",
            "POST",
            "/object-create",
            "cafe-orders",
            entity="ObjectCreate",
            request="ObjectCreate",
        ),
        ep("get-error", "GET", "/errors/{errorId}", "errors", entity="Error"),
        ep("get-problem", "GET", "/problems/{id}", "errors", entity="Problem"),
        ep("a-b1", "GET", "/ab/one", "errors", entity="Error"),
        ep("a-b-1", "GET", "/ab/two", "errors", entity="Error"),
    ]
    return handoff(
        "Büchér & Co: API #1",
        features,
        entities,
        endpoints,
        policy=auth("oauth2", oauth2_scopes=["read:all", "write"]),
        description="null",
        info=ApiInfo(
            version=None,
            servers=[Server(url="https://例え.test/api", description="ünïcödé")],
            contact=Contact(name="Zoë", email=None, url=None),
            license=License(
                name="Apache 2.0",
                identifier=None,
                url="https://www.apache.org/licenses/LICENSE-2.0",
            ),
            naming="camelCase",
        ),
    )


def synthetic_handoff(n_ops: int) -> Handoff:
    """``n_ops`` operations: CRUD (5 each) over ``ceil(n_ops / 5)`` entities, 10 per feature."""
    n_entities = max(1, -(-n_ops // 5))
    entities: list[Entity] = []
    endpoints: list[Endpoint] = []
    features: list[Feature] = []
    for i in range(n_entities):
        name = f"Resource{i}"
        feat = f"area-{i // 10}"
        if i % 10 == 0:
            features.append(feature(feat, f"Area {i // 10}", f"Resources {i} to {i + 9}."))
        fields = [
            ident(),
            fld("name", required=True, unique=True),
            fld("status", "enum", required=True, enum=["draft", "active", "archived"]),
            fld("count", "integer"),
            fld("score", "number"),
            fld("enabled", "boolean"),
            fld("dueOn", "date"),
            *stamps(),
        ]
        if i > 0:
            fields.append(fld("parent", "ref", ref=f"Resource{i - 1}"))
        entities.append(entity(name, fields, unique=[["name"]]))
        base = f"/resource{i}s"
        endpoints += [
            ep(f"list-resource{i}", "GET", base, feat, entity=name, list_=True, paginated=True),
            ep(
                f"create-resource{i}",
                "POST",
                base,
                feat,
                entity=name,
                request=name,
                response=name,
                auth=True,
            ),
            ep(f"get-resource{i}", "GET", base + "/{id}", feat, entity=name),
            ep(
                f"update-resource{i}",
                "PATCH",
                base + "/{id}",
                feat,
                entity=name,
                request=name,
                auth=True,
            ),
            ep(f"delete-resource{i}", "DELETE", base + "/{id}", feat, entity=name, auth=True),
        ]
    endpoints = endpoints[:n_ops]
    notes = [note(f"Resource{i}.name", "max_length", "80") for i in range(n_entities)]
    return handoff(
        f"Synthetic {n_ops}",
        features,
        entities,
        endpoints,
        policy=auth(),
        notes=notes,
        rate_limit=True,
        description=f"A synthetic API of {n_ops} operations.",
        intent_id="synthetic",
    )


# --------------------------------------------------------------------------- issue 10 shapes


def _hdr(name: str, type_: str = "string", description: str | None = None) -> ResponseHeader:
    return ResponseHeader(name=name, type=type_, description=description)  # type: ignore[arg-type]


def _shaped(
    base: Endpoint,
    *,
    params: list[Parameter] | None = None,
    paging: str | None = None,
    envelope: str | None = None,
    wrapper: str | None = None,
    headers: list[ResponseHeader] | None = None,
) -> Endpoint:
    """``base`` with the issue-10 parts a test gives (the rest stays inferred)."""
    data = dict(base.__dict__)
    given = params or []
    explicit = any(p.role in ("page", "page_size", "offset", "limit", "cursor") for p in given)
    data["parameters"] = [*given, *(paging_params(paging) if paging and not explicit else [])]
    data["paging"] = paging
    data["envelope"] = envelope if base.list else None
    data["wrapper"] = wrapper
    data["headers"] = headers or []
    return Endpoint.model_construct(**data)


def _conduit_entities() -> list[Entity]:
    no_stamps = [
        entity(
            "Profile",
            [
                fld("username", required=True, unique=True),
                fld("bio"),
                fld("image"),
                fld("following", "boolean", server_set=True),
                fld("address", "ref", ref="Address"),
            ],
            key="username",
            description="A public profile, keyed by its username (no timestamps).",
        ),
    ]
    return [
        *no_stamps,
        entity(
            "Article",
            [
                fld("slug", required=True, unique=True, server_set=True),
                fld("title", required=True),
                fld("description"),
                fld("body", required=True),
                fld("tagList", "array", of="string"),
                fld("metadata", "map", of="string"),
                fld("status", "enum", enum=["draft", "published"], required=True),
                fld("favoritesCount", "integer", server_set=True),
                fld("author", "ref", ref="Profile", required=True, expand=True),
                *stamps(),
            ],
            key="slug",
            unique=[["slug"]],
        ),
        entity(
            "Comment",
            [
                ident(),
                fld("body", required=True),
                fld("author", "ref", ref="Profile", server_set=True, expand=True),
                fld("createdAt", "datetime", required=True, server_set=True),
            ],
        ),
        entity("Address", [fld("city", required=True), fld("country")], kind="shape"),
        entity(
            "Credentials",
            [fld("email", required=True), fld("password", required=True)],
            kind="shape",
            description="What a person logs in with.",
        ),
        entity(
            "Session",
            [
                fld("token", required=True, server_set=True),
                fld("user", "ref", ref="Profile", required=True, expand=True),
            ],
            kind="shape",
        ),
        entity("TagList", [fld("tags", "array", of="string", required=True)], kind="shape"),
        entity("Confirmation", [fld("message", required=True)], kind="shape"),
    ]


def _article_filters() -> list[Parameter]:
    return [
        param("tag", "equals", target="Article.tagList", description="Only with this tag."),
        param("author", "equals", target="Article.author"),
        param("status", "equals", "enum", target="Article.status", enum=["draft", "published"]),
        param("createdFrom", "from", "datetime", target="Article.createdAt"),
        param("createdTo", "to", "datetime", target="Article.createdAt"),
        param("q", "search"),
        param(
            "sort",
            "sort",
            "enum",
            enum=["createdAt", "-createdAt", "title", "-title"],
            default="-createdAt",
        ),
    ]


def _conduit_endpoints() -> list[Endpoint]:
    slug = "/articles/{slug}"
    rate = [_hdr("X-RateLimit-Remaining", "integer")]
    idem = param("Idempotency-Key", location="header", required=True, description="Safe retries.")
    match = param("If-Match", location="header", required=True)
    article = {"entity": "Article", "request": "Article", "response": "Article", "auth": True}
    return [
        _shaped(
            ep(
                "login",
                "POST",
                "/users/login",
                "accounts",
                request="Credentials",
                response="Session",
                status=200,
                errors=[400, 401, 422],
            ),
            wrapper="user",
        ),
        _shaped(
            ep("list-articles", "GET", "/articles", "articles", entity="Article", list_=True),
            params=_article_filters(),
            paging="offset",
            envelope="named",
            wrapper="articles",
            headers=rate,
        ),
        _shaped(
            ep(
                "feed", "GET", "/articles/feed", "articles", entity="Article", list_=True, auth=True
            ),
            params=[param("tag", "equals", target="Article.tagList")],
            paging="cursor",
            envelope="bare",
        ),
        _shaped(
            ep("get-article", "GET", slug, "articles", entity="Article"),
            wrapper="article",
            headers=[_hdr("ETag")],
        ),
        _shaped(
            ep(
                "create-article",
                "POST",
                "/articles",
                "articles",
                **article,
                errors=[400, 401, 409, 415, 422],
            ),
            params=[idem],
            wrapper="article",
            headers=[_hdr("Location")],
        ),
        _shaped(
            ep(
                "replace-article",
                "PUT",
                slug,
                "articles",
                **article,
                errors=[400, 401, 403, 404, 412, 422],
            ),
            params=[match],
            wrapper="article",
            headers=[_hdr("ETag")],
        ),
        _shaped(ep("update-article", "PATCH", slug, "articles", **article), wrapper="article"),
        ep(
            "delete-article",
            "DELETE",
            slug,
            "articles",
            entity="Article",
            auth=True,
            errors=[401, 403, 404],
        ),
        ep(
            "publish-article",
            "POST",
            slug + "/publish",
            "articles",
            entity="Article",
            response="Confirmation",
            auth=True,
            status=202,
        ),
        _shaped(
            ep(
                "list-comments", "GET", slug + "/comments", "comments", entity="Comment", list_=True
            ),
            paging="page",
            envelope="data",
        ),
        ep(
            "create-comment",
            "POST",
            slug + "/comments",
            "comments",
            entity="Comment",
            request="Comment",
            response="Comment",
            auth=True,
        ),
        ep(
            "delete-comment",
            "DELETE",
            slug + "/comments/{id}",
            "comments",
            entity="Comment",
            auth=True,
            status=204,
        ),
        ep(
            "get-profile",
            "GET",
            "/profiles/{username}",
            "profiles",
            entity="Profile",
            errors=[404, 410],
        ),
        _shaped(
            ep("list-profiles", "GET", "/profiles", "profiles", entity="Profile", list_=True),
            envelope="items",
        ),
        ep("list-tags", "GET", "/tags", "profiles", response="TagList"),
    ]


def conduit() -> Handoff:
    """Every issue-10 construct in camelCase: filters, offset/cursor/page paging, the four
    envelopes, wrappers, shapes, natural keys, expanded refs, lists and maps of scalars,
    202/204, response headers, header parameters, exact error sets, a ``jwt`` scheme."""
    features = [
        feature("accounts", "Accounts", "Log in."),
        feature("articles", "Articles", "Write and read articles."),
        feature("comments", "Comments", "Comment on articles."),
        feature("profiles", "Profiles", "Public profiles and tags."),
    ]
    notes = [note("Credentials.password", "write_only"), note("Profile.image", "uri")]
    return handoff(
        "Conduit",
        features,
        _conduit_entities(),
        _conduit_endpoints(),
        policy=auth("jwt"),
        notes=notes,
        rate_limit=True,
        description="A blogging platform.",
        intent_id="conduit",
    )


def _ledger_entities() -> list[Entity]:
    stamp = fld("created_at", "datetime", required=True, server_set=True)
    return [
        entity(
            "Customer",
            [
                ident(),
                fld("email", required=True),
                fld("metadata", "map", of="string"),
                fld("balance", "integer"),
                stamp,
            ],
        ),
        entity(
            "Invoice",
            [
                ident(),
                fld("customer", "ref", ref="Customer", required=True),
                fld("amount_due", "integer", required=True),
                fld("lines", "array", of="string"),
                stamp,
            ],
        ),
        entity("Charge", [ident(), fld("amount", "integer", required=True), stamp]),
    ]


def ledger() -> Handoff:
    """snake_case naming: cursor + data (``has_more``), offset + items, page + named
    (``charges_count``, ``per_page``), a Stripe-style POST update, an API key."""
    per_page = [param("page", "page", "integer"), param("per_page", "page_size", "integer")]
    endpoints = [
        _shaped(
            ep(
                "list-customers",
                "GET",
                "/customers",
                "billing",
                entity="Customer",
                list_=True,
                auth=True,
            ),
            params=[
                param("email", "equals", target="Customer.email"),
                param("created_from", "from", "datetime", target="Customer.created_at"),
                param("starting_after", "cursor"),
                param("limit", "limit", "integer", default="10"),
            ],
            paging="cursor",
            envelope="data",
        ),
        ep(
            "create-customer",
            "POST",
            "/customers",
            "billing",
            entity="Customer",
            request="Customer",
            response="Customer",
            auth=True,
        ),
        ep(
            "update-customer",
            "POST",
            "/customers/{id}",
            "billing",
            entity="Customer",
            request="Customer",
            response="Customer",
            auth=True,
            status=200,
        ),
        _shaped(
            ep(
                "list-invoices",
                "GET",
                "/invoices",
                "billing",
                entity="Invoice",
                list_=True,
                auth=True,
            ),
            params=[param("customer", "equals", target="Invoice.customer")],
            paging="offset",
            envelope="items",
        ),
        _shaped(
            ep(
                "list-charges", "GET", "/charges", "billing", entity="Charge", list_=True, auth=True
            ),
            params=per_page,
            envelope="named",
            wrapper="charges",
        ),
    ]
    charges = endpoints[-1]
    endpoints[-1] = Endpoint.model_construct(**{**charges.__dict__, "paging": "page"})
    info = api_info()
    info = ApiInfo.model_validate({**info.model_dump(), "naming": "snake_case"})
    return handoff(
        "Ledger",
        [feature("billing", "Billing", "Customers, invoices and charges.")],
        _ledger_entities(),
        endpoints,
        policy=auth("api_key", api_key_header="X-Api-Key"),
        info=info,
        intent_id="ledger",
    )


ALL_CASES = {
    "bookshop": bookshop,
    "self_reference": self_reference,
    "mutual_reference": mutual_reference,
    "wide_entity": wide_entity,
    "escaping": escaping,
    "conduit": conduit,
    "ledger": ledger,
}
