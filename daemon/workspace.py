"""A workspace: the folder holding ``intent/`` and its configuration, opened once per command."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import config as config_mod
from .errors import Finding, IntentdError


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: config_mod.Config

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None) -> Workspace:
        root = Path(path or ".").resolve()
        if not root.is_dir():
            raise IntentdError(
                f"{root}: not a folder",
                (Finding(str(root), "workspace not found; pass the folder holding intent/"),),
            )
        return cls(root, config_mod.load(root))
