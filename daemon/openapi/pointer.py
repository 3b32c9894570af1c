"""JSON pointers and internal ``$ref`` resolution: the one reading of a pointer.

A ``$ref`` is a URI: its fragment is percent-encoded (``#/components/schemas/A%20B``) and its
segments escape ``~`` and ``/`` (RFC 6901). Every walker of a document resolves through here,
so the lint, the validators and the diff cannot disagree on what a reference points at.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote


def pointer(path: Iterable[str | int]) -> str:
    """A JSON pointer in URI-fragment form: ``#/paths/~1books/get``.

    Only the RFC 6901 escapes are applied: findings print it for people to read.
    """
    return "#" + "".join("/" + _escape(p) for p in path)


def ref_to(path: Iterable[str | int]) -> str:
    """A ``$ref`` value for ``path``: the pointer, percent-encoded where a URI needs it."""
    return "#" + "".join("/" + quote(_escape(p), safe="~!$&'()*+,;=:@") for p in path)


def _escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def parse_pointer(ptr: str) -> list[str]:
    """``#/paths/~1books`` → ``['paths', '/books']`` (a URI fragment is percent-decoded)."""
    if ptr.startswith("#"):
        ptr = unquote(ptr[1:])
    if not ptr:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


def get_at(doc: Any, parts: Iterable[str]) -> tuple[bool, Any]:
    """Follow pointer parts through dicts and lists: (found, value)."""
    node = doc
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def target(doc: Any, ref: str) -> tuple[bool, Any]:
    """What an internal ``$ref`` points at: (found, value); external refs are not found."""
    if not ref.startswith("#"):
        return False, None
    return get_at(doc, parse_pointer(ref))


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow internal ``$ref`` chains (cycle-safe); an unresolvable ref gives None."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            return None
        seen.add(ref)
        found, node = target(doc, ref)
        if not found:
            return None
    return node
