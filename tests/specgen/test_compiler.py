"""The document (issue #3 item 1): header, tags, components, stability, real validators."""

from __future__ import annotations

import json
import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from intentd import yamlio
from intentd.specgen import compile_spec, emit_json, emit_yaml
from tests.helpers import ROOT
from tests.helpers.specgen_fixtures import ALL_CASES, bookshop, synthetic_handoff
from tests.specgen.support import CASES, compiled, example_errors, operations

# --------------------------------------------------------------------------- structure


def test_document_header() -> None:
    doc = compiled("bookshop")
    assert list(doc)[:3] == ["openapi", "info", "x-intentd"]
    assert doc["openapi"] == "3.1.0"
    info = doc["info"]
    assert info["title"] == "Bookshop" and info["version"] == "1.4.0" and info["description"]
    assert info["license"] == {"name": "MIT", "identifier": "MIT"}
    assert info["contact"]["email"] == "api@bookshop.test"
    meta = doc["x-intentd"]
    assert meta["api_version"] == "1.4.0" and meta["spec_version"] == "3.1.0"
    assert re.fullmatch(r"[0-9a-f]{12}", meta["revision"])
    assert meta["generated_by"]["tool"] == "intentd"
    assert meta["generated_by"]["planner"] == "offline"
    assert doc["servers"] == [{"url": "https://api.bookshop.test/v1", "description": "Production"}]
    assert [t["name"] for t in doc["tags"]] == [
        "accounts",
        "browse-catalog",
        "manage-catalog",
        "orders",
        "reviews",
        "newsletter",
    ]
    assert all(t["description"] for t in doc["tags"])


def test_default_server_and_no_security_schemes() -> None:
    doc = compiled("self_reference")
    assert doc["servers"][0]["url"] == "http://127.0.0.1:8000"
    assert "securitySchemes" not in doc["components"]
    assert all(op["security"] == [] for _, _, op in operations(doc))


def test_security_scheme_from_policy() -> None:
    bearer = compiled("bookshop")["components"]["securitySchemes"]["bearerAuth"]
    assert bearer["type"] == "http" and bearer["scheme"] == "bearer"
    assert bearer["bearerFormat"] == "JWT" and "POST /auth/refresh" in bearer["description"]
    oauth = compiled("escaping")["components"]["securitySchemes"]["oauth2"]
    assert set(oauth["flows"]["authorizationCode"]["scopes"]) == {"read:all", "write"}
    key = compiled("mutual_reference")["components"]["securitySchemes"]["apiKeyAuth"]
    assert key == {**key, "type": "apiKey", "in": "header", "name": "X-API-Key"}


@pytest.mark.parametrize("case", CASES)
def test_no_unused_components(case: str) -> None:
    doc = compiled(case)
    text = json.dumps({k: v for k, v in doc.items() if k != "components"})
    components = doc["components"]
    for kind in ("schemas", "responses"):
        for name in components.get(kind, {}):
            ref = json.dumps(f"#/components/{kind}/{name}")
            others = {k: v for k, v in components[kind].items() if k != name}
            assert (
                ref in text
                or ref in json.dumps(others)
                or ref in json.dumps(components.get("responses", {}))
            ), f"unused {kind}/{name}"


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("case", CASES)
def test_byte_stable_and_same_content(case: str) -> None:
    factory = ALL_CASES.get(case)
    make = factory if factory else (lambda: synthetic_handoff(300))
    first = compile_spec(make(), api_version="1.4.0")
    second = compile_spec(make(), api_version="1.4.0")
    assert emit_yaml(first) == emit_yaml(second)
    assert emit_json(first) == emit_json(second)
    text = emit_yaml(first)
    if factory:  # ruamel's own emitter takes seconds on the 300-operation case
        assert text == yamlio.dumps(first)  # the fast emitter writes yamlio's exact style
    assert json.loads(emit_json(first)) == first
    assert emit_json(first).endswith("}\n")


def test_revision_tracks_the_handoff() -> None:
    h = bookshop()
    a = compile_spec(h, api_version="1.0.0")["x-intentd"]["revision"]
    changed = h.model_copy(update={"description": "Something else."})
    b = compile_spec(changed, api_version="1.0.0")["x-intentd"]["revision"]
    assert a != b
    assert compile_spec(h, api_version="2.0.0")["x-intentd"]["revision"] == a


def test_same_bytes_in_another_process() -> None:
    import subprocess
    import sys

    code = (
        "from tests.helpers.specgen_fixtures import bookshop;"
        "from intentd.specgen.compiler import compile_spec, emit_json;"
        "print(emit_json(compile_spec(bookshop(), api_version='1.0.0')), end='')"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outs == {emit_json(compile_spec(bookshop(), api_version="1.0.0"))}


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize("case", CASES)
def test_openapi_spec_validator_accepts(case: str) -> None:
    errors = [e.message for e in OpenAPIV31SpecValidator(compiled(case)).iter_errors()]
    assert errors == []


@pytest.mark.parametrize("case", CASES)
def test_every_example_validates(case: str) -> None:
    assert example_errors(compiled(case)) == []


def test_contact_and_license_only_when_given() -> None:
    h = bookshop()
    bare = h.model_copy(
        update={"api_info": h.api_info.model_copy(update={"contact": None, "license": None})}
    )
    info = compile_spec(bare, api_version="0.1.0")["info"]
    assert "contact" not in info and "license" not in info
