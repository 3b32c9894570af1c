"""A small workspace in a real temp git repository, for the revision transaction's tests.

``PETSHOP`` is a short intent in the offline planner's convention (one feature, one entity,
two explicit endpoints, one of them deprecated) whose edits exercise every bump rule.
:func:`make_workspace` writes it, ``git init``s and optionally builds revision 1;
:class:`Workspace` wraps the folder with the queries the tests assert on.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from intentd.revision import transaction as revision

PETSHOP = """---
project_name: Petshop
intent_id: petshop
{pin}---
# Petshop

A small pet shop.

## Features

### Manage pets {{#pets}} (must, M)
Shop staff keep the list of pets.
Manages: Pet
Access: public
- A pet can be listed

## Entities

### Pet
- name: string, required — the pet's name
- species: enum(cat, dog, bird), required
- age: integer
- nickname: string
- rating: number, server-set

## API

### Manage pets
- POST /pets/{{petId}}/adopt — adopt a pet (Pet, no body)
- POST /pets/{{petId}}/groom — groom a pet (Pet, no body, deprecated)

## Goals

- Happy pets — metric: 90% adopted
"""

APP = "intent/app.md"
GENERATED = revision.generated_paths()


def petshop(pin: str | None = None) -> str:
    return PETSHOP.format(pin=f"version: {pin}\n" if pin else "")


class Workspace:
    """A workspace folder that is also the top of a git repository."""

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- git
    def git(self, *args: str, check: bool = True, input: bytes | None = None) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.path, input=input, capture_output=True, check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {proc.returncode}\n{proc.stderr!r}")
        return proc.stdout.decode()

    def head(self) -> str | None:
        out = self.git("rev-parse", "-q", "--verify", "HEAD", check=False).strip()
        return out or None

    def trailers(self, rev: str = "HEAD") -> dict[str, str]:
        """What `git log --format=%(trailers)` shows, as a dict."""
        out = self.git("log", "-1", "--format=%(trailers:only,unfold)", rev)
        pairs = (line.split(": ", 1) for line in out.splitlines() if ": " in line)
        return {k: v for k, v in pairs}

    def tags(self) -> dict[str, str]:
        """Tag name → the commit it points at."""
        out = self.git("for-each-ref", "--format=%(refname:short) %(objectname)^{}", "refs/tags")
        found = {}
        for line in out.splitlines():
            name, _ = line.split(" ", 1)
            found[name] = self.git("rev-parse", f"{name}^{{commit}}").strip()
        return found

    def note(self, rev: str = "HEAD") -> dict[str, str] | None:
        proc = subprocess.run(
            ["git", "notes", "--ref=intentd", "show", rev], cwd=self.path, capture_output=True
        )
        return json.loads(proc.stdout) if proc.returncode == 0 else None

    def count(self) -> int:
        return int(self.git("rev-list", "--count", "HEAD").strip() or 0)

    def staged(self) -> list[str]:
        return self.git("diff", "--cached", "--name-only").split()

    def in_commit(self, rev: str = "HEAD") -> list[str]:
        return self.git("show", "--format=", "--name-only", rev).split()

    def show(self, spec: str) -> bytes:
        return subprocess.run(
            ["git", "show", spec], cwd=self.path, capture_output=True, check=True
        ).stdout

    def dirty(self, *under: str) -> list[str]:
        """`git status --porcelain` lines under the given folders (untracked included)."""
        out = self.git("status", "--porcelain", "--untracked-files=all", "--", *under)
        return out.splitlines()

    # -- files
    def read(self, rel: str = APP) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode() if isinstance(text, str) else text)

    def edit(self, old: str, new: str, rel: str = APP) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def generated(self) -> dict[str, bytes | None]:
        """Every generated file's bytes (None: absent)."""
        return {
            p: (self.path / p).read_bytes() if (self.path / p).is_file() else None
            for p in GENERATED
        }

    def contract(self) -> dict[str, object]:
        data = json.loads((self.path / "spec/openapi.json").read_bytes())
        assert isinstance(data, dict)
        return data

    def build(self, **options: object) -> revision.Outcome:
        return revision.build(self.path, revision.Options(**options))  # type: ignore[arg-type]


def make_workspace(path: Path, text: str | None = None, *, build: bool = True) -> Workspace:
    """A git repository at ``path`` holding the Petshop intent; revision 1 built if asked."""
    path.mkdir(parents=True, exist_ok=True)
    ws = Workspace(path)
    ws.git("init", "-q", "-b", "main")
    ws.git("config", "user.name", "Test Person")
    ws.git("config", "user.email", "person@example.com")
    ws.write(".gitignore", ".intentd/\n")
    ws.git("add", ".gitignore")
    ws.git("commit", "-q", "-m", "initial")
    ws.write(APP, text if text is not None else petshop())
    if build:
        outcome = ws.build()
        assert outcome.status == "committed", outcome.message
    return ws


def clone_workspace(src: Workspace, dest: Path) -> Workspace:
    """A byte-for-byte copy of a workspace and its repository (cheaper than rebuilding r1)."""
    shutil.copytree(src.path, dest, symlinks=True)
    return Workspace(dest)
