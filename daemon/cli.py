from __future__ import annotations

from . import __version__


def main(argv: list[str] | None = None) -> int:
    print(__version__)
    return 0
