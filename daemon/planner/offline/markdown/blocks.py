"""Markdown text → the flat list of blocks the reader walks: headings, lines, bullets.

Parsed with markdown-it-py (CommonMark); every block keeps its line from the token's
``.map``. A bullet's wrapped lines join into one ``item``; other paragraph lines are one
``line`` each; code is ``other`` (reported as not read).
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass
class Block:
    kind: str  # heading | line | item | other
    level: int  # a heading's level, a bullet's nesting depth; 0 otherwise
    text: str
    line: int


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
    if open_items:
        _bullet(" ".join(p.strip() for p in parts[:lazy]), line, open_items, out)
    else:
        lazy = 0
    for j in range(lazy, len(parts)):
        out.append(Block("line", 0, parts[j].strip(), line + j))


def _bullet(text: str, line: int, open_items: list[Block | None], out: list[Block]) -> None:
    """A bullet's first paragraph starts its item; later paragraphs extend it."""
    held = open_items[-1]
    if held is None:
        block = Block("item", len(open_items), text, line)
        open_items[-1] = block
        out.append(block)
    else:
        held.text = f"{held.text} {text}"


def _unindented(source: list[str], index: int) -> bool:
    return 0 <= index < len(source) and source[index][:1] not in (" ", "\t", "")
