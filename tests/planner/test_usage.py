"""Tokens and cost from the configured price table."""

from __future__ import annotations

import pytest

from intentd.config import Price
from intentd.planner.usage import Usage, cost, price_for
from intentd.revision.report import Usage as ReportUsage

PRICES = [
    Price(model="gpt-5", input_per_mtok=1.25, cached_input_per_mtok=0.125, output_per_mtok=10),
    Price(model="gpt-5-mini", input_per_mtok=0.25, output_per_mtok=2),
]


def test_price_exact_then_longest_prefix() -> None:
    assert price_for(PRICES, "gpt-5-mini") is PRICES[1]
    assert price_for(PRICES, "gpt-5-mini-2025-08-07") is PRICES[1]
    assert price_for(PRICES, "gpt-5") is PRICES[0]
    assert price_for(PRICES, "kimi-k2") is None
    assert price_for(PRICES, None) is None


def test_cached_tokens_are_billed_at_the_cached_rate() -> None:
    tokens = {"prompt": 1_000_000, "cached": 400_000, "completion": 100_000}
    assert cost(tokens, PRICES[0]) == pytest.approx(0.6 * 1.25 + 0.4 * 0.125 + 0.1 * 10)


def test_usage_without_a_price_has_no_cost() -> None:
    u = Usage()
    u.add_tokens({"prompt": 10, "completion": 5}, None)
    assert u.cost_usd is None and u.total_tokens == 15
    event = ReportUsage.of(u)
    assert event.prompt_tokens == 10 and event.cost_usd is None
    assert u.to_dict()["completion_tokens"] == 5


def test_merge_adds_up() -> None:
    a, b = Usage(prompt_tokens=1, requests=1), Usage(prompt_tokens=2, cost_usd=0.5, attempts=2)
    a.merge(b)
    assert (a.prompt_tokens, a.requests, a.attempts, a.cost_usd) == (3, 1, 2, 0.5)
