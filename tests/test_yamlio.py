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


# -- bounded reading (issue 11) ------------------------------------------------------------------


def laughs(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs": each anchor is a list of ``width`` aliases of the one before."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


LOADERS = [yamlio.loads, yamlio.load_with_lines]


def refused(load: Any, text: str, path: str = "intent/x.yaml") -> tuple[int, str]:
    with pytest.raises(IntentdError) as err:
        load(text, path)
    (finding,) = err.value.findings
    where, _, line = finding.location.rpartition(":")
    assert where == path
    return int(line), finding.message


@pytest.mark.parametrize("load", LOADERS)
def test_billion_laughs_is_refused_at_the_alias_that_crosses_the_budget(load: Any) -> None:
    line, message = refused(load, "project_name: P\n" + laughs())
    assert 2 < line <= 10
    assert f"more than {yamlio.MAX_EXPANDED}" in message and "write the values out" in message


@pytest.mark.parametrize("load", LOADERS)
@pytest.mark.parametrize(
    "text",
    ["x: " + "[" * 1000 + "]" * 1000 + "\n", "x: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n"],
    ids=["list", "map"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(load: Any, text: str) -> None:
    line, message = refused(load, text)
    assert line == 1
    assert f"nested deeper than {yamlio.MAX_DEPTH} levels; flatten" in message


@pytest.mark.parametrize("load", LOADERS)
def test_nesting_up_to_the_limit_reads(load: Any) -> None:
    n = yamlio.MAX_DEPTH - 1  # the root mapping is one level
    data = yamlio.plain(load("x: " + "[" * n + "]" * n + "\n", "intent/x.yaml"))["x"]
    depth = 1
    while data:
        (data,) = data
        depth += 1
    assert depth == n


def test_aliases_cannot_stack_depth_past_the_limit() -> None:
    half = yamlio.MAX_DEPTH // 2 + 1
    text = f"a: &a {'[' * half}1{']' * half}\nb: &b {'[' * half}*a{']' * half}\n"
    line, message = refused(yamlio.load_with_lines, text)
    assert line == 2 and "alias *a nests the document deeper" in message


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    line, message = refused(yamlio.loads, "a: &a [1, *a]\n")
    assert line == 1 and "alias *a refers to the node that contains it" in message


def test_too_many_aliases_are_refused() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (yamlio.MAX_ALIASES + 1)) + "]\n"
    line, message = refused(yamlio.loads, text)
    assert line == 2 and f"more than {yamlio.MAX_ALIASES} aliases" in message


def test_a_few_aliases_read_as_shared_values() -> None:
    text = "base: &base {type: string, required: true}\nname: *base\ntitle: *base\n"
    assert yamlio.loads(text, "intent/x.yaml")["title"] == {"type": "string", "required": True}


def test_written_documents_have_a_node_budget_generated_ones_do_not() -> None:
    text = "notes: [" + ", ".join(["a"] * (yamlio.MAX_NODES + 1)) + "]\n"
    line, message = refused(yamlio.load_with_lines, text, "intent/big.yaml")
    assert line == 1 and f"more than {yamlio.MAX_NODES} YAML nodes" in message
    refused(yamlio.loads, text, "intentd.yaml")
    assert len(yamlio.loads(text, "plan/handoff.yaml")["notes"]) == yamlio.MAX_NODES + 1
