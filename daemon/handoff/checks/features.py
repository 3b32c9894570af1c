"""Each feature has acceptance criteria under its own id, and an endpoint or a reason for none."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from ..model import Feature
from .context import Context


def features(ctx: Context) -> Iterator[Finding]:
    served = {ep.feature for ep in ctx.handoff.api_surface}
    for feature in ctx.handoff.features:
        yield from _criteria(ctx, feature)
        if feature.id not in served and not feature.no_endpoint_reason:
            message = (
                f"feature '{feature.name}' has no endpoint and no reason; add an endpoint or "
                "say why it has none"
            )
            yield ctx.finding(feature.source, message, "feature-endpoint")


def _criteria(ctx: Context, feature: Feature) -> Iterator[Finding]:
    if not feature.acceptance_criteria:
        message = (
            f"feature '{feature.name}' has no acceptance criteria; add at least one bullet under it"
        )
        yield ctx.finding(feature.source, message, "feature-criteria")
    for crit in feature.acceptance_criteria:
        if not crit.id.startswith(feature.id + "."):
            message = f"criterion id '{crit.id}' must start with '{feature.id}.'"
            yield ctx.finding(crit.source, message, "ids")
