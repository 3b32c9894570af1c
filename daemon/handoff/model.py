"""The Planner hand-off (``plan/handoff.yaml``) as pydantic models, and its name patterns.

The models are written so that the same classes serve as a strict structured-output schema
for a language model (issue #2, item 2): ``extra="forbid"`` everywhere, every field required
(optional means nullable, never a default), no free-form maps. A planner therefore cannot
smuggle JSON Schema or OpenAPI shapes in: unknown keys are rejected.

The top-level keys follow DESIGN.md's order; ``api_info`` (servers, contact, license, pinned
version) is the one addition, placed after ``description``.
"""

from __future__ import annotations

import builtins
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SOURCE_RE = r"^[^\s:][^:]*:[1-9][0-9]*$"
SEMVER_RE = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
SLUG_RE = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
ENTITY_RE = r"^[A-Z][A-Za-z0-9]*$"
FIELD_RE = r"^[a-z][A-Za-z0-9_]*$"  # the wire name: camelCase or snake_case (api_info.naming)
ENV_RE = r"^[A-Z][A-Z0-9_]*$"
PARAM_RE = r"^[A-Za-z][A-Za-z0-9_.\-]*$"  # a query or header name: tag, pageSize, Idempotency-Key
HEADER_RE = r"^[A-Za-z][A-Za-z0-9-]*$"

Source = Annotated[str, StringConstraints(pattern=SOURCE_RE)]
"""Where an item comes from: ``intent/app.md:14`` (path relative to the workspace, 1-based)."""
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE)]
EntityName = Annotated[str, StringConstraints(pattern=ENTITY_RE)]
FieldName = Annotated[str, StringConstraints(pattern=FIELD_RE)]
Text = Annotated[str, StringConstraints(min_length=1)]
ParamName = Annotated[str, StringConstraints(pattern=PARAM_RE)]
HeaderName = Annotated[str, StringConstraints(pattern=HEADER_RE)]

