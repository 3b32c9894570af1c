"""One revision in progress: the value the transaction's steps hand each other.

The read step fills in what it found (git state, the intent, HEAD, the disk); each later step
sets what it made, in the order of :meth:`intentd.revision.transaction._Transaction.run`. A
field read before its step has run raises ``AttributeError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import git
from ..diff import Change
from ..handoff import Handoff
from ..intent import IntentBundle
from ..planner import Planner
from .stages import Spec


# No repr or eq: fields not yet set by their step would make either raise.
@dataclass(repr=False, eq=False)
class Draft:
    # read
    state: git.RepoState
    bundle: IntentBundle
    planner: Planner
    ihash: str
    last: tuple[str, dict[str, str]] | None  # the last revision's commit and trailers
    at_head: git.Snapshot | None  # None before the first commit
    committed: dict[str, bytes | None]  # every generated file at HEAD (None: absent)
    on_disk: dict[str, bytes | None]  # and in the work tree
    edited: list[str]  # generated files that differ from HEAD (a deleted one counts)
    intent_changed: bool
    # plan, compile and validate
    handoff: Handoff = field(init=False)
    plan_edit: bool = field(init=False)  # the plan is a hand-edited one
    prev_doc: dict[str, Any] | None = field(init=False)  # the last good contract
    prev_version: str | None = field(init=False)
    spec: Spec = field(init=False)
    # diff and bump
    changes: list[Change] = field(init=False)
    version: str = field(init=False)
    bump: str = field(init=False)
    # the generated files, and what the commit says
    files: dict[str, bytes] = field(init=False)
    tag: str | None = field(init=False)
    number: int = field(init=False)  # the revision number, r1, r2, …
    message: str = field(init=False)
    trailers: dict[str, str] = field(init=False)

    @property
    def head(self) -> str | None:
        return self.state.head
