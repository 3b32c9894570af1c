"""A string that matches a regular expression: walk the parsed pattern, one handler per node.

Part of the SpecGenerator: ``pattern`` constraints come from the intent, and the examples of
:mod:`.examples` must match them. The walk takes every repeat at its minimum plus a small
budget, the first branch of an alternation, and a class's first fitting character; the result
is checked with :func:`re.search`, so a walk that misses gives ``None``, never a wrong example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import compat

_sre: Any = compat.sre_parser()


def fits(text: str, pattern: str, low: int, high: Any) -> bool:
    """``text`` is within the length bounds and ``re.search(pattern, text)`` accepts it."""
    if len(text) < low or (high is not None and len(text) > int(high)):
        return False
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def pattern_example(pattern: str, low: int = 0, high: Any = None) -> str | None:
    """A string that ``re.search(pattern, ...)`` accepts within the length bounds, or None."""
    try:
        parsed = _sre.parse(pattern)
    except (re.error, RecursionError):
        return None
    for budget in (0, low, low + 8):
        try:
            text = _Walker(budget).walk(parsed)
        except (ValueError, RecursionError):
            return None
        if len(text) < low:
            continue
        if fits(text, pattern, low, high):
            return text
    return None


class _Walker:
    """Turns a parsed regex into one matching string, taking minimal repeats plus a budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.groups: dict[int, str] = {}

    def walk(self, items: Any) -> str:
        return "".join(self._one(op, arg) for op, arg in items)

    def _one(self, op: Any, arg: Any) -> str:
        name = str(op)
        handler = _NODES.get(name)
        if handler is None:
            raise ValueError(name)  # a construct the walk does not know: no example
        return handler(self, arg)

    def repeat(self, arg: Any) -> str:
        low, high, sub = arg
        count = low
        room = (high - low) if high != _sre.MAXREPEAT else self.budget
        if self.budget and room:
            extra = min(self.budget, room)
            count += extra
            self.budget -= extra
        return "".join(self.walk(sub) for _ in range(count))

    def subpattern(self, arg: Any) -> str:
        group, _, _, sub = arg
        text = self.walk(sub)
        if group is not None:
            self.groups[group] = text
        return text

    def branch(self, arg: Any) -> str:
        return self.walk(arg[1][0])

    def groupref(self, arg: Any) -> str:
        return self.groups.get(arg, "")


def _not_literal(arg: Any) -> str:
    return "a" if chr(arg) != "a" else "b"


_NODES: dict[str, Callable[[_Walker, Any], str]] = {
    "LITERAL": lambda w, arg: chr(arg),
    "NOT_LITERAL": lambda w, arg: _not_literal(arg),
    "ANY": lambda w, arg: "a",
    "IN": lambda w, arg: _class_char(arg),
    "CATEGORY": lambda w, arg: _category_char(str(arg)),
    "MAX_REPEAT": _Walker.repeat,
    "MIN_REPEAT": _Walker.repeat,
    "POSSESSIVE_REPEAT": _Walker.repeat,
    "SUBPATTERN": _Walker.subpattern,
    "ATOMIC_GROUP": _Walker.walk,
    "BRANCH": _Walker.branch,
    "GROUPREF": _Walker.groupref,
    # anchors and lookarounds match no text of their own
    "AT": lambda w, arg: "",
    "ASSERT": lambda w, arg: "",
    "ASSERT_NOT": lambda w, arg: "",
}


# --------------------------------------------------------------------------- classes

_CANDIDATES = "a0A_-x1Bz.9 "
_CATEGORY_RE = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}
_CATEGORY_CHAR = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
}


def _class_char(items: Any) -> str:
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if not negate:
        first = _first_member(items[0])
        if first is not None:
            return first
    for ch in _CANDIDATES:
        if _in_class(ch, items) != negate:
            return ch
    raise ValueError("class")


def _first_member(item: Any) -> str | None:
    """A character the class's first member accepts, if it names one directly."""
    op, arg = item
    kind = str(op)
    if kind == "LITERAL":
        return chr(arg)
    if kind == "RANGE":
        lo, hi = arg
        return "a" if lo <= ord("a") <= hi else chr(lo)
    if kind == "CATEGORY":
        return _category_char(str(arg))
    return None


def _in_class(ch: str, items: Any) -> bool:
    return any(_member_accepts(ch, str(op), arg) for op, arg in items)


def _member_accepts(ch: str, kind: str, arg: Any) -> bool:
    if kind == "LITERAL":
        return chr(arg) == ch
    if kind == "RANGE":
        return bool(arg[0] <= ord(ch) <= arg[1])
    if kind == "CATEGORY":
        return re.fullmatch(_CATEGORY_RE.get(str(arg), "(?!)"), ch) is not None
    return False


def _category_char(name: str) -> str:
    return _CATEGORY_CHAR.get(name, "a")
