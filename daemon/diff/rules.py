"""Rule ids and their classes: oasdiff v1.28's checks by level, and intentd's own.

Classification follows oasdiff (pinned at v1.28, see ``_ERR``/``_WARN``/``_INFO`` below),
with its request/response asymmetry: a request breaks when the set of values the server
accepts shrinks, a response breaks when the set of values it may return grows.

* oasdiff ERR → ``breaking``; oasdiff **WARN counts as breaking** (the contract cannot prove
  the change safe, and a wrong major is cheaper than a silently broken client);
  oasdiff INFO → ``non-breaking``; documentation-only edits → ``cosmetic``.
* Where oasdiff has no check, the rule id is ``intentd-…`` and the class follows the same
  asymmetry (tighter request / wider response → breaking): a map's values typed or untyped
  (``…-additional-properties-changed``), a response header made required (not breaking).
* intentd's own readings of a change oasdiff reports piece by piece: a payload moved into or
  out of an envelope or wrapper (``intentd-…-wrapped`` / ``-unwrapped``, breaking, see
  :mod:`.wrappers`), a renamed path parameter (breaking, see :mod:`.parameters`).
* Deliberate departures from oasdiff's levels (``RAISED``): a changed or removed
  ``operationId`` is breaking (generated SDK method names change); security that a
  previously valid client no longer satisfies is breaking (oasdiff reports it as INFO);
  a changed security scheme type/location is breaking.
"""

from __future__ import annotations

import re
from typing import Literal

from .model import Direction, Effect, Klass

