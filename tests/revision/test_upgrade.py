"""Upgrading intentd: a workspace built by the previous release rebuilds (issue 10).

The previous release is simulated in a real git repository: revision 1 is rewritten the way
intentd 0.1.0 wrote it — no ``Compiler`` trailer (or ``Compiler: intentd 0.1.0``), the
0.1.0 intent hash, ``generated_by.version: 0.1.0`` in the contract, and the 0.1.0 compiler's
409 on every POST. Building again with the same intent makes one revision whose commit says
its contract changes come from the new compiler, not from the intent; the bump is the diff's.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from intentd import __version__, yamlio
from intentd import diff as diff_mod
from intentd.revision import message
from intentd.revision import stages as pipeline
from intentd.revision import transaction as revision
from intentd.workspace import Workspace as Opened
from tests.helpers.fake_openai import FakeOpenAI, Reply
from tests.helpers.gitrepo import isolate_git
from tests.helpers.llm_fixtures import FAKE_KEY, KEY_ENV
from tests.helpers.revision_fixtures import Workspace, make_workspace
from tests.planner.llm import conduit

OLD = "0.1.0"
FROM_COMPILER = (
    f"Contract changes in this revision come from the new compiler "
    f"(intentd {OLD} → {__version__}), not from the intent."
)


@pytest.fixture(autouse=True)
def _git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def _old_contract(doc: dict[str, Any], *, conflict_on_post: bool) -> dict[str, Any]:
    """``doc`` as the 0.1.0 compiler made it: its own version, and (if asked) a 409 on every
    POST whether or not anything can conflict."""
    old = copy.deepcopy(doc)
    old["x-intentd"]["generated_by"]["version"] = OLD
    if conflict_on_post:
        for item in old["paths"].values():
            post = item.get("post")
            if post is not None and "409" not in post["responses"]:
                error = next(v for k, v in post["responses"].items() if k.startswith("4"))
                post["responses"]["409"] = copy.deepcopy(error)
    return old


def _as_previous_release(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, *, trailer: str | None, conflict: bool
) -> dict[str, Any]:
    """Rewrite HEAD (revision 1) as the previous release committed it; its contract back."""
    old = _old_contract(ws.contract(), conflict_on_post=conflict)
    ws.write("spec/openapi.json", json.dumps(old, indent=2) + "\n")
    ws.write("spec/openapi.yaml", yamlio.dumps(old))
    with monkeypatch.context() as mp:
        mp.setattr(revision, "COMPILER_VERSION", f"intentd-specgen/{OLD}")
        opened = Opened.open(ws.path)
        old_hash = revision.intent_hash(pipeline.read_bundle(opened), opened, None)
    t = ws.trailers()
    t["Intent-Hash"] = old_hash
    del t[message.COMPILER_TRAILER]
    if trailer is not None:
        t[message.COMPILER_TRAILER] = trailer
    subject = ws.git("log", "-1", "--format=%s").strip()
    text = subject + "\n\nNo contract changes.\n\n" + "".join(f"{k}: {v}\n" for k, v in t.items())
    note = ws.path.parent / "old-message.txt"
    note.write_text(text, encoding="utf-8")
    ws.git("add", "spec/openapi.json", "spec/openapi.yaml")
    ws.git("commit", "-q", "--amend", "--no-verify", "-F", str(note))
    ws.git("tag", "-f", f"spec/v{OLD}")
    assert message.COMPILER_TRAILER not in ws.trailers() or trailer is not None
    return old


def _body(ws: Workspace) -> str:
    return ws.git("log", "-1", "--format=%B")


def _expected(old: dict[str, Any], ws: Workspace) -> tuple[list[diff_mod.Change], str, str]:
    changes = diff_mod.diff(old, ws.contract())
    version, bump = diff_mod.bump(OLD, changes, suggested=None, pinned=None)
    return changes, version, bump


@pytest.mark.parametrize("trailer", [None, f"intentd {OLD}"], ids=["no-trailer", "trailer"])
def test_first_revision_after_the_upgrade_says_its_changes_come_from_the_compiler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trailer: str | None
) -> None:
    ws = make_workspace(tmp_path / "ws")
    old = _as_previous_release(ws, monkeypatch, trailer=trailer, conflict=True)
    intent = ws.read()
    before = ws.count()
    outcome = ws.build()
    assert outcome.status == "committed", outcome.message
    assert ws.count() == before + 1 and ws.read() == intent  # same intent, one revision
    body = _body(ws)
    assert FROM_COMPILER in body
    changes, version, bump = _expected(old, ws)
    assert bump not in ("none", "initial") and changes  # 409s the new compiler does not make
    t = ws.trailers()
    assert (t["Spec-Version"], t["Spec-Bump"]) == (version, bump)
    assert t[message.COMPILER_TRAILER] == f"intentd {__version__}"
    for change in changes:
        assert change.message in body
    assert "response 409 removed" in body
    assert outcome.report is not None and outcome.report.changed_inputs == []
    assert ws.build().status == "up-to-date"  # the new compiler's revision is current


def test_an_upgrade_that_changes_no_contract_says_so_and_keeps_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path / "ws")
    _as_previous_release(ws, monkeypatch, trailer=None, conflict=False)
    assert ws.build().status == "committed"  # the intent hash names the old compiler
    body = _body(ws)
    assert f"The compiler changed (intentd {OLD} → {__version__}); the contract did not." in body
    assert FROM_COMPILER not in body
    t = ws.trailers()
    assert (t["Spec-Version"], t["Spec-Bump"]) == (OLD, "none")
    assert ws.contract()["x-intentd"]["generated_by"]["version"] == __version__


def test_an_upgrade_with_an_intent_edit_names_both_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path / "ws")
    old = _as_previous_release(ws, monkeypatch, trailer=f"intentd {OLD}", conflict=True)
    ws.edit("- nickname: string\n", "- nickname: string\n- color: string\n")
    assert ws.build().status == "committed"
    body = _body(ws)
    assert FROM_COMPILER not in body
    changes, version, bump = _expected(old, ws)
    from_compiler = [c for c in changes if c.message == "response 409 removed"]
    from_intent = [c for c in changes if "color" in c.message]
    assert from_compiler and from_intent
    note = body.split("\n\n")[1]  # the paragraph after the subject
    assert note.startswith(
        f"This revision also moves to a new compiler (intentd {OLD} → {__version__}). Of the "
        "changes below, these come from the new compiler, not from the intent:\n"
    )
    listed = [line for line in note.splitlines() if line.startswith("- ")]
    assert listed == [f"- {c.message} ({c.operation})" for c in from_compiler]
    assert note.endswith("The others come from the intent's edits.")
    assert (ws.trailers()["Spec-Version"], ws.trailers()["Spec-Bump"]) == (version, bump)


def test_revisions_by_the_same_compiler_say_nothing_about_it(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert ws.trailers()[message.COMPILER_TRAILER] == f"intentd {__version__}"
    ws.edit("- nickname: string\n", "- nickname: string\n- color: string\n")
    assert ws.build().status == "committed"
    body = _body(ws)
    assert "compiler" not in body.split(f"{message.COMPILER_TRAILER}:")[0].lower()
    assert ws.trailers()[message.COMPILER_TRAILER] == f"intentd {__version__}"


def test_a_model_planned_workspace_upgrades_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model planner's workspace: the model is asked again (the inputs changed), answers
    the same plan, and the commit credits the compiler for the contract changes."""
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    with FakeOpenAI([Reply.json(conduit.answer())] * 2) as fake:
        ws = make_workspace(tmp_path / "ws", conduit.APP_MD, build=False)
        ws.write(
            "intentd.yaml",
            "planner:\n  backend: openai\n  model: gpt-5-mini\n"
            f"  base_url: {fake.base_url}\n  api_key_env: {KEY_ENV}\n  profile: openai\n"
            "  timeout: 30\n  retries: 0\n  repair_attempts: 0\n",
        )
        assert ws.build().status == "committed"
        old = _as_previous_release(ws, monkeypatch, trailer=None, conflict=True)
        outcome = ws.build()
        assert outcome.status == "committed", outcome.message
        assert fake.count == 2
    assert FROM_COMPILER in _body(ws)
    changes, version, bump = _expected(old, ws)
    assert [c.message for c in changes].count("response 409 removed") >= 3
    assert (ws.trailers()["Spec-Version"], ws.trailers()["Spec-Bump"]) == (version, bump)
