"""``intentd enhance "idea"``: a model writes a full intent document (issue #6, item 5).

The document must read cleanly with the offline planner before anyone writes it: the
caller passes ``validate`` (text → findings, e.g. the offline planner run on the text as
``intent/app.md``), and problems go back to the model like the planner's repair loop.
The function returns text; the shell writes the file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import layout
from ...config import Config, StageModel
from ...errors import ConfigError, Finding, IntentdError, PlanError, errors_only
from ...handoff import check, find_secret
from ...intent.bundle import make_bundle, make_file
from ..usage import Usage
from . import messages as msgs
from .cache import AnswerCache
from .client import ModelClient, Progress

PROMPT_NAME = "enhance-v1"
ValidateText = Callable[[str], list[Finding]]

_FENCE = re.compile(r"^\s*```(?:markdown|md)?\n(.*?)\n```\s*$", re.DOTALL)


def enhancer_stage(config: Config) -> StageModel:
    """The enhancer's model, else the planner's; offline has no model to write prose."""
    for stage in (config.enhancer, config.planner):
        if stage.backend == "openai" and stage.model:
            return stage
    raise ConfigError(
        "intentd.yaml: enhance needs a model",
        (
            Finding(
                layout.CONFIG,
                "enhance needs a model: set 'enhancer: {backend: openai, model: …}'",
                rule="config",
            ),
        ),
    )


def enhance(
    idea: str,
    config: Config,
    *,
    validate: ValidateText,
    cache_dir: Path | None = None,
    prompt_override: str | None = None,
    convention: str | None = None,
    progress: Progress | None = None,
    usage: Usage | None = None,
    stream: bool = False,
) -> str:
    """A complete intent document for ``idea`` that ``validate`` finds no error in.

    ``convention`` is the text of the intent-format guide, appended to the prompt when the
    shell has it. ``usage`` (if given) receives tokens and cost. Raises
    :class:`IntentdError` with every attempt's findings when no answer validates.
    """
    idea = _idea(idea)
    stage = enhancer_stage(config)
    usage = usage if usage is not None else Usage()
    client = ModelClient(
        stage,
        stage_name="enhancer",
        cache=AnswerCache(cache_dir),
        prices=config.prices,
        progress=progress,
        stream=stream,
    )
    prompt = msgs.prompt_or_override(PROMPT_NAME, prompt_override)
    messages = _first_messages(prompt, convention, idea, system_role=client.profile.system_role)
    started = time.monotonic()
    run = _Run(client, stage, prompt.version, validate, usage)
    try:
        text = run.attempts(messages)
    except IntentdError:
        run.forget()
        raise
    finally:
        usage.elapsed_s = time.monotonic() - started
    if text is not None:
        return text
    run.forget()  # a failed answer is not replayed from the cache
    raise PlanError(
        f"the enhancer model {stage.model} wrote no valid intent in {len(run.failed)} attempt(s)",
        tuple(
            Finding(f.location, f"attempt {i}: {f.message}", f.severity, f.rule)
            for i, problems in enumerate(run.failed, 1)
            for f in problems
        ),
    )


def _idea(idea: str) -> str:
    idea = idea.strip()
    if not idea:
        raise IntentdError(
            "enhance: empty idea", (Finding("", "give a one-line idea, e.g. 'a recipe box'"),)
        )
    return idea


def _first_messages(
    prompt: msgs.Prompt, convention: str | None, idea: str, *, system_role: bool
) -> list[dict[str, Any]]:
    """The prompt (and the convention, when given) and the idea; one user message for
    servers without a system role."""
    system = prompt.text.rstrip("\n")
    if convention:
        system += "\n\nThe convention in full:\n\n" + convention
    ask = f"The idea: {idea}\n\nWrite the intent document."
    if system_role:
        return [{"role": "system", "content": system}, {"role": "user", "content": ask}]
    return [{"role": "user", "content": f"{system}\n\n---\n\n{ask}"}]


@dataclass
class _Run:
    """The attempts of one enhance() call: what was sent and why each answer failed."""

    client: ModelClient
    stage: StageModel
    prompt_version: str
    validate: ValidateText
    usage: Usage
    sent: list[list[dict[str, Any]]] = field(default_factory=list)
    failed: list[list[Finding]] = field(default_factory=list)

    def attempts(self, messages: list[dict[str, Any]]) -> str | None:
        """Ask and send the problems back until a document validates or the attempts (or
        the token budget) run out; None then."""
        budget = self.stage.token_budget
        for _ in range(self.stage.repair_attempts + 1):
            self.sent.append(messages)
            answer = self.client.complete(
                messages, schema=None, prompt_version=self.prompt_version, usage=self.usage
            )
            self.usage.attempts += 1
            text = _document(answer.content)
            problems = _check(text, self.validate)
            if not problems:
                return text
            self.failed.append(problems)
            if budget is not None and self.usage.total_tokens >= budget:
                return None
            messages = msgs.repair_messages(messages, answer.content, problems, "document")
        return None

    def forget(self) -> None:
        for messages in self.sent:
            self.client.forget(messages, None, self.prompt_version)


def offline_validate(text: str, path: str = layout.INTENT_DIR + "/app.md") -> list[Finding]:
    """What the offline planner finds wrong with ``text`` read as ``path`` (the default
    ``validate`` for ``intentd enhance``): its errors, then the hand-off's semantic checks."""
    from ..offline.planner import OfflinePlanner

    try:
        bundle = make_bundle([make_file(path, text.encode("utf-8"))])
        return errors_only(check(OfflinePlanner().plan(bundle, None, [])))
    except IntentdError as exc:
        return errors_only(exc.findings) or [Finding(path, exc.message)]


def _document(content: str) -> str:
    m = _FENCE.match(content)
    text = (m.group(1) if m else content).strip("\n")
    return text + "\n"


def _check(text: str, validate: ValidateText) -> list[Finding]:
    kind = find_secret(text)
    if kind is not None:
        return [Finding("", f"the document contains {kind}; never write secrets", rule="secret")]
    try:
        return errors_only(validate(text))
    except IntentdError as exc:  # a validator may raise instead of returning findings
        return errors_only(exc.findings) or [Finding("", exc.message)]
