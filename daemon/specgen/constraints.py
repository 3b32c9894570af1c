"""``notes_for_spec`` → JSON Schema keywords on one property: one small applier per constraint.

Part of the SpecGenerator. A note targets ``Entity.field`` and names one constraint of the
closed vocabulary :data:`intentd.handoff.Constraint`. On an array field the item constraints
(formats, bounds, lengths, patterns) go to ``items``, the array ones (``min_items``,
``unique_items``) to the array. A constraint that does not fit the field's type is ignored
here; :func:`intentd.handoff.check` reports it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..handoff import NoteForSpec
from .shapes import Prop

_E164 = r"^\+[1-9][0-9]{6,14}$"

Flag = Callable[[Prop], None]
"""Applies a constraint that takes no value."""
Valued = Callable[[Prop, str], None]
"""Applies a constraint with its value (as text); not called when the value is missing."""


class Notes:
    """The notes of a hand-off, by the ``Entity.field`` they target."""

    def __init__(self, notes: list[NoteForSpec]) -> None:
        self.by_target: dict[str, list[NoteForSpec]] = defaultdict(list)
        for note in notes:
            self.by_target[note.target].append(note)

    def of(self, entity: str, fname: str) -> list[NoteForSpec]:
        return self.by_target.get(f"{entity}.{fname}", [])


def apply_note(prop: Prop, note: NoteForSpec) -> None:
    """Apply one note to ``prop`` (its schema, flags or example) in place."""
    flag = _FLAGS.get(note.constraint)
    if flag is not None:
        flag(prop)
        return
    valued = _VALUED.get(note.constraint)
    if valued is not None and note.value is not None:
        valued(prop, note.value)


def parse_number(text: str, integer: bool) -> int | float:
    """``"3"`` → 3, ``"2.5"`` → 2.5; an integer when asked or when the text has no point."""
    value = float(text)
    if integer or (value.is_integer() and "." not in text):
        return int(value)
    return value


def typed(text: str, schema: dict[str, Any]) -> Any:
    """A note's value as an instance of ``schema``'s type (text when it does not parse)."""
    kind = schema.get("type")
    try:
        if kind in ("integer", "number"):
            return parse_number(text, kind == "integer")
    except ValueError:
        return text
    if kind == "boolean":
        return text.strip().lower() in ("true", "yes", "1")
    return text


def _inner(schema: dict[str, Any]) -> dict[str, Any]:
    """Where value constraints go: the items of an array, else the schema itself."""
    items: dict[str, Any] = schema["items"] if _is(schema, "array") else schema
    return items


def _is(schema: dict[str, Any], kind: str) -> bool:
    return schema.get("type") == kind


# --------------------------------------------------------------------------- flags


def _format(fmt: str) -> Flag:
    def apply(prop: Prop) -> None:
        inner = _inner(prop.schema)
        if _is(inner, "string"):
            inner["format"] = fmt

    return apply


def _phone(prop: Prop) -> None:
    inner = _inner(prop.schema)
    if _is(inner, "string"):
        inner.setdefault("pattern", _E164)


def _read_only(prop: Prop) -> None:
    prop.read_only = True


def _write_only(prop: Prop) -> None:
    prop.write_only = True


def _unique_items(prop: Prop) -> None:
    if _is(prop.schema, "array"):
        prop.schema["uniqueItems"] = True


# --------------------------------------------------------------------------- valued


def _bound(key: str, *, whole_on_integer: bool = True) -> Valued:
    """A numeric bound; on an integer field a whole number, except ``multipleOf`` (0.5 is fine)."""

    def apply(prop: Prop, value: str) -> None:
        inner = _inner(prop.schema)
        kind = inner.get("type")
        if kind in ("integer", "number"):
            inner[key] = parse_number(value, whole_on_integer and kind == "integer")

    return apply


def _length(key: str) -> Valued:
    def apply(prop: Prop, value: str) -> None:
        inner = _inner(prop.schema)
        if _is(inner, "string"):
            inner[key] = int(value)

    return apply


def _pattern(prop: Prop, value: str) -> None:
    inner = _inner(prop.schema)
    if _is(inner, "string"):
        inner["pattern"] = value


def _item_count(key: str) -> Valued:
    def apply(prop: Prop, value: str) -> None:
        if _is(prop.schema, "array"):
            prop.schema[key] = int(value)

    return apply


def _default(prop: Prop, value: str) -> None:
    prop.schema["default"] = typed(value, prop.schema)


def _example(prop: Prop, value: str) -> None:
    prop.example = typed(value, prop.schema)
    prop.has_example = True


_FORMATS = ("uuid", "email", "uri", "hostname", "ipv4", "ipv6")

_FLAGS: dict[str, Flag] = {
    **{fmt: _format(fmt) for fmt in _FORMATS},
    "phone": _phone,
    "read_only": _read_only,
    "write_only": _write_only,
    "unique_items": _unique_items,
}

_VALUED: dict[str, Valued] = {
    "min": _bound("minimum"),
    "max": _bound("maximum"),
    "exclusive_min": _bound("exclusiveMinimum"),
    "exclusive_max": _bound("exclusiveMaximum"),
    "multiple_of": _bound("multipleOf", whole_on_integer=False),
    "min_length": _length("minLength"),
    "max_length": _length("maxLength"),
    "pattern": _pattern,
    "min_items": _item_count("minItems"),
    "max_items": _item_count("maxItems"),
    "default": _default,
    "example": _example,
}

CONSTRAINTS: frozenset[str] = frozenset(_FLAGS) | frozenset(_VALUED)
"""Every constraint an applier exists for (the whole :data:`intentd.handoff.Constraint`)."""
