"""The Planner interface: intent bundle, previous hand-off, findings → hand-off.

Implemented by the offline planner (the embedded default, :mod:`.offline`) and the model
planner (``openai`` backend). Tests swap planners without monkeypatching.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..errors import Finding
from ..handoff import Handoff
from ..intent.bundle import IntentBundle
from .usage import Usage


class Planner(Protocol):
    backend: str
    model: str | None
    prompt_version: str | None

    @property
    def total_usage(self) -> Usage | None:
        """Tokens, cost and calls of every ``plan()`` so far (repairs included); None offline."""
        ...

    @property
    def checked(self) -> tuple[Handoff, list[Finding]] | None:
        """The last hand-off ``plan()`` returned and every finding :func:`intentd.handoff.check`
        gave it, or None (no plan yet, or a planner that does not check its own plans).

        The caller compares the hand-off by identity (``checked[0] is result``) and reuses
        the findings instead of checking the same object again; on a 1000-operation plan the
        check is a fifth of planning.
        """
        ...

    def plan(
        self,
        bundle: IntentBundle,
        previous: Handoff | None,
        findings: Sequence[Finding],
    ) -> Handoff:
        """Return a hand-off for ``bundle``; raise an ``IntentdError`` for a user mistake.

        ``previous`` keeps ids and names stable; ``findings`` are validation problems of the
        last attempt to address (the repair loop). The result must pass
        :func:`intentd.handoff.check` or the caller fails the revision.
        """
        ...
