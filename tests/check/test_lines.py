"""Findings located in the YAML (:mod:`intentd.check.lines`): pointer → line, and
``path:line:`` messages."""

from __future__ import annotations

from intentd import yamlio
from intentd.check.validate import locate, validate, with_lines
from intentd.specgen.compiler import emit_yaml
from tests.check.contract import clean_doc


def test_locate_maps_pointers_to_lines() -> None:
    text = emit_yaml(clean_doc())
    lines = text.splitlines()
    line = locate(text, "#/paths/~1books~1{bookId}/get/operationId")
    assert line is not None and lines[line - 1].strip() == "operationId: getBook"
    line = locate(text, "#/components/schemas/Book/properties/genre/enum/1")
    assert line is not None and lines[line - 1].strip() == "- science"
    # a pointer below an existing node maps to the deepest node that exists
    deep = locate(text, "#/paths/~1books/get/missing/deeper")
    assert deep is not None and lines[deep - 1].strip() == "get:"
    assert locate(text, "#") == 1
    assert locate("a: [", "#/a") is None


def test_with_lines_renders_path_line_messages() -> None:
    doc = clean_doc()
    doc["paths"]["/books"]["get"]["operationId"] = "getBook"
    text = yamlio.dumps(doc)
    rendered = [f.render() for f in with_lines(validate(doc).errors, text)]
    assert any(
        r.startswith("spec/openapi.yaml:") and "operation-operationId-unique" in r for r in rendered
    )
    line = int(rendered[0].split(":")[1])
    assert line > 1
