"""The validation report (:mod:`intentd.check.report`): deterministic, complete JSON."""

from __future__ import annotations

import copy
import json

from intentd.check.validate import CHECKS, validate
from tests.check.contract import clean_doc


def test_report_json_is_deterministic_and_complete() -> None:
    doc = clean_doc()
    del doc["info"]["contact"]
    doc["paths"]["/books"]["get"]["operationId"] = "getBook"
    first = validate(doc).to_json()
    assert first == validate(copy.deepcopy(doc)).to_json()
    assert first.endswith("\n")
    data = json.loads(first)
    assert data["ok"] is False
    assert [c["name"] for c in data["checks"]] == list(CHECKS)
    assert data["counts"]["error"] >= 1 and data["counts"]["warning"] >= 1
    for check in data["checks"]:
        assert set(check) == {"name", "ran", "note", "counts", "findings"}
        assert check["counts"]["error"] == sum(
            1 for f in check["findings"] if f["severity"] == "error"
        )
        for finding in check["findings"]:
            assert set(finding) == {"severity", "rule", "location", "message"}
            assert finding["location"].startswith("#")
