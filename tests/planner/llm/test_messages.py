"""What the model reads: prompts, numbered intent, image parts, stable prefix."""

from __future__ import annotations

from intentd.errors import Finding
from intentd.planner.llm import profiles
from intentd.planner.llm.messages import (
    builtin_prompt,
    numbered,
    planner_messages,
    prompt_or_override,
    render,
)
from tests.helpers.llm_fixtures import bundle


def test_numbered_lines() -> None:
    assert numbered("a\nb\n") == "  1| a\n  2| b"
    assert numbered("") == ""


def test_builtin_prompts_ship_with_the_package() -> None:
    for name in ("planner-v1", "enhance-v1"):
        prompt = builtin_prompt(name)
        assert prompt.text.strip()
        assert prompt.version == f"{name}@{prompt.sha256[:12]}"


def test_override_changes_the_version() -> None:
    assert prompt_or_override("planner-v1", None) == builtin_prompt("planner-v1")
    custom = prompt_or_override("planner-v1", "Be brief.")
    assert custom.version.startswith("workspace:planner-v1@")


def test_stable_prefix_does_not_depend_on_the_intent() -> None:
    prompt = builtin_prompt("planner-v1")
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
        builtin_prompt("planner-v1"),
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
