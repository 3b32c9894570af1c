"""Where intentd leans on other projects' internals: every shim in one place (issue 9, item 3).

Each shim names what it relies on and the versions it was checked against (:data:`CHECKED`).
:func:`broken_assumptions` re-checks every one of them against what is installed;
``tests/test_compat.py`` fails with its list the day an upgrade breaks one, instead of a
slowdown, a leak or a wrong example going unnoticed.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from importlib import metadata
from typing import Any

CHECKED = {
    "python": "3.11",
    "pathable": "0.6.0",
    "openapi-spec-validator": "0.9.0",
    "openapi-schema-validator": "0.9.0",
}
"""The versions every shim below was read against."""


# --------------------------------------------------------------------------- re._parser


@lru_cache(maxsize=1)
def sre_parser() -> Any:
    """Python's own regex parser (``re._parser``; ``sre_parse`` before 3.11, now deprecated).

    The example generator walks a ``pattern``'s parse tree to build a string that matches it;
    there is no public API for the tree. Relied on: ``parse(pattern)`` returns a sequence of
    ``(opcode, argument)`` pairs whose opcodes compare equal to ``re._constants`` names
    (``LITERAL``, ``IN``, ``MAX_REPEAT``, …), and the module re-exports ``MAXREPEAT``.
    """
    return importlib.import_module("re._parser")


# --------------------------------------------------------------------------- openapi-schema-validator


def oas31_dialect_registry() -> Any:
    """openapi-schema-validator's registry of the OAS 3.1 dialect and meta-schemas.

    Private (``_specifications.REGISTRY``) but the only copy of the dialect the package ships;
    the dialect check on jsonschema-rs needs it. Relied on: ``REGISTRY.contents(uri)`` gives the
    schema for ``OAS31_BASE_DIALECT_ID`` and for ``https://spec.openapis.org/oas/3.1/meta/base``.
    """
    from openapi_schema_validator._specifications import REGISTRY

    return REGISTRY


# --------------------------------------------------------------------------- openapi-spec-validator


def clear_osv_cache() -> None:
    """Forget the documents osv's validator remembered.

    ``OpenAPIV31SpecValidator.iter_errors`` is ``lru_cache``d on the validator instance: without
    this every document validated would stay in memory for the life of the watcher. Relied on:
    the method is wrapped by ``functools.lru_cache`` (so ``__wrapped__.cache_clear`` exists).
    """
    from openapi_spec_validator import OpenAPIV31SpecValidator

    OpenAPIV31SpecValidator.iter_errors.__wrapped__.cache_clear()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- pathable


def speed_up_pathable() -> bool:
    """Answer pathable's ``isinstance(node, Subscriptable)`` for built-in types from a table.

    osv walks the document through pathable, which checks every step against a runtime
    ``Protocol``; on Python 3.11 each such check re-collects the protocol's members (typing
    caches them from 3.12), 40% of osv's time on the template contract. The answer for an
    instance of a built-in type (no instance attributes) is its type's, so the first one is
    asked of the protocol and remembered; any other type is still asked every time.

    Relied on: ``pathable.accessors`` looks ``Subscriptable`` up as a module global at call
    time, and that global is ``pathable.protocols.Subscriptable``. Returns whether the patch is
    in place (False when pathable changed: validation is then slower, never wrong).
    """
    try:
        from pathable import accessors
        from pathable.protocols import Subscriptable
    except ImportError:
        return False
    current = getattr(accessors, "Subscriptable", None)
    if getattr(current, "__intentd_quick__", False):
        return True
    if current is not Subscriptable:
        return False
    known: dict[type, bool] = {}
    builtin = frozenset({dict, list, tuple, str, bytes, int, float, bool, type(None)})

    class _Meta(type):
        def __instancecheck__(cls, node: Any) -> bool:
            kind = type(node)
            answer = known.get(kind)
            if answer is None:
                answer = isinstance(node, Subscriptable)
                if kind in builtin:
                    known[kind] = answer
            return answer

    class QuickSubscriptable(metaclass=_Meta):
        __intentd_quick__ = True

    setattr(accessors, "Subscriptable", QuickSubscriptable)  # noqa: B010 (a module global)
    return True


# --------------------------------------------------------------------------- the check


def installed() -> dict[str, str]:
    """The installed versions of what :data:`CHECKED` names."""
    import sys

    found = {"python": f"{sys.version_info.major}.{sys.version_info.minor}"}
    for name in CHECKED:
        if name != "python":
            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "missing"
    return found


def broken_assumptions() -> list[str]:
    """Every shim's assumption that does not hold for what is installed (empty: all hold)."""
    problems: list[str] = []
    for name, check in _ASSUMPTIONS:
        try:
            ok = check()
        except Exception as exc:  # an upgrade can break an assumption in any way
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        if not ok:
            problems.append(f"{name}: no longer holds")
    return problems


def _sre_tree() -> bool:
    parser = sre_parser()
    constants = importlib.import_module("re._constants")
    tree = list(parser.parse(r"a[0-9]{2,3}"))
    ops = [op for op, _arg in tree]
    return ops == [constants.LITERAL, constants.MAX_REPEAT] and parser.MAXREPEAT > 2**16


def _dialect() -> bool:
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID

    registry = oas31_dialect_registry()
    dialect = registry.contents(OAS31_BASE_DIALECT_ID)
    meta = registry.contents("https://spec.openapis.org/oas/3.1/meta/base")
    return isinstance(dialect, dict) and isinstance(meta, dict)


def _osv_cache() -> bool:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    wrapped = getattr(OpenAPIV31SpecValidator.iter_errors, "__wrapped__", None)
    return callable(getattr(wrapped, "cache_clear", None))


def _pathable() -> bool:
    from pathable import accessors
    from pathable.protocols import Subscriptable

    current = getattr(accessors, "Subscriptable", None)
    patched = getattr(current, "__intentd_quick__", False)
    return (current is Subscriptable or patched) and speed_up_pathable()


_ASSUMPTIONS = (
    ("re._parser parse tree (specgen patterns: examples for `pattern`)", _sre_tree),
    ("openapi_schema_validator._specifications.REGISTRY (the OAS 3.1 dialect)", _dialect),
    ("OpenAPIV31SpecValidator.iter_errors is lru_cached (memory of the watcher)", _osv_cache),
    ("pathable.accessors.Subscriptable is a module global (osv speed)", _pathable),
)
