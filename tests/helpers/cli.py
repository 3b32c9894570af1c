"""Running ``intentd`` in-process, as a person would type it."""

from __future__ import annotations

import pytest

from intentd import cli


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``intentd ARGV…``: (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
