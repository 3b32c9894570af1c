"""Lint rules on Example Objects: each has a ``value`` or an ``externalValue``, not both.

Whether an example matches its schema is the examples check (:mod:`intentd.check.examples`).
"""

from __future__ import annotations

from typing import Any

from ...openapi.walk import example_objects
from .rules import Out


def check_example_objects(doc: dict[str, Any], out: Out) -> None:
    for at, ex in example_objects(doc):
        if not isinstance(ex, dict) or "$ref" in ex:
            continue
        has_value, has_external = "value" in ex, "externalValue" in ex
        if has_value == has_external:
            what = "both" if has_value else "neither"
            out(
                "oas3-examples-value-or-externalValue",
                at,
                f"an example needs value or externalValue, not {what}",
            )
