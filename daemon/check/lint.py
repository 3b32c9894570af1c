"""The lint pass over an OpenAPI 3.1 document: the applicable rules of Spectral's
``spectral:oas`` and Redocly's ``recommended`` (issue #3 item 3), reimplemented in-process.

Each finding names the rule it comes from by that tool's rule id (Spectral's where both have
one, Redocly's where only Redocly does). A rule's severity is an error where either tool's
recommended set calls it one, else a warning, so a contract clean here is clean there.
Pure: a dict in, findings out; no I/O. The walkers (operations, schemas, media types) are shared
with :mod:`.validate`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..errors import Finding, Severity
from ..openapi.pointer import get_at, pointer, resolve
from ..openapi.walk import (
    METHODS,
    Path,
    RefSite,
    example_objects,
    iter_operations,
    iter_schemas,
    list_items,
    ref_sites,
)

RULES: dict[str, tuple[Severity, str]] = {
    "info-contact": ("warning", "info has a contact object"),
    "info-description": ("warning", "info has a non-empty description"),
    "info-license": ("warning", "info has a license object"),
    "info-license-strict": ("warning", "the license has a url or an SPDX identifier"),
    "oas3-api-servers": ("error", "servers is present and non-empty (Redocly no-empty-servers)"),
    "oas3-server-trailing-slash": ("error", "server urls do not end with a slash"),
    "no-server-example.com": ("warning", "server urls do not point at example.com or localhost"),
    "oas3-server-variables": ("error", "server variables are defined, used and have defaults"),
    "openapi-tags-uniqueness": ("error", "tag names are unique (Redocly no-duplicated-tag-names)"),
    "tag-description": ("warning", "every tag has a description"),
    "operation-tags": ("warning", "every operation has a non-empty tags array"),
    "operation-tag-defined": ("warning", "operation tags are declared in the global tags"),
    "no-eval-in-markdown": ("warning", "descriptions and titles do not contain eval("),
    "no-script-tags-in-markdown": ("warning", "descriptions and titles do not contain <script"),
    "no-unsafe-markdown": ("warning", "descriptions carry no event handlers or javascript: urls"),
    "path-declarations-must-exist": ("error", "path templates have no empty {} declaration"),
    "path-keys-no-trailing-slash": ("error", "paths do not end with a slash"),
    "path-not-include-query": ("error", "paths do not include a query string"),
    "no-identical-paths": ("error", "no two paths differ only by parameter names"),
    "no-ambiguous-paths": ("warning", "no two paths can match the same request"),
    "path-params": ("error", "path parameters are declared, required, used and unique"),
    "operation-operationId": ("warning", "every operation has an operationId"),
    "operation-operationId-unique": ("error", "operationIds are unique"),
    "operation-operationId-url-safe": ("error", "operationIds are URL-safe"),
    "operation-summary": ("error", "every operation has a summary"),
    "operation-description": ("warning", "every operation has a description"),
    "operation-success-response": ("warning", "every operation has a 2xx response"),
    "operation-4xx-response": ("warning", "every operation has a 4xx response"),
    "operation-parameters": ("error", "no parameter repeats its name and location"),
    "security-defined": ("error", "every operation (or the root) declares security"),
    "oas3-operation-security-defined": ("error", "security requirements name defined schemes"),
    "security-scopes-defined": ("warning", "oauth2 requirements name defined scopes"),
    "oas3-unused-component": ("warning", "every component is referenced"),
    "spec-components-invalid-map-name": ("error", "component names match ^[a-zA-Z0-9.\\-_]+$"),
    "spec-ref-siblings": ("warning", "no keys beside $ref (outside path items)"),
    "array-items": ("error", "array schemas have items"),
    "typed-enum": ("error", "enum values match the schema type"),
    "duplicated-entry-in-enum": ("warning", "enum values are unique"),
    "no-schema-type-mismatch": ("error", "no items on non-arrays, no properties on non-objects"),
    "no-required-schema-properties-undefined": ("warning", "required names defined properties"),
    "no-mixed-number-range-constraints": ("warning", "not both minimum and exclusiveMinimum"),
    "no-illogical-composition-keywords": ("warning", "allOf/anyOf/oneOf are meaningful"),
    "oas3-examples-value-or-externalValue": ("error", "an example has value xor externalValue"),
}

_URL_SAFE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*$")
_COMPONENT_NAME = re.compile(r"^[a-zA-Z0-9.\-_]+$")
_TEMPLATE = re.compile(r"\{;?\??([a-zA-Z0-9_.-]+)\*?\}")
_ANY_TEMPLATE = re.compile(r"\{[^}]*\}")
_WHOLE_TEMPLATE = re.compile(r"\{.+?\}")
_EXAMPLE_HOST = re.compile(r"^(.*[/.])?(example\.com|localhost)([/:?].*|$)")
_UNSAFE_MD = (
    (re.compile(r"<script\b", re.I), "must not contain '<script>' tags"),
    (re.compile(r"<[a-z][^>]*\bon[a-z]+\s*=", re.I), "must not contain HTML event handlers"),
    (
        re.compile(r"(?:\]\(\s*|\b(?:href|src)\s*=\s*[\"']?\s*)javascript:", re.I),
        "must not contain 'javascript:' URLs",
    ),
)
_COMPONENT_TYPES = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
)
_VALUE_KEYS = frozenset({"example", "examples", "default", "const", "enum"})


# --------------------------------------------------------------------------- the pass


class _Out:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def __call__(self, rule: str, path: Path, message: str) -> None:
        self.findings.append(Finding(pointer(path), message, RULES[rule][0], rule))


def lint(doc: dict[str, Any], refs: list[RefSite] | None = None) -> list[Finding]:
    """Every lint finding for ``doc``; ``refs`` (from :func:`ref_sites`) saves a walk."""
    out = _Out()
    if not isinstance(doc, dict):
        return out.findings
    refs = ref_sites(doc) if refs is None else refs
    _info(doc, out)
    _servers(doc, out)
    _tags(doc, out)
    _markdown(doc, out)
    _paths(doc, out)
    _operations(doc, out)
    _security(doc, out)
    _components(doc, refs, out)
    _schemas(doc, out)
    _example_objects(doc, out)
    return out.findings


def _info(doc: dict[str, Any], out: _Out) -> None:
    info = doc.get("info")
    if not isinstance(info, dict):
        return
    if not info.get("contact"):
        out("info-contact", ("info",), "info must have a contact object")
    if not info.get("description"):
        out("info-description", ("info",), "info must have a non-empty description")
    lic = info.get("license")
    if not lic:
        out("info-license", ("info",), "info must have a license object")
    elif isinstance(lic, dict) and not (lic.get("url") or lic.get("identifier")):
        out("info-license-strict", ("info", "license"), "the license needs a url or identifier")


def _servers(doc: dict[str, Any], out: _Out) -> None:
    servers = doc.get("servers")
    if not isinstance(servers, list) or not servers:
        out("oas3-api-servers", (), "servers must be present and non-empty")
        return
    for i, server in enumerate(servers):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url: str = server["url"]
        at: Path = ("servers", i, "url")
        if url.endswith("/") and url != "/":
            out("oas3-server-trailing-slash", at, f"server url '{url}' must not end with '/'")
        if _EXAMPLE_HOST.match(url):
            out("no-server-example.com", at, f"server url '{url}' points at example.com/localhost")
        _server_variables(server, url, ("servers", i), out)


def _server_variables(server: dict[str, Any], url: str, at: Path, out: _Out) -> None:
    used = re.findall(r"\{([^}]*)\}", url)
    variables = server.get("variables")
    defined = variables if isinstance(variables, dict) else {}
    for name in used:
        if name not in defined:
            out("oas3-server-variables", (*at, "url"), f"server variable '{name}' is undefined")
    for name, var in defined.items():
        vat = (*at, "variables", name)
        if name not in used:
            out("oas3-server-variables", vat, f"server variable '{name}' is not used in the url")
        if not isinstance(var, dict):
            continue
        if "default" not in var:
            out("oas3-server-variables", vat, f"server variable '{name}' needs a default")
        enum = var.get("enum")
        if isinstance(enum, list):
            if not enum:
                out("oas3-server-variables", (*vat, "enum"), "a variable enum must not be empty")
            elif "default" in var and var["default"] not in enum:
                out("oas3-server-variables", vat, f"the default of '{name}' is not in its enum")


def _tags(doc: dict[str, Any], out: _Out) -> None:
    tags = doc.get("tags")
    declared: set[str] = set()
    if isinstance(tags, list):
        for i, tag in enumerate(tags):
            if not isinstance(tag, dict):
                continue
            name = tag.get("name")
            if isinstance(name, str):
                if name in declared:
                    out("openapi-tags-uniqueness", ("tags", i), f"tag '{name}' is declared twice")
                declared.add(name)
            if not tag.get("description"):
                out("tag-description", ("tags", i), f"tag '{name}' needs a description")
    for _key, _method, op, at in iter_operations(doc):
        op_tags = op.get("tags")
        if not isinstance(op_tags, list) or not op_tags:
            out("operation-tags", at, "the operation must have a non-empty tags array")
            continue
        for i, name in enumerate(op_tags):
            if name not in declared:
                out("operation-tag-defined", (*at, "tags", i), f"tag '{name}' is not declared")


def _text_nodes(node: Any, at: Path) -> Iterator[tuple[Path, str]]:
    stack: list[tuple[Path, Any]] = [(at, node)]
    while stack:
        path, cur = stack.pop()
        if isinstance(cur, dict):
            for k, v in cur.items():
                if k in ("description", "title") and isinstance(v, str):
                    yield (*path, k), v
                elif isinstance(v, dict | list) and k not in _VALUE_KEYS and not k.startswith("x-"):
                    stack.append(((*path, k), v))
        elif isinstance(cur, list):
            stack.extend(((*path, i), v) for i, v in enumerate(cur) if isinstance(v, dict | list))


def _markdown(doc: dict[str, Any], out: _Out) -> None:
    for at, text in _text_nodes(doc, ()):
        if "eval(" in text:
            out("no-eval-in-markdown", at, "markdown must not contain 'eval('")
        if "<script" in text:
            out("no-script-tags-in-markdown", at, "markdown must not contain '<script'")
        if at[-1] == "description":
            for pattern, what in _UNSAFE_MD[1:]:
                if pattern.search(text):
                    out("no-unsafe-markdown", at, f"markdown {what}")


def _paths(doc: dict[str, Any], out: _Out) -> None:
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    normal: dict[str, str] = {}
    # Redocly's no-ambiguous-paths: same length and template count, and at every segment a
    # template on either side or equal text. Same template positions means identical or
    # distinct, so only groups with other template positions need comparing.
    groups: dict[tuple[int, int], dict[tuple[bool, ...], list[tuple[str, list[str]]]]] = {}
    for key in paths:
        at: Path = ("paths", key)
        if "{}" in key:
            out("path-declarations-must-exist", at, f"'{key}' has an empty {{}} declaration")
        if key.endswith("/") and key != "/":
            out("path-keys-no-trailing-slash", at, f"'{key}' must not end with '/'")
        if "?" in key:
            out("path-not-include-query", at, f"'{key}' includes a query string; use parameters")
        norm = _ANY_TEMPLATE.sub("{}", key)
        if norm in normal:
            out("no-identical-paths", at, f"'{normal[norm]}' and '{key}' differ only in names")
        else:
            normal[norm] = key
            other = _ambiguous(key, groups)
            if other is not None:
                out("no-ambiguous-paths", at, f"'{other}' and '{key}' are ambiguous")
        _path_params(doc, key, paths[key], out)


def _ambiguous(
    key: str, groups: dict[tuple[int, int], dict[tuple[bool, ...], list[tuple[str, list[str]]]]]
) -> str | None:
    segs = key.split("/")
    mask = tuple(bool(_WHOLE_TEMPLATE.fullmatch(s)) for s in segs)
    group = groups.setdefault((len(segs), sum(mask)), {})
    found = None
    for omask, entries in group.items():
        if omask == mask or found is not None:
            continue
        both = [i for i, (a, b) in enumerate(zip(mask, omask, strict=True)) if not a and not b]
        for other, osegs in entries:
            if all(segs[i] == osegs[i] for i in both):
                found = other
                break
    group.setdefault(mask, []).append((key, segs))
    return found


def _path_params(doc: dict[str, Any], key: str, item: Any, out: _Out) -> None:
    if not isinstance(item, dict):
        return
    names = _TEMPLATE.findall(key)
    for name in sorted(n for n, c in Counter(names).items() if c > 1):
        out("path-params", ("paths", key), f"'{key}' uses parameter {{{name}}} more than once")
    top = _declared_path_params(doc, item.get("parameters"), ("paths", key, "parameters"), out)
    for method in METHODS:
        op = item.get(method)
        if not isinstance(op, dict):
            continue
        at: Path = ("paths", key, method)
        mine = _declared_path_params(doc, op.get("parameters"), (*at, "parameters"), out)
        defined = {**top, **mine}
        for name, where in defined.items():
            if name not in names:
                out("path-params", where, f"path parameter '{name}' is not used in '{key}'")
        for name in dict.fromkeys(names):
            if name not in defined:
                out("path-params", at, f"the operation must define path parameter '{name}'")


def _declared_path_params(doc: dict[str, Any], params: Any, at: Path, out: _Out) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for where, raw in list_items(params, at):
        p = resolve(doc, raw)
        if not isinstance(p, dict) or p.get("in") != "path" or not isinstance(p.get("name"), str):
            continue
        name = p["name"]
        if p.get("required") is not True:
            out("path-params", where, f"path parameter '{name}' must have required: true")
        if name in found:
            out("path-params", where, f"path parameter '{name}' is defined twice")
            continue
        found[name] = where
    return found


def _operations(doc: dict[str, Any], out: _Out) -> None:
    ids: dict[str, Path] = {}
    for _key, _method, op, at in iter_operations(doc):
        oid = op.get("operationId")
        if not oid:
            out("operation-operationId", at, "the operation must have an operationId")
        elif isinstance(oid, str):
            if oid in ids:
                out(
                    "operation-operationId-unique",
                    (*at, "operationId"),
                    f"operationId '{oid}' is also used at {pointer(ids[oid])}",
                )
            else:
                ids[oid] = at
            if not _URL_SAFE.match(oid):
                out(
                    "operation-operationId-url-safe",
                    (*at, "operationId"),
                    f"operationId '{oid}' has characters that are invalid in a URL",
                )
        if not op.get("summary"):
            out("operation-summary", at, "the operation must have a summary")
        if not op.get("description"):
            out("operation-description", at, "the operation must have a description")
        codes = [str(c) for c in op.get("responses") or {}]
        if not any(re.fullmatch(r"2[0-9Xx]{2}", c) for c in codes):
            out("operation-success-response", at, "the operation must have a 2xx response")
        if not any(re.fullmatch(r"4[0-9Xx]{2}", c) for c in codes):
            out("operation-4xx-response", at, "the operation must have a 4xx response")
        seen: set[tuple[str, str]] = set()
        for where, raw in list_items(op.get("parameters"), (*at, "parameters")):
            p = resolve(doc, raw)
            if not isinstance(p, dict):
                continue
            fp = (str(p.get("in")), str(p.get("name")))
            if fp in seen:
                out("operation-parameters", where, f"parameter '{fp[1]}' in {fp[0]} repeats")
            seen.add(fp)


def _security(doc: dict[str, Any], out: _Out) -> None:
    comps = doc.get("components")
    schemes = comps.get("securitySchemes") if isinstance(comps, dict) else None
    schemes = schemes if isinstance(schemes, dict) else {}
    used: set[str] = set()
    requirements: list[tuple[Path, Any]] = list(list_items(doc.get("security"), ("security",)))
    root_has = isinstance(doc.get("security"), list)
    for _key, _method, op, at in iter_operations(doc):
        if "security" not in op:
            if not root_has:
                out("security-defined", at, "the operation must declare security ([] if public)")
            continue
        requirements.extend(list_items(op.get("security"), (*at, "security")))
    for at, req in requirements:
        if not isinstance(req, dict):
            continue
        for name, scopes in req.items():
            used.add(name)
            scheme = resolve(doc, schemes.get(name))
            if name not in schemes:
                out("oas3-operation-security-defined", (*at, name), f"no security scheme '{name}'")
            elif isinstance(scheme, dict) and scheme.get("type") == "oauth2":
                defined = _oauth_scopes(scheme)
                for i, scope in enumerate(scopes if isinstance(scopes, list) else []):
                    if scope not in defined:
                        out(
                            "security-scopes-defined",
                            (*at, name, i),
                            f"scope '{scope}' is not defined in '{name}'",
                        )
    for name in schemes:
        if name not in used:
            out(
                "oas3-unused-component",
                ("components", "securitySchemes", name),
                f"security scheme '{name}' is never used",
            )


def _oauth_scopes(scheme: dict[str, Any]) -> set[str]:
    flows = scheme.get("flows")
    scopes: set[str] = set()
    if isinstance(flows, dict):
        for flow in flows.values():
            if isinstance(flow, dict) and isinstance(flow.get("scopes"), dict):
                scopes.update(flow["scopes"])
    return scopes


def _components(doc: dict[str, Any], refs: list[RefSite], out: _Out) -> None:
    for where, node in refs:
        extra = sorted(k for k in node if k != "$ref")
        if extra and not (len(where) == 2 and where[0] == "paths"):
            out("spec-ref-siblings", where, f"keys beside $ref are ignored by tools: {extra}")
    comps = doc.get("components")
    if not isinstance(comps, dict):
        return
    targets = {node["$ref"] for _where, node in refs}
    prefixes = {"/".join(r.split("/")[:4]) for r in targets if r.startswith("#/components/")}
    for kind, group in comps.items():
        if not isinstance(group, dict):
            continue
        for name in group:
            at: Path = ("components", kind, name)
            if not _COMPONENT_NAME.match(str(name)):
                out("spec-components-invalid-map-name", at, f"'{name}' is not a valid name")
            if kind in _COMPONENT_TYPES and pointer(at) not in prefixes:
                out("oas3-unused-component", at, f"component '{name}' is never referenced")


def _types(schema: dict[str, Any]) -> list[str] | None:
    t = schema.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list) and all(isinstance(x, str) for x in t):
        return list(t)
    return None


def json_type(value: Any) -> str:
    """The JSON Schema type name of a value (``integer`` for whole numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _schemas(doc: dict[str, Any], out: _Out) -> None:
    for at, schema, _via in iter_schemas(doc):
        types = _types(schema)
        if types is not None:
            if "array" in types and "items" not in schema and "prefixItems" not in schema:
                out("array-items", at, "a schema with type array needs items")
            if len(types) == 1 and types[0] != "array" and "items" in schema:
                out("no-schema-type-mismatch", (*at, "items"), f"'{types[0]}' has items")
            if len(types) == 1 and types[0] != "object" and "properties" in schema:
                out("no-schema-type-mismatch", (*at, "properties"), f"'{types[0]}' has properties")
        enum = schema.get("enum")
        if isinstance(enum, list):
            _enum(enum, types, at, out)
        if "minimum" in schema and "exclusiveMinimum" in schema:
            out("no-mixed-number-range-constraints", at, "both minimum and exclusiveMinimum")
        if "maximum" in schema and "exclusiveMaximum" in schema:
            out("no-mixed-number-range-constraints", at, "both maximum and exclusiveMaximum")
        _required(doc, schema, at, out)
        _composition(schema, at, out)


def _enum(enum: list[Any], types: list[str] | None, at: Path, out: _Out) -> None:
    seen: list[Any] = []
    for i, value in enumerate(enum):
        if any(value == s and json_type(value) == json_type(s) for s in seen):
            out("duplicated-entry-in-enum", (*at, "enum", i), f"enum value {value!r} repeats")
        seen.append(value)
        vt = json_type(value)
        if types is not None and not (vt in types or (vt == "integer" and "number" in types)):
            out("typed-enum", (*at, "enum", i), f"enum value {value!r} is not of type {types}")


def _defines(doc: dict[str, Any], schema: Any, name: str, depth: int = 0) -> bool:
    schema = resolve(doc, schema)
    if not isinstance(schema, dict) or depth > 32:
        return False
    props = schema.get("properties")
    if isinstance(props, dict) and name in props:
        return True
    if any(_defines(doc, s, name, depth + 1) for s in schema.get("allOf") or []):
        return True
    for kw in ("anyOf", "oneOf"):
        subs = schema.get(kw)
        if isinstance(subs, list) and subs and all(_defines(doc, s, name, depth + 1) for s in subs):
            return True
    return False


def _required(doc: dict[str, Any], schema: dict[str, Any], at: Path, out: _Out) -> None:
    required = schema.get("required")
    if not isinstance(required, list):
        return
    parent: Any = None
    if len(at) >= 3 and at[-2] in ("allOf", "anyOf", "oneOf"):
        _found, parent = get_at(doc, [str(p) for p in at[:-2]])
    for i, name in enumerate(required):
        if isinstance(name, str) and not _defines(doc, schema, name):
            if parent is None or not _defines(doc, parent, name):
                out(
                    "no-required-schema-properties-undefined",
                    (*at, "required", i),
                    f"required property '{name}' is not defined",
                )


def _composition(schema: dict[str, Any], at: Path, out: _Out) -> None:
    for kw in ("allOf", "anyOf", "oneOf"):
        subs = schema.get(kw)
        if not isinstance(subs, list):
            continue
        lonely = kw != "allOf" or len(schema) == 1
        if len(subs) < 2 and lonely and "discriminator" not in schema:
            out("no-illogical-composition-keywords", (*at, kw), f"{kw} needs two or more schemas")
        for i, sub in enumerate(subs):
            if sub == {}:
                out("no-illogical-composition-keywords", (*at, kw, i), f"empty schema in {kw}")
            elif sub in subs[:i]:
                out("no-illogical-composition-keywords", (*at, kw, i), f"duplicate schema in {kw}")


def _example_objects(doc: dict[str, Any], out: _Out) -> None:
    for at, ex in example_objects(doc):
        if not isinstance(ex, dict) or "$ref" in ex:
            continue
        has_value, has_external = "value" in ex, "externalValue" in ex
        if has_value == has_external:
            what = "both" if has_value else "neither"
            out(
                "oas3-examples-value-or-externalValue",
                at,
                f"an example needs value or externalValue, not {what}",
            )
