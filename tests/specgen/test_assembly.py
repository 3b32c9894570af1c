"""One assembly for ``intentd spec`` and the revision (issue 9): document, files, first version."""

from __future__ import annotations

from intentd.specgen import (
    FIRST_VERSION,
    assemble,
    compile_spec,
    emit_json,
    emit_yaml,
    spec_files,
    versioned,
)
from tests.helpers.specgen_fixtures import bookshop


def test_the_first_version() -> None:
    h = bookshop()
    assert FIRST_VERSION == "0.1.0"
    for spec in (assemble(h), assemble(h, None)):
        assert spec.version == FIRST_VERSION
        assert spec.doc == compile_spec(h, api_version=FIRST_VERSION)


def test_files_are_the_spec_files_of_the_document() -> None:
    h = bookshop()
    spec = assemble(h, "2.3.4")
    assert spec.doc["info"]["version"] == spec.doc["x-intentd"]["api_version"] == "2.3.4"
    assert spec.files == spec_files(h, spec.doc)
    assert spec.files is spec.files  # rendered once
    assert spec.files["spec/openapi.yaml"] == emit_yaml(spec.doc)
    assert spec.files["spec/openapi.json"] == emit_json(spec.doc)
    assert "spec/validation_report.json" not in spec.files  # that one needs validation


def test_moving_to_the_bumped_version_is_compiling_at_it() -> None:
    # The revision compiles at the previous version, diffs, then moves to the bumped one.
    h = bookshop()
    first = assemble(h, "1.0.0")
    before = emit_json(first.doc)
    moved = first.with_version("1.1.0")
    assert moved.doc == assemble(h, "1.1.0").doc
    assert moved.files == assemble(h, "1.1.0").files
    assert emit_json(first.doc) == before  # the first document is not changed
    assert first.with_version("1.0.0") is first


def test_versioned_keeps_the_key_order() -> None:
    doc = compile_spec(bookshop(), api_version="1.0.0")
    moved = versioned(doc, "9.9.9")
    assert list(moved) == list(doc) and list(moved["info"]) == list(doc["info"])
    assert list(moved["x-intentd"]) == list(doc["x-intentd"])
    assert versioned({"info": {"version": "1"}}, "2") == {"info": {"version": "2"}}
