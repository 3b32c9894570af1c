"""One call to an OpenAI-compatible server, with usage, cost, cache and clear errors.

The key is read from the environment variable *named* in the stage settings at call time
and lives only in the SDK client for the length of the call: it is never written to the
cache, an event, a log line or an error message (every message leaving here is scrubbed).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

import openai
from openai import OpenAI

from ... import layout
from ...config import Price, StageModel
from ...errors import Finding, PlanError
from ..usage import Usage, price_for
from . import profiles
from .cache import AnswerCache, cache_key
from .profiles import Profile

Progress = Callable[[float, int], None]
"""Called with (seconds elapsed, tokens so far) while a model works (issue #6, item 7)."""

CONFIG_LOCATION = layout.CONFIG
_LOCAL_KEY = "not-needed"  # local servers ignore the key; the SDK wants a non-empty one


@dataclass(frozen=True)
class Completion:
    """What intentd reads of a chat completion, streamed or not."""

    content: str | None
    refusal: str | None
    finish_reason: str | None
    tokens: dict[str, int]
    model: str

    @classmethod
    def of(cls, completion: Any) -> Completion:
        if not completion.choices:
            return cls(None, None, None, _tokens(completion.usage), completion.model)
        choice = completion.choices[0]
        return cls(
            choice.message.content,
            getattr(choice.message, "refusal", None),
            choice.finish_reason,
            _tokens(completion.usage),
            completion.model,
        )


@dataclass(frozen=True)
class Answer:
    content: str
    tokens: dict[str, int]
    cached: bool


class ModelClient:
    """Calls one stage's model; ``complete`` returns the answer text or raises PlanError."""

    def __init__(
        self,
        stage: StageModel,
        *,
        stage_name: str = "planner",
        cache: AnswerCache | None = None,
        prices: Sequence[Price] = (),
        progress: Progress | None = None,
        progress_interval_s: float = 1.0,
        stream: bool = False,
    ) -> None:
        if stage.backend != "openai" or not stage.model:
            raise PlanError(
                f"{CONFIG_LOCATION}: {stage_name} has no model",
                (
                    Finding(
                        CONFIG_LOCATION,
                        f"{stage_name}: set 'backend: openai' and a 'model' to use a model",
                        rule="config",
                    ),
                ),
            )
        self.stage = stage
        self.stage_name = stage_name
        self.model: str = stage.model
        self.profile: Profile = profiles.resolve(stage.profile, stage.base_url, stage.model)
        self.cache = cache or AnswerCache(None)
        self.price = price_for(prices, stage.model)
        self.progress = progress
        self.progress_interval_s = progress_interval_s
        self.stream = stream

    # ------------------------------------------------------------------ request

    def params(self) -> dict[str, Any]:
        p = self.profile
        out: dict[str, Any] = {}
        if self.stage.max_tokens is not None:
            out[p.max_tokens_param] = self.stage.max_tokens
        if p.temperature is not None:
            out["temperature"] = p.temperature
        if p.seed is not None:
            out["seed"] = p.seed
        effort = self.stage.reasoning_effort
        if p.reasoning_effort and effort and not (p.name == "kimi" and effort == "none"):
            out["reasoning_effort"] = effort
        return out

    def request(
        self, messages: list[dict[str, Any]], schema: dict[str, Any] | None, prompt_version: str
    ) -> dict[str, Any]:
        """Everything that decides the answer: the cache key's input and the call's body."""
        url = urlsplit(self.stage.base_url or "https://api.openai.com/v1")
        return {
            "profile": self.profile.name,
            "host": url.hostname or "",
            "port": url.port,
            "model": self.model,
            "messages": messages,
            "response_format": None
            if schema is None
            else profiles.response_format(self.profile, schema),
            "params": self.params(),
            "prompt_version": prompt_version,
        }

    # ------------------------------------------------------------------ call

    def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        schema: dict[str, Any] | None,
        prompt_version: str,
        usage: Usage,
    ) -> Answer:
        req = self.request(messages, schema, prompt_version)
        key = cache_key(req)
        hit = self.cache.get(key)
        if hit is not None:
            usage.cache_hits += 1
            return Answer(hit["content"], {}, True)
        started = time.monotonic()
        with self._ticking(started, usage.total_tokens, timer=not self.stream):
            completion = self._call(req, started, usage.total_tokens)
        usage.requests += 1
        content = self._judge(completion)
        usage.add_tokens(completion.tokens, self.price)
        if self.progress is not None:
            self.progress(time.monotonic() - started, usage.total_tokens)
        self.cache.put(
            key, {"content": content, "tokens": completion.tokens, "model": completion.model}
        )
        return Answer(content, completion.tokens, False)

    def forget(
        self, messages: list[dict[str, Any]], schema: dict[str, Any] | None, pv: str
    ) -> None:
        self.cache.drop(cache_key(self.request(messages, schema, pv)))

    def _api_key(self) -> str:
        env = self.stage.api_key_env
        key = os.environ.get(env, "")
        if key:
            return key
        if self.profile.name in ("openai", "kimi") and not self._is_local():
            raise PlanError(
                f"{CONFIG_LOCATION}: ${env} is not set",
                (
                    Finding(
                        CONFIG_LOCATION,
                        f"{self.stage_name}: the environment variable {env} holding the API key "
                        "is not set; export it (intentd never stores keys)",
                        rule="config",
                    ),
                ),
            )
        return _LOCAL_KEY

    def _is_local(self) -> bool:
        host = urlsplit(self.stage.base_url or "").hostname or ""
        return host in ("127.0.0.1", "localhost", "::1")

    def _call(self, req: dict[str, Any], started: float, tokens_before: int) -> Completion:
        key = self._api_key()
        client = OpenAI(
            api_key=key,
            base_url=self.stage.base_url,
            timeout=self.stage.timeout,
            max_retries=self.stage.retries,
        )
        kwargs: dict[str, Any] = {
            "model": req["model"],
            "messages": req["messages"],
            **req["params"],
        }
        try:
            with client:
                return self._send(client, req["response_format"], kwargs, started, tokens_before)
        except openai.LengthFinishReasonError as exc:
            return Completion.of(exc.completion)
        except (
            openai.ContentFilterFinishReasonError,
            openai.APIConnectionError,
            openai.APIStatusError,
        ) as exc:
            raise self._api_error(exc, key) from None

    def _send(
        self,
        client: OpenAI,
        rf: dict[str, Any] | None,
        kwargs: dict[str, Any],
        started: float,
        tokens_before: int,
    ) -> Completion:
        if self.stream:
            if rf is not None:
                kwargs["response_format"] = cast(Any, rf)
            return self._streamed(client, kwargs, started, tokens_before)
        if rf is not None and rf["type"] == "json_schema":
            # parse() validates nothing here (a dict format); it raises on length
            # and content-filter cuts, which _judge turns into clear errors.
            return Completion.of(
                client.chat.completions.parse(response_format=cast(Any, rf), **kwargs)
            )
        if rf is not None:
            kwargs["response_format"] = cast(Any, rf)
        return Completion.of(client.chat.completions.create(**kwargs))

    def _api_error(self, exc: openai.OpenAIError, key: str) -> PlanError:
        """The SDK's error as a message that says what to change (never the key)."""
        if isinstance(exc, openai.ContentFilterFinishReasonError):
            return self._error("the provider's content filter stopped the answer")
        if isinstance(exc, openai.APITimeoutError):
            return self._error(
                f"no answer within {self.stage.timeout:g}s "
                f"({self.stage.retries + 1} attempt(s)); raise {self.stage_name}.timeout "
                "in intentd.yaml or try again",
                CONFIG_LOCATION,
            )
        if isinstance(exc, openai.APIConnectionError):
            return self._error(
                f"cannot reach {self.stage.base_url or 'api.openai.com'}; is the server "
                f"running and {self.stage_name}.base_url right?",
                CONFIG_LOCATION,
            )
        if isinstance(exc, openai.AuthenticationError):
            return self._error(
                f"the server rejected the key in ${self.stage.api_key_env} (HTTP 401); "
                "check the key",
                CONFIG_LOCATION,
            )
        assert isinstance(exc, openai.APIStatusError)
        retried = " after retries" if exc.status_code == 429 or exc.status_code >= 500 else ""
        return self._error(
            f"the server answered HTTP {exc.status_code}{retried}"
            f": {_scrub(_server_message(exc), key)}",
            CONFIG_LOCATION,
        )

    def _judge(self, completion: Completion) -> str:
        if completion.refusal:
            raise self._error(f"the model refused: {completion.refusal}")
        if completion.finish_reason == "length":
            limit = self.stage.max_tokens
            raise self._error(
                f"the answer was cut off at the token limit (finish_reason=length"
                f"{f', max_tokens={limit}' if limit else ''}); raise "
                f"{self.stage_name}.max_tokens in intentd.yaml or shorten the intent",
                CONFIG_LOCATION,
            )
        if completion.finish_reason == "content_filter":
            raise self._error("the provider's content filter stopped the answer")
        if not completion.content or not completion.content.strip():
            raise self._error("the model returned an empty answer")
        return completion.content

    def _streamed(
        self, client: OpenAI, kwargs: dict[str, Any], started: float, tokens_before: int
    ) -> Completion:
        """Server-sent chunks; progress counts one token per content chunk as they come."""
        got = _Stream(self.model)
        last = started
        stream = client.chat.completions.create(
            stream=True, stream_options={"include_usage": True}, **kwargs
        )
        for chunk in stream:
            got.add(chunk)
            now = time.monotonic()
            if self.progress is not None and now - last >= 0.2:
                last = now
                self.progress(now - started, tokens_before + len(got.parts))
        return got.completion()

    def _error(self, message: str, location: str = "") -> PlanError:
        text = f"{self.stage_name} model {self.model}: {message}"
        key = os.environ.get(self.stage.api_key_env, "")
        text = _scrub(text, key)
        return PlanError(text, (Finding(location, text, rule="model"),))

    @contextmanager
    def _ticking(self, started: float, tokens: int, *, timer: bool) -> Iterator[None]:
        """Report (0, tokens) now and, with ``timer``, the elapsed time every interval."""
        if self.progress is None:
            yield
            return
        progress = self.progress
        if not timer:
            progress(0.0, tokens)
            yield
            return
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(self.progress_interval_s):
                progress(time.monotonic() - started, tokens)

        progress(0.0, tokens)
        thread = threading.Thread(target=tick, name="intentd-llm-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


@dataclass
class _Stream:
    """A streamed answer so far: content and refusal parts, finish reason, usage, model."""

    model: str
    parts: list[str] = field(default_factory=list)
    refusal: list[str] = field(default_factory=list)
    finish: str | None = None
    tokens: dict[str, int] = field(default_factory=dict)

    def add(self, chunk: Any) -> None:
        self.model = chunk.model or self.model
        if chunk.usage is not None:
            self.tokens = _tokens(chunk.usage)
        for choice in chunk.choices:
            if choice.delta.content:
                self.parts.append(choice.delta.content)
            if getattr(choice.delta, "refusal", None):
                self.refusal.append(str(choice.delta.refusal))
            self.finish = choice.finish_reason or self.finish

    def completion(self) -> Completion:
        refusal = "".join(self.refusal) or None
        return Completion("".join(self.parts), refusal, self.finish, self.tokens, self.model)


def _tokens(usage: Any) -> dict[str, int]:
    if usage is None:
        return {}
    prompt_details = getattr(usage, "prompt_tokens_details", None)
    completion_details = getattr(usage, "completion_tokens_details", None)
    return {
        "prompt": int(getattr(usage, "prompt_tokens", 0) or 0),
        "completion": int(getattr(usage, "completion_tokens", 0) or 0),
        "reasoning": int(getattr(completion_details, "reasoning_tokens", 0) or 0),
        "cached": int(getattr(prompt_details, "cached_tokens", 0) or 0),
    }


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])[:500]
    return str(exc.message)[:500]


def _scrub(text: str, key: str) -> str:
    """Remove the key (and any long prefix of it a server echoed) from ``text``."""
    if key:
        text = text.replace(key, "***")
    if len(key) >= 16:
        text = text.replace(key[: len(key) // 2], "***")
    return text
