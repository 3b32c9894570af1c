"""Bad inputs beside their exact user-facing message: ``tests/bad/<name>/expected.txt``.

Each case runs the real edges: ``config.load`` (``intentd.yaml`` when the case has one),
``read_bundle`` with the configured limits, then the offline planner. The error printed to
the person (``str(error)``, one ``path:line: message`` per line) must match exactly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intentd import config
from intentd.errors import IntentdError
from intentd.intent import read_bundle
from intentd.planner.offline.planner import OfflinePlanner
from tests.helpers import TESTS

BAD = TESTS / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.txt").exists())


def run_case(src: Path, tmp: Path) -> str:
    """Copy the case to ``tmp`` and return the message intentd prints for it."""
    ws = tmp / "ws"
    shutil.copytree(src, ws, symlinks=True)
    outside = tmp / "outside.md"
    if src.name == "symlink-out":
        # A symlink cannot live in git portably; it is made here, pointing out of the workspace.
        outside.write_text("# Elsewhere\n", encoding="utf-8")
        (ws / "intent" / "notes.md").symlink_to(outside)
    with pytest.raises(IntentdError) as caught:
        cfg = config.load(ws)
        bundle = read_bundle(
            ws, max_text_bytes=cfg.max_file_bytes, max_image_bytes=cfg.max_image_bytes
        )
        OfflinePlanner().plan(bundle, None, ())
    return str(caught.value).replace(str(outside.resolve()), "{outside}") + "\n"


def test_there_are_enough_bad_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gives_its_exact_message(name: str, tmp_path: Path) -> None:
    expected = (BAD / name / "expected.txt").read_text(encoding="utf-8")
    assert run_case(BAD / name, tmp_path) == expected


@pytest.mark.parametrize("name", CASES)
def test_every_finding_names_a_place(name: str, tmp_path: Path) -> None:
    for line in run_case(BAD / name, tmp_path).splitlines():
        where = line.split(": ", 1)[0]
        assert where.startswith(("intent", "intentd.yaml")), line
