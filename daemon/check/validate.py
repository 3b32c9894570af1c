"""Validation of an OpenAPI 3.1 contract: findings as values (issue #3 item 3).

Five checks, each a pure function of the in-memory document (never re-parsed YAML):

- ``openapi-spec-validator``: osv's 3.1 validator class (jsonschema-rs backend when installed);
- ``refs``: prance's ``RefResolver`` (internal refs only) plus a cycle-aware ``$ref`` walk that
  gives every broken reference its pointer. Both libraries recurse on schema cycles (prance #40,
  osv #400); a ``RecursionError`` falls back to the walk, so a self- or mutually-referencing
  entity validates instead of crashing;
- ``lint``: Spectral ``spectral:oas`` / Redocly ``recommended`` rules (:mod:`.lint`);
- ``examples``: every example (schema ``example``/``examples``/``default``, media type and
  parameter examples) against its schema, JSON Schema 2020-12 through jsonschema-rs, with
  Redocly's reading of request/response context (readOnly/writeOnly) and closed objects;
- ``trace``: every feature reaches an operation or says why not; every operation names one.

:func:`locate` maps a JSON pointer to a line of ``spec/openapi.yaml`` for ``path:line:`` output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from .. import compat, layout
from ..errors import Finding, Severity
from ..handoff import Handoff
from ..openapi.pointer import get_at, parse_pointer, pointer, resolve
from ..openapi.walk import (
    SCHEMA_ONE,
    Path,
    RefSite,
    example_holders,
    iter_operations,
    iter_subschemas,
    ref_sites,
    root_schemas,
)
from .lint import lint

CHECKS = ("openapi-spec-validator", "refs", "lint", "examples", "trace")
_SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Check:
    """One check: whether it ran, what it found, and a note (fallbacks, why it was skipped)."""

    name: str
    ran: bool
    findings: tuple[Finding, ...] = ()
    note: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in _SEVERITIES}

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ran": self.ran,
            "note": self.note,
            "counts": self.counts,
            "findings": [
                {
                    "severity": f.severity,
                    "rule": f.rule,
                    "location": f.location,
                    "message": f.message,
                }
                for f in self.findings
            ],
        }


@dataclass(frozen=True)
class Report:
    """Every check that ran, in a fixed order; deterministic (no timestamps, sorted findings)."""

    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(c.counts[s] for c in self.checks) for s in _SEVERITIES}

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def to_data(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "checks": [c.to_data() for c in self.checks],
        }

    def to_json(self) -> str:
        """What ``spec/validation_report.json`` holds: stable bytes, trailing newline."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"


def _check(name: str, findings: Iterable[Finding], note: str = "") -> Check:
    order = {s: i for i, s in enumerate(_SEVERITIES)}
    ranked = sorted(set(findings), key=lambda f: (order[f.severity], f.location, f.rule, f.message))
    return Check(name, True, tuple(ranked), note)


def validate(doc: dict[str, Any], handoff: Handoff | None = None) -> Report:
    """Run every check on ``doc``; with ``handoff``, trace coverage against its features."""
    if not isinstance(doc, dict):
        bad = Finding("#", "the contract is not a mapping", "error", "oas3-schema")
        return Report((Check(CHECKS[0], True, (bad,)),))
    doc = _shared(doc)
    refs = ref_sites(doc)
    return Report(
        (
            _check_openapi(doc),
            _check_refs(doc, refs),
            _check(CHECKS[2], lint(doc, refs)),
            _check_examples(doc),
            _check_trace(doc, handoff),
        )
    )


def _shared(doc: dict[str, Any]) -> Any:
    """An equal copy in which equal subtrees are one object.

    Compiled contracts repeat many subtrees (error responses, id parameters, page shapes).
    osv skips a schema object it has seen (by identity), prance's deep copies keep sharing,
    and the example validators are cached by identity: a third less work at 1000 operations,
    for one linear pass here.
    """
    pool: dict[tuple[Any, ...], Any] = {}

    def key(value: Any) -> Any:
        return id(value) if isinstance(value, dict | list) else (type(value), value)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            new = {k: walk(v) if isinstance(v, dict | list) else v for k, v in node.items()}
            return pool.setdefault(("d", *((k, key(v)) for k, v in new.items())), new)
        items = [walk(v) if isinstance(v, dict | list) else v for v in node]
        return pool.setdefault(("l", *(key(v) for v in items)), items)

    return walk(doc)


# --------------------------------------------------------------------------- (a) osv

_OSV_RULES = {
    "DuplicateOperationIDError": "operation-operationId-unique",
    "ParameterDuplicateError": "operation-parameters",
    "UnresolvableParameterError": "path-params",
    "ExtraParametersError": "no-required-schema-properties-undefined",
}


