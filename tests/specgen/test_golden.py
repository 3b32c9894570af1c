"""Golden contracts: every case's hand-off compiles to exactly the expected ``openapi.yaml``,
the same bytes twice, and to a contract with 0 errors and 0 warnings from our validation
(issue 3, "Must show"). ``make regen-golden`` rewrites them; tests never do."""

from __future__ import annotations

import json

import pytest

from intentd import specgen, yamlio
from intentd.check import validate
from intentd.intent import read_bundle
from intentd.planner.offline.planner import OfflinePlanner
from tests.golden import CASES, EXPECTED_SPEC, case_names, render_spec
from tests.helpers import ROOT

NAMES = case_names()


@pytest.mark.parametrize("name", NAMES)
def test_golden_contract_matches_exactly(name: str) -> None:
    expected = (CASES / name / EXPECTED_SPEC).read_text(encoding="utf-8")
    assert render_spec(CASES / name) == expected, "run `make regen-golden` and review the diff"


@pytest.mark.parametrize("name", NAMES)
def test_golden_contract_is_stable_and_clean(name: str) -> None:
    plan = OfflinePlanner().plan(read_bundle(CASES / name), None, ())
    version = plan.api_info.version or specgen.FIRST_VERSION
    first = specgen.compile_spec(plan, api_version=version)
    again = specgen.compile_spec(plan, api_version=version)
    assert specgen.emit_yaml(first) == specgen.emit_yaml(again)
    assert json.loads(specgen.emit_json(first)) == yamlio.loads(specgen.emit_yaml(first))
    report = validate.validate(first, plan)
    assert [f.render() for f in report.findings] == []
    assert report.counts == {"error": 0, "warning": 0, "info": 0}


def test_the_template_compiles_clean() -> None:

    template = ROOT / "workspace-template"
    plan = OfflinePlanner().plan(read_bundle(template), None, ())
    doc = specgen.compile_spec(plan, api_version=specgen.FIRST_VERSION)
    report = validate.validate(doc, plan)
    assert [f.render() for f in report.findings] == []
    assert specgen.emit_yaml(doc) == specgen.emit_yaml(
        specgen.compile_spec(plan, api_version=specgen.FIRST_VERSION)
    )
