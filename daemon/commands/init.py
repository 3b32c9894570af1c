"""``intentd init DIR``: a new workspace from the template that ships with intentd.

Copies the example intent, ``intentd.yaml``, ``.gitignore``, the workspace ``Makefile`` and the
CI workflow; runs ``git init`` if the folder is not in a repository; commits the scaffolding;
installs the hooks; and commits the first revision. Never overwrites anything that exists.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import git, layout, resources
from ..errors import Finding, IntentdError
from ..git import precommit as hooks
from ..revision import transaction as revision

_SKIP = {layout.STATE_DIR, "__pycache__", layout.PLAN_DIR, layout.SPEC_DIR}


@dataclass(frozen=True)
class InitResult:
    root: Path
    created_repo: bool
    files: list[str]
    hook: Path | None
    outcome: revision.Outcome


def _template_files() -> dict[str, bytes]:
    root = resources.template_dir()
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not (set(rel.parts) & _SKIP):
            files[rel.as_posix()] = path.read_bytes()
    return files


def init(target: Path, *, install_hooks: bool = True) -> InitResult:
    root = target.resolve()
    files = _template_files()
    clashes = sorted(p for p in files if (root / p).exists())
    intent_dir = layout.INTENT_DIR
    if (root / intent_dir).exists() and intent_dir not in {p.split("/")[0] for p in clashes}:
        clashes.append(intent_dir + "/")
    if clashes:
        raise IntentdError(
            f"{root}: already holds a workspace",
            tuple(
                Finding(str(root / p), "exists; intentd init never overwrites — pick a new folder")
                for p in clashes[:10]
            ),
        )
    root.mkdir(parents=True, exist_ok=True)
    created = False
    if not git.is_repo(root):
        git.init_repo(root)
        created = True
    for rel, data in files.items():
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    scaffolding = {p: d for p, d in files.items() if not p.startswith(layout.INTENT_DIR + "/")}
    git.commit_files(
        root,
        scaffolding,
        "intentd init: workspace scaffolding\n\nintentd.yaml, .gitignore, "
        "Makefile and the CI workflow, from intentd's workspace template.\n",
    )
    hook = hooks.install(root) if install_hooks else None
    outcome = revision.build(root)
    return InitResult(root, created, sorted(files), hook, outcome)


def run(args: argparse.Namespace) -> int:
    result = init(Path(args.dir), install_hooks=not args.no_hooks)
    print(f"{result.root}: new intentd workspace ({len(result.files)} files)")
    if result.created_repo:
        print("  git: initialised a new repository")
    if result.hook is not None:
        print(f"  hook: {result.hook}")
    print(f"  {result.outcome.message}")
    if result.outcome.failure is not None:
        for f in result.outcome.failure.findings:
            print(Finding(f.location, f.message, f.severity).render(), file=sys.stderr)
        return 1
    app = result.root / layout.INTENT_DIR / "app.md"
    print(f"next: edit {app} and run `intentd watch {result.root}`")
    return 0
