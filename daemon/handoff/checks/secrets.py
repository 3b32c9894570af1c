"""No string anywhere in the plan looks like a secret: the plan is committed and sent to models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...errors import Finding
from ..convert import to_data
from ..secrets import find_secret
from .context import Context


def no_secrets(ctx: Context) -> Iterator[Finding]:
    for where, text in strings(to_data(ctx.handoff)):
        kind = find_secret(text)
        if kind is not None:
            message = f"{where} looks like {kind}; never put secrets in the plan"
            yield ctx.finding(ctx.path, message, "secret")


def strings(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in plain data, with its place: ``features[0].name``."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{where}[{i}]")
