"""``features``: each a mapping with a name, markers (priority, complexity), acceptance
criteria (text or ``{text}``), its access, and what it serves: the entities it
``manages`` (``under`` a parent for nested routes), the caller's own one (``current``),
``toggles``, ``actions`` and ``sign_up``, and its lists' ``filters``, ``sort``, ``paging``,
``envelope`` and ``wrap``.

Each of those lists takes the Markdown line's text (``'Comment under Article (list)'``), a
list of such entries, or mappings (:mod:`.forms` turns them into that text); the Markdown
line's own parser (:mod:`..features_lines`, :mod:`..filters`) reads every entry, so both
forms mean the same and fill the same hints (:func:`..features_lines.feature_hints`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .... import yamlio
from ..common import Item, complexity_of, priority_of
from ..features_lines import (
    current_line,
    feature_hints,
    manages_line,
    override,
    signup_line,
    verbs_line,
)
from ..filters import filters_line, sort_line
from ..lines import ACCESS_FORM, access_of
from . import forms
from .keys import (
    CRITERION_KEYS,
    CURRENT_KEYS,
    FEATURE_KEYS,
    FILTER_KEYS,
    MANAGES_KEYS,
    VERB_KEYS,
    Keys,
)
from .nodes import Reader

Parse = Callable[[str, str], list[Item] | str]


@dataclass(frozen=True)
class Entries:
    """How one list key of a feature is read."""

    slot: str  # the feature item's hint the parsed entries join
    parse: Parse  # the Markdown line's parser: (text, source) → entries | message
    keys: Keys | None  # the keys of an entry written as a mapping (None: text only)
    text: Callable[[dict[str, Any]], str | None]  # a checked mapping → the line's text
    form: str  # an example, for messages
    joined: bool = False  # a list is one line ('sort: [-createdAt, title]'), not one per entry


def _no_mapping(m: dict[str, Any]) -> str | None:
    return None


def _verbs(what: str) -> Parse:
    return lambda text, source: verbs_line(text, source, what)


ENTRIES: dict[str, Entries] = {
    "manages": Entries(
        "_manages",
        manages_line,
        MANAGES_KEYS,
        forms.manages_text,
        "'Comment under Article (list, create)' or {entity: Comment, under: Article, ops: [list]}",
    ),
    "current": Entries(
        "_current",
        current_line,
        CURRENT_KEYS,
        forms.manages_text,
        "'User (get, replace)' or {entity: User, ops: [get, replace]}",
    ),
    "toggles": Entries(
        "_toggles",
        _verbs("toggles"),
        VERB_KEYS,
        forms.verb_text,
        "'favorite Article' or {verb: favorite, entity: Article}",
    ),
    "actions": Entries(
        "_actions",
        _verbs("actions"),
        VERB_KEYS,
        forms.verb_text,
        "'publish Event' or {verb: publish, entity: Event}",
    ),
    "sign_up": Entries("_signup", signup_line, None, _no_mapping, "'Member'"),
    "filters": Entries(
        "_filters",
        filters_line,
        FILTER_KEYS,
        forms.filter_text,
        f"'tagList as tag' or {forms.FILTER_FORM}",
    ),
    "sort": Entries("_sort", sort_line, None, _no_mapping, "'-createdAt, title'", joined=True),
}


def feature(r: Reader, node: Any, where: str) -> Item | None:
    f = r.mapping(node, where, "feature", FEATURE_KEYS)
    if f is None:
        return None
    item: Item = {
        "id": f.get("id"),
        "name": f["name"],
        "description": f.get("description") or "",
        "priority": _marker(
            r, f, "priority", priority_of, "must, should, could (or high, medium, low)"
        ),
        "complexity": _marker(r, f, "complexity", complexity_of, "S, M, L (or XS, XL, 1-5)"),
        "acceptance_criteria": [],
        "no_endpoint_reason": f.get("no_endpoint_reason"),
        "source": f["source"],
        **feature_hints(),
    }
    if "acceptance_criteria" in f:
        item["acceptance_criteria"] = criteria(r, *f["acceptance_criteria"])
    for key, spec in ENTRIES.items():
        if key in f:
            entries(r, item, key, spec, *f[key])
    if f.get("access") is not None:
        _access(r, item, f["access"])
    _style(r, item, f, node)
    return item


def _marker(
    r: Reader, f: dict[str, Any], key: str, conv: Callable[[str], str | None], expected: str
) -> str | None:
    if f.get(key) is None:
        return None
    value = conv(str(f[key]))
    if value is None:
        r.error(f["source"], f"unknown {key} '{f[key]}'; expected {expected}")
    return value


def criteria(r: Reader, node: Any, where: str) -> list[Item]:
    if not isinstance(node, list):
        r.error(where, "acceptance_criteria: expected a list")
        return []
    out = []
    for i, c in enumerate(node):
        cw = r.at(node, i)
        if isinstance(c, str):
            out.append({"text": c, "source": cw})
            continue
        got = r.mapping(c, cw, "criterion", CRITERION_KEYS)
        if got is not None:
            out.append({"text": got["text"], "source": got["source"]})
    return out


def entries(r: Reader, item: Item, key: str, spec: Entries, node: Any, where: str) -> None:
    """``key: 'a, b'``, ``key: [a, {…}]``: every entry parsed into ``item[spec.slot]``."""
    plain = yamlio.plain(node)
    if isinstance(plain, str):
        found = [(node, where)]
    elif spec.joined and isinstance(plain, list) and all(isinstance(x, str) for x in plain):
        found = [(", ".join(plain), where)]
    elif isinstance(node, list):
        found = [(sub, r.at(node, i)) for i, sub in enumerate(node)]
    else:
        r.error(where, f"{key}: expected a list or a line such as {spec.form}")
        return
    for sub, at in found:
        line = _entry_text(r, key, spec, sub, at)
        if line is None:
            continue
        got = spec.parse(line[0], line[1])
        if isinstance(got, str):
            r.error(at, got)
        else:
            item[spec.slot].extend(got)


def _entry_text(
    r: Reader, key: str, spec: Entries, node: Any, where: str
) -> tuple[str, str] | None:
    """An entry's line text and source; None when it is reported."""
    plain = yamlio.plain(node)
    if isinstance(plain, str):
        return plain, where
    if spec.keys is None or not isinstance(plain, dict):
        r.error(where, f"{key}: expected text such as {spec.form}")
        return None
    m = r.mapping(node, where, f"{key} entry", spec.keys)
    if m is None:
        return None
    text = spec.text(m)
    if text is None:
        r.error(where, f"{key}: cannot read this entry; expected {spec.form}")
        return None
    return text, m["source"]


def _access(r: Reader, item: Item, value: str) -> None:
    item["_access"] = access_of(value)
    if item["_access"] is None:
        r.error(item["source"], f"unknown access '{value}'; expected {ACCESS_FORM}")


def _style(r: Reader, item: Item, f: dict[str, Any], node: Any) -> None:
    """``paging``, ``envelope`` (``named recipes`` names the wrapper) and ``wrap``: this
    feature's overrides of the project's defaults, read as the Markdown ``Paging:`` line."""
    for key in ("paging", "envelope", "wrap"):
        if f.get(key) is None:
            continue
        got = override(key, f[key], r.at(node, key))
        if isinstance(got, str):
            r.error(r.at(node, key), got)
        else:
            item[got[0]] = got[1]
