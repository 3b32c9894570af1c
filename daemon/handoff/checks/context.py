"""What every checker is given: the hand-off, its path, its indexes, and how to place a finding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ...errors import Finding
from ..model import Entity, Feature, Handoff


@dataclass(frozen=True)
class Context:
    """One hand-off under check. The indexes keep the last of repeated names, like a dict."""

    handoff: Handoff
    path: str
    entities: dict[str, Entity]
    features: dict[str, Feature]

    @classmethod
    def of(cls, handoff: Handoff, path: str) -> Context:
        return cls(
            handoff,
            path,
            {e.name: e for e in handoff.entities},
            {f.id: f for f in handoff.features},
        )

    def finding(self, source: str | None, message: str, rule: str) -> Finding:
        """A finding at the item's ``source``; the plan file itself when the item has none."""
        return Finding(source or self.path, message, rule=rule)


Checker = Callable[[Context], Iterator[Finding]]
"""A checker yields its findings in the order of the items it walks."""


def dupes(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, sorted."""
    return sorted(v for v, n in Counter(values).items() if n > 1)
