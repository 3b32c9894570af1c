"""Provider profiles: what differs between OpenAI-compatible servers (issue #6, item 1).

A profile names the schema dialect a server accepts and the request parameters it takes.
The model-facing schema is built from :class:`PlannedHandoff` (the hand-off without
``trace_links``, which intentd fills itself) and post-processed per profile; the result is
pinned by snapshot tests (``tests/snapshots/llm-schema-<profile>.json``).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from openai.lib._pydantic import to_strict_json_schema
from pydantic import BaseModel, create_model

from ...handoff import Handoff, Model

ProfileName = Literal["openai", "json_object", "kimi", "ollama", "vllm"]
PROFILES: tuple[ProfileName, ...] = ("openai", "json_object", "kimi", "ollama", "vllm")
SCHEMA_NAME = "PlannedHandoff"

# Fields intentd fills itself; the model never sees them.
_SELF_FILLED = frozenset({"trace_links"})

PlannedHandoff: type[BaseModel] = create_model(  # type: ignore[call-overload]
    SCHEMA_NAME,
    __base__=Model,
    __doc__="The Planner hand-off as the model writes it (no trace_links).",
    **{
        name: (info.annotation, info)
        for name, info in Handoff.model_fields.items()
        if name not in _SELF_FILLED
    },
)


@dataclass(frozen=True)
class Profile:
    """What one kind of server takes."""

    name: ProfileName
    response_format: Literal["json_schema", "json_object"]
    max_tokens_param: Literal["max_completion_tokens", "max_tokens"]
    temperature: float | None  # None: do not send one (GPT-5, Kimi K2.5+)
    seed: int | None
    reasoning_effort: bool  # whether reasoning_effort is sent when configured
    schema_in_prompt: bool  # servers that do not show the schema to the model
    images: bool
    image_detail: str | None
    # llama-cpp-python's chat formats for models without a system role (gemma, …) drop
    # system messages silently: there the instructions open the first user message.
    system_role: bool = True


_PROFILES: dict[ProfileName, Profile] = {
    # GPT-5: max_completion_tokens, temperature other than 1 is a 400, reasoning_effort.
    "openai": Profile(
        "openai", "json_schema", "max_completion_tokens", None, None, True, False, True, "high"
    ),
    # llama-cpp-python: json_schema is a 500; json_object with a schema is a grammar.
    "json_object": Profile(
        "json_object", "json_object", "max_tokens", 0.0, 1, False, True, False, None, False
    ),
    # Moonshot Kimi: MFJS subset, max_tokens, no temperature on K2.5+.
    "kimi": Profile("kimi", "json_schema", "max_tokens", None, None, True, True, True, None),
    # Ollama does not put the schema in the prompt (ollama#8162).
    "ollama": Profile("ollama", "json_schema", "max_tokens", 0.0, 1, False, True, True, None),
    "vllm": Profile("vllm", "json_schema", "max_tokens", 0.0, 1, False, False, True, None),
}


def get(name: ProfileName) -> Profile:
    return _PROFILES[name]


def resolve(profile: str, base_url: str | None, model: str | None) -> Profile:
    """``auto`` picks by base URL and model name; anything else is taken as written."""
    if profile != "auto":
        return _PROFILES[profile]  # type: ignore[index]
    host = (urlsplit(base_url).hostname or "") if base_url else "api.openai.com"
    port = urlsplit(base_url).port if base_url else None
    return _PROFILES[_auto(host, port, (model or "").lower())]


def _auto(host: str, port: int | None, model: str) -> ProfileName:
    if host.endswith("openai.com") or host.endswith("openai.azure.com"):
        return "openai"
    if "moonshot" in host or "kimi" in host or model.startswith(("kimi", "moonshot")):
        return "kimi"
    if "ollama" in host or port == 11434:
        return "ollama"
    if model.startswith(("gpt-", "o1", "o3", "o4")):
        return "openai"
    # Other servers (vLLM, llama.cpp's llama-server, …) take strict json_schema.
    # llama-cpp-python does not: set ``profile: json_object`` for it.
    return "vllm"


# --------------------------------------------------------------------------- schemas


def base_schema() -> dict[str, Any]:
    """The strict schema the openai SDK's ``parse()`` would build for PlannedHandoff."""
    return to_strict_json_schema(PlannedHandoff)


