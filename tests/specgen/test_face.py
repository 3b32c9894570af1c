"""The package's face: a few names, and the import paths other modules use keep working."""

from __future__ import annotations

import intentd.specgen as specgen
from intentd.specgen import artifacts, compiler, emit, operations


def test_the_face_exports_what_it_names() -> None:
    assert sorted(specgen.__all__) == sorted(set(specgen.__all__))
    for name in specgen.__all__:
        assert getattr(specgen, name) is not None, name


def test_compiler_still_exports_the_emitters_and_operation_ids() -> None:
    # tests/golden.py, tests/consumers, tests/check and bench/ import these from the compiler
    assert compiler.emit_yaml is emit.emit_yaml is specgen.emit_yaml
    assert compiler.emit_json is emit.emit_json is specgen.emit_json
    assert compiler.operation_ids is operations.operation_ids is specgen.operation_ids
    assert compiler.compile_spec is specgen.compile_spec
    assert artifacts.spec_files is specgen.spec_files
    assert artifacts.build_artifacts is specgen.build_artifacts