Priority = Literal["must", "should", "could"]
Complexity = Literal["S", "M", "L"]
FieldType = Literal[
    "string",
    "number",
    "integer",
    "boolean",
    "date",
    "datetime",
    "enum",
    "array",
    "object",
    "map",
    "ref",
]
ScalarType = Literal["string", "number", "integer", "boolean", "date", "datetime"]
RelationshipKind = Literal["one-to-one", "one-to-many", "many-to-many"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
AuthScheme = Literal["jwt", "jwt_with_refresh", "oauth2", "api_key", "none"]
EntityKind = Literal["resource", "shape"]
"""``resource``: stored, identified by its key, with read/create/update shapes; ``shape``: one
plain object that is only sent or returned (credentials, a token, a confirmation, a value)."""
Naming = Literal["camelCase", "snake_case"]
ParamType = Literal["string", "number", "integer", "boolean", "date", "datetime", "enum", "array"]
ParamLocation = Literal["query", "header"]
ParamRole = Literal[
    "equals",
    "from",
    "to",
    "search",
    "sort",
    "page",
    "page_size",
    "offset",
    "limit",
    "cursor",
    "other",
]
"""What a parameter does: a filter (``equals`` a field or relation, ``from``/``to`` a range,
``search`` full text), ``sort``, a paging control, or ``other`` (e.g. an idempotency key)."""
FILTER_ROLES: frozenset[str] = frozenset({"equals", "from", "to"})
PAGING_ROLES: frozenset[str] = frozenset({"page", "page_size", "offset", "limit", "cursor"})
Paging = Literal["page", "offset", "cursor"]
Envelope = Literal["items", "data", "named", "bare"]
"""How a list comes back: ``{items, total, …}``, ``{data, links}``, ``{<wrapper>: […],
<wrapper>Count}`` or a bare array."""
SuccessStatus = Literal[200, 201, 202, 204]
ErrorStatus = Literal[400, 401, 403, 404, 409, 410, 412, 415, 422, 429]
NfrCategory = Literal[
    "rate_limit",
    "throughput",
    "latency",
    "availability",
    "data_residency",
    "pii",
    "security",
    "other",
]
Constraint = Literal[
    "uuid",
    "email",
    "uri",
    "hostname",
    "ipv4",
    "ipv6",
    "phone",
    "min",
    "max",
    "exclusive_min",
    "exclusive_max",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
    "min_items",
    "max_items",
    "unique_items",
    "read_only",
    "write_only",
    "default",
    "example",
]
"""The closed vocabulary of ``notes_for_spec`` constraints the compiler obeys."""

VALUED_CONSTRAINTS: frozenset[str] = frozenset(
    {
        "min",
        "max",
        "exclusive_min",
        "exclusive_max",
        "multiple_of",
        "min_length",
        "max_length",
        "pattern",
        "min_items",
        "max_items",
        "default",
        "example",
    }
)
SCALAR_TYPES: tuple[str, ...] = ("string", "number", "integer", "boolean", "date", "datetime")


class Model(BaseModel):
    """Base: strict shape, no extra keys, no defaults."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)


class BusinessGoal(Model):
    goal: Text
    metric: str | None = Field(description="How success is measured, or null.")
    source: Source


class AcceptanceCriterion(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*\.ac[0-9]+$")] = Field(
        description="Stable id: '<feature id>.ac<n>'."
    )
    text: Text
    source: Source


class Feature(Model):
    id: Slug = Field(description="Stable kebab-case id, e.g. 'browse-catalog'.")
    name: Text
    description: str
    priority: Priority
    complexity: Complexity
    acceptance_criteria: list[AcceptanceCriterion]
    no_endpoint_reason: str | None = Field(
        description="Why no endpoint serves this feature (e.g. front-end only), or null."
    )
    source: Source


class EntityField(Model):
    name: FieldName
    type: FieldType
    of: str | None = Field(
        description="Item type of an array: a scalar type or an entity name; null otherwise."
    )
    ref: EntityName | None = Field(description="Target entity of a 'ref' field; null otherwise.")
    enum_values: list[Text] | None = Field(description="Values of an 'enum' field; else null.")
    required: bool
    unique: bool
    server_set: bool = Field(description="Set by the server (ids, timestamps): read-only.")
    expand: bool = Field(
        description="A 'ref' field that read shapes embed as the object instead of its key."
    )
    description: str | None
    source: Source


class Relationship(Model):
    kind: RelationshipKind
    target: EntityName
    name: FieldName = Field(description="How this entity calls the related ones, e.g. 'books'.")
    expand: bool = Field(description="Read shapes embed the target instead of its id.")
    source: Source


class BusinessRule(Model):
    text: Text
    source: Source


class UniqueConstraint(Model):
    fields: list[FieldName] = Field(min_length=1)
    source: Source


class Entity(Model):
    name: EntityName
    description: str | None
    kind: EntityKind
    key: FieldName | None = Field(
        description="The field that identifies one in paths ('id', 'slug', 'username'); "
        "null for a shape."
    )
    fields: list[EntityField]
    relationships: list[Relationship]
    business_rules: list[BusinessRule]
    unique_constraints: list[UniqueConstraint]
    source: Source


class Parameter(Model):
    """A query or header parameter (path parameters come from the path itself)."""

    name: ParamName
    location: ParamLocation
    type: ParamType
    of: ScalarType | None = Field(description="Item type of an 'array'; null otherwise.")
    enum_values: list[Text] | None = Field(description="Values of an 'enum'; else null.")
    required: bool
    default: str | None = Field(description="The default as text, or null.")
    description: str | None
    role: ParamRole
    target: str | None = Field(
        description="What a filter works on: 'Entity.field' or 'Entity.relationship'; else null."
    )
    source: Source


class ResponseHeader(Model):
    """A header of the success response: ``Location``, ``ETag``, ``Retry-After``, …"""

    name: HeaderName
    type: ScalarType
    description: str | None


class Endpoint(Model):
    # `list` is a field here, so the list type is spelled builtins.list in this class.
    id: Slug = Field(description="Stable id, e.g. 'list-books'; the operationId derives from it.")
    method: HttpMethod
    path: Annotated[str, StringConstraints(pattern=r"^/[^\s?#]*$")]
    summary: Text
    entity: EntityName | None
    feature: Slug
    auth: bool = Field(description="Whether a caller must authenticate; false: public.")
    request: EntityName | None = Field(
        description="Entity (or shape) whose body is sent: its create shape on POST, its full "
        "shape on PUT, its partial shape on PATCH."
    )
    response: EntityName | None = Field(description="Entity returned (one, or a list of them).")
    list: bool
    paging: Paging | None = Field(description="How a list is paged; null: not paged.")
    envelope: Envelope | None = Field(description="How a list comes back; null for one object.")
    wrapper: FieldName | None = Field(
        description="The key wrapping one object in the request and response body "
        "({article: {…}}), or naming a 'named' list envelope; null: unwrapped."
    )
    parameters: builtins.list[Parameter]
    status: SuccessStatus
    headers: builtins.list[ResponseHeader]
    errors: builtins.list[ErrorStatus] = Field(description="The error statuses it can answer.")
    deprecated: bool
    source: Source


class AuthPolicy(Model):
    scheme: AuthScheme
    description: str | None
    features_requiring_auth: list[Slug]
    roles: list[Text]
    oauth2_authorization_url: str | None
    oauth2_token_url: str | None
    oauth2_scopes: list[Text]
    api_key_header: str | None
    source: Source | None


class TechStack(Model):
    frontend: Text
    backend: Text
    database: Text
    other: list[Text]


class NonfunctionalRequirement(Model):
    category: NfrCategory
    statement: Text
    value: str | None = Field(description="The measurable target, e.g. '100/minute', '200ms'.")
    source: Source


class EnvironmentVar(Model):
    name: Annotated[str, StringConstraints(pattern=ENV_RE)]
    purpose: Text
    required: bool
    source: Source


class Deliverable(Model):
    id: Slug
    name: Text
    description: str
    features: list[Slug]
    acceptance_criteria: list[Text]
    tests: list[Text] = Field(description="Test expectations.")
    source: Source


class Milestone(Model):
    id: Slug
    name: Text
    description: str
    deliverables: list[Slug]
    features: list[Slug]
    acceptance_criteria: list[Text]
    source: Source


class NoteForSpec(Model):
    target: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9_]*)?$")]
    constraint: Constraint
    value: str | None = Field(description="The constraint's value as text; null for flags.")
    prose: str
    source: Source


class Server(Model):
    url: Text
    description: str | None


class Contact(Model):
    name: str | None
    email: str | None
    url: str | None


class License(Model):
    name: Text
    identifier: str | None = Field(description="SPDX identifier, e.g. 'MIT'.")
    url: str | None


class ApiInfo(Model):
    version: Annotated[str, StringConstraints(pattern=SEMVER_RE)] | None = Field(
        description="A version pinned in the intent; the computed version never goes below it."
    )
    servers: list[Server]
    contact: Contact | None
    license: License | None
    naming: Naming = Field(description="How field and parameter names are written on the wire.")


class PlannerInfo(Model):
    backend: Literal["offline", "openai"]
    model: str | None
    prompt_version: str | None


class IntentInput(Model):
    path: Text
    media_type: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    read: bool = Field(description="Whether the planner read this input.")
    note: str | None


class TraceLinks(Model):
    """Content-derived only: never a job, branch, commit or time (those live in git)."""

    intent_id: Slug
    intent_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    planner: PlannerInfo
    spec_suggested_version: Annotated[str, StringConstraints(pattern=SEMVER_RE)] | None
    inputs: list[IntentInput]


class Handoff(Model):
    project_name: Text
    intent_id: Slug
    description: str
    api_info: ApiInfo
    business_goals: list[BusinessGoal]
    features: list[Feature]
    entities: list[Entity]
    api_surface: list[Endpoint]
    auth_policy: AuthPolicy
    tech_stack: TechStack
    nonfunctional_requirements: list[NonfunctionalRequirement]
    environment_vars: list[EnvironmentVar]
    deliverables: list[Deliverable]
    milestones: list[Milestone]
    notes_for_spec: list[NoteForSpec]
    trace_links: TraceLinks
