"""What one intent file says, before inference: the :class:`Draft`, and merging drafts.

Lists concatenate in file order. A project-level key set explicitly (front matter, YAML)
in two files with different values is an error naming both places; a Markdown title or
prose description is weaker: the first title wins and descriptions join.

The items both readers (Markdown and YAML) put in a Draft are hand-off shaped, plus hints
whose keys start with ``_`` (read by inference, never in the hand-off):

- ``project``: ``project_name``, ``intent_id``, ``description``, ``version``, ``servers``,
  ``contact``, ``license`` and the style defaults ``paging``, ``paging_params``,
  ``envelope``, ``wrap``, ``naming``, ``update_method`` (raw values; :mod:`.defaults`
  checks them).
- a feature: the hand-off keys plus :func:`.features_lines.feature_hints` (``_manages``,
  ``_access``, ``_current``, ``_toggles``, ``_actions``, ``_filters``, ``_sort``,
  ``_queries``, ``_paging``, ``_envelope``, ``_wrap``, ``_signup``; formats in
  :mod:`.features_lines` and :mod:`.filters`).
- an entity: ``name``, ``description``, ``fields``, ``relationships`` (as written:
  ``kind`` may be ``belongs-to``, ``name`` None), ``business_rules``,
  ``unique_constraints``, ``source`` plus :func:`.lines.entity_hints` (``_kind``:
  resource|shape, ``_timestamps``: bool). A field is a hand-off field; ``_key: True``
  marks the natural key.
- an endpoint: see :mod:`.endpoint_lines` (``parameters`` as in :mod:`.params`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .common import Findings, Item

LIST_KEYS = (
    "goals",
    "features",
    "entities",
    "endpoints",
    "nfrs",
    "env",
    "deliverables",
    "milestones",
    "notes",
)


@dataclass
class Setting:
    value: Any
    source: str


@dataclass
class Draft:
    project: dict[str, Setting] = field(default_factory=dict)
    auth: dict[str, Setting] = field(default_factory=dict)
    tech: dict[str, Setting] = field(default_factory=dict)
    title: Setting | None = None
    prose: list[Setting] = field(default_factory=list)
    goals: list[Item] = field(default_factory=list)
    features: list[Item] = field(default_factory=list)
    entities: list[Item] = field(default_factory=list)
    endpoints: list[Item] = field(default_factory=list)
    nfrs: list[Item] = field(default_factory=list)
    env: list[Item] = field(default_factory=list)
    deliverables: list[Item] = field(default_factory=list)
    milestones: list[Item] = field(default_factory=list)
    notes: list[Item] = field(default_factory=list)

    def items(self, key: str) -> list[Item]:
        value: list[Item] = getattr(self, key)
        return value

    def is_empty(self) -> bool:
        return not (
            self.project
            or self.auth
            or self.tech
            or self.title
            or self.prose
            or any(self.items(k) for k in LIST_KEYS)
        )


def put(table: dict[str, Setting], key: str, value: Any, source: str, out: Findings) -> None:
    """Set ``key`` once; a second, different value is a conflict naming both places."""
    old = table.get(key)
    if old is not None and old.value != value:
        out.error(
            source,
            f"{key} is already set to {old.value!r} at {old.source}; set it in one place",
        )
        return
    if old is None:
        table[key] = Setting(value, source)


def merge(drafts: list[Draft], out: Findings) -> Draft:
    merged = Draft()
    for d in drafts:
        for name in ("project", "auth", "tech"):
            table: dict[str, Setting] = getattr(merged, name)
            for key, s in getattr(d, name).items():
                put(table, key, s.value, s.source, out)
        if merged.title is None:
            merged.title = d.title
        merged.prose.extend(d.prose)
        for key in LIST_KEYS:
            merged.items(key).extend(d.items(key))
    return merged
