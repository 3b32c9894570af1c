"""What the model reads: prompts, numbered intent, image parts, stable prefix."""

from __future__ import annotations

import re
from typing import get_args

from intentd.errors import Finding
from intentd.handoff import model
from intentd.planner.llm import profiles
from intentd.planner.llm.messages import (
    builtin_prompt,
    numbered,
    planner_messages,
    prompt_or_override,
    render,
)
from intentd.planner.llm.planner import PROMPT_NAME
from tests.helpers.llm_fixtures import bundle


def test_numbered_lines() -> None:
    assert numbered("a\nb\n") == "  1| a\n  2| b"
    assert numbered("") == ""


def test_builtin_prompts_ship_with_the_package() -> None:
    for name in (PROMPT_NAME, "planner-v1", "enhance-v1"):
        prompt = builtin_prompt(name)
        assert prompt.text.strip()
        assert prompt.version == f"{name}@{prompt.sha256[:12]}"


def test_the_planner_prompt_teaches_every_key_and_value_of_the_hand_off() -> None:
    """Each key the model must fill and each closed value it may choose is named in the
    prompt (issue 10: parameters with roles, paging, envelopes, wrappers, responses, shapes,
    keys, expansion, maps, naming), and the retired ``paginated`` is gone."""
    text = builtin_prompt(PROMPT_NAME).text
    assert PROMPT_NAME == "planner-v2" and "paginated" not in text
    keys = {
        name
        for cls in (
            model.Endpoint,
            model.Parameter,
            model.ResponseHeader,
            model.Entity,
            model.EntityField,
            model.Relationship,
        )
        for name in cls.model_fields
    } | {"naming"}
    missing = sorted(k for k in keys if f"`{k}" not in text and k not in ("id", "source"))
    assert not missing, missing
    values = [
        *get_args(model.ParamRole),
        *get_args(model.Paging),
        *get_args(model.Envelope),
        *get_args(model.EntityKind),
        *get_args(model.Naming),
        *get_args(model.ParamLocation),
        "map",
    ]
    quoted = {w for span in re.findall(r"`([^`]+)`", text) for w in re.findall(r"[\w-]+", span)}
    assert not [v for v in values if v not in quoted]
    for status in (*get_args(model.SuccessStatus), *get_args(model.ErrorStatus)):
        assert str(status) in text, status
    for word in ("Location", "Idempotency-Key", "login", "sign-up", "{slug}", "starting_after"):
        assert word in text, word


def test_override_changes_the_version() -> None:
    assert prompt_or_override(PROMPT_NAME, None) == builtin_prompt(PROMPT_NAME)
    custom = prompt_or_override(PROMPT_NAME, "Be brief.")
    assert custom.version.startswith(f"workspace:{PROMPT_NAME}@")


def test_stable_prefix_does_not_depend_on_the_intent() -> None:
    prompt = builtin_prompt(PROMPT_NAME)
    profile = profiles.get("ollama")
    schema = profiles.schema_for("ollama")

    def msgs(text: str) -> list[dict[str, object]]:
        m, _ = planner_messages(
            prompt,
            bundle(text=text),
            profile=profile,
            schema_in_prompt=schema,
            previous=None,
            skeleton=None,
            findings=[],
            max_image_bytes=1000,
        )
        return m

    a, b = msgs("# A\n"), msgs("# B\n")
    assert a[0] == b[0] and a[1] != b[1]


def test_json_object_profile_sends_no_images() -> None:
    m, inputs = planner_messages(
        builtin_prompt(PROMPT_NAME),
        bundle(image=True),
        profile=profiles.get("json_object"),
        schema_in_prompt=None,
        previous=None,
        skeleton=None,
        findings=[],
        max_image_bytes=10_000,
    )
    assert len(m) == 1 and isinstance(m[0]["content"], str)
    assert "is not shown" in m[0]["content"]
    assert [i.read for i in inputs] == [True, False]


def test_render_caps_the_list() -> None:
    findings = [Finding(f"/x/{i}", "bad") for i in range(45)]
    text = render(findings, limit=40)
    assert text.count("\n") == 40 and text.endswith("… and 5 more")
