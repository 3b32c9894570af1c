"""Validation of compiled contracts (issue #3 item 3), all checks together
(:func:`intentd.check.validate.validate`): a clean contract and every compiled and golden one
have no findings; what is not a mapping is a finding, not a crash.

Each check's own rules are tested beside it: test_structure, test_refs, test_lint,
test_examples, test_trace; the report in test_report, pointer → line in test_lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from intentd import yamlio
from intentd.check.validate import CHECKS, validate, with_lines
from intentd.handoff import Handoff, from_data
from intentd.specgen.compiler import compile_spec
from tests.check.contract import clean_doc
from tests.helpers import TESTS
from tests.helpers import specgen_fixtures as fixtures


def test_clean_document_has_no_findings() -> None:
    report = validate(clean_doc())
    assert [f.render() for f in report.findings] == []
    assert report.ok
    assert [c.name for c in report.checks] == list(CHECKS)
    assert all(c.ran for c in report.checks)


@pytest.fixture(scope="module", params=sorted(fixtures.ALL_CASES))
def compiled(request: pytest.FixtureRequest) -> tuple[Handoff, dict[str, Any]]:
    handoff = fixtures.ALL_CASES[request.param]()
    return handoff, compile_spec(handoff, api_version="0.1.0")


def test_compiled_contracts_have_no_findings(compiled: tuple[Handoff, dict[str, Any]]) -> None:
    handoff, doc = compiled
    report = validate(doc, handoff)
    assert [f.render() for f in report.findings] == []


GOLDEN = sorted(TESTS.glob("cases/*/openapi.yaml"))


@pytest.mark.parametrize("spec", GOLDEN, ids=[p.parent.name for p in GOLDEN])
def test_golden_contracts_have_no_findings(spec: Path) -> None:
    handoff = from_data(yamlio.loads((spec.parent / "handoff.yaml").read_text("utf-8")))
    text = spec.read_text("utf-8")
    report = validate(yamlio.loads(text), handoff)
    assert [f.render() for f in with_lines(report.findings, text, str(spec))] == []


def test_a_300_operation_api_validates() -> None:
    handoff = fixtures.synthetic_handoff(300)
    report = validate(compile_spec(handoff, api_version="0.1.0"), handoff)
    assert report.counts == {"error": 0, "warning": 0, "info": 0}


def test_not_a_mapping_is_a_finding() -> None:
    report = validate([])  # type: ignore[arg-type]
    assert not report.ok
