"""The examples check: every example in the contract against its schema (JSON Schema 2020-12
through jsonschema-rs).

Schema ``example``/``examples``/``default``, and media type, parameter and header examples,
read the way Redocly validates them: objects with properties are closed, a request may not
carry a readOnly property and a response may not carry a writeOnly one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import quote

from ..errors import Finding
from ..openapi.pointer import pointer, resolve
from ..openapi.walk import (
    SCHEMA_ONE,
    Path,
    example_holders,
    iter_subschemas,
    root_schemas,
)
from .report import CHECKS, Check

_BASE = "urn:intentd:openapi"
"""The registry resource that holds the prepared components: local refs are rebased onto it."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SCHEMA_RULE = "oas3-valid-schema-example"


class _Site(NamedTuple):
    """One example to check: the rule that reports it, where it sits, and what it must match."""

    rule: str
    where: Path
    ctx: str  # "schema", "request" or "response": which properties are hidden
    schema: Any
    value: Any


def check_examples(doc: dict[str, Any]) -> Check:
    """A finding per way an example fails its schema; the note counts the examples."""
    ex = _Examples(doc)
    findings: list[Finding] = []
    count = 0
    for site in _sites(doc):
        count += 1
        findings.extend(_site_findings(ex, site))
    return Check.of(CHECKS[3], findings, f"{count} example(s) checked")


def _site_findings(ex: _Examples, site: _Site) -> Iterator[Finding]:
    for inst, message in ex.errors(site.ctx, site.schema, site.value):
        text = f"example does not match its schema: {message}"
        yield Finding(pointer(site.where) + inst, text, "error", site.rule)


# --------------------------------------------------------------------------- where examples sit


def _sites(doc: dict[str, Any]) -> Iterator[_Site]:
    """Schema examples first, then those of media types, parameters and headers."""
    for root, schema in root_schemas(doc):
        for at, sub, _via in iter_subschemas(schema, root):
            yield from _schema_sites(at, sub)
    for at, holder, ctx in example_holders(doc):
        schema = holder.get("schema")
        if schema is not None:
            yield from _holder_sites(doc, at, holder, ctx, schema)


def _schema_sites(at: Path, sub: dict[str, Any]) -> Iterator[_Site]:
    for key in ("example", "default"):
        if key in sub:
            yield _Site(_SCHEMA_RULE, (*at, key), "schema", sub, sub[key])
    if isinstance(sub.get("examples"), list):
        for i, value in enumerate(sub["examples"]):
            yield _Site(_SCHEMA_RULE, (*at, "examples", i), "schema", sub, value)


def _holder_sites(
    doc: dict[str, Any], at: Path, holder: dict[str, Any], ctx: str, schema: Any
) -> Iterator[_Site]:
    media = len(at) >= 2 and at[-2] == "content"
    rule = "oas3-valid-media-example" if media else "no-invalid-parameter-examples"
    if "example" in holder:
        yield _Site(rule, (*at, "example"), ctx, schema, holder["example"])
    for where, value in _named_values(doc, holder.get("examples"), at):
        yield _Site(rule, where, ctx, schema, value)


def _named_values(doc: dict[str, Any], examples: Any, at: Path) -> Iterator[tuple[Path, Any]]:
    """The ``value`` of each Example Object in an ``examples`` map (refs followed)."""
    if not isinstance(examples, dict):
        return
    for name, raw in examples.items():
        obj = resolve(doc, raw)
        if isinstance(obj, dict) and "value" in obj:
            yield (*at, "examples", name, "value"), obj["value"]


# --------------------------------------------------------------------------- validators


