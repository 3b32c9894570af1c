"""Environment variables are listed once each, with their purpose and never their value."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from ..secrets import find_secret
from .context import Context, dupes


def environment_vars(ctx: Context) -> Iterator[Finding]:
    env = ctx.handoff.environment_vars
    for var in env:
        if find_secret(var.purpose) or "=" in var.purpose:
            message = f"environment variable {var.name}: give its purpose, never its value"
            yield ctx.finding(var.source, message, "env-value")
    for name in dupes(v.name for v in env):
        message = f"environment variable {name} is listed more than once"
        yield ctx.finding(ctx.path, message, "unique-env")
