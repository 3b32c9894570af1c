"""The values the schema modules pass along: one property, and the shapes of one entity.

Part of the SpecGenerator. :mod:`.properties` and :mod:`.constraints` fill a :class:`Prop`,
:mod:`.schemas` gathers them into :class:`EntityShapes`, :mod:`.record_examples` adds the examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..handoff import Entity

REF_PREFIX = "#/components/schemas/"


@dataclass
class Prop:
    """One property of an entity's shapes."""

    name: str
    schema: dict[str, Any]
    required: bool
    read_only: bool = False
    write_only: bool = False
    expanded: bool = False
    """Read side only: embeds the target's read shape (an expanded relation or ref)."""
    in_read: bool = True
    """False for the write side of an expanded ref (the key the client sends)."""
    embeds: bool = False
    """Both sides embed ``ref_target`` (a shape: it has no key to refer to it by)."""
    ref_target: str | None = None
    example: Any = None
    has_example: bool = False

    @property
    def writable(self) -> bool:
        """Sent by clients: in the create and update shapes."""
        return not (self.read_only or self.expanded)


@dataclass
class EntityShapes:
    """The compiled shapes of one entity; ``read``/``create``/``update`` are component names."""

    entity: Entity
    props: list[Prop]
    read: str
    create: str
    update: str
    id_schema: dict[str, Any]
    id_example: Any
    unique: bool
    key: str | None = None
    """The field that identifies one in paths (``id``, ``slug``); None for a shape."""
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    read_example: dict[str, Any] = field(default_factory=dict)
    create_example: dict[str, Any] = field(default_factory=dict)
    update_example: dict[str, Any] = field(default_factory=dict)

    def writable(self) -> list[Prop]:
        return [p for p in self.props if p.writable]

    @property
    def is_shape(self) -> bool:
        return self.entity.kind == "shape"
