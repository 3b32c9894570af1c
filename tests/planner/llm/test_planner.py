"""The model planner against a real HTTP server on 127.0.0.1, driven by the real openai SDK."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from intentd.config import Config, Price
from intentd.errors import Finding, IntentdError, PlanError
from intentd.handoff import Handoff, check
from intentd.planner.llm import profiles
from intentd.planner.llm.planner import PROMPT_NAME, OpenAIPlanner, parse_answer
from tests.helpers.fake_openai import FakeOpenAI, Reply, usage
from tests.helpers.llm_fixtures import (
    FAKE_KEY,
    KEY_ENV,
    bundle,
    good,
    schema_bad,
    semantically_bad,
    stage,
)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(autouse=True)
def no_key_leak(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """No file under the test's tmp dir and no log record ever holds the key."""
    caplog.set_level(logging.DEBUG)
    yield
    assert FAKE_KEY not in caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert FAKE_KEY.encode() not in path.read_bytes(), path


def make(fake: FakeOpenAI, tmp_path: Path, **kw: Any) -> OpenAIPlanner:
    options = {
        k: kw.pop(k) for k in ("prices", "validate", "progress", "prompt_override") if k in kw
    }
    return OpenAIPlanner(
        stage(fake.base_url, **kw), cache_dir=tmp_path / ".intentd" / "llm-cache", **options
    )


def user_text(body: dict[str, Any], index: int = 1) -> str:
    content = body["messages"][index]["content"]
    if isinstance(content, str):
        return content
    return "\n".join(p.get("text", "") for p in content if p["type"] == "text")


def assert_clean(exc: BaseException) -> None:
    assert FAKE_KEY not in str(exc)
    assert FAKE_KEY not in repr(exc)


# --------------------------------------------------------------------------- good path


def test_good_handoff(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good(), usage=usage(1000, 200, cached=400, reasoning=50)))
    prices = [
        Price(model="gpt-5", input_per_mtok=1.0, cached_input_per_mtok=0.1, output_per_mtok=8)
    ]
    planner = make(fake, tmp_path, prices=prices, max_tokens=4000, reasoning_effort="low")

    handoff = planner.plan(bundle(), None, [])

    assert isinstance(handoff, Handoff) and check(handoff) == []
    trace = handoff.trace_links
    assert trace.intent_hash == bundle().sha256
    assert trace.planner.backend == "openai" and trace.planner.model == "gpt-5-mini"
    assert trace.planner.prompt_version == planner.prompt_version
    assert planner.prompt_version is not None and planner.prompt_version.startswith(
        f"{PROMPT_NAME}@"
    )
    assert [(i.path, i.read) for i in trace.inputs] == [("intent/app.md", True)]
    assert fake.count == 1
    req = fake.requests[0]
    assert req.path == "/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {FAKE_KEY}"  # read from the named variable
    assert req.headers.get("x-stainless-helper-method") == "chat.completions.parse"
    rf = req.body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    assert rf["json_schema"]["schema"] == profiles.schema_for("openai")
    assert req.body["max_completion_tokens"] == 4000
    assert req.body["reasoning_effort"] == "low"
    assert "temperature" not in req.body and "max_tokens" not in req.body
    assert req.body["messages"][0]["role"] == "system"
    assert "  6| ### Browse books (must, S)" in user_text(req.body)
    u = planner.last_usage
    assert (u.prompt_tokens, u.completion_tokens, u.cached_tokens, u.reasoning_tokens) == (
        1000,
        200,
        400,
        50,
    )
    assert (u.requests, u.attempts, u.cache_hits) == (1, 1, 0)
    assert u.cost_usd == pytest.approx((600 * 1.0 + 400 * 0.1 + 200 * 8) / 1e6)


def test_second_plan_of_same_intent_is_served_from_the_cache(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.add(Reply.json(semantically_bad()), Reply.json(good()))
    first = make(fake, tmp_path).plan(bundle(), None, [])
    assert fake.count == 2

    again = make(fake, tmp_path)
    second = again.plan(bundle(), None, [])

    assert fake.count == 2  # zero HTTP requests
    assert second == first
    assert (again.last_usage.requests, again.last_usage.cache_hits) == (0, 2)
    assert again.last_usage.total_tokens == 0


def test_changed_intent_misses_the_cache(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()), Reply.json(good()))
    make(fake, tmp_path).plan(bundle(), None, [])
    make(fake, tmp_path).plan(bundle(text=bundle().texts[0].text + "\nMore.\n"), None, [])
    assert fake.count == 2


