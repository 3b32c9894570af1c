"""Helpers shared by the tests: real git repos, fixtures, the fake OpenAI server, the daemon harness."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
"""The tests/ folder (golden cases, bad inputs, diff cases and snapshots live here)."""
ROOT = TESTS.parent
"""The repository checkout."""
