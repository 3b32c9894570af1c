"""YAML intent (``intent/*.yaml`` and Markdown front matter) → a :class:`Draft`.

The keys are the hand-off's own (docs/intent-format.md), read leniently: ``source`` and
most keys are optional and filled in (sources from ruamel's line info), items may be
written as the same one-line strings the Markdown convention uses, and a few convenience
keys (``version``, ``servers``, ``auth``, ``public``, ``manages``) mirror front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ... import yamlio
from ...errors import IntentdError
from ...handoff import SOURCE_RE
from .common import (
    Findings,
    Item,
    camel,
    complexity_of,
    parse_type,
    pascal,
    priority_of,
    split_list,
)
from .draft import Draft, put
from .lines import (
    ACCESS_FORM,
    access_of,
    endpoint_line,
    env_line,
    field_line,
    goal_line,
    manages_line,
    nfr_line,
    note_line,
    relationship_line,
)

_PROJECT = {
    "project_name": "project_name",
    "title": "project_name",
    "name": "project_name",
    "intent_id": "intent_id",
    "id": "intent_id",
    "description": "description",
    "version": "version",
    "servers": "servers",
    "contact": "contact",
    "license": "license",
}
_LISTS = {
    "business_goals": "goals",
    "goals": "goals",
    "features": "features",
    "entities": "entities",
    "api_surface": "endpoints",
    "endpoints": "endpoints",
    "nonfunctional_requirements": "nfrs",
    "environment_vars": "env",
    "environment": "env",
    "deliverables": "deliverables",
    "milestones": "milestones",
    "notes_for_spec": "notes",
    "notes": "notes",
}
_AUTH_KEYS = (
    "scheme",
    "description",
    "features_requiring_auth",
    "roles",
    "public",
    "oauth2_authorization_url",
    "oauth2_token_url",
    "oauth2_scopes",
    "api_key_header",
    "source",
)
TOP_KEYS = sorted(
    {*_PROJECT, *_LISTS, "api_info", "auth", "auth_policy", "roles", "public", "tech_stack"}
)


def read_yaml(
    path: str, text: str, out: Findings, *, into: Draft | None = None, front_matter: bool = False
) -> Draft:
    draft = into if into is not None else Draft()
    try:
        root = yamlio.load_with_lines(text, path)
    except IntentdError as exc:
        out.errors.extend(exc.findings)
        return draft
    what = "front matter" if front_matter else "a YAML intent file"
    if root is None:
        return draft
    if not isinstance(root, dict):
        first = next((i for i, ln in enumerate(text.split("\n")) if ln.strip()), 0)
        out.error(
            f"{path}:{first + 1}",
            f"{what} must be a mapping of keys such as 'project_name: Bookshop'",
        )
        return draft
    _Yaml(path, draft, out).top(root)
    return draft


class _Yaml:
    def __init__(self, path: str, draft: Draft, out: Findings) -> None:
        self.path, self.draft, self.out = path, draft, out

    def at(self, node: Any, key: Any = None) -> str:
        lc = getattr(node, "lc", None)
        line = 0
        try:
            if lc is not None and key is not None and isinstance(node, dict):
                line = lc.key(key)[0]
            elif lc is not None and key is not None:
                line = lc.item(key)[0]
            elif lc is not None:
                line = lc.line
        except (KeyError, IndexError, TypeError, AttributeError):
            line = getattr(lc, "line", 0) or 0
        return f"{self.path}:{line + 1}"

    def top(self, root: dict[Any, Any]) -> None:
        for key, value in root.items():
            where = self.at(root, key)
            k = str(key)
            if k in _PROJECT:
                self.project(_PROJECT[k], value, where)
            elif k in _LISTS:
                self.items(_LISTS[k], value, where)
            elif k == "api_info":
                self.api_info(value, where)
            elif k in ("auth", "auth_policy"):
                self.auth(value, where)
            elif k in ("roles", "public"):
                self.auth({k: value}, where)
            elif k == "tech_stack":
                self.tech(value, where)
            elif k == "trace_links":
                self.out.error(where, "trace_links is written by intentd; remove it from intent")
            else:
                self.out.error(where, f"unknown key '{k}'; expected one of {', '.join(TOP_KEYS)}")

    # ---- project level

    def project(self, key: str, value: Any, where: str) -> None:
        plain = yamlio.plain(value)
        if key in ("project_name", "intent_id", "description", "version"):
            if not isinstance(plain, str | int | float) or isinstance(plain, bool):
                self.out.error(where, f"{key} must be text")
                return
            plain = str(plain)
        elif key == "servers":
            plain = self.servers(plain, where)
        elif key == "contact":
            plain = self.contact(plain, where)
        elif key == "license":
            plain = self.license(plain, where)
        if plain is not None:
            put(self.draft.project, key, plain, where, self.out)

    def servers(self, value: Any, where: str) -> list[dict[str, Any]] | None:
        items = value if isinstance(value, list) else [value]
        out = []
        for s in items:
            if isinstance(s, str):
                out.append({"url": s, "description": None})
            elif (
                isinstance(s, dict)
                and isinstance(s.get("url"), str)
                and set(s) <= {"url", "description"}
            ):
                out.append({"url": s["url"], "description": s.get("description")})
            else:
                self.out.error(where, "servers: expected a list of URLs or of {url, description}")
                return None
        return out

    def contact(self, value: Any, where: str) -> dict[str, Any] | None:
        if isinstance(value, str):
            key = "email" if "@" in value else "url" if "://" in value else "name"
            return {"name": None, "email": None, "url": None, key: value}
        if isinstance(value, dict) and set(value) <= {"name", "email", "url"}:
            return {
                k: (str(value[k]) if value.get(k) is not None else None)
                for k in ("name", "email", "url")
            }
        self.out.error(where, "contact: expected text or a mapping with name, email, url")
        return None

    def license(self, value: Any, where: str) -> dict[str, Any] | None:
        if isinstance(value, str):
            spdx = value if re.fullmatch(r"[A-Za-z0-9.+-]+", value) else None
            return {"name": value, "identifier": spdx, "url": None}
        if (
            isinstance(value, dict)
            and isinstance(value.get("name"), str)
            and set(value) <= {"name", "identifier", "url"}
        ):
            return {
                "name": value["name"],
                "identifier": value.get("identifier"),
                "url": value.get("url"),
            }
        self.out.error(
            where, "license: expected an SPDX id like 'MIT' or a mapping with name, identifier, url"
        )
        return None

    def api_info(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            self.out.error(
                where, "api_info must be a mapping with version, servers, contact, license"
            )
            return
        for k, v in value.items():
            if k in ("version", "servers", "contact", "license"):
                if v is not None:
                    self.project(str(k), v, self.at(value, k))
            else:
                self.out.error(
                    self.at(value, k),
                    f"unknown key '{k}' in api_info; expected version, servers, contact, license",
                )

    def auth(self, value: Any, where: str) -> None:
        if isinstance(value, str):
            put(self.draft.auth, "scheme", value, where, self.out)
            return
        if not isinstance(value, dict):
            self.out.error(where, "auth must be a scheme name (e.g. jwt_with_refresh) or a mapping")
            return
        for k, v in value.items():
            kw = self.at(value, k)
            if k not in _AUTH_KEYS:
                self.out.error(
                    kw, f"unknown key '{k}' in auth; expected one of {', '.join(_AUTH_KEYS)}"
                )
            elif k != "source" and v is not None:
                plain = yamlio.plain(v)
                if k in ("roles", "public", "oauth2_scopes", "features_requiring_auth"):
                    plain = split_list(plain) if isinstance(plain, str) else plain
                    if not isinstance(plain, list) or not all(isinstance(x, str) for x in plain):
                        self.out.error(kw, f"auth {k}: expected a list of names")
                        continue
                elif not isinstance(plain, str):
                    self.out.error(kw, f"auth {k}: expected text")
                    continue
                put(self.draft.auth, str(k), plain, kw, self.out)

    def tech(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            self.out.error(
                where, "tech_stack must be a mapping with frontend, backend, database, other"
            )
            return
        for k, v in value.items():
            kw = self.at(value, k)
            plain = yamlio.plain(v)
            if k in ("frontend", "backend", "database") and isinstance(plain, str):
                put(self.draft.tech, str(k), plain, kw, self.out)
            elif (
                k == "other" and isinstance(plain, list) and all(isinstance(x, str) for x in plain)
            ):
                put(self.draft.tech, "other", plain, kw, self.out)
            else:
                self.out.error(
                    kw,
                    f"tech_stack {k}: expected frontend, backend, database (text) or other (a list)",
                )

    # ---- lists of items

    def items(self, kind: str, value: Any, where: str) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            self.out.error(where, f"expected a list of {kind}")
            return
        reader: Callable[[Any, str], Item | None] = getattr(self, f"one_{kind}")
        for i, node in enumerate(value):
            item = reader(node, self.at(value, i))
            if item is not None:
                self.draft.items(kind).append(item)

    def mapping(
        self, node: Any, where: str, kind: str, keys: dict[str, str]
    ) -> dict[str, Any] | None:
        """Check an item's keys and scalar types; ``source`` is filled from the line."""
        if not isinstance(node, dict):
            self.out.error(where, f"expected a {kind} mapping with keys {', '.join(keys)}")
            return None
        got: dict[str, Any] = {}
        for k, v in node.items():
            kw = self.at(node, k)
            spec = keys.get(str(k))
            if spec is None:
                self.out.error(
                    kw, f"unknown key '{k}' in {kind}; expected one of {', '.join(keys)}"
                )
                return None
            plain = yamlio.plain(v)
            problem = _type_problem(spec, plain)
            if problem is not None:
                self.out.error(kw, f"{kind} {k}: {problem}")
                return None
            if spec in ("text", "str?") and plain is not None:
                plain = str(plain)
            got[str(k)] = (node[k], kw) if spec == "node" else plain
        src = got.get("source")
        got["source"] = src if isinstance(src, str) and re.match(SOURCE_RE, src) else where
        for k, spec in keys.items():
            if spec == "text" and k not in got:
                self.out.error(where, f"{kind} needs '{k}'")
                return None
        return got

    def one_goals(self, node: Any, where: str) -> Item | None:
        if isinstance(node, str):
            return goal_line(node, where)
        g = self.mapping(node, where, "goal", {"goal": "text", "metric": "str?", "source": "str?"})
        return (
            None
            if g is None
            else {"goal": g["goal"], "metric": g.get("metric"), "source": g["source"]}
        )

    def one_nfrs(self, node: Any, where: str) -> Item | None:
        if isinstance(node, str):
            return nfr_line(node, where)
        keys = {"category": "str?", "statement": "text", "value": "str?", "source": "str?"}
        n = self.mapping(node, where, "non-functional requirement", keys)
        if n is None:
            return None
        guess = nfr_line(f"{n.get('category') or ''}: {n['statement']}", n["source"])
        return {**guess, "statement": n["statement"], "value": n.get("value", guess["value"])}

    def one_env(self, node: Any, where: str) -> Item | None:
        if isinstance(node, str):
            got = env_line(node, where)
        else:
            keys = {"name": "text", "purpose": "text", "required": "bool", "source": "str?"}
            e = self.mapping(node, where, "environment variable", keys)
            if e is None:
                return None
            got = env_line(f"{e['name']}: {e['purpose']}", e["source"])
            if isinstance(got, dict):
                got["required"] = e.get("required", True)
        return self.ok(got, where)

    def one_notes(self, node: Any, where: str) -> Item | None:
        if isinstance(node, str):
            return self.ok(note_line(node, where), where)
        keys = {
            "target": "text",
            "constraint": "text",
            "value": "str?",
            "prose": "str?",
            "source": "str?",
        }
        n = self.mapping(node, where, "note", keys)
        if n is None:
            return None
        value = f" {n['value']}" if n.get("value") is not None else ""
        got = note_line(f"{n['target']}: {n['constraint']}{value}", n["source"])
        if isinstance(got, dict):
            got["value"] = n.get("value") if n.get("value") is not None else got["value"]
            got["prose"] = n.get("prose") or ""
        return self.ok(got, n["source"])

    def one_endpoints(self, node: Any, where: str) -> Item | None:
        if isinstance(node, str):
            return self.ok(endpoint_line(node, where), where)
        e = self.mapping(node, where, "endpoint", _ENDPOINT_KEYS)
        if e is None:
            return None
        got = endpoint_line(f"{e['method']} {e['path']}", e["source"])
        if isinstance(got, str):
            return self.ok(got, where)
        got.update(
            {
                k: e[k]
                for k in ("id", "summary", "entity", "feature", "list", "paginated", "deprecated")
                if k in e
            }
        )
        got["_auth"] = e.get("auth")
        got["_request"] = e.get("request", "default")
        got["_response"] = e.get("response", "default")
        if got["summary"] is None:
            got["summary"] = f"{got['method']} {got['path']}"
        return got

    def one_features(self, node: Any, where: str) -> Item | None:
        f = self.mapping(node, where, "feature", _FEATURE_KEYS)
        if f is None:
            return None
        item: Item = {
            "id": f.get("id"),
            "name": f["name"],
            "description": f.get("description") or "",
            "priority": self.marker(
                f, "priority", priority_of, "must, should, could (or high, medium, low)"
            ),
            "complexity": self.marker(f, "complexity", complexity_of, "S, M, L (or XS, XL, 1-5)"),
            "acceptance_criteria": [],
            "no_endpoint_reason": f.get("no_endpoint_reason"),
            "source": f["source"],
            "_manages": [],
            "_access": None,
        }
        if "acceptance_criteria" in f:
            item["acceptance_criteria"] = self.criteria(*f["acceptance_criteria"])
        if "manages" in f:
            got = manages_line(", ".join(f["manages"]), f["source"])
            if isinstance(got, str):
                self.out.error(f["source"], got)
            else:
                item["_manages"] = got
        if f.get("access") is not None:
            item["_access"] = access_of(f["access"])
            if item["_access"] is None:
                self.out.error(
                    f["source"], f"unknown access '{f['access']}'; expected {ACCESS_FORM}"
                )
        return item

    def marker(
        self, f: dict[str, Any], key: str, conv: Callable[[str], str | None], expected: str
    ) -> str | None:
        if f.get(key) is None:
            return None
        value = conv(str(f[key]))
        if value is None:
            self.out.error(f["source"], f"unknown {key} '{f[key]}'; expected {expected}")
        return value

    def criteria(self, node: Any, where: str) -> list[Item]:
        if not isinstance(node, list):
            self.out.error(where, "acceptance_criteria: expected a list")
            return []
        out = []
        for i, c in enumerate(node):
            cw = self.at(node, i)
            if isinstance(c, str):
                out.append({"text": c, "source": cw})
                continue
            got = self.mapping(c, cw, "criterion", {"id": "str?", "text": "text", "source": "str?"})
            if got is not None:
                out.append({"text": got["text"], "source": got["source"]})
        return out

    def one_entities(self, node: Any, where: str) -> Item | None:
        e = self.mapping(node, where, "entity", _ENTITY_KEYS)
        if e is None:
            return None
        name = pascal(e["name"])
        item: Item = {
            "name": name,
            "description": e.get("description"),
            "fields": [],
            "relationships": [],
            "business_rules": [],
            "unique_constraints": [],
            "source": e["source"],
        }
        for key in ("fields", "relationships", "business_rules", "unique_constraints"):
            if key in e:
                seq, kw = e[key]
                if not isinstance(seq, list):
                    self.out.error(kw, f"entity {key}: expected a list")
                    continue
                for i, sub in enumerate(seq):
                    getattr(self, f"entity_{key}")(item, sub, self.at(seq, i))
        return item

    def entity_fields(self, entity: Item, node: Any, where: str) -> None:
        if isinstance(node, str):
            got = field_line(node, entity["name"], where)
        else:
            f = self.mapping(node, where, "field", _FIELD_KEYS)
            if f is None:
                return
            got = self.field_mapping(entity["name"], f)
        if isinstance(got, str):
            self.out.error(where, got)
            return
        entity["fields"].append(got[0])
        self.draft.notes.extend(got[1])

    def field_mapping(self, entity: str, f: dict[str, Any]) -> tuple[Item, list[Item]] | str:
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

    def entity_relationships(self, entity: Item, node: Any, where: str) -> None:
        if isinstance(node, str):
            rel = relationship_line(node, where)
        else:
            r = self.mapping(node, where, "relationship", _REL_KEYS)
            if r is None:
                return
            kind = str(r["kind"]).replace("-", " ")
            rel = relationship_line(
                f"{kind} {r['target']}" + (f" as {r['name']}" if r.get("name") else ""), r["source"]
            )
            if rel is not None:
                rel["expand"] = bool(r.get("expand", False))
        if rel is None:
            self.out.error(
                where,
                "cannot read relationship; expected 'has many Book' or {kind: one-to-many, target: Book}",
            )
            return
        entity["relationships"].append(rel)

    def entity_business_rules(self, entity: Item, node: Any, where: str) -> None:
        if isinstance(node, str):
            entity["business_rules"].append({"text": node, "source": where})
            return
        r = self.mapping(node, where, "business rule", {"text": "text", "source": "str?"})
        if r is not None:
            entity["business_rules"].append({"text": r["text"], "source": r["source"]})

    def entity_unique_constraints(self, entity: Item, node: Any, where: str) -> None:
        plain = yamlio.plain(node)
        fields: Any = plain
        source = where
        if isinstance(plain, dict):
            r = self.mapping(
                node, where, "unique constraint", {"fields": "texts", "source": "str?"}
            )
            if r is None:
                return
            fields, source = r["fields"], r["source"]
        if isinstance(fields, str):
            fields = split_list(fields)
        if (
            not isinstance(fields, list)
            or not fields
            or not all(isinstance(x, str) for x in fields)
        ):
            self.out.error(
                where, "unique constraint: expected a list of field names, e.g. [title, author]"
            )
            return
        entity["unique_constraints"].append(
            {"fields": [camel(x) for x in fields], "source": source}
        )

    def one_deliverables(self, node: Any, where: str) -> Item | None:
        d = self.mapping(node, where, "deliverable", _DELIVERABLE_KEYS)
        if d is None:
            return None
        return {
            "id": d.get("id"),
            "name": d["name"],
            "description": d.get("description") or "",
            "features": d.get("features") or [],
            "acceptance_criteria": d.get("acceptance_criteria") or [],
            "tests": d.get("tests") or [],
            "source": d["source"],
        }

    def one_milestones(self, node: Any, where: str) -> Item | None:
        m = self.mapping(node, where, "milestone", _MILESTONE_KEYS)
        if m is None:
            return None
        return {
            "id": m.get("id"),
            "name": m["name"],
            "description": m.get("description") or "",
            "deliverables": m.get("deliverables") or [],
            "features": m.get("features") or [],
            "acceptance_criteria": m.get("acceptance_criteria") or [],
            "source": m["source"],
        }

    def ok(self, got: Item | str, where: str) -> Item | None:
        if isinstance(got, str):
            self.out.error(where, got)
            return None
        return got