def test_previous_handoff_and_caller_findings_are_sent(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()), Reply.json(good()))
    previous = make(fake, tmp_path).plan(bundle(), None, [])
    make(fake, tmp_path).plan(
        bundle(), previous, [Finding("spec/openapi.yaml", "paths./books: missing example")]
    )
    text = user_text(fake.requests[1].body)
    assert "previous hand-off" in text and "id: list-books" in text
    assert "trace_links" not in text
    assert "- spec/openapi.yaml: paths./books: missing example" in text


def test_callers_findings_continue_the_conversation(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()), Reply.json(good()))
    planner = make(fake, tmp_path)
    planner.plan(bundle(), None, [])
    planner.plan(bundle(), None, [Finding("/paths/~1books/get", "no 404 response")])
    assert (planner.last_usage.requests, planner.total_usage.requests) == (1, 2)
    first, second = (r.body["messages"] for r in fake.requests)
    assert second[:2] == first
    assert second[2] == {"role": "assistant", "content": json.dumps(good())}
    assert "- /paths/~1books/get: no 404 response" in second[3]["content"]


def test_image_is_sent_as_an_image_part(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()))
    handoff = make(fake, tmp_path).plan(bundle(image=True), None, [])
    content = fake.requests[0].body["messages"][1]["content"]
    images = [p for p in content if p["type"] == "image_url"]
    assert len(images) == 1
    assert images[0]["image_url"]["url"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert images[0]["image_url"]["detail"] == "high"
    read = {i.path: i.read for i in handoff.trace_links.inputs}
    assert read == {"intent/app.md": True, "intent/wireframe.png": True}


def test_oversized_image_is_skipped_and_noted(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()))
    planner = OpenAIPlanner(
        stage(fake.base_url), cache_dir=None, max_image_bytes=10
    )  # the PNG is 67 bytes
    handoff = planner.plan(bundle(image=True), None, [])
    assert isinstance(fake.requests[0].body["messages"][1]["content"], str)
    inputs = {i.path: i for i in handoff.trace_links.inputs}
    assert not inputs["intent/wireframe.png"].read
    assert "image cap" in (inputs["intent/wireframe.png"].note or "")


# --------------------------------------------------------------------------- repair loop


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (Reply.content("{not json"), "answer: not valid JSON at line 1, column 2"),
        (Reply.json(schema_bad()), "/features/0/priority: Input should be 'must'"),
        (Reply.json(semantically_bad()), "names unknown entity 'Volume'"),
    ],
    ids=["invalid-json", "schema-invalid", "semantically-invalid"],
)
def test_invalid_answer_is_repaired(
    fake: FakeOpenAI, tmp_path: Path, first: Reply, expected: str
) -> None:
    fake.add(first, Reply.json(good()))
    planner = make(fake, tmp_path)
    handoff = planner.plan(bundle(), None, [])
    assert check(handoff) == []
    assert fake.count == 2
    repair = fake.requests[1].body["messages"]
    assert [m["role"] for m in repair] == ["system", "user", "assistant", "user"]
    assert repair[:2] == fake.requests[0].body["messages"][:2]  # the prefix stays stable
    assert expected in repair[3]["content"]
    assert planner.last_usage.attempts == 2
    assert planner.checked is not None and planner.checked[0] is handoff  # the accepted answer
    assert planner.checked[1] == check(handoff)


def test_source_past_the_end_of_the_file_is_repaired(fake: FakeOpenAI, tmp_path: Path) -> None:
    bad = good()
    bad["features"][0]["source"] = "intent/app.md:99"
    fake.add(Reply.json(bad), Reply.json(good()))
    make(fake, tmp_path).plan(bundle(), None, [])
    assert "intent/app.md has 12 lines" in fake.requests[1].body["messages"][3]["content"]


def test_callers_validation_goes_back_to_the_model(fake: FakeOpenAI, tmp_path: Path) -> None:
    seen: list[Handoff] = []

    def validate(h: Handoff) -> list[Finding]:
        seen.append(h)
        return [Finding("/paths/~1books", "no example")] if len(seen) == 1 else []

    fake.add(Reply.json(good()), Reply.json(good()))
    make(fake, tmp_path, validate=validate).plan(bundle(), None, [])
    assert len(seen) == 2
    assert "- /paths/~1books: no example" in fake.requests[1].body["messages"][3]["content"]


