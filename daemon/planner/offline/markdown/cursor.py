"""Where the Markdown reader is: the section, the item a ``###`` heading opened, and the
label (``Rules:``, ``Tests:``) that says what the next bullets are. Shared by the walker
and every section's reader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..common import Findings, Item, strip_marks
from ..draft import Draft
from .blocks import Block


def norm(text: str) -> str:
    """A heading or label as looked up: ``**Non-functional:**`` → ``non functional``."""
    t = re.sub(r"[-_]", " ", strip_marks(text).lower().rstrip(":. "))
    return re.sub(r"\s+", " ", t).strip()


@dataclass
class Cursor:
    path: str
    draft: Draft
    out: Findings
    section: str | None = None  # a section kind (see walker.SECTIONS), "unknown", or None
    level: int = 0  # the section heading's level
    item: Item | None = None  # the feature, entity, deliverable or milestone being read
    item_level: int = 0
    mode: str = ""  # what bullets are under the last label, e.g. "rules"
    api_feature: str | None = None  # the '### Feature' heading inside the API section
    endpoint: Item | None = None  # the last endpoint line: indented bullets are its details

    def at(self, b: Block) -> str:
        return f"{self.path}:{b.line}"

    def error(self, b: Block, message: str) -> None:
        self.out.error(self.at(b), message)

    def skip(self, b: Block, message: str) -> None:
        self.out.skip(self.at(b), message)

    def enter(self, kind: str, level: int) -> None:
        """A new section: nothing of the last one carries over."""
        self.section, self.level = kind, level
        self.item, self.mode, self.api_feature, self.endpoint = None, "", None, None

    def prose_elsewhere(self, b: Block) -> None:
        self.skip(b, f"prose in {self.section} is not read by the offline planner")

    def add(self, key: str, item: Item | str, b: Block) -> None:
        """A one-line parser's item joins the Draft's ``key`` list, or its message is reported."""
        if isinstance(item, str):
            self.error(b, item)
        else:
            self.draft.items(key).append(item)
