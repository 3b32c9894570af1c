"""Emitting the document (YAML in the house style, JSON byte-identical to ``json.dumps``)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intentd import yamlio
from intentd.specgen import emit_json, emit_yaml

_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.text(max_size=30))
_json = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=12), _json, min_size=1, max_size=5))
def test_fast_yaml_matches_yamlio(data: dict[str, Any]) -> None:
    assert yamlio.dumps_fast(data) == yamlio.dumps(data)


_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
_any_json = st.recursive(
    st.one_of(_scalar, _floats),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.text(max_size=12), _any_json, max_size=5))
def test_fast_json_is_json_dumps(data: dict[str, Any]) -> None:
    assert emit_json(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "data",
    [
        {"nan": math.nan},
        {"inf": [1, math.inf]},
        {"keys": {1: "int key", "b": True}},
        {"tuple": (1, 2)},
    ],
)
def test_what_the_fast_encoder_does_not_write_goes_to_json_dumps(data: dict[str, Any]) -> None:
    assert emit_json(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_emit_yaml_is_the_house_style() -> None:
    doc = {"b": [1, {"c": None}], "a": "x: y"}
    assert emit_yaml(doc) == yamlio.dumps(doc)
