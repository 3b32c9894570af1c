"""The semantic check of a hand-off: every checker in turn, their findings in one list.

The order of :data:`CHECKERS` is the order findings are reported in; keep it stable, since
people (and the golden bad-input messages) read them top to bottom.
"""

from __future__ import annotations

from ... import layout
from ...errors import Finding
from ..model import Handoff
from .api_surface import endpoints
from .context import Checker, Context
from .entities import entities
from .environment import environment_vars
from .features import features
from .keys import keys
from .notes import notes
from .parameters import parameters
from .references import auth_policy, deliverables, milestones
from .responses import responses
from .secrets import no_secrets
from .uniqueness import unique_names

CHECKERS: tuple[Checker, ...] = (
    unique_names,
    features,
    entities,
    endpoints,
    keys,
    parameters,
    responses,
    auth_policy,
    deliverables,
    milestones,
    notes,
    environment_vars,
    no_secrets,
)


def check(handoff: Handoff, path: str = layout.HANDOFF) -> list[Finding]:
    """Semantic checks beyond the shape. Each finding points at the item's ``source``."""
    ctx = Context.of(handoff, path)
    return [finding for checker in CHECKERS for finding in checker(ctx)]
