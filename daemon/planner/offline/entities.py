"""Entities as the hand-off has them: relationships resolved, references checked, the key
chosen and the server-set fields inferred.

- A field marked ``key`` is the entity's natural key (``slug``, ``username``): paths use it
  and no ``id`` is inferred; otherwise ``id`` (a server-set uuid) is.
- ``createdAt``/``updatedAt`` are inferred unless declared or the entity says
  ``(no timestamps)``; a ``(shape)`` gets none of them, no key and never CRUD.
- ``belongs to Profile as author (expanded)`` gives the child a ref field ``author`` that
  read shapes embed; the parent gets the one-to-many back.
- With ``naming: snake_case`` every field and relationship name is written snake_case.
"""

from __future__ import annotations

from typing import Any

from ...handoff import SCALAR_TYPES
from .common import Findings, Item, camel, known, note, plural, singular, wire
from .draft import Draft


def entities(draft: Draft, naming: str, out: Findings) -> list[Item]:
    by_name: dict[str, Item] = {}
    for e in draft.entities:
        if e["name"] in by_name:
            out.error(
                e["source"],
                f"entity '{e['name']}' is already defined at {by_name[e['name']]['source']}; "
                "define each entity once",
            )
            continue
        by_name[e["name"]] = {**e, "fields": [dict(f) for f in e["fields"]], "relationships": []}
    for e in draft.entities:
        if by_name.get(e["name"], {}).get("source") == e["source"]:
            for rel in e["relationships"]:
                _relate(by_name[e["name"]], rel, by_name, out)
    for e in by_name.values():
        _check_refs(e, by_name, out)
        _identity(e, out)
        _server_set(e)
        _wire_names(e, naming)
    return [_public(e) for e in by_name.values()]


def _public(e: Item) -> Item:
    return {k: v for k, v in e.items() if not k.startswith("_") or k == "_uuid"}


def resolve(name: str, by_name: dict[str, Any]) -> str | None:
    """An entity named as written or in the plural (``Books`` → ``Book``)."""
    if name in by_name:
        return name
    one = singular(name)
    return one if one in by_name else None


def _relate(entity: Item, rel: Item, by_name: dict[str, Item], out: Findings) -> None:
    target = resolve(rel["target"], by_name)
    if target is None:
        out.error(
            rel["source"],
            f"{entity['name']}: relationship to unknown entity '{rel['target']}'; "
            f"known entities: {known(sorted(by_name))}",
        )
        return
    if rel["kind"] == "belongs-to":
        _add_ref(entity, target, rel["source"], rel["name"], rel["expand"])
        _add_rel(by_name[target], "one-to-many", entity["name"], None, False, rel["source"])
        return
    _add_rel(entity, rel["kind"], target, rel["name"], rel["expand"], rel["source"])
    if rel["kind"] == "one-to-many":
        _add_ref(by_name[target], entity["name"], rel["source"], None, False)


def _add_rel(
    entity: Item, kind: str, target: str, name: str | None, expand: bool, source: str
) -> None:
    if any(r["target"] == target and r["kind"] == kind for r in entity["relationships"]):
        return
    default = camel(target) if kind == "one-to-one" else camel(plural(target))
    entity["relationships"].append(
        {
            "kind": kind,
            "target": target,
            "name": name or default,
            "expand": expand,
            "source": source,
        }
    )


def _add_ref(entity: Item, target: str, source: str, name: str | None, expand: bool) -> None:
    """The child side of a one-to-many holds the parent's key (``Book.author``)."""
    fname = name or camel(target)
    for f in entity["fields"]:
        if f["name"] == fname or (name is None and f["ref"] == target):
            if f["type"] == "ref":
                f["expand"] = f["expand"] or expand
            return
    entity["fields"].append(
        {
            "name": fname,
            "type": "ref",
            "of": None,
            "ref": target,
            "enum_values": None,
            "required": True,
            "unique": False,
            "server_set": False,
            "expand": expand,
            "description": None,
            "source": source,
        }
    )


def _check_refs(entity: Item, by_name: dict[str, Item], out: Findings) -> None:
    kept = []
    for f in entity["fields"]:
        target = (
            f["ref"] if f["type"] == "ref" else f["of"] if f["type"] in ("array", "map") else None
        )
        scalar = f["type"] in ("array", "map") and target in (*SCALAR_TYPES, "object")
        if target is not None and not scalar and target not in by_name:
            out.error(
                f["source"],
                f"{entity['name']}.{f['name']}: unknown entity '{target}'; "
                f"known entities: {known(sorted(by_name))}",
            )
            continue
        kept.append(f)
    entity["fields"] = kept


def _identity(entity: Item, out: Findings) -> None:
    """``kind`` and ``key``: the field marked ``key``, else ``id``; none for a shape."""
    keyed = [f for f in entity["fields"] if f.pop("_key", False)]
    entity["kind"] = entity.get("_kind", "resource")
    if entity["kind"] == "shape":
        if keyed:
            out.error(
                keyed[0]["source"],
                f"{entity['name']} is a shape (never stored): it has no key; remove 'key'",
            )
        entity["key"] = None
        return
    if len(keyed) > 1:
        out.error(
            keyed[1]["source"],
            f"{entity['name']} already has the key '{keyed[0]['name']}'; an entity has one key",
        )
    if keyed:
        keyed[0]["unique"] = True
    entity["key"] = keyed[0]["name"] if keyed else "id"


def _server_set(entity: Item) -> None:
    if entity["kind"] == "shape":
        return
    names = {f["name"] for f in entity["fields"]}
    src = entity["source"]

    def field(name: str, ftype: str, desc: str) -> Item:
        return {
            "name": name,
            "type": ftype,
            "of": None,
            "ref": None,
            "enum_values": None,
            "required": True,
            "unique": name == "id",
            "server_set": True,
            "expand": False,
            "description": desc,
            "source": src,
        }

    if entity["key"] == "id" and "id" not in names:
        entity["fields"].insert(0, field("id", "string", "Server-generated identifier (UUID)."))
        entity["_uuid"] = True
    if not entity.get("_timestamps", True):
        return
    if "createdAt" not in names and "created_at" not in names:
        entity["fields"].append(field("createdAt", "datetime", "When the server created it."))
    if "updatedAt" not in names and "updated_at" not in names:
        entity["fields"].append(field("updatedAt", "datetime", "When it last changed."))


def _wire_names(entity: Item, naming: str) -> None:
    if naming == "camelCase":
        return
    for f in entity["fields"]:
        f["name"] = wire(f["name"], naming)
    for r in entity["relationships"]:
        r["name"] = wire(r["name"], naming)
    for u in entity["unique_constraints"]:
        u["fields"] = [wire(x, naming) for x in u["fields"]]
    if entity["key"] is not None:
        entity["key"] = wire(entity["key"], naming)


def notes(draft: Draft, entities: list[Item], naming: str) -> list[Item]:
    """The intent's notes (targets in the API's naming) and the inferred uuid notes."""
    inferred = [
        note(f"{e['name']}.id", "uuid", None, "server-generated identifier", e["source"])
        for e in entities
        if e.pop("_uuid", False)
    ]
    seen = set()
    result = []
    for n in [*draft.notes, *inferred]:
        entity, dot, fname = n["target"].partition(".")
        target = f"{entity}.{wire(fname, naming)}" if dot else entity
        key = (target, n["constraint"], n["value"])
        if key not in seen:
            seen.add(key)
            result.append({**n, "target": target})
    return result
