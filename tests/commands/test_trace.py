"""``intentd trace``: intent line → feature → operations → the revisions that changed them."""

from __future__ import annotations

import pytest

from tests.commands.conftest import FEED
from tests.helpers.cli import run_cli
from tests.helpers.revision_fixtures import Workspace


def test_trace_an_operation(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "trace", "feedPet", str(ws.path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "intent/app.md:11: feature pets — Manage pets"
    assert lines[1] == "  intent/app.md:15: pets.ac1 A pet can be listed"
    feed_line = ws.read().splitlines().index(FEED.splitlines()[-1]) + 1
    assert lines[2] == f"  intent/app.md:{feed_line}: feedPet POST /pets/{{petId}}/feed"
    # added in r3; r4 changed the Pet schema it returns; r2's moved lines are no change
    assert lines[3].startswith("    r4 0.2.2 ") and " changed (" in lines[3]
    assert lines[4].startswith("    r3 0.2.1 ") and " added: " in lines[4]
    assert len(lines) == 5


def test_trace_a_feature_lists_its_operations(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "trace", "pets", str(ws.path))
    assert code == 0
    ops = [
        line.split()[1]
        for line in out.splitlines()
        if line.startswith("  intent/") and "ac1" not in line
    ]
    assert ops == [
        "createPet",
        "deletePet",
        "feedPet",
        "getPet",
        "groomPet",
        "listPets",
        "updatePet",
    ]
    assert "adoptPet" not in out  # removed in r2
    groom = out.split("groomPet")[1].split("\n  intent/")[0]
    assert " r1 0.1.0 " in groom and " added: " in groom
    assert " r2 " not in groom and " r3 " not in groom  # its source line moved, nothing else


def test_trace_unknown_id_is_a_clear_error(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "trace", "nope", str(ws.path))
    assert code == 1
    assert "plan/handoff.yaml: 'nope' is neither an operationId nor a feature id" in err
