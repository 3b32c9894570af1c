"""Bounded YAML reading (issue 11): the limits, and ruamel's composer charging every alias.

Nesting deeper than :data:`MAX_DEPTH` levels, more than :data:`MAX_ALIASES` aliases, or
aliases that expand to more than :data:`MAX_EXPANDED` nodes and characters in all (a "billion
laughs") are refused while the document is composed, before anything walks it. Used only by
:mod:`intentd.yamlio`, which turns a :class:`LimitError` into a ``path:line`` error.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from . import layout

# Limits of every YAML document read (intent files, front matter, intentd.yaml, the hand-off,
# contracts): generous for anything written by hand or generated here (the hand-off nests
# about 10 deep), far below what exhausts Python's stack or memory.
MAX_DEPTH = 64
MAX_ALIASES = 256
MAX_EXPANDED = 200_000
# Nodes of a document a person writes (``intent/``, front matter, ``intentd.yaml``): ruamel's
# pure-Python reader takes about a second per 25,000, so a 1 MB list of one-letter items
# would take 12 s. Generated documents (the hand-off, the contract) are bounded by the intent.
MAX_NODES = 50_000
_WRITTEN = (f"{layout.INTENT_DIR}/", layout.CONFIG)


class LimitError(MarkedYAMLError):
    """A document over one of the reading limits; ``fix`` says what to write instead."""

    def __init__(self, problem: str, fix: str, mark: Any) -> None:
        super().__init__(None, None, problem, mark)
        self.fix = fix


class _BoundedComposer(Composer):
    """ruamel's composer, charging every alias for the nodes it stands for.

    An alias costs the size of its anchored node as if it were written out (nodes plus scalar
    characters) and adds that node's height to the depth where it stands; both are summed
    over the document and checked against the limits. An alias to a node still open (a node
    containing itself) is refused: no reader could walk it.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self._measured: dict[int, tuple[int, int]] = {}
        self._open: list[str] = []
        self._aliases = 0
        self._expanded = 0
        self._nodes = 0
        self.max_nodes = 0  # 0: no limit

    def compose_document(self) -> Any:
        self._measured, self._open, self._aliases, self._expanded = {}, [], 0, 0
        self._nodes = 0
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        self._nodes += 1
        if self.max_nodes and self._nodes > self.max_nodes:
            raise LimitError(
                f"more than {self.max_nodes} YAML nodes in one document",
                "split the file up",
                event.start_mark,
            )
        if isinstance(event, AliasEvent):
            self._charge(event)
            return super().compose_node(parent, index)
        if event.anchor is None:
            return super().compose_node(parent, index)
        self._open.append(event.anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._open.pop()

    def _charge(self, event: Any) -> None:
        name, mark = event.anchor, event.start_mark
        if name in self._open:
            raise LimitError(
                f"alias *{name} refers to the node that contains it",
                f"write the value out instead of aliasing &{name} inside itself",
                mark,
            )
        node = self.anchors.get(name)
        if node is None:
            return  # ruamel reports the undefined alias
        size, height = self._measure(node)
        self._aliases += 1
        self._expanded += size
        if self._aliases > MAX_ALIASES:
            raise LimitError(
                f"more than {MAX_ALIASES} aliases",
                "write the values out, or use fewer anchors and aliases",
                mark,
            )
        if self._expanded > MAX_EXPANDED:
            raise LimitError(
                f"aliases expand to more than {MAX_EXPANDED} nodes and characters",
                "write the values out; nested aliases must not multiply a document",
                mark,
            )
        if self.depth + height > MAX_DEPTH:
            raise LimitError(
                f"alias *{name} nests the document deeper than {MAX_DEPTH} levels",
                "flatten the structure",
                mark,
            )

    def _measure(self, node: Node) -> tuple[int, int]:
        """(size, height) of ``node`` written out; a node's height is at most MAX_DEPTH."""
        known = self._measured.get(id(node))
        if known is not None:
            return known
        if isinstance(node, ScalarNode):
            result = (1 + len(str(node.value)), 1)
        else:
            # A mapping's value is a list of (key, value) pairs, a sequence's a list of nodes.
            pairs = node.value if isinstance(node, MappingNode) else [(n,) for n in node.value]
            parts = [self._measure(child) for pair in pairs for child in pair]
            result = (
                1 + sum(p[0] for p in parts),
                1 + max((p[1] for p in parts), default=0),
            )
        self._measured[id(node)] = result
        return result


def loader(typ: str, path: str) -> YAML:
    """A pure-Python ruamel loader with every limit set (the node limit for files a person
    writes)."""
    yaml = YAML(typ=typ, pure=True)
    yaml.Composer = _BoundedComposer
    yaml.max_depth = MAX_DEPTH
    if path.startswith(_WRITTEN):
        yaml.composer.max_nodes = MAX_NODES
    return yaml
