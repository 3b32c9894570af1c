"""The summary, the report in each format, and ``--fail-on``."""

from __future__ import annotations

import json

from intentd.diff import diff, fails, render, summarize
from tests.diff.table import pair


def test_render_summarize_fails() -> None:
    old, new = pair("op-added")
    changes = diff(old, new)
    assert summarize(changes) == "add PUT /books/{id}"
    assert summarize([]) == "no contract change"
    assert summarize(diff(*pair("description-changed"))) == "docs only (1 change)"
    many = diff(*pair("response-enum-widened")) + changes
    assert summarize(many) == "+1 op, 3 breaking"
    assert fails(many, "breaking") and fails(changes, "non-breaking")
    assert not fails(changes, "breaking")
    text = render(many)
    assert text.splitlines()[0] == "breaking (3):"
    assert "non-breaking (1):" in text
    md = render(many, "markdown")
    assert md.startswith("### Breaking (3)") and "`endpoint-added`" in md
    data = json.loads(render(many, "json"))
    assert data["counts"] == {"breaking": 3, "non-breaking": 1, "cosmetic": 0}
    assert data["changes"][0]["rule"] == "response-property-enum-value-added"
    assert render([]) == "no contract change\n"
