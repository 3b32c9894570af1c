"""The lint rules: each rule id with its severity and what it asks, and the finding sink.

A rule's id is Spectral's where both Spectral and Redocly have one, Redocly's where only
Redocly does. Its severity is an error where either tool's recommended set calls it one, else
a warning, so a contract clean here is clean there.
"""

from __future__ import annotations

from ...errors import Finding, Severity
from ...openapi.pointer import pointer
from ...openapi.walk import Path

RULES: dict[str, tuple[Severity, str]] = {
    "info-contact": ("warning", "info has a contact object"),
    "info-description": ("warning", "info has a non-empty description"),
    "info-license": ("warning", "info has a license object"),
    "info-license-strict": ("warning", "the license has a url or an SPDX identifier"),
    "oas3-api-servers": ("error", "servers is present and non-empty (Redocly no-empty-servers)"),
    "oas3-server-trailing-slash": ("error", "server urls do not end with a slash"),
    "no-server-example.com": ("warning", "server urls do not point at example.com or localhost"),
    "oas3-server-variables": ("error", "server variables are defined, used and have defaults"),
    "openapi-tags-uniqueness": ("error", "tag names are unique (Redocly no-duplicated-tag-names)"),
    "tag-description": ("warning", "every tag has a description"),
    "operation-tags": ("warning", "every operation has a non-empty tags array"),
    "operation-tag-defined": ("warning", "operation tags are declared in the global tags"),
    "no-eval-in-markdown": ("warning", "descriptions and titles do not contain eval("),
    "no-script-tags-in-markdown": ("warning", "descriptions and titles do not contain <script"),
    "no-unsafe-markdown": ("warning", "descriptions carry no event handlers or javascript: urls"),
    "path-declarations-must-exist": ("error", "path templates have no empty {} declaration"),
    "path-keys-no-trailing-slash": ("error", "paths do not end with a slash"),
    "path-not-include-query": ("error", "paths do not include a query string"),
    "no-identical-paths": ("error", "no two paths differ only by parameter names"),
    "no-ambiguous-paths": ("warning", "no two paths can match the same request"),
    "path-params": ("error", "path parameters are declared, required, used and unique"),
    "operation-operationId": ("warning", "every operation has an operationId"),
    "operation-operationId-unique": ("error", "operationIds are unique"),
    "operation-operationId-url-safe": ("error", "operationIds are URL-safe"),
    "operation-summary": ("error", "every operation has a summary"),
    "operation-description": ("warning", "every operation has a description"),
    "operation-success-response": ("warning", "every operation has a 2xx response"),
    "operation-4xx-response": ("warning", "every operation has a 4xx response"),
    "operation-parameters": ("error", "no parameter repeats its name and location"),
    "security-defined": ("error", "every operation (or the root) declares security"),
    "oas3-operation-security-defined": ("error", "security requirements name defined schemes"),
    "security-scopes-defined": ("warning", "oauth2 requirements name defined scopes"),
    "oas3-unused-component": ("warning", "every component is referenced"),
    "spec-components-invalid-map-name": ("error", "component names match ^[a-zA-Z0-9.\\-_]+$"),
    "spec-ref-siblings": ("warning", "no keys beside $ref (outside path items)"),
    "array-items": ("error", "array schemas have items"),
    "typed-enum": ("error", "enum values match the schema type"),
    "duplicated-entry-in-enum": ("warning", "enum values are unique"),
    "no-schema-type-mismatch": ("error", "no items on non-arrays, no properties on non-objects"),
    "no-required-schema-properties-undefined": ("warning", "required names defined properties"),
    "no-mixed-number-range-constraints": ("warning", "not both minimum and exclusiveMinimum"),
    "no-illogical-composition-keywords": ("warning", "allOf/anyOf/oneOf are meaningful"),
    "oas3-examples-value-or-externalValue": ("error", "an example has value xor externalValue"),
}


class Out:
    """Where the rules put their findings, in the order they find them; ``RULES`` gives
    each its severity, so no rule can report under a severity of its own."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def __call__(self, rule: str, path: Path, message: str) -> None:
        self.findings.append(Finding(pointer(path), message, RULES[rule][0], rule))
