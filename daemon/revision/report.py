"""What a revision tells the world: the revision report, the failure report, ``--json`` events.

These are the hand-off to an orchestrator and to downstream agents (``on_commit`` /
``on_failure`` receive a report as JSON on stdin; ``intentd watch --json`` prints one event per
line). Their JSON Schemas are published with ``intentd schema events`` and in ``docs/``.
Reports never carry a secret; they may carry times (they are not generated files).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..errors import Finding
from ..planner.usage import Usage as PlannerUsage


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FindingOut(_Model):
    location: str
    severity: Literal["error", "warning", "info"]
    message: str
    rule: str

    @classmethod
    def of(cls, f: Finding) -> FindingOut:
        return cls(location=f.location, severity=f.severity, message=f.message, rule=f.rule)


class ChangeOut(_Model):
    rule: str
    klass: Literal["breaking", "non-breaking", "cosmetic"]
    operation: str
    location: str
    message: str


class Usage(_Model):
    prompt_tokens: int
    completion_tokens: int
    reasoning_tokens: int
    cached_tokens: int
    cost_usd: float | None
    requests: int

    @classmethod
    def of(cls, u: PlannerUsage) -> Usage:
        """The part of a planner's usage the report, ``--json`` events and the commit carry."""
        return cls(
            prompt_tokens=u.prompt_tokens,
            completion_tokens=u.completion_tokens,
            reasoning_tokens=u.reasoning_tokens,
            cached_tokens=u.cached_tokens,
            cost_usd=None if u.cost_usd is None else round(u.cost_usd, 6),
            requests=u.requests,
        )


class Attempt(_Model):
    attempt: int
    findings: list[FindingOut]


Stage = Literal["state", "read", "plan", "compile", "validate", "diff", "write", "git", "hook"]


class RevisionReport(_Model):
    """A committed revision (``on_commit`` stdin, the ``revision`` event)."""

    kind: Literal["revision"] = "revision"
    workspace: str
    revision: int
    commit: str
    branch: str | None
    intent_id: str
    intent_hash: str
    changed_inputs: list[str]
    previous_version: str | None
    spec_version: str
    bump: Literal["major", "minor", "patch", "none", "initial"]
    tag: str | None
    summary: str
    changes: list[ChangeOut]
    operations_added: int
    operations_removed: int
    plan_hand_edited: bool
    planner: str
    usage: Usage | None
    warnings: list[FindingOut]
    stages_ms: dict[str, float]
    duration_ms: float


class FailureReport(_Model):
    """A revision that failed and was rolled back (``.intentd/last_failure.json``)."""

    kind: Literal["failure"] = "failure"
    workspace: str
    stage: Stage
    message: str
    intent_hash: str | None
    findings: list[FindingOut]
    attempts: list[Attempt]
    head: str | None
    usage: Usage | None
    at: str


class Event(_Model):
    """One line of ``intentd watch --json``."""

    event: Literal[
        "start",
        "catch-up",
        "change",
        "planning",
        "waiting",
        "revision",
        "up-to-date",
        "failure",
        "error",
        "stop",
    ]
    at: str
    message: str
    data: dict[str, Any] | None


def schemas() -> dict[str, Any]:
    """The published JSON Schemas, keyed by name."""
    return {
        "revision-report": RevisionReport.model_json_schema(),
        "failure-report": FailureReport.model_json_schema(),
        "event": Event.model_json_schema(),
    }
