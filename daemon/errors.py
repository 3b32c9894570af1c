"""One base error, a few subclasses, and findings as values.

A user mistake is an :class:`IntentdError` (exit 1) carrying findings that print as
``path:line: message`` so editors link them. Anything else escaping to the CLI is a bug
(exit 3). Validation results are lists of :class:`Finding`, never exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. ``location`` is ``path:line``, ``path`` or a JSON pointer."""

    location: str
    message: str
    severity: Severity = "error"
    rule: str = ""

    def render(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        sev = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}{sev}{self.message}"


@dataclass
class IntentdError(Exception):
    """A problem the person can fix. Exit code 1."""

    message: str
    findings: Sequence[Finding] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.render()

    def render(self) -> str:
        if not self.findings:
            return self.message
        return "\n".join(f.render() for f in self.findings)

    @classmethod
    def from_findings(cls, message: str, findings: Iterable[Finding]) -> IntentdError:
        return cls(message, tuple(findings))


class IntentError(IntentdError):
    """Something under intent/ cannot be read or understood."""


class ConfigError(IntentdError):
    """intentd.yaml is invalid."""


class PlanError(IntentdError):
    """The hand-off is invalid (shape or semantics)."""


class SpecError(IntentdError):
    """The contract failed validation."""


@dataclass
class GitError(IntentdError):
    """A git failure: the ``command``, its exit ``returncode`` and ``stderr`` (empty when
    intentd refused before running git)."""

    command: tuple[str, ...] = ()
    returncode: int = 0
    stderr: str = ""


def errors_only(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
