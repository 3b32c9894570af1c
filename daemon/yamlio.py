"""The only place YAML is read or written (ruamel.yaml).

Reading is bounded (issue 11, :mod:`intentd.yamlbounds`): too deep a document, too many
aliases or aliases that expand too far (a "billion laughs") are refused at ``path:line``
while the document is composed, before anything walks it.

Dumps are stable: key order as given, two-space indent with indented sequences, no line
wrapping, a trailing newline. ``dump(load(dump(x))) == dump(x)`` byte for byte.
"""

from __future__ import annotations

import copy
import io
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from .errors import Finding, IntentdError
from .yamlbounds import MAX_ALIASES, MAX_DEPTH, MAX_EXPANDED, MAX_NODES, LimitError, loader

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_EXPANDED",
    "MAX_NODES",
    "LimitError",
    "dumps",
    "dumps_fast",
    "line_of",
    "load_with_lines",
    "loads",
    "plain",
]


def _dumper() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.representer.add_representer(type(None), _represent_null)
    yaml.representer.add_representer(str, _represent_str)
    return yaml


def _represent_null(rep: RoundTripRepresenter, _: None) -> Any:
    return rep.represent_scalar("tag:yaml.org,2002:null", "null")


# YAML 1.1 readers (PyYAML, openapi-generator's SnakeYAML) read these plain words as booleans;
# YAML 1.2 does not. Quote them so every reader sees the string (an enum value `yes` must not
# become `true` in a generated client).
_YAML11_BOOLS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false"})


# Characters a YAML reader rejects or turns into line breaks when written raw (C0/C1 controls,
# DEL, NEL, the Unicode line and paragraph separators, a stray BOM, lone surrogates): such a
# string is written double-quoted, where the emitter escapes them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _represent_str(rep: RoundTripRepresenter, value: str) -> Any:
    if value.lower() in _YAML11_BOOLS:
        return rep.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    if _UNSAFE.search(value):
        return rep.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return rep.represent_str(value)


