"""``intentd eval``: models × cases → a Markdown table, against the fake server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from intentd.config import StageModel
from intentd.handoff import Handoff
from intentd.planner.llm.eval import (
    EvalCase,
    coverage,
    load_cases,
    operation,
    render_markdown,
    run_eval,
)
from intentd.planner.llm.planner import OpenAIPlanner
from tests.helpers import ROOT
from tests.helpers.fake_openai import FakeOpenAI, Reply, usage
from tests.helpers.llm_fixtures import FAKE_KEY, KEY_ENV, bundle, good, semantically_bad, stage

EVALS = ROOT / "evals"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    with FakeOpenAI() as server:
        yield server


def test_shipped_cases_load() -> None:
    cases = load_cases(EVALS)
    assert [c.name for c in cases] == ["clinic", "library", "todo"]
    for case in cases:
        assert case.entities and case.operations
        assert case.bundle.texts


def test_operation_ignores_parameter_names() -> None:
    assert operation("get", "/books/{bookId}/") == operation("GET", "/books/{id}")


def test_eval_table(fake: FakeOpenAI) -> None:
    case = EvalCase("library", bundle(), ("Book", "Author"), ("GET /books", "POST /books"))
    fake.add(
        Reply.json(good(), usage=usage(100, 50)),
        Reply.json(semantically_bad(), usage=usage(100, 50)),
        Reply.json(good(), usage=usage(200, 50)),
    )

    def make(s: StageModel) -> OpenAIPlanner:
        return OpenAIPlanner(s, cache_dir=None)

    stages = [stage(fake.base_url, model="model-a"), stage(fake.base_url, model="model-b")]
    results = run_eval(stages, [case], make)
    assert [(r.model, r.valid_first, r.valid, r.attempts) for r in results] == [
        ("model-a", True, True, 1),
        ("model-b", False, True, 2),
    ]
    assert results[0].entity_coverage == 0.5 and results[0].operation_coverage == 0.5
    table = render_markdown(results)
    assert "| model-a | library | 1/1 | 1/1 | 1 | 50% | 50% | 150 |" in table
    assert "| model-b | library | 0/1 | 1/1 | 2 | 50% | 50% | 400 |" in table


def test_failed_case_is_reported(fake: FakeOpenAI) -> None:
    case = EvalCase("library", bundle(), ("Book",), ())
    fake.add(Reply.refusal("no"))
    results = run_eval([stage(fake.base_url)], [case], lambda s: OpenAIPlanner(s, cache_dir=None))
    assert not results[0].valid and results[0].entity_coverage == 0.0
    assert "refused" in render_markdown(results)


def test_coverage_counts_case_insensitively() -> None:
    from intentd.planner.llm import profiles

    planned = profiles.PlannedHandoff.model_validate(good())
    h = Handoff.model_validate(
        {
            **planned.model_dump(mode="json"),
            "trace_links": {
                "intent_id": "library",
                "intent_hash": "0" * 64,
                "planner": {"backend": "openai", "model": None, "prompt_version": None},
                "spec_suggested_version": None,
                "inputs": [],
            },
        }
    )
    case = EvalCase("x", bundle(), ("book",), ("GET /books", "GET /books/{id}"))
    assert coverage(h, case) == (1.0, 0.5)


def test_offline_baseline_meets_every_shipped_expectation() -> None:
    from intentd.planner.offline.planner import OfflinePlanner

    results = run_eval([StageModel()], load_cases(EVALS), lambda s: OfflinePlanner())
    assert [(r.model, r.valid_first) for r in results] == [("offline", True)] * 3
    assert all(r.entity_coverage == r.operation_coverage == 1.0 for r in results), [
        (r.case, r.entity_coverage, r.operation_coverage) for r in results
    ]


def test_eval_command_prints_the_table(
    fake: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from intentd import cli

    cases = tmp_path / "cases" / "library"
    (cases / "intent").mkdir(parents=True)
    (cases / "intent" / "app.md").write_text(
        "".join(f.text or "" for f in bundle().texts), encoding="utf-8"
    )
    (cases / "expect.yaml").write_text("entities: [Book]\noperations: []\n", encoding="utf-8")
    (tmp_path / "intentd.yaml").write_text(
        f"planner:\n  backend: openai\n  model: model-a\n  base_url: {fake.base_url}\n"
        f"  api_key_env: {KEY_ENV}\n  retries: 0\n",
        encoding="utf-8",
    )
    fake.add(Reply.json(good(), usage=usage(100, 50)))
    code = cli.main(["eval", "--cases", str(tmp_path / "cases"), "-C", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "| model-a | library | 1/1 | 1/1 |" in out
    assert FAKE_KEY not in out
