"""The auth policy, deliverables and milestones name only what the plan defines."""

from __future__ import annotations

from typing import Any

from intentd.handoff.checks.references import auth_policy, deliverables, milestones

from ..plans import PATH, plan, run, said


def _deliverable(did: str, features: list[str]) -> dict[str, Any]:
    return {
        "id": did,
        "name": did,
        "description": "",
        "features": features,
        "acceptance_criteria": [],
        "tests": [],
        "source": "intent/app.md:70",
    }


def _milestone(deliverables: list[str], features: list[str]) -> dict[str, Any]:
    return {
        "id": "m1",
        "name": "M1",
        "description": "",
        "deliverables": deliverables,
        "features": features,
        "acceptance_criteria": [],
        "source": "intent/app.md:80",
    }


def test_auth_policy_features_are_known_and_placed_at_the_plan_without_a_source() -> None:
    data = plan()
    data["auth_policy"]["features_requiring_auth"] = ["browse-books", "ghost"]
    assert said(run(auth_policy, data)) == [
        (PATH, "auth_policy names unknown feature 'ghost'", "ref")
    ]
    data["auth_policy"]["source"] = "intent/app.md:2"
    assert [f.location for f in run(auth_policy, data)] == ["intent/app.md:2"]


def test_a_deliverable_names_known_features() -> None:
    data = plan()
    data["deliverables"] = [_deliverable("d1", ["browse-books", "ghost"])]
    assert said(run(deliverables, data)) == [
        ("intent/app.md:70", "deliverable 'd1' names unknown feature 'ghost'", "ref")
    ]


def test_a_milestone_names_known_features_then_known_deliverables() -> None:
    data = plan()
    data["deliverables"] = [_deliverable("d1", [])]
    data["milestones"] = [_milestone(["d1", "d2"], ["ghost", "browse-books"])]
    assert said(run(milestones, data)) == [
        ("intent/app.md:80", "milestone 'm1' names unknown feature 'ghost'", "ref"),
        ("intent/app.md:80", "milestone 'm1' names unknown deliverable 'd2'", "ref"),
    ]
