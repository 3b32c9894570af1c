"""Validation of an OpenAPI 3.1 contract: every check, findings as values (issue #3 item 3).

Five checks, each a pure function of the in-memory document (never re-parsed YAML), each in
its own module:

- ``openapi-spec-validator`` (:mod:`.structure`): osv's 3.1 validator, jsonschema-rs backed;
- ``refs`` (:mod:`.refs`): prance's resolver plus a cycle-aware ``$ref`` walk;
- ``lint`` (:mod:`.lint`): Spectral ``spectral:oas`` / Redocly ``recommended`` rules;
- ``examples`` (:mod:`.examples`): every example against its schema, as Redocly reads it;
- ``trace`` (:mod:`.trace`): every feature reaches an operation or says why not.

The report is :mod:`.report`; :func:`locate` and :func:`with_lines` (:mod:`.lines`) map its
JSON pointers to lines of ``spec/openapi.yaml``. Callers import all of these from here.
"""

from __future__ import annotations

from typing import Any

from ..errors import Finding
from ..handoff import Handoff
from ..openapi.walk import ref_sites
from .examples import check_examples
from .lines import locate, with_lines
from .lint import lint
from .refs import check_refs
from .report import CHECKS, Check, Report
from .structure import check_openapi
from .trace import check_trace

__all__ = ["CHECKS", "Check", "Report", "locate", "validate", "with_lines"]


def validate(doc: dict[str, Any], handoff: Handoff | None = None) -> Report:
    """Run every check on ``doc``; with ``handoff``, trace coverage against its features."""
    if not isinstance(doc, dict):
        bad = Finding("#", "the contract is not a mapping", "error", "oas3-schema")
        return Report((Check(CHECKS[0], True, (bad,)),))
    doc = _shared(doc)
    refs = ref_sites(doc)
    return Report(
        (
            check_openapi(doc),
            check_refs(doc, refs),
            Check.of(CHECKS[2], lint(doc, refs)),
            check_examples(doc),
            check_trace(doc, handoff),
        )
    )


def _shared(doc: dict[str, Any]) -> Any:
    """An equal copy in which equal subtrees are one object.

    Compiled contracts repeat many subtrees (error responses, id parameters, page shapes).
    osv skips a schema object it has seen (by identity), prance's deep copies keep sharing,
    and the example validators are cached by identity: a third less work at 1000 operations,
    for one linear pass here.
    """
    pool: dict[tuple[Any, ...], Any] = {}

    def key(value: Any) -> Any:
        return id(value) if isinstance(value, dict | list) else (type(value), value)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            new = {k: walk(v) if isinstance(v, dict | list) else v for k, v in node.items()}
            return pool.setdefault(("d", *((k, key(v)) for k, v in new.items())), new)
        items = [walk(v) if isinstance(v, dict | list) else v for v in node]
        return pool.setdefault(("l", *(key(v) for v in items)), items)

    return walk(doc)
