"""The ``spec/`` of one hand-off: the compiled document and every file derived from it.

One assembly for ``intentd spec`` and the revision (issue 9, "one of each"), so both compile
the same way and start from the same first version. Pure, like the rest of the SpecGenerator:
validation (``spec/validation_report.json``) is :mod:`intentd.check`'s and writing the files
the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..handoff import Handoff
from .artifacts import spec_files
from .compiler import compile_spec

FIRST_VERSION = "0.1.0"
"""The semver of a contract with no predecessor (no ``spec/openapi.json`` committed yet).

``intentd spec`` compiles with the committed version or this one; the revision compiles with
the previous version (so the diff sees no version change) and then moves to the bumped one
(:meth:`Assembly.with_version`). :mod:`intentd.diff.semver` starts from the same value.
"""


@dataclass(frozen=True, eq=False)
class Assembly:
    """A compiled contract; its ``spec/`` files are rendered on first use, once.

    Rendering a large contract takes long, so a revision that fails validation, or that
    still has to learn its version from the diff, never pays for text it throws away.
    """

    handoff: Handoff
    doc: dict[str, Any]
    """The OpenAPI document (read-only: example values are shared between places)."""

    @property
    def version(self) -> str:
        version: str = self.doc["info"]["version"]
        return version

    @cached_property
    def files(self) -> dict[str, str]:
        """``spec/`` path → text: the contract (YAML, JSON) and its artifacts, not the report."""
        return spec_files(self.handoff, self.doc)

    def with_version(self, version: str) -> Assembly:
        """The same contract at ``version`` (the document is not changed; a new one is made)."""
        if version == self.version:
            return self
        return Assembly(self.handoff, versioned(self.doc, version))


def assemble(handoff: Handoff, version: str | None = None) -> Assembly:
    """Compile ``handoff`` at ``version``, or at :data:`FIRST_VERSION` when there is none yet."""
    return Assembly(handoff, compile_spec(handoff, api_version=version or FIRST_VERSION))


def versioned(doc: dict[str, Any], version: str) -> dict[str, Any]:
    """``doc`` at ``version``: the version is in exactly two places, ``info`` and ``x-intentd``."""
    out = dict(doc)
    out["info"] = {**doc["info"], "version": version}
    meta = doc.get("x-intentd")
    if isinstance(meta, dict):
        out["x-intentd"] = {**meta, "api_version": version}
    return out
