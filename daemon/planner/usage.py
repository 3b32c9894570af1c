"""Tokens, cost and calls of one plan() or enhance() (issue #6, item 4): a value, no I/O.

Cost comes from the configured price table (``prices`` in ``intentd.yaml``); a model
without a price has no cost (None), never a guessed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..config import Price


@dataclass
class Usage:
    """Tokens, cost and calls of one plan() or enhance(); ``cost_usd`` None without a price."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    cached_tokens: int = 0
    requests: int = 0  # answers fetched over HTTP (the SDK's own retries not counted)
    cache_hits: int = 0
    attempts: int = 0  # answers judged (first try + repairs)
    cost_usd: float | None = None
    elapsed_s: float = 0.0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add_tokens(self, tokens: dict[str, int], price: Price | None) -> None:
        self.prompt_tokens += tokens.get("prompt", 0)
        self.completion_tokens += tokens.get("completion", 0)
        self.reasoning_tokens += tokens.get("reasoning", 0)
        self.cached_tokens += tokens.get("cached", 0)
        if price is not None:
            self.cost_usd = (self.cost_usd or 0.0) + cost(tokens, price)

    def merge(self, other: Usage) -> None:
        """Add another call's usage (a revision's plan() calls add up)."""
        for name in ("prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.requests += other.requests
        self.cache_hits += other.cache_hits
        self.attempts += other.attempts
        self.elapsed_s += other.elapsed_s
        if other.cost_usd is not None:
            self.cost_usd = (self.cost_usd or 0.0) + other.cost_usd

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["elapsed_s"] = round(self.elapsed_s, 3)
        if self.cost_usd is not None:
            data["cost_usd"] = round(self.cost_usd, 6)
        return data


def price_for(prices: Sequence[Price], model: str | None) -> Price | None:
    """The price of ``model``: an exact match, else the longest prefix match."""
    if not model:
        return None
    exact = [p for p in prices if p.model == model]
    if exact:
        return exact[0]
    prefixed = sorted((p for p in prices if model.startswith(p.model)), key=lambda p: -len(p.model))
    return prefixed[0] if prefixed else None


def cost(tokens: dict[str, int], price: Price) -> float:
    cached = tokens.get("cached", 0)
    fresh = max(tokens.get("prompt", 0) - cached, 0)
    return (
        fresh * price.input_per_mtok
        + cached * price.cached_input_per_mtok
        + tokens.get("completion", 0) * price.output_per_mtok
    ) / 1_000_000
