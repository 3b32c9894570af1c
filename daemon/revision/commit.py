"""Writing a revision and publishing its commit: journal, files, commit object, branch, index,
tag and note (issue 4; daemon-reliability R7, R8).

The tree is made from the validated bytes, never from the disk. The journal is written before
any file is renamed, so a run killed at any :data:`~intentd.revision.journal.FAULT_POINTS`
is finished or undone by the next one (:mod:`intentd.revision.recovery`). A failure before the
branch moved puts back the files that still hold what intentd wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .. import atomic, git, layout
from ..errors import Finding, GitError
from . import head as head_mod
from . import journal
from .draft import Draft
from .failure import Failed, git_finding

Say = Callable[[str], None]


def tree_files(d: Draft) -> dict[str, bytes | None]:
    """Every path the commit's tree sets: intent/ as read (the paths gone from it removed)
    and the generated files."""
    files: dict[str, bytes | None] = {f.path: f.data for f in d.bundle.files}
    if d.at_head is not None:
        for gone in head_mod.intent(d.at_head)[0]:
            files.setdefault(gone, None)
    files.update(d.files)
    return files


def writes(d: Draft) -> dict[str, bytes | None]:
    """The generated files whose bytes on disk are not the revision's."""
    return {p: data for p, data in d.files.items() if d.on_disk.get(p) != data}


def write_tree(root: Path, files: dict[str, bytes | None], head: str | None) -> str:
    try:
        return git.write_tree_from_bytes(root, files, head)
    except GitError as exc:
        raise Failed("git", exc.message, [git_finding(exc)]) from None


def put(root: Path, files: dict[str, bytes | None]) -> None:
    """Write (None: remove) workspace-relative files, atomically, outside a journal."""
    atomic.write_files({root / p: data for p, data in files.items()})


def refuse_existing_tag(root: Path, tag: str, version: str) -> None:
    """intentd never moves a tag: one that exists already fails the revision."""
    if git.rev_parse(root, f"refs/tags/{tag}") is None:
        return
    raise Failed(
        "git",
        f"tag {tag} already exists",
        [
            Finding(
                layout.SPEC_YAML,
                f"the computed version {version} is already tagged ({tag}), probably "
                "after a reset or on another branch; intentd never moves a tag — pin a "
                "higher version in the intent front matter (version: …) or delete the "
                "stale tag",
            )
        ],
    )


def wait_for_index(lock: Path, timeout: float, say: Say) -> None:
    """Wait for the person's ``index.lock`` before writing anything, never removing it:
    a lock held past the timeout fails the revision cleanly, with nothing written (R7)."""
    if lock.exists():
        say(f"waiting for {lock} (another git command holds it)")
    try:
        git.wait_for_lock(lock, timeout)
    except GitError as exc:
        raise Failed(
            "git",
            "the git index is locked by another process",
            [Finding(str(lock), exc.message)],
        ) from None


def write_journaled(root: Path, d: Draft, changed: dict[str, bytes | None]) -> journal.Journal:
    """Record the revision in the journal, then write its files (nothing published yet)."""
    j = journal.Journal(
        revision_id=d.trailers["Intent-Id"],
        base_commit=d.head,
        target={p: _hash_or_none(data) for p, data in changed.items()},
        previous={p: _hash_or_none(d.on_disk.get(p)) for p in changed},
        tag=d.tag,
        note=True,
    )
    journal.write(root, j)
    journal.fault("after-journal")
    atomic.write_files({root / p: data for p, data in changed.items()}, step=journal.fault)
    return journal.set_phase(root, j, "written")


def make_commit(root: Path, d: Draft, tree: str, changed: dict[str, bytes | None]) -> str:
    """The commit object, through the person's hooks, and the branch moved to it. On failure
    nothing was published: what the files held is put back where they still hold what
    intentd wrote (issue 4, item 6); the person's own edits stay."""
    try:
        return _commit_objects(root, d.head, tree, d.message, d.trailers)
    except GitError as exc:
        restored = restore(root, changed, d.on_disk)
        journal.clear(root)
        raise Failed(
            "hook" if "hook" in exc.message else "git",
            exc.message,
            [git_finding(exc)]
            + [Finding(p, "restored to the last good revision") for p in restored],
        ) from None


def _commit_objects(
    root: Path, head: str | None, tree: str, message: str, trailers: dict[str, str]
) -> str:
    full = git.add_trailers(root, message, trailers)
    full = git.run_hooks(root, tree, full)
    commit = git.commit_tree(root, tree, [head] if head else [], full)
    journal.fault("before-ref-update")
    git.update_branch(root, commit, head)
    return commit


def publish(
    root: Path,
    j: journal.Journal,
    commit: str,
    d: Draft,
    paths: list[str],
    *,
    timeout: float,
    say: Say,
) -> None:
    """After the branch moved: the index, the tag and the note, each recorded as it is done.
    An index that could not be refreshed leaves the journal for the next run to finish."""
    j = journal.set_phase(root, j, "committed", commit=commit)
    journal.fault("after-ref-update")
    refreshed = refresh_index(root, paths, d.head, commit, timeout=timeout, say=say)
    journal.fault("before-tag")
    if d.tag:
        git.tag(root, d.tag, commit, f"spec {d.trailers['Spec-Version']}\n")
    journal.fault("before-note")
    git.add_note(root, commit, publish_note(d.state, commit))
    if refreshed:
        journal.clear(root)


def refresh_index(
    root: Path, paths: list[str], head: str | None, commit: str, *, timeout: float, say: Say
) -> bool:
    try:
        git.refresh_index(root, paths, head, commit, timeout=timeout)
    except GitError as exc:
        say(f"committed, but the index was not refreshed ({exc.message}); rerun build")
        return False
    return True


def restore(
    root: Path, written: dict[str, bytes | None], on_disk: dict[str, bytes | None]
) -> list[str]:
    """The previous bytes back in every written path that still holds what was written."""
    back: dict[str, bytes | None] = {}
    for rel, data in written.items():
        if journal.file_sha256(root / rel) == _hash_or_none(data):
            back[rel] = on_disk.get(rel)
    put(root, back)
    return sorted(back)


def publish_note(state: git.RepoState, commit: str) -> str:
    """spec_publish_uri: where this contract lives (repo path + commit); the commit cannot
    hold its own id, so it goes in a git note."""
    record = {
        "spec_publish_uri": f"file://{state.toplevel}/{state.prefix}spec/openapi.yaml@{commit}",
        "commit": commit,
        "path": f"{state.prefix}{layout.SPEC_YAML}",
    }
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


def _hash_or_none(data: bytes | None) -> str | None:
    return journal.sha256(data) if data is not None else None
