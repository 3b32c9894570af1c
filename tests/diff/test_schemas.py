"""The schema differ on recursive schemas: $ref and allOf cycles terminate and still diff."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from intentd.diff import diff
from tests.diff.table import NB, Doc

_schema_refs = st.sampled_from([f"#/components/schemas/S{i}" for i in range(4)])
_schema = st.recursive(
    st.builds(lambda r: {"$ref": r}, _schema_refs)
    | st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "object", "array"])}),
    lambda inner: (
        st.fixed_dictionaries(
            {
                "type": st.just("object"),
                "properties": st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
            },
            optional={"required": st.lists(st.sampled_from("abc"), max_size=2)},
        )
        | st.fixed_dictionaries({"allOf": st.lists(inner, min_size=1, max_size=2)})
        | st.fixed_dictionaries(
            {"anyOf": st.lists(inner | st.just({"type": "null"}), min_size=1, max_size=3)}
        )
        | st.fixed_dictionaries({"type": st.just("array"), "items": inner})
    ),
    max_leaves=6,
)


def _cyclic_doc(schemas: list[Doc]) -> Doc:
    return {
        "openapi": "3.1.0",
        "info": {"title": "c", "version": "1.0.0"},
        "paths": {
            "/n": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/S1"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {f"S{i}": s for i, s in enumerate(schemas)}},
    }


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(_schema, min_size=4, max_size=4), st.lists(_schema, min_size=4, max_size=4))
def test_cyclic_schemas_terminate(a: list[Doc], b: list[Doc]) -> None:
    old, new = _cyclic_doc(a), _cyclic_doc(b)
    assert diff(old, old) == []
    changes = diff(old, new)
    assert all(c.operation in ("", "POST /n") for c in changes)


def test_self_referencing_ref_and_allof_loops() -> None:
    doc = _cyclic_doc(
        [
            {"$ref": "#/components/schemas/S0"},
            {"allOf": [{"$ref": "#/components/schemas/S1"}, {"type": "object"}]},
            {"type": "object"},
            {"type": "object"},
        ]
    )
    other = copy.deepcopy(doc)
    other["components"]["schemas"]["S1"]["allOf"][1]["required"] = ["x"]
    other["components"]["schemas"]["S1"]["allOf"][1]["properties"] = {"x": {"type": "string"}}
    assert {(c.rule, c.klass) for c in diff(doc, other)} == {
        ("response-required-property-added", NB)
    }
