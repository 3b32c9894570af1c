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
from pathlib import Path
from typing import Any

from ... import layout
from ...config import Config, StageModel
from ...errors import ConfigError, Finding, IntentdError, PlanError, errors_only
from ...handoff import check, find_secret
from ...intent import make_bundle, make_file
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
    idea = idea.strip()
    if not idea:
        raise IntentdError(
            "enhance: empty idea", (Finding("", "give a one-line idea, e.g. 'a recipe box'"),)
        )
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
    system = prompt.text.rstrip("\n")
    if convention:
        system += "\n\nThe convention in full:\n\n" + convention
    ask = f"The idea: {idea}\n\nWrite the intent document."
    messages: list[dict[str, Any]] = (
        [{"role": "system", "content": system}, {"role": "user", "content": ask}]
        if client.profile.system_role
        else [{"role": "user", "content": f"{system}\n\n---\n\n{ask}"}]
    )
    started = time.monotonic()
    sent: list[list[dict[str, Any]]] = []
    attempts: list[list[Finding]] = []
    try:
        for _ in range(stage.repair_attempts + 1):
            sent.append(messages)
            answer = client.complete(
                messages, schema=None, prompt_version=prompt.version, usage=usage
            )
            usage.attempts += 1
            text = _document(answer.content)
            problems = _check(text, validate)
            if not problems:
                return text
            attempts.append(problems)
            if stage.token_budget is not None and usage.total_tokens >= stage.token_budget:
                break
            messages = msgs.repair_messages(messages, answer.content, problems, "document")
    except IntentdError:
        _forget(client, sent, prompt.version)
        raise
    finally:
        usage.elapsed_s = time.monotonic() - started
    _forget(client, sent, prompt.version)  # a failed answer is not replayed from the cache
    raise PlanError(
        f"the enhancer model {stage.model} wrote no valid intent in {len(attempts)} attempt(s)",
        tuple(
            Finding(f.location, f"attempt {i}: {f.message}", f.severity, f.rule)
            for i, problems in enumerate(attempts, 1)
            for f in problems
        ),
    )


def offline_validate(text: str, path: str = layout.INTENT_DIR + "/app.md") -> list[Finding]:
    """What the offline planner finds wrong with ``text`` read as ``path`` (the default
    ``validate`` for ``intentd enhance``): its errors, then the hand-off's semantic checks."""
    from ..offline.planner import OfflinePlanner

    try:
        bundle = make_bundle([make_file(path, text.encode("utf-8"))])
        return errors_only(check(OfflinePlanner().plan(bundle, None, [])))
    except IntentdError as exc:
        return errors_only(exc.findings) or [Finding(path, exc.message)]


def _forget(client: ModelClient, sent: list[list[dict[str, Any]]], version: str) -> None:
    for messages in sent:
        client.forget(messages, None, version)


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
