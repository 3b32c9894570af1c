"""Every workspace path is spelled in one module, ``intentd.layout`` (issue 9, item 2)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from intentd import layout

PKG = Path(__file__).resolve().parent.parent / "daemon"
# A literal that is a workspace path: a file or folder under intent/, plan/, spec/ or
# .intentd/, the config file, or one of those folders joined with ``/`` onto a Path.
_PATH = re.compile(r"^(intent|plan|spec|\.intentd|prompts)(/[\w.-]*)+$|^(\.intentd|intentd\.yaml)$")
_FOLDERS = frozenset({"intent", "plan", "spec", ".intentd", "prompts"})


def _path_literals(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _PATH.match(node.value):
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and side.value in _FOLDERS:
                    found.append((side.lineno, f"/ {side.value!r}"))
    return found


def test_no_workspace_path_is_spelled_outside_layout() -> None:
    spelled = []
    for path in sorted(PKG.rglob("*.py")):
        if path == PKG / "layout.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, text in _path_literals(tree):
            spelled.append(f"{path.relative_to(PKG)}:{line}: {text}")
    assert not spelled, "spell these through intentd.layout:\n" + "\n".join(spelled)


def test_the_layout_is_consistent() -> None:
    assert set(layout.PLAN_FILES) | set(layout.SPEC_FILES) == set(layout.GENERATED)
    assert all(p.startswith(layout.PLAN_DIR + "/") for p in layout.PLAN_FILES)
    assert all(p.startswith(layout.SPEC_DIR + "/") for p in layout.SPEC_FILES)
    state = [v for k, v in vars(layout).items() if k.isupper() and isinstance(v, str)]
    private = [p for p in state if p.startswith(layout.STATE_DIR + "/")]
    assert len(private) == len(set(private)) >= 8
    assert _PATH.match(layout.HANDOFF) and not _PATH.match("plan/handoff.yaml is invalid")