class _Examples:
    """Validators per (context, schema), sharing one registry of prepared components each."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.registries: dict[str, Any] = {}
        self.validators: dict[tuple[str, str], Any] = {}
        self.by_id: dict[tuple[str, int], Any] = {}  # the document outlives this object

    def registry(self, ctx: str) -> Any:
        if ctx not in self.registries:
            self.registries[ctx] = _registry(self.doc, ctx)
        return self.registries[ctx]

    def validator(self, ctx: str, schema: Any) -> Any:
        by_id = (ctx, id(schema))
        if by_id not in self.by_id:
            self.by_id[by_id] = self._compiled(ctx, schema)
        return self.by_id[by_id]

    def errors(self, ctx: str, schema: Any, value: Any) -> Iterator[tuple[str, str]]:
        """(instance pointer, message) for each way ``value`` fails ``schema`` in ``ctx``."""
        try:
            validator = self.validator(ctx, schema)
        except Exception as exc:  # an invalid schema or unresolvable ref inside it
            yield "", f"the schema cannot be compiled: {exc}".splitlines()[0]
            return
        for err in validator.iter_errors(value):
            yield _instance_pointer(err.instance_path), _message(ctx, err.message)

    def _compiled(self, ctx: str, schema: Any) -> Any:
        # Equal schemas share one validator: compiled contracts repeat many shapes.
        import jsonschema_rs

        wrapper = _rebase(_prepare(schema, ctx))
        if isinstance(wrapper, dict):
            wrapper = {"$schema": _DIALECT, **wrapper}
        key = (ctx, json.dumps(wrapper, sort_keys=True, default=str))
        if key not in self.validators:
            self.validators[key] = jsonschema_rs.Draft202012Validator(
                wrapper, registry=self.registry(ctx), validate_formats=True
            )
        return self.validators[key]


def _registry(doc: dict[str, Any], ctx: str) -> Any:
    """The document's components, their schemas prepared for ``ctx``, as one resource."""
    import jsonschema_rs

    comps = doc.get("components")
    comps = dict(comps) if isinstance(comps, dict) else {}
    schemas = comps.get("schemas")
    if isinstance(schemas, dict):
        comps["schemas"] = {k: _prepare(v, ctx) for k, v in schemas.items()}
    return jsonschema_rs.Registry([(_BASE, {"components": comps})])


def _instance_pointer(path: list[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _message(ctx: str, message: str) -> str:
    # A hidden property is a `false` schema (see _hide): say what it means instead.
    if not message.startswith("False schema"):
        return message
    if ctx == "request":
        return "a read-only property must not appear in a request"
    return "a write-only property must not appear in a response"


# --------------------------------------------------------------------------- Redocly's reading

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
# Every single-subschema keyword but contentSchema (a string's decoded content).
_ONE_SCHEMA = tuple(k for k in SCHEMA_ONE if k != "contentSchema")
_HIDDEN = {"request": "readOnly", "response": "writeOnly"}
_OPEN = ("additionalProperties", "unevaluatedProperties")


def _prepare(schema: Any, ctx: str, in_all_of: bool = False) -> Any:
    """A copy of ``schema`` read the way Redocly validates examples: objects with properties
    are closed (``unevaluatedProperties: false``) unless they are allOf parts; in a request a
    readOnly property may not appear and is not required, in a response likewise writeOnly."""
    if not isinstance(schema, dict):
        return schema
    out = {key: _prepare_keyword(key, value, ctx) for key, value in schema.items()}
    hidden = _HIDDEN.get(ctx)
    if hidden:
        _hide(out, hidden)
    if _closes(out, in_all_of):
        out["unevaluatedProperties"] = False
    return out


def _prepare_keyword(key: str, value: Any, ctx: str) -> Any:
    """The value of ``key`` with every subschema in it prepared."""
    if key in _SCHEMA_MAPS and isinstance(value, dict):
        return {k: _prepare(v, ctx) for k, v in value.items()}
    if key in _SCHEMA_LISTS and isinstance(value, list):
        return [_prepare(v, ctx, key == "allOf") for v in value]
    if key in _ONE_SCHEMA and isinstance(value, dict):
        return _prepare(value, ctx)
    return value


def _hide(out: dict[str, Any], hidden: str) -> None:
    """Forbid the properties marked ``hidden`` (a ``false`` schema) and stop requiring them."""
    props = out.get("properties")
    if not isinstance(props, dict):
        return
    gone = _marked(props, hidden)
    if not gone:
        return
    out["properties"] = {k: (False if k in gone else v) for k, v in props.items()}
    if isinstance(out.get("required"), list):
        out["required"] = [r for r in out["required"] if r not in gone]


def _marked(props: dict[str, Any], hidden: str) -> set[str]:
    return {k for k, v in props.items() if isinstance(v, dict) and v.get(hidden) is True}


def _closes(out: dict[str, Any], in_all_of: bool) -> bool:
    # An allOf part is one piece of an object: closing it would reject its siblings' properties.
    has_properties = "properties" in out or "patternProperties" in out
    return has_properties and not in_all_of and not any(k in out for k in _OPEN)


def _rebase(node: Any) -> Any:
    """Point local refs at the registry resource that holds the prepared components."""
    if isinstance(node, dict):
        return {k: _rebase_entry(k, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def _rebase_entry(key: str, value: Any) -> Any:
    if key == "$ref" and isinstance(value, str) and value.startswith("#"):
        return _BASE + "#" + quote(value[1:], safe="/~")
    return _rebase(value)
