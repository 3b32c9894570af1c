"""The auth policy, deliverables and milestones name only features and deliverables the plan has."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from .context import Context


def auth_policy(ctx: Context) -> Iterator[Finding]:
    policy = ctx.handoff.auth_policy
    for fid in policy.features_requiring_auth:
        if fid not in ctx.features:
            yield ctx.finding(policy.source, f"auth_policy names unknown feature '{fid}'", "ref")


def deliverables(ctx: Context) -> Iterator[Finding]:
    for d in ctx.handoff.deliverables:
        for fid in d.features:
            if fid not in ctx.features:
                message = f"deliverable '{d.id}' names unknown feature '{fid}'"
                yield ctx.finding(d.source, message, "ref")


def milestones(ctx: Context) -> Iterator[Finding]:
    deliverable_ids = {d.id for d in ctx.handoff.deliverables}
    for m in ctx.handoff.milestones:
        for fid in m.features:
            if fid not in ctx.features:
                message = f"milestone '{m.id}' names unknown feature '{fid}'"
                yield ctx.finding(m.source, message, "ref")
        for did in m.deliverables:
            if did not in deliverable_ids:
                message = f"milestone '{m.id}' names unknown deliverable '{did}'"
                yield ctx.finding(m.source, message, "ref")
