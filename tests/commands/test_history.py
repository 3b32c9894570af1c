"""``intentd log``, ``intentd trace`` and ``intentd diff`` over real revisions (issue 4, item 8)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from intentd import cli
from tests.helpers.gitrepo import isolate_git
from tests.helpers.revision_fixtures import Workspace, make_workspace

ADOPT = "- POST /pets/{petId}/adopt — adopt a pet (Pet, no body)\n"
API = "## API\n\n### Manage pets\n"
FEED = API + "- POST /pets/{petId}/feed — feed a pet (Pet, no body)\n"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """r1 initial 0.1.0 → r2 removes an operation (0.2.0) → r3 adds one (0.2.1) → r4 adds an
    optional field to the entity every operation uses (0.2.2). The tests only read it."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp)
        ws = make_workspace(tmp_path_factory.mktemp("history") / "ws")
        for old, new in [
            (ADOPT, ""),
            (API, FEED),
            ("- nickname: string\n", "- nickname: string\n- color: string\n"),
        ]:
            ws.edit(old, new)
            assert ws.build().status == "committed"
        yield ws


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_log_lists_revisions_newest_first(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "log", str(ws.path))
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["r4", "0.2.2", "patch"],
        ["r3", "0.2.1", "patch"],
        ["r2", "0.2.0", "minor"],
        ["r1", "0.1.0", "initial"],
    ]
    assert lines[1].endswith("— add POST /pets/{petId}/feed")
    assert lines[2].endswith("— remove POST /pets/{petId}/adopt")
    assert ws.head()[:7] in lines[0]  # type: ignore[index]
    code, out, _ = _run(capsys, "log", "-n", "1", str(ws.path))
    assert len(out.splitlines()) == 1


def test_log_without_revisions_says_what_to_do(
    tmp_path: Path, git_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = make_workspace(tmp_path / "empty", build=False)
    code, out, _ = _run(capsys, "log", str(empty.path))
    assert code == 0 and "no intentd revisions yet" in out


def test_trace_an_operation(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "trace", "feedPet", str(ws.path))
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
    code, out, _ = _run(capsys, "trace", "pets", str(ws.path))
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
    code, _, err = _run(capsys, "trace", "nope", str(ws.path))
    assert code == 1
    assert "plan/handoff.yaml: 'nope' is neither an operationId nor a feature id" in err


def test_diff_between_revisions_as_json_fails_on_breaking(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--format", "json", "--fail-on", "breaking", "-C", str(ws.path)]
    code, out, _ = _run(capsys, "diff", "HEAD~3", "HEAD~2", *args)
    assert code == 1
    doc = json.loads(out)
    assert doc["counts"] == {"breaking": 1, "non-breaking": 0, "cosmetic": 0}
    assert doc["changes"][0]["rule"] == "api-path-removed-without-deprecation"
    assert doc["changes"][0]["operation"] == "POST /pets/{petId}/adopt"

    code, out, _ = _run(capsys, "diff", "HEAD~1", "HEAD", *args)
    assert code == 0
    doc = json.loads(out)
    assert doc["counts"]["breaking"] == 0 and doc["counts"]["non-breaking"] >= 1
    code, _, _ = _run(
        capsys, "diff", "HEAD~2", "HEAD~1", "--fail-on", "non-breaking", "-C", str(ws.path)
    )
    assert code == 1


def test_diff_defaults_to_head_against_the_file_on_disk(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "diff", "-C", str(ws.path))
    assert (code, out) == (0, "no contract change\n")
    code, out, _ = _run(
        capsys, "diff", "HEAD~3", "spec/openapi.yaml", "--format", "markdown", "-C", str(ws.path)
    )
    assert code == 0 and out.startswith("### Breaking (1)")


def test_diff_of_an_unknown_revision_is_a_clear_error(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "diff", "nosuch", "HEAD", "-C", str(ws.path))
    assert code == 1 and "nosuch: not a file or a git revision" in err


def test_status_shows_the_last_revision(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "status", str(ws.path))
    assert code == 0
    assert "last revision: r4 spec 0.2.2 (patch)" in out
    assert "pending: nothing" in out
