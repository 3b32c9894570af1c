"""Reading ``intent/`` from disk (``intentd.intent.reader``): the one walk and its findings.

The user-facing messages of whole bad workspaces live in tests/bad (tests/planner/test_bad_inputs.py);
these pin the walk itself: what it yields, in which order, and what it never follows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from intentd.errors import IntentError
from intentd.intent.reader import read_bundle, walk

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    intent = ws / "intent"
    (intent / "sub").mkdir(parents=True)
    (intent / "app.md").write_text("# App\n")
    (intent / "sub" / "api.yaml").write_text("a: 1\n")
    (intent / "a.yml").write_text("b: 2\n")
    for skipped in ("4913", ".app.md.swp", "notes.txt", "app.md~"):
        (intent / skipped).write_text("x")
    (intent / ".drafts").mkdir()
    (intent / ".drafts" / "old.md").write_text("# Old\n")
    return ws


def _messages(ws: Path, **limits: int) -> list[str]:
    with pytest.raises(IntentError) as caught:
        read_bundle(ws, **limits)
    return [f.render() for f in caught.value.findings]


def test_walk_yields_intent_files_in_a_stable_order(ws: Path) -> None:
    entries = list(walk(ws))
    assert [e.rel for e in entries] == ["intent/a.yml", "intent/app.md", "intent/sub/api.yaml"]
    assert all(e.decodable and not e.linked_dir for e in entries)
    assert [f.path for f in read_bundle(ws).files] == [e.rel for e in entries]


def test_walk_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list(walk(tmp_path)) == []
    assert _messages(tmp_path) == ["intent/: no intent/ folder; create it and write intent/app.md"]


def test_walk_never_follows_a_linked_folder(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "more.md").write_text("# More\n")
    (ws / "intent" / "linked").symlink_to(outside)
    linked = [e for e in walk(ws) if e.linked_dir]
    assert [e.rel for e in linked] == ["intent/linked"]
    assert all("more.md" not in e.rel for e in walk(ws))
    assert _messages(ws) == [
        f"intent/linked: symlink leaves the workspace (→ {outside.resolve()}); "
        "copy the file in instead"
    ]


def test_every_problem_is_reported_together_in_walk_order(ws: Path) -> None:
    (ws / "intent" / "broken.md").symlink_to(ws / "nowhere.md")
    (ws / "intent" / "sub" / "big.md").write_text("x" * 200)
    (ws / "intent" / "wire.png").write_bytes(PNG)
    with open(os.path.join(os.fsencode(ws / "intent"), b"\xff.md"), "wb") as fh:
        fh.write(b"# odd\n")
    assert _messages(ws, max_text_bytes=100, max_image_bytes=50) == [
        "intent/broken.md: broken symlink; point it at a file inside the workspace",
        "intent/wire.png: file is 108 bytes, over the 50-byte limit; split it up",
        "intent/\ufffd.md: the file name is not valid UTF-8; rename the file",
        "intent/sub/big.md: file is 200 bytes, over the 100-byte limit; split it up",
    ]


def test_a_link_inside_the_workspace_is_read_through(ws: Path) -> None:
    (ws / "intent" / "copy.md").symlink_to(ws / "intent" / "app.md")
    bundle = read_bundle(ws)
    copy = next(f for f in bundle.files if f.path == "intent/copy.md")
    assert copy.text == "# App\n"


def test_only_skipped_files_is_empty(tmp_path: Path) -> None:
    (tmp_path / "intent").mkdir()
    (tmp_path / "intent" / "4913").write_text("")
    assert _messages(tmp_path) == [
        "intent/: no intent files (*.md, *.yaml, images); write intent/app.md to start"
    ]


# -- only regular files, only names git can take (issue 11) -------------------------------------


def test_special_files_are_refused_by_name_without_blocking(ws: Path) -> None:
    intent = ws / "intent"
    os.mkfifo(intent / "pipe.md")
    os.mkfifo(intent / "sub" / "pipe.png")
    (intent / "to-pipe.md").symlink_to("pipe.md")  # a link inside the workspace to a FIFO
    assert _messages(ws) == [
        "intent/pipe.md: a named pipe (FIFO), not a regular file; intent/ reads only regular "
        "files: remove it or save a file in its place",
        "intent/to-pipe.md: a named pipe (FIFO), not a regular file; intent/ reads only regular "
        "files: remove it or save a file in its place",
        "intent/sub/pipe.png: a named pipe (FIFO), not a regular file; intent/ reads only "
        "regular files: remove it or save a file in its place",
    ]


def test_a_file_swapped_for_a_fifo_after_the_check_does_not_block(ws: Path) -> None:
    from intentd.intent.reader import NotRegular, open_regular

    os.mkfifo(ws / "intent" / "late.md")
    with pytest.raises(NotRegular) as caught:
        open_regular(ws / "intent" / "late.md")
    assert caught.value.kind == "a named pipe (FIFO)"


@pytest.mark.parametrize(
    ("name", "shown", "what"),
    [
        ("rev\niews.md", "rev\\niews.md", "a line break"),
        ("tab\tbed.md", "tab\\tbed.md", "a tab"),
        ("back\\slash.md", "back\\\\slash.md", "a backslash"),
        ("bell\x07.md", "bell\\x07.md", "the control character U+0007"),
    ],
)
def test_names_git_cannot_take_are_refused(ws: Path, name: str, shown: str, what: str) -> None:
    (ws / "intent" / name).write_text("# More\n")
    assert _messages(ws) == [
        f"intent/{shown}: the file name holds {what}, which git cannot commit; rename the file"
    ]
