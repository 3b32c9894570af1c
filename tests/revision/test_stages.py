"""The one spec assembly the revision and ``intentd spec`` share (issue 9, "one of each")."""

from __future__ import annotations

import json
from pathlib import Path

from intentd import layout, specgen
from intentd.intent import read_bundle
from intentd.planner.offline.planner import OfflinePlanner
from intentd.revision import stages

CASE = Path(__file__).resolve().parent.parent / "cases" / "minimal"


def test_build_spec_compiles_validates_and_renders_the_golden_contract() -> None:
    h = OfflinePlanner().plan(read_bundle(CASE), None, ())
    laps: list[str] = []

    spec = stages.build_spec(h, None, laps.append)

    assert laps == ["compile", "validate"]
    assert spec.errors == [] and spec.doc["info"]["version"] == specgen.FIRST_VERSION
    files = spec.files()
    assert files[layout.SPEC_YAML] == (CASE / "openapi.yaml").read_bytes()
    assert files[layout.VALIDATION_REPORT] == spec.report.to_json().encode()
    assert set(files) == set(layout.SPEC_FILES) - {layout.CHANGELOG}


def test_with_version_moves_only_the_version() -> None:
    h = OfflinePlanner().plan(read_bundle(CASE), None, ())
    spec = stages.build_spec(h, "0.1.0")

    moved = spec.with_version("0.2.0")

    assert moved.report is spec.report and spec.doc["info"]["version"] == "0.1.0"
    doc = json.loads(moved.files()[layout.SPEC_JSON])
    assert doc["info"]["version"] == doc["x-intentd"]["api_version"] == "0.2.0"
    old = json.loads(spec.files()[layout.SPEC_JSON])
    doc["info"]["version"] = doc["x-intentd"]["api_version"] = "0.1.0"
    assert doc == old
