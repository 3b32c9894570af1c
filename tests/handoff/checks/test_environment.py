"""Environment variables: a purpose, never a value; each listed once."""

from __future__ import annotations

from intentd.handoff.checks.environment import environment_vars

from ..plans import PATH, env, plan, run, said


def test_a_purpose_holding_a_value_or_a_secret_is_refused() -> None:
    data = plan()
    data["environment_vars"] = [
        env("DB_URL", "DB_URL=postgres://db/library", line=51),
        env("API_KEY", "ghp_" + "x" * 36, line=52),
        env("PORT", "The port the API listens on.", line=53),
    ]
    assert said(run(environment_vars, data)) == [
        ("intent/app.md:51", "environment variable DB_URL: give its purpose, never its value", "env-value"),
        ("intent/app.md:52", "environment variable API_KEY: give its purpose, never its value", "env-value"),
    ]  # fmt: skip


def test_a_repeated_variable_is_reported_after_the_purposes() -> None:
    data = plan()
    data["environment_vars"] = [env("PORT", "a=b"), env("PORT", "The port.")]
    assert [(loc, rule) for loc, _, rule in said(run(environment_vars, data))] == [
        ("intent/app.md:50", "env-value"),
        (PATH, "unique-env"),
    ]
    assert (
        run(environment_vars, data)[1].message
        == "environment variable PORT is listed more than once"
    )
