"""A failed revision: the exception the steps raise, and the report it becomes.

A step that cannot go on raises :class:`Failed` with its stage and findings; nothing was
published, and what was written has been put back. :func:`failure_report` is what
``.intentd/last_failure.json`` and ``on_failure`` receive. Contract findings point at the
intent line they come from (:func:`at_source`), since the contract that failed is never
written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import git, layout
from ..errors import Finding, GitError
from ..handoff import Handoff
from .report import Attempt, FailureReport, FindingOut, Stage


class Failed(Exception):
    """A revision that failed at ``stage`` with findings (rolled back, reported)."""

    def __init__(self, stage: Stage, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.stage = stage
        self.message = message
        self.findings = list(findings)


def failure_report(
    root: Path, failed: Failed, ihash: str | None, attempts: list[Attempt]
) -> FailureReport:
    try:
        head = git.rev_parse(root, "HEAD")
    except GitError:
        head = None
    return FailureReport(
        workspace=str(root),
        stage=failed.stage,
        message=failed.message,
        intent_hash=ihash,
        findings=[FindingOut.of(f) for f in failed.findings],
        attempts=attempts,
        head=head,
        usage=None,
        at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def git_finding(exc: GitError) -> Finding:
    """A git or hook failure as a finding: where (the hook, or git) and its full output."""
    command = exc.command
    where = command[0] if command and "hook" in exc.message else "git"
    return Finding(where, exc.render())


def at_source(findings: Sequence[Finding], h: Handoff, doc: dict[str, Any]) -> list[Finding]:
    """Contract findings at the intent line they come from (``intent/app.md:23``): the
    contract that failed is never written, so a line in spec/openapi.yaml would point at the
    last good one. The JSON pointer and rule move into the message (validate.with_lines)."""
    out = []
    for f in findings:
        where = _source_of(f.location, h, doc) if f.location.startswith("#/") else None
        detail = f"{f.message} [{f.rule or 'contract'} at {f.location}]"
        out.append(Finding(where or layout.SPEC_YAML, detail, f.severity, f.rule))
    return out


def _source_of(pointer: str, h: Handoff, doc: dict[str, Any]) -> str | None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[2:].split("/")]
    if len(parts) < 3:
        return None
    if parts[0] == "paths":
        return _operation_source(doc, parts[1], parts[2])
    if parts[:2] == ["components", "schemas"]:
        return _schema_source(h, parts[2], parts[3:])
    return None


def _operation_source(doc: dict[str, Any], path: str, method: str) -> str | None:
    op = (doc.get("paths") or {}).get(path, {}).get(method, {})
    meta = op.get("x-agent-meta") if isinstance(op, dict) else None
    source = meta.get("source") if isinstance(meta, dict) else None
    return source if isinstance(source, str) else None


def _schema_source(h: Handoff, schema: str, rest: list[str]) -> str | None:
    # Pet, PetCreate, PetPage…: the longest entity name the schema name starts with.
    owners = [e for e in h.entities if schema.startswith(e.name)]
    if not owners:
        return None
    entity = max(owners, key=lambda e: len(e.name))
    fields = {fld.name: fld.source for fld in entity.fields}
    return next((fields[p] for p in rest if p in fields), entity.source)
