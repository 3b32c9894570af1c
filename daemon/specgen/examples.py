"""Deterministic example values that satisfy a (conservative) JSON Schema.

Part of the SpecGenerator (DESIGN.md, "The SpecGenerator"; issue #3 item 1): every schema and
operation carries an example that must validate against its schema, including ``pattern``,
length, range and ``multipleOf`` constraints. Values derive only from the schema and a seed
string, never from randomness or the clock, so compiling twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .patterns import fits, pattern_example

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
    make = _BY_TYPE.get(schema.get("type"))
    return make(schema, seed, ref, variant) if make is not None else None


def _boolean(schema: dict[str, Any], seed: str, ref: RefExample, variant: int) -> bool:
    return variant % 2 == 0


def _array(schema: dict[str, Any], seed: str, ref: RefExample, variant: int) -> list[Any]:
    items = schema.get("items", {})
    count = max(1, int(schema.get("minItems", 1)))
    if "maxItems" in schema:
        count = min(count, int(schema["maxItems"]))
    if schema.get("uniqueItems"):
        return [example_for(items, f"{seed}[{i}]", ref, variant=i) for i in range(count)]
    return [example_for(items, seed, ref) for _ in range(count)]


def _object(schema: dict[str, Any], seed: str, ref: RefExample, variant: int) -> dict[str, Any]:
    props: dict[str, Any] = schema.get("properties", {})
    required = schema.get("required", [])
    out = {k: example_for(v, f"{seed}.{k}", ref) for k, v in props.items() if k in required}
    values = schema.get("additionalProperties")
    if not props and isinstance(values, dict):
        out["key"] = example_for(values, f"{seed}.key", ref)
    return out


# --------------------------------------------------------------------------- strings

_FORMAT_EXAMPLES: dict[str, str] = {
    "date": "2024-01-15",
    "date-time": "2024-01-15T09:30:00Z",
    "uri": "https://example.com/resource",
    "uri-reference": "/resource",
    "hostname": "api.example.com",
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
}


def _string(schema: dict[str, Any], seed: str, ref: RefExample, variant: int) -> str:
    fmt = schema.get("format")
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    if fmt == "uuid":
        return stable_uuid(f"{seed}#{variant}" if variant else seed)
    candidate = _candidate(fmt, seed, variant)
    pattern = schema.get("pattern")
    if pattern is not None:
        return _patterned(candidate, pattern, fmt, low, high)
    return _clipped(candidate, low, high)


def _candidate(fmt: str | None, seed: str, variant: int) -> str:
    """A readable value of the format, or ``Sample <label>`` for plain text."""
    suffix = variant or ""
    if fmt == "email":
        return f"{_word(seed)}{suffix}@example.com"
    if fmt == "uri":
        return f"https://example.com/{_word(seed)}{suffix}"
    if fmt in _FORMAT_EXAMPLES:
        return _FORMAT_EXAMPLES[fmt]
    label = _label(seed)
    return f"Sample {label} {variant + 1}" if variant else f"Sample {label}"


def _patterned(candidate: str, pattern: str, fmt: str | None, low: int, high: Any) -> str:
    """The candidate if it matches, else a generated match (never for a format it would break)."""
    generated = pattern_example(pattern, low, high)
    if generated is not None and (fmt is None or fits(candidate, pattern, low, high)):
        return candidate if fits(candidate, pattern, low, high) else generated
    return candidate


def _clipped(candidate: str, low: int, high: Any) -> str:
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


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class _Bounds:
    """A numeric schema's bounds; ``floor``/``ceiling`` are the tightest of each side."""

    low: Any
    ex_low: Any
    high: Any
    ex_high: Any
    multiple: Any

    @classmethod
    def of(cls, schema: dict[str, Any]) -> _Bounds:
        return cls(
            schema.get("minimum"),
            schema.get("exclusiveMinimum"),
            schema.get("maximum"),
            schema.get("exclusiveMaximum"),
            schema.get("multipleOf"),
        )

    @property
    def floor(self) -> Any:
        return max((b for b in (self.low, self.ex_low) if b is not None), default=None)

    @property
    def ceiling(self) -> Any:
        return min((b for b in (self.high, self.ex_high) if b is not None), default=None)

    def fits(self, v: float, integer: bool) -> bool:
        if integer and not float(v).is_integer():
            return False
        if self.multiple and int(v / self.multiple) != v / self.multiple:
            return False
        limits = (
            (self.low, operator.ge),
            (self.ex_low, operator.gt),
            (self.high, operator.le),
            (self.ex_high, operator.lt),
        )
        return all(bound is None or within(v, bound) for bound, within in limits)


def _number(schema: dict[str, Any], seed: str, ref: RefExample, variant: int) -> int | float:
    """The first candidate inside every bound (and a multiple, if asked)."""
    integer = schema.get("type") == "integer"
    bounds = _Bounds.of(schema)
    candidates = _candidates(bounds, integer, variant)
    value = next((v for v in candidates if bounds.fits(v, integer)), candidates[0])
    return int(value) if integer else _tidy(value)


def _candidates(bounds: _Bounds, integer: bool, variant: int) -> list[float]:
    floor, ceiling = bounds.floor, bounds.ceiling
    start: float = floor if floor is not None else (1 if integer else 9.5)
    if ceiling is not None and floor is None:
        start = min(start, ceiling)
    if bounds.multiple:
        k = math.floor(start / bounds.multiple)
        return [bounds.multiple * (k + i) for i in range(variant, variant + 66)]
    return _steps(start, 1 if integer else 0.5, variant, floor, ceiling)


def _steps(start: float, step: float, variant: int, floor: Any, ceiling: Any) -> list[float]:
    """Values near the start, then near the ceiling and the middle when there is one."""
    base = start + variant * step
    candidates = [base, base + step, base + 2 * step, math.ceil(base), math.floor(base)]
    if ceiling is not None:
        candidates += [ceiling, ceiling - step, math.floor(ceiling), math.ceil(ceiling) - 1]
        if floor is not None:
            candidates += [(floor + ceiling) / 2, math.ceil((floor + ceiling) / 2)]
    return candidates


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


_BY_TYPE: dict[Any, Callable[[dict[str, Any], str, RefExample, int], Any]] = {
    "string": _string,
    "integer": _number,
    "number": _number,
    "boolean": _boolean,
    "array": _array,
    "object": _object,
}
