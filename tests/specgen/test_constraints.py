"""Notes for the spec → schema keywords (issue #3 item 1): every constraint of the vocabulary."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import OpenAPIV31SpecValidator

from intentd.handoff import Constraint
from intentd.specgen import compile_spec, constraints
from intentd.specgen.shapes import Prop
from tests.helpers.specgen_fixtures import bookshop, note, wide_entity
from tests.specgen.support import example_errors


def test_note_defaults_and_examples() -> None:
    h = bookshop()
    h = h.model_copy(
        update={"notes_for_spec": [*h.notes_for_spec, note("Book.stock", "example", "7")]}
    )
    doc = compile_spec(h, api_version="0.1.0")
    book = doc["components"]["schemas"]["Book"]
    assert book["examples"][0]["stock"] == 7
    assert book["properties"]["published"]["default"] is False
    assert book["properties"]["price"]["multipleOf"] == 0.01
    assert example_errors(doc) == []


def test_wide_entity_example_respects_notes() -> None:
    doc = compile_spec(wide_entity(), api_version="0.1.0")
    example = doc["components"]["schemas"]["Wide"]["examples"][0]
    assert len(example["field0"]) <= 12 and example["field1"] >= 10


# --------------------------------------------------------------------------- properties

_PATTERNS = [r"^[A-Z]{2}[0-9]{3}$", r"^[a-z0-9-]+$", r"^\d{4}-\d{2}$", r"^(red|green)$", r"x+y?"]


@st.composite
def _field_with_notes(draw: st.DrawFn, i: int) -> tuple[Any, list[Any]]:
    from tests.helpers.specgen_fixtures import fld

    kind = draw(st.sampled_from(["string", "integer", "number", "boolean", "enum", "array"]))
    name = f"f{i}"
    field = fld(
        name,
        kind,
        required=draw(st.booleans()),
        enum=["a b", "yes", "Ü"] if kind == "enum" else None,
        of=draw(st.sampled_from(["string", "integer"])) if kind == "array" else None,
    )
    target = f"Thing.{name}"
    notes = []
    if kind in ("integer", "number"):
        low = draw(st.integers(-50, 50))
        multiple = draw(st.sampled_from([None, "1", "5", "0.5"]))
        # A range narrower than the multiple may hold none: that intent is contradictory.
        high = low + draw(st.integers(10 if multiple else 2, 100))
        lower = draw(st.sampled_from(["min", "exclusive_min"]))
        upper = draw(st.sampled_from(["max", "exclusive_max"]))
        notes += [note(target, lower, str(low)), note(target, upper, str(high))]
        if multiple:
            notes.append(note(target, "multiple_of", multiple))
    elif kind == "string":
        if draw(st.booleans()):
            notes.append(note(target, "pattern", draw(st.sampled_from(_PATTERNS))))
        else:
            low = draw(st.integers(0, 20))
            notes += [
                note(target, "min_length", str(low)),
                note(target, "max_length", str(low + draw(st.integers(0, 5)))),
            ]
    elif kind == "array":
        low = draw(st.integers(0, 3))
        notes += [note(target, "min_items", str(low)), note(target, "max_items", str(low + 2))]
        if draw(st.booleans()):
            notes.append(note(target, "unique_items"))
    return field, notes


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_constraints_give_valid_examples(data: st.DataObject) -> None:
    from tests.helpers.specgen_fixtures import entity as make_entity
    from tests.helpers.specgen_fixtures import ep, feature, handoff, ident

    count = data.draw(st.integers(1, 6))
    drawn = [data.draw(_field_with_notes(i)) for i in range(count)]
    fields = [ident(), *(f for f, _ in drawn)]
    notes = [n for _, ns in drawn for n in ns]
    h = handoff(
        "Props",
        [feature("things", "Things")],
        [make_entity("Thing", fields)],
        [
            ep("create-thing", "POST", "/things", "things", entity="Thing", request="Thing"),
            ep("get-thing", "GET", "/things/{id}", "things", entity="Thing"),
        ],
        notes=notes,
    )
    doc = compile_spec(h, api_version="0.1.0")
    assert example_errors(doc) == []
    assert list(OpenAPIV31SpecValidator(doc).iter_errors()) == []


# --------------------------------------------------------------------------- appliers


def _prop(schema: dict[str, Any]) -> Prop:
    return Prop("f", schema, False)


def test_every_constraint_of_the_vocabulary_has_an_applier() -> None:
    assert set(get_args(Constraint)) == constraints.CONSTRAINTS


@pytest.mark.parametrize(
    ("schema", "constraint", "value", "expected"),
    [
        ({"type": "string"}, "email", None, {"type": "string", "format": "email"}),
        ({"type": "integer"}, "email", None, {"type": "integer"}),  # does not fit: ignored
        (
            {"type": "array", "items": {"type": "string"}},
            "uuid",
            None,
            {"type": "array", "items": {"type": "string", "format": "uuid"}},
        ),
        (
            {"type": "string", "pattern": "^x$"},
            "phone",
            None,
            {"type": "string", "pattern": "^x$"},  # a pattern given first wins
        ),
        ({"type": "string"}, "unique_items", None, {"type": "string"}),
        (
            {"type": "array", "items": {"type": "integer"}},
            "unique_items",
            None,
            {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
        ),
        ({"type": "integer"}, "min", "2.0", {"type": "integer", "minimum": 2}),
        ({"type": "number"}, "max", "2.0", {"type": "number", "maximum": 2.0}),
        ({"type": "number"}, "exclusive_min", "3", {"type": "number", "exclusiveMinimum": 3}),
        ({"type": "integer"}, "multiple_of", "0.5", {"type": "integer", "multipleOf": 0.5}),
        (
            {"type": "array", "items": {"type": "integer"}},
            "exclusive_max",
            "9",
            {"type": "array", "items": {"type": "integer", "exclusiveMaximum": 9}},
        ),
        ({"type": "string"}, "min", "1", {"type": "string"}),
        ({"type": "string"}, "max_length", "12", {"type": "string", "maxLength": 12}),
        ({"type": "string"}, "pattern", "^a+$", {"type": "string", "pattern": "^a+$"}),
        ({"type": "integer"}, "pattern", "^a+$", {"type": "integer"}),
        (
            {"type": "array", "items": {"type": "string"}},
            "min_items",
            "2",
            {"type": "array", "items": {"type": "string"}, "minItems": 2},
        ),
        ({"type": "string"}, "max_items", "2", {"type": "string"}),
        ({"type": "boolean"}, "default", "Yes", {"type": "boolean", "default": True}),
        ({"type": "integer"}, "default", "many", {"type": "integer", "default": "many"}),
        ({"type": "integer"}, "min", None, {"type": "integer"}),  # a valued one without value
    ],
)
def test_apply_note(
    schema: dict[str, Any], constraint: str, value: str | None, expected: dict[str, Any]
) -> None:
    prop = _prop(schema)
    constraints.apply_note(prop, note("T.f", constraint, value))
    assert prop.schema == expected


def test_flags_and_examples_set_the_property() -> None:
    prop = _prop({"type": "integer"})
    for constraint, value in (("read_only", None), ("write_only", None), ("example", "7")):
        constraints.apply_note(prop, note("T.f", constraint, value))
    assert (prop.read_only, prop.write_only, prop.example, prop.has_example) == (
        True,
        True,
        7,
        True,
    )
    assert prop.schema == {"type": "integer"}


def test_a_value_that_is_no_number_is_an_error_not_a_guess() -> None:
    # handoff.check reports it first; the compiler never invents a bound
    with pytest.raises(ValueError):
        constraints.apply_note(_prop({"type": "integer"}), note("T.f", "min", "ten"))
