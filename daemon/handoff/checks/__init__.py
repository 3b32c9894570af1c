"""The hand-off's semantic checks, one small checker per concern (issue 9).

Each checker takes a :class:`Context` and yields findings; :func:`check` runs them in order.
"""

from __future__ import annotations

from .context import Checker, Context
from .run import CHECKERS, check

__all__ = ["CHECKERS", "Checker", "Context", "check"]
