"""The hostile inputs, each a function writing itself into a workspace, and the workspace
they go into (a copy of one with revision r1 committed: tests/helpers/daemon_harness.py)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.daemon_harness import APP, INTENT, git

NEWLINE_NAME = "intent/rev\niews.md"


def laughs(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs": 9 levels of 9 aliases of the level before, 9**9 "lol"s written out."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def deep_list(n: int = 1000) -> str:
    return "[" * n + "]" * n


def deep_map(n: int = 1000) -> str:
    return "{a: " * n + "1" + "}" * n


def yaml_intent(body: str) -> bytes:
    """A YAML intent with a valid key first; ``body`` holds the hostile part (from line 2)."""
    return ("project_name: Petshop\n" + body).encode()


def front_matter(body: str) -> bytes:
    """intent/app.md with ``body`` added to its front matter (from line 4)."""
    return INTENT.format(note="Hostile.").replace("---\n#", body + "---\n#", 1).encode()


@dataclass(frozen=True)
class Case:
    """One row of the issue's table: how to plant it, and the message it must get."""

    name: str
    plant: Callable[[Path], None]
    message: str  # a regex over the output; it names the path (and the line, for YAML)
    commands: tuple[str, ...] = ("plan", "build")  # `plan` rewrites plan/, never reads it


def _write(rel: str, data: bytes) -> Callable[[Path], None]:
    def plant(ws: Path) -> None:
        (ws / rel).write_bytes(data)

    return plant


def _fifo(rel: str) -> Callable[[Path], None]:
    def plant(ws: Path) -> None:
        os.mkfifo(ws / rel)

    return plant


def _socket(ws: Path) -> None:
    # A socket's path must be short (108 bytes): bind from inside the folder.
    here = os.getcwd()
    os.chdir(ws / "intent")
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind("sock.md")
        sock.close()
    finally:
        os.chdir(here)


def _hand_edited_plan(ws: Path) -> None:
    path = ws / "plan/handoff.yaml"
    path.write_text(path.read_text() + f"extra: {deep_list()}\n")


LAUGHS = r"aliases expand to more than \d+ nodes and characters; write the values out"
DEEP = r"nested deeper than \d+ levels; flatten the structure"
NOT_REGULAR = r"a named pipe \(FIFO\), not a regular file; intent/ reads only regular files"

CASES = [
    Case(
        "laughs-yaml",
        _write("intent/extra.yaml", yaml_intent(laughs() + "notes: *a8\n")),
        r"intent/extra\.yaml:[3-9]: " + LAUGHS,
    ),
    Case(
        "laughs-front-matter",
        _write(APP, front_matter(laughs())),
        r"intent/app\.md:([4-9]|1[0-2]): " + LAUGHS,
    ),
    Case(
        "laughs-intentd-yaml",
        _write("intentd.yaml", ("quiet_period_ms: 200\n" + laughs()).encode()),
        r"intentd\.yaml:[3-9]: " + LAUGHS,
    ),
    Case(
        "deep-list-yaml",
        _write("intent/extra.yaml", yaml_intent(f"notes: {deep_list()}\n")),
        r"intent/extra\.yaml:2: " + DEEP,
    ),
    Case(
        "deep-map-yaml",
        _write("intent/extra.yaml", yaml_intent(f"notes: {deep_map()}\n")),
        r"intent/extra\.yaml:2: " + DEEP,
    ),
    Case(
        "deep-list-front-matter",
        _write(APP, front_matter(f"notes: {deep_list()}\n")),
        r"intent/app\.md:4: " + DEEP,
    ),
    Case(
        "deep-map-front-matter",
        _write(APP, front_matter(f"notes: {deep_map()}\n")),
        r"intent/app\.md:4: " + DEEP,
    ),
    Case(
        "deep-hand-edited-plan",
        _hand_edited_plan,
        r"plan/handoff\.yaml:\d+: " + DEEP,
        commands=("build",),
    ),
    Case("fifo-md", _fifo("intent/pipe.md"), r"intent/pipe\.md: " + NOT_REGULAR),
    Case("fifo-png", _fifo("intent/pipe.png"), r"intent/pipe\.png: " + NOT_REGULAR),
    Case("socket", _socket, r"intent/sock\.md: a socket, not a regular file"),
    Case(
        "newline-name",
        _write(NEWLINE_NAME, b"# Reviews\n\nMore.\n"),
        r"intent/rev\\niews\.md: the file name holds a line break, which git cannot commit; rename",
    ),
]


def outputs(ws: Path) -> dict[str, bytes]:
    """Every file under plan/ and spec/ with its bytes (what a refused run must not touch)."""
    out = {}
    for folder in ("plan", "spec"):
        for path in sorted((ws / folder).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(ws))] = path.read_bytes()
    return out


def committed_paths(ws: Path) -> set[str]:
    out = git(ws, "log", "--all", "-z", "--name-only", "--format=")
    return {p.strip("\n") for p in out.split("\0") if p.strip("\n")}