def _check_openapi(doc: dict[str, Any]) -> Check:
    from openapi_spec_validator.schemas import openapi_v31_schema_validator

    note = ""
    try:
        findings = [_osv_finding(err) for err in _spec_validator()(doc).iter_errors()]
    except RecursionError:
        # osv #400: a oneOf/allOf cycle overflows its keyword walk. The structural (metaschema)
        # pass does not follow refs; the refs check covers resolution with a cycle-aware walk.
        note = "keyword pass hit RecursionError (osv #400); ran the OpenAPI 3.1 metaschema only"
        findings = [_osv_finding(err) for err in openapi_v31_schema_validator.iter_errors(doc)]
    except Exception as exc:  # osv raises on what it cannot follow (an unresolvable $ref …)
        note = "keyword pass stopped; ran the OpenAPI 3.1 metaschema only"
        findings = [_osv_finding(err) for err in openapi_v31_schema_validator.iter_errors(doc)]
        unresolved = type(exc).__module__.startswith("referencing")
        rule = "no-unresolved-refs" if unresolved else "oas3-schema"
        text = f"openapi-spec-validator stopped: {type(exc).__name__}: {exc}"
        findings.append(Finding("#", text.splitlines()[0][:300], "error", rule))
    finally:
        compat.clear_osv_cache()  # else every document validated stays in memory
    return _check(CHECKS[0], findings + _format_findings(doc), note)


@lru_cache(maxsize=1)
def _document_validator() -> Any:
    import jsonschema_rs
    from openapi_spec_validator.schemas import schema_v31

    return jsonschema_rs.validator_for(dict(schema_v31), validate_formats=True)


def _format_findings(doc: dict[str, Any]) -> list[Finding]:
    """osv's structural pass treats ``format`` as an annotation; Spectral's oas3-schema (ajv)
    asserts it, so a URL that is not a URI reference or a bad contact email fails there.
    Only the format verdicts are kept: the rest is osv's."""
    return [
        Finding(pointer(err.instance_path), err.message, "error", "oas3-schema")
        for err in _document_validator().iter_errors(doc)
        if type(err.kind).__name__ == "Format" and not _server_url(err.instance_path)
    ]


def _server_url(path: list[str | int]) -> bool:
    # A server url is a template (`https://{region}.api.test`), not a URI: Spectral's schema
    # does not assert its format either.
    return len(path) >= 3 and path[-3] == "servers" and path[-1] == "url"


@lru_cache(maxsize=1)
def _spec_validator() -> type[Any]:
    """osv's 3.1 validator class with the per-schema dialect check on jsonschema-rs.

    osv checks every Schema Object against the OAS 3.1 dialect with pure-Python jsonschema,
    two thirds of its time on a large contract; the same check on jsonschema-rs gives the same
    verdicts several times faster. Everything else is osv's own.
    """
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from openapi_spec_validator.validation.keywords import OpenAPIV31SchemaValidator

    compat.speed_up_pathable()

    class SchemaValidator(OpenAPIV31SchemaValidator):
        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            if self._get_schema_dialect_id(schema, schema_value) != OAS31_BASE_DIALECT_ID:
                return super()._get_schema_checker(schema, schema_value)
            return _dialect_check

    class SpecValidator(OpenAPIV31SpecValidator):
        keyword_validators = {  # noqa: RUF012 (osv's own class attribute)
            **OpenAPIV31SpecValidator.keyword_validators,
            "schema": SchemaValidator,
        }

    return SpecValidator


@lru_cache(maxsize=1)
def _dialect_validator() -> Any:
    import jsonschema_rs
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID

    registry_ = compat.oas31_dialect_registry()
    meta_id = "https://spec.openapis.org/oas/3.1/meta/base"
    dialect = registry_.contents(OAS31_BASE_DIALECT_ID)
    registry = jsonschema_rs.Registry(
        [(OAS31_BASE_DIALECT_ID, dialect), (meta_id, registry_.contents(meta_id))]
    )
    return jsonschema_rs.Draft202012Validator(dialect, registry=registry, validate_formats=True)


def _dialect_check(schema: Any) -> None:
    from jsonschema.exceptions import SchemaError

    for err in _dialect_validator().iter_errors(schema):
        raise SchemaError(err.message)


def _osv_finding(err: Any) -> Finding:
    rule = _OSV_RULES.get(type(err).__name__, "oas3-schema")
    path = [p for p in getattr(err, "path", ()) or ()]
    message = str(getattr(err, "message", err))
    if not path:
        path = _path_from_message(message)
    return Finding(pointer(path), message, "error", rule)


