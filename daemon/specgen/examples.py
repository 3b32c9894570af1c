"""Deterministic example values that satisfy a (conservative) JSON Schema.

Part of the SpecGenerator (DESIGN.md, "The SpecGenerator"; issue #3 item 1): every schema and
operation carries an example that must validate against its schema, including ``pattern``,
length, range and ``multipleOf`` constraints. Values derive only from the schema and a seed
string, never from randomness or the clock, so compiling twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from collections.abc import Callable
from typing import Any

from .. import compat

_sre: Any = compat.sre_parser()

RefExample = Callable[[str], Any]
"""Maps a ``$ref`` string to the example of the schema it names."""


def stable_uuid(seed: str) -> str:
    """A version-4-shaped UUID derived from ``seed``."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()[:16]
    return str(uuid.UUID(bytes=digest, version=4))


def example_for(schema: dict[str, Any], seed: str, ref: RefExample, variant: int = 0) -> Any:
    """An instance of ``schema``; ``seed`` names the place (``Book.title``) for stable ids."""
    if "$ref" in schema:
        return ref(schema["$ref"])
    if "default" in schema and not variant:
        return schema["default"]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        values = schema["enum"]
        return values[variant % len(values)]
    kind = schema.get("type")
    if kind == "string":
        return _string(schema, seed, variant)
    if kind in ("integer", "number"):
        return _number(schema, kind == "integer", variant)
    if kind == "boolean":
        return variant % 2 == 0
    if kind == "array":
        return _array(schema, seed, ref)
    if kind == "object":
        props: dict[str, Any] = schema.get("properties", {})
        required = schema.get("required", [])
        return {k: example_for(v, f"{seed}.{k}", ref) for k, v in props.items() if k in required}
    return None


def _array(schema: dict[str, Any], seed: str, ref: RefExample) -> list[Any]:
    items = schema.get("items", {})
    count = max(1, int(schema.get("minItems", 1)))
    if "maxItems" in schema:
        count = min(count, int(schema["maxItems"]))
    if schema.get("uniqueItems"):
        return [example_for(items, f"{seed}[{i}]", ref, variant=i) for i in range(count)]
    return [example_for(items, seed, ref) for _ in range(count)]


_FORMAT_EXAMPLES: dict[str, str] = {
    "date": "2024-01-15",
    "date-time": "2024-01-15T09:30:00Z",
    "uri": "https://example.com/resource",
    "uri-reference": "/resource",
    "hostname": "api.example.com",
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
}


def _string(schema: dict[str, Any], seed: str, variant: int) -> str:
    fmt = schema.get("format")
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    name = _word(seed)
    if fmt == "uuid":
        return stable_uuid(f"{seed}#{variant}" if variant else seed)
    if fmt == "email":
        candidate = f"{name}{variant or ''}@example.com"
    elif fmt == "uri":
        candidate = f"https://example.com/{name}{variant or ''}"
    elif fmt in _FORMAT_EXAMPLES:
        candidate = _FORMAT_EXAMPLES[fmt]
    else:
        label = _label(seed)
        candidate = f"Sample {label} {variant + 1}" if variant else f"Sample {label}"
    pattern = schema.get("pattern")
    if pattern is not None:
        generated = pattern_example(pattern, low, high)
        if generated is not None and (fmt is None or _fits(candidate, pattern, low, high)):
            return candidate if _fits(candidate, pattern, low, high) else generated
        return candidate
    if high is not None and len(candidate) > int(high):
        candidate = candidate[: int(high)]
    if len(candidate) < low:
        candidate += "x" * (low - len(candidate))
    return candidate


def _tail(seed: str) -> str:
    """The last name in a seed such as ``Book.title`` or ``Book.tags[0]``, ASCII only."""
    tail = re.sub(r"(\[[0-9]+\])+$", "", seed).rsplit(".", 1)[-1]
    return re.sub(r"[^A-Za-z0-9]", "", tail) or "value"


def _word(seed: str) -> str:
    return _tail(seed).lower()


