"""``intentd status``: the last revision, what is pending, the last failure."""

from __future__ import annotations

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.revision_fixtures import Workspace


def test_status_shows_the_last_revision(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "status", str(ws.path))
    assert code == 0
    assert "last revision: r4 spec 0.2.2 (patch)" in out
    assert "pending: nothing" in out