def _path_from_message(message: str) -> list[str | int]:
    url = re.search(r"in '(/[^']*)'", message)
    if url is None:
        return []
    method = re.search(r"for '([a-z]+)'", message)
    return ["paths", url.group(1)] + ([method.group(1)] if method else [])


# --------------------------------------------------------------------------- (b) refs

_PRANCE_URL = "file:///intentd/openapi.json"


def _check_refs(doc: dict[str, Any], refs: list[RefSite] | None = None) -> Check:
    refs = ref_sites(doc) if refs is None else refs
    findings, cyclic = _walk_refs(doc, refs)
    notes = [f"{len(cyclic)} component(s) on a $ref cycle: {', '.join(cyclic)}"] if cyclic else []
    try:
        from prance.util.resolver import RESOLVE_INTERNAL, RefResolver  # type: ignore[import-untyped]

        resolver = RefResolver(
            _ref_targets(doc, refs),
            _PRANCE_URL,
            resolve_types=RESOLVE_INTERNAL,
            recursion_limit_handler=_recursion_limit,
        )
        resolver.resolve_references()
        notes.append("prance RefResolver resolved every internal $ref")
    except RecursionError:
        notes.append("prance hit RecursionError (prance #40); used the cycle-aware walk")
    except Exception as exc:  # prance raises ResolutionError, ValueError, KeyError …
        if not findings:
            message = f"prance could not resolve the document: {exc}".splitlines()[0]
            findings.append(Finding("#", message, "error", "no-unresolved-refs"))
        notes.append("prance failed; the walk located the broken references")
    return _check(CHECKS[1], findings, "; ".join(notes))


def _ref_targets(doc: dict[str, Any], refs: list[RefSite]) -> dict[str, Any]:
    """What prance needs to resolve every reference: the components, plus each distinct
    ``$ref`` used outside them once. Whether a reference resolves depends only on its target,
    so this is the same verdict as the whole document, without re-walking a thousand
    operations that share a few dozen refs. Refs into anything but components: the whole
    document."""
    outside = sorted({n["$ref"] for at, n in refs if not at or at[0] != "components"})
    if any(r.startswith("#") and not r.startswith("#/components/") for r in outside):
        return doc
    return {
        "openapi": doc.get("openapi"),
        "components": doc.get("components", {}),
        "x-refs": [{"$ref": r} for r in outside],
    }


def _recursion_limit(limit: int, parsed_url: Any, recursions: Any = ()) -> dict[str, Any]:
    # prance #40: a recursive schema is legal; stand in a permissive object at the limit.
    return {"type": "object", "x-recursive-ref": parsed_url.geturl()}


def _walk_refs(doc: dict[str, Any], refs: list[RefSite]) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    edges: dict[str, set[str]] = {}
    for at, node in refs:
        ref: str = node["$ref"]
        where = pointer(at)
        if not ref.startswith("#"):
            findings.append(
                Finding(
                    where,
                    f"external $ref '{ref}': the contract must be self-contained",
                    "error",
                    "no-unresolved-refs",
                )
            )
            continue
        found, target = get_at(doc, parse_pointer(ref))
        if not found:
            findings.append(
                Finding(where, f"$ref '{ref}' does not resolve", "error", "no-unresolved-refs")
            )
            continue
        if isinstance(target, dict) and "$ref" in target and resolve(doc, target) is None:
            findings.append(
                Finding(
                    where,
                    f"$ref '{ref}' is a circular chain of $refs",
                    "error",
                    "no-unresolved-refs",
                )
            )
        if len(at) >= 3 and at[0] == "components":
            src = pointer(at[:3])
            edges.setdefault(src, set()).add("/".join(ref.split("/")[:4]))
    return findings, _cyclic(edges)


