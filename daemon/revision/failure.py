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

from .. import git
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
    last good one. The JSON pointer and rule move into the message (check.sources)."""
    from ..check.sources import at_intent

    return at_intent(findings, h, doc)
