"""Reading revisions back: contracts at a revision, ``log``, ``trace`` and ``status``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import diff, git, yamlio
from ..errors import Finding, IntentdError
from ..layout import HANDOFF, LAST_FAILURE, LAST_REVISION, SPEC_JSON
from ..openapi.walk import iter_operations
from ..watch import lock
from ..workspace import Workspace


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


def log_lines(ws: Path, limit: int | None = None) -> list[str]:
    lines = []
    for info in git.log_revisions(ws, max_count=limit):
        rev = info.revision or "?"
        lines.append(
            f"r{rev:<4} {info.spec_version or '-':<9} {info.bump or '-':<8} "
            f"{info.commit[:7]}  {info.date[:19]}  {info.subject}"
        )
    if not lines:
        lines.append("no intentd revisions yet; run `intentd build` or `intentd watch`")
    return lines


def _operations(doc: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        op["operationId"]: (f"{method.upper()} {path}", op)
        for path, method, op, _at in iter_operations(doc)
        if "operationId" in op
    }


def trace(ws: Path, ident: str) -> list[str]:
    """intent line → feature → operations → the revisions that changed them."""
    head_plan = git.read_blob(ws, "HEAD", HANDOFF)
    head_spec = git.read_blob(ws, "HEAD", SPEC_JSON)
    if head_plan is None or head_spec is None:
        raise IntentdError("no revision", (Finding(HANDOFF, "no committed revision yet"),))
    plan = yamlio.loads(head_plan.decode(), HANDOFF)
    ops = _operations(json.loads(head_spec))
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
    found = _operations(doc).get(op_id)
    return found[0] if found else None


def status_lines(ws: Workspace) -> list[str]:
    root = ws.root
    lines = []
    holder = lock.running_pid(root)
    lines.append(f"watcher: running (pid {holder})" if holder else "watcher: not running")
    last = _json(root / LAST_REVISION)
    head_rev = git.last_revision(root) if git.rev_parse(root, "HEAD") else None
    if head_rev:
        commit, trailers = head_rev
        lines.append(
            f"last revision: r{trailers.get('Revision', '?')} spec {trailers.get('Spec-Version')} "
            f"({trailers.get('Spec-Bump')}) {commit[:7]}"
        )
    else:
        lines.append("last revision: none")
    if last and head_rev and last.get("commit") == head_rev[0]:
        lines.append(f"  {last.get('summary') or 'no contract change'}")
    pending = _pending(root)
    lines.append("pending: " + (", ".join(pending) if pending else "nothing"))
    failure = _json(root / LAST_FAILURE)
    if failure:
        lines.append(
            f"last failure: {failure.get('at')} ({failure.get('stage')}): {failure.get('message')}"
        )
        for f in failure.get("findings", [])[:10]:
            lines.append(f"  {f.get('location')}: {f.get('message')}")
    return lines


def _pending(root: Path) -> list[str]:
    if git.rev_parse(root, "HEAD") is None:
        return ["intent/ (no revision yet)"]
    out = git.changed_paths(root, ["intent", "plan", "spec"])
    return out


def _json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
