"""Reading one YAML node: where it is (``path:line`` from ruamel's line info) and its keys
checked against the key's table (:mod:`.keys`), each problem an error at its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .... import yamlio
from ....handoff import SOURCE_RE
from ..common import Findings, Item
from ..draft import Draft
from .keys import Keys, type_problem

_BAD = object()  # a key whose value was reported; the whole mapping is dropped


@dataclass
class Reader:
    """One YAML file being read into ``draft``; every per-key reader takes it."""

    path: str
    draft: Draft
    out: Findings

    def at(self, node: Any, key: Any = None) -> str:
        """``path:line`` of ``node`` (or of its ``key``: a mapping key or a list index)."""
        lc = getattr(node, "lc", None)
        try:
            line = _line(lc, node, key)
        except (KeyError, IndexError, TypeError, AttributeError):
            line = getattr(lc, "line", 0) or 0
        return f"{self.path}:{line + 1}"

    def error(self, where: str, message: str) -> None:
        self.out.error(where, message)

    def ok(self, got: Item | str, where: str) -> Item | None:
        """A one-line parser's item, or its message reported at ``where``."""
        if isinstance(got, str):
            self.error(where, got)
            return None
        return got

    def mapping(self, node: Any, where: str, kind: str, keys: Keys) -> dict[str, Any] | None:
        """Check an item's keys and scalar types; ``source`` is filled from the line.

        The first problem is reported and drops the item (None). ``node`` keys come back as
        ``(node, path:line)`` for their own reader; text keys as ``str``.
        """
        if not isinstance(node, dict):
            self.error(where, f"expected a {kind} mapping with keys {', '.join(keys)}")
            return None
        got: dict[str, Any] = {}
        for k in node:
            value = self._value(node, k, kind, keys)
            if value is _BAD:
                return None
            got[str(k)] = value
        src = got.get("source")
        got["source"] = src if isinstance(src, str) and re.match(SOURCE_RE, src) else where
        missing = next((k for k, spec in keys.items() if spec == "text" and k not in got), None)
        if missing is not None:
            self.error(where, f"{kind} needs '{missing}'")
            return None
        return got

    def _value(self, node: dict[Any, Any], k: Any, kind: str, keys: Keys) -> Any:
        kw = self.at(node, k)
        spec = keys.get(str(k))
        if spec is None:
            self.error(kw, f"unknown key '{k}' in {kind}; expected one of {', '.join(keys)}")
            return _BAD
        plain = yamlio.plain(node[k])
        problem = type_problem(spec, plain)
        if problem is not None:
            self.error(kw, f"{kind} {k}: {problem}")
            return _BAD
        if spec == "node":
            return (node[k], kw)
        if spec in ("text", "str?", "scalar") and plain is not None:
            return scalar_text(plain)
        return plain


def scalar_text(value: Any) -> str:
    """A YAML scalar as the text the one-line forms use: ``true``, ``20``, ``en``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _line(lc: Any, node: Any, key: Any) -> Any:
    """The 0-based line ruamel recorded (untyped: ruamel's own value)."""
    if lc is None:
        return 0
    if key is None:
        return lc.line
    if isinstance(node, dict):
        return lc.key(key)[0]
    return lc.item(key)[0]
