"""The trace check: every operation names the feature it serves, and with a hand-off, every
feature reaches an operation (or says why not) and every planned endpoint has one.

The link is the operation's ``x-agent-meta`` (feature, api_surface_id, intent_id), written by
the compiler from the hand-off's trace links.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import Finding
from ..handoff import Handoff
from ..openapi.pointer import pointer
from ..openapi.walk import Path, iter_operations
from .report import CHECKS, Check

_NO_FEATURE = "the operation names no feature (x-agent-meta.feature)"


class _Traced(NamedTuple):
    """An operation that names its feature: where it sits, the feature, its x-agent-meta."""

    at: Path
    feature: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class _Plan:
    """What the hand-off planned, as the sets an operation is checked against."""

    intent_id: str
    features: frozenset[str]
    endpoints: frozenset[str]

    @classmethod
    def of(cls, handoff: Handoff) -> _Plan:
        features = frozenset(f.id for f in handoff.features)
        return cls(handoff.intent_id, features, frozenset(e.id for e in handoff.api_surface))


def check_trace(doc: dict[str, Any], handoff: Handoff | None) -> Check:
    """Trace findings for ``doc``; without ``handoff``, only that each operation names one."""
    findings: list[Finding] = []
    traced: list[_Traced] = []
    for _key, _method, op, at in iter_operations(doc):
        feature = _feature(op)
        if feature is None:
            findings.append(Finding(pointer(at), _NO_FEATURE, "error", "trace-operation-feature"))
        else:
            traced.append(_Traced(at, feature, op["x-agent-meta"]))
    if handoff is None:
        return Check.of(CHECKS[4], findings, "no hand-off given: checked operations only")
    plan = _Plan.of(handoff)
    for named in traced:
        findings.extend(_against_plan(named, plan))
    findings.extend(_unreached_features(handoff, traced))
    findings.extend(_unserved_endpoints(handoff, traced))
    note = f"{len(handoff.features)} feature(s), {len(handoff.api_surface)} endpoint(s)"
    return Check.of(CHECKS[4], findings, note)


def _feature(op: dict[str, Any]) -> str | None:
    meta = op.get("x-agent-meta")
    feature = meta.get("feature") if isinstance(meta, dict) else None
    return feature if isinstance(feature, str) and feature else None


def _endpoint(op: _Traced) -> str | None:
    endpoint = op.meta.get("api_surface_id")
    return endpoint if isinstance(endpoint, str) else None


def _against_plan(op: _Traced, plan: _Plan) -> Iterator[Finding]:
    """What an operation names that the hand-off does not have."""
    where = pointer((*op.at, "x-agent-meta"))
    if op.feature not in plan.features:
        yield Finding(where, f"unknown feature '{op.feature}'", "error", "trace-operation-feature")
    endpoint = _endpoint(op)
    if endpoint is not None and endpoint not in plan.endpoints:
        yield Finding(where, f"unknown api_surface id '{endpoint}'", "error", "trace-endpoint")
    if op.meta.get("intent_id") not in (None, plan.intent_id):
        yield Finding(where, f"intent_id is not '{plan.intent_id}'", "error", "trace-intent")


def _unreached_features(handoff: Handoff, traced: list[_Traced]) -> Iterator[Finding]:
    reached = {op.feature for op in traced}
    for feature in handoff.features:
        if feature.id not in reached and not (feature.no_endpoint_reason or "").strip():
            yield Finding(
                "#/paths",
                f"feature '{feature.id}' ({feature.source}) reaches no operation and gives "
                "no no_endpoint_reason",
                "error",
                "trace-feature-coverage",
            )


def _unserved_endpoints(handoff: Handoff, traced: list[_Traced]) -> Iterator[Finding]:
    seen = {_endpoint(op) for op in traced}
    for ep in handoff.api_surface:
        if ep.id not in seen:
            yield Finding(
                "#/paths",
                f"api_surface endpoint '{ep.id}' ({ep.source}) has no operation",
                "error",
                "trace-endpoint",
            )
