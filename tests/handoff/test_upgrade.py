"""A hand-off written by intentd 0.1 reads as today's model (handoff.upgrade)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from intentd import handoff, yamlio
from intentd.errors import PlanError
from tests.helpers import ROOT

CASE = ROOT / "tests" / "cases" / "crud-inference" / "handoff.yaml"
_NEW_ENDPOINT_KEYS = ("paging", "envelope", "wrapper", "parameters", "status", "headers", "errors")


def _as_written_by_0_1(data: dict[str, Any]) -> dict[str, Any]:
    """Today's hand-off with the keys 0.1 did not have taken out, and 0.1's ``paginated``."""
    old = copy.deepcopy(data)
    del old["api_info"]["naming"]
    for entity in old["entities"]:
        del entity["kind"], entity["key"]
        for f in entity["fields"]:
            del f["expand"]
    for ep in old["api_surface"]:
        ep["paginated"] = ep["paging"] == "page"
        for key in _NEW_ENDPOINT_KEYS:
            del ep[key]
    return old


@pytest.fixture
def current() -> dict[str, Any]:
    data = yamlio.loads(CASE.read_text(encoding="utf-8"), "handoff.yaml")
    assert isinstance(data, dict)
    return data


def test_a_0_1_hand_off_does_not_load_as_is(current: dict[str, Any]) -> None:
    with pytest.raises(PlanError):
        handoff.from_data(_as_written_by_0_1(current))


def test_a_0_1_hand_off_loads_after_the_upgrade_with_its_ids(current: dict[str, Any]) -> None:
    plan = handoff.from_data(handoff.upgrade(_as_written_by_0_1(current)))
    assert [ep.id for ep in plan.api_surface] == [ep["id"] for ep in current["api_surface"]]
    lists = [ep for ep in plan.api_surface if ep.list and ep.paging == "page"]
    assert lists and all([p.role for p in ep.parameters] == ["page", "page_size"] for ep in lists)
    statuses = {(ep.method, ep.path.endswith("}")): ep.status for ep in plan.api_surface}
    assert statuses.get(("POST", False)) == 201
    assert statuses.get(("DELETE", True)) == 204


def test_a_current_hand_off_is_left_as_it_is(current: dict[str, Any]) -> None:
    assert handoff.upgrade(current) is current
