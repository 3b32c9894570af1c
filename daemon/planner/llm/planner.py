"""The model planner: intent → hand-off through any OpenAI-compatible model (issue #6).

A pure function of its inputs except for the model call (and the cache the shell passes
in). An answer that is not JSON, does not match the hand-off model, fails
:func:`intentd.handoff.check`, cites a line that does not exist, or fails the caller's own
validation goes back to the model with a compact ``location: message`` list, at most
``repair_attempts`` times within ``token_budget``; then :class:`PlanError` carries every
attempt's findings. Nothing invalid is ever returned.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ...config import Config, Price, StageModel
from ...errors import Finding, IntentdError, IntentError, PlanError, errors_only
from ...handoff import Handoff, IntentInput, PlannerInfo, TraceLinks, check, find_secret, to_data
from ...intent.bundle import IntentBundle
from ..usage import Usage
from . import messages as msgs
from . import profiles
from .cache import AnswerCache
from .client import ModelClient, Progress

Skeleton = Callable[[IntentBundle], tuple[dict[str, Any], list[Finding]]]
"""The offline planner's lenient reading: ``read_lenient(bundle) -> (data, findings)``."""
Validate = Callable[[Handoff], list[Finding]]
"""Extra validation of a candidate hand-off (e.g. compile and validate the contract)."""

PROMPT_NAME = "planner-v2"
ANSWER = "answer"  # location prefix of findings about the answer's JSON


def default_skeleton() -> Skeleton | None:
    """The offline planner's ``read_lenient`` (the skeleton a model's answer starts from)."""
    from ..offline.planner import read_lenient

    return read_lenient


