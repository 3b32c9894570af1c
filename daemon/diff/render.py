"""Changes for people and tools: a one-line summary, a report (text, JSON, Markdown), a verdict."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal

from .model import KLASSES, Change, Klass

_Groups = dict[Klass, list[Change]]


def fails(changes: Iterable[Change], fail_on: Literal["breaking", "non-breaking"]) -> bool:
    """For ``--fail-on``: ``non-breaking`` fails on any non-cosmetic change."""
    bad = {"breaking"} if fail_on == "breaking" else {"breaking", "non-breaking"}
    return any(c.klass in bad for c in changes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summarize(changes: Iterable[Change]) -> str:
    """A short subject fragment: ``add GET /books/{id}/reviews`` or ``+2 ops, 1 breaking``."""
    changes = list(changes)
    if not changes:
        return "no contract change"
    real = [c for c in changes if c.klass != "cosmetic"]
    if not real:
        return f"docs only ({_plural(len(changes), 'change')})"
    added, removed = _whole_operations(real)
    whole = set(added) | set(removed)
    rest = [c for c in real if c.operation not in whole]
    headline = _headline(real, added, removed, rest)
    return headline if headline is not None else _counts(added, removed, rest)


def _whole_operations(real: list[Change]) -> tuple[list[str], list[str]]:
    """The operations added, and those removed, as a whole."""
    added = sorted({c.operation for c in real if c.rule == "endpoint-added"})
    removed = sorted(
        {c.operation for c in real if c.rule.startswith(("api-removed", "api-path-removed"))}
    )
    return added, removed


def _headline(
    real: list[Change], added: list[str], removed: list[str], rest: list[Change]
) -> str | None:
    """The one thing that happened, when only one did."""
    if not rest and not removed and len(added) == 1:
        return f"add {added[0]}"
    if not rest and not added and len(removed) == 1:
        return f"remove {removed[0]}"
    if len(real) == 1:
        c = real[0]
        return f"{c.operation}: {c.message}" if c.operation else c.message
    return None


def _counts(added: list[str], removed: list[str], rest: list[Change]) -> str:
    """``+2 ops, -1 op, 3 breaking, 1 non-breaking`` (empty parts left out)."""
    parts = []
    if added:
        parts.append(f"+{_plural(len(added), 'op')}")
    if removed:
        parts.append(f"-{_plural(len(removed), 'op')}")
    breaking = sum(c.klass == "breaking" for c in rest)
    other = sum(c.klass == "non-breaking" for c in rest)
    if breaking:
        parts.append(f"{breaking} breaking")
    if other:
        parts.append(f"{other} non-breaking")
    return ", ".join(parts)


def render(changes: Iterable[Change], fmt: Literal["text", "json", "markdown"] = "text") -> str:
    """Changes grouped by class (breaking first), as text, JSON or Markdown."""
    changes = list(changes)
    groups: _Groups = {k: [c for c in changes if c.klass == k] for k in KLASSES}
    if fmt == "json":
        return _json(changes, groups)
    if not changes:
        return "no contract change\n"
    block = _markdown if fmt == "markdown" else _text
    lines: list[str] = []
    for klass, items in groups.items():
        if items:
            lines += [*block(klass, items), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _json(changes: list[Change], groups: _Groups) -> str:
    doc = {
        "summary": summarize(changes),
        "counts": {k: len(v) for k, v in groups.items()},
        "changes": [c.to_dict() for k in KLASSES for c in groups[k]],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _markdown(klass: Klass, items: list[Change]) -> list[str]:
    return [
        f"### {klass.capitalize()} ({len(items)})",
        "",
        *(
            f"- {'`' + c.operation + '` ' if c.operation else ''}{c.message} (`{c.rule}`)"
            for c in items
        ),
    ]


def _text(klass: Klass, items: list[Change]) -> list[str]:
    return [
        f"{klass} ({len(items)}):",
        *(f"  {c.operation + ': ' if c.operation else ''}{c.message} [{c.rule}]" for c in items),
    ]
