"""Lint rules on components and references: valid component names, every component used,
no keys beside a ``$ref``."""

from __future__ import annotations

import re
from typing import Any

from ...openapi.pointer import pointer
from ...openapi.walk import Path, RefSite
from .rules import Out

_COMPONENT_NAME = re.compile(r"^[a-zA-Z0-9.\-_]+$")
# The kinds a $ref can use; securitySchemes are used by name (see .security).
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


def check_components(doc: dict[str, Any], refs: list[RefSite], out: Out) -> None:
    _ref_siblings(refs, out)
    comps = doc.get("components")
    if not isinstance(comps, dict):
        return
    referenced = _referenced(refs)
    for kind, group in comps.items():
        if isinstance(group, dict):
            _component_group(kind, group, referenced, out)


def _ref_siblings(refs: list[RefSite], out: Out) -> None:
    for where, node in refs:
        extra = sorted(k for k in node if k != "$ref")
        # A path item may sit beside its $ref (OpenAPI 3.1 allows it there).
        if extra and not (len(where) == 2 and where[0] == "paths"):
            out("spec-ref-siblings", where, f"keys beside $ref are ignored by tools: {extra}")


def _referenced(refs: list[RefSite]) -> set[str]:
    """The components some ``$ref`` points into (``#/components/kind/name``)."""
    targets = {node["$ref"] for _where, node in refs}
    return {"/".join(r.split("/")[:4]) for r in targets if r.startswith("#/components/")}


def _component_group(kind: Any, group: dict[Any, Any], referenced: set[str], out: Out) -> None:
    for name in group:
        at: Path = ("components", kind, name)
        if not _COMPONENT_NAME.match(str(name)):
            out("spec-components-invalid-map-name", at, f"'{name}' is not a valid name")
        if kind in _COMPONENT_TYPES and pointer(at) not in referenced:
            out("oas3-unused-component", at, f"component '{name}' is never referenced")
