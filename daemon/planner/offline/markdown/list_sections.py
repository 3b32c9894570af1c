"""Sections that are flat lists of one-line items (goals, non-functional, environment,
notes, API), ``Key: value`` lines (tech stack, auth) or prose (overview, the intro)."""

from __future__ import annotations

from ..common import split_list, strip_marks
from ..draft import Setting
from ..endpoint_lines import apply_sub, is_detail, new_endpoint
from ..lines import endpoint_line, env_line, goal_line, nfr_line, note_line
from .blocks import Block
from .cursor import Cursor, norm
from .directives import DIRECTIVE


def intro(c: Cursor, b: Block) -> None:
    """Prose before the first section (or under Overview) describes the project."""
    if b.kind == "line":
        c.draft.prose.append(Setting(b.text, c.at(b)))
    else:
        c.skip(b, "a bullet before the first section is not read")


def unknown(c: Cursor, b: Block) -> None:
    c.skip(b, "inside an unknown section; not read")


def goals(c: Cursor, b: Block) -> None:
    if b.kind == "line":
        return c.prose_elsewhere(b)
    c.draft.goals.append(goal_line(b.text, c.at(b)))


def nfrs(c: Cursor, b: Block) -> None:
    if b.kind == "line":
        return c.prose_elsewhere(b)
    c.draft.nfrs.append(nfr_line(b.text, c.at(b)))


def env(c: Cursor, b: Block) -> None:
    if b.kind == "line":
        return c.prose_elsewhere(b)
    c.add("env", env_line(b.text, c.at(b)), b)


def notes(c: Cursor, b: Block) -> None:
    if b.kind == "line":
        return c.prose_elsewhere(b)
    c.add("notes", note_line(b.text, c.at(b)), b)


def api(c: Cursor, b: Block) -> None:
    """An endpoint under a '### Feature' heading serves that feature unless it says; bullets
    indented under an endpoint are its details (``- query tag: string``, ``- status: 202``)."""
    if b.kind == "line":
        return c.prose_elsewhere(b)
    if b.level > 1:
        return _detail(c, b)
    if is_detail(b.text):
        return c.error(
            b,
            f"'{b.text}' is a detail of an endpoint; indent it under an endpoint line "
            "such as '- GET /books — list books'",
        )
    item = endpoint_line(b.text, c.at(b))
    if isinstance(item, dict) and item["feature"] is None:
        item["feature"] = c.api_feature
    # after an unreadable endpoint line, its details are still read (into nothing)
    c.endpoint = item if isinstance(item, dict) else new_endpoint("GET", "/", c.at(b))
    c.add("endpoints", item, b)


def _detail(c: Cursor, b: Block) -> None:
    if c.endpoint is None:
        c.error(b, "an indented bullet belongs under an endpoint line like '- GET /books — list'")
        return
    problem = apply_sub(c.endpoint, b.text, c.at(b))
    if problem is not None:
        c.error(b, problem)


_TECH_SLOTS = {
    "frontend": "frontend",
    "front end": "frontend",
    "backend": "backend",
    "back end": "backend",
    "database": "database",
    "db": "database",
}


def tech(c: Cursor, b: Block) -> None:
    """``Backend: FastAPI`` fills a slot; ``Other: a, b`` and any other line add to other."""
    key, sep, value = b.text.partition(":")
    k = norm(key)
    slot = _TECH_SLOTS.get(k) if sep else None
    if slot is not None:
        c.draft.tech[slot] = Setting(value.strip(), c.at(b))
        return
    more = split_list(value) if sep and k == "other" else [b.text]
    old = c.draft.tech.get("other")
    c.draft.tech["other"] = Setting([*(old.value if old else []), *more], c.at(b))


_AUTH_SLOTS = {
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
}
_AUTH_LISTS = ("roles", "public", "oauth2_scopes")


def auth(c: Cursor, b: Block) -> None:
    """``Scheme: jwt``, ``Public: browse`` … set the policy; other lines describe it."""
    m = DIRECTIVE.match(strip_marks(b.text))
    key = norm(m.group(1)) if m else ""
    value = (m.group(2) or "").strip() if m else ""
    slot = _AUTH_SLOTS.get(key)
    if slot is None or not value:
        old = c.draft.auth.get("description")
        text = f"{old.value} {b.text}" if old else b.text
        c.draft.auth["description"] = Setting(text, old.source if old else c.at(b))
    elif slot in _AUTH_LISTS:
        c.draft.auth[slot] = Setting(split_list(value), c.at(b))
    else:
        c.draft.auth[slot] = Setting(value, c.at(b))