def _cyclic(edges: dict[str, set[str]]) -> list[str]:
    """Components that reach themselves through $refs (legal: recursive schemas)."""
    out = []
    for start in sorted(edges):
        stack, seen = list(edges[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                out.append(start.rsplit("/", 1)[-1])
                break
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
    return out


# --------------------------------------------------------------------------- (d) examples

_BASE = "urn:intentd:openapi"


class _Examples:
    """Validators per (context, schema), sharing one registry of prepared components each."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.registries: dict[str, Any] = {}
        self.validators: dict[tuple[str, str], Any] = {}
        self.by_id: dict[tuple[str, int], Any] = {}  # the document outlives this object

    def registry(self, ctx: str) -> Any:
        import jsonschema_rs

        if ctx not in self.registries:
            comps = self.doc.get("components")
            comps = dict(comps) if isinstance(comps, dict) else {}
            schemas = comps.get("schemas")
            if isinstance(schemas, dict):
                comps["schemas"] = {k: _prepare(v, ctx) for k, v in schemas.items()}
            self.registries[ctx] = jsonschema_rs.Registry([(_BASE, {"components": comps})])
        return self.registries[ctx]

    def validator(self, ctx: str, schema: Any) -> Any:
        import jsonschema_rs

        by_id = (ctx, id(schema))
        if by_id in self.by_id:
            return self.by_id[by_id]
        wrapper = _rebase(_prepare(schema, ctx))
        if isinstance(wrapper, dict):
            wrapper = {"$schema": "https://json-schema.org/draft/2020-12/schema", **wrapper}
        key = (ctx, json.dumps(wrapper, sort_keys=True, default=str))
        if key not in self.validators:
            self.validators[key] = jsonschema_rs.Draft202012Validator(
                wrapper, registry=self.registry(ctx), validate_formats=True
            )
        self.by_id[by_id] = self.validators[key]
        return self.validators[key]

    def errors(self, ctx: str, schema: Any, value: Any) -> Iterator[tuple[str, str]]:
        try:
            validator = self.validator(ctx, schema)
        except Exception as exc:  # an invalid schema or unresolvable ref inside it
            yield "", f"the schema cannot be compiled: {exc}".splitlines()[0]
            return
        for err in validator.iter_errors(value):
            inst = "".join(
                "/" + str(p).replace("~", "~0").replace("/", "~1") for p in err.instance_path
            )
            message = err.message
            if message.startswith("False schema"):
                kind = "read-only" if ctx == "request" else "write-only"
                where = "request" if ctx == "request" else "response"
                message = f"a {kind} property must not appear in a {where}"
            yield inst, message


def _prepare(schema: Any, ctx: str, in_all_of: bool = False) -> Any:
    """A copy of ``schema`` read the way Redocly validates examples: objects with properties
    are closed (``unevaluatedProperties: false``) unless they are allOf parts; in a request a
    readOnly property may not appear and is not required, in a response likewise writeOnly."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("properties", "patternProperties", "$defs", "dependentSchemas") and isinstance(
            value, dict
        ):
            out[key] = {k: _prepare(v, ctx) for k, v in value.items()}
        elif key in ("allOf", "anyOf", "oneOf", "prefixItems") and isinstance(value, list):
            out[key] = [_prepare(v, ctx, key == "allOf") for v in value]
        elif key in _ONE_SCHEMA and isinstance(value, dict):
            out[key] = _prepare(value, ctx)
        else:
            out[key] = value
    hidden = "readOnly" if ctx == "request" else "writeOnly" if ctx == "response" else None
    props = out.get("properties")
    if hidden and isinstance(props, dict):
        gone = {k for k, v in props.items() if isinstance(v, dict) and v.get(hidden) is True}
        if gone:
            out["properties"] = {k: (False if k in gone else v) for k, v in props.items()}
            if isinstance(out.get("required"), list):
                out["required"] = [r for r in out["required"] if r not in gone]
    open_keys = ("additionalProperties", "unevaluatedProperties")
    if (
        ("properties" in out or "patternProperties" in out)
        and not in_all_of
        and not any(k in out for k in open_keys)
    ):
        out["unevaluatedProperties"] = False
    return out


# Every single-subschema keyword but contentSchema (a string's decoded content).
_ONE_SCHEMA = tuple(k for k in SCHEMA_ONE if k != "contentSchema")


def _rebase(node: Any) -> Any:
    """Point local refs at the registry resource that holds the prepared components."""
    if isinstance(node, dict):
        return {
            k: (
                _BASE + "#" + quote(v[1:], safe="/~")
                if k == "$ref" and isinstance(v, str) and v.startswith("#")
                else _rebase(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def _check_examples(doc: dict[str, Any]) -> Check:
    ex = _Examples(doc)
    findings: list[Finding] = []
    count = 0

    def check(rule: str, where: Path, ctx: str, schema: Any, value: Any) -> None:
        nonlocal count
        count += 1
        for inst, message in ex.errors(ctx, schema, value):
            text = f"example does not match its schema: {message}"
            findings.append(Finding(pointer(where) + inst, text, "error", rule))

    for root, schema in root_schemas(doc):
        for at, sub, _via in iter_subschemas(schema, root):
            for key in ("example", "default"):
                if key in sub:
                    check("oas3-valid-schema-example", (*at, key), "schema", sub, sub[key])
            if isinstance(sub.get("examples"), list):
                for i, value in enumerate(sub["examples"]):
                    where = (*at, "examples", i)
                    check("oas3-valid-schema-example", where, "schema", sub, value)
    for at, holder, ctx in example_holders(doc):
        schema = holder.get("schema")
        if schema is None:
            continue
        media = len(at) >= 2 and at[-2] == "content"
        rule = "oas3-valid-media-example" if media else "no-invalid-parameter-examples"
        if "example" in holder:
            check(rule, (*at, "example"), ctx, schema, holder["example"])
        examples = holder.get("examples")
        if isinstance(examples, dict):
            for name, raw in examples.items():
                obj = resolve(doc, raw)
                if isinstance(obj, dict) and "value" in obj:
                    where = (*at, "examples", name, "value")
                    check(rule, where, ctx, schema, obj["value"])
    return _check(CHECKS[3], findings, f"{count} example(s) checked")


# --------------------------------------------------------------------------- (e) trace


def _check_trace(doc: dict[str, Any], handoff: Handoff | None) -> Check:
    findings: list[Finding] = []
    reached: set[str] = set()
    endpoints_seen: set[str] = set()
    features = {f.id for f in handoff.features} if handoff else set()
    endpoints = {e.id for e in handoff.api_surface} if handoff else set()
    for _key, _method, op, at in iter_operations(doc):
        meta = op.get("x-agent-meta")
        feature = meta.get("feature") if isinstance(meta, dict) else None
        if not isinstance(feature, str) or not feature:
            findings.append(
                Finding(
                    pointer(at),
                    "the operation names no feature (x-agent-meta.feature)",
                    "error",
                    "trace-operation-feature",
                )
            )
            continue
        reached.add(feature)
        if handoff is None:
            continue
        where = pointer((*at, "x-agent-meta"))
        if feature not in features:
            findings.append(
                Finding(where, f"unknown feature '{feature}'", "error", "trace-operation-feature")
            )
        endpoint = meta.get("api_surface_id") if isinstance(meta, dict) else None
        if isinstance(endpoint, str):
            endpoints_seen.add(endpoint)
            if endpoint not in endpoints:
                findings.append(
                    Finding(
                        where, f"unknown api_surface id '{endpoint}'", "error", "trace-endpoint"
                    )
                )
        if isinstance(meta, dict) and meta.get("intent_id") not in (None, handoff.intent_id):
            findings.append(
                Finding(where, f"intent_id is not '{handoff.intent_id}'", "error", "trace-intent")
            )
    if handoff is None:
        return _check(CHECKS[4], findings, "no hand-off given: checked operations only")
    for feature in handoff.features:
        if feature.id not in reached and not (feature.no_endpoint_reason or "").strip():
            findings.append(
                Finding(
                    "#/paths",
                    f"feature '{feature.id}' ({feature.source}) reaches no operation and gives "
                    "no no_endpoint_reason",
                    "error",
                    "trace-feature-coverage",
                )
            )
    for ep in handoff.api_surface:
        if ep.id not in endpoints_seen:
            findings.append(
                Finding(
                    "#/paths",
                    f"api_surface endpoint '{ep.id}' ({ep.source}) has no operation",
                    "error",
                    "trace-endpoint",
                )
            )
    note = f"{len(handoff.features)} feature(s), {len(handoff.api_surface)} endpoint(s)"
    return _check(CHECKS[4], findings, note)


# --------------------------------------------------------------------------- lines


@lru_cache(maxsize=4)
def _lines_tree(yaml_text: str) -> Any:
    from .. import yamlio

    return yamlio.load_with_lines(yaml_text)


def locate(yaml_text: str, ptr: str) -> int | None:
    """The 1-based line in ``yaml_text`` of the node at JSON pointer ``ptr`` (or of its deepest
    existing ancestor); None if the text does not parse."""
    try:
        node = _lines_tree(yaml_text)
    except Exception:
        return None
    line = 1
    for part in parse_pointer(ptr):
        lc = getattr(node, "lc", None)
        if isinstance(node, dict) and part in node:
            if lc is not None:
                line = lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            if lc is not None:
                line = lc.item(int(part))[0] + 1
            node = node[int(part)]
        else:
            break
    return line


def with_lines(
    findings: Iterable[Finding], yaml_text: str, path: str = layout.SPEC_YAML
) -> list[Finding]:
    """Findings relocated to ``path:line`` (the pointer and rule move into the message), for
    ``intentd check`` output that editors link."""
    out = []
    for f in findings:
        line = locate(yaml_text, f.location) if f.location.startswith("#") else None
        where = f"{path}:{line}" if line is not None else path
        out.append(Finding(where, f"{f.message} [{f.rule} at {f.location}]", f.severity, f.rule))
    return out
