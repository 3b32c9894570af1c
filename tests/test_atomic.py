"""Atomic writes: whole files or nothing, no temp files left, crash leftovers cleaned."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from intentd import atomic


def _names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_write_atomic_creates_and_replaces_without_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "spec" / "openapi.yaml"
    atomic.write_atomic(target, b"first\n")
    atomic.write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert _names(target.parent) == ["openapi.yaml"]


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "run.sh"
    target.write_bytes(b"old")
    target.chmod(0o750)
    atomic.write_atomic(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o750


def test_failed_write_leaves_target_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"good")
    with pytest.raises(TypeError):
        atomic.write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"good" and _names(tmp_path) == ["a.yaml"]


def test_temp_names_are_recognised() -> None:
    tmp = atomic.temp_path(Path("spec/openapi.yaml"))
    assert tmp.parent == Path("spec") and tmp.name.startswith(".openapi.yaml.intentd-tmp-")
    assert atomic.is_temp_file(str(tmp))
    assert not atomic.is_temp_file("spec/openapi.yaml")
    assert not atomic.is_temp_file(".openapi.yaml.swp")


def test_write_files_renames_after_all_temps_and_reports_steps(tmp_path: Path) -> None:
    (tmp_path / "gone.json").write_bytes(b"x")
    steps: list[str] = []
    atomic.write_files(
        {tmp_path / "b.yaml": b"b", tmp_path / "a.yaml": b"a", tmp_path / "gone.json": None},
        steps.append,
    )
    assert steps == ["after-temp-write", "after-rename-1", "after-rename-2", "after-rename-3"]
    assert _names(tmp_path) == ["a.yaml", "b.yaml"]


def test_write_files_interrupted_by_an_exception_leaves_no_temp(tmp_path: Path) -> None:
    def stop(point: str) -> None:
        if point == "after-rename-1":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write_files({tmp_path / "a": b"new a", tmp_path / "b": b"new b"}, stop)
    assert _names(tmp_path) == ["a"]  # renamed before the interruption; b never written


_CRASH = """
import sys
from pathlib import Path
from intentd import atomic
from intentd.revision import journal
root = Path(sys.argv[1])
atomic.write_files({root / "spec/a.yaml": b"new a", root / "plan/b.yaml": b"new b"}, journal.fault)
"""


def test_crash_after_temp_write_then_cleanup(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec/a.yaml").write_bytes(b"old a")
    (tmp_path / ".git").mkdir()
    keep = tmp_path / ".git" / ".x.intentd-tmp-0123456789ab"  # never searched
    keep.write_bytes(b"")
    env = {**os.environ, "INTENTD_FAULT": "after-temp-write"}
    proc = subprocess.run([sys.executable, "-c", _CRASH, str(tmp_path)], env=env, check=False)
    assert proc.returncode == -9
    assert (tmp_path / "spec/a.yaml").read_bytes() == b"old a"
    assert not (tmp_path / "plan/b.yaml").exists()
    removed = atomic.cleanup_temp_files(tmp_path)
    assert sorted(p.parent.name for p in removed) == ["plan", "spec"]
    assert _names(tmp_path / "spec") == ["a.yaml"] and _names(tmp_path / "plan") == []
    assert keep.exists()
