"""Provider profiles: the schema each one sends is pinned by a snapshot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from intentd.handoff import Handoff
from intentd.planner.llm import profiles
from tests.helpers import TESTS
from tests.helpers.llm_fixtures import good
from tests.planner.llm import conduit

SNAPSHOTS = TESTS / "snapshots"


@pytest.mark.parametrize("name", sorted(profiles.snapshots()))
def test_schema_matches_its_snapshot(name: str) -> None:
    expected = (SNAPSHOTS / name).read_text(encoding="utf-8")
    actual = profiles.render_snapshot(profiles.snapshots()[name])
    assert actual == expected, (
        f"the {name} schema changed; if on purpose, run `make regen-golden` and review the diff"
    )


def test_planned_handoff_is_the_handoff_without_trace_links() -> None:
    assert list(profiles.PlannedHandoff.model_fields) == [
        f for f in Handoff.model_fields if f != "trace_links"
    ]
    assert "TraceLinks" not in json.dumps(profiles.base_schema())
    profiles.PlannedHandoff.model_validate(good())


def _nodes(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        out.append((path, node))
        for k, v in node.items():
            if k in ("properties", "$defs"):
                for name, sub in v.items():
                    out.extend(_nodes(sub, f"{path}/{k}/{name}"))
            else:
                out.extend(_nodes(v, f"{path}/{k}"))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_nodes(v, f"{path}/{i}"))
    return out


@pytest.mark.parametrize("name", profiles.PROFILES)
def test_every_profile_schema_accepts_a_hand_off_with_every_construct(name: str) -> None:
    """Filters, paging, envelopes, wrappers, statuses, shapes, keys, maps (issue 10) pass
    each profile's schema, nulls included (a nullable enum must list null)."""
    schema = profiles.schema_for(name, max_string=400, max_items=50)
    jsonschema.Draft202012Validator.check_schema(schema)
    for answer in (conduit.answer(), good()):
        errors = jsonschema.Draft202012Validator(schema).iter_errors(answer)
        assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    wrong = conduit.answer()
    wrong["api_surface"][0]["status"] = 418
    assert not jsonschema.Draft202012Validator(schema).is_valid(wrong)


@pytest.mark.parametrize("name", ["openai", "ollama", "vllm"])
def test_openai_schema_is_strict(name: str) -> None:
    for where, node in _nodes(profiles.schema_for(name)):
        assert "minLength" not in node and "maxLength" not in node, where
        assert "default" not in node, where
        if node.get("type") == "object":
            assert node["additionalProperties"] is False, where
            assert sorted(node["required"]) == sorted(node["properties"]), where


def test_kimi_schema_is_the_mfjs_subset() -> None:
    schema = profiles.schema_for("kimi")
    for where, node in _nodes(schema):
        for key in ("title", "format", "minItems", "maxItems", "minLength", "anyOf"):
            assert key not in node, (where, key)
        assert "type" in node or "$ref" in node, where
        if "$ref" in node:
            assert node["$ref"].startswith("#/$defs/"), where


def test_json_object_schema_is_bounded() -> None:
    schema = profiles.schema_for("json_object", max_string=40, max_items=2)
    for where, node in _nodes(schema):
        assert "pattern" not in node, where
        if node.get("type") == "string" and "enum" not in node:
            assert node["maxLength"] == 40, where
        if node.get("type") == "array":
            assert node["maxItems"] == 2, where


@pytest.mark.parametrize(
    ("base_url", "model", "expected"),
    [
        (None, "gpt-5", "openai"),
        ("https://api.openai.com/v1", "gpt-5-mini", "openai"),
        ("https://api.moonshot.ai/v1", "kimi-k2-0905", "kimi"),
        ("https://openrouter.example/v1", "kimi-k2", "kimi"),
        ("http://localhost:11434/v1", "llama3.1", "ollama"),
        ("http://gpu-box:8000/v1", "Qwen/Qwen3-8B", "vllm"),
        ("http://127.0.0.1:8765/v1", "gpt-5", "openai"),
    ],
)
def test_auto_profile(base_url: str | None, model: str, expected: str) -> None:
    assert profiles.resolve("auto", base_url, model).name == expected


def test_explicit_profile_wins() -> None:
    assert profiles.resolve("json_object", "https://api.openai.com/v1", "gpt-5").name == (
        "json_object"
    )


def test_write_snapshots(tmp_path: Path) -> None:
    written = profiles.write_snapshots(tmp_path)
    assert sorted(p.name for p in written) == sorted(profiles.snapshots())
    for p in written:
        assert p.read_text(encoding="utf-8") == (SNAPSHOTS / p.name).read_text(encoding="utf-8")
