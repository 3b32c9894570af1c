"""``intentd trace ID``: intent line → feature → operations → the revisions that changed them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .. import diff, git, yamlio
from ..errors import Finding, IntentdError
from ..layout import HANDOFF, SPEC_JSON
from .contracts import operations


def run(args: argparse.Namespace) -> int:
    for line in trace(Path(args.workspace).resolve(), args.id):
        print(line)
    return 0


def trace(ws: Path, ident: str) -> list[str]:
    """intent line → feature → operations → the revisions that changed them."""
    head_plan = git.read_blob(ws, "HEAD", HANDOFF)
    head_spec = git.read_blob(ws, "HEAD", SPEC_JSON)
    if head_plan is None or head_spec is None:
        raise IntentdError("no revision", (Finding(HANDOFF, "no committed revision yet"),))
    plan = yamlio.loads(head_plan.decode(), HANDOFF)
    ops = operations(json.loads(head_spec))
    features = {f["id"]: f for f in plan.get("features", [])}
    if ident in ops:
        feature_id = ops[ident][1].get("x-agent-meta", {}).get("feature")
        op_ids = [ident]
    elif ident in features:
        feature_id = ident
        op_ids = sorted(
            o for o, (_, op) in ops.items() if op.get("x-agent-meta", {}).get("feature") == ident
        )
    else:
        raise IntentdError(
            f"{ident}: unknown",
            (Finding(HANDOFF, f"'{ident}' is neither an operationId nor a feature id"),),
        )
    lines = []
    feature = features.get(feature_id or "")
    if feature:
        lines.append(f"{feature['source']}: feature {feature['id']} — {feature['name']}")
        for c in feature.get("acceptance_criteria", []):
            lines.append(f"  {c['source']}: {c['id']} {c['text']}")
    history = _History(ws)
    for op_id in op_ids:
        label, op = ops[op_id]
        meta = op.get("x-agent-meta", {})
        lines.append(f"  {meta.get('source', '?')}: {op_id} {label}")
        lines += [f"    {rev}" for rev in history.touching(op_id)]
    return lines


class _History:
    """The contracts of the first-parent revisions, each read and diffed at most once."""

    def __init__(self, ws: Path) -> None:
        self.ws = ws
        self.revisions = git.log_revisions(ws, first_parent=True)
        self._docs: dict[str, dict[str, Any] | None] = {}
        self._changes: dict[str, list[diff.Change]] = {}

    def doc(self, commit: str) -> dict[str, Any] | None:
        if commit not in self._docs:
            raw = git.read_blob(self.ws, commit, SPEC_JSON)
            try:
                data = json.loads(raw) if raw is not None else None
            except ValueError:
                data = None
            self._docs[commit] = data if isinstance(data, dict) else None
        return self._docs[commit]

    def changes(self, commit: str, parent: str) -> list[diff.Change]:
        if commit not in self._changes:
            old, new = self.doc(parent), self.doc(commit)
            self._changes[commit] = diff.diff(old, new) if old and new else []
        return self._changes[commit]

    def touching(self, op_id: str) -> list[str]:
        """The revisions that added, changed or removed ``op_id``: by the semantic diff, so a
        change in a schema the operation uses counts, and a moved intent line does not."""
        found = []
        for info in self.revisions:
            parent = info.parents[0] if info.parents else None
            now = _label(self.doc(info.commit), op_id)
            before = _label(self.doc(parent), op_id) if parent else None
            if now is None and before is None:
                continue
            if before is None:
                what = "added"
            elif now is None:
                what = "removed"
            else:
                assert parent is not None
                mine = [
                    c for c in self.changes(info.commit, parent) if c.operation in (now, before)
                ]
                if not mine:
                    continue
                what = f"changed ({diff.summarize(mine)})"
            found.append(
                f"r{info.revision} {info.spec_version} {info.commit[:7]} {what}: {info.subject}"
            )
        return found


def _label(doc: dict[str, Any] | None, op_id: str) -> str | None:
    """``METHOD /path`` of ``op_id`` in ``doc``, or None."""
    if doc is None:
        return None
    found = operations(doc).get(op_id)
    return found[0] if found else None
