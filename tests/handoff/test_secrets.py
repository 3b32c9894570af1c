"""find_secret: names the kind of secret a string holds, and lets ordinary prose through."""

from __future__ import annotations

import pytest

from intentd.handoff import find_secret

# Built from parts so that no scanner mistakes this file for a leak.
LEAKS = [
    ("sk-proj-" + "A1b2" * 5, "an OpenAI-style API key"),
    ("AKIA" + "0123456789ABCDEF", "an AWS access key id"),
    ("ghp_" + "a" * 36, "a GitHub token"),
    ("github_pat_" + "a" * 40, "a GitHub token"),
    ("xoxb-" + "1234567890-abc", "a Slack token"),
    ("AIza" + "B" * 35, "a Google API key"),
    ("rk_live_" + "a" * 16, "a Stripe key"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", "a private key"),
    ("eyJ" + "a" * 10 + ".eyJ" + "b" * 10 + ".sig", "a JSON Web Token"),
    ("postgres://admin:" + "hunter2@db/app", "a password in a URL"),
    ("PASSWORD = 'correct1horse" + "battery'", "a secret assignment"),
]


@pytest.mark.parametrize(("text", "kind"), LEAKS)
def test_each_kind_of_secret_is_named(text: str, kind: str) -> None:
    assert find_secret(f"before {text} after") == kind


@pytest.mark.parametrize(
    "text",
    [
        "Users sign in with a password and get a token.",
        "sk-short",
        "password = short1",
        "token: abcdefghijklmnop",  # no digit: a word, not a key
        "https://example.com/books?page=2",
        "AKIA0123",
    ],
)
def test_ordinary_prose_is_not_a_secret(text: str) -> None:
    assert find_secret(text) is None


def test_the_first_matching_kind_wins() -> None:
    assert find_secret("token = sk-" + "a1" * 10) == "an OpenAI-style API key"
