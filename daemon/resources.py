"""Files that ship with intentd: the workspace template and the git hook shim.

In a checkout they live at the repository root (``workspace-template/``, ``hooks/``); in an
installed wheel they are packaged under ``intentd/_data/`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"intentd's {name}/ is missing from this installation; reinstall it")


def template_dir() -> Path:
    """The workspace template (``intentd init`` copies it)."""
    return _find("workspace-template")


def hooks_dir() -> Path:
    """The folder holding the git hook shim(s)."""
    return _find("hooks")


def docs_file(name: str) -> str | None:
    """A document shipped beside the package (the intent convention), if present."""
    for candidate in (_PKG / "_data" / "docs" / name, _PKG.parent / "docs" / name):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None
