"""The lint check: the applicable rules of Spectral's ``spectral:oas`` and Redocly's
``recommended`` (issue #3 item 3), reimplemented in-process, one module per part of the
document they look at.

Each finding names the rule it comes from by that tool's rule id (:data:`RULES`). Pure: a dict
in, findings out, in the order the rules find them; the document is walked by
:mod:`intentd.openapi`.
"""

from __future__ import annotations

from typing import Any

from ...errors import Finding
from ...openapi.walk import RefSite, ref_sites
from .components import check_components
from .document import check_info, check_markdown, check_servers, check_tags
from .examples import check_example_objects
from .operations import check_operations
from .paths import check_paths
from .rules import RULES, Out
from .schemas import check_schemas
from .security import check_security

__all__ = ["RULES", "lint"]


def lint(doc: dict[str, Any], refs: list[RefSite] | None = None) -> list[Finding]:
    """Every lint finding for ``doc``; ``refs`` (from :func:`ref_sites`) saves a walk."""
    out = Out()
    if not isinstance(doc, dict):
        return out.findings
    refs = ref_sites(doc) if refs is None else refs
    check_info(doc, out)
    check_servers(doc, out)
    check_tags(doc, out)
    check_markdown(doc, out)
    check_paths(doc, out)
    check_operations(doc, out)
    check_security(doc, out)
    check_components(doc, refs, out)
    check_schemas(doc, out)
    check_example_objects(doc, out)
    return out.findings
