"""JSON Schemas for editors (yaml-language-server): the hand-off and YAML intent files."""

from __future__ import annotations

import copy
from typing import Any

from . import __version__
from .handoff import Handoff

_BASE = "urn:intentd:schema"


def handoff_schema() -> dict[str, Any]:
    schema = Handoff.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}:handoff:{__version__}",
        **schema,
    }


def intent_schema() -> dict[str, Any]:
    """YAML intent files use the hand-off's own keys, every one optional (sources too).

    Several files merge, so no key is required anywhere; unknown keys stay errors.
    """
    schema = copy.deepcopy(Handoff.model_json_schema())
    _relax(schema)
    props = schema.get("properties", {})
    props.pop("trace_links", None)
    schema["title"] = "intentd YAML intent file"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}:intent:{__version__}",
        **schema,
    }


def _relax(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _relax(value)
    elif isinstance(node, list):
        for value in node:
            _relax(value)
