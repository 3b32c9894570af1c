"""One diff run's shared state: both documents, the operation in hand, the changes found so far.

Every part of the walk (document, operations, parameters, bodies, responses, security,
schemas) receives the :class:`Comparison` and reports through :meth:`Comparison.emit`, so
classification happens in one place. :class:`Ctx` is what a schema comparison carries down
from the part it belongs to (a parameter, a request body, a response body or header).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..openapi.walk import refs_in
from .document import Document, unstable_refs
from .model import Change, Direction, Effect, Klass
from .rules import classify

DOCS_KEYS = ("summary", "description", "title", "example", "examples", "externalDocs", "$comment")
"""Keys that only document: a change to one is cosmetic wherever it sits."""


class Comparison:
    """Two documents being compared, and what was found so far."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = Document(old), Document(new)
        self.changes: list[Change] = []
        self.op = ""  # "GET /books/{id}" while its operation is walked, else ""
        self.depth = 0  # schema nesting, see schemas.MAX_DEPTH
        self._unstable: set[str] | None = None

    def same(self, old: Any, new: Any) -> bool:
        """The fast path, skipping what did not change (most of a revision): :meth:`equal`."""
        return self.equal(old, new)

    def equal(self, old: Any, new: Any) -> bool:
        """Equal text, and every ``$ref`` inside points at a component whose closure is equal
        too: the two stand for the same contract."""
        if old != new:
            return False
        if self._unstable is None:
            self._unstable = unstable_refs(self.old, self.new)
        return not (refs_in(old) & self._unstable)

    def emit(
        self,
        candidate: str,
        loc: str,
        message: str,
        *,
        direction: Direction | None = None,
        effect: Effect = "changed",
        klass: Klass | None = None,
    ) -> None:
        """Record a change; ``candidate`` is the oasdiff rule id, or the stem of intentd's own."""
        rule, k = classify(candidate, direction, effect, klass)
        self.changes.append(Change(rule, k, self.op, loc, message))

    def docs(self, old: Mapping[str, Any], new: Mapping[str, Any], loc: str, what: str) -> None:
        """Cosmetic changes to the documenting keys of one object."""
        for key in DOCS_KEYS:
            if old.get(key) != new.get(key):
                stem = key.lower().lstrip("$")
                self.emit(
                    f"{stem}-changed",
                    f"{loc}/{key}",
                    f"{what}: {key} changed",
                    klass="cosmetic",
                )


@dataclass(frozen=True)
class Ctx:
    """The part a schema belongs to: its direction, rule prefixes, subject, pairs compared."""

    direction: Direction
    prefix: str  # rule prefix at this level: request-body, response-property, …
    child: str  # rule prefix one level down
    noun: str  # human subject of the root: "request body", "parameter 'q'"
    visited: set[tuple[object, object]]

    def nested(self) -> Ctx:
        return replace(self, prefix=self.child)

    def subject(self, where: str) -> str:
        """Who a message is about: the property at ``where``, or the part itself."""
        return f"{self.direction} property '{where}'" if where else self.noun
