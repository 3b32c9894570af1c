"""The structural check: openapi-spec-validator's OpenAPI 3.1 rules, on jsonschema-rs where
that gives the same verdicts faster, plus the ``format`` verdicts Spectral asserts.

osv's keyword pass follows refs and can overflow on a schema cycle (osv #400) or stop on what
it cannot follow; then the 3.1 metaschema alone runs and the note says so (the refs check
covers resolution with a cycle-aware walk).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import compat
from ..errors import Finding
from ..openapi.pointer import pointer
from .report import CHECKS, Check

_OSV_RULES = {
    "DuplicateOperationIDError": "operation-operationId-unique",
    "ParameterDuplicateError": "operation-parameters",
    "UnresolvableParameterError": "path-params",
    "ExtraParametersError": "no-required-schema-properties-undefined",
}
"""osv's error classes by the Spectral/Redocly rule that reports the same problem."""

_RECURSION_NOTE = "keyword pass hit RecursionError (osv #400); ran the OpenAPI 3.1 metaschema only"
_STOPPED_NOTE = "keyword pass stopped; ran the OpenAPI 3.1 metaschema only"


def check_openapi(doc: dict[str, Any]) -> Check:
    """osv's verdicts on ``doc`` and the format verdicts, with a note when osv fell back."""
    findings, note = _osv_pass(doc)
    return Check.of(CHECKS[0], findings + _format_findings(doc), note)


def _osv_pass(doc: dict[str, Any]) -> tuple[list[Finding], str]:
    try:
        return [_osv_finding(err) for err in _spec_validator()(doc).iter_errors()], ""
    except RecursionError:
        return _metaschema_findings(doc), _RECURSION_NOTE
    except Exception as exc:  # osv raises on what it cannot follow (an unresolvable $ref …)
        return [*_metaschema_findings(doc), _stopped(exc)], _STOPPED_NOTE
    finally:
        compat.clear_osv_cache()  # else every document validated stays in memory


def _metaschema_findings(doc: dict[str, Any]) -> list[Finding]:
    # The structural (metaschema) pass does not follow refs, so it cannot recurse.
    from openapi_spec_validator.schemas import openapi_v31_schema_validator

    return [_osv_finding(err) for err in openapi_v31_schema_validator.iter_errors(doc)]


def _stopped(exc: Exception) -> Finding:
    unresolved = type(exc).__module__.startswith("referencing")
    rule = "no-unresolved-refs" if unresolved else "oas3-schema"
    text = f"openapi-spec-validator stopped: {type(exc).__name__}: {exc}"
    return Finding("#", text.splitlines()[0][:300], "error", rule)


def _osv_finding(err: Any) -> Finding:
    rule = _OSV_RULES.get(type(err).__name__, "oas3-schema")
    path = list(getattr(err, "path", ()) or ())
    message = str(getattr(err, "message", err))
    if not path:
        path = _path_from_message(message)
    return Finding(pointer(path), message, "error", rule)


def _path_from_message(message: str) -> list[str | int]:
    # osv's operation-level errors carry no path, only "... in '/books' ... for 'get'".
    url = re.search(r"in '(/[^']*)'", message)
    if url is None:
        return []
    method = re.search(r"for '([a-z]+)'", message)
    return ["paths", url.group(1)] + ([method.group(1)] if method else [])


# --------------------------------------------------------------------------- formats


@lru_cache(maxsize=1)
def _document_validator() -> Any:
    import jsonschema_rs
    from openapi_spec_validator.schemas import schema_v31

    return jsonschema_rs.validator_for(dict(schema_v31), validate_formats=True)


def _format_findings(doc: dict[str, Any]) -> list[Finding]:
    """osv's structural pass treats ``format`` as an annotation; Spectral's oas3-schema (ajv)
    asserts it, so a URL that is not a URI reference or a bad contact email fails there.
    Only the format verdicts are kept: the rest is osv's."""
    return [
        Finding(pointer(err.instance_path), err.message, "error", "oas3-schema")
        for err in _document_validator().iter_errors(doc)
        if type(err.kind).__name__ == "Format" and not _server_url(err.instance_path)
    ]


def _server_url(path: list[str | int]) -> bool:
    # A server url is a template (`https://{region}.api.test`), not a URI: Spectral's schema
    # does not assert its format either.
    return len(path) >= 3 and path[-3] == "servers" and path[-1] == "url"


# --------------------------------------------------------------------------- dialect check


@lru_cache(maxsize=1)
def _spec_validator() -> type[Any]:
    """osv's 3.1 validator class with the per-schema dialect check on jsonschema-rs.

    osv checks every Schema Object against the OAS 3.1 dialect with pure-Python jsonschema,
    two thirds of its time on a large contract; the same check on jsonschema-rs gives the same
    verdicts several times faster. Everything else is osv's own.
    """
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from openapi_spec_validator.validation.keywords import OpenAPIV31SchemaValidator

    compat.speed_up_pathable()

    class SchemaValidator(OpenAPIV31SchemaValidator):
        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            if self._get_schema_dialect_id(schema, schema_value) != OAS31_BASE_DIALECT_ID:
                return super()._get_schema_checker(schema, schema_value)
            return _dialect_check

    class SpecValidator(OpenAPIV31SpecValidator):
        keyword_validators = {  # noqa: RUF012 (osv's own class attribute)
            **OpenAPIV31SpecValidator.keyword_validators,
            "schema": SchemaValidator,
        }

    return SpecValidator


@lru_cache(maxsize=1)
def _dialect_validator() -> Any:
    import jsonschema_rs
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID

    registry_ = compat.oas31_dialect_registry()
    meta_id = "https://spec.openapis.org/oas/3.1/meta/base"
    dialect = registry_.contents(OAS31_BASE_DIALECT_ID)
    registry = jsonschema_rs.Registry(
        [(OAS31_BASE_DIALECT_ID, dialect), (meta_id, registry_.contents(meta_id))]
    )
    return jsonschema_rs.Draft202012Validator(dialect, registry=registry, validate_formats=True)


def _dialect_check(schema: Any) -> None:
    from jsonschema.exceptions import SchemaError

    for err in _dialect_validator().iter_errors(schema):
        raise SchemaError(err.message)
