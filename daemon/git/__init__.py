"""The only place git runs: the public face of the git layer.

Everything goes through the git CLI, never through the person's index or working tree for a
revision commit (tree from bytes → hooks → ``commit-tree`` → compare-and-swap ``update-ref``).
Needs git 2.31 or newer (``rev-parse --path-format``, ``%(trailers:key_value_separator)``).
Paths are workspace-relative POSIX strings; a workspace may be a subfolder of the repository.

The modules, in the order they build on each other:

- :mod:`.memo` — one revision's memo of git's answers (:func:`session`)
- :mod:`.run` — running git: environment, processes, errors, lock waits
- :mod:`.repo` — where things are: the repository, HEAD, an operation in progress
- :mod:`.trees` — what a commit holds, and trees written from bytes in a scratch index
- :mod:`.refs` — compare-and-swap ref updates, tags, notes
- :mod:`.index` — the person's index brought up to a commit; changed paths
- :mod:`.commits` — trailers, ``commit-tree``, committing files as a revision does
- :mod:`.hooks` — git's own hooks, run for intentd's commits
- :mod:`.history` — blobs, the log of revisions and their trailers, ``fsck``
- :mod:`.precommit` — installs intentd's check as the workspace's pre-commit hook
"""

from __future__ import annotations

from .commits import add_trailers, commit_files, commit_tree, config_bool
from .history import (
    RevisionInfo,
    fsck,
    last_revision,
    list_paths,
    log_revisions,
    read_blob,
    read_blobs,
    read_index_blob,
    read_index_blobs,
    trailers,
)
from .hooks import hooks_dir, run_hooks
from .index import changed_paths, refresh_index
from .memo import session
from .refs import NOTES_REF, add_note, read_note, tag, update_branch, update_ref_cas
from .repo import Operation, RepoState, init_repo, is_ancestor, is_repo, rev_parse, state
from .run import HOOK_TIMEOUT, LOCK_TIMEOUT, GitCommandError, wait_for_lock
from .trees import Snapshot, snapshot, write_tree_from_bytes

__all__ = [
    "HOOK_TIMEOUT",
    "LOCK_TIMEOUT",
    "NOTES_REF",
    "GitCommandError",
    "Operation",
    "RepoState",
    "RevisionInfo",
    "Snapshot",
    "add_note",
    "add_trailers",
    "changed_paths",
    "commit_files",
    "commit_tree",
    "config_bool",
    "fsck",
    "hooks_dir",
    "init_repo",
    "is_ancestor",
    "is_repo",
    "last_revision",
    "list_paths",
    "log_revisions",
    "read_blob",
    "read_blobs",
    "read_index_blob",
    "read_index_blobs",
    "read_note",
    "refresh_index",
    "rev_parse",
    "run_hooks",
    "session",
    "snapshot",
    "state",
    "tag",
    "trailers",
    "update_branch",
    "update_ref_cas",
    "wait_for_lock",
    "write_tree_from_bytes",
]
