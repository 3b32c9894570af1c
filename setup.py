"""Ship the workspace template and the hook shim inside the wheel (as intentd/_data/).

They live at the repository root (the user's layout); ``intentd.resources`` finds them in
either place. Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("workspace-template", "hooks", "docs")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in SHIPPED:
            src = ROOT / name
            if src.is_dir():
                dest = Path(self.build_lib) / "intentd" / "_data" / name
                shutil.copytree(
                    src,
                    dest,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".intentd", "__pycache__"),
                )


setup(cmdclass={"build_py": BuildPyWithData})
