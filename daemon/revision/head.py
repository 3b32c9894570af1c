"""What HEAD holds for a revision, and how the intent read now differs from it.

HEAD's tree, its intent/ listing and the bytes of intent/ and the generated files are read
once per revision (two git commands, :func:`read`); the questions the steps ask of them are
answered from that one snapshot.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import git, layout
from ..intent import IntentBundle


def read(root: Path, head: str | None) -> git.Snapshot | None:
    """HEAD's snapshot, None before the first commit."""
    if head is None:
        return None
    return git.snapshot(
        root, head, list(layout.TRACKED_DIRS), list(layout.GENERATED), read=[layout.INTENT_DIR]
    )


def generated(snap: git.Snapshot | None) -> dict[str, bytes | None]:
    """Every generated file's bytes at HEAD (None: absent)."""
    if snap is None:
        return dict.fromkeys(layout.GENERATED)
    return {p: snap.blobs.get(p) for p in layout.GENERATED}


def intent(snap: git.Snapshot) -> tuple[list[str], dict[str, bytes | None]]:
    """The intent/ paths at HEAD, and their bytes."""
    paths = snap.under(layout.INTENT_DIR)
    return paths, {p: snap.blobs.get(p) for p in paths}


def intent_changed(bundle: IntentBundle, snap: git.Snapshot | None) -> bool:
    if snap is None:
        return True
    paths, blobs = intent(snap)
    if sorted(paths) != sorted(f.path for f in bundle.files):
        return True
    return any(blobs.get(f.path) != f.data for f in bundle.files)


def changed_inputs(bundle: IntentBundle, snap: git.Snapshot | None) -> list[str]:
    """The intent/ files this revision adds, changes or removes."""
    if snap is None:
        return [f.path for f in bundle.files]
    paths, old = intent(snap)
    now = {f.path: f.data for f in bundle.files}
    return sorted(p for p in set(paths) | set(now) if old.get(p) != now.get(p))


def previous_contract(
    committed: dict[str, bytes | None],
) -> tuple[dict[str, Any] | None, str | None]:
    """The last good contract at HEAD and its version (None, None: none, or unreadable)."""
    raw = committed.get(layout.SPEC_JSON)
    if raw is None:
        return None, None
    try:
        doc = json.loads(raw)
        version = doc["info"]["version"]
    except (ValueError, KeyError, TypeError):
        return None, None
    return doc, version if isinstance(version, str) else None
