"""The shims in intentd.compat: each assumption holds for what is installed, loudly if not."""

from __future__ import annotations

from intentd import compat


def test_every_shim_assumption_holds() -> None:
    broken = compat.broken_assumptions()
    assert not broken, (
        "an upgrade broke a shim in daemon/compat.py; re-read it against the new version:\n"
        + "\n".join(broken)
        + f"\nchecked against {compat.CHECKED}, installed {compat.installed()}"
    )


def test_the_pathable_patch_answers_like_the_protocol() -> None:
    from pathable import accessors
    from pathable.protocols import Subscriptable

    assert compat.speed_up_pathable() and compat.speed_up_pathable()  # idempotent
    quick = accessors.Subscriptable
    assert quick is not Subscriptable
    for value in ({}, [], "x", 1, None, object()):
        assert isinstance(value, quick) == isinstance(value, Subscriptable)


def test_the_osv_cache_is_emptied() -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    cached = OpenAPIV31SpecValidator.iter_errors.__wrapped__  # type: ignore[attr-defined]
    OpenAPIV31SpecValidator(
        {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    )
    compat.clear_osv_cache()
    assert cached.cache_info().currsize == 0


def test_a_broken_assumption_is_reported_not_raised(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom() -> bool:
        raise AttributeError("module 're._parser' has no attribute 'parse'")

    monkeypatch.setattr(compat, "_ASSUMPTIONS", (("re._parser", boom), ("x", lambda: False)))
    assert compat.broken_assumptions() == [
        "re._parser: AttributeError: module 're._parser' has no attribute 'parse'",
        "x: no longer holds",
    ]
