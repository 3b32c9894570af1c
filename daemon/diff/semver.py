"""The version bump: previous version + classified changes → the next semantic version.

Pure. DESIGN.md "Versions": breaking → major, non-breaking → minor, cosmetic → patch, no
change → no bump; while the major is 0, breaking → minor and everything else → patch (as
Cargo does), so a changed contract always gets a new version. The planner's suggested version
and a version pinned in the intent may raise the result, never lower it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, NamedTuple

from ..errors import IntentdError
from .model import Change

Bump = Literal["major", "minor", "patch", "none", "initial"]

FIRST = "0.1.0"
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)


class Version(NamedTuple):
    major: int
    minor: int
    patch: int
    pre: tuple[int | str, ...] = ()

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return core + ("-" + ".".join(map(str, self.pre)) if self.pre else "")

    def key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        """Semver precedence: a pre-release sorts before its release; build metadata is ignored."""
        pre = tuple((0, p) if isinstance(p, int) else (1, p) for p in self.pre)
        return (self.major, self.minor, self.patch, 0 if self.pre else 1, pre)


def parse(text: str, what: str = "version") -> Version:
    """``"1.2.3"`` → :class:`Version`; anything else is the person's to fix."""
    match = _SEMVER.match(str(text).strip())
    if not match:
        raise IntentdError(f"{what} {text!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    pre = tuple(int(p) if p.isdigit() else p for p in (match[4].split(".") if match[4] else ()))
    return Version(int(match[1]), int(match[2]), int(match[3]), pre)


def level(changes: Iterable[Change]) -> Literal["major", "minor", "patch", "none"]:
    """The bump the changes call for, before the 0.x shift."""
    klasses = {c.klass for c in changes}
    if "breaking" in klasses:
        return "major"
    if "non-breaking" in klasses:
        return "minor"
    return "patch" if klasses else "none"


def increment(version: Version, kind: Literal["major", "minor", "patch"]) -> Version:
    """npm's rule for pre-releases: 1.0.0-rc.1 + patch → 1.0.0 (the release it leads to)."""
    major, minor, patch, pre = version
    if kind == "major":
        return Version(major if pre and minor == patch == 0 else major + 1, 0, 0)
    if kind == "minor":
        return Version(major, minor if pre and patch == 0 else minor + 1, 0)
    return Version(major, minor, patch if pre else patch + 1)


def _kind(previous: Version, result: Version) -> Literal["major", "minor", "patch", "none"]:
    if result.key() == previous.key():
        return "none"
    if result.major != previous.major:
        return "major"
    if result.minor != previous.minor:
        return "minor"
    return "patch"


def bump(
    previous: str | None,
    changes: Iterable[Change],
    *,
    suggested: str | None = None,
    pinned: str | None = None,
) -> tuple[str, Bump]:
    """The next version and the kind of bump that leads to it.

    * ``previous is None`` (first valid revision): ``pinned`` if given, else ``0.1.0`` raised to
      ``suggested``; kind ``"initial"``.
    * Otherwise the changes decide (see the module docstring); then ``suggested`` and ``pinned``
      replace the result when they are higher. The kind then describes the step actually taken
      from ``previous`` (``1.2.3`` pinned to ``2.0.0`` is ``"major"``).
    * No change: no bump. A pinned version still applies (the person asked for it); a planner
      suggestion does not, since an unchanged contract keeps its version.
    """
    changes = list(changes)
    hint = parse(suggested, "suggested version") if suggested is not None else None
    pin = parse(pinned, "pinned version") if pinned is not None else None
    if previous is None:
        return _initial(hint, pin), "initial"
    prev = parse(previous, "previous version")
    result = _from_changes(prev, level(changes), hint)
    if pin is not None:
        result = max(result, pin, key=Version.key)
    return str(result), _kind(prev, result)


def _initial(hint: Version | None, pin: Version | None) -> str:
    """The first valid revision's version: the pin, else 0.1.0 raised to the suggestion."""
    if pin is not None:
        return str(pin)
    first = parse(FIRST)
    return str(max(first, hint, key=Version.key) if hint else first)


def _from_changes(
    prev: Version, wanted: Literal["major", "minor", "patch", "none"], hint: Version | None
) -> Version:
    """The step the changes call for (shifted down while the major is 0), raised to the hint."""
    if wanted == "none":
        return prev
    if prev.major == 0:  # 0.x: the minor acts as the major
        wanted = "minor" if wanted == "major" else "patch"
    return max(increment(prev, wanted), hint or prev, key=Version.key)
