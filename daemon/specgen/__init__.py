"""The SpecGenerator: the hand-off → an OpenAPI 3.1 contract and the files beside it.

Pure (no filesystem, clock or environment) and deterministic: the same hand-off always gives
the same bytes. The face is :func:`assemble` (what ``intentd spec`` and the revision call);
the stages below it are importable for tests and benchmarks:

- :mod:`.compiler` puts the document together (``info``, ``tags``, ``x-intentd``, components);
  :mod:`.operations` makes the ``paths``; :mod:`.components` the shared components (problem
  details, pages, security, servers).
- :mod:`.schemas` turns entities into read/create/update component schemas, from the field
  properties of :mod:`.properties` and the notes of :mod:`.constraints`, with the example
  records of :mod:`.record_examples`; :mod:`.examples` and :mod:`.patterns` make values that
  satisfy a schema; :mod:`.shapes` and :mod:`.text` hold what they share.
- :mod:`.emit` writes the document as YAML and JSON; :mod:`.artifacts` the files beside it.
"""

from __future__ import annotations

from .artifacts import build_artifacts, spec_files
from .assembly import FIRST_VERSION, Assembly, assemble, versioned
from .compiler import OPENAPI_VERSION, compile_spec, revision
from .emit import emit_json, emit_yaml
from .operations import operation_id, operation_ids

__all__ = [
    "FIRST_VERSION",
    "OPENAPI_VERSION",
    "Assembly",
    "assemble",
    "build_artifacts",
    "compile_spec",
    "emit_json",
    "emit_yaml",
    "operation_id",
    "operation_ids",
    "revision",
    "spec_files",
    "versioned",
]
