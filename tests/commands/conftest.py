"""One workspace with a few real revisions, shared (read-only) by the log, trace, diff and status tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.gitrepo import isolate_git
from tests.helpers.revision_fixtures import Workspace, make_workspace

ADOPT = "- POST /pets/{petId}/adopt — adopt a pet (Pet, no body)\n"
API = "## API\n\n### Manage pets\n"
FEED = API + "- POST /pets/{petId}/feed — feed a pet (Pet, no body)\n"


@pytest.fixture(scope="package")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """r1 initial 0.1.0 → r2 removes an operation (0.2.0) → r3 adds one (0.2.1) → r4 adds an
    optional field to the entity every operation uses (0.2.2). The tests only read it."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp)
        ws = make_workspace(tmp_path_factory.mktemp("history") / "ws")
        for old, new in [
            (ADOPT, ""),
            (API, FEED),
            ("- nickname: string\n", "- nickname: string\n- color: string\n"),
        ]:
            ws.edit(old, new)
            assert ws.build().status == "committed"
        yield ws
