"""One module for YAML in and out: stable bytes, lossless round trips, clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intentd import yamlio
from intentd.errors import IntentdError

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False, width=64)
    | st.text(max_size=40)
    | st.sampled_from(["yes", "No", "on", "OFF", "y", "null", "~", "1.0", "0x10", "- a", "a: b"])
)
keys = st.text(min_size=1, max_size=12)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_load_dump_load_is_lossless_and_dumping_is_stable(data: Any) -> None:
    text = yamlio.dumps(data)
    assert text.endswith("\n")
    loaded = yamlio.loads(text)
    assert loaded == data
    assert yamlio.dumps(loaded) == text
    assert yamlio.dumps_fast(data) == text


def test_layout_is_fixed() -> None:
    text = yamlio.dumps({"b": [{"x": 1, "y": None}], "a": "two\nlines", "c": "yes"})
    assert text == "b:\n  - x: 1\n    'y': null\na: |-\n  two\n  lines\nc: 'yes'\n"


def test_key_order_is_kept() -> None:
    assert list(yamlio.loads(yamlio.dumps({"z": 1, "a": 2, "m": 3}))) == ["z", "a", "m"]


def test_invalid_yaml_names_path_and_line() -> None:
    with pytest.raises(IntentdError) as err:
        yamlio.loads("a: 1\nb: [2, 3\nc: 4\n", "intent/x.yaml")
    (finding,) = err.value.findings
    assert finding.location.startswith("intent/x.yaml:")
    assert "invalid YAML" in finding.message


def test_line_of_walks_round_trip_nodes() -> None:
    tree = yamlio.load_with_lines("a:\n  b:\n    - x\n    - y\n", "f.yaml")
    assert yamlio.line_of(tree, ("a", "b", 1)) == 4
    assert yamlio.line_of(tree, ("a", "missing")) == 2