def _for_output(value: Any) -> Any:
    """Multi-line strings as literal blocks (``|``), which read and diff well."""
    if isinstance(value, dict):
        return {k: _for_output(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_output(v) for v in value]
    if isinstance(value, str) and "\n" in value.rstrip("\n") and _block_safe(value):
        return LiteralScalarString(value)
    return value


def _block_safe(text: str) -> bool:
    # A literal block cannot carry trailing spaces on a line, tabs or control characters
    # faithfully; those stay quoted.
    return (
        all(
            not line.endswith((" ", "\t")) and all(c >= " " for c in line)
            for line in text.split("\n")
        )
        and not text.startswith((" ", "\n"))
        and not _UNSAFE.search(text)
    )


def _plain(value: Any) -> Any:
    """Turn ruamel's round-trip containers into plain dicts/lists/scalars."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def dumps(data: Any) -> str:
    """Plain data (dicts, lists, scalars) → YAML text with a trailing newline."""
    buf = io.StringIO()
    _dumper().dump(_for_output(_plain(data)), buf)
    text = buf.getvalue()
    return text if text.endswith("\n") else text + "\n"


def _parse(typ: str, text: str, path: str) -> Any:
    """Parse ``text``; every problem (syntax or a limit) is an :class:`IntentdError`."""
    try:
        return loader(typ, path).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        if isinstance(exc, LimitError):
            title, problem, fix = "YAML over a limit", str(exc.problem), exc.fix
        elif isinstance(exc, MaxDepthExceededError):
            title, problem = "YAML over a limit", f"nested deeper than {MAX_DEPTH} levels"
            fix = "flatten the structure"
        else:
            title, fix = "invalid YAML", "fix the syntax"
            problem = f"invalid YAML: {exc.problem or exc.context or 'invalid YAML'}"
        raise IntentdError(
            f"{path}:{line}: {title}", (Finding(f"{path}:{line}", f"{problem}; {fix}"),)
        ) from None
    except YAMLError as exc:
        raise IntentdError(
            f"{path}: invalid YAML", (Finding(path, f"invalid YAML: {exc}; fix the syntax"),)
        ) from None


def loads(text: str, path: str = "<string>") -> Any:
    """YAML text → plain data. Errors become an :class:`IntentdError` at ``path:line``."""
    return _plain(_parse("safe", text, path))


def load_with_lines(text: str, path: str = "<string>") -> Any:
    """Like :func:`loads` but keeps ruamel's round-trip nodes, which know their line numbers.

    ``node.lc.line`` (0-based) for mappings/sequences, ``node.lc.key(k)`` / ``node.lc.item(i)``.
    Each call returns a tree of its own: the watcher reads the same unchanged files (front
    matter, ``intent/*.yaml``, ``intentd.yaml``) at every revision, and a copy of a parsed
    tree (line numbers included) costs a sixth of parsing it again.
    """
    if len(text) > _PARSED_TEXT_LIMIT:
        return _parse("rt", text, path)
    return copy.deepcopy(_parsed(text, path))


_PARSED_TEXT_LIMIT = 256 * 1024


@lru_cache(maxsize=32)
def _parsed(text: str, path: str) -> Any:
    return _parse("rt", text, path)


plain = _plain


def line_of(node: Any, loc: tuple[int | str, ...]) -> int:
    """Best-effort 1-based line of ``loc`` in a ruamel round-trip tree."""
    line = 1
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                if lc is not None:
                    line = lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                if lc is not None:
                    line = lc.item(part)[0] + 1
                node = node[part]
            else:
                if lc is not None and getattr(lc, "line", None) is not None:
                    line = max(line, lc.line + 1)
                break
        except (KeyError, IndexError, TypeError):
            break
    return line


# --------------------------------------------------------------------------- fast dump
#
# ruamel's pure-Python emitter needs seconds for a contract of 1000 operations and its C
# emitter (ruamel.yaml.clib) cannot indent sequences the way :func:`dumps` does. So large
# generated documents go through this small emitter for plain data, which writes the same
# layout and asks ruamel itself how to write any scalar it is not sure about (cached per
# distinct string). It gives up and defers to :func:`dumps` whenever a scalar would span
# lines, so the output is byte-identical to ``dumps(data)`` (tests/specgen/test_emit.py checks).

# Plain scalars a YAML 1.1 reader (PyYAML, SnakeYAML) takes for booleans, nulls or base-60
# numbers: always ask ruamel, so this emitter follows :func:`dumps` if it starts quoting them.
_YAML11_WORDS = re.compile(
    r"(?:y|n|yes|no|on|off|true|false|null|~)\Z|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z",
    re.IGNORECASE,
)
_PLAIN_SAFE = re.compile(r"[\w/$][\w ./(){}\-,;+=':@#$]*\Z")
_NOT_PLAIN = re.compile(r": | #| \Z|:\Z")
_STR_TAG = "tag:yaml.org,2002:str"
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")
# Characters ruamel writes as they are (allow_unicode): no line breaks, tabs or controls.
_PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*\\Z"
)
# A scalar matching this is never written plain: an indicator first, ': ' or ' #' inside,
# a space at either end, or a trailing ':'.
_NEVER_PLAIN = re.compile(r"\A[#,\[\]{}&*!|>'\"%@`]|: | #|\A | \Z|:\Z")


class _NeedsFullDump(Exception):
    """A scalar this emitter will not write itself."""


# How each scalar is written is a pure function of the scalar (the dumper's settings are
# fixed), and consecutive revisions write mostly the same ones: the answers are kept for the
# process (bounded), the ruamel dumper that works out new ones is made per emitter, when needed.
_SCALAR_CACHE_LIMIT = 200_000
_VALUES: dict[str, str] = {}
_KEYS: dict[str, str] = {}
_FLOATS: dict[str, str] = {}


class _FastEmitter:
    def __init__(self) -> None:
        self._made: YAML | None = None
        for cache in (_VALUES, _KEYS, _FLOATS):
            if len(cache) > _SCALAR_CACHE_LIMIT:
                cache.clear()
        self._values = _VALUES
        self._keys = _KEYS
        self._floats = _FLOATS

    @property
    def _yaml(self) -> YAML:
        if self._made is None:
            self._made = _dumper()
        return self._made

    def _ruamel_scalar(self, data: Any, prefix: str) -> str:
        buf = io.StringIO()
        self._yaml.dump(data, buf)
        text = buf.getvalue()
        if text.count("\n") != 1 or _ODD_BREAKS.search(text) or not text.startswith(prefix):
            raise _NeedsFullDump
        return text[len(prefix) : -1]

    def _guess(self, s: str) -> str | None:
        """How ruamel writes a short, printable, single-line ``s``; None when unsure."""
        if len(s) > 1000 or not _PRINTABLE.match(s) or _YAML11_WORDS.match(s):
            return None
        if _PLAIN_SAFE.match(s) and not _NOT_PLAIN.search(s):
            from ruamel.yaml.nodes import ScalarNode

            if self._yaml.resolver.resolve(ScalarNode, s, (True, False)) == _STR_TAG:
                return s
        elif not (not s or _NEVER_PLAIN.search(s)):
            return None  # ruamel may still write it plain (``?a``, ``/a}:=0``)
        if "'" not in s:
            return f"'{s}'"
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def value(self, v: Any) -> str:
        if isinstance(v, str):
            out = self._values.get(v)
            if out is None:
                out = self._guess(v)
                if out is None:
                    if len(v) > 1000:
                        raise _NeedsFullDump
                    out = self._ruamel_scalar([v], "  - ")
                self._values[v] = out
            return out
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            cached = self._floats.get(repr(v))
            if cached is None:
                cached = self._floats[repr(v)] = self._ruamel_scalar([v], "  - ")
            return cached
        raise _NeedsFullDump

    def key(self, k: str) -> str:
        out = self._keys.get(k)
        if out is None:
            out = self._guess(k)
            if out is None:
                if len(k) > 1000:
                    raise _NeedsFullDump
                out = self._ruamel_scalar({k: None}, "")
                if not out.endswith(": null"):
                    raise _NeedsFullDump
                out = out[: -len(": null")]
            self._keys[k] = out
        return out

    def block(self, text: str, head: str, indent: int, out: list[str]) -> None:
        if text.endswith("\n\n"):
            ind, body = "|+", text[:-1]
        elif text.endswith("\n"):
            ind, body = "|", text[:-1]
        else:
            ind, body = "|-", text
        out.append(f"{head}{ind}\n")
        pad = " " * indent
        out.extend(f"{pad}{line}\n" if line else "\n" for line in body.split("\n"))

    def mapping(self, data: dict[str, Any], indent: int, lead: str, out: list[str]) -> None:
        pad = " " * indent
        for k, v in data.items():
            head = f"{lead}{self.key(k)}:"
            lead = pad
            if isinstance(v, dict) and v:
                out.append(head + "\n")
                self.mapping(v, indent + 2, " " * (indent + 2), out)
            elif isinstance(v, list) and v:
                out.append(head + "\n")
                self.sequence(v, indent + 2, " " * (indent + 2), out)
            elif isinstance(v, str) and "\n" in v:
                self._multiline(v, head + " ", indent + 2, out)
            else:
                out.append(f"{head} {self._leaf(v)}\n")

    def sequence(self, data: list[Any], indent: int, lead: str, out: list[str]) -> None:
        pad = " " * indent
        for v in data:
            if isinstance(v, dict) and v:
                self.mapping(v, indent + 2, lead + "- ", out)
            elif isinstance(v, list) and v:
                self.sequence(v, indent + 4, lead + "-   ", out)
            elif isinstance(v, str) and "\n" in v:
                self._multiline(v, lead + "- ", indent + 2, out)
            else:
                out.append(f"{lead}- {self._leaf(v)}\n")
            lead = pad

    def _multiline(self, v: str, head: str, indent: int, out: list[str]) -> None:
        if "\n" in v.rstrip("\n") and _block_safe(v):
            self.block(v, head, indent, out)
        else:
            raise _NeedsFullDump

    def _leaf(self, v: Any) -> str:
        if isinstance(v, dict):
            return "{}"
        if isinstance(v, list):
            return "[]"
        return self.value(v)


def dumps_fast(data: Any) -> str:
    """Same bytes as :func:`dumps` for plain data (str keys, JSON-like values), much faster.

    Meant for large generated documents (the OpenAPI contract); anything unusual falls back
    to :func:`dumps`.
    """
    if not isinstance(data, dict) or not data:
        return dumps(data)
    out: list[str] = []
    try:
        _FastEmitter().mapping(data, 0, "", out)
    except (_NeedsFullDump, AttributeError, TypeError):
        return dumps(data)
    return "".join(out)
