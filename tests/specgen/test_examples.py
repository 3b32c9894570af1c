"""Example values: deterministic, inside every bound, of the schema's type and format."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from intentd.specgen.examples import example_for, stable_uuid


def _none(ref: str) -> Any:
    return {"$ref": ref}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": "string", "minLength": 30},
        {"type": "string", "maxLength": 3},
        {"type": "string", "format": "email", "maxLength": 40},
        {"type": "string", "format": "uri"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "uuid"},
        {"type": "string", "pattern": r"^[A-Z]{3}$"},
        {"type": "string", "format": "email", "pattern": r"@example\.com$"},
        {"type": "integer", "minimum": 5, "maximum": 5},
        {"type": "integer", "exclusiveMinimum": 5, "exclusiveMaximum": 7},
        {"type": "integer", "maximum": -3},
        {"type": "integer", "minimum": 3, "multipleOf": 7},
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        {"type": "number", "minimum": 0.25, "multipleOf": 0.5},
        {"type": "boolean"},
        {"type": "array", "items": {"type": "integer"}, "minItems": 3, "uniqueItems": True},
        {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "maxItems": 1},
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
            "required": ["a"],
        },
        {"type": "string", "enum": ["x", "y"]},
        {"const": 3},
    ],
)
def test_the_example_validates(schema: dict[str, Any]) -> None:
    example = example_for(schema, "Thing.name", _none)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(example)) == []
    assert example_for(schema, "Thing.name", _none) == example  # the same every time


def test_readable_strings_from_the_seed() -> None:
    assert example_for({"type": "string"}, "User.displayName", _none) == "Sample display name"
    email = {"type": "string", "format": "email"}
    assert example_for(email, "User.email", _none) == "email@example.com"
    assert example_for(email, "User.email", _none, variant=2) == "email2@example.com"


def test_defaults_refs_and_variants() -> None:
    assert example_for({"type": "integer", "default": 4}, "T.n", _none) == 4
    assert example_for({"type": "integer", "default": 4}, "T.n", _none, variant=1) == 2
    assert example_for({"$ref": "#/x"}, "T.n", _none) == {"$ref": "#/x"}
    assert example_for({"type": "string", "enum": ["a", "b"]}, "T.n", _none, variant=3) == "b"
    assert example_for({}, "T.n", _none) is None


def test_stable_uuid() -> None:
    assert stable_uuid("Book.id") == stable_uuid("Book.id") != stable_uuid("Author.id")
    assert stable_uuid("Book.id")[14] == "4"
