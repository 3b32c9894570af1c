"""The section walker: headings choose the section (case-insensitive, with synonyms) or
open an item; every other block goes to its section's reader."""

from __future__ import annotations

from collections.abc import Callable

from ..common import Findings, strip_marks
from ..draft import Draft, Setting
from ..yamlintent import read_yaml
from . import item_sections, list_sections
from .blocks import Block, blocks
from .cursor import Cursor, norm
from .directives import label
from .frontmatter import front_matter
from .headings import ITEM_HEADINGS, without_id

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

SectionReader = Callable[[Cursor, Block], None]
# The section the cursor is in → the reader of its lines and bullets.
READERS: dict[str | None, SectionReader] = {
    None: list_sections.intro,
    "overview": list_sections.intro,
    "unknown": list_sections.unknown,
    "goals": list_sections.goals,
    "nfrs": list_sections.nfrs,
    "env": list_sections.env,
    "notes": list_sections.notes,
    "api": list_sections.api,
    "tech": list_sections.tech,
    "auth": list_sections.auth,
    "features": item_sections.features,
    "entities": item_sections.entities,
    "deliverables": item_sections.deliverables,
    "milestones": item_sections.milestones,
}


def read_markdown(path: str, text: str, out: Findings) -> Draft:
    draft = Draft()
    fm, body = front_matter(path, text, out)
    if fm is not None:
        read_yaml(path, fm, out, into=draft, front_matter=True)
    walk(Cursor(path, draft, out), blocks(body))
    return draft


def walk(c: Cursor, items: list[Block]) -> None:
    for b in items:
        if b.kind == "heading":
            heading(c, b)
        elif b.kind == "other":
            c.skip(b, f"{b.text} is not read by the offline planner")
        elif b.text:
            READERS[c.section](c, b)


def heading(c: Cursor, b: Block) -> None:
    """A heading at or above the section's level starts a section; deeper, an item (or,
    under an item, a label such as '#### Rules')."""
    text = strip_marks(without_id(b.text)) if b.level > 1 else strip_marks(b.text)
    if c.section is None or b.level <= c.level:
        _section_heading(c, b, SECTIONS.get(norm(text)))
    elif c.section != "unknown" and not _labels_item(c, b, text):
        _sub_heading(c, b)


def _section_heading(c: Cursor, b: Block, kind: str | None) -> None:
    if kind is not None:
        c.enter(kind, b.level)
    elif c.section is None and b.level == 1 and c.draft.title is None:
        c.draft.title = Setting(strip_marks(b.text), c.at(b))
    else:
        c.enter("unknown", b.level)
        c.error(b, f"unknown section '{strip_marks(b.text)}'; expected one of {SECTION_NAMES}")


def _labels_item(c: Cursor, b: Block, text: str) -> bool:
    return c.item is not None and b.level > c.item_level and label(c, norm(text))


def _sub_heading(c: Cursor, b: Block) -> None:
    if c.section == "api":
        c.api_feature, c.endpoint = strip_marks(b.text), None
        return
    new = ITEM_HEADINGS.get(c.section or "")
    if new is None:
        c.error(b, f"unexpected sub-heading '{b.text}' in {c.section}; list its items as bullets")
        return
    c.item_level = b.level
    c.mode = ""
    c.item = new(c, b)
