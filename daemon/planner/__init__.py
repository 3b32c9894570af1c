"""The Planner interface: intent bundle, previous hand-off, findings → hand-off.

Implemented by the offline planner (the embedded default, :mod:`.offline`) and the model
planner (``openai`` backend). Tests swap planners without monkeypatching.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..errors import Finding
from ..handoff import Handoff
from ..intent import IntentBundle
from .usage import Usage


class Planner(Protocol):
    backend: str
    model: str | None
    prompt_version: str | None

    @property
    def total_usage(self) -> Usage | None:
        """Tokens, cost and calls of every ``plan()`` so far (repairs included); None offline."""
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
