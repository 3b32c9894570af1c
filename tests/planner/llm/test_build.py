"""Whole revisions (``intentd build``) through the model planner and the fake server.

Each scripted answer ends in a valid commit or a clean rollback with the reason — never an
invalid commit, never a lost edit — and the key is in no file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from intentd import yamlio
from intentd.handoff import check, from_data
from intentd.revision import transaction as revision
from tests.helpers.fake_openai import FakeOpenAI, Reply, usage
from tests.helpers.gitrepo import GitRepo, git_env, git_repo  # noqa: F401
from tests.helpers.llm_fixtures import APP_MD, FAKE_KEY, KEY_ENV, good, schema_bad, semantically_bad


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def ws(git_repo: GitRepo, fake: FakeOpenAI) -> Iterator[GitRepo]:  # noqa: F811
    git_repo.write("intent/app.md", APP_MD)
    git_repo.write(
        "intentd.yaml",
        "planner:\n"
        "  backend: openai\n"
        "  model: gpt-5-mini\n"
        f"  base_url: {fake.base_url}\n"
        f"  api_key_env: {KEY_ENV}\n"
        "  profile: openai\n"
        "  timeout: 0.5\n"
        "  retries: 2\n"
        "  repair_attempts: 1\n"
        "prices:\n"
        "  - {model: gpt-5-mini, input_per_mtok: 0.25, output_per_mtok: 2.0}\n",
    )
    git_repo.write(".gitignore", ".intentd/\n")
    git_repo.commit("workspace")
    yield git_repo
    history = git_repo.run("log", "--all", "-p", "--notes=*", "--format=%H%n%B%n%N")
    assert FAKE_KEY not in history
    for path in git_repo.path.parent.rglob("*"):
        if path.is_file():
            assert FAKE_KEY.encode() not in path.read_bytes(), path


def _handoff(ws: GitRepo) -> object:
    h = from_data(yamlio.loads((ws.path / "plan" / "handoff.yaml").read_text(encoding="utf-8")))
    assert check(h) == []
    return h


def test_good_answer_commits_and_a_second_build_makes_no_request(
    ws: GitRepo, fake: FakeOpenAI
) -> None:
    fake.add(Reply.json(good(), usage=usage(1000, 500)))
    outcome = revision.build(ws.path)
    assert outcome.status == "committed", outcome.message
    assert fake.count == 1
    _handoff(ws)
    body = ws.run("log", "-1", "--format=%B")
    assert "Intent-Hash:" in body
    assert outcome.report is not None and outcome.report.planner
    again = revision.build(ws.path)
    assert again.status == "up-to-date" and fake.count == 1


@pytest.mark.parametrize(
    "first",
    [Reply.content("{oops"), Reply.json(schema_bad()), Reply.json(semantically_bad())],
    ids=["invalid-json", "schema-invalid", "semantically-invalid"],
)
def test_invalid_answer_repaired_then_committed(
    ws: GitRepo, fake: FakeOpenAI, first: Reply
) -> None:
    fake.add(first, Reply.json(good()))
    outcome = revision.build(ws.path)
    assert outcome.status == "committed", outcome.message
    assert fake.count == 2
    _handoff(ws)


def test_retries_429_then_500_then_commits(ws: GitRepo, fake: FakeOpenAI) -> None:
    fake.add(Reply.error(429), Reply.error(500), Reply.json(good()))
    assert revision.build(ws.path).status == "committed"
    assert fake.count == 3


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ([Reply.refusal("I won't.")], "the model refused: I won't."),
        ([Reply.content('{"project', finish_reason="length")], "cut off at the token limit"),
        ([Reply.hanging()] * 3, "no answer within 0.5s"),
        (
            [Reply.json(semantically_bad()), Reply.json(semantically_bad())],
            "gave no valid hand-off in 2 attempt(s)",
        ),
    ],
    ids=["refusal", "length", "hang", "never-valid"],
)
def test_failure_rolls_back_with_the_reason(
    ws: GitRepo, fake: FakeOpenAI, script: list[Reply], reason: str
) -> None:
    head = ws.head()
    fake.add(*script)
    outcome = revision.build(ws.path)
    assert outcome.status == "failed"
    assert outcome.failure is not None
    text = outcome.message + "\n" + "\n".join(f.message for f in outcome.failure.findings)
    assert reason in text
    assert FAKE_KEY not in text and FAKE_KEY not in json.dumps(
        outcome.failure.model_dump(mode="json")
    )
    assert ws.head() == head  # nothing committed
    assert not (ws.path / "plan" / "handoff.yaml").exists()
    assert (ws.path / "intent" / "app.md").read_text(encoding="utf-8") == APP_MD  # no lost edit
