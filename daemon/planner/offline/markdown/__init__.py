"""The Markdown intent convention (docs/intent-format.md) → a :class:`~..draft.Draft`.

Parsed with markdown-it-py; every item keeps ``path:line`` from the token's ``.map``.
Headings name sections (case-insensitive, with synonyms); ``###`` headings inside
Features, Entities, Deliverables and Milestones start an item; bullets are that item's
criteria, fields, tests…; ``Key: value`` lines set properties. Prose is kept as
descriptions where it has a home and reported as unread elsewhere.

:mod:`.frontmatter` splits off the ``---`` YAML, :mod:`.blocks` turns the body into
headings, lines and bullets, :mod:`.walker` walks them with a :mod:`.cursor`, handing each
block to its section's reader: :mod:`.list_sections` (goals, NFRs, environment, notes, API,
tech stack, auth, overview) or :mod:`.item_sections` (features, entities, deliverables,
milestones), whose items start at :mod:`.headings` and take :mod:`.directives`.
"""

from __future__ import annotations

from .walker import read_markdown

__all__ = ["read_markdown"]