def _type_problem(spec: str, value: Any) -> str | None:
    if spec == "node":
        return None
    if spec in ("text", "str?"):
        if value is None:
            return None if spec == "str?" else "expected text"
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return "expected text"
        return None
    if spec == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if spec == "texts":
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            return None
        return "expected a list of text"
    return None


_FEATURE_KEYS = {
    "id": "str?",
    "name": "text",
    "description": "str?",
    "priority": "str?",
    "complexity": "str?",
    "acceptance_criteria": "node",
    "no_endpoint_reason": "str?",
    "manages": "texts",
    "access": "str?",
    "source": "str?",
}
_ENTITY_KEYS = {
    "name": "text",
    "description": "str?",
    "fields": "node",
    "relationships": "node",
    "business_rules": "node",
    "unique_constraints": "node",
    "source": "str?",
}
_FIELD_KEYS = {
    "name": "text",
    "type": "text",
    "of": "str?",
    "ref": "str?",
    "enum_values": "texts",
    "required": "bool",
    "unique": "bool",
    "server_set": "bool",
    "description": "str?",
    "source": "str?",
}
_REL_KEYS = {"kind": "text", "target": "text", "name": "str?", "expand": "bool", "source": "str?"}
_ENDPOINT_KEYS = {
    "id": "str?",
    "method": "text",
    "path": "text",
    "summary": "str?",
    "entity": "str?",
    "feature": "str?",
    "auth": "bool",
    "request": "str?",
    "response": "str?",
    "list": "bool",
    "paginated": "bool",
    "deprecated": "bool",
    "source": "str?",
}
_DELIVERABLE_KEYS = {
    "id": "str?",
    "name": "text",
    "description": "str?",
    "features": "texts",
    "acceptance_criteria": "texts",
    "tests": "texts",
    "source": "str?",
}
_MILESTONE_KEYS = {
    "id": "str?",
    "name": "text",
    "description": "str?",
    "deliverables": "texts",
    "features": "texts",
    "acceptance_criteria": "texts",
    "source": "str?",
}
