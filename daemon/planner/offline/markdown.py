"""The Markdown intent convention (docs/intent-format.md) → a :class:`Draft`.

Parsed with markdown-it-py; every item keeps ``path:line`` from the token's ``.map``.
Headings name sections (case-insensitive, with synonyms); ``###`` headings inside
Features, Entities, Deliverables and Milestones start an item; bullets are that item's
criteria, fields, tests…; ``Key: value`` lines set properties. Prose is kept as
descriptions where it has a home and reported as unread elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .common import (
    Findings,
    Item,
    camel,
    complexity_of,
    pascal,
    priority_of,
    split_list,
    strip_marks,
)
from .draft import Draft, Setting
from .lines import (
    ACCESS_FORM,
    RELATIONSHIP_FORM,
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
from .yamlintent import read_yaml

SECTIONS: dict[str, str] = {}
for _kind, _names in {
    "overview": ("overview", "description", "about", "summary", "introduction"),
    "goals": ("goals", "goal", "business goals", "objectives"),
    "features": ("features", "feature", "user stories", "stories", "capabilities"),
    "entities": ("entities", "data model", "data", "models", "domain", "domain model", "resources"),
    "api": ("api", "endpoints", "api surface", "api endpoints", "rest api", "http api", "routes"),
    "auth": ("auth", "authentication", "authorization", "auth policy", "access"),
    "nfrs": (
        "non functional",
        "nonfunctional",
        "non functional requirements",
        "nonfunctional requirements",
        "nfr",
        "nfrs",
        "quality",
    ),
    "env": ("environment", "environment variables", "env", "env vars", "configuration"),
    "deliverables": ("deliverables",),
    "milestones": ("milestones", "roadmap", "phases"),
    "notes": ("notes", "notes for spec", "spec notes", "constraints"),
    "tech": ("tech stack", "stack", "technology"),
}.items():
    for _n in _names:
        SECTIONS[_n] = _kind
SECTION_NAMES = "Goals, Features, Entities, API, Auth, Non-functional, Environment, Deliverables, Milestones, Notes, Tech stack, Overview"
ITEM_SECTIONS = {
    "features": "feature",
    "entities": "entity",
    "deliverables": "deliverable",
    "milestones": "milestone",
}
_ID = re.compile(r"\s*\{#([^}]*)\}\s*")
_MARKERS = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_DIRECTIVE = re.compile(r"^([A-Za-z][A-Za-z -]*?)\s*:(?:\s+(.*)|\s*)$")


@dataclass
class Block:
    kind: str  # heading | line | item | other
    level: int
    text: str
    line: int


def norm(text: str) -> str:
    t = re.sub(r"[-_]", " ", strip_marks(text).lower().rstrip(":. "))
    return re.sub(r"\s+", " ", t).strip()


# --------------------------------------------------------------------------- blocks


def blocks(text: str) -> list[Block]:
    tokens = MarkdownIt("commonmark").parse(text)
    source = text.split("\n")
    out: list[Block] = []
    open_items: list[Block | None] = []
    for i, tok in enumerate(tokens):
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "heading_open":
            out.append(Block("heading", int(tok.tag[1:]), tokens[i + 1].content, line))
        elif tok.type == "list_item_open":
            open_items.append(None)
        elif tok.type == "list_item_close":
            open_items.pop()
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            _inline(tok, line, open_items, out, source)
        elif tok.type in ("fence", "code_block"):
            out.append(Block("other", 0, "a code block", line))
    return out


def _inline(
    tok: Token, line: int, open_items: list[Block | None], out: list[Block], source: list[str]
) -> None:
    parts = tok.content.split("\n")
    # CommonMark's lazy continuation glues an unindented 'Rules:' line onto the bullet
    # above it; a person means a new line there, so unindented lines stand alone.
    lazy = next((j for j in range(1, len(parts)) if _unindented(source, line + j - 1)), len(parts))
    if open_items and open_items[-1] is None:
        block = Block("item", len(open_items), " ".join(p.strip() for p in parts[:lazy]), line)
        open_items[-1] = block
        out.append(block)
    elif open_items:
        held = open_items[-1]
        assert held is not None
        held.text = f"{held.text} {' '.join(p.strip() for p in parts[:lazy])}"
    else:
        lazy = 0
    for j in range(lazy, len(parts)):
        out.append(Block("line", 0, parts[j].strip(), line + j))


def _unindented(source: list[str], index: int) -> bool:
    return 0 <= index < len(source) and source[index][:1] not in (" ", "\t", "")


def front_matter(path: str, text: str, out: Findings) -> tuple[str | None, str]:
    """Split ``---`` front matter off; its lines stay as blank lines so numbers still match."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            fm = "\n" + "\n".join(lines[1:end])
            return fm, "\n" * end + "\n".join(["", *lines[end + 1 :]])
    out.error(
        f"{path}:1",
        "front matter opened here is never closed; end it with a line '---'",
    )
    return None, "\n" + "\n".join(lines[1:])