def schema_for(
    profile: ProfileName, *, max_string: int = 200, max_items: int = 12
) -> dict[str, Any]:
    """The JSON Schema sent to a server of this profile."""
    schema = base_schema()
    if profile in ("openai", "vllm", "ollama"):
        # OpenAI strict mode rejects string length bounds (notes: maxLength → 400).
        return _strip(schema, frozenset({"minLength", "maxLength"}))
    if profile == "json_object":
        # Small local models loop inside strings without bounds (notes §5); grammars
        # built from patterns are fragile, and the repair loop checks patterns anyway.
        return _bound(_strip(schema, frozenset({"pattern", "minLength"})), max_string, max_items)
    return _mfjs(schema)


def response_format(profile: Profile, schema: dict[str, Any]) -> dict[str, Any]:
    if profile.response_format == "json_object":
        return {"type": "json_object", "schema": schema}
    return {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "schema": schema, "strict": True},
    }


_MAPS = frozenset({"properties", "$defs"})


def _walk(node: Any, fn: Any, *, is_map: bool = False) -> Any:
    """Apply ``fn`` bottom-up to every schema node (not to property or $defs maps)."""
    if isinstance(node, dict):
        if is_map:
            return {k: _walk(v, fn) for k, v in node.items()}
        return fn({k: _walk(v, fn, is_map=k in _MAPS) for k, v in node.items()})
    if isinstance(node, list):
        return [_walk(v, fn) for v in node]
    return node


def _strip(schema: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    def drop(node: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in node.items() if k not in keys}

    result: dict[str, Any] = _walk(schema, drop)
    return result


def _bound(schema: dict[str, Any], max_string: int, max_items: int) -> dict[str, Any]:
    def bound(node: dict[str, Any]) -> dict[str, Any]:
        if node.get("type") == "string" and "enum" not in node:
            node = {**node, "maxLength": max_string}
        if node.get("type") == "array":
            node = {**node, "maxItems": max_items}
        return node

    result: dict[str, Any] = _walk(schema, bound)
    return result


_MFJS_DROP = frozenset(
    {
        "title",
        "format",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "default",
    }
)


def _mfjs(schema: dict[str, Any]) -> dict[str, Any]:
    """Moonshot's MFJS subset: no title/format/bounds, every node typed, $refs in $defs."""
    schema = _strip(schema, _MFJS_DROP)
    defs: dict[str, Any] = schema.get("$defs", {})

    def typed(node: dict[str, Any]) -> dict[str, Any]:
        if "enum" in node and "type" not in node:
            node = {**node, "type": "string"}
        alts = node.get("anyOf")
        if isinstance(alts, list) and len(alts) == 2 and {"type": "null"} in alts:
            other = next(a for a in alts if a != {"type": "null"})
            if "$ref" in other:
                other = copy.deepcopy(defs[other["$ref"].rsplit("/", 1)[1]])
            if isinstance(other.get("type"), str):
                rest = {k: v for k, v in node.items() if k != "anyOf"}
                merged = {**other, **rest, "type": [other["type"], "null"]}
                if isinstance(other.get("enum"), list) and None not in other["enum"]:
                    merged["enum"] = [*other["enum"], None]  # else null fails the enum
                return merged
        return node

    # Twice: the second pass types the definitions inlined by the first.
    result: dict[str, Any] = _walk(_walk(schema, typed), typed)
    return result


# --------------------------------------------------------------------------- snapshots


def snapshots() -> dict[str, dict[str, Any]]:
    """Every profile's schema, keyed by snapshot file name."""
    return {f"llm-schema-{name}.json": schema_for(name) for name in PROFILES}


def render_snapshot(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_snapshots(directory: Path) -> list[Path]:
    """Regenerate the schema snapshots (``make regen-golden``); tests only compare."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in snapshots().items():
        path = directory / name
        path.write_text(render_snapshot(schema), encoding="utf-8")
        written.append(path)
    return written
