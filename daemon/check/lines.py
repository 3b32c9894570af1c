"""Findings located in ``spec/openapi.yaml``: a JSON pointer mapped to a line, so that
``intentd check`` prints ``path:line:`` messages editors link."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .. import layout
from ..errors import Finding
from ..openapi.pointer import parse_pointer


@lru_cache(maxsize=4)
def _lines_tree(yaml_text: str) -> Any:
    # Every finding of one report asks about the same text: parse it once.
    from .. import yamlio

    return yamlio.load_with_lines(yaml_text)


def locate(yaml_text: str, ptr: str) -> int | None:
    """The 1-based line in ``yaml_text`` of the node at JSON pointer ``ptr`` (or of its deepest
    existing ancestor); None if the text does not parse."""
    try:
        node = _lines_tree(yaml_text)
    except Exception:
        return None
    line = 1
    for part in parse_pointer(ptr):
        step = _child(node, part)
        if step is None:
            break
        node, found = step
        line = line if found is None else found
    return line


def _child(node: Any, part: str) -> tuple[Any, int | None] | None:
    """The child of ``node`` at pointer part ``part`` and its line; None if there is none."""
    if isinstance(node, dict) and part in node:
        return node[part], _line_of(node, part)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)], _line_of(node, int(part))
    return None


def _line_of(node: Any, key: str | int) -> int | None:
    # ruamel keeps (line, column) of each key or item on the container, 0-based.
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    return int((lc.key(key) if isinstance(key, str) else lc.item(key))[0]) + 1


def with_lines(
    findings: Iterable[Finding], yaml_text: str, path: str = layout.SPEC_YAML
) -> list[Finding]:
    """Findings relocated to ``path:line`` (the pointer and rule move into the message), for
    ``intentd check`` output that editors link."""
    return [_with_line(f, yaml_text, path) for f in findings]


def _with_line(f: Finding, yaml_text: str, path: str) -> Finding:
    line = locate(yaml_text, f.location) if f.location.startswith("#") else None
    where = f"{path}:{line}" if line is not None else path
    return Finding(where, f"{f.message} [{f.rule} at {f.location}]", f.severity, f.rule)