def test_every_attempt_fails_then_plan_error_with_all_findings(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.add(Reply.content("nope"), Reply.json(schema_bad()), Reply.json(semantically_bad()))
    planner = make(fake, tmp_path, repair_attempts=2)
    with pytest.raises(PlanError) as info:
        planner.plan(bundle(), None, [])
    assert fake.count == 3
    text = str(info.value)
    assert "attempt 1: not valid JSON" in text
    assert "attempt 2: Input should be 'must'" in text
    assert "attempt 3: endpoint 'list-books' entity names unknown entity 'Volume'" in text
    assert "3 attempt(s)" in info.value.message
    assert len(planner.last_findings) == 3
    assert not list((tmp_path / ".intentd" / "llm-cache").glob("*.json"))  # nothing replayed
    assert planner.checked is None  # no hand-off was returned
    assert_clean(info.value)


def test_token_budget_stops_the_repair_loop(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(semantically_bad(), usage=usage(900, 300)), Reply.json(good()))
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path, token_budget=1000).plan(bundle(), None, [])
    assert fake.count == 1
    assert "token budget of 1000 is spent" in info.value.message


# --------------------------------------------------------------------------- failures


def test_refusal_is_a_clear_error_and_not_cached(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.refusal("I cannot plan that."), Reply.json(good()))
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path).plan(bundle(), None, [])
    assert "the model refused: I cannot plan that." in str(info.value)
    assert_clean(info.value)
    make(fake, tmp_path).plan(bundle(), None, [])
    assert fake.count == 2


def test_length_cut_is_a_clear_error(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.content('{"project_name": "Lib', finish_reason="length"))
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path, max_tokens=50).plan(bundle(), None, [])
    text = str(info.value)
    assert "cut off at the token limit" in text and "max_tokens=50" in text
    assert "intentd.yaml: " in text
    assert fake.count == 1


def test_429_then_500_then_success(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.error(429, "slow down"), Reply.error(500, "boom"), Reply.json(good()))
    planner = make(fake, tmp_path, retries=2)
    planner.plan(bundle(), None, [])
    assert fake.count == 3
    assert planner.last_usage.requests == 1  # one answer; the SDK retried the transport


def test_server_errors_past_the_retries(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"))
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path, retries=1).plan(bundle(), None, [])
    assert fake.count == 2
    assert "HTTP 503 after retries: overloaded" in str(info.value)


def test_hang_past_the_timeout(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.hanging())
    started = time.monotonic()
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path, timeout=0.3, retries=0).plan(bundle(), None, [])
    assert time.monotonic() - started < 10
    assert "no answer within 0.3s" in str(info.value)
    assert fake.count == 1
    assert_clean(info.value)


def test_key_echoed_by_a_server_is_scrubbed(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.error(400, f"invalid request for key {FAKE_KEY}"))
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path).plan(bundle(), None, [])
    assert "HTTP 400" in str(info.value)
    assert_clean(info.value)


def test_rejected_key_names_the_variable_not_the_key(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.error(401, "bad key"))
    with pytest.raises(PlanError) as info:
        make(fake, tmp_path).plan(bundle(), None, [])
    assert f"${KEY_ENV}" in str(info.value)
    assert_clean(info.value)


def test_missing_key_for_a_hosted_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    planner = OpenAIPlanner(stage("https://api.openai.com/v1"), cache_dir=None)
    with pytest.raises(IntentdError) as info:
        planner.plan(bundle(), None, [])
    assert f"{KEY_ENV} holding the API key is not set" in str(info.value)


def test_unreachable_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    planner = OpenAIPlanner(stage("http://127.0.0.1:9/v1", retries=0), cache_dir=None)
    with pytest.raises(PlanError) as info:
        planner.plan(bundle(), None, [])
    assert "cannot reach http://127.0.0.1:9/v1" in str(info.value)


# --------------------------------------------------------------------------- options


def test_progress_reports_elapsed_and_tokens(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls: list[tuple[float, int]] = []
    fake.add(Reply.json(good(), usage=usage(100, 20)))
    make(fake, tmp_path, progress=lambda s, t: calls.append((s, t))).plan(bundle(), None, [])
    assert calls[0] == (0.0, 0)
    assert calls[-1][1] == 120 and calls[-1][0] >= 0


def test_workspace_prompt_override(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()))
    planner = make(fake, tmp_path, prompt_override="Plan carefully.\n")
    handoff = planner.plan(bundle(), None, [])
    assert fake.requests[0].body["messages"][0]["content"] == "Plan carefully."
    assert handoff.trace_links.planner.prompt_version == planner.prompt_version
    assert planner.prompt_version is not None
    assert planner.prompt_version.startswith(f"workspace:{PROMPT_NAME}@")


