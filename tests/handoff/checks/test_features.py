"""Features: acceptance criteria under the feature's id, an endpoint or a reason for none."""

from __future__ import annotations

from intentd.handoff.checks.features import features

from ..plans import feature, plan, run, said


def test_a_feature_without_criteria_is_told_to_add_one() -> None:
    data = plan()
    data["features"][0]["acceptance_criteria"] = []
    assert said(run(features, data)) == [
        (
            "intent/app.md:3",
            "feature 'Browse books' has no acceptance criteria; add at least one bullet under it",
            "feature-criteria",
        )
    ]


def test_a_criterion_id_must_start_with_the_feature_id_and_a_dot() -> None:
    data = plan()
    crits = data["features"][0]["acceptance_criteria"]
    crits[0]["id"] = "browse-booksx.ac1"  # a longer id that merely starts the same
    crits.append({"id": "browse.ac2", "text": "t", "source": "intent/app.md:5"})
    assert said(run(features, data)) == [
        (
            "intent/app.md:4",
            "criterion id 'browse-booksx.ac1' must start with 'browse-books.'",
            "ids",
        ),
        ("intent/app.md:5", "criterion id 'browse.ac2' must start with 'browse-books.'", "ids"),
    ]


def test_a_feature_needs_an_endpoint_or_a_reason() -> None:
    data = plan()
    data["features"].append(feature("export", "Export", line=12))
    data["features"].append(feature("theme", "Dark theme", line=14))
    data["features"][-1]["no_endpoint_reason"] = "front-end only"
    assert said(run(features, data)) == [
        (
            "intent/app.md:12",
            "feature 'Export' has no endpoint and no reason; add an endpoint or say why it has none",
            "feature-endpoint",
        )
    ]


def test_criteria_findings_come_before_the_endpoint_finding_of_the_same_feature() -> None:
    data = plan()
    data["features"] = [feature("export", "Export", line=12)]
    data["features"][0]["acceptance_criteria"] = []
    data["api_surface"] = []
    assert [f.rule for f in run(features, data)] == ["feature-criteria", "feature-endpoint"]
