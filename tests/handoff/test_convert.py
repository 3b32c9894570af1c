"""The hand-off to and from plain data, shape errors as findings, and its JSON Schema."""

from __future__ import annotations

import pytest

from intentd.errors import PlanError
from intentd.handoff import Handoff, from_data, json_schema, to_data

from .plans import PATH, plan


def test_plain_data_round_trips_in_model_field_order() -> None:
    data = plan()
    out = to_data(from_data(data))
    assert out == data
    assert list(out) == list(Handoff.model_fields)
    assert list(out["entities"][0]["fields"][0]) == list(data["entities"][0]["fields"][0])


def test_every_shape_error_becomes_a_finding_at_the_path() -> None:
    data = plan()
    data["features"][0]["priority"] = "urgent"
    data["surprise"] = 1
    with pytest.raises(PlanError) as caught:
        from_data(data, PATH)
    err = caught.value
    assert err.message == f"{PATH}: the hand-off does not match its schema"
    assert [(f.location, f.rule) for f in err.findings] == [(PATH, "schema")] * 2
    assert [f.message.split(":")[0] for f in err.findings] == ["features.0.priority", "surprise"]


def test_an_error_at_the_root_is_named_root() -> None:
    with pytest.raises(PlanError) as caught:
        from_data([], "x.yaml")
    assert caught.value.findings[0].message.startswith("(root): ")
    assert caught.value.findings[0].location == "x.yaml"


def test_the_json_schema_forbids_extra_keys() -> None:
    schema = json_schema()
    assert schema["title"] == "Handoff" and schema["additionalProperties"] is False
    assert set(schema["required"]) == set(Handoff.model_fields)