# The subset of oasdiff v1.28's checks the diff can emit, by level
# (regenerate: ``oasdiff checks changelog --format json``; the full list is in
# tests/diffcases/oasdiff-rules-v1.28.txt).
_ERR = """
api-path-removed-without-deprecation api-removed-without-deprecation new-request-path-parameter
new-required-request-parameter new-required-request-property request-body-added-required
request-body-any-of-removed request-body-became-enum request-body-became-not-nullable
request-body-became-required request-body-const-added request-body-const-changed
request-body-enum-value-removed request-body-exclusive-max-decreased
request-body-exclusive-min-increased request-body-list-of-types-narrowed
request-body-max-decreased request-body-max-length-decreased request-body-media-type-removed
request-body-min-increased request-body-min-items-increased request-body-min-length-increased
request-body-one-of-removed request-body-removed request-body-type-changed
request-parameter-became-enum request-parameter-became-not-nullable
request-parameter-became-required request-parameter-default-value-added
request-parameter-default-value-changed request-parameter-default-value-removed
request-parameter-enum-value-removed request-parameter-exclusive-max-decreased
request-parameter-exclusive-min-increased request-parameter-list-of-types-narrowed
request-parameter-max-decreased request-parameter-max-items-decreased
request-parameter-max-length-decreased request-parameter-min-increased
request-parameter-min-items-increased request-parameter-min-length-increased
request-parameter-pattern-added request-parameter-property-became-not-nullable
request-parameter-property-enum-value-removed request-parameter-property-list-of-types-narrowed
request-parameter-type-changed request-property-any-of-removed request-property-became-enum
request-property-became-not-nullable request-property-became-required
request-property-const-added request-property-const-changed request-property-enum-value-removed
request-property-exclusive-max-decreased request-property-exclusive-min-increased
request-property-list-of-types-narrowed request-property-max-decreased
request-property-max-length-decreased request-property-min-increased
request-property-min-items-increased request-property-min-length-increased
request-property-one-of-removed request-property-pattern-added request-property-type-changed
required-response-header-removed response-body-became-nullable response-body-const-changed
response-body-const-removed response-body-exclusive-max-increased
response-body-exclusive-min-decreased response-body-list-of-types-widened
response-body-max-increased response-body-max-length-increased response-body-max-length-unset
response-body-min-decreased response-body-min-items-decreased response-body-min-items-unset
response-body-min-length-decreased response-body-one-of-added response-body-type-changed
response-body-type-generalized response-header-became-optional response-header-type-changed
response-header-type-generalized response-media-type-removed response-property-became-nullable
response-property-became-optional response-property-const-changed response-property-const-removed
response-property-exclusive-max-increased response-property-exclusive-min-decreased
response-property-list-of-types-widened response-property-max-increased
response-property-max-length-increased response-property-max-length-unset
response-property-min-decreased response-property-min-items-decreased
response-property-min-items-unset response-property-min-length-decreased
response-property-one-of-added response-property-type-changed response-property-type-generalized
response-required-property-removed response-success-status-removed webhook-removed
request-parameter-property-type-specialized response-header-became-nullable
"""
_WARN = """
optional-response-header-removed request-body-exclusive-max-set request-body-exclusive-min-set
request-body-max-length-set request-body-max-set request-body-min-items-set request-body-min-set
request-parameter-exclusive-max-set request-parameter-exclusive-min-set
request-parameter-max-length-set request-parameter-max-set request-parameter-min-items-set
request-parameter-min-set request-parameter-pattern-changed request-parameter-property-type-changed
request-parameter-removed request-property-exclusive-max-set request-property-exclusive-min-set
request-property-max-length-set request-property-max-set request-property-min-items-set
request-property-min-set request-property-pattern-changed request-property-removed
response-optional-property-removed response-property-enum-value-added
"""
_INFO = """
api-operation-id-added api-operation-id-removed api-path-removed-with-deprecation
api-removed-with-deprecation api-schema-removed api-security-added api-security-component-added
api-security-component-oauth-scope-added api-security-component-oauth-scope-removed
api-security-component-oauth-token-url-changed api-security-component-oauth-url-changed
api-security-component-removed api-security-component-type-changed api-security-removed
api-security-scope-added api-security-scope-removed api-tag-added api-tag-removed endpoint-added
endpoint-deprecated endpoint-reactivated new-optional-request-parameter
new-optional-request-property request-body-added-optional request-body-any-of-added
request-body-became-nullable request-body-became-optional request-body-const-removed
request-body-default-value-added request-body-default-value-changed
request-body-default-value-removed request-body-exclusive-max-increased
request-body-exclusive-min-decreased request-body-list-of-types-widened
request-body-max-increased request-body-max-length-increased request-body-media-type-added
request-body-min-decreased request-body-min-length-decreased request-body-one-of-added
request-body-type-generalized request-parameter-became-nullable request-parameter-became-optional
request-parameter-deprecated request-parameter-enum-value-added
request-parameter-exclusive-max-increased request-parameter-exclusive-min-decreased
request-parameter-list-of-types-widened request-parameter-max-increased
request-parameter-max-items-increased request-parameter-max-length-increased
request-parameter-min-decreased request-parameter-min-items-decreased
request-parameter-min-length-decreased request-parameter-pattern-removed
request-parameter-property-became-nullable request-parameter-property-enum-value-added
request-parameter-property-list-of-types-widened request-parameter-property-type-generalized
request-parameter-reactivated request-parameter-type-generalized request-property-any-of-added
request-property-became-nullable request-property-became-optional request-property-const-removed
request-property-default-value-added request-property-default-value-changed
request-property-default-value-removed request-property-deprecated
request-property-enum-value-added request-property-exclusive-max-increased
request-property-exclusive-min-decreased request-property-list-of-types-widened
request-property-max-increased request-property-max-length-increased request-property-min-decreased
request-property-min-length-decreased request-property-one-of-added request-property-pattern-removed
request-property-reactivated request-property-type-generalized response-body-any-of-added
response-body-any-of-removed response-body-became-not-nullable response-body-const-added
response-body-default-value-added response-body-default-value-changed
response-body-default-value-removed response-body-list-of-types-narrowed
response-body-one-of-removed response-body-type-specialized response-header-added
response-header-type-specialized response-media-type-added response-non-success-status-added
response-non-success-status-removed response-optional-property-added response-property-any-of-added
response-property-any-of-removed response-property-became-not-nullable
response-property-became-required response-property-const-added
response-property-default-value-added response-property-default-value-changed
response-property-default-value-removed response-property-deprecated
response-property-enum-value-removed response-property-list-of-types-narrowed
response-property-one-of-removed response-property-pattern-added response-property-pattern-changed
response-property-pattern-removed response-property-reactivated response-property-type-specialized
response-required-property-added response-success-status-added webhook-added
response-header-became-not-nullable
"""
LEVELS: dict[str, Literal["ERR", "WARN", "INFO"]] = {
    **dict.fromkeys(_INFO.split(), "INFO"),
    **dict.fromkeys(_WARN.split(), "WARN"),
    **dict.fromkeys(_ERR.split(), "ERR"),
}
# oasdiff INFO checks raised to breaking here (the module docstring says why).
RAISED = frozenset({"api-operation-id-removed", "api-security-component-type-changed"})


def classify(
    candidate: str, direction: Direction | None, effect: Effect, klass: Klass | None
) -> tuple[str, Klass]:
    """The rule id and class of a change: an explicit class, else oasdiff's level, else logic."""
    rule = candidate if candidate in LEVELS else f"intentd-{candidate}"
    if klass is not None:
        return rule, klass
    if candidate in RAISED:
        return rule, "breaking"
    level = LEVELS.get(candidate)
    if level is not None:
        return rule, "non-breaking" if level == "INFO" else "breaking"
    return rule, logic_klass(direction, effect)


def logic_klass(direction: Direction | None, effect: Effect) -> Klass:
    """The class of an edit oasdiff has no check for: a tighter request or wider response breaks."""
    if effect == "changed":
        return "breaking"
    if effect == "neutral" or direction is None:
        return "non-breaking"
    bad: Effect = "narrower" if direction == "request" else "wider"
    return "breaking" if effect == bad else "non-breaking"


def kebab(key: str) -> str:
    """A keyword as a rule-id stem: ``allowReserved`` → ``allow-reserved``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", key).lower()
