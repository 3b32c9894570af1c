"""``intentd check``: validate plan/ and spec/ as they are on disk (or staged), hand-edited or not.

The pre-commit hook runs this when a person commits changes under plan/ or spec/ by hand.
Findings print as ``path:line: message``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from .. import handoff as handoff_mod
from .. import yamlio
from ..check import validate
from ..errors import Finding, IntentdError
from ..layout import HANDOFF, SPEC_JSON, SPEC_YAML
from ..workspace import Workspace

Reader = Callable[[str], bytes | None]


def run(args: argparse.Namespace) -> int:
    findings = check(Workspace.open(args.workspace), staged=args.staged)
    for f in findings:
        print(f.render(), file=sys.stderr)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        print(f"intentd check: {len(errors)} error(s)", file=sys.stderr)
        return 1
    if not args.quiet:
        print("intentd check: plan/ and spec/ are valid")
    return 0


def check(ws: Workspace, *, staged: bool = False) -> list[Finding]:
    read = _staged_reader(ws) if staged else _disk_reader(ws)
    findings: list[Finding] = []
    h = _check_plan(read, findings)
    _check_spec(read, h, findings)
    return findings


def _disk_reader(ws: Workspace) -> Reader:
    def read(rel: str) -> bytes | None:
        try:
            return (ws.root / rel).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None

    return read


def _staged_reader(ws: Workspace) -> Reader:
    from .. import git

    def read(rel: str) -> bytes | None:
        return git.read_index_blob(ws.root, rel)

    return read


def _check_plan(read: Reader, findings: list[Finding]) -> handoff_mod.Handoff | None:
    raw = read(HANDOFF)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
        tree = yamlio.load_with_lines(text, HANDOFF)
        h = handoff_mod.from_data(yamlio.plain(tree), HANDOFF)
    except UnicodeDecodeError:
        findings.append(Finding(HANDOFF, "not UTF-8; save it as UTF-8"))
        return None
    except IntentdError as exc:
        findings.extend(_with_plan_lines(exc.findings, raw))
        return None
    findings.extend(handoff_mod.check(h, HANDOFF))
    return h


def _with_plan_lines(found: Any, raw: bytes) -> list[Finding]:
    """Pydantic locations (``features.0.name: …``) → ``plan/handoff.yaml:LINE``."""
    try:
        tree = yamlio.load_with_lines(raw.decode("utf-8"), HANDOFF)
    except (IntentdError, UnicodeDecodeError):
        return list(found)
    out = []
    for f in found:
        loc, _, _msg = f.message.partition(": ")
        parts: list[int | str] = [int(p) if p.isdigit() else p for p in loc.split(".")]
        line = yamlio.line_of(tree, tuple(parts))
        out.append(Finding(f"{HANDOFF}:{line}", f.message, f.severity, f.rule))
    return out


def _check_spec(read: Reader, h: handoff_mod.Handoff | None, findings: list[Finding]) -> None:
    raw = read(SPEC_YAML)
    if raw is None:
        return
    try:
        text = raw.decode("utf-8")
        doc = yamlio.loads(text, SPEC_YAML)
    except UnicodeDecodeError:
        findings.append(Finding(SPEC_YAML, "not UTF-8"))
        return
    except IntentdError as exc:
        findings.extend(exc.findings)
        return
    if not isinstance(doc, dict):
        findings.append(Finding(f"{SPEC_YAML}:1", "not an OpenAPI document (expected a mapping)"))
        return
    report = validate.validate(doc, h)
    findings.extend(validate.with_lines(report.findings, text, SPEC_YAML))
    raw_json = read(SPEC_JSON)
    if raw_json is not None:
        try:
            same = json.loads(raw_json) == doc
        except ValueError:
            same = False
        if not same:
            findings.append(
                Finding(
                    SPEC_JSON,
                    f"differs from {SPEC_YAML}; they must hold the same contract — edit "
                    "intent/ and let intentd regenerate both",
                )
            )
