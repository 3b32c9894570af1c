"""``entities``: each a mapping with fields, relationships, business rules and unique
constraints; every entry may be a mapping or the Markdown one-liner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .... import yamlio
from ..common import Item, camel, parse_type, pascal, split_list
from ..lines import field_line, relationship_line
from .keys import ENTITY_KEYS, FIELD_KEYS, RELATIONSHIP_KEYS, RULE_KEYS, UNIQUE_KEYS, is_texts
from .nodes import Reader

EntryReader = Callable[[Reader, Item, Any, str], None]


def entity(r: Reader, node: Any, where: str) -> Item | None:
    e = r.mapping(node, where, "entity", ENTITY_KEYS)
    if e is None:
        return None
    item: Item = {
        "name": pascal(e["name"]),
        "description": e.get("description"),
        "fields": [],
        "relationships": [],
        "business_rules": [],
        "unique_constraints": [],
        "source": e["source"],
    }
    for key, read in _ENTRIES.items():
        if key in e:
            _entries(r, item, key, read, *e[key])
    return item


def _entries(r: Reader, entity: Item, key: str, read: EntryReader, seq: Any, where: str) -> None:
    if not isinstance(seq, list):
        r.error(where, f"entity {key}: expected a list")
        return
    for i, sub in enumerate(seq):
        read(r, entity, sub, r.at(seq, i))


def field(r: Reader, entity: Item, node: Any, where: str) -> None:
    if isinstance(node, str):
        got = field_line(node, entity["name"], where)
    else:
        f = r.mapping(node, where, "field", FIELD_KEYS)
        if f is None:
            return
        got = _field_mapping(entity["name"], f)
    if isinstance(got, str):
        r.error(where, got)
        return
    entity["fields"].append(got[0])
    r.draft.notes.extend(got[1])


def _field_mapping(entity: str, f: dict[str, Any]) -> tuple[Item, list[Item]] | str:
    """A field mapping read as the field line it stands for, then its explicit keys."""
    mods = [m for m in ("required", "unique") if f.get(m)]
    if f.get("server_set"):
        mods.append("server-set")
    spec = ", ".join([str(f["type"]), *mods])
    got = field_line(f"{f['name']}: {spec}", entity, f["source"])
    if isinstance(got, str):
        return got
    item = got[0]
    for k in ("of", "ref", "enum_values", "description"):
        if f.get(k) is not None:
            item[k] = f[k]
    if item["type"] == "array" and f.get("of") is not None:
        parsed = parse_type(f"array({f['of']})")
        item["of"] = parsed.of if not isinstance(parsed, str) else f["of"]
    return got


def relationship(r: Reader, entity: Item, node: Any, where: str) -> None:
    if isinstance(node, str):
        rel = relationship_line(node, where)
    else:
        m = r.mapping(node, where, "relationship", RELATIONSHIP_KEYS)
        if m is None:
            return
        rel = _relationship_mapping(m)
    if rel is None:
        r.error(
            where,
            "cannot read relationship; expected 'has many Book' or {kind: one-to-many, target: Book}",
        )
        return
    entity["relationships"].append(rel)


def _relationship_mapping(m: dict[str, Any]) -> Item | None:
    kind = str(m["kind"]).replace("-", " ")
    named = f" as {m['name']}" if m.get("name") else ""
    rel = relationship_line(f"{kind} {m['target']}{named}", m["source"])
    if rel is not None:
        rel["expand"] = bool(m.get("expand", False))
    return rel


def business_rule(r: Reader, entity: Item, node: Any, where: str) -> None:
    if isinstance(node, str):
        entity["business_rules"].append({"text": node, "source": where})
        return
    m = r.mapping(node, where, "business rule", RULE_KEYS)
    if m is not None:
        entity["business_rules"].append({"text": m["text"], "source": m["source"]})


def unique_constraint(r: Reader, entity: Item, node: Any, where: str) -> None:
    fields: Any = yamlio.plain(node)
    source = where
    if isinstance(fields, dict):
        m = r.mapping(node, where, "unique constraint", UNIQUE_KEYS)
        if m is None:
            return
        fields, source = m["fields"], m["source"]
    if isinstance(fields, str):
        fields = split_list(fields)
    if not fields or not is_texts(fields):
        r.error(where, "unique constraint: expected a list of field names, e.g. [title, author]")
        return
    entity["unique_constraints"].append({"fields": [camel(x) for x in fields], "source": source})


_ENTRIES: dict[str, EntryReader] = {
    "fields": field,
    "relationships": relationship,
    "business_rules": business_rule,
    "unique_constraints": unique_constraint,
}
