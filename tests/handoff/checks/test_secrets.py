"""No string anywhere in the plan may look like a secret; the finding says where, not what."""

from __future__ import annotations

from intentd.handoff.checks.secrets import no_secrets, strings

from ..plans import PATH, plan, run, said


def test_every_string_is_walked_with_its_place() -> None:
    value = {"a": "x", "b": [{"c": "y"}, 3, None, "z"], "d": {"e": True}}
    assert list(strings(value)) == [("a", "x"), ("b[0].c", "y"), ("b[3]", "z")]
    assert list(strings("top", "root")) == [("root", "top")]


def test_a_secret_is_placed_at_the_plan_with_its_key_path_and_kind() -> None:
    data = plan()
    data["entities"][0]["fields"][1]["description"] = "-----BEGIN RSA PRIVATE KEY-----"
    data["features"][0]["name"] = "Log in with AKIA" + "ABCDEFGHIJKLMNOP"
    assert said(run(no_secrets, data)) == [
        (
            PATH,
            "features[0].name looks like an AWS access key id; never put secrets in the plan",
            "secret",
        ),
        (
            PATH,
            "entities[0].fields[1].description looks like a private key; never put secrets in "
            "the plan",
            "secret",
        ),
    ]


def test_the_base_plan_has_no_secret() -> None:
    assert run(no_secrets, plan()) == []
