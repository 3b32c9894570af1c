"""English plurals and singulars through the ``inflect`` library (issue 10: no hand rules).

A word already plural stays as it is (``hours`` → ``hours``, ``settings`` → ``settings``),
words that only look plural stay singular (``status``, ``address``, ``bus``, ``analysis``),
and irregular nouns follow the dictionary (``person`` → ``people``). ``inflect`` is imported
on first use and every answer is cached: the planner asks for the same few words many times.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Endings of singular words that inflect would read as plurals ('bus' → 'bu').
_SINGULAR_ENDINGS = ("ss", "us", "is", "as")


@cache
def _engine() -> Any:
    """The inflect engine, loaded on first use.

    inflect decorates its methods with typeguard's ``@typechecked``, which re-parses and
    recompiles the module for each of them: seconds of start-up and a run-time check on
    every call. The planner passes plain strings only, so while inflect is imported the
    decorator is the identity (``python -O`` does the same for every typeguard user).
    """
    import typeguard

    checked = typeguard.typechecked
    typeguard.typechecked = _unchecked
    try:
        import inflect
    finally:
        typeguard.typechecked = checked
    return inflect.engine()


def _unchecked(target: Any = None, **_: Any) -> Any:
    return target if target is not None else _unchecked


@cache
def _already_plural(low: str) -> bool:
    if low.endswith(_SINGULAR_ENDINGS) or not low.isalpha():
        return False
    one = _engine().singular_noun(low)
    return bool(one) and one != low and _engine().plural_noun(one) == low


_LAST = re.compile(r"^(.*?)([A-Z]?[a-z]+)$")


@cache
def plural(word: str) -> str:
    """``book`` → ``books``, ``category`` → ``categories``, ``hours`` → ``hours``; only
    the last word changes (``BookLoan`` → ``BookLoans``, ``Person`` → ``People``)."""
    m = _LAST.match(word)
    if m is None:
        return word
    low = m.group(2).lower()
    if _already_plural(low):
        return word
    return m.group(1) + _case_like(m.group(2), str(_engine().plural_noun(low)))


@cache
def singular(word: str) -> str:
    """``books`` → ``book``, ``categories`` → ``category``, ``status`` → ``status``."""
    m = _LAST.match(word)
    if m is None:
        return word
    low = m.group(2).lower()
    if not _already_plural(low):
        return word
    return m.group(1) + _case_like(m.group(2), str(_engine().singular_noun(low)))


def _case_like(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
