"""The Planner hand-off (``plan/handoff.yaml``) as pydantic models, and its semantic checks.

The models are written so that the same classes serve as a strict structured-output schema
for a language model (issue #2, item 2): ``extra="forbid"`` everywhere, every field required
(optional means nullable, never a default), no free-form maps. A planner therefore cannot
smuggle JSON Schema or OpenAPI shapes in: unknown keys are rejected.

The top-level keys follow DESIGN.md's order; ``api_info`` (servers, contact, license, pinned
version) is the one addition, placed after ``description``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .. import layout
from ..errors import Finding

SOURCE_RE = r"^[^\s:][^:]*:[1-9][0-9]*$"
SEMVER_RE = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
SLUG_RE = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
ENTITY_RE = r"^[A-Z][A-Za-z0-9]*$"
FIELD_RE = r"^[a-z][A-Za-z0-9]*$"
ENV_RE = r"^[A-Z][A-Z0-9_]*$"

Source = Annotated[str, StringConstraints(pattern=SOURCE_RE)]
"""Where an item comes from: ``intent/app.md:14`` (path relative to the workspace, 1-based)."""
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE)]
EntityName = Annotated[str, StringConstraints(pattern=ENTITY_RE)]
FieldName = Annotated[str, StringConstraints(pattern=FIELD_RE)]
Text = Annotated[str, StringConstraints(min_length=1)]

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
    "ref",
]
ScalarType = Literal["string", "number", "integer", "boolean", "date", "datetime"]
RelationshipKind = Literal["one-to-one", "one-to-many", "many-to-many"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
AuthScheme = Literal["jwt_with_refresh", "oauth2", "api_key", "none"]
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
    fields: list[EntityField]
    relationships: list[Relationship]
    business_rules: list[BusinessRule]
    unique_constraints: list[UniqueConstraint]
    source: Source


class Endpoint(Model):
    id: Slug = Field(description="Stable id, e.g. 'list-books'; the operationId derives from it.")
    method: HttpMethod
    path: Annotated[str, StringConstraints(pattern=r"^/[^\s?#]*$")]
    summary: Text
    entity: EntityName | None
    feature: Slug
    auth: bool
    request: EntityName | None = Field(description="Entity whose create/update shape is sent.")
    response: EntityName | None = Field(description="Entity returned (one, or a list of them).")
    list: bool
    paginated: bool
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
    target: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)?$")]
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


# --------------------------------------------------------------------------- conversion


def to_data(handoff: Handoff) -> dict[str, Any]:
    """The hand-off as plain data in model field order (what ``plan/handoff.yaml`` holds)."""
    return handoff.model_dump(mode="json")


def from_data(data: Any, path: str = layout.HANDOFF) -> Handoff:
    """Validate plain data into a :class:`Handoff`; shape errors become findings."""
    from ..errors import PlanError

    try:
        return Handoff.model_validate(data)
    except ValidationError as exc:
        raise PlanError(
            f"{path}: the hand-off does not match its schema",
            tuple(validation_findings(exc, path)),
        ) from None


def validation_findings(exc: ValidationError, path: str) -> Iterator[Finding]:
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        yield Finding(path, f"{loc}: {err['msg']}", rule="schema")


def json_schema() -> dict[str, Any]:
    return Handoff.model_json_schema()


# --------------------------------------------------------------------------- semantics

_SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an OpenAI-style API key", re.compile(r"\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{16,}")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})"),
    ),
    ("a Slack token", re.compile(r"\bxox[abpors]-[A-Za-z0-9-]{10,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Stripe key", re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    (
        "a JSON Web Token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+"),
    ),
    ("a password in a URL", re.compile(r"[a-z][a-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@", re.IGNORECASE)),
    (
        "a secret assignment",
        re.compile(
            r"\b(?:api[_-]?key|secret|token|password|passwd)\s*[=:]\s*['\"]?"
            r"(?=[A-Za-z0-9_\-+/]{12,})(?=[^\s'\"]*[0-9])(?=[^\s'\"]*[A-Za-z])[A-Za-z0-9_\-+/=]{12,}",
            re.IGNORECASE,
        ),
    ),
)


def find_secret(text: str) -> str | None:
    """Name the kind of secret ``text`` appears to contain, or None."""
    for kind, pattern in _SECRET_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


def _dupes(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def check(handoff: Handoff, path: str = layout.HANDOFF) -> list[Finding]:
    """Semantic checks beyond the shape. Each finding points at the item's ``source``."""
    out: list[Finding] = []

    def err(source: str | None, message: str, rule: str) -> None:
        out.append(Finding(source or path, message, rule=rule))

    entities = {e.name: e for e in handoff.entities}
    features = {f.id: f for f in handoff.features}
    served = {ep.feature for ep in handoff.api_surface}

    for name in _dupes(e.name for e in handoff.entities):
        err(entities[name].source, f"entity '{name}' is defined more than once", "unique-entity")
    for fid in _dupes(f.id for f in handoff.features):
        err(features[fid].source, f"feature id '{fid}' is used more than once", "unique-feature")
    for fname in _dupes(f.name.casefold() for f in handoff.features):
        err(path, f"two features are named '{fname}'; give each a distinct name", "unique-feature")
    for eid in _dupes(ep.id for ep in handoff.api_surface):
        err(path, f"endpoint id '{eid}' is used more than once", "unique-endpoint")
    for key in _dupes(f"{ep.method} {ep.path}" for ep in handoff.api_surface):
        err(path, f"endpoint '{key}' is declared more than once", "unique-endpoint")
    for cid in _dupes(c.id for f in handoff.features for c in f.acceptance_criteria):
        err(path, f"acceptance criterion id '{cid}' is used more than once", "unique-criterion")

    for feature in handoff.features:
        if not feature.acceptance_criteria:
            err(
                feature.source,
                f"feature '{feature.name}' has no acceptance criteria; add at least one bullet "
                "under it",
                "feature-criteria",
            )
        for crit in feature.acceptance_criteria:
            if not crit.id.startswith(feature.id + "."):
                err(crit.source, f"criterion id '{crit.id}' must start with '{feature.id}.'", "ids")
        if feature.id not in served and not feature.no_endpoint_reason:
            err(
                feature.source,
                f"feature '{feature.name}' has no endpoint and no reason; add an endpoint or "
                "say why it has none",
                "feature-endpoint",
            )

    for entity in handoff.entities:
        _check_entity(entity, entities, err)

    for ep in handoff.api_surface:
        if ep.feature not in features:
            err(ep.source, f"endpoint '{ep.id}' names unknown feature '{ep.feature}'", "ref")
        for role, target in (
            ("entity", ep.entity),
            ("request", ep.request),
            ("response", ep.response),
        ):
            if target is not None and target not in entities:
                err(ep.source, f"endpoint '{ep.id}' {role} names unknown entity '{target}'", "ref")
        if ep.paginated and not ep.list:
            err(ep.source, f"endpoint '{ep.id}' is paginated but not a list", "endpoint")
        if ep.method in ("GET", "DELETE") and ep.request is not None:
            err(
                ep.source,
                f"endpoint '{ep.id}': {ep.method} cannot carry a request body",
                "endpoint",
            )

    for fid in handoff.auth_policy.features_requiring_auth:
        if fid not in features:
            err(handoff.auth_policy.source, f"auth_policy names unknown feature '{fid}'", "ref")

    for d in handoff.deliverables:
        for fid in d.features:
            if fid not in features:
                err(d.source, f"deliverable '{d.id}' names unknown feature '{fid}'", "ref")
    deliverable_ids = {d.id for d in handoff.deliverables}
    for m in handoff.milestones:
        for fid in m.features:
            if fid not in features:
                err(m.source, f"milestone '{m.id}' names unknown feature '{fid}'", "ref")
        for did in m.deliverables:
            if did not in deliverable_ids:
                err(m.source, f"milestone '{m.id}' names unknown deliverable '{did}'", "ref")

    for note in handoff.notes_for_spec:
        _check_note(note, entities, err)

    for env in handoff.environment_vars:
        if find_secret(env.purpose) or "=" in env.purpose:
            err(
                env.source,
                f"environment variable {env.name}: give its purpose, never its value",
                "env-value",
            )
    for name in _dupes(e.name for e in handoff.environment_vars):
        err(path, f"environment variable {name} is listed more than once", "unique-env")

    for where, text in _strings(to_data(handoff), ""):
        kind = find_secret(text)
        if kind is not None:
            err(path, f"{where} looks like {kind}; never put secrets in the plan", "secret")
    return out


