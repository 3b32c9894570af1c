"""The only place YAML is read or written (ruamel.yaml).

Dumps are stable: key order as given, two-space indent with indented sequences, no line
wrapping, a trailing newline. ``dump(load(dump(x))) == dump(x)`` byte for byte.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from .errors import Finding, IntentdError


def _dumper() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.representer.add_representer(type(None), _represent_null)
    return yaml


def _represent_null(rep: RoundTripRepresenter, _: None) -> Any:
    return rep.represent_scalar("tag:yaml.org,2002:null", "null")


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
    return all(
        not line.endswith((" ", "\t")) and all(c >= " " for c in line) for line in text.split("\n")
    ) and not text.startswith((" ", "\n"))


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


def loads(text: str, path: str = "<string>") -> Any:
    """YAML text → plain data. Errors become an :class:`IntentdError` at ``path:line``."""
    yaml = YAML(typ="safe", pure=True)
    try:
        return _plain(yaml.load(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise IntentdError(
            f"{path}:{line}: invalid YAML",
            (Finding(f"{path}:{line}", f"invalid YAML: {problem}; fix the syntax"),),
        ) from None
    except YAMLError as exc:
        raise IntentdError(
            f"{path}: invalid YAML", (Finding(path, f"invalid YAML: {exc}; fix the syntax"),)
        ) from None


def load_with_lines(text: str, path: str = "<string>") -> Any:
    """Like :func:`loads` but keeps ruamel's round-trip nodes, which know their line numbers.

    ``node.lc.line`` (0-based) for mappings/sequences, ``node.lc.key(k)`` / ``node.lc.item(i)``.
    """
    yaml = YAML(typ="rt", pure=True)
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise IntentdError(
            f"{path}:{line}: invalid YAML",
            (Finding(f"{path}:{line}", f"invalid YAML: {problem}; fix the syntax"),),
        ) from None
    except YAMLError as exc:
        raise IntentdError(
            f"{path}: invalid YAML", (Finding(path, f"invalid YAML: {exc}; fix the syntax"),)
        ) from None


plain = _plain
