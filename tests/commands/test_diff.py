"""``intentd diff`` between revisions and files, with ``--fail-on``."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.revision_fixtures import Workspace


def test_diff_between_revisions_as_json_fails_on_breaking(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--format", "json", "--fail-on", "breaking", "-C", str(ws.path)]
    code, out, _ = run_cli(capsys, "diff", "HEAD~3", "HEAD~2", *args)
    assert code == 1
    doc = json.loads(out)
    assert doc["counts"] == {"breaking": 1, "non-breaking": 0, "cosmetic": 0}
    assert doc["changes"][0]["rule"] == "api-path-removed-without-deprecation"
    assert doc["changes"][0]["operation"] == "POST /pets/{petId}/adopt"

    code, out, _ = run_cli(capsys, "diff", "HEAD~1", "HEAD", *args)
    assert code == 0
    doc = json.loads(out)
    assert doc["counts"]["breaking"] == 0 and doc["counts"]["non-breaking"] >= 1
    code, _, _ = run_cli(
        capsys, "diff", "HEAD~2", "HEAD~1", "--fail-on", "non-breaking", "-C", str(ws.path)
    )
    assert code == 1


def test_diff_defaults_to_head_against_the_file_on_disk(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "diff", "-C", str(ws.path))
    assert (code, out) == (0, "no contract change\n")
    code, out, _ = run_cli(
        capsys, "diff", "HEAD~3", "spec/openapi.yaml", "--format", "markdown", "-C", str(ws.path)
    )
    assert code == 0 and out.startswith("### Breaking (1)")


def test_diff_of_an_unknown_revision_is_a_clear_error(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "diff", "nosuch", "HEAD", "-C", str(ws.path))
    assert code == 1 and "nosuch: not a file or a git revision" in err
