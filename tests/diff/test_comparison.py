"""One run's shared state: the fast path that skips unchanged parts."""

from __future__ import annotations

import pytest

from intentd.diff import diff
from tests.diff.table import CASES, pair


def test_skipping_unchanged_parts_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path (equal text, stable $refs) must give what a full walk gives."""
    from intentd.diff import comparison

    pairs = [pair(name) for name in sorted(CASES)]
    fast = [diff(old, new) for old, new in pairs]
    monkeypatch.setattr(comparison.Comparison, "same", lambda self, old, new: False)
    assert [diff(old, new) for old, new in pairs] == fast
