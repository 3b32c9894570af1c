"""``enhance``: a model writes an intent document that must validate before it is returned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from intentd.config import Config
from intentd.errors import ConfigError, Finding, IntentdError, PlanError
from intentd.planner.llm.enhance import enhance
from intentd.planner.usage import Usage
from tests.helpers.fake_openai import FakeOpenAI, Reply, usage
from tests.helpers.llm_fixtures import APP_MD, FAKE_KEY, KEY_ENV, stage


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    with FakeOpenAI() as server:
        yield server


def _config(fake: FakeOpenAI) -> Config:
    return Config(enhancer=stage(fake.base_url, model="gpt-5-nano"))


def needs_features(text: str) -> list[Finding]:
    if "## Features" in text:
        return []
    return [Finding("intent/app.md:1", "no Features section; add '## Features'")]


def test_enhance_returns_a_document_that_validates(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(
        Reply.content("# Library\n\nJust a title.", usage=usage(50, 10)),
        Reply.content("```markdown\n" + APP_MD + "```", usage=usage(80, 40)),
    )
    used = Usage()
    text = enhance(
        "a library catalogue",
        _config(fake),
        validate=needs_features,
        cache_dir=tmp_path / "cache",
        usage=used,
    )
    assert text == APP_MD
    assert fake.count == 2
    first = fake.requests[0].body
    assert "response_format" not in first
    assert first["model"] == "gpt-5-nano"
    assert "The idea: a library catalogue" in first["messages"][1]["content"]
    repair = fake.requests[1].body["messages"][3]["content"]
    assert "- intent/app.md:1: no Features section" in repair
    assert (used.attempts, used.total_tokens) == (2, 180)
    for path in tmp_path.rglob("*"):
        assert not path.is_file() or FAKE_KEY.encode() not in path.read_bytes()

    again = enhance(
        "a library catalogue", _config(fake), validate=needs_features, cache_dir=tmp_path / "cache"
    )
    assert again == APP_MD and fake.count == 2


def test_enhance_gives_up_with_every_attempts_findings(fake: FakeOpenAI) -> None:
    fake.add(Reply.content("nothing"), Reply.content("still nothing"))
    config = Config(enhancer=stage(fake.base_url, repair_attempts=1))
    with pytest.raises(PlanError) as info:
        enhance("an idea", config, validate=needs_features)
    assert "attempt 1: no Features section" in str(info.value)
    assert "attempt 2: no Features section" in str(info.value)
    assert FAKE_KEY not in str(info.value)


def test_enhance_rejects_a_document_with_a_secret(fake: FakeOpenAI) -> None:
    fake.add(Reply.content(APP_MD + "\napi_key = abcdef1234567890XYZ\n"), Reply.content(APP_MD))
    assert enhance("x", _config(fake), validate=needs_features) == APP_MD
    assert "never write secrets" in fake.requests[1].body["messages"][3]["content"]


def test_convention_text_is_appended_to_the_prompt(fake: FakeOpenAI) -> None:
    fake.add(Reply.content(APP_MD))
    enhance("x", _config(fake), validate=needs_features, convention="CONVENTION-TEXT")
    assert fake.requests[0].body["messages"][0]["content"].endswith("CONVENTION-TEXT")


def test_enhance_needs_a_model() -> None:
    with pytest.raises(ConfigError):
        enhance("x", Config(), validate=needs_features)


def test_empty_idea() -> None:
    with pytest.raises(IntentdError):
        enhance("  ", Config(), validate=needs_features)


def test_enhance_folds_the_prompt_for_servers_without_a_system_role(fake: FakeOpenAI) -> None:
    fake.add(Reply.content(APP_MD))
    config = Config(enhancer=stage(fake.base_url, profile="json_object"))
    enhance("x", config, validate=needs_features)
    [message] = fake.requests[0].body["messages"]
    assert message["role"] == "user" and message["content"].endswith(
        "The idea: x\n\nWrite the intent document."
    )


def test_offline_validate() -> None:
    from intentd.planner.llm.enhance import offline_validate

    assert offline_validate(APP_MD) == []
    problems = offline_validate(APP_MD + "\n## Entities\n### Shelf\n- size: strnig\n")
    assert problems and all(p.location.startswith("intent/app.md") for p in problems)


def test_enhance_with_the_offline_planner(fake: FakeOpenAI) -> None:
    from intentd.planner.llm.enhance import offline_validate

    fake.add(
        Reply.content("# X\n\n## Entities\n### Shelf\n- size: strnig\n"), Reply.content(APP_MD)
    )
    assert enhance("x", _config(fake), validate=offline_validate) == APP_MD
    assert "strnig" in fake.requests[1].body["messages"][3]["content"]
