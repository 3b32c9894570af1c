"""The package follows the flow (issue 9): pure stages do no I/O, imports only point down.

One walk over ``daemon/`` with ``ast`` replaces the per-stage purity tests that were copied
into three test modules. A stage is *pure* when it is a function of values: no files, no
processes, no clock, no git, no watcher, no model. The shell (``intent`` reading, ``git``,
``revision``, ``watch``, ``commands``, ``cli``) is where those live.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "daemon"

# Each top-level module or subpackage, by its place in one revision's flow. A module may import
# from its own subpackage or from anything ranked lower, never higher: the flow only points down.
RANK = {
    "": 0,  # intentd/__init__.py: the version
    "errors": 0,
    "compat": 0,
    "layout": 0,
    "resources": 0,
    "yamlbounds": 1,
    "yamlio": 1,
    "atomic": 1,
    "config": 2,
    "workspace": 3,
    "intent": 4,
    "handoff": 5,
    "planner": 6,
    "openapi": 6,
    "specgen": 7,
    "check": 8,
    "diff": 8,
    "git": 9,
    "revision": 10,
    "watch": 11,
    "commands": 12,
    "cli": 13,
    "__main__": 14,
}

# The pure stages (and the pure half of the watcher, like watchfiles' filters.py).
PURE = (
    "handoff",
    "planner",
    "openapi",
    "specgen",
    "check",
    "diff",
    "watch.filters",
)
# The model planner is the one planner that talks to the network (through the openai SDK).
EDGES = ("planner.llm",)
IO_MODULES = frozenset(
    {
        "os",
        "io",
        "pathlib",
        "shutil",
        "tempfile",
        "subprocess",
        "socket",
        "signal",
        "threading",
        "time",
        "datetime",
        "random",
        "git",
        "watchfiles",
        "openai",
        "httpx",
    }
)
SHELL = (
    "intent.reader",
    "intent.snapshot",
    "git",
    "revision",
    "watch",
    "commands",
    "cli",
    "atomic",
)


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PKG.rglob("*.py")):
        parts = path.relative_to(PKG).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _names() -> set[str]:
    return set(MODULES)


def _package_of(name: str, path: Path) -> list[str]:
    parts = name.split(".") if name else []
    return parts if path.name == "__init__.py" else parts[:-1]


def _imports(name: str, path: Path) -> Iterator[tuple[int, str, bool]]:
    """(line, imported module, is_internal) for every import in the module, lazy ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, False
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.lineno, node.module or "", False
                continue
            base = _package_of(name, path)
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            target = [*base, *(node.module.split(".") if node.module else [])]
            if node.module:
                yield node.lineno, ".".join(target), True
            else:  # from . import a, b: each name is a module, or a name the package defines
                for alias in node.names:
                    sub = ".".join([*target, alias.name])
                    yield node.lineno, sub if sub in _names() else ".".join(target), True


def _area(module: str) -> str:
    return module.split(".")[0] if module else ""


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


MODULES = dict(_modules())


def test_every_area_has_a_rank() -> None:
    unranked = sorted({_area(m) for m in MODULES} - set(RANK))
    assert not unranked, f"give these a place in the flow (RANK): {unranked}"


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if _within(m, PURE) and not _within(m, EDGES))
)
def test_pure_stages_do_no_io(module: str) -> None:
    bad = [
        f"line {line}: {target}"
        for line, target, internal in _imports(module, MODULES[module])
        if (not internal and target.split(".")[0] in IO_MODULES)
        or (internal and _within(target, SHELL))
    ]
    assert not bad, f"{module} is a pure stage but imports {bad}"


def _graph() -> dict[str, set[str]]:
    """Module → the package modules it imports (a name imported from a module: that module)."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = set()
        for _, target, internal in _imports(module, path):
            while internal and target and target not in MODULES:
                target = target.rpartition(".")[0]
            if internal and target != module and target in MODULES:
                targets.add(target)
        graph[module] = targets
    return graph


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if _within(m, PURE) and not _within(m, EDGES))
)
def test_pure_stages_do_not_reach_the_shell(module: str) -> None:
    """Not even through a package face: importing ``intent`` loads ``intent.reader``."""
    graph, seen, todo = _graph(), {module}, [module]
    while todo:
        for nxt in sorted(graph[todo.pop()] - seen):
            assert not _within(nxt, SHELL), f"{module} reaches the shell module {nxt}"
            seen.add(nxt)
            todo.append(nxt)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_flow(module: str) -> None:
    mine = _area(module)
    up = [
        f"line {line}: {target}"
        for line, target, internal in _imports(module, MODULES[module])
        if internal and _area(target) != mine and RANK[_area(target)] > RANK[mine]
    ]
    assert not up, f"{module} (rank {RANK[mine]}) imports up the flow: {up}"


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package importing its own submodules to re-export them is a face, not a cycle.
    for module in graph:
        graph[module] = {t for t in graph[module] if not t.startswith(module + ".")}
    seen: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                return [*trail, node, nxt]
            if nxt not in seen and (found := visit(nxt, [*trail, node])):
                return found
        seen[node] = 2
        return None

    for start in sorted(graph):
        if start not in seen and (cycle := visit(start, [])):
            pytest.fail("import cycle: " + " → ".join(cycle))


LONG_FUNCTION = 60
COMPLEX = 15
_WHY = "# why long:"  # a comment right above a def that must stay long or complex says why


def _excused(lines: list[str], lineno: int) -> bool:
    above = lines[lineno - 2].strip() if lineno >= 2 else ""
    return above.startswith(_WHY)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_stay_short_and_simple(module: str) -> None:
    """Issue 9 item 4: no function over ~60 lines or complexity over ~15 unless it says why."""
    from radon.complexity import cc_visit

    text = MODULES[module].read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    too_long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno
        and node.end_lineno - node.lineno + 1 > LONG_FUNCTION
        and not _excused(lines, node.lineno)
    ]
    too_complex = [
        f"{block.fullname} (complexity {block.complexity}, line {block.lineno})"
        for block in cc_visit(text)
        if block.complexity > COMPLEX and not _excused(lines, block.lineno)
    ]
    assert not too_long + too_complex, (
        f"{module}: split these into functions of one job, or say `{_WHY} …` above: "
        + "; ".join(too_long + too_complex)
    )