def test_json_object_profile_for_llama_cpp_python(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.content("```json\n" + json.dumps(good()) + "\n```"))
    make(fake, tmp_path, profile="json_object", max_tokens=900).plan(bundle(), None, [])
    req = fake.requests[0]
    assert "x-stainless-helper-method" not in req.headers
    assert req.body["response_format"]["type"] == "json_object"
    assert req.body["response_format"]["schema"] == profiles.schema_for("json_object")
    assert req.body["max_tokens"] == 900 and req.body["temperature"] == 0.0
    # llama-cpp-python's gemma format drops system messages: one user message instead.
    [message] = req.body["messages"]
    assert message["role"] == "user" and isinstance(message["content"], str)
    assert message["content"].startswith("You are the Planner of intentd.")
    assert "The JSON Schema of the answer:" in message["content"]
    assert "  6| ### Browse books (must, S)" in message["content"]


def test_kimi_profile(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()))
    make(fake, tmp_path, profile="kimi", model="kimi-k2", reasoning_effort="none").plan(
        bundle(), None, []
    )
    body = fake.requests[0].body
    assert body["response_format"]["json_schema"]["schema"] == profiles.schema_for("kimi")
    assert "reasoning_effort" not in body and "temperature" not in body


def test_skeleton_is_sent(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.json(good()))
    planner = OpenAIPlanner(
        stage(fake.base_url),
        cache_dir=None,
        skeleton=lambda b: ({"project_name": "Library"}, [Finding("intent/app.md:3", "odd")]),
    )
    planner.plan(bundle(), None, [])
    text = user_text(fake.requests[0].body)
    assert "lenient reading" in text and "project_name: Library" in text
    assert "- intent/app.md:3: odd" in text


def test_parse_answer_strips_a_code_fence() -> None:
    data, problems = parse_answer(
        "```json\n" + json.dumps(good()) + "\n```", profiles.PlannedHandoff
    )
    assert data is not None and problems == []


def test_from_workspace_config_uses_the_repair_model(fake: FakeOpenAI, tmp_path: Path) -> None:
    config = Config(
        planner=stage(fake.base_url, model="gpt-5"),
        repair=stage(fake.base_url, model="gpt-5-mini"),
        prices=[Price(model="gpt-5", input_per_mtok=1.0, output_per_mtok=10.0)],
    )
    fake.add(Reply.json(semantically_bad(), usage=usage(10, 10)), Reply.json(good()))
    planner = OpenAIPlanner(config, cache_dir=tmp_path / "cache", skeleton=None)
    handoff = planner.plan(bundle(), None, [])
    assert [r.body["model"] for r in fake.requests] == ["gpt-5", "gpt-5-mini"]
    assert handoff.trace_links.planner.model == "gpt-5"
    assert planner.last_usage.cost_usd == pytest.approx((10 * 1.0 + 10 * 10.0) / 1e6)


def test_streaming_reports_tokens_as_they_come(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls: list[tuple[float, int]] = []
    fake.add(Reply.json(good(), usage=usage(100, 700)))
    planner = OpenAIPlanner(
        stage(fake.base_url),
        cache_dir=tmp_path / "cache",
        progress=lambda s, t: calls.append((s, t)),
        stream=True,
    )
    handoff = planner.plan(bundle(), None, [])
    assert check(handoff) == []
    body = fake.requests[0].body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["response_format"]["type"] == "json_schema"
    assert calls[0] == (0.0, 0) and calls[-1][1] == 800
    assert planner.last_usage.completion_tokens == 700


def test_streamed_refusal_and_length(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.add(Reply.refusal("No."), Reply.content('{"a', finish_reason="length"))
    planner = OpenAIPlanner(stage(fake.base_url), cache_dir=None, stream=True)
    with pytest.raises(PlanError, match=r"refused: No\."):
        planner.plan(bundle(), None, [])
    with pytest.raises(PlanError, match="cut off at the token limit"):
        planner.plan(bundle(), None, [])


def test_a_secret_in_the_intent_is_never_sent(fake: FakeOpenAI, tmp_path: Path) -> None:
    text = bundle().texts[0].text + "\napi_key = abcdef1234567890XYZ\n"
    with pytest.raises(IntentdError) as info:
        make(fake, tmp_path).plan(bundle(text=text), None, [])
    assert fake.count == 0
    assert "intent/app.md:14: this looks like a secret assignment" in str(info.value)


def test_offline_skeleton_when_installed(fake: FakeOpenAI, tmp_path: Path) -> None:
    from intentd.planner.llm.planner import default_skeleton

    skeleton = default_skeleton()
    if skeleton is None:
        pytest.skip("the offline planner is not installed yet")
    fake.add(Reply.json(good()))
    OpenAIPlanner(stage(fake.base_url), cache_dir=None, skeleton=skeleton).plan(bundle(), None, [])
    text = user_text(fake.requests[0].body)
    assert "lenient reading" in text and "Book" in text.split("lenient reading", 1)[1]
