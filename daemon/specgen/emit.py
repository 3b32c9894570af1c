"""The compiled document as text: YAML (the house style) and JSON (two-space indent).

Part of the SpecGenerator. Both are deterministic: the same document always gives the same
bytes, in the document's own key order.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .. import yamlio


def emit_yaml(doc: dict[str, Any]) -> str:
    """The document as YAML (the style of :mod:`intentd.yamlio`)."""
    return yamlio.dumps_fast(doc)


def emit_json(doc: dict[str, Any]) -> str:
    """The document as JSON: two-space indent, UTF-8 text, trailing newline.

    Byte-identical to ``json.dumps(doc, indent=2, ensure_ascii=False)``, whose pure-Python
    indenting encoder is several times slower than this one on a large contract.
    """
    out: list[str] = []
    try:
        _value(doc, "\n", out)
    except _NotPlainJson:
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlainJson(Exception):
    """A value this encoder does not write the way ``json.dumps`` would (it takes over)."""


_json_str: Any = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)


def _value(value: Any, newline: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_json_str(value))
    elif isinstance(value, dict):
        _object(value, newline, out)
    elif isinstance(value, list):
        _array(value, newline, out)
    else:
        out.append(_scalar(value))


def _object(value: dict[Any, Any], newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + "  "
    sep = "{" + inner
    for k, v in value.items():
        if not isinstance(k, str):
            raise _NotPlainJson
        out.append(sep)
        out.append(_json_str(k))
        out.append(": ")
        _value(v, inner, out)
        sep = "," + inner
    out.append(newline + "}")


def _array(value: list[Any], newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + "  "
    sep = "[" + inner
    for v in value:
        out.append(sep)
        _value(v, inner, out)
        sep = "," + inner
    out.append(newline + "]")


def _scalar(value: Any) -> str:
    # bool before int: True is an int to isinstance
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float) and math.isfinite(value):
        return json.dumps(value)
    if isinstance(value, int):
        return int.__repr__(value)
    raise _NotPlainJson
