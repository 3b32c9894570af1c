"""One YAML document (an ``intent/*.yaml`` file or Markdown front matter) → the Draft:
parse it with line info, then hand each top-level key to its reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .... import yamlio
from ....errors import IntentdError
from ..common import Findings, Item
from ..draft import Draft
from . import api, delivery, entities, features, requirements
from .auth import auth
from .keys import LIST_KEYS, PROJECT_KEYS, TOP_KEYS
from .nodes import Reader
from .project import api_info, project, tech

ItemReader = Callable[[Reader, Any, str], Item | None]

# The Draft's list → the reader of one of its items.
ITEM_READERS: dict[str, ItemReader] = {
    "goals": requirements.goal,
    "features": features.feature,
    "entities": entities.entity,
    "endpoints": api.endpoint,
    "nfrs": requirements.nfr,
    "env": requirements.env,
    "deliverables": delivery.deliverable,
    "milestones": delivery.milestone,
    "notes": requirements.note,
}


def read_yaml(
    path: str, text: str, out: Findings, *, into: Draft | None = None, front_matter: bool = False
) -> Draft:
    """Read ``text`` into ``into`` (or a new Draft); every problem goes to ``out``."""
    draft = into if into is not None else Draft()
    try:
        root = yamlio.load_with_lines(text, path)
    except IntentdError as exc:
        out.errors.extend(exc.findings)
        return draft
    if root is None:
        return draft
    if not isinstance(root, dict):
        what = "front matter" if front_matter else "a YAML intent file"
        first = next((i for i, ln in enumerate(text.split("\n")) if ln.strip()), 0)
        out.error(
            f"{path}:{first + 1}",
            f"{what} must be a mapping of keys such as 'project_name: Bookshop'",
        )
        return draft
    r = Reader(path, draft, out)
    for key, value in root.items():
        _top(r, str(key), value, r.at(root, key))
    return draft


def _top(r: Reader, k: str, value: Any, where: str) -> None:
    if k in PROJECT_KEYS:
        project(r, PROJECT_KEYS[k], value, where)
    elif k in LIST_KEYS:
        items(r, LIST_KEYS[k], value, where)
    elif k in _SECTIONS:
        _SECTIONS[k](r, value, where)
    elif k in ("roles", "public"):
        auth(r, {k: value}, where)
    elif k == "trace_links":
        r.error(where, "trace_links is written by intentd; remove it from intent")
    else:
        r.error(where, f"unknown key '{k}'; expected one of {', '.join(TOP_KEYS)}")


_SECTIONS: dict[str, Callable[[Reader, Any, str], None]] = {
    "api_info": api_info,
    "auth": auth,
    "auth_policy": auth,
    "tech_stack": tech,
}


def items(r: Reader, kind: str, value: Any, where: str) -> None:
    """A list of ``kind`` items; each readable one joins the Draft's list."""
    if value is None:
        return
    if not isinstance(value, list):
        r.error(where, f"expected a list of {kind}")
        return
    read = ITEM_READERS[kind]
    for i, node in enumerate(value):
        item = read(r, node, r.at(value, i))
        if item is not None:
            r.draft.items(kind).append(item)
