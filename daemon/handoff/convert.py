"""The hand-off to and from plain data: what ``plan/handoff.yaml`` holds, and its JSON Schema.

Shape errors are values: pydantic's errors become findings (rule ``schema``) carried by one
:class:`~intentd.errors.PlanError`, so the person sees every mismatch at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from .. import layout
from ..errors import Finding, PlanError
from .model import Handoff


def to_data(handoff: Handoff) -> dict[str, Any]:
    """The hand-off as plain data in model field order (what ``plan/handoff.yaml`` holds)."""
    return handoff.model_dump(mode="json")


def from_data(data: Any, path: str = layout.HANDOFF) -> Handoff:
    """Validate plain data into a :class:`Handoff`; shape errors become findings."""
    try:
        return Handoff.model_validate(data)
    except ValidationError as exc:
        raise PlanError(
            f"{path}: the hand-off does not match its schema",
            tuple(validation_findings(exc, path)),
        ) from None


def validation_findings(exc: ValidationError, path: str) -> Iterator[Finding]:
    """One finding per pydantic error, located ``path`` with the dotted key path in front."""
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        yield Finding(path, f"{loc}: {err['msg']}", rule="schema")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Handoff`, as pydantic writes it."""
    return Handoff.model_json_schema()
