"""The orchestrator: every checker runs, in a fixed order, over one context."""

from __future__ import annotations

import intentd.handoff as face
from intentd import layout
from intentd.handoff import check
from intentd.handoff.checks import CHECKERS, Context
from intentd.handoff.checks.secrets import no_secrets
from intentd.handoff.checks.uniqueness import unique_names

from ..plans import PATH, endpoint, env, feature, handoff, note, plan, said


def test_the_base_plan_passes_every_check() -> None:
    assert check(handoff(plan()), PATH) == []


def test_findings_come_checker_by_checker_in_reading_order() -> None:
    data = plan()
    data["description"] = "key: sk-" + "a" * 24
    data["environment_vars"] = [env("DB_URL", "url=postgres")]
    data["notes_for_spec"] = [note("Book.title", "max_length", "ten")]
    data["milestones"] = [
        {
            "id": "m1",
            "name": "M1",
            "description": "",
            "deliverables": [],
            "features": ["ghost"],
            "acceptance_criteria": [],
            "source": "intent/app.md:60",
        }
    ]
    data["auth_policy"]["features_requiring_auth"] = ["ghost"]
    data["api_surface"][0]["feature"] = "nowhere"
    data["entities"][1]["fields"][1]["of"] = "string"
    data["features"][0]["acceptance_criteria"][0]["id"] = "other.ac1"
    data["features"].append(feature("browse-books", "Browse again", line=8))
    assert [(f.rule, f.message.split(" ")[0]) for f in check(handoff(data), PATH)] == [
        ("unique-feature", "feature"),
        ("ids", "criterion"),
        ("array", "Author.name:"),
        ("ref", "endpoint"),
        ("ref", "auth_policy"),
        ("ref", "milestone"),
        ("note", "Book.title:"),
        ("env-value", "environment"),
        ("secret", "description"),
    ]


def test_a_finding_without_a_source_is_placed_at_the_path_given() -> None:
    data = plan()
    data["auth_policy"]["features_requiring_auth"] = ["ghost"]
    assert [f.location for f in check(handoff(data), "elsewhere.yaml")] == ["elsewhere.yaml"]
    assert [f.location for f in check(handoff(data))] == [layout.HANDOFF]


def test_the_checkers_run_uniqueness_first_and_secrets_last() -> None:
    assert CHECKERS[0] is unique_names and CHECKERS[-1] is no_secrets
    assert len(set(CHECKERS)) == len(CHECKERS)


def test_the_context_indexes_keep_the_last_of_repeated_names() -> None:
    data = plan()
    data["api_surface"].append(endpoint("list-books", "GET", "/books", line=77))
    data["features"].append(feature("browse-books", "Again", line=9))
    ctx = Context.of(handoff(data), PATH)
    assert ctx.features["browse-books"].source == "intent/app.md:9"
    assert ctx.finding(None, "m", "r").location == PATH
    assert said([ctx.finding("a.md:1", "m", "r")]) == [("a.md:1", "m", "r")]


def test_the_face_re_exports_what_the_rest_of_intentd_imports() -> None:
    used = {
        "Handoff", "Entity", "EntityField", "Endpoint", "NoteForSpec", "Feature", "IntentInput",
        "PlannerInfo", "TraceLinks", "Model", "Constraint", "SOURCE_RE", "SLUG_RE", "SEMVER_RE",
        "ENV_RE", "SCALAR_TYPES", "VALUED_CONSTRAINTS", "check", "from_data", "to_data",
        "json_schema", "find_secret", "validation_findings",
    }  # fmt: skip
    assert used <= set(face.__all__)
    for name in face.__all__:
        assert getattr(face, name) is not None, name
