"""Strings that match a ``pattern`` constraint: a match, or ``None`` — never a wrong example."""

from __future__ import annotations

import re

import pytest

from intentd.specgen.patterns import fits, pattern_example

MATCHED = [
    r"^[A-Z]{2}[0-9]{3}$",
    r"^[a-z0-9-]+$",
    r"^\d{4}-\d{2}$",
    r"^(red|green)$",
    r"x+y?",
    r"^97[89][0-9]{10}$",
    r"^\+[1-9][0-9]{6,14}$",
    r"^(ab)\1$",
    r"^[^a]\w\s\S\D$",
    r"^(?>ab)c*?$",
    r"^a.b$",
    r"^[\d_]+$",
    r"^(?:x|y)(?=z)z$",
]


@pytest.mark.parametrize("pattern", MATCHED)
def test_the_example_matches(pattern: str) -> None:
    text = pattern_example(pattern)
    assert text is not None and re.search(pattern, text)


def test_length_bounds_are_kept() -> None:
    text = pattern_example(r"^[a-z]+$", 5, 7)
    assert text is not None and 5 <= len(text) <= 7


@pytest.mark.parametrize("pattern", [r"(a", r"^a$", r"^\d+$"])
def test_no_example_when_none_fits(pattern: str) -> None:
    assert pattern_example(pattern, 3, 2) is None  # no string is 3..2 long


def test_an_unknown_construct_gives_none() -> None:
    assert pattern_example(r"^(?(1)a|b)$") is None  # conditional groups are not walked


def test_fits() -> None:
    assert fits("abc", "^a", 0, None)
    assert not fits("abc", "^a", 4, None)
    assert not fits("abc", "^a", 0, 2)
    assert not fits("abc", "(a", 0, None)  # a broken pattern accepts nothing
