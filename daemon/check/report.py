"""The validation report: what each check found, in a fixed order, as stable JSON.

Findings are values (severity, rule, JSON pointer, message), never exceptions; the report
sorts them so that the same contract always gives the same ``spec/validation_report.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Finding, Severity

CHECKS = ("openapi-spec-validator", "refs", "lint", "examples", "trace")
"""Every check, in the order it runs and is reported."""

_SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_RANK = {s: i for i, s in enumerate(_SEVERITIES)}


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counted = Counter(f.severity for f in findings)
    return {s: counted[s] for s in _SEVERITIES}


def _finding_data(f: Finding) -> dict[str, Any]:
    return {"severity": f.severity, "rule": f.rule, "location": f.location, "message": f.message}


def _order(f: Finding) -> tuple[int, str, str, str]:
    return (_RANK[f.severity], f.location, f.rule, f.message)


@dataclass(frozen=True)
class Check:
    """One check: whether it ran, what it found, and a note (fallbacks, why it was skipped)."""

    name: str
    ran: bool
    findings: tuple[Finding, ...] = ()
    note: str = ""

    @classmethod
    def of(cls, name: str, findings: Iterable[Finding], note: str = "") -> Check:
        """A check that ran: its findings deduplicated and sorted (severity, place, rule)."""
        return cls(name, True, tuple(sorted(set(findings), key=_order)), note)

    @property
    def counts(self) -> dict[str, int]:
        return _counts(self.findings)

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ran": self.ran,
            "note": self.note,
            "counts": self.counts,
            "findings": [_finding_data(f) for f in self.findings],
        }


@dataclass(frozen=True)
class Report:
    """Every check that ran, in a fixed order; deterministic (no timestamps, sorted findings)."""

    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    @property
    def errors(self) -> list[Finding]:
        return self._of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self._of("warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return _counts(self.findings)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def to_data(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "checks": [c.to_data() for c in self.checks],
        }

    def to_json(self) -> str:
        """What ``spec/validation_report.json`` holds: stable bytes, trailing newline."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"

    def _of(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]
