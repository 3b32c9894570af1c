"""What the model reads: versioned prompts and the messages built from an intent bundle.

The stable part comes first (system prompt, then the schema where the server does not show
it to the model) so providers can reuse the prefix between calls (issue #6, item 2). Intent
text is line-numbered so the model can cite ``source`` as ``intent/app.md:14``; images go in
as base64 data-URL image parts, size-capped.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ... import yamlio
from ...errors import Finding
from ...handoff import Handoff, IntentInput, to_data
from ...intent.bundle import IntentBundle, IntentFile
from .profiles import Profile

MAX_REPAIR_FINDINGS = 40


@dataclass(frozen=True)
class Prompt:
    """A prompt's text and name; ``version`` (name + content hash) goes into trace_links."""

    name: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def version(self) -> str:
        return f"{self.name}@{self.sha256[:12]}"


def builtin_prompt(name: str) -> Prompt:
    """A prompt shipped in ``intentd/planner/llm/prompts/<name>.md`` (package data)."""
    path = resources.files(__package__ or "intentd.planner.llm").joinpath("prompts", f"{name}.md")
    return Prompt(name, path.read_text(encoding="utf-8"))


def prompt_or_override(name: str, override: str | None) -> Prompt:
    """The workspace's ``prompts/<name>.md`` text if the shell found one, else the built-in."""
    if override is None:
        return builtin_prompt(name)
    return Prompt(f"workspace:{name}", override)


def numbered(text: str) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = max(len(str(len(lines))), 3)
    return "\n".join(f"{i:>{width}}| {line}" for i, line in enumerate(lines, 1))


def data_url(file: IntentFile) -> str:
    return f"data:{file.media_type};base64,{base64.b64encode(file.data).decode('ascii')}"


def system_message(prompt: Prompt, schema: dict[str, Any] | None) -> dict[str, Any]:
    text = prompt.text.rstrip("\n")
    if schema is not None:
        text += "\n\nThe JSON Schema of the answer:\n" + json.dumps(
            schema, sort_keys=True, separators=(",", ":")
        )
    return {"role": "system", "content": text}


def planner_messages(
    prompt: Prompt,
    bundle: IntentBundle,
    *,
    profile: Profile,
    schema_in_prompt: dict[str, Any] | None,
    previous: Handoff | None,
    skeleton: tuple[dict[str, Any], Sequence[Finding]] | None,
    findings: Sequence[Finding],
    max_image_bytes: int,
) -> tuple[list[dict[str, Any]], list[IntentInput]]:
    """The messages of a first attempt, and what was read of each input (for trace_links)."""
    text: list[str] = []
    if previous is not None:
        text.append(_previous_part(previous))
    text.append("The intent files, every line numbered for `source`:")
    text.extend(f"=== {f.path} ===\n{numbered(f.text or '')}" for f in bundle.texts)
    inputs: list[IntentInput] = [
        IntentInput(path=f.path, media_type=f.media_type, sha256=f.sha256, read=True, note=None)
        for f in bundle.texts
    ]
    images: list[dict[str, Any]] = []
    for img in bundle.images:
        note = _image_note(img, profile, max_image_bytes)
        inputs.append(_image_input(img, note))
        if note is None:
            images.extend(_image_parts(img, profile))
        else:
            text.append(f"(The image {img.path} is not shown: {note}.)")
    if skeleton is not None:
        text.append(_skeleton_part(*skeleton))
    if findings:
        text.append(
            "The last hand-off for this intent failed these checks; the new one must not:\n"
            + render(findings)
        )
    text.append("Return the hand-off as one JSON object.")
    user = _user_message("\n\n".join(text), images)
    system = system_message(prompt, schema_in_prompt)
    conversation = [system, user] if profile.system_role else [_fold(system, user)]
    return conversation, sorted(inputs, key=lambda i: i.path)


def _previous_part(previous: Handoff) -> str:
    prev = {k: v for k, v in to_data(previous).items() if k != "trace_links"}
    return (
        "The previous hand-off (keep its ids and names unless the intent changed them):\n"
        + yamlio.dumps(prev)
    )


def _image_input(img: IntentFile, note: str | None) -> IntentInput:
    return IntentInput(
        path=img.path, media_type=img.media_type, sha256=img.sha256, read=note is None, note=note
    )


def _image_parts(img: IntentFile, profile: Profile) -> list[dict[str, Any]]:
    """A caption naming the image (so the model can cite it), then the image itself."""
    url: dict[str, Any] = {"url": data_url(img)}
    if profile.image_detail:
        url["detail"] = profile.image_detail
    return [{"type": "text", "text": f"Image {img.path}:"}, {"type": "image_url", "image_url": url}]


def _skeleton_part(data: dict[str, Any], problems: Sequence[Finding]) -> str:
    part = (
        "The offline planner's lenient reading of the same intent (a skeleton to start "
        "from; YAML):\n" + yamlio.dumps(data)
    )
    if problems:
        part += "\nWhat the offline planner could not read:\n" + render(problems)
    return part


def _user_message(body: str, images: list[dict[str, Any]]) -> dict[str, Any]:
    if images:
        return {"role": "user", "content": [{"type": "text", "text": body}, *images]}
    return {"role": "user", "content": body}


def _fold(system: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """One user message opening with the instructions (servers that drop system roles)."""
    head = f"{system['content']}\n\n---\n\n"
    if isinstance(user["content"], str):
        return {"role": "user", "content": head + user["content"]}
    first, *rest = user["content"]
    return {"role": "user", "content": [{"type": "text", "text": head + first["text"]}, *rest]}


def _image_note(img: IntentFile, profile: Profile, cap: int) -> str | None:
    if not profile.images:
        return f"the '{profile.name}' profile sends no images"
    if len(img.data) > cap:
        return f"{len(img.data)} bytes, over the {cap}-byte image cap"
    return None


def render(findings: Sequence[Finding], limit: int = MAX_REPAIR_FINDINGS) -> str:
    """A compact ``- location: message`` list, the way the repair loop sends findings."""
    lines = [f"- {f.render()}" for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"- … and {len(findings) - limit} more")
    return "\n".join(lines)


def repair_messages(
    messages: list[dict[str, Any]], answer: str, findings: Sequence[Finding], what: str
) -> list[dict[str, Any]]:
    """The conversation so far, the rejected answer, and the problems to fix."""
    return [
        *messages,
        {"role": "assistant", "content": answer},
        {
            "role": "user",
            "content": f"The {what} has these problems:\n{render(findings)}\n\n"
            f"Fix every one and return the whole corrected {what}.",
        },
    ]
