"""The version bump: a table of (previous, change classes, hints) → (version, kind)."""

from __future__ import annotations

import pytest

from intentd.diff import Change, Klass
from intentd.diff.semver import Version, bump, increment, level, parse
from intentd.errors import IntentdError


def _changes(*klasses: Klass) -> list[Change]:
    return [Change(f"rule-{i}", k, "", "", "") for i, k in enumerate(klasses)]


B: Klass = "breaking"
NB: Klass = "non-breaking"
C: Klass = "cosmetic"

# (previous, classes, suggested, pinned) → (version, kind)
TABLE: list[tuple[str | None, tuple[Klass, ...], str | None, str | None, str, str]] = [
    # 1.x: plain semver
    ("1.2.3", (B,), None, None, "2.0.0", "major"),
    ("1.2.3", (B, NB, C), None, None, "2.0.0", "major"),
    ("1.2.3", (NB,), None, None, "1.3.0", "minor"),
    ("1.2.3", (NB, C), None, None, "1.3.0", "minor"),
    ("1.2.3", (C,), None, None, "1.2.4", "patch"),
    ("1.2.3", (), None, None, "1.2.3", "none"),
    # 0.x: breaking → minor, everything else → patch
    ("0.3.1", (B,), None, None, "0.4.0", "minor"),
    ("0.3.1", (NB,), None, None, "0.3.2", "patch"),
    ("0.3.1", (C,), None, None, "0.3.2", "patch"),
    ("0.3.1", (), None, None, "0.3.1", "none"),
    ("0.0.7", (B,), None, None, "0.1.0", "minor"),
    # first revision
    (None, (B,), None, None, "0.1.0", "initial"),
    (None, (), None, None, "0.1.0", "initial"),
    (None, (), None, "1.0.0", "1.0.0", "initial"),
    (None, (), None, "0.0.1", "0.0.1", "initial"),  # a pin is taken as given
    (None, (), "0.4.0", None, "0.4.0", "initial"),
    (None, (), "0.0.5", None, "0.1.0", "initial"),  # a hint never lowers
    # the planner's suggestion raises, never lowers
    ("1.2.3", (NB,), "2.0.0", None, "2.0.0", "major"),
    ("1.2.3", (NB,), "1.2.9", None, "1.3.0", "minor"),
    ("1.2.3", (C,), "1.5.0", None, "1.5.0", "minor"),
    ("0.3.1", (NB,), "1.0.0", None, "1.0.0", "major"),
    ("1.2.3", (), "2.0.0", None, "1.2.3", "none"),  # unchanged contract keeps its version
    # a pinned version raises, never lowers, and applies even without changes
    ("1.2.3", (C,), None, "3.0.0", "3.0.0", "major"),
    ("1.2.3", (B,), None, "1.0.0", "2.0.0", "major"),
    ("1.2.3", (), None, "1.4.0", "1.4.0", "minor"),
    ("1.2.3", (), None, "1.2.3", "1.2.3", "none"),
    ("1.2.3", (NB,), "1.9.0", "1.5.0", "1.9.0", "minor"),
    # pre-releases bump to the release they lead to (npm's rule)
    ("1.0.0-rc.1", (C,), None, None, "1.0.0", "patch"),
    ("2.0.0-beta", (B,), None, None, "2.0.0", "patch"),
    ("1.2.3+build.5", (C,), None, None, "1.2.4", "patch"),
]


@pytest.mark.parametrize(("previous", "klasses", "suggested", "pinned", "version", "kind"), TABLE)
def test_bump(
    previous: str | None,
    klasses: tuple[Klass, ...],
    suggested: str | None,
    pinned: str | None,
    version: str,
    kind: str,
) -> None:
    assert bump(previous, _changes(*klasses), suggested=suggested, pinned=pinned) == (version, kind)


def test_table_size() -> None:
    assert len(TABLE) >= 25


@pytest.mark.parametrize("bad", ["1.2", "v1.2.3", "01.2.3", "1.2.3.4", "", "latest"])
def test_bad_versions_are_user_errors(bad: str) -> None:
    with pytest.raises(IntentdError, match="not a semantic version"):
        bump(bad, [])
    with pytest.raises(IntentdError, match="pinned version"):
        bump("1.0.0", [], pinned=bad)


def test_helpers() -> None:
    assert level(_changes(C, NB)) == "minor" and level([]) == "none"
    assert parse("1.0.0-rc.2").key() < parse("1.0.0").key()
    assert parse("1.0.0-alpha").key() < parse("1.0.0-alpha.1").key() < parse("1.0.0-beta").key()
    assert str(increment(Version(1, 2, 3), "major")) == "2.0.0"
    assert str(parse("1.0.0-rc.1")) == "1.0.0-rc.1"


def test_diff_module_reexports_bump() -> None:
    from intentd import diff as diff_module

    assert diff_module.bump is bump


def test_the_first_version_is_the_compilers() -> None:
    from intentd import specgen
    from intentd.diff import semver

    assert semver.FIRST == specgen.FIRST_VERSION