# --------------------------------------------------------------------------- reader


def read_markdown(path: str, text: str, out: Findings) -> Draft:
    draft = Draft()
    fm, body = front_matter(path, text, out)
    if fm is not None:
        read_yaml(path, fm, out, into=draft, front_matter=True)
    _Reader(path, draft, out).run(blocks(body))
    return draft


class _Reader:
    def __init__(self, path: str, draft: Draft, out: Findings) -> None:
        self.path, self.draft, self.out = path, draft, out
        self.section: str | None = None
        self.level = 0
        self.item: Item | None = None
        self.item_level = 0
        self.mode = ""
        self.api_feature: str | None = None
        self.described: list[str] = []

    def at(self, b: Block) -> str:
        return f"{self.path}:{b.line}"

    def run(self, items: list[Block]) -> None:
        for b in items:
            if b.kind == "heading":
                self.heading(b)
            elif b.kind == "other":
                self.out.skip(self.at(b), f"{b.text} is not read by the offline planner")
            elif b.text:
                self.content(b)

    # ---- headings

    def heading(self, b: Block) -> None:
        text = strip_marks(_ID.sub(" ", b.text)) if b.level > 1 else strip_marks(b.text)
        kind = SECTIONS.get(norm(text))
        if kind is not None and (self.section is None or b.level <= self.level):
            self.enter(kind, b.level)
        elif self.section is None and b.level == 1 and self.draft.title is None:
            self.draft.title = Setting(strip_marks(b.text), self.at(b))
        elif self.section is None or b.level <= self.level:
            self.enter("unknown", b.level)
            self.out.error(
                self.at(b),
                f"unknown section '{strip_marks(b.text)}'; expected one of {SECTION_NAMES}",
            )
        elif self.section == "unknown" or (
            self.item is not None and b.level > self.item_level and self.label(norm(text))
        ):
            return
        else:
            self.sub_heading(b)

    def enter(self, kind: str, level: int) -> None:
        self.section, self.level = kind, level
        self.item, self.mode, self.api_feature = None, "", None

    def sub_heading(self, b: Block) -> None:
        if self.section == "api":
            self.api_feature = strip_marks(b.text)
            return
        kind = ITEM_SECTIONS.get(self.section or "")
        if kind is None:
            self.out.error(
                self.at(b),
                f"unexpected sub-heading '{b.text}' in {self.section}; list its items as bullets",
            )
            return
        self.item_level = b.level
        self.mode = ""
        self.item = getattr(self, f"new_{kind}")(b)

    def new_feature(self, b: Block) -> Item | None:
        name, fid, markers = _split_heading(b.text)
        item: Item = {
            "id": fid,
            "name": name,
            "description": "",
            "priority": None,
            "complexity": None,
            "acceptance_criteria": [],
            "no_endpoint_reason": None,
            "source": self.at(b),
            "_manages": [],
            "_access": None,
        }
        for token in markers:
            self.feature_marker(item, token, b)
        self.draft.features.append(item)
        return item

    def feature_marker(self, item: Item, token: str, b: Block) -> None:
        p, c = priority_of(token), complexity_of(token)
        if p is not None and (
            c is None or (token.lower() == "medium" and item["priority"] is None)
        ):
            item["priority"] = p
        elif c is not None:
            item["complexity"] = c
        else:
            self.out.error(
                self.at(b),
                f"unknown marker '{token}' on feature '{item['name']}'; expected a priority "
                "(must, should, could, high, medium, low) and a size (XS, S, M, L, XL or 1-5)",
            )

    def new_entity(self, b: Block) -> Item | None:
        name = pascal(_MARKERS.sub("", _ID.sub(" ", b.text)))
        if not name:
            self.out.error(
                self.at(b), f"cannot make an entity name of '{b.text}'; use a word like 'Book'"
            )
            return None
        item: Item = {
            "name": name,
            "description": None,
            "fields": [],
            "relationships": [],
            "business_rules": [],
            "unique_constraints": [],
            "source": self.at(b),
        }
        self.draft.entities.append(item)
        return item

    def new_deliverable(self, b: Block) -> Item:
        name, did, _ = _split_heading(b.text, markers=False)
        item: Item = {
            "id": did,
            "name": name,
            "description": "",
            "features": [],
            "acceptance_criteria": [],
            "tests": [],
            "source": self.at(b),
        }
        self.draft.deliverables.append(item)
        return item

    def new_milestone(self, b: Block) -> Item:
        name, mid, _ = _split_heading(b.text, markers=False)
        item: Item = {
            "id": mid,
            "name": name,
            "description": "",
            "deliverables": [],
            "features": [],
            "acceptance_criteria": [],
            "source": self.at(b),
        }
        self.draft.milestones.append(item)
        return item

    # ---- lines and bullets

    def content(self, b: Block) -> None:
        handler: Callable[[Block], None] | None = getattr(self, f"in_{self.section}", None)
        if self.section is None:
            self.intro(b)
        elif handler is not None:
            handler(b)

    def intro(self, b: Block) -> None:
        if b.kind == "line":
            self.draft.prose.append(Setting(b.text, self.at(b)))
        else:
            self.out.skip(self.at(b), "a bullet before the first section is not read")

    in_overview = intro

    def in_unknown(self, b: Block) -> None:
        self.out.skip(self.at(b), "inside an unknown section; not read")

    def prose_elsewhere(self, b: Block) -> None:
        self.out.skip(self.at(b), f"prose in {self.section} is not read by the offline planner")

    def in_goals(self, b: Block) -> None:
        if b.kind == "line":
            return self.prose_elsewhere(b)
        self.draft.goals.append(goal_line(b.text, self.at(b)))

    def in_nfrs(self, b: Block) -> None:
        if b.kind == "line":
            return self.prose_elsewhere(b)
        self.draft.nfrs.append(nfr_line(b.text, self.at(b)))

    def in_env(self, b: Block) -> None:
        if b.kind == "line":
            return self.prose_elsewhere(b)
        self.add("env", env_line(b.text, self.at(b)), b)

    def in_notes(self, b: Block) -> None:
        if b.kind == "line":
            return self.prose_elsewhere(b)
        self.add("notes", note_line(b.text, self.at(b)), b)

    def in_api(self, b: Block) -> None:
        if b.kind == "line":
            return self.prose_elsewhere(b)
        item = endpoint_line(b.text, self.at(b))
        if isinstance(item, dict) and item["feature"] is None:
            item["feature"] = self.api_feature
        self.add("endpoints", item, b)

    def in_tech(self, b: Block) -> None:
        key, sep, value = b.text.partition(":")
        k = norm(key)
        if sep and k in ("frontend", "front end", "backend", "back end", "database", "db"):
            slot = {"front end": "frontend", "back end": "backend", "db": "database"}.get(k, k)
            self.draft.tech[slot] = Setting(value.strip(), self.at(b))
        elif sep and k == "other":
            old = self.draft.tech.get("other")
            prior = old.value if old else []
            self.draft.tech["other"] = Setting([*prior, *split_list(value)], self.at(b))
        else:
            old = self.draft.tech.get("other")
            self.draft.tech["other"] = Setting([*(old.value if old else []), b.text], self.at(b))

    def in_auth(self, b: Block) -> None:
        m = _DIRECTIVE.match(strip_marks(b.text))
        key = norm(m.group(1)) if m else ""
        value = (m.group(2) or "").strip() if m else ""
        slot = {
            "scheme": "scheme",
            "type": "scheme",
            "roles": "roles",
            "public": "public",
            "public features": "public",
            "header": "api_key_header",
            "api key header": "api_key_header",
            "authorization url": "oauth2_authorization_url",
            "token url": "oauth2_token_url",
            "scopes": "oauth2_scopes",
        }.get(key)
        if slot is None or not value:
            old = self.draft.auth.get("description")
            text = f"{old.value} {b.text}" if old else b.text
            self.draft.auth["description"] = Setting(text, old.source if old else self.at(b))
            return
        if slot in ("roles", "public", "oauth2_scopes"):
            self.draft.auth[slot] = Setting(split_list(value), self.at(b))
        else:
            self.draft.auth[slot] = Setting(value, self.at(b))

    def add(self, key: str, item: Item | str, b: Block) -> None:
        if isinstance(item, str):
            self.out.error(self.at(b), item)
        else:
            self.draft.items(key).append(item)

    # ---- items with sub-headings

    def need_item(self, b: Block, what: str) -> bool:
        if self.item is not None:
            return True
        if b.kind == "line":
            self.prose_elsewhere(b)
        else:
            self.out.error(
                self.at(b),
                f"bullet outside any {what}; start each {what} with a '### Name' heading",
            )
        return False

    def in_features(self, b: Block) -> None:
        if not self.need_item(b, "feature"):
            return
        assert self.item is not None
        if b.kind == "line" and self.directive(b, _FEATURE_KEYS):
            return
        if b.kind == "line":
            self.describe(b)
        else:
            self.item["acceptance_criteria"].append({"text": b.text, "source": self.at(b)})

    def in_entities(self, b: Block) -> None:
        if not self.need_item(b, "entity"):
            return
        assert self.item is not None
        if b.kind == "line" and self.directive(b, _ENTITY_KEYS):
            return
        if b.kind == "line":
            self.describe(b)
        elif self.mode == "rules":
            self.item["business_rules"].append({"text": b.text, "source": self.at(b)})
        elif self.mode == "unique":
            self.unique(b.text, b)
        else:
            self.entity_bullet(b)

    def entity_bullet(self, b: Block) -> None:
        assert self.item is not None
        rel = relationship_line(b.text, self.at(b))
        if rel is not None:
            self.item["relationships"].append(rel)
            return
        if self.mode == "relationships":
            self.out.error(
                self.at(b), f"cannot read relationship '{b.text}'; expected {RELATIONSHIP_FORM}"
            )
            return
        got = field_line(b.text, self.item["name"], self.at(b))
        if isinstance(got, str):
            self.out.error(self.at(b), got)
            return
        self.item["fields"].append(got[0])
        self.draft.notes.extend(got[1])

    def unique(self, value: str, b: Block) -> None:
        assert self.item is not None
        names = [n for n in re.split(r"[,+&]|\band\b", value.strip("() ")) if n.strip()]
        fields = [camel(n) for n in names]
        if not fields or not all(fields):
            self.out.error(
                self.at(b),
                f"cannot read unique constraint '{value}'; expected 'Unique: title, author'",
            )
            return
        self.item["unique_constraints"].append({"fields": fields, "source": self.at(b)})

    def in_deliverables(self, b: Block) -> None:
        if not self.need_item(b, "deliverable"):
            return
        assert self.item is not None
        if b.kind == "line" and self.directive(b, _DELIVERABLE_KEYS):
            return
        if b.kind == "line":
            self.describe(b)
        elif self.mode == "tests":
            self.item["tests"].append(b.text)
        else:
            self.item["acceptance_criteria"].append(b.text)

    def in_milestones(self, b: Block) -> None:
        if not self.need_item(b, "milestone"):
            return
        assert self.item is not None
        if b.kind == "line" and self.directive(b, _MILESTONE_KEYS):
            return
        if b.kind == "line":
            self.describe(b)
        elif self.mode in ("features", "deliverables"):
            self.item[self.mode].append(b.text.strip())
        else:
            self.item["acceptance_criteria"].append(b.text)

    def describe(self, b: Block) -> None:
        assert self.item is not None
        old = self.item["description"] or ""
        self.item["description"] = f"{old} {b.text}".strip()

    # ---- directives (`Key: value` lines)

    def label(self, key: str) -> bool:
        mode = _LABELS.get(key)
        if mode is None:
            return False
        self.mode = mode
        return True

    def directive(self, b: Block, keys: dict[str, str]) -> bool:
        m = _DIRECTIVE.match(strip_marks(b.text))
        if m is None:
            return False
        key, value = norm(m.group(1)), (m.group(2) or "").strip()
        if not value:
            return self.label(key)
        action = keys.get(key)
        if action is None:
            return False
        getattr(self, f"set_{action}")(value, b)
        return True

    def set_priority(self, value: str, b: Block) -> None:
        assert self.item is not None
        p = priority_of(value)
        if p is None:
            self.out.error(
                self.at(b),
                f"unknown priority '{value}'; expected must, should, could (or high, medium, low)",
            )
        else:
            self.item["priority"] = p

    def set_complexity(self, value: str, b: Block) -> None:
        assert self.item is not None
        c = complexity_of(value)
        if c is None:
            self.out.error(
                self.at(b),
                f"unknown complexity '{value}'; expected S, M, L (or XS, XL, 1-5 points)",
            )
        else:
            self.item["complexity"] = c

    def set_manages(self, value: str, b: Block) -> None:
        assert self.item is not None
        got = manages_line(value, self.at(b))
        if isinstance(got, str):
            self.out.error(self.at(b), got)
        else:
            self.item["_manages"].extend(got)

    def set_access(self, value: str, b: Block) -> None:
        assert self.item is not None
        access = access_of(value)
        if access is None:
            self.out.error(self.at(b), f"unknown access '{value}'; expected {ACCESS_FORM}")
        else:
            self.item["_access"] = access

    def set_no_endpoint(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["no_endpoint_reason"] = value

    def set_criterion(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["acceptance_criteria"].append({"text": value, "source": self.at(b)})

    def set_rule(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["business_rules"].append({"text": value, "source": self.at(b)})

    def set_unique(self, value: str, b: Block) -> None:
        self.unique(value, b)

    def set_features(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["features"].extend(split_list(value))

    def set_deliverables(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["deliverables"].extend(split_list(value))

    def set_test(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["tests"].append(value)

    def set_done_when(self, value: str, b: Block) -> None:
        assert self.item is not None
        self.item["acceptance_criteria"].append(value)


_LABELS = {
    "acceptance criteria": "criteria",
    "acceptance": "criteria",
    "criteria": "criteria",
    "fields": "fields",
    "relationships": "relationships",
    "relations": "relationships",
    "rules": "rules",
    "business rules": "rules",
    "unique": "unique",
    "tests": "tests",
    "test expectations": "tests",
    "features": "features",
    "deliverables": "deliverables",
}
_FEATURE_KEYS = {
    "priority": "priority",
    "complexity": "complexity",
    "size": "complexity",
    "effort": "complexity",
    "estimate": "complexity",
    "manages": "manages",
    "entities": "manages",
    "resources": "manages",
    "access": "access",
    "auth": "access",
    "no endpoint": "no_endpoint",
    "no endpoints": "no_endpoint",
    "no api": "no_endpoint",
    "acceptance criteria": "criterion",
    "criterion": "criterion",
}
_ENTITY_KEYS = {"unique": "unique", "rule": "rule", "rules": "rule", "business rule": "rule"}
_DELIVERABLE_KEYS = {
    "features": "features",
    "test": "test",
    "tests": "test",
    "acceptance criteria": "done_when",
    "done when": "done_when",
}
_MILESTONE_KEYS = {
    "features": "features",
    "deliverables": "deliverables",
    "acceptance criteria": "done_when",
    "done when": "done_when",
}


def _split_heading(text: str, markers: bool = True) -> tuple[str, str | None, list[str]]:
    """``'Browse catalog {#browse} (must, M)'`` → ``('Browse catalog', 'browse', ['must', 'M'])``."""
    m = _ID.search(text)
    fid = m.group(1).strip() if m else None
    rest = _ID.sub(" ", text).strip()
    found: list[str] = []
    if markers:
        mm = _MARKERS.search(rest)
        if mm is not None:
            found = split_list(mm.group(1))
            rest = rest[: mm.start()]
    return strip_marks(rest), fid, found