class OpenAIPlanner:
    """The ``openai`` backend of the :class:`intentd.planner.Planner` protocol."""

    backend = "openai"

    def __init__(
        self,
        settings: Config | StageModel,
        *,
        repair_stage: StageModel | None = None,
        cache_dir: Path | None = None,
        prices: Sequence[Price] = (),
        prompt_override: str | None = None,
        skeleton: Skeleton | None = None,
        validate: Validate | None = None,
        progress: Progress | None = None,
        max_image_bytes: int = 5_000_000,
        schema_bounds: tuple[int, int] = (200, 12),
        stream: bool = False,
    ) -> None:
        """From a workspace :class:`Config` (planner, repair, prices, image cap and the
        offline skeleton when installed) or from one stage's settings (explicit options).
        ``cache_dir`` is ``.intentd/llm-cache``; None disables the cache. ``progress``
        receives (seconds, tokens so far) while a model works; ``stream`` asks the server
        to stream so the token count moves (servers that cannot stream: leave it off)."""
        if isinstance(settings, Config):
            stage = settings.planner
            repair_stage = repair_stage or settings.repair
            prices = prices or settings.prices
            max_image_bytes = settings.max_image_bytes
            skeleton = skeleton if skeleton is not None else default_skeleton()
        else:
            stage = settings
        self.stage = stage
        self.client, self.repair_client = _clients(
            stage, repair_stage, AnswerCache(cache_dir), prices, progress, stream
        )
        self.model: str | None = stage.model
        self.prompt = msgs.prompt_or_override(PROMPT_NAME, prompt_override)
        self.prompt_version: str | None = self.prompt.version
        self.skeleton = skeleton
        self.validate = validate
        self.max_image_bytes = max_image_bytes
        self.schema = profiles.schema_for(
            self.client.profile.name, max_string=schema_bounds[0], max_items=schema_bounds[1]
        )
        self.last_usage = Usage()  # of the last plan() call
        self.total_usage = Usage()  # of every plan() call of this planner
        self.last_findings: list[list[Finding]] = []
        #: The last hand-off returned and what :func:`~intentd.handoff.check` found in it
        #: (no errors, or it would not have been returned): the caller need not check again.
        self.checked: tuple[Handoff, list[Finding]] | None = None
        # (bundle hash, conversation, accepted answer): the caller's findings about that
        # answer continue the same conversation (its prefix is cached by the provider).
        self._last: tuple[str, list[dict[str, Any]], str] | None = None

    # ------------------------------------------------------------------ plan

    def plan(
        self,
        bundle: IntentBundle,
        previous: Handoff | None,
        findings: Sequence[Finding],
    ) -> Handoff:
        started = time.monotonic()
        usage = self.last_usage = Usage()
        self.last_findings = []
        refuse_secrets(bundle)
        skeleton = self._skeleton(bundle)
        last = self._last if findings and self._last and self._last[0] == bundle.sha256 else None
        messages, inputs = msgs.planner_messages(
            self.prompt,
            bundle,
            profile=self.client.profile,
            schema_in_prompt=self.schema if self.client.profile.schema_in_prompt else None,
            previous=previous,
            skeleton=skeleton,
            findings=() if last else findings,
            max_image_bytes=self.max_image_bytes,
        )
        if last is not None:
            messages = msgs.repair_messages(last[1], last[2], findings, "hand-off")
        run = _Run(bundle, inputs, usage, continued=last is not None)
        try:
            handoff = self._attempts(run, messages)
        except IntentdError:
            self._forget(run.sent)
            raise
        finally:
            usage.elapsed_s = time.monotonic() - started
            self.total_usage.merge(usage)
        if handoff is not None:
            return handoff
        self._forget(run.sent)  # a failed plan is not replayed from the cache
        raise self._failure(run.reason)

    def _attempts(self, run: _Run, messages: list[dict[str, Any]]) -> Handoff | None:
        """Ask, judge, and send the problems back until an answer passes or the attempts
        (or the token budget) run out."""
        budget = self.stage.token_budget
        for attempt in range(self.stage.repair_attempts + 1):
            client = self.client if attempt == 0 and not run.continued else self.repair_client
            run.sent.append((client, messages))
            answer = client.complete(
                messages, schema=self.schema, prompt_version=self.prompt.version, usage=run.usage
            )
            run.usage.attempts += 1
            verdict = self._judge(answer.content, run.bundle, run.inputs)
            if verdict.handoff is not None and not verdict.problems:
                self._last = (run.bundle.sha256, messages, answer.content)
                self.checked = (verdict.handoff, verdict.checked)
                return verdict.handoff
            self.last_findings.append(verdict.problems)
            if budget is not None and run.usage.total_tokens >= budget:
                run.reason = f"; the token budget of {budget} is spent"
                return None
            messages = msgs.repair_messages(messages, answer.content, verdict.problems, "hand-off")
        return None

    def _failure(self, reason: str) -> PlanError:
        """Every attempt's findings, numbered."""
        n = len(self.last_findings)
        return PlanError(
            f"the {self.client.stage_name} model {self.model} gave no valid hand-off in "
            f"{n} attempt(s){reason}",
            tuple(
                Finding(f.location, f"attempt {i}: {f.message}", f.severity, f.rule)
                for i, attempt_findings in enumerate(self.last_findings, 1)
                for f in attempt_findings
            ),
        )

    def _skeleton(self, bundle: IntentBundle) -> tuple[dict[str, Any], list[Finding]] | None:
        # An IntentdError here (e.g. the offline reader refusing a secret) fails the plan.
        return None if self.skeleton is None else self.skeleton(bundle)

    def _forget(self, sent: list[tuple[ModelClient, list[dict[str, Any]]]]) -> None:
        for client, messages in sent:
            client.forget(messages, self.schema, self.prompt.version)

    # ------------------------------------------------------------------ judging

    def _judge(self, content: str, bundle: IntentBundle, inputs: list[IntentInput]) -> _Verdict:
        data, problems = parse_answer(content, profiles.PlannedHandoff)
        if data is None:
            return _Verdict(None, [], problems)
        handoff = Handoff.model_validate(
            {**data.model_dump(mode="json"), "trace_links": self._trace(data, bundle, inputs)}
        )
        found = check(handoff)
        problems = errors_only(found)
        problems += source_findings(handoff, bundle)
        if not problems and self.validate is not None:
            problems = errors_only(self.validate(handoff))
        return _Verdict(handoff, found, problems)

    def _trace(
        self, planned: BaseModel, bundle: IntentBundle, inputs: list[IntentInput]
    ) -> TraceLinks:
        return TraceLinks(
            intent_id=getattr(planned, "intent_id"),  # noqa: B009 - a created model's field
            intent_hash=bundle.sha256,
            planner=PlannerInfo(
                backend="openai", model=self.model, prompt_version=self.prompt.version
            ),
            spec_suggested_version=None,
            inputs=inputs,
        )


