"""Differential test against Optic 1.0.9 on the contract pairs in tests/diffcases/.

Optic's verdicts are recorded in tests/diffcases/<name>/optic.json by
``bench/optic_differential.py run`` (Node and Optic are not needed here). Every case must
either agree on breaking vs not breaking or carry an explanation, and the report in
docs/diff-vs-optic.md must list every disagreement. With Optic installed in .tools/optic and
INTENTD_OPTIC_LIVE=1, a few cases are re-run live.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from intentd.diff import diff
from intentd.yamlio import loads
from tests.helpers import ROOT

CASES = sorted(p for p in (ROOT / "tests" / "diffcases").iterdir() if (p / "old.yaml").exists())
REPORT = ROOT / "docs" / "diff-vs-optic.md"
OPTIC = ROOT / ".tools" / "optic" / "node_modules" / ".bin" / "optic"


@functools.cache
def _ours(folder: Path) -> bool:
    old = loads((folder / "old.yaml").read_text(), str(folder / "old.yaml"))
    new = loads((folder / "new.yaml").read_text(), str(folder / "new.yaml"))
    return any(c.klass == "breaking" for c in diff(old, new))


def _recorded(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / "optic.json").read_text())
    assert isinstance(data, dict)
    return data


def test_enough_pairs() -> None:
    assert len(CASES) >= 20
    assert all((c / "optic.json").exists() for c in CASES), "run bench/optic_differential.py run"


def test_pairs_are_the_case_table() -> None:
    """Every case of tests/diff/table.py (issue 10's shapes included) is written out as it
    stands, so Optic judged exactly the pair the diff's own test checks."""
    from tests.diff.table import CASES as TABLE
    from tests.diff.table import pair
    from tests.diff.table_shapes import CASES as SHAPES

    assert {c.name for c in CASES} == set(TABLE)
    assert set(SHAPES) <= set(TABLE) and len(SHAPES) >= 40
    for name in sorted(TABLE):
        folder = ROOT / "tests" / "diffcases" / name
        old, new = pair(name)
        assert loads((folder / "old.yaml").read_text(), name) == old, name
        assert loads((folder / "new.yaml").read_text(), name) == new, name


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_agrees_with_optic_or_is_explained(folder: Path) -> None:
    optic = _recorded(folder)
    assert "error" not in optic, optic.get("error")
    if optic["breaking"] != _ours(folder):
        assert optic["explanation"], f"{folder.name}: unexplained disagreement with Optic"
        assert f"`{folder.name}`" in REPORT.read_text()


def test_report_counts_match() -> None:
    agree = sum(_recorded(c)["breaking"] == _ours(c) for c in CASES)
    assert f"**{agree} of {len(CASES)} pairs agree**" in REPORT.read_text()


@pytest.mark.parametrize(
    "name",
    [
        "response-enum-widened",
        "op-added",
        "operation-id-changed",
        "header-param-required-added",
        "header-param-name-case-changed",
        "one-object-wrapped",
    ],
)
def test_live_optic_matches_recording(name: str) -> None:
    """The recorded verdicts are what the real Optic says today (tools/install-tools.sh)."""
    assert OPTIC.exists(), f"{OPTIC} is missing; run `make tools` (bash tools/install-tools.sh)"
    sys.path.insert(0, str(ROOT / "bench"))
    from optic_differential import run_optic

    live = run_optic(ROOT / "tests" / "diffcases" / name)
    assert live["breaking"] == _recorded(ROOT / "tests" / "diffcases" / name)["breaking"]
