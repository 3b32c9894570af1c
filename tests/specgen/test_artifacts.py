"""Artifacts beside the contract (issue #3 item 2): derived from the compiled document."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from intentd import yamlio
from intentd.specgen.artifacts import (
    CODEGEN_CONFIG,
    CONTRACT_TESTS,
    MOCK_CONFIG,
    OPENAPI_GENERATOR_VERSION,
    STATUS_MAP,
    build_artifacts,
    spec_files,
)
from intentd.specgen.compiler import compile_spec, emit_json, emit_yaml
from tests.helpers.specgen_fixtures import ALL_CASES, bookshop, synthetic_handoff

_DOCS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {}


def built(case: str) -> tuple[Any, dict[str, Any], dict[str, str]]:
    if case not in _DOCS:
        handoff = ALL_CASES[case]() if case in ALL_CASES else synthetic_handoff(100)
        doc = compile_spec(handoff, api_version="2.3.1")
        _DOCS[case] = (handoff, doc, build_artifacts(handoff, doc))
    return _DOCS[case]


def resolve(doc: dict[str, Any], pointer: str) -> Any:
    node: Any = doc
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_spec_files_lists_everything() -> None:
    handoff, doc, _artifacts = built("bookshop")
    files = spec_files(handoff, doc)
    assert set(files) == {
        "spec/openapi.yaml",
        "spec/openapi.json",
        STATUS_MAP,
        CONTRACT_TESTS,
        MOCK_CONFIG,
        CODEGEN_CONFIG,
    }
    assert files["spec/openapi.yaml"] == emit_yaml(doc)
    assert files["spec/openapi.json"] == emit_json(doc)
    assert all(text.endswith("\n") for text in files.values())


@pytest.mark.parametrize("case", [*ALL_CASES, "synthetic100"])
def test_byte_stable(case: str) -> None:
    handoff, _doc, artifacts = built(case)
    again = build_artifacts(handoff, compile_spec(handoff, api_version="2.3.1"))
    assert again == artifacts
    if case in ALL_CASES:  # ruamel's own round trip is slow on the large vector file
        for text in artifacts.values():
            assert yamlio.dumps(yamlio.loads(text)) == text


@pytest.mark.parametrize("case", [*ALL_CASES, "synthetic100"])
def test_status_map_covers_every_response(case: str) -> None:
    _, doc, artifacts = built(case)
    data = yamlio.loads(artifacts[STATUS_MAP])
    assert data["api_version"] == "2.3.1"
    seen = 0
    for path, item in doc["paths"].items():
        for method, op in item.items():
            entry = data["operations"][op["operationId"]]
            assert entry["path"] == path and entry["method"] == method.upper()
            assert set(entry["responses"]) == set(op["responses"])
            assert all(isinstance(t, str) and t for t in entry["responses"].values())
            seen += 1
    assert seen == len(data["operations"])


def test_status_map_conditions_are_specific() -> None:
    _, _, artifacts = built("bookshop")
    ops = yamlio.loads(artifacts[STATUS_MAP])["operations"]
    assert "isbn" in ops["createBook"]["responses"]["409"]
    assert "bookId" in ops["getBook"]["responses"]["404"]
    assert "100/minute" in ops["listBooks"]["responses"]["429"]


@pytest.mark.parametrize("case", [*ALL_CASES, "synthetic100"])
def test_vectors_agree_with_the_contract(case: str) -> None:
    """Every vector's request body and expected response example validate (2020-12)."""
    _, doc, artifacts = built(case)
    data = yamlio.loads(artifacts[CONTRACT_TESTS])
    registry = Registry().with_resource("urn:spec", DRAFT202012.create_resource(doc))
    ops = {
        op["operationId"]: (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
    }
    happy = {v["operationId"] for v in data["vectors"] if v["kind"] == "happy-path"}
    assert happy == set(ops)
    ids = [v["id"] for v in data["vectors"]]
    assert len(ids) == len(set(ids))
    for vector in data["vectors"]:
        _path, method, op = ops[vector["operationId"]]
        request, expect = vector["request"], vector["expect"]
        assert request["method"] == method.upper()
        assert "{" not in request["path"]
        assert str(expect["status"]) in op["responses"]
        assert expect["assertions"][0] == {"status": expect["status"]}
        if "body" in request:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            Draft202012Validator(
                {"$ref": "urn:spec#" + schema["$ref"].removeprefix("#")}, registry=registry
            ).validate(request["body"])
        if "schema" in expect:
            schema_node = resolve(doc, expect["schema"])
            assert isinstance(schema_node, dict)
            media = resolve(doc, expect["schema"].rsplit("/", 1)[0])
            example = next(iter(media["examples"].values()))["value"]
            Draft202012Validator(
                {"$ref": "urn:spec" + expect["schema"]}, registry=registry
            ).validate(example)
        if vector["kind"] == "missing-credentials":
            assert not {"Authorization", "X-API-Key"} & set(request["headers"])
        elif op["security"]:
            assert any(v.startswith(("Bearer", "${")) for v in request["headers"].values())


def test_error_vectors() -> None:
    _, _, artifacts = built("bookshop")
    vectors = {v["id"]: v for v in yamlio.loads(artifacts[CONTRACT_TESTS])["vectors"]}
    missing = vectors["createBook-401"]
    assert missing["expect"]["content_type"] == "application/problem+json"
    unknown = vectors["getBook-404"]
    assert unknown["request"]["path"] == "/books/00000000-0000-4000-8000-000000000000"
    assert unknown["request"]["mock_headers"] == {"Prefer": "code=404"}
    listing = vectors["listBooks-200"]
    assert listing["request"]["path"] == "/books?page=1&pageSize=20"


def test_mock_server_config() -> None:
    _, _, artifacts = built("bookshop")
    data = yamlio.loads(artifacts[MOCK_CONFIG])
    prism = data["prism"]
    assert prism["version"] == "5.16.0"
    assert prism["command"] == "prism mock spec/openapi.yaml -h 127.0.0.1 -p 4010"
    st = data["schemathesis"]
    assert "--phases examples" in st["command"]
    assert st["command"].startswith("st --config-file schemathesis.toml run spec/openapi.yaml ")
    assert "fill-missing = true" in st["config_toml"]
    assert "--url http://127.0.0.1:4010" in st["command"]
    assert st["checks"] == [
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
    assert st["headers"] == {"Authorization": "Bearer test-token"}


def test_client_codegen_config() -> None:
    _handoff, doc, artifacts = built("bookshop")
    data = yamlio.loads(artifacts[CODEGEN_CONFIG])
    assert data["generatorName"] == "typescript-fetch"
    assert data["inputSpec"] == "spec/openapi.yaml" and data["outputDir"]
    props = data["additionalProperties"]
    assert props["npmVersion"] == doc["info"]["version"] == "2.3.1"
    assert props["npmName"] == "bookshop-client"
    for key in ("supportsES6", "withInterfaces", "useSingleRequestParameter"):
        assert props[key] is True
    assert props["modelPropertyNaming"] == "original"
    assert data["x-intentd"]["version"] == OPENAPI_GENERATOR_VERSION
    assert "tsc --strict" in data["x-intentd"]["typecheck"]


def test_api_key_headers_in_vectors() -> None:
    _, _, artifacts = built("mutual_reference")
    data = yamlio.loads(artifacts[MOCK_CONFIG])
    assert data["schemathesis"]["headers"] == {"X-API-Key": "test-key"}
    vectors = {v["id"]: v for v in yamlio.loads(artifacts[CONTRACT_TESTS])["vectors"]}
    assert vectors["updateTeam-200"]["request"]["headers"]["X-API-Key"] == "${API_KEY}"
    assert "X-API-Key" not in vectors["updateTeam-401"]["request"]["headers"]
    assert bookshop().auth_policy.scheme == "jwt_with_refresh"
