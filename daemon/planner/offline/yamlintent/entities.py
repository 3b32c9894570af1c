"""``entities``: each a mapping with fields, relationships, business rules and unique
constraints; every entry may be a mapping or the Markdown one-liner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .... import yamlio
from ..common import Item, camel, pascal, split_list
from ..lines import entity_hints, entity_marker, field_line, relationship_line
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
        **entity_hints(),
    }
    _kind(r, item, e, node)
    for key, read in _ENTRIES.items():
        if key in e:
            _entries(r, item, key, read, *e[key])
    if e.get("key") is not None:
        _key(r, item, e["key"], r.at(node, "key"))
    return item


def _kind(r: Reader, item: Item, e: dict[str, Any], node: Any) -> None:
    """``kind: shape`` and ``timestamps: false``, read as the Markdown heading's markers
    ``(shape)`` and ``(no timestamps)``. A bad kind is reported and the entity stays a
    resource (so what refers to it still resolves)."""
    kind = e.get("kind")
    if kind is not None and kind.strip().lower() not in ("resource", "shape"):
        r.error(
            r.at(node, "kind"),
            f"unknown kind '{kind}' of entity '{item['name']}'; expected resource (stored, "
            "the default) or shape (only sent or returned: no id, no timestamps, no CRUD)",
        )
    elif kind is not None:
        entity_marker(item, kind)
    if e.get("timestamps") is False:
        entity_marker(item, "no timestamps")
    if e.get("timestamps") and item["_kind"] == "shape":
        r.error(
            r.at(node, "timestamps"),
            f"{item['name']} is a shape: it has no timestamps; remove 'timestamps'",
        )


def _key(r: Reader, item: Item, name: str, where: str) -> None:
    """``key: slug``: the field ``slug`` is the natural key, as ``- slug: string, key``."""
    if item["_kind"] == "shape":
        r.error(where, f"{item['name']} is a shape (never stored): it has no key; remove 'key'")
        return
    field = next((f for f in item["fields"] if f["name"] == camel(name)), None)
    if field is None:
        r.error(
            where,
            f"{item['name']}: key '{name}' is not one of its fields; add it to fields, e.g. "
            f"'{camel(name) or 'slug'}: string, key'",
        )
        return
    field["_key"] = True
    field["required"] = True


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
    mods = [m for m in ("required", "unique", "key") if f.get(m)]
    if f.get("server_set"):
        mods.append("server-set")
    if f.get("expand"):
        mods.append("expanded")
    spec = ", ".join([_type_text(f), *mods])
    got = field_line(f"{f['name']}: {spec}", entity, f["source"])
    if isinstance(got, str):
        return got
    item = got[0]
    for k in ("enum_values", "description"):
        if f.get(k) is not None:
            item[k] = f[k]
    return got


def _type_text(f: dict[str, Any]) -> str:
    """``{type: array, of: string}`` → ``array(string)``; ``{type: map, of: integer}`` →
    ``map(integer)``; ``{type: ref, ref: Author}`` → ``ref(Author)``; else the type as written."""
    t = str(f["type"])
    low = t.strip().lower()
    if f.get("of") is not None and low in ("array", "list", "map"):
        return f"{t}({f['of']})"
    if f.get("ref") is not None and low == "ref":
        return f"ref({f['ref']})"
    return t


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
        if "fields" not in m:
            r.error(where, "unique constraint needs 'fields', e.g. {fields: [title, author]}")
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
