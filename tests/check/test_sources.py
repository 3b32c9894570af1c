"""Contract findings move to the intent line they come from, with what to write instead."""

from __future__ import annotations

from intentd.check import validate
from intentd.check.sources import at_intent, source_of
from intentd.errors import Finding
from intentd.specgen import compile_spec
from tests.helpers.specgen_fixtures import conduit


def _clashing() -> tuple[object, dict[str, object]]:
    h = conduit()
    get = next(ep for ep in h.api_surface if ep.id == "get-article")
    clash = get.model_copy(
        update={
            "id": "get-article-by-id",
            "path": "/articles/{articleId}",
            "source": "intent/x.md:7",
        }
    )
    h = h.model_copy(update={"api_surface": [*h.api_surface, clash]})
    return h, compile_spec(h, api_version="0.1.0")


def test_a_path_clash_is_reported_at_the_endpoint_line_with_what_to_do() -> None:
    h, doc = _clashing()
    report = validate.validate(doc, h)  # type: ignore[arg-type]
    clashes = [f for f in report.findings if f.rule == "no-identical-paths"]
    assert clashes, [f.render() for f in report.findings]
    moved = at_intent(clashes, h, doc)  # type: ignore[arg-type]
    assert moved[0].location == "intent/x.md:7"
    assert "name the parameter the same in both" in moved[0].message
    assert "spec/openapi.yaml" not in moved[0].location


def test_a_parameter_finding_points_at_the_parameter_line() -> None:
    h = conduit()
    ep = next(e for e in h.api_surface if e.id == "list-articles")
    tag = ep.parameters[0].model_copy(update={"source": "intent/app.md:42"})
    ep = ep.model_copy(update={"parameters": [tag, *ep.parameters[1:]]})
    h = h.model_copy(update={"api_surface": [ep if e.id == ep.id else e for e in h.api_surface]})
    doc = compile_spec(h, api_version="0.1.0")
    assert source_of("#/paths/~1articles/get/parameters/0/schema", h, doc) == "intent/app.md:42"
    assert source_of("#/paths/~1articles/get/responses", h, doc) == ep.source


def test_what_no_plan_item_owns_stays_at_the_contract() -> None:
    h = conduit()
    doc = compile_spec(h, api_version="0.1.0")
    [moved] = at_intent([Finding("#/info", "info is odd", "warning", "info-x")], h, doc)
    assert moved.location == "spec/openapi.yaml" and "[info-x at #/info]" in moved.message
