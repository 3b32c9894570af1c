"""Repeated ids and names: reported once each, sorted, at the right place."""

from __future__ import annotations

from intentd.handoff.checks.uniqueness import unique_names

from ..plans import PATH, endpoint, entity, feature, field, plan, run, said


def test_a_repeated_entity_is_reported_at_its_last_definition() -> None:
    data = plan()
    data["entities"].append(entity("Book", [field("id")], line=90))
    assert said(run(unique_names, data)) == [
        ("intent/app.md:90", "entity 'Book' is defined more than once", "unique-entity")
    ]


def test_feature_ids_and_names_must_differ_names_regardless_of_case() -> None:
    data = plan()
    data["features"] += [feature("browse-books", "Other", line=7), feature("shop", "BROWSE books")]
    data["features"][-1]["acceptance_criteria"][0]["id"] = "shop.ac1"
    data["features"][1]["acceptance_criteria"][0]["id"] = "browse-books.ac2"
    assert said(run(unique_names, data)) == [
        ("intent/app.md:7", "feature id 'browse-books' is used more than once", "unique-feature"),
        (
            PATH,
            "two features are named 'browse books'; give each a distinct name",
            "unique-feature",
        ),
    ]


def test_endpoints_repeat_by_id_and_by_method_and_path() -> None:
    data = plan()
    data["api_surface"] += [
        endpoint("list-books", "POST", "/books"),
        endpoint("another", "GET", "/books"),
    ]
    assert said(run(unique_names, data)) == [
        (PATH, "endpoint id 'list-books' is used more than once", "unique-endpoint"),
        (PATH, "endpoint 'GET /books' is declared more than once", "unique-endpoint"),
    ]


def test_criterion_ids_repeat_across_features_and_are_listed_sorted() -> None:
    data = plan()
    extra = feature("zeta", "Zeta")
    data["features"].append(extra)
    crits = data["features"][0]["acceptance_criteria"]
    crits.append({**crits[0]})
    extra["acceptance_criteria"] *= 2
    messages = [f.message for f in run(unique_names, data)]
    assert messages == [
        "acceptance criterion id 'browse-books.ac1' is used more than once",
        "acceptance criterion id 'zeta.ac1' is used more than once",
    ]


def test_a_plan_without_repeats_has_no_findings() -> None:
    assert run(unique_names, plan()) == []
