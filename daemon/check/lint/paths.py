"""Lint rules on the ``paths`` map: path keys, paths that collide, and path parameters."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, NamedTuple

from ...openapi.pointer import resolve
from ...openapi.walk import METHODS, Path, list_items
from .rules import Out

_TEMPLATE = re.compile(r"\{;?\??([a-zA-Z0-9_.-]+)\*?\}")
_ANY_TEMPLATE = re.compile(r"\{[^}]*\}")
_WHOLE_TEMPLATE = re.compile(r"\{.+?\}")

_Entries = list[tuple[str, list[str]]]
_Groups = dict[tuple[int, int], dict[tuple[bool, ...], _Entries]]
"""Paths seen so far by (segment count, template count), then by which segments are templates."""


class _Template(NamedTuple):
    """A path key, the parameter names its template uses, and those its path item declares."""

    key: str
    names: list[str]
    declared: dict[str, Path]


def check_paths(doc: dict[str, Any], out: Out) -> None:
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    normal: dict[str, str] = {}
    groups: _Groups = {}
    for key in paths:
        at: Path = ("paths", key)
        _path_key(key, at, out)
        _collision(key, at, normal, groups, out)
        _path_params(doc, key, paths[key], out)


def _path_key(key: str, at: Path, out: Out) -> None:
    if "{}" in key:
        out("path-declarations-must-exist", at, f"'{key}' has an empty {{}} declaration")
    if key.endswith("/") and key != "/":
        out("path-keys-no-trailing-slash", at, f"'{key}' must not end with '/'")
    if "?" in key:
        out("path-not-include-query", at, f"'{key}' includes a query string; use parameters")


def _collision(key: str, at: Path, normal: dict[str, str], groups: _Groups, out: Out) -> None:
    norm = _ANY_TEMPLATE.sub("{}", key)
    if norm in normal:
        out("no-identical-paths", at, f"'{normal[norm]}' and '{key}' differ only in names")
        return
    normal[norm] = key
    other = _ambiguous(key, groups)
    if other is not None:
        out("no-ambiguous-paths", at, f"'{other}' and '{key}' are ambiguous")


def _ambiguous(key: str, groups: _Groups) -> str | None:
    """An earlier path that can match the same request as ``key`` (Redocly's
    no-ambiguous-paths): same length and template count, and at every segment a template on
    either side or equal text. Same template positions means identical or distinct, so only
    groups with other template positions need comparing."""
    segs = key.split("/")
    mask = tuple(bool(_WHOLE_TEMPLATE.fullmatch(s)) for s in segs)
    group = groups.setdefault((len(segs), sum(mask)), {})
    found = _first_overlap(segs, mask, group)
    group.setdefault(mask, []).append((key, segs))
    return found


def _first_overlap(
    segs: list[str], mask: tuple[bool, ...], group: dict[tuple[bool, ...], _Entries]
) -> str | None:
    for omask, entries in group.items():
        if omask != mask:
            other = _overlap(segs, mask, omask, entries)
            if other is not None:
                return other
    return None


def _overlap(
    segs: list[str], mask: tuple[bool, ...], omask: tuple[bool, ...], entries: _Entries
) -> str | None:
    both = [i for i, (a, b) in enumerate(zip(mask, omask, strict=True)) if not a and not b]
    for other, osegs in entries:
        if all(segs[i] == osegs[i] for i in both):
            return other
    return None


# --------------------------------------------------------------------------- path parameters


def _path_params(doc: dict[str, Any], key: str, item: Any, out: Out) -> None:
    if not isinstance(item, dict):
        return
    names = _TEMPLATE.findall(key)
    for name in sorted(n for n, c in Counter(names).items() if c > 1):
        out("path-params", ("paths", key), f"'{key}' uses parameter {{{name}}} more than once")
    declared = _declared(doc, item.get("parameters"), ("paths", key, "parameters"), out)
    template = _Template(key, names, declared)
    for method in METHODS:
        op = item.get(method)
        if isinstance(op, dict):
            _operation_params(doc, template, op, ("paths", key, method), out)


def _operation_params(
    doc: dict[str, Any], template: _Template, op: dict[str, Any], at: Path, out: Out
) -> None:
    mine = _declared(doc, op.get("parameters"), (*at, "parameters"), out)
    defined = {**template.declared, **mine}
    for name, where in defined.items():
        if name not in template.names:
            out("path-params", where, f"path parameter '{name}' is not used in '{template.key}'")
    for name in dict.fromkeys(template.names):
        if name not in defined:
            out("path-params", at, f"the operation must define path parameter '{name}'")


def _declared(doc: dict[str, Any], params: Any, at: Path, out: Out) -> dict[str, Path]:
    """The path parameters in ``params`` by name, each where it is first declared."""
    found: dict[str, Path] = {}
    for where, raw in list_items(params, at):
        p = resolve(doc, raw)
        if not _is_path_param(p):
            continue
        name = p["name"]
        if p.get("required") is not True:
            out("path-params", where, f"path parameter '{name}' must have required: true")
        if name in found:
            out("path-params", where, f"path parameter '{name}' is defined twice")
        else:
            found[name] = where
    return found


def _is_path_param(p: Any) -> bool:
    return isinstance(p, dict) and p.get("in") == "path" and isinstance(p.get("name"), str)
