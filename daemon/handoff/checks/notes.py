"""Each note for spec targets a known entity or field, and its value suits its constraint.

The compiler obeys these notes (``specgen``), so a value it could not use is caught here, at the
note's source, rather than as a broken contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import Finding
from ..model import VALUED_CONSTRAINTS, NoteForSpec
from .context import Context

_NUMERIC = ("min", "max", "exclusive_min", "exclusive_max", "multiple_of")
_COUNTS = ("min_length", "max_length", "min_items", "max_items")


def notes(ctx: Context) -> Iterator[Finding]:
    for note in ctx.handoff.notes_for_spec:
        yield from note_findings(ctx, note)


def note_findings(ctx: Context, note: NoteForSpec) -> Iterator[Finding]:
    ent, _, fname = note.target.partition(".")
    if ent not in ctx.entities:
        # Without its entity nothing else about the note can be judged.
        yield ctx.finding(note.source, f"note for spec targets unknown entity '{ent}'", "ref")
        return
    if fname and fname not in {f.name for f in ctx.entities[ent].fields}:
        message = f"note for spec targets unknown field '{note.target}'"
        yield ctx.finding(note.source, message, "ref")
    for problem in _value(note):
        yield ctx.finding(note.source, f"{note.target}: {problem}", "note")


def _value(note: NoteForSpec) -> Iterator[str]:
    constraint, value = note.constraint, note.value
    if value is None:
        if constraint in VALUED_CONSTRAINTS:
            yield f"constraint '{constraint}' needs a value"
    elif constraint in _NUMERIC and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
        yield f"'{constraint}' needs a number"
    elif constraint in _COUNTS and not value.isdigit():
        yield f"'{constraint}' needs a whole number"
    elif constraint == "pattern":
        yield from _pattern(value)


def _pattern(value: str) -> Iterator[str]:
    try:
        re.compile(value)
    except re.error as exc:
        yield f"invalid pattern: {exc}"
