"""The offline planner: the embedded default, no model, no key, no network.

``plan`` is a pure function of the intent bundle: Markdown (:mod:`.markdown`) and YAML
(:mod:`.yamlintent`) files become drafts, drafts merge (:mod:`.draft`), inference fills
in what a careful planner would (:mod:`.infer`), and the result must pass
:func:`intentd.handoff.check`. Anything it cannot read is an :class:`IntentError` at
``path:line``; :func:`read_lenient` returns what it could read plus those spans instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from ... import layout
from ...errors import Finding, IntentError, PlanError, errors_only
from ...handoff import Handoff, check, find_secret
from ...intent.bundle import IntentBundle
from ..usage import Usage
from .common import Findings
from .draft import Draft, merge
from .infer import build
from .markdown import read_markdown
from .yamlintent import read_yaml

IMAGE_NOTE = (
    "not read by the offline planner; describe what it shows in Markdown, "
    "or use the openai backend, which reads images"
)


class OfflinePlanner:
    """The :class:`~intentd.planner.Planner` that reads the documented convention."""

    backend = "offline"
    model: str | None = None
    prompt_version: str | None = None
    total_usage: Usage | None = None  # no model, nothing spent

    def __init__(self) -> None:
        #: The last plan and everything :func:`~intentd.handoff.check` found in it (no errors,
        #: or it would have raised): :attr:`Planner.checked`, so the caller need not check
        #: that same object again.
        self.checked: tuple[Handoff, list[Finding]] | None = None

    def plan(
        self,
        bundle: IntentBundle,
        previous: Handoff | None,
        findings: Sequence[Finding],
    ) -> Handoff:
        # Ids derive from names and paths, so ``previous`` is not needed for stability, and
        # the convention leaves nothing to repair: the plan depends on the bundle alone.
        del previous, findings
        self.checked = checked_plan(bundle)
        return self.checked[0]


def plan(bundle: IntentBundle) -> Handoff:
    """Intent bundle → a checked hand-off, or an ``IntentdError`` listing every problem."""
    return checked_plan(bundle)[0]


def checked_plan(bundle: IntentBundle) -> tuple[Handoff, list[Finding]]:
    """:func:`plan`, with what :func:`~intentd.handoff.check` said about the hand-off."""
    refuse_secrets(bundle)
    out = Findings()
    data = _read(bundle, out)
    if out.errors:
        raise IntentError("intent/ cannot be read", tuple(out.errors))
    handoff = _validate(data)
    found = check(handoff)
    problems = errors_only(found)
    if problems:
        raise PlanError("the plan fails its checks", tuple(problems))
    return handoff, found


def read_lenient(bundle: IntentBundle) -> tuple[dict[str, Any], list[Finding]]:
    """What the offline planner could read, plus the spans it could not (or did not use).

    The model planner starts from this skeleton. Secrets are refused even here: nothing
    that looks like one may leave the machine.
    """
    refuse_secrets(bundle)
    out = Findings()
    data = _read(bundle, out)
    return data, [*out.errors, *out.unread]


def refuse_secrets(bundle: IntentBundle) -> None:
    found = []
    for f in bundle.texts:
        assert f.text is not None
        for n, line in enumerate(f.text.split("\n"), start=1):
            kind = find_secret(line)
            if kind is not None:
                found.append(
                    Finding(
                        f"{f.path}:{n}",
                        f"this looks like {kind}; never put secrets in intent — name an "
                        "environment variable under '## Environment' instead",
                        rule="secret",
                    )
                )
    if found:
        raise IntentError("intent/ holds a secret", tuple(found))


def _read(bundle: IntentBundle, out: Findings) -> dict[str, Any]:
    drafts: list[Draft] = []
    for f in bundle.texts:
        assert f.text is not None
        if f.media_type == "text/markdown":
            drafts.append(read_markdown(f.path, f.text, out))
        else:
            drafts.append(read_yaml(f.path, f.text, out))
    merged = merge(drafts, out)
    first = _first_path(bundle)
    if not out.errors:
        _require_features(merged, out, first)
    data = build(merged, out, first)
    data["trace_links"] = _trace(bundle, data["intent_id"])
    return data


def _first_path(bundle: IntentBundle) -> str:
    """Where a problem of the whole intent is reported: its first file (or the folder)."""
    if bundle.texts:
        return bundle.texts[0].path
    return bundle.files[0].path if bundle.files else layout.INTENT_DIR + "/"


def _require_features(merged: Draft, out: Findings, first: str) -> None:
    if merged.is_empty():
        out.error(
            f"{first}:1",
            "the intent is empty; write a '# Project name' heading and a '## Features' "
            "section (see docs/intent-format.md)",
        )
    elif not merged.features:
        out.error(
            f"{first}:1",
            "no features; add a '## Features' section with a '### Feature name' heading per feature",
        )


def _trace(bundle: IntentBundle, intent_id: str) -> dict[str, Any]:
    return {
        "intent_id": intent_id,
        "intent_hash": bundle.sha256,
        "planner": {"backend": "offline", "model": None, "prompt_version": None},
        "spec_suggested_version": None,
        "inputs": [
            {
                "path": f.path,
                "media_type": f.media_type,
                "sha256": f.sha256,
                "read": not f.is_image,
                "note": IMAGE_NOTE if f.is_image else None,
            }
            for f in bundle.files
        ],
    }


def _validate(data: dict[str, Any]) -> Handoff:
    try:
        return Handoff.model_validate(data)
    except ValidationError as exc:
        raise IntentError(
            "the intent does not make a valid plan",
            tuple(_shape_findings(exc, data)),
        ) from None


def _shape_findings(exc: ValidationError, data: dict[str, Any]) -> list[Finding]:
    """Point each shape error at the nearest item's ``source`` in the intent."""
    found = []
    for err in exc.errors(include_url=False):
        where = layout.INTENT_DIR + "/"
        node: Any = data
        for part in err["loc"]:
            if isinstance(node, dict) and isinstance(node.get("source"), str):
                where = node["source"]
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        loc = ".".join(str(p) for p in err["loc"])
        found.append(Finding(where, f"{loc}: {err['msg']}", rule="schema"))
    return found
