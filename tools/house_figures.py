"""The package's shape in figures (issue 9): modules, sizes, complexity, import cycles.

Run ``python tools/house_figures.py [daemon]``; complexity comes from radon (a dev dependency),
the rest from ``ast``. The figures are the ones issue 9 is judged by, so the closing notes of
later sessions can compare like with like.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter, defaultdict
from pathlib import Path

from radon.complexity import cc_visit

LONG_MODULE = 550
LONG_FUNCTION = 60
COMPLEX = 20


def _modules(root: Path) -> dict[str, Path]:
    """Dotted module name (relative to the package) → file."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _functions(tree: ast.AST) -> list[tuple[str, int]]:
    """(qualified name, line count) of every function, nested ones included."""
    out: list[tuple[str, int]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                out.append((name, (child.end_lineno or child.lineno) - child.lineno + 1))
                walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")

    walk(tree, "")
    return out


def _imports(name: str, path: Path, tree: ast.AST, known: set[str]) -> set[str]:
    """Package-internal modules imported by module ``name`` (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = package.split(".") if package else []
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        target = ".".join([*base, *(node.module.split(".") if node.module else [])])
        for alias in node.names:
            sub = f"{target}.{alias.name}" if target else alias.name
            out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "daemon")
    modules = _modules(root)
    lines: dict[str, int] = {}
    functions: list[tuple[str, int]] = []
    blocks: list[tuple[str, int]] = []
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        lines[name] = len(text.splitlines())
        functions += [(f"{name}:{f}", n) for f, n in _functions(tree)]
        # cc_visit lists classes, functions and methods each once, as ``radon cc -a`` counts them
        blocks += [(f"{name}:{b.fullname}", b.complexity) for b in cc_visit(text)]
        graph[name] = _imports(name, path, tree, set(modules))
    per_package = Counter(
        (n.rpartition(".")[0] or "(top)") if modules[n].name != "__init__.py" else (n or "(top)")
        for n in modules
    )
    top = [n for n in modules if "." not in n and modules[n].parent == root]
    ccs = [c for _, c in blocks]
    longest_module = max(lines.items(), key=lambda kv: kv[1])
    longest_function = max(functions, key=lambda kv: kv[1])
    print(f"modules: {len(modules)} files, {sum(lines.values())} lines")
    print(f"modules directly in {root}/: {len(top)}")
    for package, count in sorted(per_package.items()):
        print(f"  {package}: {count}")
    over = sorted((n for n in lines if lines[n] > LONG_MODULE), key=lambda n: -lines[n])
    print(
        f"modules over {LONG_MODULE} lines: {len(over)}  "
        + ", ".join(f"{n} {lines[n]}" for n in over)
    )
    print(f"longest module: {longest_module[0]} ({longest_module[1]} lines)")
    print(f"longest function: {longest_function[0]} ({longest_function[1]} lines)")
    long_fns = sorted((f for f in functions if f[1] > LONG_FUNCTION), key=lambda f: -f[1])
    print(
        f"functions over {LONG_FUNCTION} lines: {len(long_fns)}  "
        + ", ".join(f"{n} {c}" for n, c in long_fns)
    )
    hot = sorted((b for b in blocks if b[1] > COMPLEX), key=lambda b: -b[1])
    print(f"blocks over complexity {COMPLEX}: {len(hot)}  " + ", ".join(f"{n} {c}" for n, c in hot))
    print(f"average complexity: {sum(ccs) / len(ccs):.2f} over {len(ccs)} blocks (radon cc -a)")
    cycles = _cycles(graph)
    print(f"import cycles: {len(cycles)}  " + "; ".join(" ↔ ".join(c) for c in cycles))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