def _clients(
    stage: StageModel,
    repair_stage: StageModel | None,
    cache: AnswerCache,
    prices: Sequence[Price],
    progress: Progress | None,
    stream: bool,
) -> tuple[ModelClient, ModelClient]:
    """The planner's client, and the repair model's (the planner's own unless one is set)."""

    def client(s: StageModel, name: str) -> ModelClient:
        return ModelClient(
            s, stage_name=name, cache=cache, prices=prices, progress=progress, stream=stream
        )

    planner = client(stage, "planner")
    if repair_stage is None or repair_stage.backend != "openai":
        return planner, planner
    return planner, client(repair_stage, "repair")


@dataclass
class _Run:
    """One plan() call's inputs and what it has sent so far (forgotten from the cache if
    the plan fails)."""

    bundle: IntentBundle
    inputs: list[IntentInput]
    usage: Usage
    continued: bool  # the first message repairs the last accepted answer
    sent: list[tuple[ModelClient, list[dict[str, Any]]]] = field(default_factory=list)
    reason: str = ""  # why the attempts stopped early, for the error


@dataclass(frozen=True)
class _Verdict:
    """One answer judged: the hand-off (None if it does not parse), what ``check`` found
    in it, and every problem that rejects it (empty: accepted)."""

    handoff: Handoff | None
    checked: list[Finding]
    problems: list[Finding]


# --------------------------------------------------------------------------- answers


def refuse_secrets(bundle: IntentBundle) -> None:
    """Nothing that looks like a secret leaves the machine in a prompt."""
    found = [
        Finding(
            f"{f.path}:{n}",
            f"this looks like {kind}; it would be sent to the model — remove it and name an "
            "environment variable under '## Environment' instead",
            rule="secret",
        )
        for f in bundle.texts
        for n, line in enumerate((f.text or "").split("\n"), 1)
        if (kind := find_secret(line)) is not None
    ]
    if found:
        raise IntentError("intent/ holds a secret; nothing was sent to the model", tuple(found))


_FENCE = re.compile(r"^\s*```[A-Za-z]*\n(.*)\n```\s*$", re.DOTALL)


def parse_answer(content: str, model: type[BaseModel]) -> tuple[BaseModel | None, list[Finding]]:
    """JSON text → ``model``; problems as findings at JSON pointers (``/features/0/id``)."""
    m = _FENCE.match(content)
    text = m.group(1) if m else content
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [
            Finding(
                ANSWER,
                f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; "
                "answer with one JSON object",
                rule="json",
            )
        ]
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, [
            Finding(
                "/" + "/".join(str(p) for p in err["loc"]),
                err["msg"],
                rule="schema",
            )
            for err in exc.errors(include_url=False)
        ]


def source_findings(handoff: Handoff, bundle: IntentBundle) -> list[Finding]:
    """Every ``source`` names an intent text file and a line it has."""
    lines = {f.path: _line_count(f.text or "") for f in bundle.texts}
    images = {f.path for f in bundle.images}
    out: list[Finding] = []
    for where, source in _sources(to_data(handoff), ""):
        path, _, line = source.rpartition(":")
        if path in images:
            continue  # an item read off a wireframe cites the image
        if path not in lines:
            out.append(Finding(where, f"source '{source}' names no intent file", rule="source"))
        elif int(line) > lines[path]:
            out.append(
                Finding(
                    where,
                    f"source '{source}': {path} has {lines[path]} lines",
                    rule="source",
                )
            )
    return out


def _line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _sources(value: Any, where: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "source" and isinstance(v, str):
                found.append((f"{where}/source", v))
            elif k != "trace_links":
                found.extend(_sources(v, f"{where}/{k}"))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(_sources(v, f"{where}/{i}"))
    return found
