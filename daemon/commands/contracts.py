"""A contract by name: a file (YAML or JSON) or ``spec/openapi.json`` at a git revision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import git, yamlio
from ..errors import Finding, IntentdError
from ..layout import SPEC_JSON
from ..openapi.walk import iter_operations


def load_contract(ws: Path, what: str) -> dict[str, Any]:
    """A contract from a file (YAML or JSON) or from ``spec/openapi.json`` at a git revision."""
    candidate = Path(what) if Path(what).is_absolute() else ws / what
    if candidate.is_file():
        text = candidate.read_text(encoding="utf-8")
        data = json.loads(text) if candidate.suffix == ".json" else yamlio.loads(text, what)
    else:
        if git.rev_parse(ws, f"{what}^{{commit}}") is None:
            raise IntentdError(
                f"{what}: not a file or a git revision",
                (Finding(what, "not a file or a git revision; pass a path or e.g. HEAD~1"),),
            )
        raw = git.read_blob(ws, what, SPEC_JSON)
        if raw is None:
            raise IntentdError(
                f"{what}: no contract",
                (Finding(what, f"{SPEC_JSON} does not exist at {what}"),),
            )
        data = json.loads(raw)
    if not isinstance(data, dict):
        raise IntentdError(f"{what}: not a contract", (Finding(what, "not an OpenAPI document"),))
    return data


def operations(doc: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """operationId → (``METHOD /path``, the operation) of every operation in ``doc``."""
    return {
        op["operationId"]: (f"{method.upper()} {path}", op)
        for path, method, op, _at in iter_operations(doc)
        if "operationId" in op
    }
