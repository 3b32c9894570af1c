"""One field: ref, enum and array carry their target, values or item type; nothing else does."""

from __future__ import annotations

from typing import Any

import pytest

from intentd.handoff.checks.entities import entities

from ..plans import field, plan, run, said


def _with(**extra: Any) -> list[tuple[str, str, str]]:
    """Findings for one extra field ``Book.x`` (line 29) built from ``extra``."""
    data = plan()
    data["entities"][0]["fields"].append(field("x", line=29, **extra))
    return said(run(entities, data))


def _one(message: str, rule: str) -> list[tuple[str, str, str]]:
    return [("intent/app.md:29", f"Book.x: {message}", rule)]


@pytest.mark.parametrize(
    ("extra", "message", "rule"),
    [
        ({"type_": "ref"}, "a ref field needs a target entity", "ref"),
        ({"type_": "ref", "ref": "Shelf"}, "unknown entity 'Shelf' in ref", "ref"),
        ({"ref": "Author"}, "only a 'ref' field may name a target", "field"),
        ({"type_": "enum"}, "an enum needs its values", "enum"),
        ({"type_": "enum", "enum_values": []}, "an enum needs its values", "enum"),
        (
            {"type_": "enum", "enum_values": ["b", "a", "b", "a", "c"]},
            "enum values repeat: a, b",
            "enum",
        ),
        ({"enum_values": ["a"]}, "only an 'enum' field may list values", "enum"),
        ({"type_": "array"}, "an array needs an item type ('of')", "array"),
        ({"type_": "array", "of": "Shelf"}, "unknown array item type 'Shelf'", "ref"),
        (
            {"type_": "integer", "of": "string"},
            "only an 'array' or 'map' field may name an item type",
            "array",
        ),
    ],
)
def test_a_misshapen_field_is_named_with_its_entity(
    extra: dict[str, Any], message: str, rule: str
) -> None:
    if "type_" in extra:
        extra["type"] = extra.pop("type_")
    assert _with(**extra) == _one(message, rule)


@pytest.mark.parametrize(
    "extra",
    [
        {"type": "ref", "ref": "Author"},
        {"type": "enum", "enum_values": ["a", "b"]},
        {"type": "array", "of": "date"},
        {"type": "array", "of": "Author"},
    ],
)
def test_well_formed_fields_pass(extra: dict[str, Any]) -> None:
    assert _with(**extra) == []


def test_one_field_reports_ref_then_enum_then_array_problems() -> None:
    found = _with(type="string", ref="Author", enum_values=["a"], of="string")
    assert [rule for _, _, rule in found] == ["field", "enum", "array"]