def _label(seed: str) -> str:
    """``displayName`` → ``display name``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", _tail(seed)).lower()


def _fits(text: str, pattern: str, low: int, high: Any) -> bool:
    if len(text) < low or (high is not None and len(text) > int(high)):
        return False
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _number(schema: dict[str, Any], integer: bool, variant: int) -> int | float:
    """The first candidate inside every bound (and a multiple, if asked)."""
    low, high = schema.get("minimum"), schema.get("maximum")
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    multiple = schema.get("multipleOf")

    def fits(v: float) -> bool:
        if integer and not float(v).is_integer():
            return False
        if multiple and int(v / multiple) != v / multiple:
            return False
        return (
            (low is None or v >= low)
            and (ex_low is None or v > ex_low)
            and (high is None or v <= high)
            and (ex_high is None or v < ex_high)
        )

    floor = max((b for b in (low, ex_low) if b is not None), default=None)
    ceiling = min((b for b in (high, ex_high) if b is not None), default=None)
    start: float = floor if floor is not None else (1 if integer else 9.5)
    if ceiling is not None and floor is None:
        start = min(start, ceiling)
    candidates: list[float] = []
    if multiple:
        k = math.floor(start / multiple)
        candidates += [multiple * (k + i) for i in range(variant, variant + 66)]
    else:
        step = 1 if integer else 0.5
        base = start + variant * step
        candidates += [base, base + step, base + 2 * step, math.ceil(base), math.floor(base)]
        if ceiling is not None:
            candidates += [ceiling, ceiling - step, math.floor(ceiling), math.ceil(ceiling) - 1]
            if floor is not None:
                candidates += [(floor + ceiling) / 2, math.ceil((floor + ceiling) / 2)]
    for value in candidates:
        if fits(value):
            return int(value) if integer else _tidy(value)
    first = candidates[0]
    return int(first) if integer else _tidy(first)


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


# --------------------------------------------------------------------------- patterns


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
        if _fits(text, pattern, low, high):
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
        if name == "LITERAL":
            return chr(arg)
        if name == "NOT_LITERAL":
            return "a" if chr(arg) != "a" else "b"
        if name == "ANY":
            return "a"
        if name == "IN":
            return _class_char(arg)
        if name == "CATEGORY":
            return _category_char(str(arg))
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            count = low
            room = (high - low) if high != _sre.MAXREPEAT else self.budget
            if self.budget and room:
                extra = min(self.budget, room)
                count += extra
                self.budget -= extra
            return "".join(self.walk(sub) for _ in range(count))
        if name == "SUBPATTERN":
            group, _, _, sub = arg
            text = self.walk(sub)
            if group is not None:
                self.groups[group] = text
            return text
        if name == "ATOMIC_GROUP":
            return self.walk(arg)
        if name == "BRANCH":
            return self.walk(arg[1][0])
        if name == "GROUPREF":
            return self.groups.get(arg, "")
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return ""
        raise ValueError(name)


_CANDIDATES = "a0A_-x1Bz.9 "


def _class_char(items: Any) -> str:
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if not negate:
        op, arg = items[0]
        if str(op) == "LITERAL":
            return chr(arg)
        if str(op) == "RANGE":
            lo, hi = arg
            return "a" if lo <= ord("a") <= hi else chr(lo)
        if str(op) == "CATEGORY":
            return _category_char(str(arg))
    for ch in _CANDIDATES:
        if _in_class(ch, items) != negate:
            return ch
    raise ValueError("class")


def _in_class(ch: str, items: Any) -> bool:
    for op, arg in items:
        kind = str(op)
        if kind == "LITERAL" and chr(arg) == ch:
            return True
        if kind == "RANGE" and arg[0] <= ord(ch) <= arg[1]:
            return True
        if kind == "CATEGORY" and re.fullmatch(_CATEGORY_RE.get(str(arg), "(?!)"), ch):
            return True
    return False


_CATEGORY_RE = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}


def _category_char(name: str) -> str:
    return {
        "CATEGORY_DIGIT": "0",
        "CATEGORY_NOT_DIGIT": "a",
        "CATEGORY_WORD": "a",
        "CATEGORY_NOT_WORD": "-",
        "CATEGORY_SPACE": " ",
        "CATEGORY_NOT_SPACE": "a",
    }.get(name, "a")