def _check_entity(entity: Entity, entities: dict[str, Entity], err: Any) -> None:
    names = [f.name for f in entity.fields]
    for dup in _dupes(names):
        err(entity.source, f"entity {entity.name}: field '{dup}' is defined twice", "unique-field")
    for f in entity.fields:
        where = f"{entity.name}.{f.name}"
        if f.type == "ref":
            if f.ref is None:
                err(f.source, f"{where}: a ref field needs a target entity", "ref")
            elif f.ref not in entities:
                err(f.source, f"{where}: unknown entity '{f.ref}' in ref", "ref")
        elif f.ref is not None:
            err(f.source, f"{where}: only a 'ref' field may name a target", "field")
        if f.type == "enum":
            if not f.enum_values:
                err(f.source, f"{where}: an enum needs its values", "enum")
            elif _dupes(f.enum_values):
                err(
                    f.source,
                    f"{where}: enum values repeat: {', '.join(_dupes(f.enum_values))}",
                    "enum",
                )
        elif f.enum_values is not None:
            err(f.source, f"{where}: only an 'enum' field may list values", "enum")
        if f.type == "array":
            if f.of is None:
                err(f.source, f"{where}: an array needs an item type ('of')", "array")
            elif f.of not in SCALAR_TYPES and f.of not in entities:
                err(f.source, f"{where}: unknown array item type '{f.of}'", "ref")
        elif f.of is not None:
            err(f.source, f"{where}: only an 'array' field may name an item type", "array")
    for rel in entity.relationships:
        if rel.target not in entities:
            err(rel.source, f"{entity.name}: relationship to unknown entity '{rel.target}'", "ref")
    for uc in entity.unique_constraints:
        for fname in uc.fields:
            if fname not in names:
                err(
                    uc.source,
                    f"{entity.name}: unique constraint names unknown field '{fname}'",
                    "ref",
                )


def _check_note(note: NoteForSpec, entities: dict[str, Entity], err: Any) -> None:
    ent, _, fname = note.target.partition(".")
    if ent not in entities:
        err(note.source, f"note for spec targets unknown entity '{ent}'", "ref")
        return
    if fname and fname not in {f.name for f in entities[ent].fields}:
        err(note.source, f"note for spec targets unknown field '{note.target}'", "ref")
    if note.constraint in VALUED_CONSTRAINTS and note.value is None:
        err(note.source, f"{note.target}: constraint '{note.constraint}' needs a value", "note")
    if note.constraint in ("min", "max", "exclusive_min", "exclusive_max", "multiple_of"):
        if note.value is not None and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", note.value):
            err(note.source, f"{note.target}: '{note.constraint}' needs a number", "note")
    if note.constraint in ("min_length", "max_length", "min_items", "max_items"):
        if note.value is not None and not note.value.isdigit():
            err(note.source, f"{note.target}: '{note.constraint}' needs a whole number", "note")
    if note.constraint == "pattern" and note.value is not None:
        try:
            re.compile(note.value)
        except re.error as exc:
            err(note.source, f"{note.target}: invalid pattern: {exc}", "note")
